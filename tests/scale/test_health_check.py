from unittest import mock

import pytest
from django.core.cache import cache
from django.db.utils import OperationalError

from tests.scale.settings_probe import run_with_settings

pytestmark = pytest.mark.django_db


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


def test_health_check_names_the_cache_when_it_does_not_answer(client):
    with mock.patch("practice.health.cache") as broken_cache:
        broken_cache.set.side_effect = ConnectionError("Error connecting to redis:6379")
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"unavailable: cache\n"
    assert b"redis" not in response.content


def test_health_check_names_the_cache_when_it_loses_what_it_was_given(client):
    with mock.patch("practice.health.cache") as forgetful_cache:
        forgetful_cache.get.return_value = None
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"unavailable: cache\n"


def test_health_check_leaves_nothing_behind_in_the_cache(client):
    with mock.patch("practice.health.cache", wraps=cache) as watched_cache:
        client.get("/healthz")

    (key, _value), _ = watched_cache.set.call_args
    watched_cache.delete.assert_called_once_with(key)
    assert cache.get(key) is None


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
