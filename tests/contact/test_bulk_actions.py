"""The queue's actions on several inquiries at once, from the listing's checkboxes."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from contact.models import InquiryStatusChange, Status, Topic
from tests.factories import InquiryFactory, ReviewerFactory, UserFactory

from .conftest import search_for


def bulk_url(action, *inquiries, extra=""):
    ids = "&".join(f"id={inquiry.pk}" for inquiry in inquiries)
    return reverse("wagtail_bulk_action", args=["contact", "inquiry", action]) + f"?{ids}{extra}"


def statuses(*inquiries):
    for inquiry in inquiries:
        inquiry.refresh_from_db()
    return [inquiry.status for inquiry in inquiries]


def test_listing_offers_the_bulk_actions(reviewer_client):
    InquiryFactory()

    html = reviewer_client.get(reverse("inquiries:index")).content.decode()

    assert "data-bulk-action-checkbox" in html
    for action in ("claim", "assign", "mark_in_review", "mark_responded", "close", "mark_spam"):
        assert reverse("wagtail_bulk_action", args=["contact", "inquiry", action]) in html


def test_confirmation_lists_the_inquiries_by_number_only(reviewer_client, patient_inquiry):
    response = reviewer_client.get(bulk_url("close", patient_inquiry))

    html = response.content.decode()
    assert f"Inquiry #{patient_inquiry.pk}" in html
    assert patient_inquiry.name not in html
    assert patient_inquiry.message not in html


def test_bulk_close_closes_every_selected_inquiry_and_writes_history(reviewer_client, reviewer):
    first, second = InquiryFactory.create_batch(2, status=Status.IN_REVIEW)
    untouched = InquiryFactory(status=Status.NEW)

    response = reviewer_client.post(
        bulk_url("close", first, second, extra="&next=" + reverse("inquiries:index"))
    )

    assert response["Location"] == reverse("inquiries:index")
    assert statuses(first, second, untouched) == [Status.CLOSED, Status.CLOSED, Status.NEW]
    assert (
        InquiryStatusChange.objects.filter(to_status=Status.CLOSED, changed_by=reviewer).count()
        == 2
    )
    assert ModelLogEntry.objects.filter(action="contact.inquiry.status").count() == 2


def test_bulk_action_skips_inquiries_it_does_not_apply_to_and_says_so(reviewer_client):
    spam = InquiryFactory(status=Status.SPAM)
    new = InquiryFactory(status=Status.NEW)

    confirmation = reviewer_client.get(bulk_url("mark_responded", spam, new)).content.decode()
    assert confirmation.count("does not apply") == 1
    response = reviewer_client.post(bulk_url("mark_responded", spam, new), follow=True)

    assert statuses(spam, new) == [Status.SPAM, Status.RESPONDED]
    assert not spam.status_changes.exists()
    html = response.content.decode()
    assert "1 inquiry changed" in html
    assert "1 was left as it was" in html


def test_bulk_claim_assigns_to_me(reviewer_client, reviewer):
    inquiries = InquiryFactory.create_batch(3)

    reviewer_client.post(bulk_url("claim", *inquiries))

    for inquiry in inquiries:
        inquiry.refresh_from_db()
        assert (inquiry.assigned_to, inquiry.status) == (reviewer, Status.IN_REVIEW)


@pytest.mark.parametrize("unassign", [False, True])
def test_bulk_assign_to_a_reviewer_or_to_nobody(reviewer_client, unassign):
    colleague = ReviewerFactory()
    inquiries = InquiryFactory.create_batch(2, assigned_to=None if not unassign else colleague)

    form = reviewer_client.get(bulk_url("assign", *inquiries)).content.decode()
    assert 'name="reviewer"' in form
    reviewer_client.post(
        bulk_url("assign", *inquiries), {"reviewer": "" if unassign else colleague.pk}
    )

    for inquiry in inquiries:
        inquiry.refresh_from_db()
        assert inquiry.assigned_to == (None if unassign else colleague)


def test_select_all_in_listing_applies_only_to_the_filtered_listing(reviewer_client):
    pain = InquiryFactory.create_batch(3, topic=Topic.PAIN)
    other = InquiryFactory(topic=Topic.GENERAL)
    closed_pain = InquiryFactory(topic=Topic.PAIN, status=Status.CLOSED)

    url = reverse("wagtail_bulk_action", args=["contact", "inquiry", "mark_spam"])
    reviewer_client.post(f"{url}?topic=pain&id=all")

    assert statuses(*pain) == [Status.SPAM] * 3
    assert statuses(other, closed_pain) == [Status.NEW, Status.CLOSED]


def test_select_all_in_listing_honours_the_search(reviewer_client, patient_inquiry):
    other = InquiryFactory(name="Somebody Else")

    search_for(reviewer_client, "marker-roe")
    url = reverse("wagtail_bulk_action", args=["contact", "inquiry", "close"])
    reviewer_client.post(f"{url}?id=all")

    assert statuses(patient_inquiry, other) == [Status.CLOSED, Status.NEW]


def test_a_reviewer_who_may_only_view_cannot_run_bulk_actions(client, patient_inquiry):
    viewer = UserFactory()
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_inquiry"),
        Permission.objects.get(codename="access_admin"),
    )
    client.force_login(viewer)

    response = client.post(bulk_url("close", patient_inquiry))

    assert response["Location"] == reverse("wagtailadmin_home")
    assert statuses(patient_inquiry) == [Status.NEW]
