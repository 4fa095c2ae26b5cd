"""Inquiries in the Django admin: superusers only, read-only but for audited deletion."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from contact.models import Inquiry, Status, Topic
from tests.factories import InquiryFactory

from .conftest import PATIENT_NAME, assert_no_patient_data

CHANGELIST = reverse("admin:contact_inquiry_changelist")


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


def test_superuser_lists_inquiries_with_the_queue_filters(superuser_client, patient_inquiry):
    response = superuser_client.get(CHANGELIST)

    assert response.status_code == 200
    assert PATIENT_NAME in response.content.decode()
    filter_titles = {spec.title for spec in response.context["cl"].filter_specs}
    assert {"status", "topic", "assigned to", "received"} <= {str(t) for t in filter_titles}


def test_the_fallback_list_offers_no_search_that_would_put_a_name_in_the_address(
    superuser_client, patient_inquiry
):
    other = InquiryFactory(name="Somebody Else")
    response = superuser_client.get(CHANGELIST, {"q": "marker"})

    assert 'name="q"' not in response.content.decode()
    assert set(response.context["cl"].result_list) == {patient_inquiry, other}


def test_filters_narrow_the_list(superuser_client):
    pain = InquiryFactory(topic=Topic.PAIN, status=Status.CLOSED)
    InquiryFactory(topic=Topic.GENERAL)

    response = superuser_client.get(CHANGELIST, {"topic__exact": "pain", "status__exact": "closed"})

    assert list(response.context["cl"].result_list) == [pain]


def test_html_is_escaped_in_the_django_admin(superuser_client):
    inquiry = InquiryFactory(name="<b>Bold</b>", message="<script>x()</script>")

    listing = superuser_client.get(CHANGELIST).content.decode()
    detail = superuser_client.get(
        reverse("admin:contact_inquiry_change", args=[inquiry.pk])
    ).content.decode()

    assert "<b>Bold</b>" not in listing
    assert "<script>x()</script>" not in detail


def test_superuser_view_is_read_only_and_logged(superuser_client, superuser, patient_inquiry):
    url = reverse("admin:contact_inquiry_change", args=[patient_inquiry.pk])

    response = superuser_client.get(url)
    superuser_client.post(url, {"name": "Changed", "status": "closed"})

    assert response.status_code == 200
    assert 'name="name"' not in response.content.decode()
    patient_inquiry.refresh_from_db()
    assert patient_inquiry.name == PATIENT_NAME
    entry = ModelLogEntry.objects.get(action="contact.inquiry.view")
    assert entry.user == superuser
    assert superuser_client.get(reverse("admin:contact_inquiry_add")).status_code == 403


def test_superuser_deletion_is_logged(superuser_client, superuser, patient_inquiry):
    superuser_client.post(
        reverse("admin:contact_inquiry_delete", args=[patient_inquiry.pk]), {"post": "yes"}
    )

    assert not Inquiry.objects.exists()
    entry = ModelLogEntry.objects.get(action="wagtail.delete")
    assert entry.user == superuser
    assert_no_patient_data(entry.label)


def test_bulk_deletion_is_logged_per_inquiry(superuser_client):
    inquiries = InquiryFactory.create_batch(2)

    superuser_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [i.pk for i in inquiries], "post": "yes"},
    )

    assert not Inquiry.objects.exists()
    assert ModelLogEntry.objects.filter(action="wagtail.delete").count() == 2


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_staff_who_are_not_superusers_cannot_see_inquiries_there(
    client, request, role, patient_inquiry
):
    user = request.getfixturevalue(role)
    user.is_staff = True
    user.save()
    client.force_login(user)

    for url in (
        CHANGELIST,
        reverse("admin:contact_inquiry_change", args=[patient_inquiry.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert_no_patient_data(response.content.decode())
    index = client.get(reverse("admin:index")).content.decode()
    assert CHANGELIST not in index
