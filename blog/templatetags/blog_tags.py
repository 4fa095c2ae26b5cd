from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from blog.models import ArticlePage, BlogIndexPage
from practice.page_tree import PageTree

register = template.Library()


def live_blog_index(context):
    """The live blog index: the page itself when it is the blog, else the home page's child."""
    page = context.get("page")
    if isinstance(page, BlogIndexPage) and page.live:
        return page
    request = context.get("request")
    tree = PageTree.for_request(request) if request is not None else None
    return tree.live_child_of_type(BlogIndexPage) if tree else None


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
    feeds = BlogIndexPage.get_resolver()  # The blog's own routes (the page may be a plain Page).
    return format_html(
        '<link rel="alternate" type="application/rss+xml" title="{}" href="{}">\n'
        '    <link rel="alternate" type="application/atom+xml" title="{}" href="{}">',
        _("%(title)s (RSS)") % {"title": title},
        blog_url + feeds.reverse("rss_feed"),
        _("%(title)s (Atom)") % {"title": title},
        blog_url + feeds.reverse("atom_feed"),
    )


@register.inclusion_tag("blog/components/latest_articles.html", takes_context=True)
def latest_articles(context, count: int = 3):
    """The newest articles and a link to all of them, for the home page."""
    blog_index = live_blog_index(context)
    articles = (
        list(ArticlePage.objects.published_under(blog_index).for_cards().with_card_crops()[:count])
        if blog_index
        else []
    )
    return {
        "request": context.get("request"),
        "blog_index": blog_index,
        "articles": articles,
    }
