"""Delete closed and spam inquiries older than the practice's retention periods.

Run it daily from cron or a systemd timer (see the README). Retention comes from the settings
INQUIRY_RETENTION_CLOSED_DAYS (closed and responded inquiries) and INQUIRY_RETENTION_SPAM_DAYS.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from contact.review.retention import plan_purge, purge, retention_days


class Command(BaseCommand):
    help = (
        "Delete closed, responded and spam inquiries past their retention periods, with their "
        "notes, status history and task records. Writes one audit-log entry with the counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count what would be deleted; delete nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        closed_days, spam_days = retention_days()
        if closed_days < 1 or spam_days < 1:
            raise CommandError(
                "INQUIRY_RETENTION_CLOSED_DAYS and INQUIRY_RETENTION_SPAM_DAYS must be at least 1."
            )
        plan = plan_purge(timezone.now())
        summary = (
            f"{len(plan.inquiry_ids)} inquiries ({len(plan.closed_ids)} closed or responded "
            f"before {plan.closed_before:%Y-%m-%d}, {len(plan.spam_ids)} spam before "
            f"{plan.spam_before:%Y-%m-%d}), {plan.notes} notes, {plan.status_changes} status "
            f"changes, {plan.tasks} task records"
        )
        if dry_run:
            self.stdout.write(f"Dry run: would delete {summary}.")
            return
        result = purge(plan)
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {result.inquiries} inquiries ({result.closed} closed or responded, "
                f"{result.spam} spam), {result.notes} notes, {result.status_changes} status "
                f"changes, {result.tasks} task records."
            )
        )
