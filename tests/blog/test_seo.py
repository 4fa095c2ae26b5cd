"""What search engines and link previews read: titles, descriptions, canonical URLs, Open Graph,
Twitter cards and JSON-LD."""

import datetime
import json
import re

import pytest
import wagtail_factories

from tests.factories import ArticlePageFactory, PhysicianFactory, StandardPageFactory

from .conftest import soup

pytestmark = pytest.mark.django_db

INITIAL_PAGES = ["/", "/about/", "/privacy/", "/blog/", "/blog/demystifying-ketamine/"]


def json_ld(response) -> dict:
    [script] = soup(response).find_all("script", type="application/ld+json")
    return json.loads(script.string)


def nodes_by_type(data: dict) -> dict[str, dict]:
    found = {}
    for node in data["@graph"]:
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        for schema_type in types:
            found[schema_type] = node
    return found


def meta(page, **attrs) -> str:
    return page.find("meta", attrs=attrs)["content"]


def test_every_page_has_its_own_title_and_description(client, initial_content):
    titles, descriptions = set(), set()
    for url in INITIAL_PAGES:
        page = soup(client.get(url))
        titles.add(page.title.get_text())
        descriptions.add(meta(page, name="description"))
        assert meta(page, name="description"), url
    assert len(titles) == len(INITIAL_PAGES)
    assert len(descriptions) == len(INITIAL_PAGES)


def test_home_page_title_does_not_repeat_the_practice_name(client, initial_content):
    assert soup(client.get("/")).title.get_text() == "Dr. Joseph Rosado"
    assert soup(client.get("/about/")).title.get_text() == "About the practice | Dr. Joseph Rosado"


def test_description_is_the_search_description_else_the_intro(client, home_page):
    described = StandardPageFactory(parent=home_page, search_description="Written for Google.")
    undescribed = StandardPageFactory(parent=home_page, intro="The page's own intro.")
    assert meta(soup(client.get(described.url)), name="description") == "Written for Google."
    assert meta(soup(client.get(undescribed.url)), name="description") == "The page's own intro."


def test_article_has_canonical_url_open_graph_and_twitter_card(client, initial_content):
    page = soup(client.get("/blog/demystifying-ketamine/"))
    url = "http://testserver/blog/demystifying-ketamine/"
    assert page.find("link", rel="canonical")["href"] == url
    assert meta(page, property="og:url") == url
    assert meta(page, property="og:type") == "article"
    assert meta(page, property="og:title").startswith("Demystifying Ketamine")
    assert meta(page, property="og:description").startswith("In the realm of medicine")
    assert meta(page, property="article:published_time")
    assert meta(page, name="twitter:card") == "summary"
    assert meta(page, name="twitter:title") == meta(page, property="og:title")


def test_article_json_ld_is_a_medical_web_page_with_a_blog_posting(client, initial_content):
    data = json_ld(client.get("/blog/demystifying-ketamine/"))
    assert data["@context"] == "https://schema.org"
    nodes = nodes_by_type(data)
    assert {"MedicalWebPage", "BlogPosting", "Person", "Physician", "MedicalOrganization"} <= set(
        nodes
    )
    assert {"BreadcrumbList", "WebSite"} <= set(nodes)

    posting = nodes["BlogPosting"]
    assert posting["headline"].startswith("Demystifying Ketamine")
    assert posting["author"] == {"@id": nodes["Person"]["@id"]}
    assert posting["publisher"] == {"@id": nodes["MedicalOrganization"]["@id"]}
    assert posting["datePublished"]
    assert nodes["Person"]["name"] == "Dr. Joseph “Joe” Rosado"
    assert nodes["MedicalWebPage"]["mainEntity"] == {"@id": posting["@id"]}
    assert "reviewedBy" not in nodes["MedicalWebPage"]

    crumbs = nodes["BreadcrumbList"]["itemListElement"]
    assert [crumb["item"] for crumb in crumbs] == [
        "http://testserver/",
        "http://testserver/blog/",
        "http://testserver/blog/demystifying-ketamine/",
    ]


def test_reviewed_article_says_who_reviewed_it_and_when(client, blog_index):
    reviewer = PhysicianFactory(name="Dr. Ada Reviewer")
    article = ArticlePageFactory(
        parent=blog_index, reviewer=reviewer, last_reviewed=datetime.date(2025, 2, 3)
    )
    nodes = nodes_by_type(json_ld(client.get(article.url)))
    webpage = nodes["MedicalWebPage"]
    assert webpage["lastReviewed"] == "2025-02-03"
    people = {
        node["@id"]: node["name"]
        for node in json_ld(client.get(article.url))["@graph"]
        if "Person" in node["@type"]
    }
    assert people[webpage["reviewedBy"]["@id"]] == "Dr. Ada Reviewer"


def test_other_pages_are_web_pages_published_by_the_practice(client, initial_content):
    nodes = nodes_by_type(json_ld(client.get("/about/")))
    assert nodes["WebPage"]["publisher"] == {"@id": "http://testserver/#practice"}
    assert nodes["MedicalOrganization"]["name"] == "Dr. Joseph Rosado"
    assert "BlogPosting" not in nodes
    assert nodes_by_type(json_ld(client.get("/blog/")))["CollectionPage"]


def test_json_ld_cannot_be_broken_out_of_by_page_text(client, blog_index):
    hostile = "</script><script>alert('x')</script> & <!-- “quotes”"
    article = ArticlePageFactory(parent=blog_index, title=hostile, intro=hostile)
    response = client.get(article.url)
    html = response.content.decode()
    script_body = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    assert "<" not in script_body and ">" not in script_body
    assert nodes_by_type(json.loads(script_body))["BlogPosting"]["headline"] == hostile
    assert "<script>alert" not in html


def test_listing_image_becomes_a_responsive_picture_and_the_share_image(client, blog_index):
    image = wagtail_factories.ImageFactory(description="A calm consulting room")
    article = ArticlePageFactory(parent=blog_index, listing_image=image)
    page = soup(client.get(article.url))

    picture = page.find("figure", class_="article-hero").find("picture")
    assert {source["type"] for source in picture.find_all("source")} == {
        "image/avif",
        "image/webp",
    }
    img = picture.find("img")
    assert img["width"] and img["height"] and img["srcset"]
    assert img["alt"] == "A calm consulting room"
    assert img.get("loading") != "lazy"  # at the top of the page

    assert meta(page, property="og:image").startswith("http://localhost/")
    assert meta(page, property="og:image:alt") == "A calm consulting room"
    assert meta(page, name="twitter:card") == "summary_large_image"

    listing = soup(client.get(blog_index.url))
    assert listing.select_one(".article-card picture img")["alt"] == ""


def test_images_in_the_body_are_lazy_and_sized(client, blog_index):
    image = wagtail_factories.ImageFactory()
    article = ArticlePageFactory(
        parent=blog_index,
        body=[
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "A diagram", "caption": "Fig. 1"},
            }
        ],
    )
    img = soup(client.get(article.url)).find(class_="article-body").find("img")
    assert img["loading"] == "lazy"
    assert img["width"] and img["height"]
    assert img["alt"] == "A diagram"
