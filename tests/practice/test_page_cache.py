"""The page cache: anonymous visitors get stored pages; editors' changes show at once."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from practice.models import Physician, PracticeSettings
from practice.page_cache import store
from tests.factories import ContactPageFactory, StandardPageFactory, SuperuserFactory

pytestmark = pytest.mark.django_db

MAX_HOME_PAGE_QUERIES = 12


def get(client, path, **extra):
    # The test site answers on localhost (tests/factories.make_site).
    return client.get(path, HTTP_HOST="localhost", **extra)


def cache_state(response) -> str | None:
    return response.headers.get("X-Page-Cache")


@pytest.fixture
def article(home_page):
    return StandardPageFactory(parent=home_page, title="Living with chronic pain", slug="pain")


def test_second_anonymous_visit_is_served_from_the_cache_without_a_query(
    client, article, django_assert_num_queries
):
    first = get(client, "/pain/")
    assert first.status_code == 200
    assert cache_state(first) == "miss"

    with django_assert_num_queries(0):
        second = get(client, "/pain/")
    assert cache_state(second) == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_cached_pages_tell_browsers_and_shared_caches_how_long_to_keep_them(client, article):
    for response in (get(client, "/pain/"), get(client, "/pain/")):
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=60", "s-maxage=300"}
        assert response["ETag"]


def test_a_revisit_with_the_same_etag_gets_not_modified(client, article):
    etag = get(client, "/pain/")["ETag"]
    response = get(client, "/pain/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_head_requests_are_answered_from_the_cache(client, article):
    get(client, "/pain/")
    response = client.head("/pain/", HTTP_HOST="localhost")
    assert cache_state(response) == "hit"
    assert response.content == b""


def test_publishing_a_change_shows_at_once(client, article):
    get(client, "/pain/")
    article.title = "Chronic pain: what helps"
    article.save_revision().publish()

    response = get(client, "/pain/")
    assert cache_state(response) == "miss"
    assert "Chronic pain: what helps" in response.content.decode()


def test_publishing_a_new_page_updates_the_menu_on_every_cached_page(client, article):
    assert "Our fees" not in get(client, "/pain/").content.decode()
    fees = StandardPageFactory.build(title="Our fees", slug="fees", show_in_menus=True, live=False)
    article.get_parent().add_child(instance=fees)
    fees.save_revision().publish()

    assert "Our fees" in get(client, "/pain/").content.decode()


def test_unpublishing_takes_the_page_off_the_site_at_once(client, article):
    get(client, "/pain/")
    article.unpublish()
    assert get(client, "/pain/").status_code == 404


def test_deleting_takes_the_page_off_the_site_at_once(client, article):
    get(client, "/pain/")
    article.delete()
    assert get(client, "/pain/").status_code == 404


def test_moving_a_page_changes_its_address_at_once(client, home_page, article):
    services = StandardPageFactory(parent=home_page, title="Services", slug="services")
    get(client, "/pain/")
    article.move(services, pos="last-child")

    # Wagtail leaves a redirect at the old address.
    old_address = get(client, "/pain/")
    assert old_address.status_code == 301
    assert old_address["Location"] == "/services/pain/"
    assert get(client, "/services/pain/").status_code == 200


def test_scheduled_publishing_shows_when_the_command_runs(client, article):
    article.title = "Pain care, updated"
    revision = article.save_revision(approved_go_live_at=timezone.now() + timedelta(hours=1))
    assert "Pain care, updated" not in get(client, "/pain/").content.decode()
    assert cache_state(get(client, "/pain/")) == "hit"

    # The hour passes without any save or signal; only the command publishes.
    type(revision).objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - timedelta(minutes=1)
    )
    call_command("publish_scheduled", verbosity=0)

    assert "Pain care, updated" in get(client, "/pain/").content.decode()


def test_scheduled_expiry_takes_the_page_off_the_site_when_the_command_runs(client, article):
    type(article).objects.filter(pk=article.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    assert cache_state(get(client, "/pain/")) == "miss"
    call_command("publish_scheduled", verbosity=0)

    assert get(client, "/pain/").status_code == 404


def test_changing_the_practice_settings_shows_on_every_page_at_once(client, home_page, article):
    get(client, "/")
    get(client, "/pain/")
    practice = PracticeSettings.objects.get()
    practice.phone = "(555) 010-4242"
    practice.save()

    for path in ("/", "/pain/"):
        assert "(555) 010-4242" in get(client, path).content.decode()


def test_editing_a_snippet_shown_in_the_footer_shows_at_once(client, article):
    get(client, "/pain/")
    physician = Physician.objects.get()
    physician.credentials = "MD, FACP"
    physician.save()

    assert "MD, FACP" in get(client, "/pain/").content.decode()


def test_a_page_given_a_password_is_no_longer_served_from_the_cache(client, article):
    get(client, "/pain/")
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-words"
    )
    response = get(client, "/pain/")
    assert cache_state(response) is None
    assert "Living with chronic pain</h1>" not in response.content.decode()


def test_logged_in_editors_neither_get_nor_fill_cached_pages(client, article):
    get(client, "/pain/")
    client.force_login(SuperuserFactory())

    response = get(client, "/pain/")
    assert cache_state(response) is None
    assert "private" in response["Cache-Control"]

    client.logout()
    client.cookies.clear()
    assert cache_state(get(client, "/pain/")) == "hit"


def test_an_editors_view_of_a_page_is_never_stored_for_visitors(client, article):
    client.force_login(SuperuserFactory())
    get(client, "/pain/")
    client.logout()
    client.cookies.clear()

    assert cache_state(get(client, "/pain/")) == "miss"


def test_posts_are_never_answered_from_the_cache(client, article):
    get(client, "/pain/")
    response = client.post("/pain/", {"anything": "at all"}, HTTP_HOST="localhost")
    assert cache_state(response) is None


def test_previews_show_the_draft_even_when_the_live_page_is_cached(client, article):
    get(client, "/pain/")
    article.title = "A draft nobody has published"
    article.save_revision()
    live = get(client, "/pain/")
    assert cache_state(live) == "hit"
    assert "A draft nobody has published" not in live.content.decode()

    preview = article.make_preview_request()
    assert "A draft nobody has published" in preview.content.decode()
    assert "private" in preview["Cache-Control"]


def test_missing_pages_are_not_stored(client, home_page):
    for _ in range(2):
        response = get(client, "/no-such-page/")
        assert response.status_code == 404
        assert cache_state(response) is None
        assert "private" in response["Cache-Control"]


def test_the_admin_is_never_cached_or_marked_public(admin_client):
    for _ in range(2):
        response = admin_client.get("/admin/")
        assert cache_state(response) is None
        assert "public" not in response["Cache-Control"]


def test_the_cache_can_be_switched_off(client, article, settings):
    settings.PAGE_CACHE_ENABLED = False
    for _ in range(2):
        response = get(client, "/pain/")
        assert cache_state(response) is None
        assert "public" in response["Cache-Control"]


@pytest.mark.urls("tests.practice.page_cache_urls")
class TestWhatIsNeverStored:
    def test_a_page_that_used_the_csrf_token_is_never_stored(self, client):
        first = client.get("/with-csrf-token/")
        assert "csrfmiddlewaretoken" in first.content.decode()
        # Even a visitor who already holds the CSRF cookie must not get anyone else's token.
        second = client.get("/with-csrf-token/")
        assert cache_state(first) is None
        assert cache_state(second) is None
        assert "private" in second["Cache-Control"]

    def test_a_response_that_sets_a_cookie_is_never_stored(self, client):
        first = client.get("/sets-a-cookie/")
        client.cookies.clear()
        second = client.get("/sets-a-cookie/")
        assert cache_state(second) is None
        assert first.content != second.content

    def test_a_response_marked_private_is_never_stored(self, client):
        first = client.get("/private/")
        second = client.get("/private/")
        assert cache_state(second) is None
        assert first.content != second.content
        assert second["Cache-Control"] == "private"

    def test_the_query_parameters_pages_read_are_part_of_the_key(self, client):
        second = client.get("/echo/?page=2")
        assert cache_state(client.get("/echo/?page=2")) == "hit"
        third = client.get("/echo/?page=3")
        assert cache_state(third) == "miss"
        assert b"of page 3" in third.content
        assert client.get("/echo/?page=2").content == second.content

    def test_tracking_and_junk_parameters_share_the_entry_of_the_address_without_them(self, client):
        plain = client.get("/echo/?page=2")
        for number in range(500):
            response = client.get(f"/echo/?utm_source=mail-{number}&page=2&x{number}=y")
            assert cache_state(response) == "hit"
            assert response.content == plain.content


@pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs REDIS_URL")
def test_pages_and_invalidation_are_shared_through_redis(client, article):
    get(client, "/pain/")
    # A connection of its own, as another gunicorn worker would have.
    other_worker = caches.create_connection(store.CACHE_ALIAS)
    generation = other_worker.get(store.GENERATION_KEY)
    stored = other_worker.get(store.page_key("http://localhost/pain/", compressed=False))
    assert stored is not None
    assert stored.generation == generation

    other_worker.set(store.GENERATION_KEY, store.new_generation(), timeout=None)
    assert cache_state(get(client, "/pain/")) == "miss"


def test_home_page_needs_only_a_handful_of_queries(
    client, initial_content, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_ENABLED = False
    get(client, "/")  # Wagtail keeps the sites' root paths in the cache.
    # Site, page, view restrictions (2), settings with physician and privacy page, breadcrumbs,
    # menu, contact link; the blog index and the latest articles with tags, images, renditions.
    with django_assert_max_num_queries(MAX_HOME_PAGE_QUERIES):
        response = client.get("/")
    assert response.status_code == 200


def test_a_cache_outage_neither_breaks_pages_nor_stops_editors(client, article, monkeypatch):
    def cache_down(*args, **kwargs):
        raise ConnectionError("the cache server is down")

    for name in ("lookup", "save", "bump_generation"):
        monkeypatch.setattr(store, name, cache_down)

    article.title = "Published while the cache was down"
    article.save_revision().publish()
    response = get(client, "/pain/")
    assert response.status_code == 200
    assert "Published while the cache was down" in response.content.decode()
    assert cache_state(response) is None


def test_the_contact_page_and_its_thank_you_page_are_never_cached(client, home_page):
    ContactPageFactory(parent=home_page)
    for path in ("/contact/", "/contact/", "/contact/thank-you/", "/contact/thank-you/"):
        response = get(client, path)
        assert response.status_code == 200
        assert cache_state(response) is None
        assert "no-store" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]


def test_a_visitor_who_used_the_contact_form_still_gets_cached_pages(client, home_page, article):
    ContactPageFactory(parent=home_page)
    get(client, "/pain/")
    get(client, "/contact/")
    assert client.cookies.get(django_settings.CSRF_COOKIE_NAME)
    assert cache_state(get(client, "/pain/")) == "hit"
