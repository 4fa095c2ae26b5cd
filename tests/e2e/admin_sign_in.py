"""Signing in to the Wagtail admin through its own login form, as staff do."""

from playwright.sync_api import Page, expect

# The password tests.factories.UserFactory gives every user.
PASSWORD = "a-long-test-password"


def sign_in_to_admin(page: Page, username: str) -> None:
    page.goto("/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
