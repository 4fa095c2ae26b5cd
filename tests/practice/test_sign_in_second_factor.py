"""Staff who can read patients' messages pass a second factor before the admin opens.

Each role signs in with its password, with and without a factor enrolled, and the admin either
opens, asks for the factor, or asks the person to enrol one.
"""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp_webauthn.models import WebAuthnCredential

from tests.factories import (
    AuthenticatorAppFactory,
    EditorFactory,
    InquiryFactory,
    ReviewerFactory,
    SuperuserFactory,
    UserFactory,
    current_code,
)

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # UserFactory's
HOME = "/admin/"
VERIFY = "/admin/two-step/"
ENROL = "/admin/two-step/enrol/"
PATIENT_MARKER = "Pat Second-Factor-Marker"


@pytest.fixture(autouse=True)
def second_factor_for_reviewers(settings):
    settings.ADMIN_SECOND_FACTOR = "reviewers"
    return settings


def plain_staff():
    """Someone who may use the admin and nothing more."""
    group, _ = Group.objects.get_or_create(name="Plain staff")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory()
    user.groups.add(group)
    return user


ROLES = {
    "plain staff": plain_staff,
    "editor": EditorFactory,
    "reviewer": ReviewerFactory,
    "superuser": SuperuserFactory,
}


def sign_in_with_password(client, user):
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the password was refused"
    return client.get(HOME)


def pass_second_step(client, code):
    return client.post(VERIFY, {"code": code, "next": HOME})


# Role, whether a factor is enrolled, and where the admin's home then sends them.
MATRIX = [
    ("plain staff", False, None),
    ("plain staff", True, VERIFY),
    ("editor", False, None),
    ("editor", True, VERIFY),
    ("reviewer", False, ENROL),
    ("reviewer", True, VERIFY),
    ("superuser", False, ENROL),
    ("superuser", True, VERIFY),
]


@pytest.mark.parametrize(("role", "enrolled", "sent_to"), MATRIX)
def test_sign_in_matrix(client, home_page, role, enrolled, sent_to):
    user = ROLES[role]()
    app = AuthenticatorAppFactory(user=user) if enrolled else None

    home = sign_in_with_password(client, user)

    if sent_to is None:
        assert home.status_code == 200
        return
    assert home.status_code == 302
    assert home["Location"].startswith(sent_to)
    if app is not None:
        passed = pass_second_step(client, current_code(app))
        assert (passed.status_code, passed["Location"]) == (302, HOME)
        assert client.get(HOME).status_code == 200


@pytest.mark.parametrize("role", ["plain staff", "editor"])
def test_all_staff_can_be_required_to_pass_a_second_factor(client, home_page, settings, role):
    settings.ADMIN_SECOND_FACTOR = "all_staff"

    home = sign_in_with_password(client, ROLES[role]())

    assert home.status_code == 302
    assert home["Location"].startswith(ENROL)


@pytest.mark.parametrize(
    "path", ["/admin/inquiries/", "/admin/inquiries/{pk}/", "/admin/inquiries/?export=csv"]
)
def test_a_password_alone_shows_no_patient_message(client, home_page, path):
    reviewer = ReviewerFactory()
    AuthenticatorAppFactory(user=reviewer)
    inquiry = InquiryFactory(name=PATIENT_MARKER, message=PATIENT_MARKER)
    sign_in_with_password(client, reviewer)

    response = client.get(path.format(pk=inquiry.pk))

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert PATIENT_MARKER not in response.content.decode()


def test_a_wrong_code_is_refused_and_says_what_to_do(client, home_page):
    reviewer = ReviewerFactory()
    AuthenticatorAppFactory(user=reviewer)
    sign_in_with_password(client, reviewer)

    response = pass_second_step(client, "000000")

    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert client.get(HOME).status_code == 302


def test_repeated_wrong_codes_are_slowed_down_and_the_wait_is_named(client, home_page):
    reviewer = ReviewerFactory()
    app = AuthenticatorAppFactory(user=reviewer)
    sign_in_with_password(client, reviewer)
    for _ in range(3):
        pass_second_step(client, "000000")

    response = pass_second_step(client, current_code(app))

    assert response.status_code == 200
    assert re.search(r"Wait \d+ seconds", response.content.decode())


def test_an_app_code_works_only_once(client, home_page):
    reviewer = ReviewerFactory()
    app = AuthenticatorAppFactory(user=reviewer)
    code = current_code(app)
    sign_in_with_password(client, reviewer)
    assert pass_second_step(client, code).status_code == 302

    other_browser = Client()
    sign_in_with_password(other_browser, reviewer)

    assert pass_second_step(other_browser, code).status_code == 200


def enrol_authenticator_app(client):
    """First sign-in without a factor: add an app, prove it, make recovery codes."""
    page = client.get("/admin/two-step/app/")
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()
    app = page.wsgi_request.user.totpdevice_set.get(confirmed=False)
    confirmed = client.post("/admin/two-step/app/", {"code": current_code(app), "next": HOME})
    assert confirmed.status_code == 302
    assert confirmed["Location"].startswith("/admin/two-step/recovery-codes/")
    codes_page = client.post("/admin/two-step/recovery-codes/", {"next": HOME})
    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", codes_page.content.decode())


def test_a_reviewer_enrols_at_first_sign_in_and_gets_recovery_codes(client, home_page, settings):
    reviewer = ReviewerFactory()
    assert sign_in_with_password(client, reviewer)["Location"].startswith(ENROL)

    codes = enrol_authenticator_app(client)

    assert len(codes) == settings.RECOVERY_CODE_COUNT
    assert client.get(HOME).status_code == 200
    assert reviewer.totpdevice_set.filter(confirmed=True).count() == 1


def test_recovery_codes_work_once(client, home_page):
    reviewer = ReviewerFactory()
    sign_in_with_password(client, reviewer)
    codes = enrol_authenticator_app(client)
    client.post("/admin/logout/")

    first = Client()
    sign_in_with_password(first, reviewer)
    used = pass_second_step(first, codes[0].upper())
    second = Client()
    sign_in_with_password(second, reviewer)
    reused = pass_second_step(second, codes[0])

    assert (used.status_code, used["Location"]) == (302, HOME)
    assert reused.status_code == 200
    assert "That code did not work" in reused.content.decode()
    assert StaticToken.objects.filter(token=codes[0]).count() == 0
    assert StaticToken.objects.filter(token=codes[1]).count() == 1


def test_new_recovery_codes_void_the_old_ones(client, home_page):
    reviewer = ReviewerFactory()
    sign_in_with_password(client, reviewer)
    old = enrol_authenticator_app(client)

    page = client.post("/admin/two-step/recovery-codes/", {"next": HOME})
    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page.content.decode())

    assert set(new).isdisjoint(old)
    assert not StaticToken.objects.filter(token__in=old).exists()


def test_a_password_alone_cannot_add_another_factor(client, home_page):
    reviewer = ReviewerFactory()
    AuthenticatorAppFactory(user=reviewer)
    sign_in_with_password(client, reviewer)

    app_page = client.get("/admin/two-step/app/")
    codes = client.post("/admin/two-step/recovery-codes/")
    passkey = client.post(
        "/admin/two-step/passkeys/registration/begin/", content_type="application/json"
    )

    assert app_page.status_code == 302
    assert app_page["Location"].startswith(VERIFY)
    assert codes.status_code == 302
    assert passkey.status_code == 403
    assert reviewer.totpdevice_set.count() == 1
    assert not WebAuthnCredential.objects.exists()


def test_passkeys_are_only_a_second_factor_never_a_way_in_alone(client, home_page):
    response = client.post(
        "/admin/two-step/passkeys/authentication/begin/", content_type="application/json"
    )

    assert response.status_code == 403


def test_a_removed_app_no_longer_signs_in_and_the_reviewer_enrols_again(client, home_page):
    reviewer = ReviewerFactory()
    app = AuthenticatorAppFactory(user=reviewer)
    sign_in_with_password(client, reviewer)
    pass_second_step(client, current_code(app))

    client.post("/admin/two-step/remove/", {"kind": "app", "pk": app.pk})
    client.post("/admin/logout/")

    assert sign_in_with_password(Client(), reviewer)["Location"].startswith(ENROL)


def test_the_account_page_links_to_two_step_sign_in(client, home_page):
    editor = EditorFactory()
    sign_in_with_password(client, editor)

    assert "/admin/two-step/manage/" in client.get("/admin/account/").content.decode()


def test_the_second_step_pages_are_kept_by_no_cache(client, home_page):
    reviewer = ReviewerFactory()
    sign_in_with_password(client, reviewer)

    response = client.get("/admin/two-step/app/")

    assert "no-store" in response["Cache-Control"]


def test_a_command_removes_the_factors_of_someone_who_lost_them(client, home_page):
    reviewer = ReviewerFactory()
    AuthenticatorAppFactory(user=reviewer)

    call_command("remove_second_factors", reviewer.username, stdout=StringIO())

    assert sign_in_with_password(client, reviewer)["Location"].startswith(ENROL)
