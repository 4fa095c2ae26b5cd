"""Fixtures for the contact tests: the contact form as a browser sends it, and the review queue's
people and inquiries."""

import datetime
import re
import socket
import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from contact.forms import FormKey
from practice.models import PracticeSettings
from tests.factories import (
    ContactPageFactory,
    EditorFactory,
    InquiryFactory,
    ReviewerFactory,
    StandardPageFactory,
    SuperuserFactory,
)

STAFF_EMAIL = "reviewers@practice.example"
PRACTICE_PHONE = "(555) 010-0199"


@pytest.fixture(autouse=True)
def fresh_rate_limit_counts():
    # Every test starts with no submissions counted from the test client's address.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def contact_page(home_page):
    privacy = StandardPageFactory(parent=home_page, title="Privacy", slug="privacy")
    practice = PracticeSettings.objects.get()
    practice.phone = PRACTICE_PHONE
    practice.privacy_page = privacy
    practice.inquiry_recipients = STAFF_EMAIL
    practice.save()
    return ContactPageFactory(
        parent=home_page,
        privacy_notice="<p>Read only by the staff who answer inquiries.</p>",
        thank_you_title="Thank you for getting in touch",
    )


@pytest.fixture
def csrf_client():
    """A browser-like client: CSRF is checked as it is for real visitors."""
    return Client(enforce_csrf_checks=True)


def form_key(seconds_ago: float = 60) -> str:
    """The signed key of a form rendered `seconds_ago` (a person takes a while to write)."""
    return FormKey.issue(rendered_at=time.time() - seconds_ago).sign()


def inquiry_data(**overrides) -> dict:
    data = {
        "name": "Maria Lopez",
        "email": "maria.lopez@mail.example",
        "phone": "(555) 123-4567",
        "preferred_contact": "email",
        "best_time": "morning",
        "topic": "new_patient",
        "message": "I would like to book a first consultation.",
        "consent": "on",
        "website": "",
        "form_key": form_key(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def submit(csrf_client, contact_page):
    """POST the contact form the way a browser does: load it (CSRF cookie), then send it."""

    def submit_inquiry(data=None, client=None, **extra):
        client = client or csrf_client
        page = client.get("/contact/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
        payload = {**(data if data is not None else inquiry_data())}
        payload["csrfmiddlewaretoken"] = token.group(1)
        return client.post("/contact/", payload, **extra)

    return submit_inquiry


def closed_port() -> int:
    """A port on this machine that nothing listens on: a mail server that is down."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The review queue's people and inquiries.

PATIENT_NAME = "Jane Marker-Roe"
PATIENT_EMAIL = "jane.marker@mail.example"
PATIENT_PHONE = "(555) 867-5309"
PATIENT_MESSAGE = "My knee-pain-marker hurts after the ketamine-marker appointment."
PATIENT_DATA = (PATIENT_NAME, PATIENT_EMAIL, PATIENT_PHONE, PATIENT_MESSAGE, "knee-pain-marker")


def assert_no_patient_data(text: str) -> None:
    for value in PATIENT_DATA:
        assert value not in text, f"patient data {value!r} leaked"


@pytest.fixture
def reviewer(db):
    return ReviewerFactory()


@pytest.fixture
def editor(db):
    return EditorFactory()


@pytest.fixture
def superuser(db):
    return SuperuserFactory()


@pytest.fixture
def patient_inquiry(db):
    return InquiryFactory(
        name=PATIENT_NAME,
        email=PATIENT_EMAIL,
        phone=PATIENT_PHONE,
        message=PATIENT_MESSAGE,
        preferred_contact="phone",
    )


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


# A Wednesday afternoon in the practice's time zone.
NOW = datetime.datetime(2025, 6, 11, 15, 0, tzinfo=datetime.UTC)


def days_ago(days, hours=0):
    return NOW - datetime.timedelta(days=days, hours=hours)


@pytest.fixture
def frozen_now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW


def search_for(client, term: str, *, from_listing: str = ""):
    """Search the review queue as its search box does: a POST, then the listing it redirects to.

    `from_listing`, a query string, is the listing the search is sent from (the browser's
    Referer)."""
    index_url = reverse("inquiries:index")
    referer = f"http://testserver{index_url}" + (f"?{from_listing}" if from_listing else "")
    return client.post(reverse("inquiries:search"), {"term": term}, HTTP_REFERER=referer)
