"""Varnish may share a response only if it carries nothing of one visitor: no cookie at all."""

import pytest
from wagtail.models import Page

from contact.models import ContactPage

pytestmark = pytest.mark.django_db

# Pages that hold a form set the CSRF cookie; Varnish passes them (deploy/varnish/default.vcl).
PAGES_WITH_A_FORM = (ContactPage,)


def test_every_public_page_without_a_form_sets_no_cookie(initial_content, client):
    pages = [
        page
        for page in Page.objects.live().public().specific()
        if page.url and not isinstance(page, PAGES_WITH_A_FORM)
    ]
    assert len(pages) >= 3  # the home page and the practice's standard pages, at least

    for page in pages:
        response = client.get(page.url)

        assert response.status_code == 200, page.url
        assert "Set-Cookie" not in response, page.url
        assert not response.cookies, page.url


@pytest.mark.parametrize("path", ["/robots.txt", "/healthz", "/a-page-that-does-not-exist/"])
def test_other_anonymous_answers_set_no_cookie(initial_content, client, path):
    response = client.get(path)

    assert not response.cookies, path
