"""What an editor's change tells Varnish or the CDN to forget (practice/frontend_cache.py)."""

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from practice.models import PracticeSettings
from tests.factories import (
    ArticlePageFactory,
    BlogIndexPageFactory,
    PhysicianFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db

Image = get_image_model()


class RecordingBackend(BaseBackend):
    """Keeps each purge batch instead of sending it."""

    batches: list[set[str]] = []

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        RecordingBackend.batches.append(set(urls))


@pytest.fixture
def purged():
    """The URLs purged during the test, one set per batch; purges run at once, as a worker would."""
    RecordingBackend.batches = []
    with override_settings(
        WAGTAILFRONTENDCACHE={"recording": {"BACKEND": f"{__name__}.RecordingBackend"}},
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    ):
        yield RecordingBackend.batches


@pytest.fixture
def tree(home_page):
    """Home > About > Team, and Home > Fees beside them; none of them in the menus."""
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    team = StandardPageFactory(parent=about, title="Team", slug="team")
    fees = StandardPageFactory(parent=home_page, title="Fees", slug="fees")
    return {"home": home_page, "about": about, "team": team, "fees": fees}


def test_publishing_purges_the_page_the_pages_that_list_it_and_the_sitemap(tree, purged):
    tree["team"].save_revision().publish()

    assert purged == [
        {
            "http://localhost/about/team/",
            "http://localhost/about/",
            "http://localhost/",
            "http://localhost/sitemap.xml",
        }
    ]


def test_publishing_an_article_purges_the_blog_listing_and_its_feeds(home_page, purged):
    blog = BlogIndexPageFactory(parent=home_page)
    purged.clear()

    ArticlePageFactory(parent=blog, slug="sleep-and-pain")

    assert purged == [
        {
            "http://localhost/blog/sleep-and-pain/",
            "http://localhost/blog/",
            "http://localhost/blog/feed/",
            "http://localhost/blog/feed/atom/",
            "http://localhost/",
            "http://localhost/sitemap.xml",
        }
    ]


def test_unpublishing_purges_the_page_and_the_pages_that_listed_it(tree, purged):
    tree["team"].unpublish()

    assert purged == [
        {
            "http://localhost/about/team/",
            "http://localhost/about/",
            "http://localhost/",
            "http://localhost/sitemap.xml",
        }
    ]


def test_deleting_a_live_page_purges_it(tree, purged):
    tree["team"].delete()

    assert len(purged) == 1
    assert "http://localhost/about/team/" in purged[0]
    assert "http://localhost/about/" in purged[0]


def test_a_page_in_the_menus_purges_every_page_because_every_header_shows_it(tree, purged):
    fees = tree["fees"]
    fees.show_in_menus = True
    fees.save_revision().publish()

    assert purged == [
        {
            "http://localhost/",
            "http://localhost/about/",
            "http://localhost/about/team/",
            "http://localhost/fees/",
            "http://localhost/sitemap.xml",
        }
    ]


def test_moving_a_page_purges_its_old_and_new_addresses_and_both_listings(tree, purged):
    tree["about"].move(tree["fees"], pos="last-child")

    assert purged == [
        {
            # The old addresses of the page and of the page under it.
            "http://localhost/about/",
            "http://localhost/about/team/",
            # The new ones.
            "http://localhost/fees/about/",
            "http://localhost/fees/about/team/",
            # The listings it left and joined, and the sitemap.
            "http://localhost/",
            "http://localhost/fees/",
            "http://localhost/sitemap.xml",
        }
    ]


EVERY_PAGE = {
    "http://localhost/",
    "http://localhost/about/",
    "http://localhost/about/team/",
    "http://localhost/fees/",
    "http://localhost/sitemap.xml",
}


def test_changing_the_practice_settings_purges_every_page(tree, purged):
    practice_settings = PracticeSettings.objects.get()
    practice_settings.phone = "(555) 010-0100"
    practice_settings.save()

    assert purged == [EVERY_PAGE]


def test_changing_the_physician_purges_every_page(tree, purged):
    physician = PhysicianFactory()
    physician.credentials = "MD"
    physician.save()

    assert purged == [EVERY_PAGE]


def test_changing_an_image_purges_every_page(tree, purged):
    Image.objects.create(title="Waiting room", file=get_test_image_file())

    assert purged == [EVERY_PAGE]


def test_restricting_who_may_see_a_page_purges_it_at_once(tree, purged):
    PageViewRestriction.objects.create(
        page=tree["about"], restriction_type=PageViewRestriction.PASSWORD, password="staff-only"
    )

    assert purged == [EVERY_PAGE]


def test_nothing_is_queued_when_no_front_end_cache_is_configured(tree):
    with override_settings(WAGTAILFRONTENDCACHE={}):
        tree["team"].save_revision().publish()

    assert not DBTaskResult.objects.filter(task_path__contains="frontend_cache").exists()


def test_with_a_cache_configured_the_purge_waits_in_the_queue_for_a_worker(tree):
    backend = {"recording": {"BACKEND": f"{__name__}.RecordingBackend"}}
    with override_settings(WAGTAILFRONTENDCACHE=backend):
        tree["team"].save_revision().publish()

    queued = DBTaskResult.objects.get(task_path__contains="frontend_cache")
    assert "http://localhost/about/team/" in queued.args_kwargs["args"][0]
