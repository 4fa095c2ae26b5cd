"""A load generator for the contact form's POST, which wrk cannot drive.

Each inquiry needs a form of its own: the CSRF cookie and token, and the signed form key (one
submission token, and the time the form was rendered: a form sent back within MIN_FILL_SECONDS is
kept as suspected spam, not accepted). So every form is fetched first, then the forms wait as a
person would, then they are all sent by `connections` keep-alive connections and timed.
"""

import html
import http.client
import re
import threading
import time
from dataclasses import dataclass
from queue import Empty, SimpleQueue
from urllib.parse import urlencode, urlsplit

# The contact form's own threshold is 3 seconds; a margin for rounding.
MIN_FILL_SECONDS = 3.5


@dataclass(frozen=True)
class FilledForm:
    cookie: str
    fields: dict[str, str]


@dataclass(frozen=True)
class PostResult:
    accepted: int  # answered with the redirect to the thank-you page
    refused: int  # anything else
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.accepted / self.seconds if self.seconds else 0.0

    def percentile(self, percent: int) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def _hidden_value(page: str, name: str) -> str:
    for tag in re.findall(r"<input\b[^>]*>", page):
        if re.search(rf'\bname="{re.escape(name)}"', tag):
            value = re.search(r'\bvalue="([^"]*)"', tag)
            if value:
                return html.unescape(value.group(1))
    raise RuntimeError(f"The contact page has no {name!r} field with a value.")


class Connection:
    def __init__(self, base_url: str, headers: dict[str, str]):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.origin = f"https://{parts.netloc}"
        self.headers = headers
        self.http = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        all_headers = {**self.headers, **(headers or {})}
        try:
            self.http.request(method, path, body=body, headers=all_headers)
            response = self.http.getresponse()
        except (http.client.HTTPException, ConnectionError):
            # gunicorn closes a keep-alive connection now and then: open a new one and retry.
            self.http.close()
            self.http = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.http.request(method, path, body=body, headers=all_headers)
            response = self.http.getresponse()
        return response, response.read()

    def fetch_form(self, path: str, number: int) -> FilledForm:
        response, body = self.request("GET", path)
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}.")
        page = body.decode()
        cookie = response.getheader("Set-Cookie", "").split(";", 1)[0]
        return FilledForm(
            cookie=cookie,
            fields={
                "csrfmiddlewaretoken": _hidden_value(page, "csrfmiddlewaretoken"),
                "form_key": _hidden_value(page, "form_key"),
                "website": "",
                "name": f"Load Test {number}",
                "email": f"load-test-{number}@example.com",
                "phone": "",
                "preferred_contact": "email",
                "best_time": "",
                "topic": "general",
                "message": "A benchmark inquiry: what does a first appointment involve?",
                "consent": "on",
            },
        )

    def send(self, path: str, form: FilledForm) -> tuple[int, str]:
        response, _ = self.request(
            "POST",
            path,
            body=urlencode(form.fields),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": form.cookie,
                # Django checks the origin of HTTPS POSTs (behind the proxy, these are HTTPS).
                "Origin": self.origin,
                "Referer": f"{self.origin}{path}",
            },
        )
        return response.status, response.getheader("Location", "")


def _in_threads(count: int, work) -> None:
    threads = [threading.Thread(target=work, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def fetch_forms(base_url, headers, path: str, count: int, connections: int) -> list[FilledForm]:
    forms: list[FilledForm] = []
    lock = threading.Lock()
    numbers = SimpleQueue()
    for number in range(count):
        numbers.put(number)

    def work(_index):
        connection = Connection(base_url, headers)
        while True:
            try:
                number = numbers.get_nowait()
            except Empty:
                return
            form = connection.fetch_form(path, number)
            with lock:
                forms.append(form)

    _in_threads(connections, work)
    return forms


def post_forms(base_url, headers, path: str, forms: list[FilledForm], connections: int):
    """Send every form once; a 303 to the thank-you page counts as accepted."""
    queue = SimpleQueue()
    for form in forms:
        queue.put(form)
    latencies: list[float] = []
    outcomes = {"accepted": 0, "refused": 0}
    lock = threading.Lock()

    def work(_index):
        connection = Connection(base_url, headers)
        while True:
            try:
                form = queue.get_nowait()
            except Empty:
                return
            started = time.perf_counter()
            status, location = connection.send(path, form)
            elapsed_ms = (time.perf_counter() - started) * 1000
            accepted = status == 303 and location.endswith("thank-you/")
            with lock:
                latencies.append(elapsed_ms)
                outcomes["accepted" if accepted else "refused"] += 1

    started = time.perf_counter()
    _in_threads(connections, work)
    return PostResult(
        accepted=outcomes["accepted"],
        refused=outcomes["refused"],
        seconds=time.perf_counter() - started,
        latencies_ms=latencies,
    )


def run(base_url, headers, path: str, count: int, connections: int):
    """Fetch `count` forms, wait as a person would, send them all; then send some again."""
    forms = fetch_forms(base_url, headers, path, count, connections)
    time.sleep(MIN_FILL_SECONDS)
    result = post_forms(base_url, headers, path, forms, connections)
    # The same forms sent a second time (a double click) must be thanked and stored no more.
    resent = post_forms(base_url, headers, path, forms[: min(100, len(forms))], connections)
    return result, resent
