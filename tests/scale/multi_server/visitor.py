"""A browser stand-in: plain HTTP on loopback, its own cookies, the contact form and sign-in."""

import http.client
import re
import secrets
import time
import urllib.parse
from dataclasses import dataclass, field
from email.message import Message
from http.cookies import SimpleCookie

# The Wagtail site built by load_initial_content answers to this name.
SITE_HOST = "localhost"
EDITOR_USERNAME = "editor"
EDITOR_PASSWORD = secrets.token_urlsafe(16)
# The editor is a superuser, so production asks for a second factor: recovery codes, one per
# sign-in, given to the account when the cluster is prepared.
EDITOR_RECOVERY_CODES = [secrets.token_hex(4) for _ in range(40)]
_unused_recovery_codes = iter(EDITOR_RECOVERY_CODES)
# The contact form takes a submission sooner than this after it was shown for a bot's.
SECONDS_A_PERSON_TAKES = 3.5


@dataclass
class Response:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def csrf_token(self) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.text)
        assert match, "The page has no CSRF token."
        return match.group(1)


@dataclass
class Visitor:
    """One browser talking to one address (an app server or Varnish), keeping its cookies.

    Secure cookies are kept and sent back too: the test speaks plain HTTP on loopback, where a
    TLS proxy would stand in production.
    """

    port: int
    source_address: str | None = None
    forwarded_for: str | None = None
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, form: dict | None = None, **headers) -> Response:
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        all_headers = {"Host": SITE_HOST, "User-Agent": "multi-server-test"}
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.forwarded_for:
            all_headers["X-Forwarded-For"] = self.forwarded_for
        all_headers.update({key.replace("_", "-"): value for key, value in headers.items()})
        source = (self.source_address, 0) if self.source_address else None
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=source
        )
        try:
            connection.request(method, path, body=body, headers=all_headers)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            connection.close()
        for set_cookie in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(set_cookie).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path: str, **headers) -> Response:
        return self.request("GET", path, **headers)

    def post(self, path: str, form: dict, **headers) -> Response:
        return self.request("POST", path, form=form, **headers)

    def sign_in(self, username: str = EDITOR_USERNAME, password: str = EDITOR_PASSWORD):
        token = self.get("/admin/login/").csrf_token()
        response = self.post(
            "/admin/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token},
        )
        assert response.status == 302, f"Signing in failed with {response.status}."
        second_step = self.get("/admin/two-step/")
        response = self.post(
            "/admin/two-step/",
            {
                "code": next(_unused_recovery_codes),
                "next": "/admin/",
                "csrfmiddlewaretoken": second_step.csrf_token(),
            },
        )
        assert response.status == 302, f"The second step failed with {response.status}."

    def send_inquiry(self, message: str, *, wait: bool = True, **fields) -> Response:
        """Fill in the contact form as a person would (taking a few seconds) and send it."""
        form = self.get("/contact/")
        form_key = re.search(r'name="form_key" value="([^"]+)"', form.text).group(1)
        if wait:
            time.sleep(SECONDS_A_PERSON_TAKES)
        return self.post(
            "/contact/",
            {
                "csrfmiddlewaretoken": form.csrf_token(),
                "form_key": form_key,
                "name": "A. Patient",
                "phone": "(555) 010-0199",
                "topic": "general",
                "message": message,
                "consent": "on",
                "website": "",
                **fields,
            },
        )
