"""Every public page is rendered in at most 8 queries with the page cache off, however many
articles, tags and images there are: the work itself stays cheap, and an N+1 query cannot creep
in unnoticed. (Wagtail's own rendition and site caches stay on, as in production.)"""

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from blog.models import BlogIndexPage
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8
ARTICLE = "/blog/demystifying-ketamine/"
PAGES = {
    "home": "/",
    "standard page": "/about/",
    "contact": "/contact/",
    "listing": "/blog/",
    "listing of a topic": "/blog/?tag=topic-1",
    "second page of the listing": "/blog/?page=2",
    "the practice's article": ARTICLE,
    "a generated article": "/blog/article-1/",
}


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """These count the queries of rendering a page, not of the page cache serving it."""
    settings.PAGE_CACHE_ENABLED = False


def build_blog(count: int):
    """`count` articles, each with its own listing image, three tags and images in its body."""
    blog_index = BlogIndexPage.objects.get()
    for number in range(count):
        body_images = [wagtail_factories.ImageFactory() for _ in range(2)]
        ArticlePageFactory(
            parent=blog_index,
            title=f"Article {number}",
            slug=f"article-{number}",
            listing_image=wagtail_factories.ImageFactory(),
            tags=[f"Topic {number}", f"Topic {number + 1}", "Shared"],
            body=[
                {"type": "heading", "value": {"text": "Section", "level": "h2"}},
                {"type": "paragraph", "value": "<p>Text.</p>"},
                *(
                    {"type": "image", "value": {"image": image.pk, "alt_text": "A picture"}}
                    for image in body_images
                ),
                {"type": "heading", "value": {"text": "Section", "level": "h2"}},
                {
                    "type": "references",
                    "value": [{"citation": "A paper.", "identifier": "PMID: 123"}],
                },
            ],
        )


def queries_of(client, path: str) -> tuple[list[str], object]:
    client.get(path)  # Renditions are made once, by the first visitor.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return [query["sql"] for query in queries.captured_queries], response


@pytest.mark.parametrize("article_count", [12, 24])
@pytest.mark.parametrize("page_kind", PAGES)
def test_every_page_is_rendered_in_a_handful_of_queries(
    client, initial_content, article_count, page_kind
):
    build_blog(article_count)

    sqls, response = queries_of(client, PAGES[page_kind])
    count = len(sqls)

    assert response.status_code == 200
    assert count <= MAX_QUERIES, f"{page_kind}: {count} queries:\n" + "\n".join(
        sql[:150] for sql in sqls
    )


def test_an_article_shows_its_pictures_and_those_of_the_articles_beside_it(client, initial_content):
    build_blog(4)

    _queries, response = queries_of(client, "/blog/article-1/")

    # Its own on top, two in the body, one on each related article's card: none is left out.
    assert response.content.decode().count("<picture>") == 1 + 2 + 3


def test_a_restricted_section_still_answers_with_its_restriction(client, initial_content):
    blog_index = BlogIndexPage.objects.get()
    PageViewRestriction.objects.create(
        page=blog_index, restriction_type=PageViewRestriction.PASSWORD, password="staff-only"
    )

    response = client.get(ARTICLE)

    assert response.status_code == 200
    assert "password" in response.content.decode().lower()
    assert "Understanding Its Mechanism" not in response.content.decode()
