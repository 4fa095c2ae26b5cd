"""The pages that show what patients wrote run no inline script: the strict policy is enforced
there, and every action of the queue still works in Chromium with no policy violation (the
wire watch fails the test on any)."""

import pytest
from playwright.sync_api import expect

from contact.models import Status
from tests.e2e.admin_sign_in import sign_in_to_admin
from tests.factories import InquiryFactory

pytestmark = pytest.mark.e2e

MESSAGE = "<script>alert('typed by a patient')</script> Is the clinic open on Saturdays?"


def assert_strict_policy(response):
    policy = response.headers["content-security-policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "content-security-policy-report-only" not in response.headers


def test_every_queue_action_works_under_the_strict_policy(page, reviewer, wire_watch):
    first = InquiryFactory(name="Pat Example", email="pat@mail.example", message=MESSAGE)
    second = InquiryFactory(name="Sam Sample")
    sign_in_to_admin(page, reviewer.username)

    listing = page.goto("/admin/inquiries/")
    assert_strict_policy(listing)
    # Filters: status, and dates (the browser's own date fields).
    page.goto("/admin/inquiries/?status=all&received_at_from=2000-01-01")
    expect(page.locator('input[type="date"][name="received_at_from"]')).to_have_value("2000-01-01")
    expect(page.get_by_role("link", name=f"Inquiry #{first.pk}")).to_be_visible()

    # Bulk action on one selected inquiry.
    page.locator(f'input[data-bulk-action-checkbox][data-object-id="{second.pk}"]').check()
    page.get_by_role("link", name="Claim").click()
    assert_strict_policy(page.request.get(page.url))
    page.get_by_role("button", name="Yes, go ahead").click()
    expect(page.get_by_text("inquiry changed")).to_be_visible()

    # One inquiry: the patient's text shown as text, then assign, note, status.
    detail = page.goto(f"/admin/inquiries/{first.pk}/")
    assert_strict_policy(detail)
    expect(page.get_by_text(MESSAGE)).to_be_visible()
    page.get_by_label("Assign to").select_option(label=reviewer.get_full_name())
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text("is now assigned to")).to_be_visible()
    page.get_by_role("textbox", name="New internal note").fill("Rang back.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("region", name="Internal notes")).to_contain_text("Rang back.")
    page.get_by_role("button", name="Mark responded").click()
    expect(page.get_by_text("Its status is now")).to_be_visible()

    # Its audit history, and the patient's request to delete their data.
    assert_strict_policy(page.goto(f"/admin/inquiries/{first.pk}/history/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("History")
    page.goto("/admin/inquiries/delete-on-request/")
    page.get_by_label("The patient's email address").fill("pat@mail.example")
    page.get_by_role("button", name="Find their inquiries").click()
    page.get_by_label("Yes, delete these inquiries").check()
    page.get_by_role("button", name="Delete these inquiries").click()
    expect(page.get_by_text("Deleted 1 inquiry")).to_be_visible()

    second.refresh_from_db()
    assert second.status == Status.IN_REVIEW
    assert not wire_watch.problems
