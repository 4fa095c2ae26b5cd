"""The article's rendered content is kept between renders (even with the page cache off), and an
editor's publish, unpublish or edit shows at once all the same."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from practice.page_cache import fragments
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    # Every render below goes through Django and Wagtail; only the fragment cache can help.
    settings.PAGE_CACHE_ENABLED = False


def get(client, path):
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.fixture
def article(blog_index):
    return ArticlePageFactory(
        parent=blog_index, title="Ketamine explained", slug="ketamine", tags=["Pain"]
    )


def test_a_second_render_of_an_article_reuses_its_content_and_needs_fewer_queries(client, article):
    with CaptureQueriesContext(connection) as first:
        first_html = get(client, "/blog/ketamine/")
    with CaptureQueriesContext(connection) as second:
        second_html = get(client, "/blog/ketamine/")

    assert second_html == first_html
    assert len(second.captured_queries) < len(first.captured_queries)


def test_an_edited_and_published_article_shows_its_new_content_at_once(client, article):
    get(client, "/blog/ketamine/")
    article.intro = "What a physician wants you to know before a first infusion."
    article.save_revision().publish()

    assert "before a first infusion" in get(client, "/blog/ketamine/")


def test_a_draft_that_is_not_published_stays_off_the_live_article(client, article):
    get(client, "/blog/ketamine/")
    article.intro = "An unfinished thought."
    article.save_revision()

    assert "An unfinished thought." not in get(client, "/blog/ketamine/")


def test_a_newly_published_article_joins_more_articles_at_once(client, blog_index, article):
    assert "/blog/sleep/" not in get(client, "/blog/ketamine/")
    ArticlePageFactory(parent=blog_index, title="Sleep and pain", slug="sleep", tags=["Pain"])

    assert "/blog/sleep/" in get(client, "/blog/ketamine/")


def test_an_unpublished_article_leaves_more_articles_at_once(client, blog_index, article):
    other = ArticlePageFactory(parent=blog_index, title="Sleep", slug="sleep", tags=["Pain"])
    assert "/blog/sleep/" in get(client, "/blog/ketamine/")
    other.unpublish()

    assert "/blog/sleep/" not in get(client, "/blog/ketamine/")


def test_a_preview_is_never_served_from_or_stored_in_the_fragment_cache(article):
    request = RequestFactory().get("/blog/ketamine/", HTTP_HOST="localhost")
    assert fragments.fragment_key("article-content", article, request) is not None

    request.is_preview = True
    assert fragments.fragment_key("article-content", article, request) is None


def test_a_newly_published_article_shows_on_the_home_page_at_once(client, blog_index, article):
    assert "/blog/sleep/" not in get(client, "/")
    ArticlePageFactory(parent=blog_index, title="Sleep and pain", slug="sleep")

    assert "/blog/sleep/" in get(client, "/")


def test_a_listing_rendered_before_is_served_again_without_a_query(
    client, blog_index, article, django_assert_num_queries
):
    for path in ("/blog/", "/blog/?tag=pain"):
        first = get(client, path)
        with django_assert_num_queries(0):
            assert get(client, path) == first


def test_the_listing_counts_a_newly_published_article_at_once(client, blog_index, article):
    assert "(1)" in get(client, "/blog/?tag=pain")
    ArticlePageFactory(parent=blog_index, title="Sleep and pain", slug="sleep", tags=["Pain"])

    listing = get(client, "/blog/?tag=pain")
    assert "(2)" in listing
    assert "/blog/sleep/" in listing


def test_a_page_of_the_listing_past_the_last_is_not_found_until_articles_fill_it(
    client, blog_index, article
):
    assert client.get("/blog/?page=2", HTTP_HOST="localhost").status_code == 404
    for number in range(blog_index.ARTICLES_PER_PAGE):
        ArticlePageFactory(parent=blog_index, title=f"Article {number}", slug=f"article-{number}")

    assert "/blog/ketamine/" in get(client, "/blog/?page=2")


def test_listings_of_made_up_topics_keep_nothing(client, blog_index, article):
    get(client, "/blog/")
    kept = len(caches["generational"]._cache)
    for number in range(5):
        response = client.get(f"/blog/?tag=made-up-{number}", HTTP_HOST="localhost")
        assert response.status_code == 404
        assert "made-up-" in response.content.decode()

    assert len(caches["generational"]._cache) == kept
