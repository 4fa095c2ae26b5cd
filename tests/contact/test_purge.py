"""`manage.py purge_inquiries`: closed and spam inquiries go after their retention periods."""

import datetime
import io
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from contact.models import Inquiry, InquiryNote, InquiryStatusChange, Status
from tests.factories import InquiryFactory, InquiryNoteFactory, InquiryStatusChangeFactory

NOW = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)


def days_before_now(days, minutes=0):
    return NOW - datetime.timedelta(days=days, minutes=minutes)


def purge(*args):
    out = io.StringIO()
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        call_command("purge_inquiries", *args, stdout=out)
    return out.getvalue()


def task_for(inquiry, task_path="contact.tasks.notify_staff", as_keyword=False):
    args_kwargs = (
        {"args": [], "kwargs": {"inquiry_id": inquiry.pk}}
        if as_keyword
        else {"args": [inquiry.pk], "kwargs": {}}
    )
    return DBTaskResult.objects.create(
        args_kwargs=args_kwargs, task_path=task_path, backend_name="default", run_after=NOW
    )


@pytest.fixture
def retention_cases(db):
    return {
        # Closed or responded more than 365 days ago: goes.
        "old_closed": InquiryFactory(status=Status.CLOSED, status_changed_at=days_before_now(366)),
        "old_responded": InquiryFactory(
            status=Status.RESPONDED, status_changed_at=days_before_now(400)
        ),
        # Spam more than 30 days ago: goes.
        "old_spam": InquiryFactory(status=Status.SPAM, status_changed_at=days_before_now(31)),
        # Just inside the retention periods: stays.
        "recent_closed": InquiryFactory(
            status=Status.CLOSED, status_changed_at=days_before_now(364, minutes=1)
        ),
        "recent_spam": InquiryFactory(status=Status.SPAM, status_changed_at=days_before_now(29)),
        # Open inquiries never go, however old.
        "old_new": InquiryFactory(
            status=Status.NEW,
            received_at=days_before_now(900),
            status_changed_at=days_before_now(900),
        ),
        "old_in_review": InquiryFactory(
            status=Status.IN_REVIEW, status_changed_at=days_before_now(900)
        ),
    }


GOES = {"old_closed", "old_responded", "old_spam"}


def test_purge_deletes_only_inquiries_past_their_retention(retention_cases):
    output = purge()

    remaining = set(Inquiry.objects.values_list("pk", flat=True))
    for key, inquiry in retention_cases.items():
        assert (inquiry.pk in remaining) is (key not in GOES), key
    assert "Deleted 3 inquiries (2 closed or responded, 1 spam)" in output


def test_purge_deletes_notes_status_history_and_task_rows_of_purged_inquiries(retention_cases):
    gone = retention_cases["old_closed"]
    kept = retention_cases["recent_closed"]
    for inquiry in (gone, kept):
        InquiryNoteFactory(inquiry=inquiry)
        InquiryStatusChangeFactory(inquiry=inquiry)
    gone_tasks = [task_for(gone), task_for(retention_cases["old_spam"], as_keyword=True)]
    kept_tasks = [
        task_for(kept),
        # Another app's task with the same number is not the inquiry's.
        task_for(gone, task_path="blog.tasks.rebuild_feed"),
    ]

    output = purge()

    assert not InquiryNote.objects.filter(inquiry_id=gone.pk).exists()
    assert not InquiryStatusChange.objects.filter(inquiry_id=gone.pk).exists()
    assert InquiryNote.objects.filter(inquiry=kept).count() == 1
    assert InquiryStatusChange.objects.filter(inquiry=kept).count() == 1
    remaining_tasks = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert remaining_tasks == {task.pk for task in kept_tasks}
    assert not {task.pk for task in gone_tasks} & remaining_tasks
    assert "1 notes, 1 status changes, 2 task records" in output


def test_dry_run_counts_and_deletes_nothing(retention_cases):
    InquiryNoteFactory(inquiry=retention_cases["old_spam"])
    task_for(retention_cases["old_spam"])

    output = purge("--dry-run")

    assert Inquiry.objects.count() == len(retention_cases)
    assert InquiryNote.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    assert "would delete 3 inquiries (2 closed or responded" in output
    assert "1 spam" in output
    assert "1 notes" in output
    assert "1 task records" in output
    assert not ModelLogEntry.objects.filter(action="contact.inquiry.purge").exists()


def test_purge_writes_one_audit_entry(retention_cases):
    purge()

    entry = ModelLogEntry.objects.get(action="contact.inquiry.purge")
    assert entry.data["inquiries"] == 3
    assert entry.data["closed_retention_days"] == 365
    assert entry.data["spam_retention_days"] == 30


def test_nothing_to_purge_writes_no_audit_entry(db):
    InquiryFactory()

    output = purge()

    assert "Deleted 0 inquiries" in output
    assert not ModelLogEntry.objects.exists()


def test_purge_follows_the_retention_settings(retention_cases, settings):
    settings.INQUIRY_RETENTION_CLOSED_DAYS = 2000
    settings.INQUIRY_RETENTION_SPAM_DAYS = 10

    purge()

    assert not Inquiry.objects.filter(pk=retention_cases["recent_spam"].pk).exists()
    assert Inquiry.objects.filter(pk=retention_cases["old_closed"].pk).exists()


@pytest.mark.parametrize(
    "setting", ["INQUIRY_RETENTION_CLOSED_DAYS", "INQUIRY_RETENTION_SPAM_DAYS"]
)
def test_a_retention_of_zero_days_is_refused(retention_cases, settings, setting):
    setattr(settings, setting, 0)

    with pytest.raises(CommandError, match="at least 1"):
        purge()

    assert Inquiry.objects.count() == len(retention_cases)


def test_the_defaults_match_the_privacy_page():
    assert django_settings.INQUIRY_RETENTION_CLOSED_DAYS == 365
    assert django_settings.INQUIRY_RETENTION_SPAM_DAYS == 30


def test_purge_time_is_taken_from_the_clock(retention_cases):
    """A year later, the recently closed inquiry goes too."""
    later = NOW + datetime.timedelta(days=365)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("purge_inquiries", stdout=io.StringIO())

    assert not Inquiry.objects.filter(pk=retention_cases["recent_closed"].pk).exists()
    assert Inquiry.objects.filter(pk=retention_cases["old_new"].pk).exists()
