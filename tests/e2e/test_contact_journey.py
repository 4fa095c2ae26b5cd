"""Journey 2: by keyboard alone, a visitor sends the contact form with a mistake, finds the error
next to the field with everything they typed kept, fixes it, and reaches the thank-you page."""

import re

import pytest
from playwright.sync_api import expect

from contact.models import Inquiry, Status
from tests.e2e.keyboard import tab_to, type_text
from tests.e2e.screens import DESKTOP_WIDTH

pytestmark = pytest.mark.e2e

MESSAGE = (
    "Hello, I would like to ask for a first consultation about pain management. "
    "Mornings suit me best."
)
EMAIL_ERROR = "Enter an email address in the form name@example.com."


def test_visitor_fixes_a_mistake_and_sends_the_contact_form_by_keyboard_alone(new_site_context):
    page = new_site_context(width=DESKTOP_WIDTH).new_page()
    page.goto("/contact/")
    name = page.get_by_role("textbox", name="Your name")
    email = page.get_by_role("textbox", name="Email address")
    message = page.get_by_role("textbox", name="Your message")
    consent = page.get_by_role("checkbox", name=re.compile("I agree that the practice"))
    send = page.get_by_role("button", name="Send message")

    tab_to(page, name)
    type_text(page, "Pat Example")
    page.keyboard.press("Tab")
    expect(email).to_be_focused()
    # The mistake: the part before the @ is missing.
    type_text(page, "@mail.example")
    # Phone and the ways to be contacted keep their defaults; the first topic is chosen.
    topic = page.get_by_role("group", name="What is your message about?")
    tab_to(page, topic.get_by_role("radio").first)
    page.keyboard.press("Space")
    tab_to(page, message)
    type_text(page, MESSAGE)
    page.keyboard.press("Tab")
    expect(consent).to_be_focused()
    page.keyboard.press("Space")
    tab_to(page, send)
    page.keyboard.press("Enter")

    # Not sent: the summary says so at the top, the error sits next to the field and is read
    # out with it, and nothing typed is lost.
    expect(page).to_have_title(re.compile(r"^Error:"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Your message has not been sent yet")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(re.compile(re.escape(EMAIL_ERROR)))
    expect(page.locator("#id_email_error")).to_be_visible()
    expect(name).to_have_value("Pat Example")
    expect(email).to_have_value("@mail.example")
    expect(message).to_have_value(MESSAGE)
    expect(consent).to_be_checked()
    assert not Inquiry.objects.exists()

    # Skip link, then the summary's link is the first stop in the page; it moves to the field.
    tab_to(page, page.get_by_role("link", name="Skip to main content"))
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    summary_link = summary.get_by_role("link", name=EMAIL_ERROR)
    expect(summary_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(email).to_be_focused()
    type_text(page, "pat")
    expect(email).to_have_value("pat@mail.example")
    tab_to(page, send)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/contact/thank-you/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for getting in touch")
    inquiry = Inquiry.objects.get()
    assert (inquiry.name, inquiry.email, inquiry.message) == (
        "Pat Example",
        "pat@mail.example",
        MESSAGE,
    )
    # Typed at a person's pace, so it is not taken for a bot's.
    assert inquiry.status == Status.NEW
