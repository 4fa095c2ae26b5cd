from django import template
from wagtail.models import Page

from contact.models import ContactPage
from practice.page_tree import PageTree

register = template.Library()


@register.simple_tag(takes_context=True)
def contact_page_link(context):
    """The live contact page's URL, for the header's call to action; None when there is none."""
    request = context.get("request")
    tree = PageTree.for_request(request) if request is not None else None
    contact_page = tree.live_child_of_type(ContactPage) if tree else None
    if contact_page is None:
        return None
    current = context.get("page")
    return {
        "page_id": contact_page.pk,
        "url": contact_page.get_url(request),
        "is_current": isinstance(current, Page) and current.pk == contact_page.pk,
    }
