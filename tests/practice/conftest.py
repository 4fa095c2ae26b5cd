import secrets

import pytest
from cryptography.fernet import Fernet

from tests.practice.settings_subprocess import load_settings

TEST_ADDRESS = "203.0.113.10"  # Documentation range (RFC 5737): never a real client.


def random_secret_key() -> str:
    return secrets.token_urlsafe(48)  # 64 characters


def random_inquiry_keys() -> dict[str, str]:
    """The inquiry encryption and blind-index keys production insists on, made up for a test."""
    return {
        "INQUIRY_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "INQUIRY_INDEX_KEYS": secrets.token_urlsafe(32),
    }


@pytest.fixture(scope="session")
def production_only_settings():
    """What practice/settings/production.py changes relative to base.py, loaded for real."""
    env = {
        "SECRET_KEY": random_secret_key(),
        "ALLOWED_HOSTS": "testserver",
        **random_inquiry_keys(),
    }
    return load_settings("practice.settings.production", env)["changed"]


@pytest.fixture
def production_settings(settings, production_only_settings):
    """The test settings with production.py's changes on top (the test database stays)."""
    for name, value in production_only_settings.items():
        setattr(settings, name, value)
    return settings


@pytest.fixture
def https():
    """Request headers as the TLS proxy sends them for an HTTPS request."""
    return {"x-forwarded-proto": "https"}
