"""The list of articles: newest first, paginated, filtered by topic, never a server error."""

import datetime

import pytest

from blog.models import BlogIndexPage
from tests.factories import ArticlePageFactory

from .conftest import soup

pytestmark = pytest.mark.django_db

PER_PAGE = BlogIndexPage.ARTICLES_PER_PAGE


def listed_titles(response) -> list[str]:
    return [h.get_text(strip=True) for h in soup(response).select(".article-list h2")]


def make_articles(blog_index, count, title="Article", **kwargs):
    start = datetime.date(2025, 1, 1)
    return [
        ArticlePageFactory(
            parent=blog_index,
            title=f"{title} from day {n}",
            published_date=start + datetime.timedelta(days=n),
            **kwargs,
        )
        for n in range(count)
    ]


def test_listing_shows_newest_first_with_intro_date_and_author(client, blog_index):
    make_articles(blog_index, 3)
    response = client.get(blog_index.url)
    assert response.status_code == 200
    assert listed_titles(response) == [
        "Article from day 2",
        "Article from day 1",
        "Article from day 0",
    ]
    card = soup(response).select_one(".article-card")
    assert card.find("time")["datetime"] == "2025-01-03"
    assert "Dr. Joseph “Joe” Rosado" in card.get_text()
    assert "What this article is about" in card.get_text()


def test_drafts_and_other_blogs_pages_are_not_listed(client, blog_index):
    make_articles(blog_index, 1)
    ArticlePageFactory(parent=blog_index, title="A draft", publish=False, live=False)
    assert listed_titles(client.get(blog_index.url)) == ["Article from day 0"]


def test_listing_is_paginated_with_links_between_pages(client, blog_index):
    make_articles(blog_index, PER_PAGE + 2)

    first = client.get(blog_index.url)
    assert len(listed_titles(first)) == PER_PAGE
    next_link = soup(first).find("a", rel="next")["href"]
    assert next_link == "/blog/?page=2"

    second = client.get(next_link)
    assert listed_titles(second) == ["Article from day 1", "Article from day 0"]
    assert soup(second).find("a", rel="prev")["href"] == "/blog/"
    assert soup(second).find("link", rel="canonical")["href"] == "http://localhost/blog/?page=2"
    assert "page 2" in soup(second).title.get_text()


def test_filtering_by_tag_lists_only_tagged_articles(client, blog_index):
    make_articles(blog_index, 2, tags=["Ketamine"])
    make_articles(blog_index, 1, title="Pain", tags=["Pain management"])
    response = client.get(blog_index.url, {"tag": "pain-management"})
    assert response.status_code == 200
    assert listed_titles(response) == ["Pain from day 0"]
    page = soup(response)
    assert page.find("h1").get_text() == "Articles about Pain management"
    assert (
        page.select_one('.tag-filter a[aria-current="page"]')
        .get_text(strip=True)
        .startswith("Pain management")
    )
    assert page.find("link", rel="canonical")["href"].endswith("/blog/?tag=pain-management")


def test_tag_filter_keeps_the_tag_across_pages(client, blog_index):
    make_articles(blog_index, PER_PAGE + 1, tags=["Ketamine"])
    page = soup(client.get(blog_index.url, {"tag": "ketamine"}))
    assert page.find("a", rel="next")["href"] == "/blog/?tag=ketamine&page=2"


def test_unknown_tag_says_so_with_a_404_and_a_way_back(client, blog_index):
    make_articles(blog_index, 1, tags=["Ketamine"])
    response = client.get(blog_index.url, {"tag": "no-such-topic"})
    assert response.status_code == 404
    page = soup(response)
    assert "No articles are tagged “no-such-topic”" in page.get_text()
    assert page.select_one(".empty-state a")["href"] == "/blog/"


def test_empty_blog_has_a_clear_empty_state(client, blog_index):
    response = client.get(blog_index.url)
    assert response.status_code == 200
    assert "No articles yet" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"page": "0"},
        {"page": "-1"},
        {"page": "3"},
        {"page": "abc"},
        {"page": "1.5"},
        {"page": "9" * 5000},
        {"page": "1\x00"},
        {"page": "٣"},
        {"tag": "\x00"},
        {"tag": "<script>alert(1)</script>"},
        {"tag": "a" * 5000},
        {"tag": "' OR 1=1 --"},
        {"tag": "ketamine", "page": "99"},
        {"tag": ["ketamine", "other"]},
    ],
)
def test_bad_page_or_tag_values_give_a_page_or_a_404_never_an_error(
    client, blog_index, monkeypatch, query
):
    monkeypatch.setattr(BlogIndexPage, "ARTICLES_PER_PAGE", 1)
    make_articles(blog_index, 2, tags=["Ketamine"])
    response = client.get(blog_index.url, query)
    assert response.status_code in (200, 404)
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_page_one_and_an_empty_page_value_are_the_first_page(client, blog_index):
    make_articles(blog_index, 2)
    assert client.get(blog_index.url, {"page": "1"}).status_code == 200
    assert client.get(blog_index.url, {"page": ""}).status_code == 200


def test_home_page_shows_the_latest_articles_and_links_to_the_blog(client, home_page, blog_index):
    make_articles(blog_index, 4)
    page = soup(client.get("/"))
    section = page.find("section", class_="latest-articles")
    titles = [h.get_text(strip=True) for h in section.find_all("h3")]
    assert titles == ["Article from day 3", "Article from day 2", "Article from day 1"]
    assert section.find("a", string="See all articles")["href"] == "/blog/"


def test_home_page_without_articles_has_no_empty_section(client, home_page, blog_index):
    assert "latest-articles" not in client.get("/").content.decode()
