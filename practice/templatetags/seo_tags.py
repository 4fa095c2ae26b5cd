from django import template
from wagtail.models import Page

from practice import seo
from practice.models import PracticeSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def seo_title(context) -> str:
    """The <title>: "Page – qualifier | Practice"."""
    request = context.get("request")
    practice_name = PracticeSettings.for_request(request).practice_name if request else ""
    page = context.get("page")
    heading = (
        seo.page_heading(page)
        if isinstance(page, Page)
        else str(context.get("seo_title") or practice_name)
    )
    return seo.document_title(heading, practice_name, str(context.get("seo_qualifier") or ""))


@register.simple_tag(takes_context=True)
def page_seo(context) -> seo.PageSeo | None:
    """Everything components/seo.html prints; nothing outside a request."""
    if context.get("request") is None:
        return None
    return seo.page_seo(context)
