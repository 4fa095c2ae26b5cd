"""The browser tests: Debian's Chromium, driven by pytest-playwright, against a live server.

Without Chromium these tests are skipped, loudly, and every other test still runs.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import sync_playwright

from tests.e2e.screens import DESKTOP_WIDTH
from tests.e2e.wire_watch import WireWatch
from tests.factories import UserFactory
from tests.worker import run_queued_tasks

CHROMIUM_EXECUTABLE = Path(
    os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE")
    or shutil.which("chromium")
    or "/usr/bin/chromium"
)
HOW_TO_INSTALL_CHROMIUM = (
    "Install Debian's Chromium with `apt-get install chromium` (or set "
    "PLAYWRIGHT_CHROMIUM_EXECUTABLE to a Chromium binary), then run `make test-e2e`."
)
# Quiet Chromium: no calls home for updates, sync, safe browsing or field trials, which would
# otherwise reach hosts other than the site and trip the wire watch.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_is_installed() -> bool:
    return CHROMIUM_EXECUTABLE.is_file() and os.access(CHROMIUM_EXECUTABLE, os.X_OK)


def pytest_collection_modifyitems(config, items):
    if chromium_is_installed():
        return
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM_EXECUTABLE}. {HOW_TO_INSTALL_CHROMIUM}"
    )
    skipped = [item for item in items if item.get_closest_marker("e2e")]
    for item in skipped:
        item.add_marker(skip)
    config.stash[_skipped_browser_tests] = len(skipped)


_skipped_browser_tests = pytest.StashKey[int]()


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = config.stash.get(_skipped_browser_tests, 0)
    if not skipped:
        return
    terminalreporter.section("BROWSER TESTS SKIPPED", sep="!", red=True, bold=True)
    terminalreporter.write_line(
        f"{skipped} browser tests did not run: Chromium was not found at {CHROMIUM_EXECUTABLE}.",
        red=True,
        bold=True,
    )
    terminalreporter.write_line(HOW_TO_INSTALL_CHROMIUM, red=True, bold=True)


# Playwright's sync API keeps an asyncio event loop running in the test thread while a browser is
# open, and Django refuses ORM calls from a thread with a running loop. The ORM calls here are plain
# synchronous test code, so the check is lifted, for the browser tests only, and the browser itself
# lives only as long as they run (pytest-playwright's fixtures are session-wide; these are
# package-wide, so no other test ever shares the thread with that loop).
@pytest.fixture(scope="package", autouse=True)
def _orm_calls_allowed_beside_the_browser():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def playwright(_orm_calls_allowed_beside_the_browser, django_db_setup):
    # While Playwright's loop runs, asgiref keeps Django's connections per context instead of per
    # thread, so the tests get fresh connection objects. They need the snapshot of the migrated
    # database that each test is rolled back to, and must be closed before the test database is
    # dropped.
    snapshots = {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }
    with sync_playwright() as running_playwright:
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        yield running_playwright
        connections.close_all()


@pytest.fixture(scope="package")
def browser_type(playwright, browser_name):
    return getattr(playwright, browser_name)


@pytest.fixture(scope="package")
def browser_type_launch_args(pytestconfig):
    launch_args = {"executable_path": str(CHROMIUM_EXECUTABLE), "args": CHROMIUM_ARGS}
    if pytestconfig.getoption("--headed"):
        launch_args["headless"] = False
    return launch_args


@pytest.fixture(scope="package")
def browser_context_args():
    return {"locale": "en-US", "timezone_id": "America/New_York"}


@pytest.fixture(scope="package")
def launch_browser(browser_type_launch_args, browser_type):
    def launch(**kwargs):
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture(scope="package")
def browser(launch_browser):
    running_browser = launch_browser()
    yield running_browser
    running_browser.close()


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started only once the test database exists.

    Started earlier, it would miss the in-memory SQLite test database it must share with the tests.
    """
    return live_server


@pytest.fixture
def live_site(live_server, django_db_serialized_rollback) -> str:
    """The base URL of a live server showing the site as `load_initial_content` builds it.

    Each test starts from what the migrations made (Wagtail's root page, groups, collections):
    the live server needs real commits, and a flush after each test would otherwise wipe them.
    """
    call_command("load_initial_content", verbosity=0)
    run_queued_tasks()
    # Pages and rate-limit counts cached by an earlier test must not leak into this one.
    cache.clear()
    return live_server.url


@pytest.fixture
def editor(live_site):
    """Practice staff who write and publish pages (Wagtail's Moderators group), not reviewers."""
    user = UserFactory(username="editor", first_name="Erin", last_name="Editor")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def reviewer(live_site):
    """Practice staff who answer inquiries (the "Inquiry reviewers" group)."""
    user = UserFactory(username="reviewer", first_name="Robin", last_name="Reviewer")
    user.groups.add(Group.objects.get(name="Inquiry reviewers"))
    return user


@pytest.fixture
def wire_watch(live_site):
    """Fails the test if the browser asks another host for anything, logs a CSP violation or a
    script error, or a stylesheet, script or image fails to load."""
    watch = WireWatch(live_site)
    yield watch
    if watch.problems:
        pytest.fail(
            "Seen on the wire or in the browser's console:\n  - " + "\n  - ".join(watch.problems),
            pytrace=False,
        )


@pytest.fixture
def new_site_context(new_context, live_site, wire_watch):
    """Makes a watched browser context on the live site, `width` CSS pixels wide."""

    def make(width: int = DESKTOP_WIDTH, height: int = 900, **context_args):
        context = new_context(
            base_url=live_site, viewport={"width": width, "height": height}, **context_args
        )
        wire_watch.watch(context)
        return context

    return make


@pytest.fixture
def page(new_site_context):
    """pytest-playwright's `page`, on the live site and under the wire watch."""
    return new_site_context().new_page()
