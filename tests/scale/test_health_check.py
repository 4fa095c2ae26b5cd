import socket
from unittest import mock

import pytest
import redis
from django.db.utils import OperationalError

from tests.redis_server import RedisServer, redis_server_binary
from tests.scale.settings_probe import run_with_settings

pytestmark = pytest.mark.django_db


def failing_soft_at(url: str) -> dict:
    return {
        "BACKEND": "practice.cache_backends.FailSoftRedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
    }


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_health_check_answers_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_health_check_names_the_database_when_it_does_not_answer(client):
    with mock.patch("practice.health.connection") as connection:
        connection.cursor.side_effect = OperationalError("could not connect to db1:5432")
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"unavailable: database\n"
    assert response["Cache-Control"] == "no-store"
    # The error's own text (host names, addresses) is logged, never shown.
    assert b"db1" not in response.content


def test_health_check_says_a_cache_is_degraded_and_the_server_still_serves(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": failing_soft_at(f"redis://127.0.0.1:{closed_port()}/0"),
    }
    response = client.get("/healthz")

    # Pages are still served, rendered afresh: the proxy must keep sending visitors here.
    assert response.status_code == 200
    assert response.content == b"degraded: pages cache\n"
    assert b"127.0.0.1" not in response.content


@pytest.mark.skipif(redis_server_binary() is None, reason="needs Debian's redis-server")
def test_health_check_leaves_nothing_behind_in_the_cache(client, settings):
    server = RedisServer().start()
    try:
        settings.CACHES = {alias: failing_soft_at(server.url) for alias in settings.CACHES}
        response = client.get("/healthz")

        assert response.content == b"ok\n"
        assert redis.Redis.from_url(server.url).dbsize() == 0
    finally:
        server.stop()


def test_health_check_refuses_to_change_anything(client):
    assert client.post("/healthz").status_code == 405


def test_health_check_is_not_redirected_to_https_in_production():
    # What SecurityMiddleware decides under the production settings, for plain HTTP requests.
    code, result, stderr = run_with_settings(
        "practice.settings.production",
        {"SECURE_SSL_REDIRECT": "true"},
        """
from django.test import RequestFactory
from django.middleware.security import SecurityMiddleware
from django.urls import resolve
middleware = SecurityMiddleware(lambda request: None)
factory = RequestFactory(HTTP_HOST="practice.example")
result = {
    path: getattr(middleware.process_request(factory.get(path)), "status_code", None)
    for path in ("/healthz", "/about/")
}
result["view"] = resolve("/healthz").func.__module__
""",
    )

    assert code == 0, stderr
    assert result == {"/healthz": None, "/about/": 301, "view": "practice.health"}
