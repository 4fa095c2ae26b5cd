"""Moving through a page by keyboard alone, the way a person who cannot use a mouse does."""

from playwright.sync_api import Locator, Page, expect

# Generous: the header, the skip link and a long form together have fewer stops than this.
MAX_TAB_PRESSES = 80
# About 40 words a minute: a person typing, not a bot filling the form in an instant.
TYPING_DELAY_MS = 30


def tab_to(page: Page, target: Locator) -> None:
    """Presses Tab until `target` has the focus; fails if it never does."""
    for _ in range(MAX_TAB_PRESSES):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    expect(target).to_be_focused()  # fails with Playwright's own description of the element


def type_text(page: Page, text: str) -> None:
    page.keyboard.type(text, delay=TYPING_DELAY_MS)
