"""The admin's sign-in page resists guessing, and nobody can lock its staff out.

Hard limits are per address (for one username, or for all); a username alone is only slowed
down, and not at all in a browser that signed in as that user before.
"""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db.models import F
from django.test import Client

from tests.factories import EditorFactory, SuperuserFactory

pytestmark = pytest.mark.django_db

SIGN_IN = "/admin/login/"
PASSWORD = "a-long-test-password"  # UserFactory's
WRONG_PASSWORD = "Tr0ub4dor&3-not-the-password"
SIGNED_IN = "_auth_user_id"


@pytest.fixture
def editor(home_page):
    return SuperuserFactory(username="editor")


@pytest.fixture
def failure_limit(settings):
    return settings.AXES_FAILURE_LIMIT


def sign_in(client, username, password, address="203.0.113.10", **headers):
    return client.post(
        SIGN_IN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def fail_from_many_addresses(client, username, times):
    """A stranger's failures for one account, each from an address of its own."""
    for number in range(times):
        sign_in(client, username, WRONG_PASSWORD, address=f"198.51.100.{number + 1}")


def fail_from_one_address(client, username, times, address="203.0.113.66"):
    for _ in range(times):
        sign_in(client, username, WRONG_PASSWORD, address=address)


def age_failures(by: timedelta):
    """As if that much time had gone by since every failure."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - by)


def test_one_address_guessing_one_account_is_paused_after_the_limit(client, editor, failure_limit):
    fail_from_one_address(client, "editor", failure_limit - 1)
    last_failure = sign_in(client, "editor", WRONG_PASSWORD, address="203.0.113.66")

    refused = sign_in(client, "editor", PASSWORD, address="203.0.113.66")

    assert last_failure.status_code == 429
    assert refused.status_code == 429
    assert "Signing in is paused" in refused.content.decode()
    assert "15 minutes" in refused.content.decode()
    assert int(refused["Retry-After"]) == 15 * 60
    assert SIGNED_IN not in client.session


def test_a_strangers_failures_from_many_addresses_do_not_lock_the_real_user_out(
    client, editor, settings
):
    # The real user signed in from their own browser before; its cookie says so.
    assert sign_in(client, "editor", PASSWORD, address="192.0.2.7").status_code == 302
    client.post("/admin/logout/")
    stranger = Client()
    # Far more failures than any limit, each from a different address.
    fail_from_many_addresses(stranger, "editor", settings.LOGIN_ADDRESS_FAILURE_LIMIT * 2)

    response = sign_in(client, "editor", PASSWORD, address="192.0.2.7")

    assert response.status_code == 302
    assert client.session[SIGNED_IN] == str(editor.pk)


def test_on_a_new_browser_the_attacked_username_is_only_slowed_down_and_told_for_how_long(
    client, editor, settings
):
    fail_from_many_addresses(Client(), "editor", settings.LOGIN_USERNAME_THROTTLE_AFTER)

    refused = sign_in(client, "editor", PASSWORD, address="192.0.2.7")
    age_failures(timedelta(seconds=settings.LOGIN_USERNAME_THROTTLE_SECONDS))
    later = sign_in(client, "editor", PASSWORD, address="192.0.2.7")

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= settings.LOGIN_USERNAME_THROTTLE_SECONDS
    assert "seconds before you try again" in refused.content.decode()
    assert later.status_code == 302


def test_refused_attempts_do_not_make_the_wait_longer(client, editor, failure_limit):
    fail_from_one_address(client, "editor", failure_limit)
    age_failures(timedelta(minutes=10))

    for _ in range(5):
        refused = sign_in(client, "editor", WRONG_PASSWORD, address="203.0.113.66")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) <= 5 * 60


def test_one_address_trying_many_accounts_is_paused_for_all_of_them(client, editor, settings):
    for number in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        sign_in(client, f"guess{number}", WRONG_PASSWORD, address="203.0.113.10")

    locked = sign_in(client, "editor", PASSWORD, address="203.0.113.10")
    elsewhere = sign_in(client, "editor", PASSWORD, address="192.0.2.99")

    assert locked.status_code == 429
    assert elsewhere.status_code == 302
    assert elsewhere["Location"] == "/admin/"


def test_the_lockout_page_is_the_same_for_a_real_and_a_made_up_account(
    client, editor, failure_limit
):
    fail_from_one_address(client, "editor", failure_limit, address="192.0.2.1")
    fail_from_one_address(client, "nobody-by-this-name", failure_limit, address="192.0.2.2")

    real = sign_in(client, "editor", WRONG_PASSWORD, address="192.0.2.1")
    made_up = sign_in(client, "nobody-by-this-name", WRONG_PASSWORD, address="192.0.2.2")

    assert real.status_code == made_up.status_code == 429
    assert real.content == made_up.content
    assert real["Retry-After"] == made_up["Retry-After"]
    html = real.content.decode()
    assert "editor" not in html
    assert "account" not in html.lower()
    assert "15 minutes" in html


def test_a_failed_sign_in_says_the_same_for_a_real_and_a_made_up_account(client, editor):
    real = sign_in(client, "editor", WRONG_PASSWORD, address="192.0.2.1")
    made_up = sign_in(client, "nobody-by-this-name", WRONG_PASSWORD, address="192.0.2.2")

    def error_messages(response):
        return [str(error) for error in response.context["form"].non_field_errors()]

    assert real.status_code == made_up.status_code == 200
    assert error_messages(real) == error_messages(made_up) != []


def test_sign_in_works_again_after_the_cooloff(client, editor, failure_limit, settings):
    fail_from_one_address(client, "editor", failure_limit, address="203.0.113.10")
    assert sign_in(client, "editor", PASSWORD).status_code == 429

    age_failures(settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
    response = sign_in(client, "editor", PASSWORD)

    assert response.status_code == 302
    assert client.session[SIGNED_IN] == str(editor.pk)


def test_failed_sign_ins_are_logged_without_the_password_or_the_typed_username(
    client, editor, caplog, failure_limit
):
    caplog.set_level(logging.DEBUG)

    for _ in range(failure_limit + 1):
        sign_in(client, "someone-typed-this", WRONG_PASSWORD)

    assert "login failed" in caplog.text.lower()
    assert "locking out" in caplog.text.lower()
    assert WRONG_PASSWORD not in caplog.text
    assert "someone-typed-this" not in caplog.text
    assert "203.0.113.10" not in caplog.text
    for attempt in AccessAttempt.objects.all():
        assert WRONG_PASSWORD not in attempt.post_data
        assert WRONG_PASSWORD not in attempt.get_data


def test_behind_the_proxy_each_client_address_is_counted_separately(
    client, editor, production_settings, https
):
    # The proxy appends the address it saw; whatever a client put before that is ignored.
    def through_proxy(username, password, client_address, spoofed=""):
        forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
        return sign_in(
            client,
            username,
            password,
            address="127.0.0.1",
            headers={**https, "x-forwarded-for": forwarded},
        )

    for number in range(production_settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        through_proxy(f"guess{number}", WRONG_PASSWORD, "198.51.100.7", spoofed=f"10.9.9.{number}")

    locked = through_proxy("editor", PASSWORD, "198.51.100.7", spoofed="192.0.2.50")
    another_client = through_proxy("editor", PASSWORD, "198.51.100.8")

    assert locked.status_code == 429
    assert another_client.status_code == 302


def test_a_superuser_lifts_a_pause_from_the_admin(client, editor, failure_limit):
    fail_from_one_address(Client(), "editor", failure_limit, address="203.0.113.66")
    admin = Client()
    admin.force_login(editor)

    listing = admin.get("/admin/sign-in-pauses/")
    lifted = admin.post("/admin/sign-in-pauses/", {"ip_address": "203.0.113.66"})

    assert "203.0.113.66" in listing.content.decode()
    assert lifted.status_code == 302
    assert sign_in(client, "editor", PASSWORD, address="203.0.113.66").status_code == 302


def test_only_superusers_see_the_sign_in_pauses(client, db):
    client.force_login(EditorFactory())

    assert client.get("/admin/sign-in-pauses/").status_code in (302, 403)


def test_a_command_lifts_a_pause(client, editor, failure_limit):
    fail_from_one_address(Client(), "editor", failure_limit, address="203.0.113.66")

    call_command("axes_reset_username", "editor", verbosity=0)

    assert sign_in(client, "editor", PASSWORD, address="203.0.113.66").status_code == 302
