"""What an editor's change tells Varnish or the CDN to forget (practice/frontend_cache.py): every
page of the site, once per change, after the change is committed."""

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.documents import get_document_model
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


class Purges:
    """The URLs purged, one set per batch; purges run at once, as a worker would."""

    def __init__(self, capture_on_commit_callbacks):
        self.batches = RecordingBackend.batches = []
        self._capture = capture_on_commit_callbacks

    def committed(self):
        """Run what the block changes as if its transaction committed."""
        return self._capture(execute=True)


@pytest.fixture
def purged(django_capture_on_commit_callbacks):
    with override_settings(
        WAGTAILFRONTENDCACHE={"recording": {"BACKEND": f"{__name__}.RecordingBackend"}},
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    ):
        yield Purges(django_capture_on_commit_callbacks)


@pytest.fixture
def tree(home_page):
    """Home > About > Team, and Home > Fees beside them; none of them in the menus."""
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    team = StandardPageFactory(parent=about, title="Team", slug="team")
    fees = StandardPageFactory(parent=home_page, title="Fees", slug="fees")
    return {"home": home_page, "about": about, "team": team, "fees": fees}


SITEMAP = "http://localhost/sitemap.xml"
EVERY_PAGE = {
    "http://localhost/",
    "http://localhost/about/",
    "http://localhost/about/team/",
    "http://localhost/fees/",
    SITEMAP,
}


def test_publishing_purges_every_page_because_every_page_lists_others(tree, purged):
    with purged.committed():
        tree["team"].save_revision().publish()

    assert purged.batches == [EVERY_PAGE]


def test_publishing_an_article_purges_the_blog_listing_and_its_feeds(home_page, purged):
    blog = BlogIndexPageFactory(parent=home_page)

    with purged.committed():
        ArticlePageFactory(parent=blog, slug="sleep-and-pain")

    assert purged.batches == [
        {
            "http://localhost/",
            "http://localhost/blog/",
            "http://localhost/blog/feed/",
            "http://localhost/blog/feed/atom/",
            "http://localhost/blog/sleep-and-pain/",
            "http://localhost/sitemap.xml",
        }
    ]


def test_unpublishing_purges_the_page_it_took_off_the_site(tree, purged):
    with purged.committed():
        tree["team"].unpublish()

    assert purged.batches == [
        {"http://localhost/", "http://localhost/about/", "http://localhost/fees/", SITEMAP}
    ]


def test_deleting_a_live_page_purges_every_page_once(tree, purged):
    with purged.committed():
        tree["about"].delete()

    assert purged.batches == [{"http://localhost/", "http://localhost/fees/", SITEMAP}]


def test_moving_a_page_purges_its_old_and_new_addresses(tree, purged):
    with purged.committed():
        tree["about"].move(tree["fees"], pos="last-child")

    assert purged.batches == [
        {
            # The old addresses of the page and of the page under it.
            "http://localhost/about/",
            "http://localhost/about/team/",
            # Every page as it is now.
            "http://localhost/",
            "http://localhost/fees/",
            "http://localhost/fees/about/",
            "http://localhost/fees/about/team/",
            "http://localhost/sitemap.xml",
        }
    ]


def test_changing_the_practice_settings_purges_every_page(tree, purged):
    practice_settings = PracticeSettings.objects.get()
    practice_settings.phone = "(555) 010-0100"
    with purged.committed():
        practice_settings.save()

    assert purged.batches == [EVERY_PAGE]


def test_changing_the_physician_purges_every_page(tree, purged):
    physician = PhysicianFactory()
    physician.credentials = "MD"
    with purged.committed():
        physician.save()

    assert purged.batches == [EVERY_PAGE]


def test_a_new_image_purges_nothing_until_a_page_uses_it(tree, purged):
    with purged.committed():
        image = Image.objects.create(title="Waiting room", file=get_test_image_file())
    assert purged.batches == []

    image.title = "The waiting room"
    with purged.committed():
        image.save()
    assert purged.batches == [EVERY_PAGE]


def test_replacing_a_document_purges_every_page(tree, purged):
    with purged.committed():
        document = get_document_model().objects.create(
            title="Fees", file=ContentFile(b"2026 fees", name="fees.txt")
        )
    assert purged.batches == []

    document.file = ContentFile(b"2027 fees", name="fees-2027.txt")
    with purged.committed():
        document.save()
    assert purged.batches == [EVERY_PAGE]


def test_restricting_who_may_see_a_page_purges_it_at_once(tree, purged):
    with purged.committed():
        PageViewRestriction.objects.create(
            page=tree["about"],
            restriction_type=PageViewRestriction.PASSWORD,
            password="staff-only",
        )

    assert purged.batches == [EVERY_PAGE]


def test_saving_a_draft_purges_nothing(tree, purged):
    tree["team"].title = "A draft"
    with purged.committed():
        tree["team"].save_revision()

    assert purged.batches == []


def test_many_changes_in_one_transaction_purge_once(tree, purged):
    with purged.committed(), transaction.atomic():
        for page in (tree["team"], tree["fees"], tree["about"]):
            page.save_revision().publish()

    assert purged.batches == [EVERY_PAGE]


def test_nothing_is_queued_when_no_front_end_cache_is_configured(
    tree, django_capture_on_commit_callbacks
):
    with (
        override_settings(WAGTAILFRONTENDCACHE={}),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tree["team"].save_revision().publish()

    assert not DBTaskResult.objects.filter(task_path__contains="frontend_cache").exists()


def test_with_a_cache_configured_the_purge_waits_in_the_queue_for_a_worker(
    tree, django_capture_on_commit_callbacks
):
    backend = {"recording": {"BACKEND": f"{__name__}.RecordingBackend"}}
    with (
        override_settings(WAGTAILFRONTENDCACHE=backend),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tree["team"].save_revision().publish()

    queued = DBTaskResult.objects.get(task_path__contains="frontend_cache")
    assert "http://localhost/about/team/" in queued.args_kwargs["args"][0]
