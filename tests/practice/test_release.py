"""A new release never serves pages that the previous release cached."""

import pytest

from practice.page_cache import release
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def write(root, relative, text):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_the_fingerprint_follows_the_files_a_page_is_rendered_from(tmp_path):
    write(tmp_path, "templates/base.html", "<main>{% block content %}{% endblock %}</main>")
    write(tmp_path, "static/css/site.css", "body { color: #222; }")
    write(tmp_path, "practice/__pycache__/models.cpython-311.pyc", "compiled")
    first = release.fingerprint(tmp_path)
    assert release.fingerprint(tmp_path) == first

    write(tmp_path, "practice/__pycache__/models.cpython-311.pyc", "compiled again")
    assert release.fingerprint(tmp_path) == first  # Byte code is not what was released.

    write(tmp_path, "static/css/site.css", "body { color: #111; }")
    restyled = release.fingerprint(tmp_path)
    assert restyled != first

    write(tmp_path, "templates/base.html", "<main id='main'>{% block content %}{% endblock %}")
    assert release.fingerprint(tmp_path) != restyled


def test_a_configured_release_id_is_used_as_it_is(settings):
    settings.RELEASE_ID = "4f2c9e1"
    release.current.cache_clear()
    try:
        assert release.current() == "4f2c9e1"
    finally:
        release.current.cache_clear()


def test_a_new_release_serves_no_page_cached_by_the_previous_one(client, home_page, monkeypatch):
    StandardPageFactory(parent=home_page, title="About the practice", slug="about")
    monkeypatch.setattr(release, "current", lambda: "release-1")
    client.get("/about/", HTTP_HOST="localhost")
    old = client.get("/about/", HTTP_HOST="localhost")

    monkeypatch.setattr(release, "current", lambda: "release-2")
    new = client.get("/about/", HTTP_HOST="localhost")
    assert (old["X-Page-Cache"], new["X-Page-Cache"]) == ("hit", "miss")
    assert new.content == old.content
