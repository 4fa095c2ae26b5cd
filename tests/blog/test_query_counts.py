"""The article page and the listing make a fixed number of queries, however many articles,
tags and images there are: an N+1 query cannot creep in unnoticed."""

import pytest
import wagtail_factories

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

# Measured on a warm request (renditions made by an earlier visit) with 2 and with 12 articles:
# 23 and 22 for an article, 20 for the listing, 14 for the home page. A little room for change;
# a query per article, tag or image would break them.
ARTICLE_PAGE_MAX_QUERIES = 23
LISTING_MAX_QUERIES = 20
HOME_PAGE_MAX_QUERIES = 15


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """These count the queries of rendering a page, not of the page cache serving it."""
    settings.PAGE_CACHE_ENABLED = False


def build_blog(blog_index, contact_page, count: int):
    """`count` articles, each with its own listing image, three tags and images in its body."""
    articles = []
    for number in range(count):
        body_images = [wagtail_factories.ImageFactory() for _ in range(2)]
        articles.append(
            ArticlePageFactory(
                parent=blog_index,
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
        )
    return articles


@pytest.mark.parametrize("article_count", [2, 12])
def test_article_page_query_count_is_bounded(
    client, blog_index, contact_page, django_assert_max_num_queries, article_count
):
    article = build_blog(blog_index, contact_page, article_count)[0]
    client.get(article.url)  # makes the renditions once, as the first visitor would
    with django_assert_max_num_queries(ARTICLE_PAGE_MAX_QUERIES):
        response = client.get(article.url)
    assert response.status_code == 200
    # The listing image on top, two in the body, one on each related article's card.
    assert response.content.decode().count("<picture>") == 1 + 2 + min(article_count - 1, 3)


@pytest.mark.parametrize("article_count", [2, 12])
def test_listing_query_count_is_bounded(
    client, blog_index, contact_page, django_assert_max_num_queries, article_count
):
    build_blog(blog_index, contact_page, article_count)
    client.get(blog_index.url)
    with django_assert_max_num_queries(LISTING_MAX_QUERIES):
        response = client.get(blog_index.url, {"tag": "shared"})
    assert response.status_code == 200
    assert response.content.decode().count("<picture>") == min(article_count, 10)


@pytest.mark.parametrize("article_count", [2, 12])
def test_home_page_query_count_is_bounded(
    client, blog_index, contact_page, django_assert_max_num_queries, article_count
):
    build_blog(blog_index, contact_page, article_count)
    client.get("/")
    with django_assert_max_num_queries(HOME_PAGE_MAX_QUERIES):
        response = client.get("/")
    assert response.content.decode().count("<picture>") == min(article_count, 3)
