"""Error pages come in the site's design with their status, and never show internals."""

import pytest

from tests.practice.urls_for_error_pages import INTERNAL_DETAIL

BAD_REQUEST = "We couldn’t understand that request"

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.practice.urls_for_error_pages")]

INTERNALS = [INTERNAL_DETAIL, "Traceback", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "settings.py"]


@pytest.fixture
def visitor(client, home_page, production_settings, https):
    client.raise_request_exception = False

    def get(path, **headers):
        return client.get(path, headers={**https, **headers})

    return get


def assert_in_the_site_design_without_internals(response, status, heading):
    html = response.content.decode()
    assert response.status_code == status
    assert heading in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert 'class="container page-header error-page"' in html
    assert '<meta name="robots" content="noindex">' in html
    for internal in INTERNALS:
        assert internal not in html
    assert "Content-Security-Policy" in response


def test_bad_request_page(visitor):
    response = visitor("/test-errors/suspicious/")

    assert_in_the_site_design_without_internals(response, 400, BAD_REQUEST)
    assert "Dr. Joseph Rosado" in response.content.decode()


def test_a_host_name_the_site_does_not_serve_gets_the_bad_request_page(visitor):
    response = visitor("/about/", host="attacker.example")

    assert_in_the_site_design_without_internals(response, 400, BAD_REQUEST)
    assert "attacker.example" not in response.content.decode()


def test_forbidden_page(visitor):
    response = visitor("/test-errors/forbidden/")

    assert_in_the_site_design_without_internals(response, 403, "This page isn’t available to you")
    assert "Dr. Joseph Rosado" in response.content.decode()


def test_form_sent_without_a_valid_csrf_token_gets_a_page_that_says_what_to_do(
    client, home_page, production_settings, https
):
    client.handler.enforce_csrf_checks = True

    response = client.post(
        "/admin/login/", {"username": "editor", "password": "whatever"}, headers=https
    )

    assert_in_the_site_design_without_internals(response, 403, "Your form could not be sent")
    html = response.content.decode()
    assert "reload the page" in html
    assert "CSRF" not in html


def test_not_found_page(visitor):
    response = visitor("/no-such-page/")

    assert_in_the_site_design_without_internals(response, 404, "We couldn’t find that page")


def test_server_error_page(visitor):
    response = visitor("/test-errors/broken/")

    assert_in_the_site_design_without_internals(response, 500, "Something went wrong on our side")
