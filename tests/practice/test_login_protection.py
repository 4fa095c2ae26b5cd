"""The admin's sign-in page resists guessing: failures are limited per account and per address."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F

from tests.factories import SuperuserFactory

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
    """Failures for one account, each from its own address, so only the per-account rule counts."""
    for number in range(times):
        response = sign_in(client, username, WRONG_PASSWORD, address=f"198.51.100.{number + 1}")
        # The form again, with its error, until the failure that reaches the limit locks.
        assert response.status_code == (429 if number == times - 1 else 200)


def test_account_is_locked_after_the_limit_even_from_a_new_address(client, editor, failure_limit):
    fail_from_many_addresses(client, "editor", failure_limit)

    response = sign_in(client, "editor", PASSWORD, address="192.0.2.99")

    assert response.status_code == 429
    assert "Signing in is paused" in response.content.decode()
    assert SIGNED_IN not in client.session


def test_address_is_locked_after_the_limit_even_for_other_accounts(client, editor, failure_limit):
    for number in range(failure_limit):
        sign_in(client, f"guess{number}", WRONG_PASSWORD, address="203.0.113.10")

    locked = sign_in(client, "editor", PASSWORD, address="203.0.113.10")
    elsewhere = sign_in(client, "editor", PASSWORD, address="192.0.2.99")

    assert locked.status_code == 429
    assert elsewhere.status_code == 302
    assert elsewhere["Location"] == "/admin/"


def test_the_lockout_page_is_the_same_for_a_real_and_a_made_up_account(
    client, editor, failure_limit
):
    fail_from_many_addresses(client, "editor", failure_limit)
    fail_from_many_addresses(client, "nobody-by-this-name", failure_limit)

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
    fail_from_many_addresses(client, "editor", failure_limit)
    assert sign_in(client, "editor", PASSWORD).status_code == 429

    # The failures age past the cool-off time, as if that much time had gone by.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )
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
    client, editor, failure_limit, production_settings, https
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

    for number in range(failure_limit):
        through_proxy(f"guess{number}", WRONG_PASSWORD, "198.51.100.7", spoofed=f"10.9.9.{number}")

    locked = through_proxy("editor", PASSWORD, "198.51.100.7", spoofed="192.0.2.50")
    another_client = through_proxy("editor", PASSWORD, "198.51.100.8")

    assert locked.status_code == 429
    assert another_client.status_code == 302
