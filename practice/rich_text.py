"""Links to pages in rich text, resolved from the page tree the request already read.

Wagtail's own handler loads every linked page in its specific form (two queries per piece of
rich text) only to ask for its address. The address is the page's `url_path` under its site,
known from the plain page: linked pages in the request's page tree (the contact page, the blog,
the pages in the menu) need no query at all, others one for all of them. None of this site's
page models changes how its address is built, which is what the specific form would be for.
"""

from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from .page_tree import PageTree


class TreePageLinkHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list[Page | None]:
        ids = [_as_id(attrs.get("id")) for attrs in attrs_list]
        tree = PageTree.current()
        pages = dict(tree.by_id) if tree else {}
        missing = [page_id for page_id in ids if page_id is not None and page_id not in pages]
        if missing:
            pages.update(Page.objects.defer_streamfields().in_bulk(missing))
        return [pages.get(page_id) for page_id in ids]


def _as_id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
