"""Two app servers, two task workers, Varnish and a mail server on one database and one Redis."""

import base64
import os
import secrets
import subprocess
import sys
import urllib.parse
from pathlib import Path

import psycopg
import redis

from practice.varnish import backends_vcl

from .mail import MailServer
from .processes import REPOSITORY, VARNISH_DIRECTORY, Processes, free_port, wait_until
from .visitor import (
    EDITOR_PASSWORD,
    EDITOR_RECOVERY_CODES,
    EDITOR_USERNAME,
    SITE_HOST,
    Visitor,
)

# What the editor keeps for the second step, given as a staff member's account would be.
GIVE_RECOVERY_CODES = """
import os
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_static.models import StaticDevice
user = get_user_model().objects.get(username=os.environ["EDITOR_USERNAME"])
device = StaticDevice.objects.create(user=user, name="Recovery codes")
for code in os.environ["EDITOR_RECOVERY_CODES"].split(","):
    device.token_set.create(token=code)
"""

PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
INQUIRY_RATE_LIMIT = 4
COMMAND_TIMEOUT = 180


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
        self.inquiry_encryption_key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
        self.inquiry_index_key = secrets.token_urlsafe(32)
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
            # Every process of one site shares the inquiry keys, as it shares SECRET_KEY.
            INQUIRY_ENCRYPTION_KEYS=self.inquiry_encryption_key,
            INQUIRY_INDEX_KEYS=self.inquiry_index_key,
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
        self.manage(
            "shell",
            "-c",
            GIVE_RECOVERY_CODES,
            EDITOR_USERNAME=EDITOR_USERNAME,
            EDITOR_RECOVERY_CODES=",".join(EDITOR_RECOVERY_CODES),
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
        configuration = self.work_directory / "vcl"
        configuration.mkdir()
        # The repository's default.vcl unchanged; only the machine-specific part is the test's.
        # Only the app servers' own address may purge; 127.0.0.2 plays a stranger.
        (configuration / "backends.vcl").write_text(
            backends_vcl(
                [("127.0.0.1", port) for port in self.app_ports],
                probe_host=SITE_HOST,
                probe_interval_seconds=1,
                purgers=["127.0.0.1"],
            )
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
