"""The real thing on one machine: separate app server, task worker, Varnish and mail processes
sharing one PostgreSQL database and one Redis, as in production (docs/deployment.md).

Everything listens on loopback only, on ports the system picks, and every process is stopped
(then killed, if it lingers) when the test module ends.
"""

import asyncio
import contextlib
import email
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from email.message import Message
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg
import redis
from aiosmtpd.controller import Controller

REPOSITORY = Path(__file__).resolve().parents[2]
VARNISH_DIRECTORY = REPOSITORY / "deploy" / "varnish"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
# The Wagtail site built by load_initial_content answers to this name.
SITE_HOST = "localhost"
EDITOR_USERNAME = "editor"
EDITOR_PASSWORD = secrets.token_urlsafe(16)
INQUIRY_RATE_LIMIT = 4
# The contact form takes a submission sooner than this after it was shown for a bot's.
SECONDS_A_PERSON_TAKES = 3.5
# Generous bounds: a loaded CI machine is slow, but nothing here may hang for ever.
START_TIMEOUT = 60
COMMAND_TIMEOUT = 180


def find_varnishd() -> str | None:
    for candidate in (shutil.which("varnishd"), "/usr/sbin/varnishd"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, what: str, timeout: float = START_TIMEOUT, interval: float = 0.2):
    """Poll `condition` until it returns something true; fail with `what` when time is up."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"Gave up after {timeout:.0f} s waiting for {what}.")
        time.sleep(interval)


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


class MailServer:
    """An SMTP server in this process that keeps what it receives.

    It can also hold deliveries, like a mail server that stalls, to catch a worker mid-send.
    """

    def __init__(self):
        self.messages: list[dict] = []
        self.held_deliveries = 0
        self._lock = threading.Lock()
        self._delivering = threading.Event()
        self._delivering.set()
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    @contextlib.contextmanager
    def holding_deliveries(self):
        self._delivering.clear()
        try:
            yield
        finally:
            self._delivering.set()

    async def handle_DATA(self, server, session, envelope):
        if not self._delivering.is_set():
            with self._lock:
                self.held_deliveries += 1
            while not self._delivering.is_set():
                await asyncio.sleep(0.05)
            # Never acknowledged in time: as a real server would, it does not deliver it.
            return "451 4.3.0 Try again later"
        with self._lock:
            self.messages.append(
                {
                    "from": envelope.mail_from,
                    "to": list(envelope.rcpt_tos),
                    "content": envelope.content.decode("utf-8", "replace"),
                }
            )
        return "250 Message accepted"

    def received(self) -> list[dict]:
        with self._lock:
            return list(self.messages)

    def received_with_subject(self, subject: str) -> list[dict]:
        return [
            message
            for message in self.received()
            if email.message_from_string(message["content"])["Subject"] == subject
        ]

    def start(self):
        self._controller.start()

    def stop(self):
        self._controller.stop()


class Processes:
    """Child processes, each with its own log file, stopped together at the end."""

    def __init__(self, log_directory: Path):
        self.log_directory = log_directory
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, arguments: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = (self.log_directory / f"{name}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603 (our own programs and arguments)
            arguments, cwd=REPOSITORY, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        self.running[name] = process
        return process

    def kill(self, name: str):
        """As a crash or an out-of-memory kill would: no chance to clean up."""
        process = self.running.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self):
        # Ctrl-C: gunicorn's quick shutdown; workers and varnishd stop as on SIGTERM.
        for process in self.running.values():
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        deadline = time.monotonic() + 15
        for process in self.running.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self.running.clear()

    def log(self, name: str, last_characters: int = 3000) -> str:
        path = self.log_directory / f"{name}.log"
        return path.read_text(errors="replace")[-last_characters:] if path.exists() else ""

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.stem} ---\n{self.log(path.stem)}"
            for path in sorted(self.log_directory.glob("*.log"))
        )


def _maintenance_url(database_url: str) -> str:
    return urllib.parse.urlsplit(database_url)._replace(path="/postgres").geturl()


def recreate_database(database_url: str):
    name = urllib.parse.urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(_maintenance_url(database_url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(database_url: str):
    name = urllib.parse.urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(_maintenance_url(database_url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Cluster:
    """Two app servers, two task workers, Varnish (when installed) and a mail server."""

    def __init__(self, work_directory: Path, database_url: str, redis_url: str, varnishd: str):
        base_name = urllib.parse.urlsplit(database_url).path.lstrip("/") or "practice"
        self.database_url = (
            urllib.parse.urlsplit(database_url)._replace(path=f"/{base_name}_multi_server").geturl()
        )
        self.redis_url = redis_url
        self.cache_key_prefix = f"multi-server-{secrets.token_hex(4)}"
        # One key for all: sessions and signed values made by one server must hold on another.
        self.secret_key = "multi-server-test-" + secrets.token_urlsafe(48)
        self.work_directory = work_directory
        self.varnishd = varnishd
        self.processes = Processes(work_directory)
        self.mail = MailServer()
        self.app_ports = [free_port(), free_port()]
        self.varnish_port = free_port() if varnishd else None
        self.workers: list[str] = []

    # The environment every process of the site gets, as a deployment would set it.
    def environment(self, **extra: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST_", "AWS_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="practice.settings.production",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS=f"{SITE_HOST},127.0.0.1",
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            CACHE_KEY_PREFIX=self.cache_key_prefix,
            SESSION_ENGINE="cached_db",
            # Plain HTTP on loopback: the TLS proxy of a deployment is not part of this test.
            SECURE_SSL_REDIRECT="false",
            VAR_DIR=str(self.work_directory / "var"),
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.mail.port),
            EMAIL_TIMEOUT="5",
            DEFAULT_FROM_EMAIL="website@practice.example",
            INQUIRY_NOTIFICATION_EMAILS="reviewers@practice.example",
            INQUIRY_RATE_LIMIT_PER_HOUR=str(INQUIRY_RATE_LIMIT),
            WAGTAILADMIN_BASE_URL=f"http://{SITE_HOST}",
            # The test stands where the TLS proxy would: it says who the client is.
            TRUSTED_PROXY_COUNT="1",
            LOG_LEVEL="WARNING",
            GUNICORN_ACCESS_LOG="",
            PYTHONUNBUFFERED="1",
        )
        if self.varnish_port:
            env["FRONTEND_CACHE_PURGE_URLS"] = f"http://127.0.0.1:{self.varnish_port}"
        env.update(extra)
        return env

    def start_command(self, *arguments: str, **extra_env: str) -> subprocess.Popen:
        return subprocess.Popen(  # noqa: S603 (our own manage.py)
            [PYTHON, "manage.py", *arguments],
            cwd=REPOSITORY,
            env=self.environment(**extra_env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def finish_command(self, command: subprocess.Popen) -> str:
        try:
            output, _ = command.communicate(timeout=COMMAND_TIMEOUT)
        except subprocess.TimeoutExpired:
            command.kill()
            output, _ = command.communicate()
        assert command.returncode == 0, f"{' '.join(command.args[1:])} failed:\n{output}"
        return output

    def manage(self, *arguments: str, **extra_env: str) -> str:
        return self.finish_command(self.start_command(*arguments, **extra_env))

    def prepare(self):
        """A fresh database, migrated once (the release step), with the initial content."""
        recreate_database(self.database_url)
        # Static files need no database: collected meanwhile, as a build step would.
        collecting_static_files = self.start_command("collectstatic", "--noinput")
        self.manage("migrate", "--noinput")
        self.manage("load_initial_content")
        self.finish_command(collecting_static_files)
        self.manage(
            "createsuperuser",
            "--noinput",
            "--username",
            EDITOR_USERNAME,
            "--email",
            "editor@practice.example",
            DJANGO_SUPERUSER_PASSWORD=EDITOR_PASSWORD,
        )

    def start(self):
        self.mail.start()
        for number, port in enumerate(self.app_ports, start=1):
            self.processes.start(
                f"app-server-{number}",
                [GUNICORN, "-c", "practice/gunicorn.py"],
                self.environment(GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1"),
            )
        for number in (1, 2):
            self.start_worker(f"worker-{number}")
        for port in self.app_ports:
            wait_until(
                lambda port=port: self._answers_health_check(port), f"the app server on {port}"
            )
        if self.varnishd:
            self._start_varnish()

    def start_worker(self, name: str):
        self.processes.start(
            name,
            [
                PYTHON,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--interval",
                "0.2",
                "--worker-id",
                name,
            ],
            self.environment(),
        )
        self.workers.append(name)

    def kill_worker(self, name: str):
        self.processes.kill(name)
        self.workers.remove(name)

    def _start_varnish(self):
        backends = "\n".join(
            f'backend app_server_{number} {{ .host = "127.0.0.1"; .port = "{port}"; '
            ".probe = healthz; }"
            for number, port in enumerate(self.app_ports, start=1)
        )
        adds = "\n".join(
            f"    app_servers.add_backend(app_server_{number});"
            for number in range(1, len(self.app_ports) + 1)
        )
        configuration = self.work_directory / "vcl"
        configuration.mkdir()
        # The repository's default.vcl unchanged; only the machine-specific part is the test's.
        (configuration / "backends.vcl").write_text(
            f"""
probe healthz {{
    .request = "GET /healthz HTTP/1.1" "Host: {SITE_HOST}" "Connection: close";
    .interval = 1s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}}
{backends}
# Only the app servers' own address may purge; 127.0.0.2 plays a stranger.
acl purgers {{
    "127.0.0.1";
}}
sub vcl_init {{
    new app_servers = directors.round_robin();
{adds}
}}
"""
        )
        self.processes.start(
            "varnish",
            [
                self.varnishd,
                "-F",
                "-j",
                "none",
                "-n",
                str(self.work_directory / "varnish"),
                "-a",
                f"127.0.0.1:{self.varnish_port}",
                "-T",
                "none",
                "-p",
                f"vcl_path={configuration}:{VARNISH_DIRECTORY}",
                "-f",
                str(VARNISH_DIRECTORY / "default.vcl"),
                "-s",
                "malloc,64m",
            ],
            dict(os.environ),
        )
        wait_until(
            lambda: self._answers_health_check(self.varnish_port),
            f"Varnish on port {self.varnish_port}",
        )

    def _answers_health_check(self, port: int) -> bool:
        try:
            return Visitor(port).get("/healthz").status == 200
        except OSError:
            return False

    def stop(self):
        self.processes.stop_all()
        self.mail.stop()
        drop_database(self.database_url)
        client = redis.Redis.from_url(self.redis_url)
        keys = list(client.scan_iter(match=f"{self.cache_key_prefix}:*"))
        if keys:
            client.delete(*keys)

    def wait_until(self, condition, what: str, timeout: float = 30):
        """As wait_until, with the processes' logs in the failure, to see what went wrong."""
        try:
            return wait_until(condition, what, timeout)
        except TimeoutError as error:
            raise TimeoutError(f"{error}\n{self.processes.logs()}") from None

    def sql(self, query: str, parameters: tuple = ()) -> list[tuple]:
        """Read the shared database directly, as any other server would."""
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(query, parameters).fetchall()
