"""Admin sessions: secure cookies, expiry after inactivity, and logging out ends them."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.factories import SuperuserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # UserFactory's


@pytest.fixture
def editor(home_page):
    return SuperuserFactory(username="editor")


def sign_in(client, **headers):
    response = client.post(
        "/admin/login/", {"username": "editor", "password": PASSWORD}, headers=headers
    )
    assert response.status_code == 302
    return response


def test_session_cookie_after_sign_in_is_host_only_secure_httponly_and_samesite(
    client, editor, production_settings, https
):
    cookie = sign_in(client, **https).cookies["__Host-sessionid"]

    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert not cookie["domain"]


def test_csrf_cookie_on_the_sign_in_page_is_host_only_secure_httponly_and_samesite(
    client, home_page, production_settings, https
):
    cookie = client.get("/admin/login/", headers=https).cookies["__Host-csrftoken"]

    # No expiry: it ends with the browser session, like the session cookie.
    assert not cookie["max-age"]
    assert not cookie["expires"]
    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert not cookie["domain"]


def test_logging_out_deletes_the_session(client, editor):
    sign_in(client)
    session_key = client.session.session_key

    client.post("/admin/logout/")

    assert not Session.objects.filter(session_key=session_key).exists()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_every_request_renews_the_session_for_its_full_idle_time(client, editor, settings):
    sign_in(client)
    session = Session.objects.get(session_key=client.session.session_key)
    session.expire_date = timezone.now() + timedelta(minutes=1)
    session.save()

    assert client.get("/admin/").status_code == 200

    session.refresh_from_db()
    idle_time = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert session.expire_date > timezone.now() + idle_time - timedelta(minutes=1)


def test_an_idle_session_has_expired(client, editor):
    sign_in(client)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_session_ends_when_the_browser_closes(client, editor, https, production_settings):
    cookie = sign_in(client, **https).cookies["__Host-sessionid"]

    assert not cookie["max-age"]
    assert not cookie["expires"]
