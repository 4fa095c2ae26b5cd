"""Every public page on a phone, a laptop and a phone in the dark scheme: WCAG A/AA by axe-core,
no sideways scrolling, and a full-page screenshot for a person to look at."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import describe_violations, wcag_violations
from tests.e2e.screens import SCREENS, save_screenshot

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class PublicPage:
    name: str
    path: str
    status: int = 200
    # What a visitor does on the page before it is checked (say, sends a form with a mistake).
    then: Callable | None = None


def expect_a_search_result(page):
    expect(page.get_by_role("link", name=re.compile(r"^Demystifying Ketamine"))).to_be_visible()


def send_the_empty_contact_form(page):
    page.get_by_role("button", name="Send message").click()
    page.get_by_role("alert").wait_for()


PUBLIC_PAGES = [
    PublicPage("home", "/"),
    PublicPage("about", "/about/"),
    PublicPage("privacy", "/privacy/"),
    PublicPage("blog", "/blog/"),
    PublicPage("article", "/blog/demystifying-ketamine/"),
    PublicPage("tag", "/blog/?tag=ketamine"),
    PublicPage("search-results", "/search/?q=ketamine", then=expect_a_search_result),
    PublicPage("contact", "/contact/"),
    PublicPage("contact-with-errors", "/contact/", then=send_the_empty_contact_form),
    PublicPage("contact-thank-you", "/contact/thank-you/"),
    PublicPage("not-found", "/no-such-page/", status=404),
]


@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=lambda public_page: public_page.name)
def test_public_page_meets_wcag_aa_and_fits_every_screen(new_site_context, public_page):
    failures = []
    for screen in SCREENS:
        page = new_site_context(**screen.context_args()).new_page()
        response = page.goto(public_page.path)
        assert response.status == public_page.status
        if public_page.then:
            public_page.then(page)
        save_screenshot(page, public_page.name, screen)

        where = f"{page.url} ({screen.label})"
        violations = wcag_violations(page)
        if violations:
            failures.append(describe_violations(violations, where))
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            failures.append(f"{where} scrolls sideways by {overflow}px")
        page.context.close()

    assert not failures, "\n\n".join(failures)
