"""An inquiry's own page: what the patient sent, its status history and notes."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contact.models import BestTime, ContactMethod, Status, Topic
from tests.factories import (
    InquiryFactory,
    InquiryNoteFactory,
    InquiryStatusChangeFactory,
    ReviewerFactory,
)

from .conftest import PATIENT_EMAIL, PATIENT_MESSAGE, PATIENT_NAME, PATIENT_PHONE


def test_detail_query_count_does_not_grow_with_notes_and_history(
    reviewer_client, patient_inquiry, django_assert_max_num_queries
):
    InquiryNoteFactory.create_batch(3, inquiry=patient_inquiry)
    with CaptureQueriesContext(connection) as with_few:
        reviewer_client.get(reverse("inquiries:inspect", args=[patient_inquiry.pk]))

    InquiryNoteFactory.create_batch(30, inquiry=patient_inquiry)
    InquiryStatusChangeFactory.create_batch(30, inquiry=patient_inquiry)
    with django_assert_max_num_queries(len(with_few) + 2):
        reviewer_client.get(reverse("inquiries:inspect", args=[patient_inquiry.pk]))


def test_detail_shows_everything_the_patient_sent(reviewer_client, patient_inquiry):
    patient_inquiry.best_time = BestTime.MORNING
    patient_inquiry.preferred_contact = ContactMethod.TEXT
    patient_inquiry.topic = Topic.PAIN
    patient_inquiry.save()

    html = reviewer_client.get(
        reverse("inquiries:inspect", args=[patient_inquiry.pk])
    ).content.decode()

    for text in (
        PATIENT_NAME,
        PATIENT_EMAIL,
        PATIENT_PHONE,
        PATIENT_MESSAGE,
        "Pain management",
        "Text message",
        "Morning",
        "Consented to be contacted",
    ):
        assert text in html


def test_detail_shows_status_history_and_notes_with_author_and_time(
    reviewer_client, patient_inquiry
):
    author = ReviewerFactory(first_name="Noor", last_name="Author")
    InquiryStatusChangeFactory(
        inquiry=patient_inquiry, from_status=Status.NEW, to_status=Status.IN_REVIEW
    )
    note = InquiryNoteFactory(
        inquiry=patient_inquiry,
        author=author,
        text="Left a <i>voicemail</i>.",
        created_at=datetime.datetime(2025, 6, 3, 14, 5, tzinfo=datetime.UTC),
    )

    html = reviewer_client.get(
        reverse("inquiries:inspect", args=[patient_inquiry.pk])
    ).content.decode()

    assert "New → In review" in html
    assert "Noor Author" in html
    assert "Left a &lt;i&gt;voicemail&lt;/i&gt;." in html
    assert timezone.localtime(note.created_at).strftime("%B %-d, %Y") in html


def test_detail_offers_only_the_actions_that_apply(reviewer_client):
    closed = InquiryFactory(status=Status.CLOSED)

    html = reviewer_client.get(reverse("inquiries:inspect", args=[closed.pk])).content.decode()

    assert reverse("inquiries:transition", args=[closed.pk, "reopen"]) in html
    assert reverse("inquiries:transition", args=[closed.pk, "close"]) not in html
    assert reverse("inquiries:transition", args=[closed.pk, "mark_spam"]) not in html
