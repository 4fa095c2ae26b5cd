from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The home page's children that editors marked "Show in menus"."""
    request = context.get("request")
    current = context.get("page")
    site = Site.find_for_request(request) if request else None
    items = []
    if site is not None:
        root = site.root_page
        current_path = current.path if isinstance(current, Page) else ""
        for child in root.get_children().live().in_menu().specific(defer=True):
            items.append(
                {
                    "title": child.title,
                    "url": child.get_url(request=request),
                    "is_current": current_path == child.path,
                    "is_ancestor": bool(current_path) and current_path.startswith(child.path),
                }
            )
    return {"items": items, "request": request}
