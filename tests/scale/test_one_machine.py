"""The site as a practice runs it on one small server: production settings, two gunicorn workers,
cron jobs in processes of their own, with or without Redis (a Redis of the test's own).

Whatever process makes a change, every worker answers the next request with it; junk query
strings do not fill the page cache.
"""

import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
import redis
from cryptography.fernet import Fernet

from tests.redis_server import RedisServer, redis_server_binary
from tests.scale.multi_server import Visitor
from tests.scale.multi_server.cluster import drop_database, recreate_database
from tests.scale.multi_server.processes import REPOSITORY, Processes, free_port, wait_until

ARTICLE = "/blog/demystifying-ketamine/"
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
# Enough requests that both workers answer some of them.
REQUESTS_PER_CHECK = 20

DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))


class OneMachine:
    """A throwaway copy of the site: its own VAR_DIR and database (SQLite, or a PostgreSQL
    database beside the suite's when the suite runs on PostgreSQL)."""

    def __init__(self, work_directory: Path):
        self.work_directory = work_directory
        self.processes = Processes(work_directory)
        if ON_POSTGRES:
            base = urllib.parse.urlsplit(DATABASE_URL)
            name = f"{base.path.lstrip('/') or 'practice'}_one_machine"
            self.database_url = base._replace(path=f"/{name}").geturl()
        else:
            self.database_url = f"sqlite:///{work_directory / 'site.sqlite3'}"
        self.redis_url = ""
        self.encryption_key = Fernet.generate_key().decode()
        self.index_key = secrets.token_urlsafe(32)

    def environment(self, **extra: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST_", "REDIS_", "DATABASE_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="practice.settings.production",
            SECRET_KEY="one-machine-test-" + "k" * 50,
            # One set of keys for every process, as a deployment's environment has.
            INQUIRY_ENCRYPTION_KEYS=self.encryption_key,
            INQUIRY_INDEX_KEYS=self.index_key,
            ALLOWED_HOSTS="localhost,127.0.0.1",
            DATABASE_URL=self.database_url,
            SECURE_SSL_REDIRECT="false",
            VAR_DIR=str(self.work_directory / "var"),
            LOG_LEVEL="WARNING",
            GUNICORN_ACCESS_LOG="",
            PYTHONUNBUFFERED="1",
        )
        if self.redis_url:
            env.update(REDIS_URL=self.redis_url, CACHE_KEY_PREFIX="one-machine")
        env.update(extra)
        return env

    def manage(self, *arguments: str) -> str:
        completed = subprocess.run(  # noqa: S603 (our own manage.py)
            [sys.executable, "manage.py", *arguments],
            cwd=REPOSITORY,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert completed.returncode == 0, f"{arguments} failed:\n{completed.stderr}"
        return completed.stdout

    def prepare(self):
        if ON_POSTGRES:
            recreate_database(self.database_url)
        self.manage("migrate", "--noinput")
        self.manage("load_initial_content")
        self.manage("collectstatic", "--noinput")

    @contextmanager
    def serving(self, redis_url: str = ""):
        """Two sync workers, as `gunicorn -c practice/gunicorn.py` starts them by default."""
        self.redis_url = redis_url
        port = free_port()
        self.processes.start(
            f"gunicorn-{port}",
            [GUNICORN, "-c", "practice/gunicorn.py"],
            self.environment(GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2"),
        )
        try:
            wait_until(lambda: self._answers(port), f"gunicorn on port {port}")
            yield port
        finally:
            self.processes.stop_all()

    @staticmethod
    def _answers(port: int) -> bool:
        try:
            return Visitor(port).get("/healthz").status == 200
        except OSError:
            return False

    def page_cache_entries(self) -> int:
        """How many entries the page cache holds, counted in its store."""
        if self.redis_url:
            client = redis.Redis.from_url(self.redis_url)
            return sum(1 for _ in client.scan_iter(match="one-machine:pages:*"))
        if ON_POSTGRES:
            with psycopg.connect(self.database_url) as connection:
                return connection.execute("SELECT count(*) FROM cache_pages").fetchone()[0]
        with sqlite3.connect(self.work_directory / "site.sqlite3") as connection:
            return connection.execute("SELECT count(*) FROM cache_pages").fetchone()[0]

    def drop(self):
        if ON_POSTGRES:
            drop_database(self.database_url)


@pytest.fixture(scope="module")
def machine(tmp_path_factory):
    machine = OneMachine(tmp_path_factory.mktemp("one-machine"))
    try:
        machine.prepare()
        yield machine
    finally:
        machine.drop()
        shutil.rmtree(machine.work_directory, ignore_errors=True)


@pytest.fixture(scope="module", params=["without Redis", "with Redis"])
def served(request, machine):
    if request.param == "with Redis":
        if redis_server_binary() is None:
            pytest.skip("needs Debian's redis-server")
        server = RedisServer().start()
        try:
            with machine.serving(server.url) as port:
                yield port
        finally:
            server.stop()
    else:
        with machine.serving() as port:
            yield port


def statuses(port: int, path: str) -> set[int]:
    return {Visitor(port).get(path).status for _ in range(REQUESTS_PER_CHECK)}


def test_a_change_made_by_another_process_reaches_every_worker_at_once(machine, served):
    assert statuses(served, ARTICLE) == {200}
    assert Visitor(served).get(ARTICLE).header("X-Page-Cache") == "hit"

    # What cron does: the article's expiry comes, and publish_scheduled takes it off the site.
    machine.manage(
        "shell",
        "--command",
        "from django.utils import timezone; from blog.models import ArticlePage; "
        "ArticlePage.objects.filter(slug='demystifying-ketamine').update(expire_at=timezone.now())",
    )
    machine.manage("publish_scheduled")
    assert statuses(served, ARTICLE) == {404}
    assert all(ARTICLE not in Visitor(served).get("/blog/").text for _ in range(REQUESTS_PER_CHECK))

    machine.manage(
        "shell",
        "--command",
        "from blog.models import ArticlePage; "
        "page = ArticlePage.objects.get(slug='demystifying-ketamine'); "
        "page.expire_at = None; page.save_revision().publish()",
    )
    assert statuses(served, ARTICLE) == {200}
    assert all(ARTICLE in Visitor(served).get("/blog/").text for _ in range(REQUESTS_PER_CHECK))


def test_junk_query_strings_do_not_fill_the_page_cache(machine, served):
    Visitor(served).get("/blog/")
    Visitor(served).get("/blog/", Accept_Encoding="gzip")
    before = machine.page_cache_entries()

    for number in range(500):
        response = Visitor(served).get(f"/blog/?utm_source=newsletter-{number}&junk{number}=1")
        assert response.status == 200
        assert response.header("X-Page-Cache") == "hit"
    assert machine.page_cache_entries() - before <= 2
