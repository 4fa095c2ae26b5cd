"""The part of Wagtail's page tree one request needs, read in one query, and pages served from it.

Wagtail's own serving finds a page with two queries per level of the tree (the child by its slug,
then its specific model), and every header, footer, breadcrumb trail and rich-text link then asks
the tree again (the menu, the contact page, the blog, the page's ancestors, the linked pages). Here
one query reads the site's home page's children and the pages on the requested address; routing
walks them as Wagtail's `route` would, loads the answering page's specific model once (with what
its template shows, see `serve_select_related`) and hands it to the page's own `route()` for the
rest; the templates and the links in rich text read the same pages.

The tree lives as long as its request: `PageTree.for_request()` gives it to templates, and
`PageTree.current()` to code that has no request at hand (rich-text link handlers).
"""

from contextvars import ContextVar

from django.core.signals import request_finished
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.urls import Resolver404
from wagtail import hooks
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction, Site

_current: ContextVar["PageTree | None"] = ContextVar("page_tree", default=None)


class PageTree:
    """A site's home page, its children (live or not), and the pages on one address below it."""

    def __init__(self, request, site: Site, path_components: list[str] = ()):
        self.request = request
        self.site = site
        self.home = site.root_page
        self.path_components = list(path_components)
        self.address_paths = [
            self.home.url_path + "".join(f"{component}/" for component in path_components[:n])
            for n in range(1, len(path_components) + 1)
        ]
        pages = (
            Page.objects.filter(
                Q(path__startswith=self.home.path, depth=self.home.depth + 1)
                | Q(path__startswith=self.home.path, url_path__in=self.address_paths)
                # The home page and the pages above it, for their view restrictions.
                | Q(path__in=ancestor_paths(self.home, inclusive=True))
            )
            .annotate(
                view_restricted=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk")))
            )
            .order_by("path")
        )
        self.by_path = {page.path: page for page in pages}
        self.pages = [page for page in self.by_path.values() if page.depth > self.home.depth]
        self.home_children = [page for page in self.pages if page.depth == self.home.depth + 1]
        self.by_url_path = {page.url_path: page for page in self.pages}
        self.by_id = {page.pk: page for page in self.by_path.values()}
        _current.set(self)

    @classmethod
    def for_request(cls, request) -> "PageTree | None":
        """The tree serve() read for this request, else one with the home page's children."""
        tree = _current.get()
        if tree is not None and tree.request is request:
            return tree
        site = Site.find_for_request(request)
        return cls(request, site) if site is not None else None

    @staticmethod
    def current() -> "PageTree | None":
        """The tree of the request being answered, if one was read."""
        return _current.get()

    def live_child_of_type(self, model) -> Page | None:
        """The first live child of the home page of `model` (the contact page, the blog)."""
        for page in self.home_children:
            if page.live and issubclass(page.specific_class or Page, model):
                return page
        return None

    def menu(self) -> list[Page]:
        return [page for page in self.home_children if page.live and page.show_in_menus]

    def ancestors_of(self, page: Page) -> list[Page] | None:
        """The page's ancestors from the home page down, if the tree holds all of them."""
        if not page.path.startswith(self.home.path):
            return None
        ancestors = [self.by_path.get(path) for path in ancestor_paths(page)]
        ancestors = ancestors[self.home.depth - 1 :]
        return None if None in ancestors else ancestors

    def shows_no_view_restriction_on(self, page: Page) -> bool:
        """Whether the tree holds the page and every page above it, and none of them is an alias
        or has a view restriction: then Wagtail's check would find none, and needs no query."""
        held = self.by_path.get(page.path)
        if held is None or held.pk != page.pk:
            return False
        on_the_way = [self.by_path.get(path) for path in ancestor_paths(page, inclusive=True)]
        return all(
            known is not None and known.alias_of_id is None and not known.view_restricted
            for known in on_the_way
        )

    def route(self, request):
        """Route the tree's address as Wagtail's Page.route would, from the home page down."""
        answering, consumed = self.home, 0
        for depth, url_path in enumerate(self.address_paths, start=1):
            remaining = self.path_components[consumed:]
            if answering.live and takes_address(answering.specific_class, remaining):
                break  # A routable page's own routes come before its children.
            child = self.by_url_path.get(url_path)
            if child is None:
                break
            answering, consumed = child, depth
        model = answering.specific_class
        if model is None:
            raise Http404
        related = getattr(model, "serve_select_related", ())
        page = model.objects.select_related(*related).get(pk=answering.pk)
        return page.route(request, self.path_components[consumed:])


def ancestor_paths(page: Page, *, inclusive: bool = False) -> list[str]:
    """The tree paths of the page's ancestors (treebeard's materialised path), from the root."""
    ends = range(page.steplen, len(page.path) + (page.steplen if inclusive else 0), page.steplen)
    return [page.path[:end] for end in ends]


def takes_address(model, path_components: list[str]) -> bool:
    """Whether a routable page model has a route of its own for these path components."""
    if not path_components or not issubclass(model or Page, RoutablePageMixin):
        return False
    try:
        model.get_resolver().resolve("/" + "".join(f"{part}/" for part in path_components))
    except Resolver404:
        return False
    return True


def serve(request, path: str):
    """wagtail.views.serve, with the page found through one PageTree."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    tree = PageTree(request, site, [component for component in path.split("/") if component])
    page, args, kwargs = tree.route(request)

    def serve_chain(page, request, args, kwargs):
        return page.serve(request, *args, **kwargs)

    on_serve_chain = serve_chain
    for hook in reversed(hooks.get_hooks("on_serve_page")):
        on_serve_chain = hook(on_serve_chain)
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return on_serve_chain(page, request, args, kwargs)


def _forget_the_tree(**kwargs):
    _current.set(None)


# A worker answers one request after another: no request may see the tree of the one before.
request_finished.connect(_forget_the_tree, dispatch_uid="page_tree_forget")
