"""Pages are served through one read of the page tree (practice/page_tree.py), and answer exactly as
Wagtail's own routing would: the same page, the same 404s, the same view restrictions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from blog.models import ArticlePage
from practice.models import StandardPage
from tests.factories import (
    ArticlePageFactory,
    BlogIndexPageFactory,
    ContactPageFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def tree(home_page):
    """Home > About > Team > Nurses; Home > Blog > an article; Home > Contact."""
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    team = StandardPageFactory(parent=about, title="Team", slug="team")
    nurses = StandardPageFactory(parent=team, title="Our nurses", slug="nurses")
    blog = BlogIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=blog, title="Sleep and pain", slug="sleep-and-pain")
    contact = ContactPageFactory(parent=home_page)
    return {
        "home": home_page,
        "about": about,
        "team": team,
        "nurses": nurses,
        "blog": blog,
        "article": article,
        "contact": contact,
    }


def get(client, path):
    return client.get(path, HTTP_HOST="localhost")


def test_a_page_deep_in_the_tree_is_found(client, tree):
    response = get(client, "/about/team/nurses/")

    assert response.status_code == 200
    assert response.context["page"] == tree["nurses"]
    assert isinstance(response.context["page"], StandardPage)


def test_the_page_is_read_once_with_its_byline(client, tree):
    get(client, tree["article"].url)
    with CaptureQueriesContext(connection) as queries:
        response = get(client, tree["article"].url)

    assert response.status_code == 200
    article_reads = [
        query["sql"] for query in queries.captured_queries if '"blog_articlepage"' in query["sql"]
    ]
    # The page itself, with its author joined in, and the related articles: no read of the
    # author, the reviewer or the listing image on their own.
    assert len(article_reads) == 2
    assert '"practice_physician"' in article_reads[0]


@pytest.mark.parametrize("path", ["/about/nobody/", "/nowhere/", "/about/team/nurses/more/"])
def test_addresses_without_a_page_answer_not_found(client, tree, path):
    assert get(client, path).status_code == 404


def test_a_draft_answers_not_found_and_a_live_page_below_it_still_answers(client, tree):
    tree["team"].unpublish()

    assert get(client, "/about/team/").status_code == 404
    assert get(client, "/about/team/nurses/").status_code == 200


def test_a_routable_page_answers_its_own_routes_before_a_child_of_the_same_name(client, tree):
    ArticlePageFactory(parent=tree["blog"], title="About feeds", slug="feed")

    feed = get(client, "/blog/feed/")

    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/rss+xml")


def test_a_routable_page_passes_other_addresses_to_its_children(client, tree):
    response = get(client, "/blog/sleep-and-pain/")

    assert response.status_code == 200
    assert isinstance(response.context["page"], ArticlePage)


def test_the_contact_form_and_its_thank_you_page_are_routed(client, tree):
    assert get(client, "/contact/").status_code == 200
    assert get(client, "/contact/thank-you/").status_code == 200


def test_a_password_on_a_section_still_guards_every_page_in_it(client, tree):
    PageViewRestriction.objects.create(
        page=tree["about"], restriction_type=PageViewRestriction.PASSWORD, password="staff-only"
    )

    for path in ("/about/", "/about/team/nurses/"):
        response = get(client, path)
        assert response.status_code == 200
        assert "Our nurses" not in response.content.decode()
        assert 'name="password"' in response.content.decode()


def test_an_alias_of_a_guarded_page_is_guarded_too(client, tree):
    PageViewRestriction.objects.create(
        page=tree["team"], restriction_type=PageViewRestriction.PASSWORD, password="staff-only"
    )
    tree["team"].create_alias(parent=tree["home"], update_slug="our-team")

    response = get(client, "/our-team/")

    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_the_password_form_is_answered_by_wagtail(client, tree):
    restriction = PageViewRestriction.objects.create(
        page=tree["about"], restriction_type=PageViewRestriction.PASSWORD, password="staff-only"
    )
    form = get(client, "/about/team/")
    action = f"/_util/authenticate_with_password/{restriction.pk}/{tree['team'].pk}/"
    assert action in form.content.decode()

    passed = client.post(
        action,
        {"password": "staff-only", "return_url": "/about/team/"},
        HTTP_HOST="localhost",
    )
    assert passed.status_code == 302

    assert "Team" in get(client, "/about/team/").content.decode()


def test_unrestricted_pages_are_served_without_reading_view_restrictions(client, tree):
    get(client, "/about/team/nurses/")
    with CaptureQueriesContext(connection) as queries:
        get(client, "/about/team/nurses/")

    reads = [query["sql"] for query in queries.captured_queries]
    assert not any(sql.startswith('SELECT "wagtailcore_pageviewrestriction"') for sql in reads)


def test_links_in_rich_text_point_at_their_pages(client, tree):
    links = (
        f'<p>Write to us on <a linktype="page" id="{tree["contact"].pk}">the contact page</a>, '
        f'read <a linktype="page" id="{tree["article"].pk}">the article</a>, or see '
        f'<a linktype="page" id="999999">a page deleted since</a>.</p>'
    )
    page = tree["about"]
    page.body = [{"type": "paragraph", "value": links}]
    page.save_revision().publish()

    html = get(client, "/about/").content.decode()

    assert '<a href="/contact/">the contact page</a>' in html
    assert '<a href="/blog/sleep-and-pain/">the article</a>' in html
    assert "<a>a page deleted since</a>" in html
