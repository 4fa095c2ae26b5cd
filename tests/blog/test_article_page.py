"""What a visitor sees on an article, and what editors can and cannot build."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from blog.blocks import ReferenceBlock, parse_source_identifier
from blog.models import ArticlePage, BlogIndexPage
from contact.models import ContactPage
from practice.models import HomePage, Physician, StandardPage
from tests.factories import ArticlePageFactory, PhysicianFactory

from .conftest import soup

pytestmark = pytest.mark.django_db


class TestPageTreeRules(WagtailPageTestCase):
    def test_the_blog_lives_only_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, BlogIndexPage)
        self.assertCanNotCreateAt(Page, BlogIndexPage)
        self.assertCanNotCreateAt(StandardPage, BlogIndexPage)
        self.assertCanNotCreateAt(BlogIndexPage, BlogIndexPage)

    def test_articles_live_only_under_the_blog(self):
        self.assertCanCreateAt(BlogIndexPage, ArticlePage)
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(StandardPage, ArticlePage)
        self.assertCanNotCreateAt(ContactPage, ArticlePage)
        self.assertCanNotCreateAt(ArticlePage, ArticlePage)
        self.assertCanNotCreateAt(ArticlePage, StandardPage)


def test_there_can_be_only_one_blog(blog_index):
    assert not BlogIndexPage.can_create_at(blog_index.get_parent())


def article_with_body(blog_index, body, **kwargs):
    return ArticlePageFactory(parent=blog_index, body=body, **kwargs)


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def test_headings_with_the_same_text_get_different_anchors(client, blog_index):
    article = article_with_body(
        blog_index,
        [
            heading("Risks"),
            paragraph("<p>One.</p>"),
            heading("Risks"),
            heading("Contents"),  # the table of contents' own id
            heading("In children", level="h3"),
        ],
    )
    page = soup(client.get(article.url))
    ids = [h["id"] for h in page.find(class_="article-body").find_all(["h2", "h3"])]
    assert ids == ["risks", "risks-2", "contents-2", "in-children"]
    all_ids = [element["id"] for element in page.find_all(id=True)]
    assert len(all_ids) == len(set(all_ids))

    toc = page.find("details", class_="toc")
    assert [a["href"] for a in toc.find_all("a")] == [
        "#risks",
        "#risks-2",
        "#contents-2",
        "#in-children",
    ]
    # Subsections nest under their section.
    assert toc.select("ol ol a")[0]["href"] == "#in-children"


def test_table_of_contents_needs_no_javascript(client, blog_index):
    article = article_with_body(blog_index, [heading("Dosing"), paragraph("<p>Text.</p>")])
    page = soup(client.get(article.url))
    assert page.find("details", class_="toc").find("summary")
    assert not page.find("script", src=True)
    assert all(script["type"] == "application/ld+json" for script in page.find_all("script"))


def test_references_are_a_numbered_list_with_doi_and_pubmed_links(client, blog_index):
    references = {
        "type": "references",
        "value": [
            {
                "citation": "Berman RM, et al. Biol Psychiatry. 2000.",
                "identifier": "PMID: 10686270",
            },
            {
                "citation": "Zarate CA Jr, et al. Arch Gen Psychiatry. 2006.",
                "identifier": "https://doi.org/10.1001/archpsyc.63.8.856",
            },
            {"citation": "A web page.", "identifier": "", "url": "https://example.org/page"},
        ],
    }
    article = article_with_body(blog_index, [heading("Evidence"), references])
    page = soup(client.get(article.url))
    items = page.find("section", class_="references").find("ol").find_all("li")
    assert len(items) == 3
    assert items[0].find("a")["href"] == "https://pubmed.ncbi.nlm.nih.gov/10686270/"
    assert items[1].find("a")["href"] == "https://doi.org/10.1001/archpsyc.63.8.856"
    assert items[2].find("a")["href"] == "https://example.org/page"
    toc_links = page.find("details", class_="toc").find_all("a")
    assert toc_links[-1]["href"] == "#references"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10.1001/archpsyc.63.8.856", ("doi", "10.1001/archpsyc.63.8.856")),
        ("doi:10.1056/NEJMoa1507210", ("doi", "10.1056/NEJMoa1507210")),
        ("https://doi.org/10.1056/NEJMoa1507210", ("doi", "10.1056/NEJMoa1507210")),
        ("PMID: 26527365", ("pmid", "26527365")),
        ("26527365", ("pmid", "26527365")),
        ("https://pubmed.ncbi.nlm.nih.gov/26527365/", ("pmid", "26527365")),
        ("not an identifier", ("", "")),
        ("javascript:alert(1)", ("", "")),
    ],
)
def test_source_identifiers_are_read_as_doi_or_pubmed(typed, expected):
    assert parse_source_identifier(typed) == expected


def test_a_reference_with_a_wrong_identifier_tells_the_editor_what_to_enter():
    block = ReferenceBlock()
    value = block.to_python({"citation": "A paper.", "identifier": "nonsense", "url": ""})
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "DOI" in str(error.value.block_errors["identifier"])


def test_byline_names_the_reviewer_and_review_date_when_both_are_set(client, blog_index):
    reviewer = PhysicianFactory(name="Dr. Ada Reviewer", credentials="MD")
    article = ArticlePageFactory(
        parent=blog_index, reviewer=reviewer, last_reviewed=datetime.date(2025, 3, 4)
    )
    text = soup(client.get(article.url)).find(class_="byline").get_text(" ", strip=True)
    assert "Medically reviewed by Dr. Ada Reviewer, MD on March 4, 2025" in text

    unreviewed = ArticlePageFactory(parent=blog_index, reviewer=reviewer)
    assert "Medically reviewed" not in client.get(unreviewed.url).content.decode()


def test_every_article_carries_the_disclaimer_from_the_settings_and_a_way_to_get_in_touch(
    client, blog_index, contact_page
):
    article = ArticlePageFactory(parent=blog_index)
    page = soup(client.get(article.url))
    assert "For information, not medical advice." in page.find(class_="disclaimer").get_text()
    assert page.find(class_="cta-panel").find("a")["href"] == contact_page.url


def test_published_date_defaults_to_the_day_of_first_publication(blog_index):
    article = ArticlePageFactory(parent=blog_index)
    article.refresh_from_db()
    assert article.published_date == timezone.localdate(article.first_published_at)
    # Editing and publishing again later does not move the date.
    article.published_date = None
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.published_date == timezone.localdate(article.first_published_at)

    dated = ArticlePageFactory(parent=blog_index, published_date=datetime.date(2024, 5, 1))
    dated.refresh_from_db()
    assert dated.published_date == datetime.date(2024, 5, 1)


def test_reading_time_counts_the_words_of_the_body(blog_index):
    # 656 words in the body and 4 in the standfirst: three minutes at 220 words a minute.
    words = " ".join(["word"] * 656)
    article = ArticlePageFactory(
        parent=blog_index, intro="Four words of standfirst.", body=[paragraph(f"<p>{words}</p>")]
    )
    assert article.reading_time_minutes == 3
    article.body = [paragraph(f"<p>{words} and one more</p>")]
    del article.word_count, article.reading_time_minutes
    assert article.reading_time_minutes == 4
    short = ArticlePageFactory(parent=blog_index, body=[paragraph("<p>Short.</p>")])
    assert short.reading_time_minutes == 1


def test_related_articles_share_tags_first_then_are_the_most_recent(client, blog_index):
    day = datetime.date(2025, 1, 1)
    article = ArticlePageFactory(parent=blog_index, tags=["Ketamine", "Depression"])
    both = ArticlePageFactory(
        parent=blog_index, tags=["Ketamine", "Depression"], published_date=day
    )
    one = ArticlePageFactory(
        parent=blog_index, tags=["Depression"], published_date=day + datetime.timedelta(days=5)
    )
    newest_untagged = ArticlePageFactory(
        parent=blog_index, published_date=day + datetime.timedelta(days=30)
    )
    ArticlePageFactory(parent=blog_index, published_date=day - datetime.timedelta(days=30))
    ArticlePageFactory(parent=blog_index, tags=["Ketamine"], publish=False, live=False)

    assert article.related_articles() == [both, one, newest_untagged]
    page = soup(client.get(article.url))
    related = page.find("section", class_="related-articles").find_all("h3")
    assert [h.get_text(strip=True) for h in related] == [
        both.title,
        one.title,
        newest_untagged.title,
    ]


def test_an_article_without_an_author_still_renders(client, blog_index):
    article = ArticlePageFactory(parent=blog_index)
    Physician.objects.filter(pk=article.author_id).delete()
    response = client.get(article.url)
    assert response.status_code == 200
    assert "By " not in soup(response).find(class_="byline").get_text()


def test_preview_shows_the_real_page_with_unsaved_changes(blog_index):
    article = ArticlePageFactory(parent=blog_index, tags=["Ketamine"])
    draft = article.get_latest_revision_as_object()
    draft.title = "A draft title"
    draft.tags.add("Anxiety")
    draft.body = [heading("A new section"), paragraph("<p>Draft text.</p>")]

    response = draft.make_preview_request()

    page = soup(response)
    assert response.status_code == 200
    assert page.find("h1").get_text() == "A draft title"
    assert [a.get_text() for a in page.find(class_="article-tags").find_all("a")] == [
        "Anxiety",
        "Ketamine",
    ]
    assert page.find("details", class_="toc").find("a")["href"] == "#a-new-section"


def test_editors_get_the_article_and_blog_forms(admin_client, blog_index):
    article = ArticlePageFactory(parent=blog_index)
    add_url = f"/admin/pages/add/blog/articlepage/{blog_index.pk}/"
    assert admin_client.get(add_url).status_code == 200
    edit = admin_client.get(f"/admin/pages/{article.pk}/edit/")
    assert edit.status_code == 200
    html = edit.content.decode()
    for label in ("DOI or PubMed ID", "Standfirst", "Medical reviewer", "Listing image"):
        assert label in html
    assert admin_client.get(f"/admin/pages/{blog_index.pk}/edit/").status_code == 200
