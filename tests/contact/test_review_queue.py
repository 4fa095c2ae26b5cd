"""The review queue in the Wagtail admin: listing, filters, search, detail and actions."""

import datetime
import re
from html import unescape
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.search.index import class_is_indexed
from wagtail.search.models import IndexEntry

from contact.models import (
    BestTime,
    ContactMethod,
    Inquiry,
    InquiryNote,
    InquiryStatusChange,
    Status,
    Topic,
)
from tests.factories import (
    EditorFactory,
    InquiryFactory,
    InquiryNoteFactory,
    InquiryStatusChangeFactory,
    ReviewerFactory,
)

from .conftest import PATIENT_EMAIL, PATIENT_MESSAGE, PATIENT_NAME, PATIENT_PHONE

INDEX_URL = reverse("inquiries:index")
# A Wednesday afternoon in the practice's time zone.
NOW = datetime.datetime(2025, 6, 11, 15, 0, tzinfo=datetime.UTC)


def days_ago(days, hours=0):
    return NOW - datetime.timedelta(days=days, hours=hours)


def listed(response):
    return list(response.context["object_list"])


@pytest.fixture
def frozen_now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW


@pytest.fixture
def mixed_queue(db):
    return {
        "new": InquiryFactory(status=Status.NEW, received_at=days_ago(1)),
        "older_in_review": InquiryFactory(status=Status.IN_REVIEW, received_at=days_ago(3)),
        "responded": InquiryFactory(status=Status.RESPONDED, received_at=days_ago(4)),
        "closed": InquiryFactory(status=Status.CLOSED, received_at=days_ago(5)),
        "spam": InquiryFactory(status=Status.SPAM, received_at=days_ago(2)),
    }


# The listing ---------------------------------------------------------------------------------


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
    assert "Waiting longer than one business day" in response.content.decode()


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


# The detail view -----------------------------------------------------------------------------


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


# Actions -------------------------------------------------------------------------------------


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


def test_detail_offers_only_the_actions_that_apply(reviewer_client):
    closed = InquiryFactory(status=Status.CLOSED)

    html = reviewer_client.get(reverse("inquiries:inspect", args=[closed.pk])).content.decode()

    assert reverse("inquiries:transition", args=[closed.pk, "reopen"]) in html
    assert reverse("inquiries:transition", args=[closed.pk, "close"]) not in html
    assert reverse("inquiries:transition", args=[closed.pk, "mark_spam"]) not in html


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


# Dashboard -----------------------------------------------------------------------------------


def test_dashboard_panel_counts_new_in_review_and_overdue_with_links(reviewer_client, frozen_now):
    InquiryFactory.create_batch(2, status=Status.NEW, received_at=days_ago(0, hours=2))
    InquiryFactory(status=Status.NEW, received_at=days_ago(2))
    InquiryFactory(status=Status.IN_REVIEW, received_at=days_ago(3))
    InquiryFactory(status=Status.CLOSED, received_at=days_ago(9))

    html = reviewer_client.get(reverse("wagtailadmin_home")).content.decode()

    def row(key):
        match = re.search(
            rf'data-inquiry-count="{key}">\s*<td class="title"><a href="([^"]+)">.*?</a></td>'
            rf"\s*<td><strong>(\d+)</strong>",
            html,
            re.S,
        )
        assert match, key
        return match.group(1).replace("&amp;", "&"), int(match.group(2))

    assert row("new") == (f"{INDEX_URL}?status=new", 3)
    assert row("in_review") == (f"{INDEX_URL}?status=in_review", 1)
    assert row("overdue") == (f"{INDEX_URL}?status=overdue", 2)


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
