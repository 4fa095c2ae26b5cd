"""Bots and floods: the honeypot, the form's signed age, and the per-address limit."""

import time

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django_tasks_db.models import DBTaskResult

from contact import ratelimit
from contact.forms import MAX_FORM_AGE_SECONDS, FormKey
from contact.models import Inquiry, Status
from contact.ratelimit import client_address, count_submission
from tests.contact.conftest import PRACTICE_PHONE, form_key, inquiry_data

pytestmark = pytest.mark.django_db


def contact_tasks():
    return DBTaskResult.objects.filter(task_path__startswith="contact.")


# Bots


def test_filled_honeypot_is_dropped_but_answered_like_a_success(submit):
    response = submit(inquiry_data(website="https://cheap-pills.example"))
    assert response.status_code == 303
    assert response["Location"] == "/contact/thank-you/"
    assert Inquiry.objects.count() == 0
    assert contact_tasks().count() == 0


def test_honeypot_is_hidden_from_people_and_screen_readers(csrf_client, contact_page):
    html_text = csrf_client.get("/contact/").content.decode()
    trap = html_text[html_text.index('class="inquiry-form__trap"') :]
    assert trap.startswith('class="inquiry-form__trap" aria-hidden="true"')
    assert 'name="website" id="id_website" value="" tabindex="-1" autocomplete="off"' in trap


def test_form_submitted_too_fast_is_kept_as_spam_and_never_notified(submit, mailoutbox):
    response = submit(inquiry_data(form_key=form_key(seconds_ago=0)))
    assert response.status_code == 303
    inquiry = Inquiry.objects.get()
    assert inquiry.status == Status.SPAM
    assert contact_tasks().count() == 0
    assert mailoutbox == []


@pytest.mark.parametrize(
    "key",
    ["", "not-a-signed-key", FormKey.issue().sign()[:-3] + "abc"],
    ids=["missing", "made-up", "tampered"],
)
def test_form_without_a_genuine_key_is_dropped(submit, key):
    response = submit(inquiry_data(form_key=key))
    assert response.status_code == 303
    assert Inquiry.objects.count() == 0


def test_key_signed_for_something_else_is_not_accepted(submit):
    from django.core import signing

    foreign = signing.dumps({"token": "00000000-0000-0000-0000-000000000000", "at": 0})
    submit(inquiry_data(form_key=foreign))
    assert Inquiry.objects.count() == 0


def test_form_left_open_too_long_asks_to_send_again_and_keeps_the_text(submit):
    old_key = form_key(seconds_ago=MAX_FORM_AGE_SECONDS + 60)
    response = submit(inquiry_data(form_key=old_key, message="Still here"))
    assert response.status_code == 200
    html_text = response.content.decode()
    assert "This form was open for a long time" in html_text
    assert "Still here</textarea>" in html_text
    fresh_key = response.context["form_key"]
    assert fresh_key != old_key
    assert FormKey.read(fresh_key).age_in_seconds() < 60
    assert Inquiry.objects.count() == 0


# Floods


@pytest.fixture
def limit_of_three(settings):
    settings.INQUIRY_RATE_LIMIT_PER_HOUR = 3


def test_flood_from_one_address_is_answered_429(submit, limit_of_three):
    statuses = [submit(inquiry_data(), REMOTE_ADDR="203.0.113.9").status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]
    assert Inquiry.objects.count() == 3


def test_the_429_page_is_plain_helpful_and_uncached(submit, limit_of_three):
    for _ in range(3):
        submit(inquiry_data(consent=None))
    response = submit(inquiry_data())
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "no-store" in response["Cache-Control"]
    html_text = response.content.decode()
    assert "Too many messages" in html_text
    assert PRACTICE_PHONE in html_text
    assert "Maria" not in html_text
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html_text
    assert Inquiry.objects.count() == 0


def test_refused_submissions_count_toward_the_limit(submit, limit_of_three):
    for _ in range(3):
        assert submit(inquiry_data(email="nope")).status_code == 200
    assert submit(inquiry_data()).status_code == 429


def test_forged_x_forwarded_for_does_not_dodge_the_limit_without_a_proxy(
    submit, limit_of_three, settings
):
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = [
        submit(inquiry_data(), HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(4)
    ]
    assert statuses[-1] == 429


def test_forged_x_forwarded_for_does_not_dodge_the_limit_behind_one_proxy(
    submit, limit_of_three, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    statuses = [
        submit(
            inquiry_data(),
            REMOTE_ADDR="10.0.0.2",  # the proxy
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9",
        ).status_code
        for n in range(4)
    ]
    assert statuses[-1] == 429


def test_behind_a_proxy_each_visitor_has_their_own_limit(submit, limit_of_three, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        submit(inquiry_data(), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    other_visitor = submit(
        inquiry_data(), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.77"
    )
    assert other_visitor.status_code == 303


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "203.0.113.9"),
        (
            1,
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9"},
            "203.0.113.9",
        ),
        (
            2,
            {"REMOTE_ADDR": "10.0.0.3", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9, 10.0.0.2"},
            "203.0.113.9",
        ),
        (1, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "garbage"}, "10.0.0.2"),
        (1, {"REMOTE_ADDR": "10.0.0.2"}, "10.0.0.2"),
        (0, {"REMOTE_ADDR": "2001:db8:1:2:3:4:5:6"}, "2001:db8:1:2::/64"),
        (0, {"REMOTE_ADDR": "::ffff:203.0.113.9"}, "203.0.113.9"),
    ],
    ids=["no-proxy", "one-proxy", "two-proxies", "bad-header", "no-header", "ipv6", "mapped-ipv4"],
)
def test_client_address_trusts_only_the_configured_proxies(settings, proxies, meta, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().post("/contact/", **meta)
    assert client_address(request) == expected


def test_one_ipv6_household_shares_one_limit(settings, limit_of_three):
    factory = RequestFactory()
    decisions = [
        count_submission(factory.post("/contact/", REMOTE_ADDR=f"2001:db8:1:2::{n}")).allowed
        for n in range(1, 5)
    ]
    assert decisions == [True, True, True, False]


def test_counts_are_forgotten_when_the_hour_is_over(monkeypatch, limit_of_three):
    request = RequestFactory().post("/contact/", REMOTE_ADDR="203.0.113.9")
    start = 1_800_000_000.0
    monkeypatch.setattr(ratelimit.time, "time", lambda: start)
    assert [count_submission(request).allowed for _ in range(4)][-1] is False
    monkeypatch.setattr(ratelimit.time, "time", lambda: start + 3600)
    assert count_submission(request).allowed is True


def test_counts_expire_within_the_hour_and_do_not_name_the_address(monkeypatch):
    stored = []
    real_add = cache.add

    def recording_add(key, value, timeout=None, **kwargs):
        stored.append((key, timeout))
        return real_add(key, value, timeout=timeout, **kwargs)

    monkeypatch.setattr(ratelimit.cache, "add", recording_add)
    count_submission(RequestFactory().post("/contact/", REMOTE_ADDR="203.0.113.9"))
    ((key, timeout),) = stored
    assert 0 < timeout <= 3600
    assert "203.0.113" not in key


def test_a_cache_outage_lets_the_inquiry_through(monkeypatch, submit):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(ratelimit.cache, "add", broken)
    assert submit().status_code == 303
    assert Inquiry.objects.count() == 1


def test_form_timing_uses_the_time_the_form_was_rendered(csrf_client, contact_page):
    before = time.time()
    key = FormKey.read(csrf_client.get("/contact/").context["form_key"])
    assert before - 1 <= key.rendered_at <= time.time()
