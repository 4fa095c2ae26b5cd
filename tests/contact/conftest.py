"""People and inquiries for the review-queue tests."""

import datetime
from unittest import mock

import pytest

from tests.factories import EditorFactory, InquiryFactory, ReviewerFactory, SuperuserFactory

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
