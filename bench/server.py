"""A throwaway copy of the site under production settings, served by gunicorn on loopback."""

import base64
import ipaddress
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
# Every request says it came through the TLS proxy, as in production (SECURE_SSL_REDIRECT).
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def require_loopback(url: str) -> None:
    """The benchmark only ever talks to servers on this machine."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise SystemExit(f"The benchmark only uses loopback addresses, not {host!r}.")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def recreate_postgres_database(url: str) -> None:
    import psycopg

    require_loopback(url)
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing to drop {name!r}: a benchmark database's name says 'bench'.")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class Site:
    """One benchmark site: its own VAR_DIR, database and cache key prefix."""

    def __init__(
        self,
        checkout: Path,
        database_url: str,
        redis_url: str,
        label: str,
        extra_env: dict[str, str] | None = None,
    ):
        self.checkout = checkout
        self.var_dir = Path(tempfile.mkdtemp(prefix=f"practice-bench-{label}-"))
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "practice.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "INQUIRY_ENCRYPTION_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
            "INQUIRY_INDEX_KEYS": secrets.token_urlsafe(32),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "VAR_DIR": str(self.var_dir),
            "DATABASE_URL": database_url or f"sqlite:///{self.var_dir / 'db.sqlite3'}",
            "REDIS_URL": redis_url,
            # A fresh prefix per run: nothing cached by an earlier run is ever read.
            "CACHE_KEY_PREFIX": f"bench-{secrets.token_hex(4)}",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_ACCESS_LOG": str(self.var_dir / "access.log"),
            "WEB_CONCURRENCY": "2",
            "PYTHONPATH": str(checkout),
            "LOG_LEVEL": "WARNING",
            # The contact form's rate limit, out of reach for the run (its counting still runs).
            "INQUIRY_RATE_LIMIT_PER_HOUR": "1000000000",
            **(extra_env or {}),
        }
        self.server: subprocess.Popen | None = None
        require_loopback(redis_url)

    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=self.checkout,
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def prepare(self, articles: int) -> None:
        self.manage("migrate", "--noinput")
        self.manage("load_initial_content")
        self.manage("collectstatic", "--noinput")
        subprocess.run(
            [sys.executable, str(BENCH_DIR / "populate.py"), f"--articles={articles}"],
            cwd=self.checkout,
            env=self.env,
            check=True,
        )

    def count_inquiries(self) -> dict[str, int]:
        """How many inquiries the site stored, by status."""
        script = (
            "import json; from django.db.models import Count; from contact.models import Inquiry; "
            "print(json.dumps(dict(Inquiry.objects.order_by().values_list('status')"
            ".annotate(n=Count('pk')).values_list('status', 'n'))))"
        )
        output = subprocess.run(
            [sys.executable, "manage.py", "shell", "--command", script],
            cwd=self.checkout,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return json.loads(output.strip().splitlines()[-1])

    def static_url(self, name: str) -> str:
        """The hashed URL of a static file, as the production storage names it."""
        manifest = json.loads((self.var_dir / "static" / "staticfiles.json").read_text())
        return f"/static/{manifest['paths'][name]}"

    @contextmanager
    def serving(self, *, page_cache: bool):
        env = {**self.env, "PAGE_CACHE_ENABLED": "true" if page_cache else "false"}
        with open(self.var_dir / "gunicorn.log", "ab") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "practice/gunicorn.py"],
                cwd=self.checkout,
                env=env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        try:
            self._wait_until_ready(server)
            self.server = server
            yield self
        finally:
            self.server = None
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)

    def worker_memory_mib(self) -> list[float]:
        """The resident memory of each gunicorn worker now (children of the master)."""
        sizes = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(
                    line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
                )
            except OSError:
                continue  # The process ended while being read.
            if self.server and fields.get("PPid", "").strip() == str(self.server.pid):
                sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
        return sorted(sizes)

    def get(self, path: str, headers: dict[str, str] | None = None):
        request = urllib.request.Request(
            self.base_url + path, headers={**PROXY_HEADERS, **(headers or {})}
        )
        # A page's first render makes its images' renditions (AVIF encoding is slow).
        return urllib.request.urlopen(request, timeout=120)

    def _wait_until_ready(self, server: subprocess.Popen) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {self.var_dir / 'gunicorn.log'}")
            try:
                with self.get("/healthz"):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise SystemExit("gunicorn did not answer within a minute.")
