"""An editor's change to an article shows at once on every page that shows it: the article, the
listing, the feeds, the sitemap and the home page's latest articles, each served from the page
cache until then."""

import pytest

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

PAGES_LISTING_ARTICLES = ["/", "/blog/", "/blog/feed/", "/blog/feed/atom/", "/sitemap.xml"]


def get(client, path):
    return client.get(path, HTTP_HOST="localhost")


def fill_the_cache(client, paths):
    for path in paths:
        get(client, path)
        assert get(client, path).headers.get("X-Page-Cache") == "hit", path


@pytest.fixture
def first_article(blog_index):
    return ArticlePageFactory(parent=blog_index, title="Ketamine explained", slug="ketamine")


def test_a_published_article_shows_at_once_on_the_listing_feeds_sitemap_and_home(
    client, blog_index, first_article
):
    fill_the_cache(client, PAGES_LISTING_ARTICLES)
    ArticlePageFactory(parent=blog_index, title="Sleep and chronic pain", slug="sleep-and-pain")

    for path in PAGES_LISTING_ARTICLES:
        response = get(client, path)
        assert response.headers.get("X-Page-Cache") == "miss", path
        assert "/blog/sleep-and-pain/" in response.content.decode(), path


def test_an_unpublished_article_leaves_every_listing_at_once(client, blog_index, first_article):
    fill_the_cache(client, [*PAGES_LISTING_ARTICLES, "/blog/ketamine/"])
    first_article.unpublish()

    assert get(client, "/blog/ketamine/").status_code == 404
    for path in PAGES_LISTING_ARTICLES:
        assert "/blog/ketamine/" not in get(client, path).content.decode(), path


def test_an_edited_title_shows_on_the_article_and_the_listing_at_once(
    client, blog_index, first_article
):
    fill_the_cache(client, ["/blog/", "/blog/ketamine/"])
    first_article.title = "Ketamine, explained by a physician"
    first_article.save_revision().publish()

    for path in ("/blog/", "/blog/ketamine/"):
        assert "Ketamine, explained by a physician" in get(client, path).content.decode(), path


def test_tag_filters_and_listing_pages_are_cached_apart(client, blog_index):
    ArticlePageFactory(parent=blog_index, title="About sleep", slug="sleep", tags=["Sleep"])
    ArticlePageFactory(parent=blog_index, title="About pain", slug="pain", tags=["Pain"])
    fill_the_cache(client, ["/blog/?tag=sleep", "/blog/?tag=pain"])

    sleep = get(client, "/blog/?tag=sleep").content.decode()
    pain = get(client, "/blog/?tag=pain").content.decode()
    assert "About sleep" in sleep and "About pain" not in sleep
    assert "About pain" in pain and "About sleep" not in pain
