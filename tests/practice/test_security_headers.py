"""Each page sends the headers Mozilla's HTTP Observatory asks for, under production settings."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from practice.models import StandardPage
from tests.factories import SuperuserFactory

pytestmark = pytest.mark.django_db

ONE_YEAR = 365 * 24 * 60 * 60
UNSAFE_SCRIPT_SOURCES = {
    "'unsafe-inline'",
    "'unsafe-eval'",
    "'unsafe-hashes'",
    "*",
    "data:",
    "http:",
    "https:",
}

# The public pages and the admin's sign-in page. When they exist, add an article's address,
# "/contact/" and "/contact/thank-you/" here.
CHECKED_PATHS = [
    "/",
    "/about/",
    "/contact/",
    "/contact/thank-you/",
    "/admin/login/",
]


def parse_policy(header: str) -> dict[str, set[str]]:
    directives = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = directive.split()
        directives[name] = set(sources)
    return directives


def assert_scripts_come_from_the_site_only(policy: dict[str, set[str]]):
    script_sources = policy.get("script-src", policy["default-src"])
    assert script_sources <= {"'self'", "'none'"}, script_sources
    assert not script_sources & UNSAFE_SCRIPT_SOURCES


@pytest.fixture
def checked_page(client, initial_content, production_settings, https):
    def get(path):
        response = client.get(path, headers=https)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        return response

    return get


@pytest.mark.parametrize("path", CHECKED_PATHS)
def test_page_sends_a_strict_content_security_policy(checked_page, path):
    policy = parse_policy(checked_page(path)["Content-Security-Policy"])

    assert policy["default-src"] in ({"'none'"}, {"'self'"})
    assert_scripts_come_from_the_site_only(policy)
    assert policy.get("style-src", policy["default-src"]) <= {"'self'", "'none'"}
    assert policy["form-action"] == {"'self'"}
    assert policy["frame-ancestors"] == {"'none'"}
    assert policy["base-uri"] == {"'none'"}
    assert policy["object-src"] == {"'none'"}
    # Fetches from the page (Lighthouse reads robots.txt) reach the site itself, nothing else.
    assert policy["connect-src"] == {"'self'"}
    for sources in policy.values():
        assert not any(source.startswith(("http:", "https:", "//")) for source in sources)


@pytest.mark.parametrize("path", CHECKED_PATHS)
def test_page_sends_the_transport_and_isolation_headers(checked_page, path):
    response = checked_page(path)

    hsts = response["Strict-Transport-Security"]
    max_age = int(hsts.split("max-age=")[1].split(";")[0])
    assert max_age >= ONE_YEAR
    assert "includeSubDomains" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] in {"same-origin", "no-referrer", "strict-origin"}
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("path", CHECKED_PATHS)
def test_page_turns_off_powerful_browser_features(checked_page, path):
    permissions = {entry.strip() for entry in checked_page(path)["Permissions-Policy"].split(",")}

    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]:
        assert f"{feature}=()" in permissions


def test_only_the_admin_may_ask_the_browser_for_passkeys(checked_page):
    public = checked_page("/")["Permissions-Policy"]
    admin = checked_page("/admin/login/")["Permissions-Policy"]

    assert "publickey-credentials-get=()" in public
    assert "publickey-credentials-get=(self)" in admin
    assert "publickey-credentials-create=(self)" in admin
    assert "camera=()" in admin


@pytest.mark.parametrize("path", CHECKED_PATHS)
def test_any_cookie_a_page_sets_is_secure_httponly_and_samesite(checked_page, path):
    for name, cookie in checked_page(path).cookies.items():
        assert name.startswith("__Host-"), name
        assert cookie["secure"], name
        assert cookie["httponly"], name
        assert cookie["samesite"] in {"Lax", "Strict"}, name
        assert cookie["path"] == "/" and not cookie["domain"], name


@pytest.mark.parametrize("path", CHECKED_PATHS)
def test_plain_http_is_redirected_to_the_same_address_over_https(
    client, initial_content, production_settings, path
):
    response = client.get(path, headers={"x-forwarded-proto": "http"})

    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{path}"


def test_static_files_get_the_headers_too(client, production_settings, https):
    response = client.get("/static/css/site.css", headers=https)

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "Content-Security-Policy" in response


# The admin's editing screens


@pytest.fixture
def editor_client(client, initial_content, production_settings):
    client.force_login(SuperuserFactory())
    return client


def test_admin_screens_enforce_all_but_inline_code_and_report_the_rest(editor_client, https):
    response = editor_client.get("/admin/", headers=https)
    enforced = parse_policy(response["Content-Security-Policy"])
    report_only = parse_policy(response["Content-Security-Policy-Report-Only"])

    assert enforced["script-src"] == {"'self'", "'unsafe-inline'"}
    assert enforced["default-src"] == {"'none'"}
    assert enforced["frame-ancestors"] == {"'self'"}
    assert enforced["base-uri"] == enforced["object-src"] == {"'none'"}
    assert enforced["form-action"] == {"'self'"}
    assert_scripts_come_from_the_site_only(report_only)
    assert report_only["style-src"] == {"'self'"}
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_page_preview_can_be_framed_by_the_admin_and_nobody_else(editor_client, https):
    page = StandardPage.objects.get(slug="about")
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.id])
    form_data = nested_form_data(
        {"title": "About the practice", "slug": "about", "intro": "Hello.", "body": streamfield([])}
    )
    assert editor_client.post(preview_url, form_data, headers=https).json()["is_valid"]

    preview = editor_client.get(preview_url, headers=https)

    assert preview.status_code == 200
    assert "About the practice" in preview.content.decode()
    assert parse_policy(preview["Content-Security-Policy"])["frame-ancestors"] == {"'self'"}
    assert preview["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize(
    "path",
    ["/admin/inquiries/", "/admin/inquiries/delete-on-request/", "/admin/two-step/manage/"],
)
def test_pages_with_patients_words_enforce_the_strict_policy(editor_client, https, path):
    response = editor_client.get(path, headers=https)

    assert response.status_code == 200
    enforced = parse_policy(response["Content-Security-Policy"])
    assert_scripts_come_from_the_site_only(enforced)
    assert enforced["frame-ancestors"] == {"'none'"}
    assert "Content-Security-Policy-Report-Only" not in response


@pytest.mark.parametrize(
    "path",
    [
        "/django-admin/",
        "/django-admin/contact/inquiry/?message__icontains=knee",
        "/django-admin/contact/inquiry/?received_at__year=99999999999",
        "/django-admin/wagtaildocs/document/add/",
    ],
)
def test_there_is_no_django_admin(editor_client, https, path):
    response = editor_client.get(path, headers=https)

    assert response.status_code == 404
