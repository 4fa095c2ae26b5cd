import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from practice.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


class TestPageTreeRules(WagtailPageTestCase):
    def test_home_page_lives_only_at_the_root(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)

    def test_standard_pages_live_under_home_or_other_standard_pages(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(Page, StandardPage)


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/", "Care that starts with your goals"),
        ("/about/", "About the practice"),
        ("/privacy/", "Privacy"),
    ],
)
def test_every_public_page_answers_with_its_title(client, initial_content, path, title):
    response = client.get(path)
    assert response.status_code == 200
    assert "<h1" in response.content.decode()
    assert title in response.content.decode()


def test_pages_show_the_practice_details_and_emergency_notice(client, initial_content):
    html = client.get("/about/").content.decode()
    assert "Dr. Joseph Rosado" in html
    assert "In an emergency call 911" in html
    assert 'href="#main"' in html
    assert 'href="/privacy/"' in html


def test_navigation_lists_menu_pages_and_marks_the_current_one(client, initial_content):
    html = client.get("/about/").content.decode()
    assert 'href="/about/" aria-current="page"' in html


def test_unknown_address_gets_the_friendly_404_page(client, initial_content):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()
    assert "Dr. Joseph Rosado" in response.content.decode()


def test_server_error_page_renders_with_status_500(rf, settings):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()
