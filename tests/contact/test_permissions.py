"""Who reaches the review queue: every inquiry URL and action, for every kind of user."""

from dataclasses import dataclass, field
from functools import partial

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from contact.models import Inquiry, InquiryNote, Status
from contact.review.workflow import TRANSITIONS
from tests.factories import UserFactory

from .conftest import PATIENT_EMAIL, assert_no_patient_data

BULK_ACTION_TYPES = ["assign", *TRANSITIONS]


@dataclass
class Endpoint:
    name: str
    method: str
    url: callable
    data: callable = field(default=lambda inquiry, user: {})
    # What a reviewer gets: a page (200) or a redirect after the action (302).
    allowed_status: int = 200


def _transition_url(name, inquiry):
    return reverse("inquiries:transition", args=[inquiry.pk, name])


def _bulk_url(action):
    return lambda inquiry: (
        reverse("wagtail_bulk_action", args=["contact", "inquiry", action]) + f"?id={inquiry.pk}"
    )


ENDPOINTS = [
    Endpoint("listing", "get", lambda i: reverse("inquiries:index")),
    Endpoint("listing results", "get", lambda i: reverse("inquiries:index_results")),
    Endpoint(
        "listing search",
        "post",
        lambda i: reverse("inquiries:search"),
        data=lambda i, user: {"term": "marker"},
        allowed_status=303,
    ),
    Endpoint("export csv", "get", lambda i: reverse("inquiries:index") + "?export=csv"),
    Endpoint("export xlsx", "get", lambda i: reverse("inquiries:index") + "?export=xlsx"),
    Endpoint("detail", "get", lambda i: reverse("inquiries:inspect", args=[i.pk])),
    Endpoint("history", "get", lambda i: reverse("inquiries:history", args=[i.pk])),
    Endpoint("history results", "get", lambda i: reverse("inquiries:history_results", args=[i.pk])),
    *(
        Endpoint(
            f"action {name}",
            "post",
            partial(_transition_url, name),
            allowed_status=302,
        )
        for name in TRANSITIONS
    ),
    Endpoint(
        "assign",
        "post",
        lambda i: reverse("inquiries:assign", args=[i.pk]),
        data=lambda i, user: {"reviewer": user.pk if user else ""},
        allowed_status=302,
    ),
    Endpoint(
        "add note",
        "post",
        lambda i: reverse("inquiries:add_note", args=[i.pk]),
        data=lambda i, user: {"text": "Called back."},
        allowed_status=302,
    ),
    Endpoint("erasure form", "get", lambda i: reverse("inquiries:erasure")),
    Endpoint(
        "erasure from inquiry", "get", lambda i: reverse("inquiries:erasure") + f"?inquiry={i.pk}"
    ),
    Endpoint(
        "erasure find",
        "post",
        lambda i: reverse("inquiries:erasure"),
        data=lambda i, user: {"email": PATIENT_EMAIL},
    ),
    Endpoint(
        "erasure confirm",
        "post",
        lambda i: reverse("inquiries:erasure"),
        data=lambda i, user: {"step": "confirm", "inquiries": [i.pk], "confirm": "on"},
        allowed_status=302,
    ),
    *(Endpoint(f"bulk {action} form", "get", _bulk_url(action)) for action in BULK_ACTION_TYPES),
    *(
        Endpoint(
            f"bulk {action}",
            "post",
            _bulk_url(action),
            data=lambda i, user: {"reviewer": user.pk if user else ""},
            allowed_status=302,
        )
        for action in BULK_ACTION_TYPES
    ),
]


def _request(client, endpoint, inquiry, user, **extra):
    url = endpoint.url(inquiry)
    method = getattr(client, endpoint.method)
    if endpoint.method == "post":
        return method(url, endpoint.data(inquiry, user), **extra)
    return method(url, **extra)


def _assert_untouched(inquiry):
    inquiry.refresh_from_db()
    assert inquiry.status == Status.NEW
    assert inquiry.assigned_to is None
    assert not InquiryNote.objects.filter(inquiry=inquiry).exists()
    assert not inquiry.status_changes.exists()
    assert not ModelLogEntry.objects.filter(action__startswith="contact.").exists()


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_anonymous_visitor_is_sent_to_the_login_page(client, patient_inquiry, endpoint):
    response = _request(client, endpoint, patient_inquiry, None)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login") + "?next=")
    assert_no_patient_data(response.content.decode())
    _assert_untouched(patient_inquiry)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_editor_who_is_not_a_reviewer_is_refused_everywhere(
    client, editor, patient_inquiry, endpoint
):
    client.force_login(editor)

    response = _request(client, endpoint, patient_inquiry, editor)

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert_no_patient_data(response.content.decode())
    _assert_untouched(patient_inquiry)
    home = client.get(response["Location"])
    assert "Sorry, you do not have permission to access this area." in home.content.decode()
    assert_no_patient_data(home.content.decode())


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_editor_gets_403_for_ajax_requests(client, editor, patient_inquiry, endpoint):
    client.force_login(editor)

    response = _request(
        client, endpoint, patient_inquiry, editor, headers={"x-requested-with": "XMLHttpRequest"}
    )

    assert response.status_code == 403
    assert_no_patient_data(response.content.decode())
    _assert_untouched(patient_inquiry)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("role", ["reviewer", "superuser"])
def test_reviewers_and_superusers_reach_everything(
    client, request, role, patient_inquiry, endpoint
):
    user = request.getfixturevalue(role)
    client.force_login(user)

    response = _request(client, endpoint, patient_inquiry, user)

    assert response.status_code == endpoint.allowed_status
    if response.status_code == 302:
        # An action leads back into the queue, never to the dashboard with a refusal.
        assert response["Location"] != reverse("wagtailadmin_home")
        assert reverse("wagtailadmin_login") not in response["Location"]


def test_editor_sees_no_menu_item_and_no_dashboard_panel(client, editor, patient_inquiry):
    client.force_login(editor)

    home = client.get(reverse("wagtailadmin_home")).content.decode()

    assert reverse("inquiries:index") not in home
    assert "inquiry-queue" not in home
    assert_no_patient_data(home)


def test_reviewer_sees_the_menu_item_with_the_count_of_new_inquiries(
    reviewer_client, patient_inquiry
):
    Inquiry.objects.create(
        name="Someone", message="Hello", topic="general", consented_at=patient_inquiry.received_at
    )

    home = reviewer_client.get(reverse("wagtailadmin_home")).content.decode()

    assert reverse("inquiries:index") in home
    assert "Inquiries (2 new)" in home


def test_a_user_with_no_admin_access_is_sent_to_the_login_page(client, patient_inquiry):
    client.force_login(UserFactory())

    response = client.get(reverse("inquiries:inspect", args=[patient_inquiry.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert_no_patient_data(response.content.decode())


def test_editor_is_refused_before_the_inquiry_is_looked_up(client, editor):
    """A missing and an existing inquiry get the same refusal: numbers cannot be probed."""
    client.force_login(editor)

    response = client.get(reverse("inquiries:inspect", args=[999999]))

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
