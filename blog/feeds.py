"""RSS 2.0 and Atom feeds of the newest articles, served by the blog index page."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from practice.models import PracticeSettings

from .models import ArticlePage, BlogIndexPage


class ArticlesRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, blog_index: BlogIndexPage):
        self.request = request
        self.practice_name = PracticeSettings.for_request(request).practice_name
        return blog_index

    def title(self, blog_index: BlogIndexPage) -> str:
        if self.practice_name:
            return f"{blog_index.title} | {self.practice_name}"
        return blog_index.title

    def link(self, blog_index: BlogIndexPage) -> str:
        return blog_index.get_full_url(self.request)

    def feed_url(self, blog_index: BlogIndexPage) -> str:
        route = "atom_feed" if self.feed_type is Atom1Feed else "rss_feed"
        return blog_index.get_full_url(self.request) + blog_index.reverse_subpage(route)

    def description(self, blog_index: BlogIndexPage) -> str:
        return (
            blog_index.search_description
            or blog_index.intro
            or _("New articles from %(practice)s.") % {"practice": self.practice_name}
        )

    subtitle = description

    def items(self, blog_index: BlogIndexPage):
        return (
            blog_index.articles()
            .defer_streamfields()
            .select_related("author")
            .with_tags()[: blog_index.FEED_LENGTH]
        )

    def item_title(self, article: ArticlePage) -> str:
        return article.title

    def item_description(self, article: ArticlePage) -> str:
        return article.search_description or article.intro

    def item_link(self, article: ArticlePage) -> str:
        return article.get_full_url(self.request)

    def item_pubdate(self, article: ArticlePage):
        return article.published_at

    def item_updateddate(self, article: ArticlePage):
        return article.last_published_at

    def item_author_name(self, article: ArticlePage) -> str | None:
        return article.author.name if article.author else None

    def item_categories(self, article: ArticlePage) -> list[str]:
        return [tag.name for tag in article.tag_list]


class ArticlesAtomFeed(ArticlesRssFeed):
    feed_type = Atom1Feed
