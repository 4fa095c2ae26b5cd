from django import template
from wagtail.models import Page, Site

from contact.models import ContactPage

register = template.Library()

_NOT_LOOKED_UP = object()


@register.simple_tag(takes_context=True)
def contact_page_link(context):
    """The live contact page's URL, for the header's call to action; None when there is none.

    Looked up once per request (one query), however often the header is drawn.
    """
    request = context.get("request")
    if request is None:
        return None
    link = getattr(request, "_contact_page_link", _NOT_LOOKED_UP)
    if link is _NOT_LOOKED_UP:
        link = None
        site = Site.find_for_request(request)
        if site is not None:
            contact_page = ContactPage.objects.live().in_site(site).first()
            if contact_page is not None:
                link = {"page_id": contact_page.pk, "url": contact_page.get_url(request)}
        request._contact_page_link = link
    if link is None:
        return None
    current = context.get("page")
    return {**link, "is_current": isinstance(current, Page) and current.pk == link["page_id"]}
