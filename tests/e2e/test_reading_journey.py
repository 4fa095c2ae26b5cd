"""Journey 1: a visitor finds the ketamine article from the home page, reads it, jumps through
its table of contents, and follows "contact me" to the contact page."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.screens import PHONE_WIDTH

pytestmark = pytest.mark.e2e

ARTICLE_TITLE = (
    "Demystifying Ketamine: Understanding Its Mechanism of Action from a Physician’s Perspective"
)
SECTION = "NMDA Receptor Modulation: The Key Mechanism"


def test_visitor_finds_the_ketamine_article_follows_its_contents_and_contact_me(
    new_site_context,
):
    page = new_site_context(width=PHONE_WIDTH).new_page()
    page.goto("/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Blog").click()
    expect(page).to_have_url(re.compile(r"/blog/$"))
    page.get_by_role("link", name=ARTICLE_TITLE).first.click()
    expect(page).to_have_url(re.compile(r"/blog/demystifying-ketamine/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE_TITLE)

    # The table of contents is a <details>: it works without JavaScript.
    page.get_by_text("Contents", exact=True).click()
    contents = page.get_by_role("navigation", name="Table of contents")
    contents.get_by_role("link", name=SECTION).click()
    expect(page).to_have_url(re.compile(r"#[\w-]+$"))
    heading = page.get_by_role("heading", name=SECTION)
    expect(heading).to_have_id(urlsplit(page.url).fragment)
    expect(heading).to_be_in_viewport()

    page.get_by_role("link", name="contact me").click()
    expect(page).to_have_url(re.compile(r"/contact/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact")
