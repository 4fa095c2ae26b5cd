"""A visitor who uses only a keyboard: the skip link comes first, and focus is always visible."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.screens import WIDTHS

pytestmark = pytest.mark.e2e

# Where the focused element is, and whether anything shows it: an outline or a box shadow.
# Smooth scrolling (on unless the visitor prefers reduced motion) takes a moment to bring the
# element into view, so that is given up to a second.
DESCRIBE_FOCUS = """async () => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const isOnScreen = () => {
        const rect = element.getBoundingClientRect();
        return rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.top < innerHeight
            && rect.right > 0 && rect.left < innerWidth;
    };
    for (let frame = 0; frame < 60 && !isOnScreen(); frame++) {
        await new Promise(requestAnimationFrame);
    }
    const style = getComputedStyle(element);
    return {
        html: element.outerHTML.slice(0, 160),
        visibleIndicator:
            (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
            || style.boxShadow !== "none",
        onScreen: isOnScreen(),
        isSkipLink: element.matches(".skip-link"),
    };
}"""

KEYBOARD_PAGES = ["/", "/blog/demystifying-ketamine/", "/contact/", "/no-such-page/"]


@pytest.mark.parametrize("width", WIDTHS, ids=lambda width: f"{width}px")
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(
    new_site_context, width
):
    page = new_site_context(width=width).new_page()
    page.goto("/about/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport(ratio=1)

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main")).to_be_focused()

    page.keyboard.press("Tab")
    next_stop_follows_the_header = page.evaluate(
        """() => {
            const main = document.querySelector("main");
            const active = document.activeElement;
            return main.contains(active)
                || Boolean(main.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    assert next_stop_follows_the_header, "after the skip link, Tab went back into the header"


@pytest.mark.parametrize("width", WIDTHS, ids=lambda width: f"{width}px")
@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_every_tab_stop_shows_where_the_focus_is(new_site_context, path, width):
    page = new_site_context(width=width).new_page()
    page.goto(path)

    stops = []
    for _ in range(100):
        page.keyboard.press("Tab")
        focus = page.evaluate(DESCRIBE_FOCUS)
        if focus is None or (focus["isSkipLink"] and stops):
            break
        stops.append(focus)
    else:
        pytest.fail(f"Tab never left the page after 100 presses on {path}: a keyboard trap?")

    assert len(stops) > 2, f"only {len(stops)} tab stops on {path}"
    assert stops[0]["isSkipLink"]
    hidden = [stop["html"] for stop in stops if not stop["visibleIndicator"]]
    assert not hidden, "no visible focus indicator on:\n" + "\n".join(hidden)
    off_screen = [stop["html"] for stop in stops if not stop["onScreen"]]
    assert not off_screen, "focused but not scrolled into view:\n" + "\n".join(off_screen)
