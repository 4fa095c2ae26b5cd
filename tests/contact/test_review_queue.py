"""The review queue's listing: open inquiries oldest first, filters, search, paging."""

import datetime
import re
import time
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.search.index import class_is_indexed
from wagtail.search.models import IndexEntry

from contact.models import Inquiry, Status, Topic
from tests.factories import InquiryFactory, ReviewerFactory

from .conftest import PATIENT_EMAIL, PATIENT_NAME, PATIENT_PHONE, days_ago, search_for

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
    "query",
    [
        "marker-roe",
        "JANE  marker-roe",
        "JANE.MARKER@MAIL.EXAMPLE",
        "5558675309",
        "+1 555 867 5309",
        "555.867.5309",
    ],
)
def test_search_finds_by_name_email_or_phone(reviewer_client, patient_inquiry, query):
    InquiryFactory(name="Someone Else", email="else@mail.example", phone="(555) 010-0100")

    search_for(reviewer_client, query)
    response = reviewer_client.get(INDEX_URL)

    assert listed(response) == [patient_inquiry]


@pytest.mark.parametrize("query", ["marker", "jane.marker", "867-5309", "Jane Marker-Roe Smith"])
def test_search_finds_whole_words_and_values_only_as_details_are_encrypted(
    reviewer_client, patient_inquiry, query
):
    search_for(reviewer_client, query)

    assert listed(reviewer_client.get(INDEX_URL)) == []


def test_search_does_not_look_at_the_message(reviewer_client, patient_inquiry):
    search_for(reviewer_client, "knee-pain-marker")

    assert listed(reviewer_client.get(INDEX_URL)) == []


def test_inquiries_are_not_in_any_search_index(reviewer_client, patient_inquiry):
    search_for(reviewer_client, "marker-roe")
    reviewer_client.get(INDEX_URL)

    assert not class_is_indexed(Inquiry)
    assert not IndexEntry.objects.filter(content_type__model="inquiry").exists()


def test_pagination_keeps_filters_and_search(reviewer_client):
    InquiryFactory.create_batch(55, topic=Topic.PAIN, name="Pat Pager")
    InquiryFactory(topic=Topic.PAIN, name="Someone Else")

    redirect = search_for(reviewer_client, "pager", from_listing="topic=pain&p=3")
    assert (redirect.status_code, redirect["Location"]) == (303, f"{INDEX_URL}?topic=pain")
    response = reviewer_client.get(redirect["Location"])
    html = unescape(response.content.decode())

    assert len(listed(response)) == 50
    next_links = re.findall(r'href="[^"]*[?&]p=2[^"]*"', html)
    assert next_links
    assert all("topic=pain" in link for link in next_links)
    second_page = reviewer_client.get(INDEX_URL, {"topic": Topic.PAIN, "p": 2})
    assert len(listed(second_page)) == 5


@pytest.mark.parametrize("term", [PATIENT_NAME, PATIENT_EMAIL, PATIENT_PHONE])
def test_a_searched_term_appears_in_no_address(reviewer_client, patient_inquiry, term):
    redirect = search_for(reviewer_client, term)
    response = reviewer_client.get(redirect["Location"])
    html = unescape(response.content.decode())

    assert listed(response) == [patient_inquiry]
    assert term not in redirect["Location"]
    addresses = re.findall(r'(?:href|action|data-[\w-]*url[\w-]*)="([^"]*)"', html)
    assert addresses
    assert not [address for address in addresses if term.lower() in address.lower()]
    # The term is shown to the reviewer, in the page only.
    assert f"matches “{term}”" in html


def test_a_search_term_in_the_address_is_ignored(reviewer_client, patient_inquiry):
    other = InquiryFactory(name="Somebody Else")

    response = reviewer_client.get(INDEX_URL, {"q": "marker"})

    assert set(listed(response)) == {patient_inquiry, other}


def test_clearing_the_search_shows_the_whole_queue_again(reviewer_client, patient_inquiry):
    other = InquiryFactory(name="Somebody Else")
    search_for(reviewer_client, "marker-roe")
    assert listed(reviewer_client.get(INDEX_URL)) == [patient_inquiry]

    response = reviewer_client.post(reverse("inquiries:search"), {"clear": "1"})

    assert response.status_code == 303
    assert set(listed(reviewer_client.get(INDEX_URL))) == {patient_inquiry, other}


def test_a_search_ends_after_half_an_hour_without_use(
    reviewer_client, patient_inquiry, monkeypatch
):
    other = InquiryFactory(name="Somebody Else")
    search_for(reviewer_client, "marker-roe")
    start = time.time()
    for minutes in (20, 40):  # In use: each look at the listing keeps it going.
        monkeypatch.setattr(time, "time", lambda minutes=minutes: start + minutes * 60)
        assert listed(reviewer_client.get(INDEX_URL)) == [patient_inquiry]

    monkeypatch.setattr(time, "time", lambda: start + 71 * 60)
    assert set(listed(reviewer_client.get(INDEX_URL))) == {patient_inquiry, other}


def test_a_search_too_long_to_be_a_name_says_so(reviewer_client, patient_inquiry):
    other = InquiryFactory(name="Somebody Else")
    response = search_for(reviewer_client, "x" * 101)
    listing = reviewer_client.get(response["Location"])

    assert "at most 100 characters" in listing.content.decode()
    assert set(listed(listing)) == {patient_inquiry, other}


def test_an_empty_search_clears_the_search(reviewer_client, patient_inquiry):
    other = InquiryFactory(name="Somebody Else")
    search_for(reviewer_client, "marker-roe")
    search_for(reviewer_client, "   ")

    assert set(listed(reviewer_client.get(INDEX_URL))) == {patient_inquiry, other}


def test_another_reviewers_search_is_their_own(client, reviewer_client, patient_inquiry):
    other = InquiryFactory(name="Somebody Else")
    search_for(reviewer_client, "marker-roe")
    client.force_login(ReviewerFactory())

    assert set(listed(client.get(INDEX_URL))) == {patient_inquiry, other}


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
