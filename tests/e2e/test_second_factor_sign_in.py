"""A reviewer signs in with a password and a second factor, in Chromium: an authenticator app's
code, or a passkey made on first sign-in (Chromium's virtual authenticator stands in for the
phone or security key)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.admin_sign_in import PASSWORD
from tests.factories import AuthenticatorAppFactory, current_code

pytestmark = pytest.mark.e2e


@pytest.fixture
def second_factor_required(settings, live_site):
    settings.ADMIN_SECOND_FACTOR = "reviewers"
    # Passkeys belong to the live server's own origin.
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    assert live_site.startswith("http://localhost:")
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_site]
    return settings


def admin_menu(page):
    return page.get_by_role("navigation", name="Main menu")


def sign_in_with_password(page, username):
    page.goto("/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_reviewer_signs_in_with_an_authenticator_app_code(page, reviewer, second_factor_required):
    app = AuthenticatorAppFactory(user=reviewer)

    sign_in_with_password(page, reviewer.username)
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    page.get_by_label("Code").fill(current_code(app))
    page.get_by_role("button", name="Continue").click()

    expect(admin_menu(page).get_by_role("link", name=re.compile("^Inquiries"))).to_be_visible()


def test_a_reviewer_makes_a_passkey_at_first_sign_in_and_signs_in_with_it(
    new_site_context, reviewer, second_factor_required
):
    context = new_site_context()
    page = context.new_page()
    authenticator = context.new_cdp_session(page)
    authenticator.send("WebAuthn.enable")
    authenticator.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )

    sign_in_with_password(page, reviewer.username)
    expect(page.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    page.get_by_role("link", name="Use a passkey").click()
    page.get_by_role("button", name="Create a passkey").click()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    page.get_by_role("button", name="Make new recovery codes").click()
    expect(page.locator("[data-recovery-codes] li")).to_have_count(10)
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(admin_menu(page).get_by_role("link", name=re.compile("^Inquiries"))).to_be_visible()

    page.get_by_role("button", name=reviewer.first_name).click()
    page.get_by_role("button", name="Log out").click()
    sign_in_with_password(page, reviewer.username)
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    page.get_by_role("button", name="Use my passkey").click()

    expect(admin_menu(page).get_by_role("link", name=re.compile("^Inquiries"))).to_be_visible()
