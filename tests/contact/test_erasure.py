"""A patient's request: find every inquiry from one address and delete them after confirming."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from contact.models import Inquiry, InquiryNote, InquiryStatusChange
from tests.factories import InquiryFactory, InquiryNoteFactory, InquiryStatusChangeFactory

from .conftest import PATIENT_EMAIL

ERASURE_URL = reverse("inquiries:erasure")


@pytest.fixture
def same_patient(patient_inquiry):
    return [
        patient_inquiry,
        # Addresses are compared without regard to case.
        InquiryFactory(email=PATIENT_EMAIL.upper(), name="Jane R."),
    ]


@pytest.fixture
def someone_else(db):
    return InquiryFactory(email="someone.else@mail.example")


def test_finding_by_email_lists_every_inquiry_from_that_address(
    reviewer_client, same_patient, someone_else
):
    response = reviewer_client.post(ERASURE_URL, {"email": PATIENT_EMAIL})

    assert response.status_code == 200
    assert response.context["matches"] == same_patient
    html = response.content.decode()
    assert f"Inquiry #{someone_else.pk}" not in html
    assert Inquiry.objects.count() == 3, "finding deletes nothing"


def test_nothing_is_deleted_without_ticking_the_confirmation(reviewer_client, same_patient):
    response = reviewer_client.post(
        ERASURE_URL, {"step": "confirm", "inquiries": [i.pk for i in same_patient]}
    )

    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert Inquiry.objects.count() == 2


def test_confirming_deletes_those_inquiries_with_notes_history_and_tasks(
    reviewer_client, same_patient, someone_else
):
    first = same_patient[0]
    InquiryNoteFactory(inquiry=first)
    InquiryStatusChangeFactory(inquiry=first)
    DBTaskResult.objects.create(
        args_kwargs={"args": [first.pk], "kwargs": {}},
        task_path="contact.tasks.notify_staff",
        backend_name="default",
        run_after=timezone.now(),
    )
    listed = reviewer_client.post(ERASURE_URL, {"email": PATIENT_EMAIL}).context["matches"]

    response = reviewer_client.post(
        ERASURE_URL,
        {"step": "confirm", "inquiries": [i.pk for i in listed], "confirm": "on"},
    )

    assert response["Location"] == reverse("inquiries:index")
    assert listed == same_patient
    assert list(Inquiry.objects.all()) == [someone_else]
    assert not InquiryNote.objects.exists()
    assert not InquiryStatusChange.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_the_address_never_appears_in_a_url(reviewer_client, same_patient):
    found = reviewer_client.post(ERASURE_URL, {"email": PATIENT_EMAIL})
    deleted = reviewer_client.post(
        ERASURE_URL,
        {"step": "confirm", "inquiries": [same_patient[0].pk], "confirm": "on"},
    )

    html = found.content.decode()
    assert "?email=" not in html
    assert 'method="post"' in html
    assert PATIENT_EMAIL not in deleted["Location"]


def test_starting_from_an_inquiry_lists_all_from_its_address(reviewer_client, same_patient):
    response = reviewer_client.get(ERASURE_URL, {"inquiry": same_patient[1].pk})

    assert same_patient[0] in response.context["matches"]
    assert same_patient[1] in response.context["matches"]


def test_an_inquiry_without_email_is_listed_alone(reviewer_client, patient_inquiry):
    phone_only = InquiryFactory(email="", phone=patient_inquiry.phone)
    InquiryFactory(email="")

    response = reviewer_client.get(ERASURE_URL, {"inquiry": phone_only.pk})

    assert response.context["matches"] == [phone_only]


def test_unknown_address_says_what_to_do(reviewer_client, patient_inquiry):
    response = reviewer_client.post(ERASURE_URL, {"email": "nobody@mail.example"})

    assert "No inquiries come from that address" in response.content.decode()
    assert Inquiry.objects.count() == 1


def test_the_detail_page_links_to_the_request_for_deletion(reviewer_client, patient_inquiry):
    html = reviewer_client.get(
        reverse("inquiries:inspect", args=[patient_inquiry.pk])
    ).content.decode()

    assert f"{ERASURE_URL}?inquiry={patient_inquiry.pk}" in html
