"""The article's rendered content is kept between renders (even with the page cache off), and an
editor's publish, unpublish or edit shows at once all the same."""

import pytest
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
