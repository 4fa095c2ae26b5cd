"""The periodic sweep: staff are told about every inquiry, even when the mail server was down.

Run it every few minutes (the Makefile's `periodic` loop, cron or a systemd timer). It sends what
the task worker could not; the notified_at mark and the row lock keep anything from going twice.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from contact.models import Inquiry
from contact.notifications import (
    MAIL_ERRORS,
    Outcome,
    practice_settings,
    send_staff_notification,
    staff_recipients,
)


class Command(BaseCommand):
    help = (
        "Send the staff notification of every inquiry still waiting for one. Inquiries younger "
        "than the grace period are left to the task worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace-minutes",
            type=int,
            default=10,
            help="Leave inquiries received in the last N minutes to the task worker (default 10).",
        )

    def handle(self, *, grace_minutes: int, **options):
        cutoff = timezone.now() - timedelta(minutes=grace_minutes)
        waiting = list(
            Inquiry.objects.unnotified()
            .filter(received_at__lt=cutoff)
            .order_by("received_at", "pk")
            .values_list("pk", flat=True)
        )
        if not waiting:
            return
        if not staff_recipients(practice_settings()):
            raise CommandError(
                f"{len(waiting)} inquiries wait for a staff notification, but nobody is set to "
                "receive them: fill in the inquiry notification recipients in the site settings, "
                "or set INQUIRY_NOTIFICATION_EMAILS."
            )
        sent = 0
        for inquiry_id in waiting:
            try:
                outcome = send_staff_notification(inquiry_id)
            except MAIL_ERRORS as error:
                # One refusal is enough to know the server is down: the next run tries again.
                raise CommandError(
                    f"The mail server did not accept a notification ({type(error).__name__}); "
                    f"{sent} sent, {len(waiting) - sent} left for the next run."
                ) from None
            if outcome is Outcome.SENT:
                sent += 1
        self.stdout.write(f"Sent {sent} staff notification(s) for inquiries left waiting.")
