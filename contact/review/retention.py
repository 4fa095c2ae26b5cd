"""Deleting inquiries for good: the retention purge and what belongs to an inquiry.

Background tasks about an inquiry (its staff notification) keep the inquiry's id in their
arguments: the first positional argument or an `inquiry_id` keyword, in a task defined in the
contact app. Those task rows go with the inquiry.
"""

import datetime
from collections.abc import Collection
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django_tasks_db.models import DBTaskResult

from contact.models import Inquiry, InquiryNote, InquiryStatusChange, Status

from . import audit

CONTACT_TASK_PATH_PREFIX = "contact."


def task_results_for(inquiry_ids: Collection[int]):
    ids = list(inquiry_ids)
    # Match the id whether the task was given it as a number or as a string.
    id_values = ids + [str(pk) for pk in ids]
    return DBTaskResult.objects.filter(task_path__startswith=CONTACT_TASK_PATH_PREFIX).filter(
        Q(args_kwargs__args__0__in=id_values) | Q(args_kwargs__kwargs__inquiry_id__in=id_values)
    )


def delete_inquiries(inquiry_ids: Collection[int]) -> dict[str, int]:
    """Delete inquiries with their notes, status history and task rows; return the counts."""
    ids = list(inquiry_ids)
    with transaction.atomic():
        tasks_deleted, _ = task_results_for(ids).delete()
        notes_deleted, _ = InquiryNote.objects.filter(inquiry_id__in=ids).delete()
        changes_deleted, _ = InquiryStatusChange.objects.filter(inquiry_id__in=ids).delete()
        inquiries_deleted, _ = Inquiry.objects.filter(pk__in=ids).delete()
    return {
        "inquiries": inquiries_deleted,
        "notes": notes_deleted,
        "status_changes": changes_deleted,
        "tasks": tasks_deleted,
    }


@dataclass
class PurgePlan:
    closed_before: datetime.datetime
    spam_before: datetime.datetime
    closed_ids: list[int]
    spam_ids: list[int]
    notes: int
    status_changes: int
    tasks: int

    @property
    def inquiry_ids(self) -> list[int]:
        return self.closed_ids + self.spam_ids


def retention_days() -> tuple[int, int]:
    return settings.INQUIRY_RETENTION_CLOSED_DAYS, settings.INQUIRY_RETENTION_SPAM_DAYS


def plan_purge(now: datetime.datetime) -> PurgePlan:
    closed_days, spam_days = retention_days()
    closed_before = now - datetime.timedelta(days=closed_days)
    spam_before = now - datetime.timedelta(days=spam_days)
    due = Inquiry.objects.due_for_purge(closed_before=closed_before, spam_before=spam_before)
    closed_ids, spam_ids = [], []
    for pk, status in due.order_by("pk").values_list("pk", "status"):
        (spam_ids if status == Status.SPAM else closed_ids).append(pk)
    ids = closed_ids + spam_ids
    return PurgePlan(
        closed_before=closed_before,
        spam_before=spam_before,
        closed_ids=closed_ids,
        spam_ids=spam_ids,
        notes=InquiryNote.objects.filter(inquiry_id__in=ids).count(),
        status_changes=InquiryStatusChange.objects.filter(inquiry_id__in=ids).count(),
        tasks=task_results_for(ids).count(),
    )


@dataclass
class PurgeResult:
    inquiries: int
    closed: int
    spam: int
    notes: int
    status_changes: int
    tasks: int


def purge(plan: PurgePlan) -> PurgeResult:
    """Carry out a plan; when anything went, write one audit entry with the counts only."""
    closed_days, spam_days = retention_days()
    with transaction.atomic():
        deleted = delete_inquiries(plan.inquiry_ids)
        result = PurgeResult(
            inquiries=deleted["inquiries"],
            closed=len(plan.closed_ids),
            spam=len(plan.spam_ids),
            notes=deleted["notes"],
            status_changes=deleted["status_changes"],
            tasks=deleted["tasks"],
        )
        if result.inquiries:
            audit.record_purge(
                {
                    **asdict(result),
                    "closed_retention_days": closed_days,
                    "spam_retention_days": spam_days,
                }
            )
    return result
