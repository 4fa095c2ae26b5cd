"""The production settings read every documented variable, and refuse to start without secrets."""

from datetime import timedelta

import pytest

from tests.practice.conftest import random_inquiry_keys, random_secret_key
from tests.practice.settings_subprocess import SettingsRefusedToLoad, load_settings

PRODUCTION = "practice.settings.production"


def production_values(**env) -> dict:
    return load_settings(PRODUCTION, env)["values"]


def test_production_settings_read_each_documented_variable():
    secret_key = random_secret_key()
    values = production_values(
        SECRET_KEY=secret_key,
        INQUIRY_ENCRYPTION_KEYS=(
            "bmV3LWtleS1uZXctbmV3LWtleS1uZXctbmV3LWtleS0=, "
            "b2xkLWtleS1vbGQtb2xkLWtleS1vbGQtb2xkLWtleS0="
        ),
        INQUIRY_INDEX_KEYS="new-index-key,old-index-key",
        ADMIN_SECOND_FACTOR="all_staff",
        LOGIN_ADDRESS_FAILURE_LIMIT="12",
        LOGIN_USERNAME_THROTTLE_AFTER="8",
        LOGIN_USERNAME_THROTTLE_SECONDS="45",
        ALLOWED_HOSTS="practice.example, www.practice.example",
        CSRF_TRUSTED_ORIGINS="https://practice.example",
        DATABASE_URL="postgres://site:db-password@db.practice.example:5433/practice_site",
        REDIS_URL="redis://cache.practice.example:6380/3",
        REDIS_SOCKET_TIMEOUT_MS="250",
        WAGTAILADMIN_BASE_URL="https://practice.example",
        EMAIL_HOST="smtp.practice.example",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="mailer",
        EMAIL_HOST_PASSWORD="mail-password",
        EMAIL_USE_TLS="true",
        EMAIL_TIMEOUT="7",
        DEFAULT_FROM_EMAIL="Dr. Rosado's practice <office@practice.example>",
        SESSION_COOKIE_AGE="1800",
        LOGIN_FAILURE_LIMIT="4",
        LOGIN_COOLOFF_MINUTES="30",
        TRUSTED_PROXY_COUNT="2",
        SECURE_HSTS_SECONDS="31536000",
        PAGE_CACHE_ENABLED="false",
        RELEASE_ID="4f2c9e1",
    )

    assert values["SECRET_KEY"] == secret_key
    assert values["ALLOWED_HOSTS"] == ["practice.example", "www.practice.example"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://practice.example"]
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.practice.example",
        5433,
        "practice_site",
    )
    assert (database["USER"], database["PASSWORD"]) == ("site", "db-password")
    for alias in ("default", "pages"):
        cache = values["CACHES"][alias]
        assert cache["BACKEND"] == "practice.cache_backends.FailSoftRedisCache"
        assert cache["LOCATION"] == "redis://cache.practice.example:6380/3"
        assert cache["OPTIONS"] == {"socket_timeout": 0.25, "socket_connect_timeout": 0.25}
    # Each alias under its own prefix: clearing pages never touches rate limits or sessions.
    assert values["CACHES"]["default"]["KEY_PREFIX"] != values["CACHES"]["pages"]["KEY_PREFIX"]
    assert values["WAGTAILADMIN_BASE_URL"] == "https://practice.example"
    assert values["EMAIL_HOST"] == "smtp.practice.example"
    assert values["EMAIL_PORT"] == 587
    assert values["EMAIL_HOST_USER"] == "mailer"
    assert values["EMAIL_HOST_PASSWORD"] == "mail-password"
    assert values["EMAIL_USE_TLS"] is True
    assert values["EMAIL_TIMEOUT"] == 7
    assert values["DEFAULT_FROM_EMAIL"] == "Dr. Rosado's practice <office@practice.example>"
    assert values["SERVER_EMAIL"] == values["DEFAULT_FROM_EMAIL"]
    assert values["SESSION_COOKIE_AGE"] == 1800
    assert values["AXES_FAILURE_LIMIT"] == 4
    assert values["AXES_COOLOFF_TIME"] == timedelta(minutes=30)
    assert values["TRUSTED_PROXY_COUNT"] == 2
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["PAGE_CACHE_ENABLED"] is False
    assert values["RELEASE_ID"] == "4f2c9e1"
    assert values["INQUIRY_ENCRYPTION_KEYS"] == [
        "bmV3LWtleS1uZXctbmV3LWtleS1uZXctbmV3LWtleS0=",
        "b2xkLWtleS1vbGQtb2xkLWtleS1vbGQtb2xkLWtleS0=",
    ]
    assert values["INQUIRY_INDEX_KEYS"] == ["new-index-key", "old-index-key"]
    assert values["ADMIN_SECOND_FACTOR"] == "all_staff"
    assert values["LOGIN_ADDRESS_FAILURE_LIMIT"] == 12
    assert values["LOGIN_USERNAME_THROTTLE_AFTER"] == 8
    assert values["LOGIN_USERNAME_THROTTLE_SECONDS"] == 45
    # Passkeys belong to the admin's host name.
    assert values["OTP_WEBAUTHN_RP_ID"] == "practice.example"
    assert values["OTP_WEBAUTHN_ALLOWED_ORIGINS"] == ["https://practice.example"]


def test_production_defaults_are_the_safe_ones():
    values = production_values(
        SECRET_KEY=random_secret_key(), ALLOWED_HOSTS="practice.example", **random_inquiry_keys()
    )

    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert values["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert values["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert values["TRUSTED_PROXY_COUNT"] == 1
    assert values["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesBackend"
    assert values["MIDDLEWARE"][-1] == "axes.middleware.AxesMiddleware"
    assert values["WAGTAIL_GRAVATAR_PROVIDER_URL"] is None
    assert values["WAGTAIL_ENABLE_UPDATE_CHECK"] is False
    assert values["WAGTAILIMAGES_MAX_UPLOAD_SIZE"] <= 20 * 1024 * 1024
    assert values["WAGTAILDOCS_MAX_UPLOAD_SIZE"] <= 20 * 1024 * 1024
    assert values["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"
    assert len(values["AUTH_PASSWORD_VALIDATORS"]) >= 4
    assert values["ADMINS"] == []
    assert values["PAGE_CACHE_ENABLED"] is True
    # Without Redis, every process on the machine shares caches kept in the database.
    assert {cache["BACKEND"] for cache in values["CACHES"].values()} == {
        "django.core.cache.backends.db.DatabaseCache"
    }
    assert values["ADMIN_SECOND_FACTOR"] == "reviewers"
    assert values["CSRF_COOKIE_AGE"] is None
    assert values["SIGN_IN_DEVICE_COOKIE_NAME"].startswith("__Host-")
    assert "django.contrib.admin" not in values["INSTALLED_APPS"]


def test_development_shows_an_edited_template_on_the_next_reload():
    values = load_settings("practice.settings.dev", {})["values"]

    assert values["PAGE_CACHE_ENABLED"] is False


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"ALLOWED_HOSTS": "practice.example"}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "too-short", "ALLOWED_HOSTS": "practice.example"}, "Set SECRET_KEY"),
        (
            {"SECRET_KEY": "django-insecure-" + "x" * 60, "ALLOWED_HOSTS": "practice.example"},
            "Set SECRET_KEY",
        ),
        ({"SECRET_KEY": random_secret_key()}, "Set ALLOWED_HOSTS"),
        ({"SECRET_KEY": random_secret_key(), "ALLOWED_HOSTS": " , "}, "Set ALLOWED_HOSTS"),
        (
            {"SECRET_KEY": random_secret_key(), "ALLOWED_HOSTS": "practice.example"},
            "Set INQUIRY_ENCRYPTION_KEYS",
        ),
        (
            {
                "SECRET_KEY": random_secret_key(),
                "ALLOWED_HOSTS": "practice.example",
                "INQUIRY_ENCRYPTION_KEYS": random_inquiry_keys()["INQUIRY_ENCRYPTION_KEYS"],
            },
            "INQUIRY_INDEX_KEYS",
        ),
        (
            {
                "SECRET_KEY": random_secret_key(),
                "ALLOWED_HOSTS": "practice.example",
                **random_inquiry_keys(),
                "INQUIRY_ENCRYPTION_KEYS": "not-a-fernet-key",
            },
            "must be a Fernet key",
        ),
        (
            {
                "SECRET_KEY": random_secret_key(),
                "ALLOWED_HOSTS": "practice.example",
                **random_inquiry_keys(),
                "ADMIN_SECOND_FACTOR": "off",
            },
            "Set ADMIN_SECOND_FACTOR",
        ),
    ],
    ids=[
        "no-secret",
        "short-secret",
        "insecure-secret",
        "no-hosts",
        "blank-hosts",
        "no-encryption-key",
        "no-index-key",
        "malformed-encryption-key",
        "second-factor-off",
    ],
)
def test_production_settings_refuse_to_start_without_real_secrets(env, complaint):
    with pytest.raises(SettingsRefusedToLoad) as refusal:
        production_values(**env)

    assert "ImproperlyConfigured" in str(refusal.value)
    assert complaint in str(refusal.value)
