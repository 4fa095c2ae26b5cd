"""A Redis that is stopped or frozen never breaks a page: the site serves without it, waits at most
one short socket timeout per process now and then, says so once in the log, and forgets nothing
an editor changed meanwhile. A Redis server of the test's own: never the machine's."""

import logging
import time

import pytest

from contact.forms import FormKey
from tests.factories import ContactPageFactory, StandardPageFactory
from tests.redis_server import RedisServer, redis_server_binary
from tests.worker import run_queued_tasks

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(redis_server_binary() is None, reason="needs Debian's redis-server"),
]

SOCKET_TIMEOUT = 0.2
RETRY_AFTER_SECONDS = 1.0
# Far above a few socket timeouts, far below the hang of a client that waits for ever.
SLOWEST_ACCEPTABLE_SECONDS = 5


@pytest.fixture
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def site_on_redis(settings, redis_server, home_page):
    """The test site with both caches in that Redis, failing soft as in production."""
    settings.CACHES = {
        alias: {
            "BACKEND": "practice.cache_backends.FailSoftRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": f"outage-test:{alias}",
            "RETRY_AFTER_SECONDS": RETRY_AFTER_SECONDS,
            "OPTIONS": {"socket_timeout": SOCKET_TIMEOUT, "socket_connect_timeout": SOCKET_TIMEOUT},
        }
        for alias in ("default", "pages")
    }
    StandardPageFactory(parent=home_page, title="Living with chronic pain", slug="pain")
    ContactPageFactory(parent=home_page)
    return redis_server


def get(client, path):
    return client.get(path, HTTP_HOST="localhost")


def visit_everything(client) -> list[int]:
    """What a few visitors ask for: pages, the contact form, and a send of it."""
    statuses = [get(client, path).status_code for path in ("/", "/pain/", "/contact/", "/pain/")]
    sent = client.post(
        "/contact/",
        {
            "name": "Maria Lopez",
            "email": "maria.lopez@mail.example",
            "topic": "new_patient",
            "message": "I would like to book a first consultation.",
            "consent": "on",
            "form_key": FormKey.issue(rendered_at=time.time() - 60).sign(),
        },
        HTTP_HOST="localhost",
    )
    return [*statuses, sent.status_code]


def test_pages_and_the_contact_form_answer_while_redis_is_stopped(client, site_on_redis):
    assert get(client, "/pain/")["X-Page-Cache"] == "miss"
    site_on_redis.stop()

    assert visit_everything(client) == [200, 200, 200, 200, 303]
    # Rendered afresh, and nothing kept while the cache is away.
    assert "X-Page-Cache" not in get(client, "/pain/")


def test_a_frozen_redis_costs_a_short_wait_not_a_hung_page(client, site_on_redis):
    get(client, "/pain/")
    site_on_redis.freeze()

    started = time.monotonic()
    statuses = visit_everything(client)
    elapsed = time.monotonic() - started

    assert statuses == [200, 200, 200, 200, 303]
    assert elapsed < SLOWEST_ACCEPTABLE_SECONDS


def test_an_outage_is_logged_once_and_the_return_once(client, site_on_redis, caplog):
    site_on_redis.stop()
    with caplog.at_level(logging.WARNING, logger="practice.cache_backends"):
        for _ in range(3):
            visit_everything(client)
        site_on_redis.start()
        time.sleep(RETRY_AFTER_SECONDS)
        for _ in range(3):
            get(client, "/pain/")

    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2, messages
    assert "Redis does not answer" in messages[0]
    assert "127.0.0.1" not in messages[0]
    assert "answers again" in messages[1]


def test_pages_are_cached_again_once_redis_is_back(client, site_on_redis):
    site_on_redis.stop()
    get(client, "/pain/")
    site_on_redis.start()
    time.sleep(RETRY_AFTER_SECONDS)

    assert get(client, "/pain/")["X-Page-Cache"] == "miss"
    assert get(client, "/pain/")["X-Page-Cache"] == "hit"


def test_a_change_published_while_redis_is_frozen_is_not_hidden_when_it_comes_back(
    client, site_on_redis
):
    page = StandardPageFactory._meta.model.objects.get(slug="pain")
    get(client, "/pain/")
    assert get(client, "/pain/")["X-Page-Cache"] == "hit"

    site_on_redis.freeze()
    page.title = "Chronic pain: what helps"
    page.save_revision().publish()  # The cache cannot be cleared now...
    site_on_redis.thaw()  # ... and comes back with the old page in it.
    time.sleep(RETRY_AFTER_SECONDS)

    run_queued_tasks()  # The task worker clears it.
    response = get(client, "/pain/")
    assert response["X-Page-Cache"] == "miss"
    assert "Chronic pain: what helps" in response.content.decode()
