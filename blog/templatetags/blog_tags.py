from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from blog.models import BlogIndexPage

register = template.Library()


_NOT_LOOKED_UP = object()


def live_blog_index(context) -> BlogIndexPage | None:
    """The live blog index: the one the page has at hand (itself, or an article's parent), else
    looked up once per request, however many tags ask."""
    for candidate in (context.get("page"), context.get("blog_index")):
        if isinstance(candidate, BlogIndexPage) and candidate.live:
            return candidate
    request = context.get("request")
    blog_index = getattr(request, "_live_blog_index", _NOT_LOOKED_UP)
    if blog_index is _NOT_LOOKED_UP:
        blog_index = BlogIndexPage.objects.live().first()
        if request is not None:
            request._live_blog_index = blog_index
    return blog_index


@register.simple_tag(takes_context=True)
def blog_feed_links(context) -> str:
    """<link rel="alternate"> for the article feeds, so browsers and readers find them."""
    request = context.get("request")
    if request is None:
        return ""
    blog_index = live_blog_index(context)
    if blog_index is None:
        return ""
    blog_url = blog_index.get_url(request)
    if blog_url is None:
        return ""
    title = blog_index.title
    return format_html(
        '<link rel="alternate" type="application/rss+xml" title="{}" href="{}">\n'
        '    <link rel="alternate" type="application/atom+xml" title="{}" href="{}">',
        _("%(title)s (RSS)") % {"title": title},
        blog_url + blog_index.reverse_subpage("rss_feed"),
        _("%(title)s (Atom)") % {"title": title},
        blog_url + blog_index.reverse_subpage("atom_feed"),
    )


@register.inclusion_tag("blog/components/latest_articles.html", takes_context=True)
def latest_articles(context, count: int = 3):
    """The newest articles and a link to all of them, for the home page."""
    blog_index = live_blog_index(context)
    articles = list(blog_index.articles().for_listing()[:count]) if blog_index else []
    return {
        "request": context.get("request"),
        "blog_index": blog_index,
        "articles": articles,
    }
