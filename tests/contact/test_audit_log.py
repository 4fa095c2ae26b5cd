"""Every view, change, note, export and deletion is in Wagtail's audit log, without patient data."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from contact.models import Status
from tests.factories import InquiryFactory, ReviewerFactory

from .conftest import assert_no_patient_data


def entries(inquiry=None, action=None):
    queryset = ModelLogEntry.objects.all()
    if inquiry is not None:
        queryset = queryset.filter(object_id=str(inquiry.pk), content_type__model="inquiry")
    if action is not None:
        queryset = queryset.filter(action=action)
    return queryset


def assert_entry_is_clean(entry):
    assert_no_patient_data(entry.label)
    assert_no_patient_data(json.dumps(entry.data))
    assert_no_patient_data(entry.action)


def test_viewing_an_inquiry_is_logged_with_who_and_when(reviewer_client, reviewer, patient_inquiry):
    reviewer_client.get(reverse("inquiries:inspect", args=[patient_inquiry.pk]))

    entry = entries(patient_inquiry, "contact.inquiry.view").get()
    assert entry.user == reviewer
    assert entry.timestamp is not None
    assert entry.label == f"Inquiry #{patient_inquiry.pk}"
    assert_entry_is_clean(entry)


def test_status_changes_assignments_and_notes_are_logged(
    reviewer_client, reviewer, patient_inquiry
):
    colleague = ReviewerFactory(first_name="Cole", last_name="League")
    reviewer_client.post(reverse("inquiries:transition", args=[patient_inquiry.pk, "close"]))
    reviewer_client.post(
        reverse("inquiries:assign", args=[patient_inquiry.pk]), {"reviewer": colleague.pk}
    )
    reviewer_client.post(
        reverse("inquiries:add_note", args=[patient_inquiry.pk]),
        {"text": f"Patient {patient_inquiry.name} said {patient_inquiry.message}"},
    )

    status = entries(patient_inquiry, "contact.inquiry.status").get()
    assert status.data == {"from": Status.NEW, "to": Status.CLOSED}
    assign = entries(patient_inquiry, "contact.inquiry.assign").get()
    assert assign.data["assignee_id"] == colleague.pk
    note = entries(patient_inquiry, "contact.inquiry.note").get()
    for entry in (status, assign, note):
        assert entry.user == reviewer
        assert_entry_is_clean(entry)


def test_export_is_logged_for_each_exported_inquiry(reviewer_client, reviewer, patient_inquiry):
    other = InquiryFactory()

    response = reviewer_client.get(reverse("inquiries:index"), {"export": "csv"})
    b"".join(response.streaming_content)

    exported = entries(action="contact.inquiry.export")
    assert sorted(exported.values_list("object_id", flat=True)) == sorted(
        [str(patient_inquiry.pk), str(other.pk)]
    )
    for entry in exported:
        assert entry.user == reviewer
        assert entry.data == {"format": "csv"}
        assert_entry_is_clean(entry)


def test_deletion_at_the_patients_request_is_logged(reviewer_client, reviewer, patient_inquiry):
    reviewer_client.post(
        reverse("inquiries:erasure"),
        {"step": "confirm", "inquiries": [patient_inquiry.pk], "confirm": "on"},
    )

    entry = entries(patient_inquiry, "contact.inquiry.delete_on_request").get()
    assert entry.user == reviewer
    assert entry.deleted
    assert_entry_is_clean(entry)


def test_purge_writes_one_entry_with_counts_only(patient_inquiry):
    patient_inquiry.status = Status.CLOSED
    patient_inquiry.status_changed_at = timezone.now() - datetime.timedelta(days=400)
    patient_inquiry.save()
    InquiryFactory(
        status=Status.SPAM, status_changed_at=timezone.now() - datetime.timedelta(days=40)
    )

    call_command("purge_inquiries", stdout=io.StringIO())

    entry = entries(action="contact.inquiry.purge").get()
    assert entry.user is None
    assert (entry.data["inquiries"], entry.data["closed"], entry.data["spam"]) == (2, 1, 1)
    assert_entry_is_clean(entry)


@pytest.mark.parametrize("role", ["reviewer", "superuser"])
def test_the_inquirys_history_page_lists_its_audit_entries(client, request, role, patient_inquiry):
    user = request.getfixturevalue(role)
    client.force_login(user)
    client.post(reverse("inquiries:transition", args=[patient_inquiry.pk, "mark_in_review"]))
    client.get(reverse("inquiries:inspect", args=[patient_inquiry.pk]))

    html = client.get(reverse("inquiries:history", args=[patient_inquiry.pk])).content.decode()

    assert "Status changed from “New” to “In review”" in html
    assert "Viewed" in html
    assert_no_patient_data(html)


def test_site_history_report_shows_inquiry_entries_without_patient_data(
    client, superuser, reviewer_client, patient_inquiry
):
    long_closed = InquiryFactory(
        status=Status.CLOSED, status_changed_at=timezone.now() - datetime.timedelta(days=400)
    )
    reviewer_client.get(reverse("inquiries:inspect", args=[patient_inquiry.pk]))
    reviewer_client.post(reverse("inquiries:transition", args=[patient_inquiry.pk, "close"]))
    reviewer_client.post(
        reverse("inquiries:erasure"),
        {"step": "confirm", "inquiries": [patient_inquiry.pk], "confirm": "on"},
    )
    call_command("purge_inquiries", stdout=io.StringIO())
    client.force_login(superuser)

    html = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()

    assert f"Inquiry #{patient_inquiry.pk}" in html
    assert "Viewed" in html
    assert "Deleted at the patient" in html
    assert "Purged 1 inquiry past its retention period" in html
    assert not InquiryFactory._meta.model.objects.filter(pk=long_closed.pk).exists()
    assert_no_patient_data(html)


def test_no_log_entry_anywhere_carries_patient_data(reviewer_client, patient_inquiry):
    """Drive every logged action, then read the whole audit log."""
    pk = patient_inquiry.pk
    reviewer_client.get(reverse("inquiries:inspect", args=[pk]))
    reviewer_client.post(reverse("inquiries:transition", args=[pk, "claim"]))
    reviewer_client.post(
        reverse("inquiries:add_note", args=[pk]), {"text": patient_inquiry.message}
    )
    b"".join(reviewer_client.get(reverse("inquiries:index"), {"export": "csv"}).streaming_content)
    reviewer_client.get(reverse("inquiries:index"), {"export": "xlsx"})
    reviewer_client.post(
        reverse("inquiries:erasure"), {"step": "confirm", "inquiries": [pk], "confirm": "on"}
    )

    all_entries = list(ModelLogEntry.objects.all())
    assert {entry.action for entry in all_entries} >= {
        "contact.inquiry.view",
        "contact.inquiry.status",
        "contact.inquiry.assign",
        "contact.inquiry.note",
        "contact.inquiry.export",
        "contact.inquiry.delete_on_request",
    }
    for entry in all_entries:
        assert_entry_is_clean(entry)
