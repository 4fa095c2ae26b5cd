"""Emails about inquiries: staff hear "New inquiry #N", the visitor gets an acknowledgement.

Neither email carries anything the visitor wrote or who they are (not even the name or the
topic): the inquiry itself is read only in the admin. Each is sent at most once, marked by
`Inquiry.notified_at` or `Inquiry.acknowledged_at` while the inquiry's row is locked.
"""

import logging
import smtplib
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.admin.admin_url_finder import AdminURLFinder

from practice.models import PracticeSettings

from .models import Inquiry, Status

logger = logging.getLogger(__name__)

# What a mail server that is down, slow (EMAIL_TIMEOUT) or refusing raises.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


class Outcome(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already sent"
    # Spam, deleted, no email address, or another worker holds the inquiry right now.
    NOT_NEEDED = "not needed"
    NO_RECIPIENTS = "no recipients"


def practice_settings() -> PracticeSettings | None:
    return PracticeSettings.objects.filter(site__is_default_site=True).first()


def staff_recipients(practice: PracticeSettings | None) -> list[str]:
    """The site settings' recipients; INQUIRY_NOTIFICATION_EMAILS when the settings name none."""
    if practice is not None and practice.inquiry_recipient_list:
        return practice.inquiry_recipient_list
    return list(settings.INQUIRY_NOTIFICATION_EMAILS)


def inquiry_admin_url(inquiry: Inquiry) -> str:
    """The inquiry's page in the review queue; the admin's home until the queue is installed."""
    path = AdminURLFinder().get_edit_url(inquiry) or reverse("wagtailadmin_home")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def build_staff_notification(
    inquiry: Inquiry, recipients: list[str], practice: PracticeSettings | None
) -> EmailMessage:
    context = {
        "number": inquiry.pk,
        "admin_url": inquiry_admin_url(inquiry),
        "practice_name": practice.practice_name if practice else settings.WAGTAIL_SITE_NAME,
    }
    return EmailMessage(
        subject=gettext("New inquiry #%(number)s") % {"number": inquiry.pk},
        body=render_to_string("contact/email/staff_notification.txt", context),
        to=recipients,
    )


def build_acknowledgement(email: str, practice: PracticeSettings | None) -> EmailMessage:
    practice_name = practice.practice_name if practice else settings.WAGTAIL_SITE_NAME
    context = {
        "practice_name": practice_name,
        "phone": practice.phone if practice else "",
        "emergency_notice": practice.emergency_notice if practice else "",
    }
    return EmailMessage(
        subject=gettext("We received your message to %(practice_name)s")
        % {"practice_name": practice_name},
        body=render_to_string("contact/email/acknowledgement.txt", context),
        to=[email],
    )


def send_staff_notification(inquiry_id: int) -> Outcome:
    """Tell staff about one inquiry, unless they have been told already.

    The row stays locked while the mail is sent and marked, so a second worker or the sweep
    skips it instead of sending again. A mail error rolls back and leaves it unsent: it raises.
    """
    with transaction.atomic():
        inquiry = (
            Inquiry.objects.select_for_update(skip_locked=True)
            .only("pk", "status", "notified_at")
            .filter(pk=inquiry_id)
            .first()
        )
        if inquiry is None or inquiry.status == Status.SPAM:
            return Outcome.NOT_NEEDED
        if inquiry.notified_at is not None:
            return Outcome.ALREADY_SENT
        practice = practice_settings()
        recipients = staff_recipients(practice)
        if not recipients:
            logger.warning(
                "Inquiry #%s: nobody to notify. Set the inquiry notification recipients in the "
                "site settings or INQUIRY_NOTIFICATION_EMAILS.",
                inquiry.pk,
            )
            return Outcome.NO_RECIPIENTS
        build_staff_notification(inquiry, recipients, practice).send()
        Inquiry.objects.filter(pk=inquiry.pk).update(notified_at=timezone.now())
    logger.info("Inquiry #%s: staff notified", inquiry_id)
    return Outcome.SENT


def send_acknowledgement(inquiry_id: int) -> Outcome:
    """Confirm to the visitor that their inquiry arrived, when they gave an email address.

    Locked and marked as the staff notification is: a retry or a second worker never sends a
    second confirmation, and a mail error rolls back and leaves it unsent (it raises).
    """
    with transaction.atomic():
        inquiry = (
            Inquiry.objects.select_for_update(skip_locked=True)
            .exclude(status=Status.SPAM)
            .only("pk", "email", "acknowledged_at")
            .filter(pk=inquiry_id)
            .first()
        )
        if inquiry is None or not inquiry.email:
            return Outcome.NOT_NEEDED
        if inquiry.acknowledged_at is not None:
            return Outcome.ALREADY_SENT
        build_acknowledgement(inquiry.email, practice_settings()).send()
        Inquiry.objects.filter(pk=inquiry.pk).update(acknowledged_at=timezone.now())
    logger.info("Inquiry #%s: acknowledgement sent", inquiry_id)
    return Outcome.SENT
