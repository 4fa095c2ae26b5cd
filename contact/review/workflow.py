"""What a reviewer can do to inquiries: status changes, assignment, notes, deletion.

Each function works on one inquiry or many (bulk actions) with a fixed number of queries, writes
the status history where a status changes, and records every change in the audit log.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contact.models import Inquiry, InquiryNote, InquiryStatusChange, Status

from . import audit, retention


@dataclass(frozen=True)
class Transition:
    """A named move from some statuses to another, offered as a button and as a bulk action."""

    name: str
    label: str
    help_text: str
    from_statuses: tuple[str, ...]
    to_status: str
    # Claiming also assigns the inquiry to the reviewer who claims it.
    assigns_to_actor: bool = False
    records_response: bool = False
    serious: bool = False

    def allows(self, inquiry: Inquiry) -> bool:
        return inquiry.status in self.from_statuses


TRANSITIONS = {
    transition.name: transition
    for transition in (
        Transition(
            name="claim",
            label=_("Claim"),
            help_text=_("Assign it to yourself and mark it in review."),
            from_statuses=(Status.NEW, Status.IN_REVIEW),
            to_status=Status.IN_REVIEW,
            assigns_to_actor=True,
        ),
        Transition(
            name="mark_in_review",
            label=_("Mark in review"),
            help_text=_("Someone is looking into it."),
            from_statuses=(Status.NEW,),
            to_status=Status.IN_REVIEW,
        ),
        Transition(
            name="mark_responded",
            label=_("Mark responded"),
            help_text=_("The patient has been answered; records when and by whom."),
            from_statuses=(Status.NEW, Status.IN_REVIEW),
            to_status=Status.RESPONDED,
            records_response=True,
        ),
        Transition(
            name="close",
            label=_("Close"),
            help_text=_(
                "Nothing more to do. Closed inquiries are deleted after the retention period."
            ),
            from_statuses=(Status.NEW, Status.IN_REVIEW, Status.RESPONDED),
            to_status=Status.CLOSED,
        ),
        Transition(
            name="mark_spam",
            label=_("Mark spam"),
            help_text=_("Not a real inquiry. Spam is deleted after a short retention period."),
            from_statuses=(Status.NEW, Status.IN_REVIEW),
            to_status=Status.SPAM,
            serious=True,
        ),
        Transition(
            name="reopen",
            label=_("Reopen"),
            help_text=_("Put it back in the open queue, in review."),
            from_statuses=(Status.RESPONDED, Status.CLOSED, Status.SPAM),
            to_status=Status.IN_REVIEW,
        ),
    )
}


@dataclass
class Outcome:
    changed: list[Inquiry]
    skipped: list[Inquiry]


def apply_transition(inquiries: Iterable[Inquiry], transition: Transition, user) -> Outcome:
    """Move every inquiry the transition allows; leave the others as they are."""
    inquiries = list(inquiries)
    movable = [inquiry for inquiry in inquiries if transition.allows(inquiry)]
    skipped = [inquiry for inquiry in inquiries if not transition.allows(inquiry)]
    if not movable:
        return Outcome(changed=[], skipped=skipped)

    now = timezone.now()
    status_moved = [inquiry for inquiry in movable if inquiry.status != transition.to_status]
    newly_assigned = (
        [inquiry for inquiry in movable if inquiry.assigned_to_id != user.pk]
        if transition.assigns_to_actor
        else []
    )
    with transaction.atomic():
        if status_moved:
            InquiryStatusChange.objects.bulk_create(
                InquiryStatusChange(
                    inquiry=inquiry,
                    from_status=inquiry.status,
                    to_status=transition.to_status,
                    changed_by=user,
                    changed_at=now,
                )
                for inquiry in status_moved
            )
            for from_status in {inquiry.status for inquiry in status_moved}:
                audit.record(
                    [inquiry for inquiry in status_moved if inquiry.status == from_status],
                    audit.STATUS,
                    user=user,
                    data={"from": from_status, "to": transition.to_status},
                )
            updates = {"status": transition.to_status, "status_changed_at": now}
            if transition.records_response:
                updates.update(responded_at=now, responded_by=user)
            Inquiry.objects.filter(pk__in=[inquiry.pk for inquiry in status_moved]).update(
                **updates
            )
            for inquiry in status_moved:
                for field, value in updates.items():
                    setattr(inquiry, field, value)
        if newly_assigned:
            _assign(newly_assigned, user, actor=user)
    changed = [
        inquiry for inquiry in movable if inquiry in status_moved or inquiry in newly_assigned
    ]
    unchanged = [inquiry for inquiry in movable if inquiry not in changed]
    return Outcome(changed=changed, skipped=skipped + unchanged)


def assign(inquiries: Iterable[Inquiry], reviewer, actor) -> Outcome:
    """Assign to `reviewer`, or unassign with None. Inquiries already so assigned are skipped."""
    inquiries = list(inquiries)
    reviewer_id = reviewer.pk if reviewer else None
    to_change = [inquiry for inquiry in inquiries if inquiry.assigned_to_id != reviewer_id]
    skipped = [inquiry for inquiry in inquiries if inquiry.assigned_to_id == reviewer_id]
    if to_change:
        with transaction.atomic():
            _assign(to_change, reviewer, actor=actor)
    return Outcome(changed=to_change, skipped=skipped)


def _assign(inquiries: list[Inquiry], reviewer, actor) -> None:
    Inquiry.objects.filter(pk__in=[inquiry.pk for inquiry in inquiries]).update(
        assigned_to=reviewer
    )
    for inquiry in inquiries:
        inquiry.assigned_to = reviewer
    audit.record(
        inquiries,
        audit.ASSIGN,
        user=actor,
        data={
            "assignee_id": reviewer.pk if reviewer else None,
            # A staff member's name, kept so the history reads well after they leave.
            "assignee": reviewer_display_name(reviewer) if reviewer else "",
        },
    )


def add_note(inquiry: Inquiry, text: str, author) -> InquiryNote:
    with transaction.atomic():
        note = InquiryNote.objects.create(inquiry=inquiry, author=author, text=text)
        audit.record([inquiry], audit.NOTE, user=author, data={"note_id": note.pk})
    return note


def delete_on_request(inquiries: Iterable[Inquiry], actor) -> int:
    """Delete inquiries (with notes, history and task rows) at the patient's request."""
    inquiries = list(inquiries)
    if not inquiries:
        return 0
    with transaction.atomic():
        audit.record(inquiries, audit.DELETE_ON_REQUEST, user=actor, deleted=True)
        deleted = retention.delete_inquiries([inquiry.pk for inquiry in inquiries])
    return deleted["inquiries"]


def reviewer_display_name(user) -> str:
    return user.get_full_name().strip() or user.get_username()
