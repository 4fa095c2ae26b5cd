"""Audit-log actions for inquiries, written to Wagtail's own audit log.

An entry names the inquiry only as "Inquiry #N" and carries codes (statuses, formats, counts,
staff user ids): never the patient's name, contact details or words.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.log_actions import LogFormatter, get_active_log_context, log
from wagtail.log_actions import registry as log_registry

from contact.models import Inquiry, Status

VIEW = "contact.inquiry.view"
STATUS = "contact.inquiry.status"
ASSIGN = "contact.inquiry.assign"
NOTE = "contact.inquiry.note"
EXPORT = "contact.inquiry.export"
DELETE_ON_REQUEST = "contact.inquiry.delete_on_request"
# Wagtail's own action, for a deletion that is not a patient's request (Django admin).
DELETE = "wagtail.delete"
PURGE = "contact.inquiry.purge"


def _status_label(code: str) -> str:
    try:
        return str(Status(code).label)
    except ValueError:
        return code or "-"


class ViewFormatter(LogFormatter):
    label = _("View inquiry")
    message = _("Viewed")


class StatusFormatter(LogFormatter):
    label = _("Change inquiry status")

    def format_message(self, log_entry):
        return _("Status changed from “%(from)s” to “%(to)s”") % {
            "from": _status_label(log_entry.data.get("from", "")),
            "to": _status_label(log_entry.data.get("to", "")),
        }


class AssignFormatter(LogFormatter):
    label = _("Assign inquiry")

    def format_message(self, log_entry):
        assignee = log_entry.data.get("assignee")
        if assignee:
            return _("Assigned to %(reviewer)s") % {"reviewer": assignee}
        return _("Unassigned")


class NoteFormatter(LogFormatter):
    label = _("Add note to inquiry")
    message = _("Added an internal note")


class ExportFormatter(LogFormatter):
    label = _("Export inquiry")

    def format_message(self, log_entry):
        return _("Exported as %(format)s") % {
            "format": str(log_entry.data.get("format", "")).upper()
        }


class DeleteOnRequestFormatter(LogFormatter):
    label = _("Delete inquiry at the patient's request")
    message = _("Deleted at the patient's request")


class PurgeFormatter(LogFormatter):
    label = _("Purge inquiries past their retention period")

    def format_message(self, log_entry):
        count = log_entry.data.get("inquiries", 0)
        return ngettext(
            "Purged %(inquiries)s inquiry past its retention period "
            "(%(closed)s closed or responded, %(spam)s spam)",
            "Purged %(inquiries)s inquiries past their retention period "
            "(%(closed)s closed or responded, %(spam)s spam)",
            count,
        ) % {
            "inquiries": count,
            "closed": log_entry.data.get("closed", 0),
            "spam": log_entry.data.get("spam", 0),
        }


def register_inquiry_log_actions(actions):
    """Called by the `register_log_actions` hook in contact/wagtail_hooks.py."""
    actions.register_action(VIEW)(ViewFormatter)
    actions.register_action(STATUS)(StatusFormatter)
    actions.register_action(ASSIGN)(AssignFormatter)
    actions.register_action(NOTE)(NoteFormatter)
    actions.register_action(EXPORT)(ExportFormatter)
    actions.register_action(DELETE_ON_REQUEST)(DeleteOnRequestFormatter)
    actions.register_action(PURGE)(PurgeFormatter)


def record(inquiries: Iterable[Inquiry], action: str, user=None, data=None, **flags) -> int:
    """Write one audit entry per inquiry, in one query, sharing the request's log context.

    `data` holds codes only; it is stored as given, so it must never carry patient text.
    """
    inquiries = list(inquiries)
    if not inquiries:
        return 0
    log_model = log_registry.get_log_model_for_model(Inquiry)
    context = get_active_log_context()
    content_type = ContentType.objects.get_for_model(Inquiry)
    now = timezone.now()
    log_model.objects.bulk_create(
        log_model(
            content_type=content_type,
            object_id=str(inquiry.pk),
            label=str(inquiry),
            action=action,
            data=dict(data or {}),
            timestamp=now,
            user=user or context.user,
            uuid=context.uuid,
            **flags,
        )
        for inquiry in inquiries
    )
    return len(inquiries)


def record_purge(counts: dict[str, int]) -> None:
    """One entry for a whole purge, against the inquiry type: the inquiries no longer exist."""
    log(
        ContentType.objects.get_for_model(Inquiry),
        PURGE,
        title=str(_("Inquiry retention purge")),
        data=counts,
    )
