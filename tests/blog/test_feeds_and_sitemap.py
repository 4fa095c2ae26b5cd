"""RSS and Atom feeds, the sitemap, and scheduled publishing reaching all three."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.utils import timezone

from blog.models import ArticlePage
from tests.factories import ArticlePageFactory, StandardPageFactory

from .conftest import soup

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 (the site's own output, in a test)


def rss_items(client) -> list[ET.Element]:
    response = client.get("/blog/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return parse_xml(response.content).findall("./channel/item")


def sitemap_urls(client) -> dict[str, str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = parse_xml(response.content)
    return {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.findall(f"{SITEMAP}url")
    }


def listed_titles(client) -> list[str]:
    return [h.get_text(strip=True) for h in soup(client.get("/blog/")).select(".article-list h2")]


def test_rss_feed_has_full_titles_links_dates_and_summaries(client, blog_index):
    article = ArticlePageFactory(
        parent=blog_index,
        title="Ketamine & the brain: “what” <really> happens",
        intro="A summary with “curly quotes”.",
        tags=["Ketamine"],
    )
    channel = parse_xml(client.get("/blog/feed/").content).find("channel")
    assert channel.findtext("link") == "http://localhost/blog/"
    [item] = channel.findall("item")
    assert item.findtext("title") == article.title
    assert item.findtext("link") == "http://localhost/blog/ketamine-the-brain-what-really-happens/"
    assert item.findtext("description") == "A summary with “curly quotes”."
    assert item.findtext("pubDate")
    assert item.findtext("category") == "Ketamine"


def test_atom_feed_parses_and_lists_the_article(client, blog_index):
    article = ArticlePageFactory(parent=blog_index)
    response = client.get("/blog/feed/atom/")
    assert response.status_code == 200
    feed = parse_xml(response.content)
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == article.title
    assert entry.find(f"{ATOM}link").get("href") == article.full_url
    assert entry.findtext(f"{ATOM}updated")


def test_feed_lists_newest_first_and_leaves_out_drafts(client, blog_index):
    ArticlePageFactory(parent=blog_index, title="Older", published_date=datetime.date(2024, 1, 1))
    ArticlePageFactory(parent=blog_index, title="Newer", published_date=datetime.date(2025, 1, 1))
    ArticlePageFactory(parent=blog_index, title="Draft", publish=False, live=False)
    assert [item.findtext("title") for item in rss_items(client)] == ["Newer", "Older"]


def test_every_page_advertises_the_feeds(client, home_page, blog_index):
    other = StandardPageFactory(parent=home_page)
    for url in ("/", "/blog/", other.url, "/search/", "/no-such-page/"):
        page = soup(client.get(url))
        rss = page.find("link", rel="alternate", type="application/rss+xml")
        assert rss["href"] == "/blog/feed/", url
        assert page.find("link", rel="alternate", type="application/atom+xml")


def test_sitemap_lists_every_live_page_with_its_last_modification(client, home_page, blog_index):
    article = ArticlePageFactory(parent=blog_index)
    draft = ArticlePageFactory(parent=blog_index, publish=False, live=False)
    urls = sitemap_urls(client)
    assert article.full_url in urls
    assert "http://localhost/blog/" in urls
    assert "http://localhost/" in urls
    assert draft.full_url not in urls
    assert urls[article.full_url] == timezone.localdate(article.last_published_at).isoformat()


def test_sitemap_dates_the_blog_by_its_newest_article(client, blog_index):
    blog_index.save_revision().publish()
    article = ArticlePageFactory(parent=blog_index)
    later = timezone.now() + datetime.timedelta(days=3)
    ArticlePage.objects.filter(pk=article.pk).update(last_published_at=later)
    assert sitemap_urls(client)["http://localhost/blog/"] == timezone.localdate(later).isoformat()


def test_scheduled_article_appears_in_listing_feed_and_sitemap_once_publish_scheduled_runs(
    client, blog_index
):
    article = ArticlePageFactory(parent=blog_index, title="Scheduled", publish=False, live=False)
    article.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = article.save_revision()
    revision.publish()
    article.refresh_from_db()
    assert not article.live

    # The hour passes: the go-live time the editor set is now a minute ago.
    past = timezone.now() - datetime.timedelta(minutes=1)
    ArticlePage.objects.filter(pk=article.pk).update(go_live_at=past)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])

    assert "Scheduled" not in listed_titles(client)
    assert "Scheduled" not in [item.findtext("title") for item in rss_items(client)]
    assert article.full_url not in sitemap_urls(client)

    call_command("publish_scheduled")

    assert "Scheduled" in listed_titles(client)
    assert "Scheduled" in [item.findtext("title") for item in rss_items(client)]
    assert article.full_url in sitemap_urls(client)
