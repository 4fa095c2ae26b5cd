import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from contact.models import ContactPage
from practice.models import HomePage, Physician, PracticeSettings, StandardPage

pytestmark = pytest.mark.django_db


def load():
    call_command("load_initial_content", verbosity=0)


def test_running_the_command_twice_leaves_one_of_everything():
    load()
    load()
    assert HomePage.objects.count() == 1
    assert StandardPage.objects.filter(slug="about").count() == 1
    assert StandardPage.objects.filter(slug="privacy").count() == 1
    assert ContactPage.objects.count() == 1
    assert Physician.objects.count() == 1
    assert PracticeSettings.objects.count() == 1
    assert Site.objects.count() == 1


def test_wagtails_placeholder_welcome_page_is_replaced_by_the_home_page():
    load()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_an_editors_changes_survive_a_second_run():
    load()
    about = StandardPage.objects.get(slug="about")
    about.title = "About Dr. Rosado"
    about.save_revision().publish()
    practice = PracticeSettings.objects.get()
    practice.phone = "(555) 010-0199"
    practice.save()

    load()

    assert StandardPage.objects.get(slug="about").title == "About Dr. Rosado"
    assert PracticeSettings.objects.get().phone == "(555) 010-0199"


def test_only_what_the_practice_gave_is_filled_in():
    load()
    physician = Physician.objects.get()
    assert physician.name == "Dr. Joseph “Joe” Rosado"
    assert physician.credentials == ""
    assert physician.photo is None
    assert physician.bio == ""
    practice = PracticeSettings.objects.get()
    assert (practice.phone, practice.email, practice.address, practice.hours) == ("", "", "", "")
    assert "911" in practice.emergency_notice
    assert "988" in practice.emergency_notice
    assert practice.privacy_page.slug == "privacy"


def test_every_initial_page_is_live():
    load()
    assert all(page.live for page in Page.objects.filter(depth__gte=2))
