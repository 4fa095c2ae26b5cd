"""The actions on an inquiry's page: status changes, assignment and notes."""

import pytest
from django.urls import reverse

from contact.models import InquiryNote, InquiryStatusChange, Status
from tests.factories import EditorFactory, InquiryFactory, ReviewerFactory

from .conftest import NOW


def act(client, inquiry, name):
    return client.post(reverse("inquiries:transition", args=[inquiry.pk, name]))


def test_claiming_assigns_to_me_and_marks_in_review(reviewer_client, reviewer, patient_inquiry):
    response = act(reviewer_client, patient_inquiry, "claim")

    assert response["Location"] == reverse("inquiries:inspect", args=[patient_inquiry.pk])
    patient_inquiry.refresh_from_db()
    assert patient_inquiry.assigned_to == reviewer
    assert patient_inquiry.status == Status.IN_REVIEW
    change = patient_inquiry.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        Status.NEW,
        Status.IN_REVIEW,
        reviewer,
    )


def test_marking_responded_records_when_and_by_whom(
    reviewer_client, reviewer, patient_inquiry, frozen_now
):
    act(reviewer_client, patient_inquiry, "mark_responded")

    patient_inquiry.refresh_from_db()
    assert patient_inquiry.status == Status.RESPONDED
    assert patient_inquiry.responded_at == NOW
    assert patient_inquiry.responded_by == reviewer
    assert patient_inquiry.status_changed_at == NOW


@pytest.mark.parametrize(
    ("start", "action", "end"),
    [
        (Status.NEW, "mark_in_review", Status.IN_REVIEW),
        (Status.IN_REVIEW, "close", Status.CLOSED),
        (Status.RESPONDED, "close", Status.CLOSED),
        (Status.NEW, "mark_spam", Status.SPAM),
        (Status.SPAM, "reopen", Status.IN_REVIEW),
        (Status.CLOSED, "reopen", Status.IN_REVIEW),
    ],
)
def test_each_action_moves_the_status_and_writes_the_history(
    reviewer_client, reviewer, start, action, end
):
    inquiry = InquiryFactory(status=start)

    act(reviewer_client, inquiry, action)

    inquiry.refresh_from_db()
    assert inquiry.status == end
    assert list(inquiry.status_changes.values_list("from_status", "to_status", "changed_by")) == [
        (start, end, reviewer.pk)
    ]


def test_an_action_that_does_not_apply_changes_nothing_and_says_why(reviewer_client):
    inquiry = InquiryFactory(status=Status.SPAM)

    response = act(reviewer_client, inquiry, "close")
    page = reviewer_client.get(response["Location"]).content.decode()

    inquiry.refresh_from_db()
    assert inquiry.status == Status.SPAM
    assert not inquiry.status_changes.exists()
    assert "does not apply" in page


def test_an_unknown_action_is_not_found(reviewer_client, patient_inquiry):
    assert act(reviewer_client, patient_inquiry, "teleport").status_code == 404


def test_actions_refuse_get_requests(reviewer_client, patient_inquiry):
    url = reverse("inquiries:transition", args=[patient_inquiry.pk, "close"])

    assert reviewer_client.get(url).status_code == 405
    patient_inquiry.refresh_from_db()
    assert patient_inquiry.status == Status.NEW


def test_assigning_to_a_colleague_and_unassigning(reviewer_client, patient_inquiry):
    colleague = ReviewerFactory()
    url = reverse("inquiries:assign", args=[patient_inquiry.pk])

    reviewer_client.post(url, {"reviewer": colleague.pk})
    patient_inquiry.refresh_from_db()
    assert patient_inquiry.assigned_to == colleague
    assert patient_inquiry.status == Status.NEW

    reviewer_client.post(url, {"reviewer": ""})
    patient_inquiry.refresh_from_db()
    assert patient_inquiry.assigned_to is None


def test_an_inquiry_cannot_be_assigned_to_someone_who_is_not_a_reviewer(
    reviewer_client, patient_inquiry
):
    editor = EditorFactory()

    response = reviewer_client.post(
        reverse("inquiries:assign", args=[patient_inquiry.pk]), {"reviewer": editor.pk}
    )
    page = reviewer_client.get(response["Location"]).content.decode()

    patient_inquiry.refresh_from_db()
    assert patient_inquiry.assigned_to is None
    assert "Choose a reviewer from the list" in page


def test_adding_a_note_records_author_and_time(reviewer_client, reviewer, patient_inquiry):
    response = reviewer_client.post(
        reverse("inquiries:add_note", args=[patient_inquiry.pk]), {"text": "Booked for Monday."}
    )

    assert response["Location"].endswith("#notes")
    note = InquiryNote.objects.get(inquiry=patient_inquiry)
    assert (note.text, note.author) == ("Booked for Monday.", reviewer)
    assert note.created_at is not None


def test_an_empty_note_is_not_added(reviewer_client, patient_inquiry):
    reviewer_client.post(reverse("inquiries:add_note", args=[patient_inquiry.pk]), {"text": "   "})

    assert not InquiryNote.objects.exists()


def test_inquiry_status_change_history_is_kept_in_order(reviewer_client, patient_inquiry):
    for action in ("claim", "mark_responded", "close", "reopen"):
        act(reviewer_client, patient_inquiry, action)

    assert list(
        InquiryStatusChange.objects.filter(inquiry=patient_inquiry).values_list(
            "from_status", "to_status"
        )
    ) == [
        (Status.NEW, Status.IN_REVIEW),
        (Status.IN_REVIEW, Status.RESPONDED),
        (Status.RESPONDED, Status.CLOSED),
        (Status.CLOSED, Status.IN_REVIEW),
    ]
