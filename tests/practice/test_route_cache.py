"""Wagtail's routing is kept between requests (even with the page cache off), and whatever an
editor does to the page tree, its restrictions, the site or its settings shows at once."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from practice.models import PracticeSettings
from practice.page_cache import store
from tests.factories import ArticlePageFactory, BlogIndexPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    # Every request below goes through Django and Wagtail; only the route and fragment caches help.
    settings.PAGE_CACHE_ENABLED = False


def get(client, path, **extra):
    return client.get(path, HTTP_HOST="localhost", **extra)


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, title="About the practice", slug="about")


@pytest.fixture
def article(home_page):
    blog = BlogIndexPageFactory(parent=home_page)
    return ArticlePageFactory(parent=blog, title="Ketamine explained", slug="ketamine")


def test_a_page_rendered_before_is_served_again_without_a_query(
    client, about, article, django_assert_num_queries
):
    for path in ("/", "/about/", "/blog/ketamine/"):
        first = get(client, path)
        assert first.status_code == 200
        with django_assert_num_queries(0):
            second = get(client, path)
        assert second.status_code == 200
        assert second.content == first.content


@pytest.mark.parametrize(("path", "view"), [("/blog/", "listing"), ("/blog/feed/", "rss_feed")])
def test_a_routable_pages_view_is_known_to_templates_as_wagtail_tells_it(
    client, article, path, view
):
    first = get(client, path)
    second = get(client, path)  # From the route cache.

    assert first.wsgi_request.routable_resolver_match.url_name == view
    assert second.wsgi_request.routable_resolver_match.url_name == view
    assert second.content == first.content


def test_with_the_render_cache_off_every_request_routes_afresh(client, about, settings):
    settings.RENDER_CACHE_ENABLED = False
    get(client, "/about/")
    with CaptureQueriesContext(connection) as second:
        get(client, "/about/")
    # The site, the page, its view restrictions (2) and the site's settings, at least.
    assert len(second.captured_queries) >= 5


def test_a_renamed_page_answers_at_its_new_address_only(client, about):
    assert get(client, "/about/").status_code == 200
    about.slug = "about-us"
    about.save_revision().publish()

    assert get(client, "/about/").status_code == 404
    assert get(client, "/about-us/").status_code == 200


def test_an_unpublished_page_is_gone_at_once(client, about):
    assert get(client, "/about/").status_code == 200
    about.unpublish()

    assert get(client, "/about/").status_code == 404


def test_a_moved_page_answers_at_its_new_address_only(client, home_page, about):
    section = StandardPageFactory(parent=home_page, title="Practice", slug="practice")
    assert get(client, "/about/").status_code == 200
    about.move(section, pos="last-child")

    old_address = get(client, "/about/")  # Wagtail leaves a redirect behind.
    assert (old_address.status_code, old_address["Location"]) == (301, "/practice/about/")
    assert get(client, "/practice/about/").status_code == 200


def test_a_deleted_page_is_gone_at_once(client, about):
    assert get(client, "/about/").status_code == 200
    Page.objects.get(pk=about.pk).delete()

    assert get(client, "/about/").status_code == 404


def test_a_view_restriction_added_later_is_enforced_at_once(client, about):
    assert "About the practice" in get(client, "/about/").content.decode()
    PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-enough"
    )

    response = get(client, "/about/")
    assert "password" in response.content.decode().lower()
    assert "About the practice</h1>" not in response.content.decode()


def test_a_kept_view_restriction_is_still_checked_for_each_visitor(client, about):
    restriction = PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-enough"
    )
    get(client, "/about/")  # Keeps the route, with its restriction.
    response = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{about.pk}/",
        {"password": "s3cret-enough", "return_url": "/about/"},
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302

    assert "About the practice</h1>" in get(client, "/about/").content.decode()
    client.cookies.clear()  # Another visitor, who has not given the password.
    assert "About the practice</h1>" not in get(client, "/about/").content.decode()


def test_a_changed_site_setting_shows_at_once(client, about):
    get(client, "/about/")
    practice = PracticeSettings.objects.get()
    practice.practice_name = "Rosado Family Medicine"
    practice.save()

    assert "Rosado Family Medicine" in get(client, "/about/").content.decode()


def test_a_site_moved_to_another_host_no_longer_answers_on_the_old_one(client, about, settings):
    settings.ALLOWED_HOSTS = ["localhost", "practice.example"]
    assert get(client, "/about/").status_code == 200
    site = Site.objects.get()
    site.hostname = "practice.example"
    site.is_default_site = False
    site.save()

    assert get(client, "/about/").status_code == 404
    assert client.get("/about/", HTTP_HOST="practice.example").status_code == 200


def test_a_made_up_address_is_never_kept(client, home_page):
    before = len(caches["generational"]._cache)
    for number in range(5):
        assert get(client, f"/no-such-page-{number}/").status_code == 404

    assert len(caches["generational"]._cache) == before


def test_pages_are_served_while_the_cache_is_down(client, about, monkeypatch):
    get(client, "/about/")

    def cache_down(*args, **kwargs):
        raise ConnectionError("the cache server is down")

    monkeypatch.setattr(store, "get_entry", cache_down)
    monkeypatch.setattr(store, "save_entry", cache_down)
    response = get(client, "/about/")
    assert response.status_code == 200
    assert "About the practice" in response.content.decode()


def test_kept_routes_of_an_older_generation_are_not_served(client, about):
    get(client, "/about/")
    # Another worker (or server) saw an editor's change: only the shared generation moved on.
    caches["default"].set(store.GENERATION_KEY, store.new_generation(), timeout=None)
    Page.objects.filter(pk=about.pk).update(live=False)  # As that change left the database.

    assert get(client, "/about/").status_code == 404


@pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs REDIS_URL")
def test_routes_are_shared_with_other_workers_through_redis(client, about):
    get(client, "/about/")
    caches["generational"].clear()  # Another worker: nothing of this one's own memory.

    response = get(client, "/about/")
    assert response.status_code == 200
    assert response.wsgi_request._wagtail_route_for_request[0].pk == about.pk
