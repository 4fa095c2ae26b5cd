"""Factories that build pages, snippets and settings for the tests. No JSON fixtures."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page, Site

from blog.models import ArticlePage, BlogIndexPage
from contact.models import (
    ContactPage,
    Inquiry,
    InquiryNote,
    InquiryStatusChange,
    Status,
    Topic,
)
from practice.models import HomePage, Physician, PracticeSettings, StandardPage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@practice.example")
    password = factory.django.Password("a-long-test-password")


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class PhysicianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Physician
        django_get_or_create = ("name",)

    name = "Dr. Joseph “Joe” Rosado"


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Welcome"
    slug = "home"
    intro = "A physician who partners with his patients."


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Standard page {n}")
    intro = "A short summary."


def make_site() -> HomePage:
    """A default site whose root is a fresh home page, with the practice's settings."""
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    PracticeSettings.objects.create(
        site=site,
        practice_name="Dr. Joseph Rosado",
        physician=PhysicianFactory(),
        emergency_notice="In an emergency call 911. In a mental-health crisis call or text 988.",
        medical_disclaimer="For information, not medical advice.",
    )
    return home


class ContactPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ContactPage

    title = "Contact"
    slug = "contact"
    intro = "<p>Ask a question.</p>"
    thank_you_text = "<p>We will be in touch.</p>"


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inquiry

    name = factory.Sequence(lambda n: f"Patient {n}")
    email = factory.Sequence(lambda n: f"patient{n}@mail.example")
    phone = "(555) 010-0199"
    topic = Topic.GENERAL
    message = "I would like to know more about a first appointment."
    consented_at = factory.LazyFunction(timezone.now)


# --- The inquiry review queue (contact/review) -----------------------------------------------

REVIEWERS_GROUP = "Inquiry reviewers"
# Made by Wagtail's own migrations: page editing across the whole tree, and admin access.
EDITORS_GROUP = "Editors"


class ReviewerFactory(UserFactory):
    """A member of the "Inquiry reviewers" group that the contact migration creates."""

    class Meta:
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"reviewer{n}")
    first_name = factory.Sequence(lambda n: f"Reviewer{n}")
    last_name = "Staff"

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=REVIEWERS_GROUP))


class EditorFactory(UserFactory):
    """An editor who can edit every page but is not a reviewer."""

    class Meta:
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"editor{n}")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=EDITORS_GROUP))


class InquiryNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InquiryNote

    inquiry = factory.SubFactory(InquiryFactory)
    author = factory.SubFactory(ReviewerFactory)
    text = "Called back, left a voicemail."


class InquiryStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InquiryStatusChange

    inquiry = factory.SubFactory(InquiryFactory)
    from_status = Status.NEW
    to_status = Status.IN_REVIEW
    changed_by = factory.SubFactory(ReviewerFactory)


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BlogIndexPage

    title = "Blog"
    slug = "blog"
    intro = "Articles about the science behind the treatments."


class ArticlePageFactory(wagtail_factories.PageFactory):
    """A published article (through a revision, as an editor publishes it), with optional tags:
    ArticlePageFactory(parent=blog, tags=["Ketamine"]); publish=False leaves it unpublished."""

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article {n}")
    intro = "What this article is about, in the author's words."
    author = factory.SubFactory(PhysicianFactory)
    body = factory.LazyFunction(
        lambda: [
            {"type": "heading", "value": {"text": "How it works", "level": "h2"}},
            {"type": "paragraph", "value": "<p>A paragraph of the article.</p>"},
        ]
    )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(*extracted)
            if create:
                self.save()

    @factory.post_generation
    def publish(self, create, extracted, **kwargs):
        if create and extracted is not False:
            self.save_revision().publish()
            # Publishing saves a copy made from the revision; pick up its dates.
            self.refresh_from_db()


# --- Signing in: second factors (practice/sign_in) -------------------------------------------


class AuthenticatorAppFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator app (django-otp's TOTP device) for `user`."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True


def current_code(device: TOTPDevice) -> str:
    """The code the person's app shows right now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
