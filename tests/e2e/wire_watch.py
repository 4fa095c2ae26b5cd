"""Watches what a browser context asks for and logs: the privacy promises, checked on the wire.

Every request that leaves for a host other than the site is recorded and aborted before it goes out;
a console message about a Content Security Policy violation, an uncaught script error and a failed
sub-resource (a stylesheet or image answering with an error) are recorded too.

One kind of message is expected rather than wrong: the admin sends a strict policy as
report-only beside the one it enforces, so that the console lists the inline scripts Wagtail
still writes (see ADMIN_CONTENT_SECURITY_POLICY in the settings). Those are kept apart, in
`admin_report_only_violations`; a refusal of the enforced policy fails anywhere.
"""

from urllib.parse import urlsplit

from django.conf import settings
from playwright.sync_api import BrowserContext, ConsoleMessage, Response, Route, WebError

# Schemes that never touch the network.
LOCAL_SCHEMES = {"data", "blob", "about"}


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class WireWatch:
    def __init__(self, site_url: str) -> None:
        self.site_origin = origin_of(site_url)
        self.requested_urls: list[str] = []
        self.problems: list[str] = []
        self.admin_report_only_violations: list[str] = []

    def watch(self, context: BrowserContext) -> None:
        context.route("**/*", self._let_only_the_site_through)
        context.on("console", self._note_csp_violation)
        context.on("weberror", self._note_script_error)
        context.on("response", self._note_failed_sub_resource)

    def forget_problems(self) -> list[str]:
        """Hands back what was recorded so far and starts afresh (for tests of the watch itself)."""
        problems, self.problems = self.problems, []
        return problems

    def _let_only_the_site_through(self, route: Route) -> None:
        url = route.request.url
        self.requested_urls.append(url)
        if urlsplit(url).scheme in LOCAL_SCHEMES or origin_of(url) == self.site_origin:
            route.continue_()
            return
        self.problems.append(f"the browser asked another host for {url}")
        route.abort("blockedbyclient")

    def _note_csp_violation(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" not in message.text:
            return
        where = message.page.url if message.page else "a page"
        path = urlsplit(where).path
        in_admin = any(path.startswith(prefix) for prefix in settings.ADMIN_PATH_PREFIXES)
        if in_admin and "policy is report-only" in message.text:
            self.admin_report_only_violations.append(f"{where}: {message.text}")
            return
        self.problems.append(f"CSP violation on {where}: {message.text}")

    def _note_script_error(self, web_error: WebError) -> None:
        where = web_error.page.url if web_error.page else "a page"
        self.problems.append(f"uncaught script error on {where}: {web_error.error}")

    def _note_failed_sub_resource(self, response: Response) -> None:
        request = response.request
        if response.status >= 400 and request.resource_type != "document":
            self.problems.append(
                f"{request.resource_type} {response.url} answered {response.status}"
            )
