"""The wire watch itself: it must see the site's own requests and catch one to any other host."""

import pytest

pytestmark = pytest.mark.e2e


def wait_for_problems(page, wire_watch, attempts: int = 40) -> list[str]:
    # Console messages and aborted requests arrive a moment after the script that caused them.
    for _ in range(attempts):
        if wire_watch.problems:
            break
        page.wait_for_timeout(50)
    return wire_watch.forget_problems()


def test_a_normal_visit_asks_only_the_site_and_the_watch_sees_it(page, wire_watch, live_site):
    page.goto("/about/")

    assert any(url.endswith(".css") for url in wire_watch.requested_urls)
    assert all(url.startswith(live_site) for url in wire_watch.requested_urls)
    assert wire_watch.problems == []


def test_a_request_to_another_host_is_caught_and_never_leaves(page, wire_watch):
    page.goto("/")
    page.evaluate(
        """() => new Promise(done => {
            const pixel = new Image();
            pixel.onload = pixel.onerror = done;
            pixel.src = "http://tracker.invalid/pixel.gif";
        })"""
    )

    problems = wait_for_problems(page, wire_watch)
    assert any("tracker.invalid" in problem for problem in problems), problems


def test_an_uncaught_script_error_is_caught(page, wire_watch):
    page.goto("/")
    page.evaluate("() => { setTimeout(() => { throw new Error('broken script'); }); }")

    problems = wait_for_problems(page, wire_watch)
    assert any("broken script" in problem for problem in problems), problems


def test_reading_sets_no_cookie_and_the_contact_form_sets_only_its_csrf_cookie(page):
    for path in ("/", "/about/", "/privacy/", "/no-such-page/"):
        page.goto(path)
    assert page.context.cookies() == []

    page.goto("/contact/")
    assert [cookie["name"] for cookie in page.context.cookies()] == ["csrftoken"]


def test_inline_script_is_refused_by_the_csp_and_the_refusal_is_caught(page, wire_watch):
    page.goto("/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.title = 'injected'";
            document.body.append(script);
        }"""
    )

    problems = wait_for_problems(page, wire_watch)
    assert page.title() != "injected"
    assert any("Content Security Policy" in problem for problem in problems), problems
