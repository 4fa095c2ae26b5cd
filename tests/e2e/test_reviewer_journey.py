"""Journey 4: a reviewer finds a new inquiry from the admin's badge and dashboard, adds a note and
marks it responded; an editor who does not review inquiries sees no trace of it."""

import pytest
from playwright.sync_api import expect

from contact.models import Status
from tests.e2e.admin_sign_in import sign_in_to_admin
from tests.e2e.screens import DESKTOP_WIDTH, Screen, save_screenshot
from tests.factories import InquiryFactory

pytestmark = pytest.mark.e2e

NAME = "Pat Example"
MESSAGE = "May I ask about a consultation for my back pain?"
NOTE = "Called back; first appointment booked for Tuesday."
PERMISSION_DENIED = "Sorry, you do not have permission to access this area."


def test_reviewer_answers_a_new_inquiry_from_the_badge_and_dashboard(new_site_context, reviewer):
    inquiry = InquiryFactory(name=NAME, message=MESSAGE)
    page = new_site_context().new_page()
    sign_in_to_admin(page, reviewer.username)

    sidebar = page.get_by_role("navigation", name="Main menu")
    menu_item = sidebar.get_by_role("link", name="Inquiries (1 new)")
    expect(menu_item).to_be_visible()
    panel = page.get_by_role("region", name="Inquiries waiting for an answer")
    expect(panel.get_by_role("row", name="New, not yet looked at 1", exact=True)).to_be_visible()

    menu_item.click()
    page.get_by_role("link", name=f"Inquiry #{inquiry.pk}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Inquiry #{inquiry.pk}")
    expect(page.get_by_text(MESSAGE)).to_be_visible()

    page.get_by_role("textbox", name="New internal note").fill(NOTE)
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("region", name="Internal notes")).to_contain_text(NOTE)
    page.get_by_role("button", name="Mark responded").click()
    expect(page.get_by_text(f"by {reviewer.get_full_name()}")).to_be_visible()
    expect(sidebar.get_by_role("link", name="Inquiries", exact=True)).to_be_visible()

    inquiry.refresh_from_db()
    assert inquiry.status == Status.RESPONDED
    assert inquiry.responded_by == reviewer
    assert list(inquiry.notes.values_list("text", flat=True)) == [NOTE]


def test_editor_who_is_not_a_reviewer_sees_no_trace_of_inquiries(new_site_context, editor):
    inquiry = InquiryFactory(name=NAME, message=MESSAGE)
    page = new_site_context().new_page()
    sign_in_to_admin(page, editor.username)

    sidebar = page.get_by_role("navigation", name="Main menu")
    expect(sidebar).to_contain_text("Pages")
    expect(sidebar.get_by_text("Inquiries")).to_have_count(0)
    expect(page.get_by_text("Inquiries waiting for an answer")).to_have_count(0)

    for path in ("/admin/inquiries/", f"/admin/inquiries/{inquiry.pk}/"):
        page.goto(path)
        expect(page.get_by_text(PERMISSION_DENIED)).to_be_visible()
        expect(page.get_by_text(NAME)).to_have_count(0)
        expect(page.get_by_text(MESSAGE)).to_have_count(0)
    inquiry.refresh_from_db()
    assert inquiry.status == Status.NEW


def test_reviewer_finds_a_patient_by_name_without_it_entering_the_address(
    new_site_context, reviewer
):
    inquiry = InquiryFactory(name=NAME, message=MESSAGE)
    InquiryFactory(name="Someone Else")
    page = new_site_context().new_page()
    visited = []
    page.on("request", lambda request: visited.append(request.url))
    sign_in_to_admin(page, reviewer.username)
    page.goto("/admin/inquiries/")

    search = page.get_by_role("textbox", name="Search by name, email or phone")
    search.fill("pat example")
    search.press("Enter")

    expect(page.get_by_text("Showing only inquiries whose")).to_contain_text(
        "matches “pat example”"
    )
    expect(page.get_by_role("link", name=f"Inquiry #{inquiry.pk}")).to_be_visible()
    expect(page.get_by_text("Someone Else")).to_have_count(0)
    assert not [url for url in visited if "pat" in url.lower() and "exam" in url.lower()]
    save_screenshot(page, "review-queue-search", Screen(DESKTOP_WIDTH))

    page.get_by_role("button", name="Clear search").click()
    expect(page.get_by_text("Someone Else")).to_be_visible()
