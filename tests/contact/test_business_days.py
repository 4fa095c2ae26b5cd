"""The one-business-day promise: weekends do not count, in the practice's time zone."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from contact.review.business_days import business_time_before

NEW_YORK = ZoneInfo("America/New_York")


def at(*args):
    return datetime.datetime(*args, tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    ("now", "cutoff"),
    [
        pytest.param(at(2025, 6, 10, 10, 0), at(2025, 6, 9, 10, 0), id="tuesday-to-monday"),
        pytest.param(at(2025, 6, 9, 10, 0), at(2025, 6, 6, 10, 0), id="monday-skips-weekend"),
        pytest.param(at(2025, 6, 9, 8, 30), at(2025, 6, 6, 8, 30), id="monday-morning"),
        pytest.param(at(2025, 6, 7, 15, 0), at(2025, 6, 6, 0, 0), id="saturday-counts-nothing"),
        pytest.param(at(2025, 6, 8, 23, 0), at(2025, 6, 6, 0, 0), id="sunday-counts-nothing"),
        pytest.param(at(2025, 6, 6, 0, 0), at(2025, 6, 5, 0, 0), id="friday-midnight"),
        # Clocks went forward on Sunday 9 March 2025; Friday is still ten business hours back.
        pytest.param(at(2025, 3, 10, 10, 0), at(2025, 3, 7, 10, 0), id="across-dst"),
    ],
)
def test_one_business_day_before(now, cutoff):
    assert business_time_before(now, days=1) == cutoff


def test_an_inquiry_sent_on_saturday_is_overdue_only_after_monday_ends():
    sent = at(2025, 6, 7, 11, 0)

    assert business_time_before(at(2025, 6, 9, 23, 59), days=1) < sent
    assert business_time_before(at(2025, 6, 10, 0, 1), days=1) > sent


def test_two_business_days_span_a_weekend():
    assert business_time_before(at(2025, 6, 10, 9, 0), days=2) == at(2025, 6, 6, 9, 0)
