"""Site search: finds articles and pages, and keeps nothing of what people search for."""

import pytest
from django.apps import apps
from django.db import connection

from tests.factories import ArticlePageFactory, StandardPageFactory

from .conftest import soup

pytestmark = pytest.mark.django_db


def result_titles(response) -> list[str]:
    return [h.get_text(strip=True) for h in soup(response).select(".search-result h3")]


def test_search_finds_the_ketamine_article_by_nmda(client, initial_content, run_tasks):
    run_tasks()
    response = client.get("/search/", {"q": "NMDA"})
    assert response.status_code == 200
    assert result_titles(response) == [
        "Demystifying Ketamine: Understanding Its Mechanism of Action from a Physician’s "
        "Perspective"
    ]
    link = soup(response).select_one(".search-result a")["href"]
    assert link == "/blog/demystifying-ketamine/"


def test_search_covers_pages_and_leaves_out_drafts(client, home_page, blog_index, run_tasks):
    StandardPageFactory(parent=home_page, title="Office hours", intro="When we see patients.")
    ArticlePageFactory(
        parent=blog_index, title="Hidden draft about hours", publish=False, live=False
    )
    run_tasks()
    assert result_titles(client.get("/search/", {"q": "hours"})) == ["Office hours"]


def test_search_page_without_a_query_shows_the_form(client, home_page):
    response = client.get("/search/")
    assert response.status_code == 200
    page = soup(response)
    assert page.find("input", attrs={"name": "q", "type": "search"})
    assert page.find("label", attrs={"for": "search-query"})
    assert not page.select(".search-results")


def test_search_result_pages_are_private_to_the_person_searching(client, home_page):
    response = client.get("/search/", {"q": "depression"})
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert soup(response).find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "depression" not in soup(response).find("link", rel="canonical")["href"]


def test_search_terms_are_not_stored_anywhere(client, initial_content, run_tasks):
    run_tasks()
    term = "uniqueterm-xq7"
    client.get("/search/", {"q": term})
    assert not apps.is_installed("wagtail.contrib.search_promotions")
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if "query" in table.lower() or "hit" in table.lower():
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (table names from the schema)
                assert cursor.fetchone()[0] == 0, table


@pytest.mark.parametrize(
    "query",
    [
        {"q": "ketamine\x00"},
        {"q": "a" * 5000},
        {"q": "\"unbalanced 'quotes"},
        {"q": "AND OR NOT ( ) * : ^ -"},
        {"q": "ketamine", "page": "abc"},
        {"q": "ketamine", "page": "9999"},
        {"q": "   "},
        {"q": "-"},
        {"q": "'"},
        {"q": "..."},
        {"q": "NOT"},
        {"q": "ketamine NEAR depression"},
        {"q": "Parkinson's N-methyl-D-aspartate"},
    ],
)
def test_odd_searches_never_cause_an_error(client, initial_content, run_tasks, query):
    run_tasks()
    assert client.get("/search/", query).status_code == 200


def test_search_results_are_paginated(client, home_page, blog_index, run_tasks):
    for number in range(12):
        ArticlePageFactory(parent=blog_index, title=f"Insomnia article {number}")
    run_tasks()
    first = soup(client.get("/search/", {"q": "insomnia"}))
    assert len(first.select(".search-result")) == 10
    assert first.find("a", rel="next")["href"] == "?q=insomnia&page=2"
    second = soup(client.get("/search/", {"q": "insomnia", "page": "2"}))
    assert len(second.select(".search-result")) == 2
