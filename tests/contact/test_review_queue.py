"""The review queue's listing: open inquiries oldest first, filters, search, paging."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.search.index import class_is_indexed
from wagtail.search.models import IndexEntry

from contact.models import Inquiry, Status, Topic
from tests.factories import InquiryFactory, ReviewerFactory

from .conftest import days_ago

INDEX_URL = reverse("inquiries:index")


def listed(response):
    return list(response.context["object_list"])


@pytest.fixture
def mixed_queue(db):
    return {
        "new": InquiryFactory(status=Status.NEW, received_at=days_ago(1)),
        "older_in_review": InquiryFactory(status=Status.IN_REVIEW, received_at=days_ago(3)),
        "responded": InquiryFactory(status=Status.RESPONDED, received_at=days_ago(4)),
        "closed": InquiryFactory(status=Status.CLOSED, received_at=days_ago(5)),
        "spam": InquiryFactory(status=Status.SPAM, received_at=days_ago(2)),
    }


def test_listing_shows_open_inquiries_oldest_first_by_default(reviewer_client, mixed_queue):
    response = reviewer_client.get(INDEX_URL)

    assert response.status_code == 200
    assert listed(response) == [mixed_queue["older_in_review"], mixed_queue["new"]]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("new", ["new"]),
        ("in_review", ["older_in_review"]),
        ("responded", ["responded"]),
        ("closed", ["closed"]),
        ("spam", ["spam"]),
        ("all", ["closed", "responded", "older_in_review", "spam", "new"]),
    ],
)
def test_listing_filters_by_status(reviewer_client, mixed_queue, status, expected):
    response = reviewer_client.get(INDEX_URL, {"status": status})

    assert listed(response) == [mixed_queue[key] for key in expected]


def test_listing_filters_by_topic(reviewer_client):
    pain = InquiryFactory(topic=Topic.PAIN)
    InquiryFactory(topic=Topic.KETAMINE)

    response = reviewer_client.get(INDEX_URL, {"topic": Topic.PAIN})

    assert listed(response) == [pain]


def test_listing_filters_by_assignee_and_by_nobody(reviewer_client, reviewer):
    mine = InquiryFactory(assigned_to=reviewer)
    colleagues = InquiryFactory(assigned_to=ReviewerFactory())
    unassigned = InquiryFactory()

    assert listed(reviewer_client.get(INDEX_URL, {"assigned_to": reviewer.pk})) == [mine]
    assert listed(reviewer_client.get(INDEX_URL, {"assigned_to": "none"})) == [unassigned]
    assert listed(reviewer_client.get(INDEX_URL)) == [mine, colleagues, unassigned]


def test_listing_filters_by_received_date(reviewer_client):
    InquiryFactory(received_at=datetime.datetime(2025, 6, 1, 16, tzinfo=datetime.UTC))
    in_range = InquiryFactory(received_at=datetime.datetime(2025, 6, 3, 16, tzinfo=datetime.UTC))
    InquiryFactory(received_at=datetime.datetime(2025, 6, 6, 16, tzinfo=datetime.UTC))

    response = reviewer_client.get(
        INDEX_URL, {"received_at_from": "2025-06-02", "received_at_to": "2025-06-04"}
    )

    assert listed(response) == [in_range]


def test_listing_filters_open_inquiries_waiting_longer_than_one_business_day(
    reviewer_client, frozen_now
):
    # Wednesday 15:00 UTC is 11:00 in New York; the cutoff is Tuesday 11:00.
    overdue = InquiryFactory(status=Status.NEW, received_at=days_ago(1, hours=1))
    InquiryFactory(status=Status.IN_REVIEW, received_at=days_ago(0, hours=23))
    InquiryFactory(status=Status.CLOSED, received_at=days_ago(6))

    response = reviewer_client.get(INDEX_URL, {"status": "overdue"})

    assert listed(response) == [overdue]
    assert response.content.decode().count("Over 1 business day") == 1


def test_listing_marks_inquiries_waiting_longer_than_one_business_day(reviewer_client, frozen_now):
    InquiryFactory(status=Status.NEW, received_at=days_ago(1, hours=1))
    InquiryFactory(status=Status.NEW, received_at=days_ago(0, hours=23))

    html = reviewer_client.get(INDEX_URL).content.decode()

    assert html.count("Over 1 business day") == 1


@pytest.mark.parametrize(
    "query", ["marker-roe", "JANE.MARKER@", "867-5309", "5558675309", "(555) 867", "555.867.5309"]
)
def test_search_finds_by_name_email_or_phone(reviewer_client, patient_inquiry, query):
    InquiryFactory(name="Someone Else", email="else@mail.example", phone="(555) 010-0100")

    response = reviewer_client.get(INDEX_URL, {"q": query})

    assert listed(response) == [patient_inquiry]


def test_search_does_not_look_at_the_message(reviewer_client, patient_inquiry):
    response = reviewer_client.get(INDEX_URL, {"q": "knee-pain-marker"})

    assert listed(response) == []


def test_inquiries_are_not_in_any_search_index(reviewer_client, patient_inquiry):
    reviewer_client.get(INDEX_URL, {"q": "marker"})

    assert not class_is_indexed(Inquiry)
    assert not IndexEntry.objects.filter(content_type__model="inquiry").exists()


def test_pagination_keeps_filters_and_search(reviewer_client):
    InquiryFactory.create_batch(55, topic=Topic.PAIN, name="Pat Pager")

    response = reviewer_client.get(INDEX_URL, {"topic": Topic.PAIN, "q": "pager"})
    html = unescape(response.content.decode())

    assert len(listed(response)) == 50
    next_links = re.findall(r'href="[^"]*[?&]p=2[^"]*"', html)
    assert next_links
    assert all("topic=pain" in link and "q=pager" in link for link in next_links)
    second_page = reviewer_client.get(INDEX_URL, {"topic": Topic.PAIN, "q": "pager", "p": 2})
    assert len(listed(second_page)) == 5


def test_listing_shows_number_received_age_topic_status_assignee_and_contact_method(
    reviewer_client, reviewer, patient_inquiry
):
    patient_inquiry.assigned_to = reviewer
    patient_inquiry.topic = Topic.KETAMINE
    patient_inquiry.save()

    html = reviewer_client.get(INDEX_URL).content.decode()

    assert f"Inquiry #{patient_inquiry.pk}" in html
    assert reverse("inquiries:inspect", args=[patient_inquiry.pk]) in html
    assert " ago" in html
    assert "Ketamine therapy" in html
    assert "New" in html
    assert reviewer.get_full_name() in html
    assert "Phone call" in html


def test_listing_and_detail_show_html_from_a_patient_escaped(reviewer_client):
    inquiry = InquiryFactory(
        name="<b>Bold</b> Name", message="<script>alert('x')</script><img src=x onerror=alert(1)>"
    )

    listing = reviewer_client.get(INDEX_URL).content.decode()
    detail = reviewer_client.get(reverse("inquiries:inspect", args=[inquiry.pk])).content.decode()

    assert "<b>Bold</b>" not in listing
    assert "&lt;b&gt;Bold&lt;/b&gt; Name" in listing
    assert "<b>Bold</b>" not in detail
    assert "<script>alert" not in detail
    assert "<img src=x" not in detail
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in detail


def test_listing_query_count_does_not_grow_with_the_number_of_inquiries(
    reviewer_client, django_assert_max_num_queries
):
    reviewers = ReviewerFactory.create_batch(3)
    Inquiry.objects.bulk_create(
        InquiryFactory.build(assigned_to=reviewers[n % 3] if n % 2 else None) for n in range(10)
    )
    with CaptureQueriesContext(connection) as with_ten:
        assert reviewer_client.get(INDEX_URL, {"status": "all"}).status_code == 200

    Inquiry.objects.bulk_create(
        InquiryFactory.build(assigned_to=reviewers[n % 3] if n % 2 else None) for n in range(490)
    )
    with django_assert_max_num_queries(30):
        response = reviewer_client.get(INDEX_URL, {"status": "all"})
    with CaptureQueriesContext(connection) as with_five_hundred:
        reviewer_client.get(INDEX_URL, {"status": "all"})

    assert response.context["paginator"].count == 500
    assert len(with_five_hundred) == len(with_ten)
