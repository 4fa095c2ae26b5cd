"""Background tasks run by `manage.py db_worker`: the emails that follow a new inquiry.

Both are enqueued in the same transaction that stores the inquiry. When the mail server is down
or slow, a task re-enqueues itself with an exponential delay; the staff notification is also
picked up by `manage.py send_pending_inquiry_notifications`, so it is never lost.
"""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from .notifications import MAIL_ERRORS, send_acknowledgement, send_staff_notification

logger = logging.getLogger(__name__)

STAFF_NOTIFICATION_ATTEMPTS = 8
ACKNOWLEDGEMENT_ATTEMPTS = 5
FIRST_RETRY_DELAY = timedelta(minutes=1)
LONGEST_RETRY_DELAY = timedelta(hours=1)


class MailNotSent(Exception):
    """A task's email was not accepted; the message names the inquiry number and nothing else."""


def retry_delay(attempt: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after the first, second, third ... failed attempt, at most an hour."""
    return min(FIRST_RETRY_DELAY * 2 ** (attempt - 1), LONGEST_RETRY_DELAY)


@task()
def notify_staff_of_inquiry(inquiry_id: int, attempt: int = 1) -> str:
    try:
        return send_staff_notification(inquiry_id).value
    except MAIL_ERRORS as error:
        _retry_later(
            notify_staff_of_inquiry,
            inquiry_id,
            attempt=attempt,
            attempts=STAFF_NOTIFICATION_ATTEMPTS,
            error=error,
            what="staff notification",
        )


@task()
def acknowledge_inquiry(inquiry_id: int, attempt: int = 1) -> str:
    try:
        return send_acknowledgement(inquiry_id).value
    except MAIL_ERRORS as error:
        _retry_later(
            acknowledge_inquiry,
            inquiry_id,
            attempt=attempt,
            attempts=ACKNOWLEDGEMENT_ATTEMPTS,
            error=error,
            what="acknowledgement",
        )


def _retry_later(retried_task, inquiry_id: int, *, attempt, attempts, error, what) -> None:
    # Only the error's class is recorded: an SMTP error's text can quote the visitor's address.
    error_name = type(error).__name__
    if attempt < attempts:
        delay = retry_delay(attempt)
        retried_task.using(run_after=timezone.now() + delay).enqueue(
            inquiry_id, attempt=attempt + 1
        )
        logger.warning(
            "Inquiry #%s: %s not sent (%s); attempt %d of %d in %d s",
            inquiry_id,
            what,
            error_name,
            attempt + 1,
            attempts,
            delay.total_seconds(),
        )
    else:
        logger.error(
            "Inquiry #%s: %s not sent after %d attempts (%s)",
            inquiry_id,
            what,
            attempts,
            error_name,
        )
    # `from None` keeps the SMTP error's text out of the task's stored traceback.
    raise MailNotSent(f"Inquiry #{inquiry_id}: the {what} was not sent ({error_name})") from None
