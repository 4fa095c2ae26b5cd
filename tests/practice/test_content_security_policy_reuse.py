"""The Content Security Policy is built once per kind of path and reused, and each kind of path
still gets its own policy, however the requests are interleaved."""

import pytest

from tests.factories import SuperuserFactory
from tests.practice.test_security_headers import parse_policy

pytestmark = pytest.mark.django_db


def policies(client, path, https):
    response = client.get(path, headers=https)
    return (
        parse_policy(response["Content-Security-Policy"]),
        response.get("Content-Security-Policy-Report-Only"),
    )


def test_public_pages_and_admin_screens_keep_their_own_policies_when_interleaved(
    client, initial_content, production_settings, https
):
    client.force_login(SuperuserFactory())
    for _ in range(2):
        public, public_report_only = policies(client, "/about/", https)
        admin, admin_report_only = policies(client, "/admin/", https)

        assert public["script-src"] == {"'self'"}
        assert public["frame-ancestors"] == {"'none'"}
        assert public_report_only is None
        assert admin["script-src"] == {"'self'", "'unsafe-inline'"}
        assert admin["frame-ancestors"] == {"'self'"}
        assert parse_policy(admin_report_only)["script-src"] == {"'self'"}
