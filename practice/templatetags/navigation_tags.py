from django import template
from wagtail.models import Page

from practice.page_tree import PageTree

register = template.Library()


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The home page's children that editors marked "Show in menus"."""
    request = context.get("request")
    current = context.get("page")
    tree = PageTree.for_request(request) if request else None
    current_path = current.path if isinstance(current, Page) else ""
    items = [
        {
            "title": child.title,
            "url": child.get_url(request=request),
            "is_current": current_path == child.path,
            "is_ancestor": bool(current_path) and current_path.startswith(child.path),
        }
        for child in (tree.menu() if tree else [])
    ]
    return {"items": items, "request": request}
