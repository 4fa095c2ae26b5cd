"""Journey 3: an editor changes the ketamine article's standfirst in the admin; the admin autosaves
the draft as they type, which visitors never see, and when it is published a visitor who had the
page cached sees the change at once."""

import re

import pytest
from playwright.sync_api import expect

from blog.models import ArticlePage
from tests.e2e.admin_sign_in import sign_in_to_admin

pytestmark = pytest.mark.e2e

ARTICLE_PATH = "/blog/demystifying-ketamine/"
NEW_STANDFIRST = "Updated today: how ketamine works, explained plainly for patients."


def test_drafts_stay_private_and_a_published_edit_reaches_visitors_at_once(
    new_site_context, editor
):
    visitor = new_site_context().new_page()
    first_visit = visitor.goto(ARTICLE_PATH)
    old_standfirst = visitor.locator(".standfirst").inner_text()
    assert old_standfirst != NEW_STANDFIRST
    # The visitor comes back before the edit and is served from the page cache.
    assert first_visit.headers.get("x-page-cache") == "miss"
    assert visitor.goto(ARTICLE_PATH).headers.get("x-page-cache") == "hit"

    admin = new_site_context().new_page()
    sign_in_to_admin(admin, editor.username)
    article = ArticlePage.objects.get(slug="demystifying-ketamine")
    admin.goto(f"/admin/pages/{article.pk}/edit/")
    standfirst = admin.get_by_role("textbox", name="Standfirst")
    expect(standfirst).to_have_value(old_standfirst)
    # Wagtail notes the form's starting state 2 s after it loads; edits before that are not seen
    # as changes, so an editor who types at once would not be autosaved.
    admin.wait_for_timeout(3000)
    standfirst.fill(NEW_STANDFIRST)
    # The admin's own autosave request stores the draft...
    for _ in range(100):
        draft = ArticlePage.objects.get(pk=article.pk).get_latest_revision()
        if NEW_STANDFIRST in str(draft.content):
            break
        admin.wait_for_timeout(100)
    else:
        pytest.fail("The admin did not autosave the draft within 10 seconds.")
    # ... and the visitor still gets the published page, from the cache.
    while_drafting = visitor.goto(ARTICLE_PATH)
    assert while_drafting.headers.get("x-page-cache") == "hit"
    expect(visitor.locator(".standfirst")).to_have_text(old_standfirst)

    admin.get_by_role("button", name="More actions").click()
    admin.get_by_role("button", name="Publish").click()
    expect(admin.get_by_text(re.compile(r"has been published"))).to_be_visible()

    after_publishing = visitor.goto(ARTICLE_PATH)
    expect(visitor.locator(".standfirst")).to_have_text(NEW_STANDFIRST)
    assert after_publishing.headers.get("x-page-cache") == "miss"
