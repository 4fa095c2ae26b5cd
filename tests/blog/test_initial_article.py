"""The physician's article, loaded by `load_initial_content`, published word for word."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from blog.models import ArticlePage, BlogIndexPage
from contact.models import ContactPage
from practice.content import CONTENT_DIR
from practice.models import Physician

from .conftest import soup

pytestmark = pytest.mark.django_db

PROJECT_COPY = CONTENT_DIR / "articles" / "demystifying-ketamine.txt"
# The physician's original, beside the project's checkout when there is one.
SHARED_ORIGINAL = Path(settings.BASE_DIR).parent / "shared" / "content" / "ketamine-article.txt"
ARTICLE_URL = "/blog/demystifying-ketamine/"
HEADING_LINES = [5, 7, 10, 12, 15]


def physician_lines() -> list[str]:
    return PROJECT_COPY.read_text(encoding="utf-8").split("\n")


def block_texts(element) -> list[str]:
    """The text of each paragraph and heading, a <br> starting a new line, as a reader sees it."""
    texts = []
    for block in element.find_all(["p", "h2", "h3"]):
        for br in block.find_all("br"):
            br.replace_with("\n")
        texts.extend(block.get_text().split("\n"))
    return texts


@pytest.mark.skipif(not SHARED_ORIGINAL.exists(), reason="the shared content folder is not here")
def test_project_copy_is_byte_identical_to_the_physicians_original():
    assert PROJECT_COPY.read_bytes() == SHARED_ORIGINAL.read_bytes()


def test_project_copy_keeps_the_curly_quotes_and_has_twenty_two_lines():
    lines = physician_lines()
    assert len(lines) == 22
    assert "’" in lines[1] and "“Joe”" in lines[21]
    assert "'" not in "".join(lines) and '"' not in "".join(lines)


def test_article_page_shows_every_line_exactly_and_in_order(client, initial_content):
    lines = physician_lines()
    response = client.get(ARTICLE_URL)
    assert response.status_code == 200
    page = soup(response)

    assert page.find("h1").get_text() == lines[1]
    assert page.find(class_="standfirst").get_text() == lines[0]
    assert block_texts(page.find(class_="article-body")) == lines[2:]


def test_section_headings_are_h2_and_make_the_table_of_contents(client, initial_content):
    lines = physician_lines()
    page = soup(client.get(ARTICLE_URL))
    headings = page.find(class_="article-body").find_all("h2")
    assert [heading.get_text() for heading in headings] == [lines[n - 1] for n in HEADING_LINES]

    toc_links = page.find("details", class_="toc").find_all("a")
    assert [link.get_text() for link in toc_links] == [lines[n - 1] for n in HEADING_LINES]
    assert [link["href"] for link in toc_links] == [f"#{h['id']}" for h in headings]


def test_contact_me_links_to_the_contact_page(client, initial_content):
    page = soup(client.get(ARTICLE_URL))
    link = page.find(class_="article-body").find("a", string="contact me")
    assert link["href"] == ContactPage.objects.get(slug="contact").url == "/contact/"


def test_article_is_signed_and_written_by_the_physician(client, initial_content):
    article = ArticlePage.objects.get(slug="demystifying-ketamine")
    physician = Physician.objects.get()
    assert article.author == physician
    assert article.live
    assert article.published_date is not None
    assert article.get_parent().specific_class is BlogIndexPage
    assert physician.name in client.get(ARTICLE_URL).content.decode()


def test_blog_index_is_in_the_menu_after_the_about_page(client, initial_content):
    blog = BlogIndexPage.objects.get()
    assert blog.slug == "blog" and blog.show_in_menus
    html = client.get("/").content.decode()
    about_link = html.index('class="main-nav__link" href="/about/"')
    assert about_link < html.index('class="main-nav__link" href="/blog/"')


def test_loading_twice_leaves_one_article_and_keeps_an_editors_changes(initial_content):
    article = ArticlePage.objects.get()
    article.title = "An editor’s better title"
    article.save_revision().publish()
    revisions = article.revisions.count()

    call_command("load_initial_content", verbosity=0)

    assert ArticlePage.objects.count() == 1
    assert BlogIndexPage.objects.count() == 1
    article = ArticlePage.objects.get()
    assert article.title == "An editor’s better title"
    assert article.revisions.count() == revisions
