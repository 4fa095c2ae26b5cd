"""The blog: one index page that lists the articles, and the articles themselves."""

import math
import re
from datetime import datetime, time
from typing import NamedTuple
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, Paginator
from django.db import models
from django.db.models import Count, F, Max, Prefetch
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from .blocks import ArticleBodyBlock, TocEntry, assign_heading_anchors, body_text

# Adults read non-fiction at about 238 words a minute (Brysbaert, 2019); round down for
# a medical text that is read with care.
WORDS_PER_MINUTE = 220
RELATED_ARTICLES = 3
# A page number is a small positive integer; anything else is not a page of this listing.
PAGE_NUMBER_PATTERN = re.compile(r"^[1-9][0-9]{0,5}$", re.ASCII)
# taggit makes slugs with Django's slugify(allow_unicode=True): word characters and hyphens.
TAG_SLUG_PATTERN = re.compile(r"^[-\w]{1,100}$")


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")


class ArticlePageQuerySet(PageQuerySet):
    def recent(self):
        """Newest first, by the date shown on the article."""
        return self.order_by(
            F("published_date").desc(nulls_last=True), "-first_published_at", "-pk"
        )

    def tagged(self, tag_slug: str):
        return self.filter(tagged_items__tag__slug=tag_slug)

    def for_listing(self):
        """What a list of articles shows, fetched in a fixed number of queries: author, tags and
        listing image with its renditions, without the article bodies."""
        return (
            self.defer_streamfields()
            .select_related("author")
            .prefetch_related(
                Prefetch(
                    "tagged_items",
                    queryset=ArticlePageTag.objects.select_related("tag").order_by("tag__name"),
                ),
                Prefetch("listing_image", queryset=get_image_model().objects.prefetch_renditions()),
            )
        )


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


def parse_page_number(raw: str | None) -> int:
    """The listing page asked for in ?page=; Http404 for anything that is not a page number."""
    if raw is None or raw == "":
        return 1
    if not PAGE_NUMBER_PATTERN.match(raw):
        raise Http404("Not a page number")
    return int(raw)


def paginate(queryset, page_number: int, per_page: int):
    try:
        return Paginator(queryset, per_page).page(page_number)
    except EmptyPage as error:
        raise Http404("No such page") from error


class ListingSummary(NamedTuple):
    tags: list[Tag]  # Each with its article_count.
    article_count: int


class BlogIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(
        max_length=500,
        blank=True,
        help_text=_("One or two sentences under the title that say what the articles are about."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["practice.HomePage"]
    subpage_types = ["blog.ArticlePage"]
    max_count = 1

    ARTICLES_PER_PAGE = 10
    FEED_LENGTH = 20
    schema_org_type = "CollectionPage"

    class Meta:
        verbose_name = _("blog index page")

    def articles(self):
        """The live, public articles of this blog, newest first."""
        return ArticlePage.objects.child_of(self).live().public().recent()

    def tags_in_use(self):
        """Tags of the live articles, with how many articles carry each, by name."""
        return (
            Tag.objects.filter(blog_articlepagetag_items__content_object__in=self.articles())
            .annotate(article_count=Count("blog_articlepagetag_items", distinct=True))
            .order_by("name")
        )

    def listing_summary(self) -> ListingSummary:
        """The tags in use and the number of articles: what decides a listing's answer (a known
        topic, an existing page) before any article is fetched."""
        return ListingSummary(list(self.tags_in_use()), self.articles().count())

    @path("", name="listing")
    def listing(self, request):
        context = self.get_context(request)
        summary = self.listing_summary()
        status = 200
        article_count = summary.article_count
        raw_tag = request.GET.get("tag")
        selected_tag = None
        if raw_tag:
            if TAG_SLUG_PATTERN.match(raw_tag):
                selected_tag = next((tag for tag in summary.tags if tag.slug == raw_tag), None)
            if selected_tag is None:
                # Say so on the listing itself, with the way back to every article.
                status = 404
                article_count = 0
            else:
                article_count = selected_tag.article_count
        page_number = parse_page_number(request.GET.get("page"))
        last_page_number = max(1, math.ceil(article_count / self.ARTICLES_PER_PAGE))
        if page_number > last_page_number:
            raise Http404("No such page")

        articles = self.articles()
        if selected_tag is not None:
            articles = articles.tagged(selected_tag.slug)
        elif raw_tag:
            articles = articles.none()

        context.update(
            tags=summary.tags,
            articles=paginate(articles.for_listing(), page_number, self.ARTICLES_PER_PAGE),
            previous_page_url=(
                self.listing_url(request, selected_tag, page_number - 1) if page_number > 1 else ""
            ),
            next_page_url=(
                self.listing_url(request, selected_tag, page_number + 1)
                if page_number < last_page_number
                else ""
            ),
            selected_tag=selected_tag,
            unknown_tag=raw_tag[:100] if raw_tag and selected_tag is None else "",
            # The canonical address keeps the filter and the page, so each listing is its own.
            canonical_query=self.listing_query(selected_tag, page_number),
            seo_qualifier=self.listing_qualifier(selected_tag, page_number),
        )
        return TemplateResponse(request, self.get_template(request), context, status=status)

    @staticmethod
    def listing_query(tag: Tag | None, page_number: int) -> dict:
        query = {}
        if tag is not None:
            query["tag"] = tag.slug
        if page_number > 1:
            query["page"] = page_number
        return query

    def listing_url(self, request, tag: Tag | None, page_number: int) -> str:
        query = self.listing_query(tag, page_number)
        url = self.get_url(request)
        return f"{url}?{urlencode(query)}" if query else url

    @staticmethod
    def listing_qualifier(tag: Tag | None, page_number: int) -> str:
        parts = []
        if tag is not None:
            parts.append(_("tagged “%(tag)s”") % {"tag": tag.name})
        if page_number > 1:
            parts.append(_("page %(number)s") % {"number": page_number})
        return ", ".join(str(part) for part in parts)

    @path("feed/", name="rss_feed")
    def rss_feed(self, request):
        from .feeds import ArticlesRssFeed

        return ArticlesRssFeed()(request, blog_index=self)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        from .feeds import ArticlesAtomFeed

        return ArticlesAtomFeed()(request, blog_index=self)

    def get_cached_paths(self):
        # Front-end caches forget the feeds with the listing (practice/frontend_cache.py).
        return ["/", self.reverse_subpage("rss_feed"), self.reverse_subpage("atom_feed")]

    def get_sitemap_urls(self, request=None):
        # The listing changes whenever an article is published, not only when it is edited.
        urls = super().get_sitemap_urls(request)
        latest_article = self.articles().aggregate(latest=Max("last_published_at"))["latest"]
        for url in urls:
            if latest_article and (url["lastmod"] is None or latest_article > url["lastmod"]):
                url["lastmod"] = latest_article
        return urls


class ArticlePage(Page):
    intro = models.TextField(
        _("standfirst"),
        max_length=1000,
        help_text=_(
            "The author's opening words, shown under the title, in the list of articles and in "
            "search results."
        ),
    )
    author = models.ForeignKey(
        "practice.Physician",
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text=_("The physician who wrote the article. Add physicians under Physicians."),
    )
    published_date = models.DateField(
        _("published date"),
        null=True,
        blank=True,
        help_text=_(
            "The date shown on the article. Leave empty to use the day it is first published."
        ),
    )
    last_reviewed = models.DateField(
        _("last medically reviewed"),
        null=True,
        blank=True,
        help_text=_("When a physician last checked the article is medically accurate."),
    )
    reviewer = models.ForeignKey(
        "practice.Physician",
        verbose_name=_("medical reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_articles",
        help_text=_(
            "Who did the review. The article then says “Medically reviewed by … on …”; "
            "set the date as well."
        ),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown at the top of the article, in the list of articles and when the article is "
            "shared. Give the image a description: it is read out to people who cannot see it."
        ),
    )
    body = StreamField(ArticleBodyBlock(), blank=True)
    tags = ClusterTaggableManager(
        through=ArticlePageTag,
        blank=True,
        help_text=_("Topics readers can filter the articles by, for example “Depression”."),
    )

    objects = ArticlePageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("author"),
                FieldPanel("published_date"),
                FieldPanel("reviewer"),
                FieldPanel("last_reviewed"),
            ],
            heading=_("Byline and medical review"),
        ),
        FieldPanel("listing_image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("author", [index.SearchField("name")]),
        index.FilterField("published_date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    schema_org_type = "MedicalWebPage"

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def save(self, *args, **kwargs):
        # "Published date" defaults to the day of first publication, fixed from then on.
        if self.published_date is None and self.first_published_at is not None:
            self.published_date = timezone.localdate(self.first_published_at)
        return super().save(*args, **kwargs)

    @property
    def display_date(self):
        """The date shown on the article (today, in a preview of a never-published draft)."""
        if self.published_date:
            return self.published_date
        if self.first_published_at:
            return timezone.localdate(self.first_published_at)
        return timezone.localdate()

    @property
    def published_at(self) -> datetime:
        """When the article was published, to the minute where it is known (for feeds)."""
        first = self.first_published_at
        if first and timezone.localdate(first) == self.display_date:
            return first
        return timezone.make_aware(datetime.combine(self.display_date, time.min))

    @property
    def has_review(self) -> bool:
        return bool(self.reviewer_id and self.last_reviewed)

    @cached_property
    def tag_list(self) -> list[Tag]:
        # Through tagged_items, so a listing's prefetch and a preview's unsaved tags both work.
        items = getattr(self, "_prefetched_objects_cache", {}).get("tagged_items")
        if items is None:
            items = self.tagged_items.select_related("tag")
        return sorted((item.tag for item in items), key=lambda tag: tag.name)

    @cached_property
    def table_of_contents(self) -> list[TocEntry]:
        return assign_heading_anchors(self.body)

    @cached_property
    def reading_time_minutes(self) -> int:
        words = len(body_text(self.body).split()) + len(self.intro.split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    @property
    def seo_image(self):
        return self.listing_image

    open_graph_type = "article"

    def add_structured_data(self, graph, *, webpage: dict, seo) -> dict:
        """Adds the BlogPosting, its author and reviewer to the page's JSON-LD; returns the
        Open Graph article properties."""
        article_id = f"{graph.canonical_url}#article"
        webpage["mainEntity"] = {"@id": article_id}
        if self.has_review:
            webpage["reviewedBy"] = graph.physician_ref(self.reviewer)
            webpage["lastReviewed"] = self.last_reviewed
        posting = {
            "@type": "BlogPosting",
            "@id": article_id,
            "headline": Truncator(self.title).chars(110),
            "description": seo.description,
            "datePublished": self.published_at,
            "dateModified": self.last_published_at or self.published_at,
            "mainEntityOfPage": {"@id": graph.webpage_id},
            "isPartOf": {"@id": graph.website_id},
            "publisher": {"@id": graph.practice_id},
            "inLanguage": "en-US",
            "wordCount": len(body_text(self.body).split()),
        }
        if self.author_id:
            posting["author"] = graph.physician_ref(self.author)
        if self.tag_list:
            posting["keywords"] = [tag.name for tag in self.tag_list]
        if seo.image:
            posting["image"] = seo.image["url"]
        graph.add(posting)
        return {
            "published_time": self.published_at,
            "modified_time": self.last_published_at,
            "author": self.author.name if self.author_id else "",
            "tags": [tag.name for tag in self.tag_list],
        }

    def related_articles(self, limit: int = RELATED_ARTICLES) -> list["ArticlePage"]:
        """Articles sharing the most tags with this one, then the most recent others."""
        others = ArticlePage.objects.live().public().exclude(pk=self.pk)
        tag_ids = [tag.pk for tag in self.tag_list]
        related = []
        if tag_ids:
            related = list(
                others.filter(tagged_items__tag__in=tag_ids)
                .annotate(shared_tags=Count("tagged_items", distinct=True))
                .order_by(
                    "-shared_tags",
                    F("published_date").desc(nulls_last=True),
                    "-first_published_at",
                    "-pk",
                )
                .for_listing()[:limit]
            )
        if len(related) < limit:
            related += list(
                others.exclude(pk__in=[article.pk for article in related])
                .recent()
                .for_listing()[: limit - len(related)]
            )
        return related

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["table_of_contents"] = self.table_of_contents
        context["related_articles"] = self.related_articles()
        context["blog_index"] = self.get_parent().specific
        return context
