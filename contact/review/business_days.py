"""The practice promises an answer within one business day; weekends do not count.

Public holidays are not known to the site, so they count as business days.
"""

import datetime

from django.utils import timezone

SATURDAY = 5


def business_time_before(moment: datetime.datetime, days: int = 1) -> datetime.datetime:
    """The instant that lies `days` business days (Monday to Friday, whole days) before `moment`.

    Days are counted in the practice's time zone; an inquiry received before the returned instant
    has waited longer than `days` business days at `moment`.
    """
    local_now = timezone.localtime(moment)
    remaining = datetime.timedelta(days=days)
    day = local_now.date()
    # Work in UTC: arithmetic on aware datetimes that share a zone ignores DST changes.
    end = local_now.astimezone(datetime.UTC)
    while True:
        start = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time.min), local_now.tzinfo
        ).astimezone(datetime.UTC)
        if day.weekday() < SATURDAY:
            available = end - start
            if available >= remaining:
                return end - remaining
            remaining -= available
        day -= datetime.timedelta(days=1)
        end = start


def reply_overdue_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Open inquiries received before this instant have waited longer than one business day."""
    return business_time_before(now or timezone.now(), days=1)
