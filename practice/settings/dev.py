"""Local development: debug pages, mail printed to the console, a key kept in var/."""

import secrets

from cryptography.fernet import Fernet

from .base import *
from .environment import env_bool, env_list, env_str

DEBUG = True
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
INTERNAL_IPS = ["127.0.0.1"]


def _local_secret_key() -> str:
    # One random key per checkout, kept out of git, so sessions survive a restart.
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = env_str("SECRET_KEY") or _local_secret_key()


def _local_key(name: str, make) -> list[str]:
    # Like the secret key: made once per checkout and kept in var/, so inquiries written
    # yesterday still read today. Never used anywhere else.
    key_file = VAR_DIR / name
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(make())
    return [key_file.read_text().strip()]


INQUIRY_ENCRYPTION_KEYS = env_list("INQUIRY_ENCRYPTION_KEYS") or _local_key(
    "dev-inquiry-encryption-key", lambda: Fernet.generate_key().decode()
)
INQUIRY_INDEX_KEYS = env_list("INQUIRY_INDEX_KEYS") or _local_key(
    "dev-inquiry-index-key", lambda: secrets.token_urlsafe(32)
)
# `make run` signs the local administrator in with a password alone; set
# ADMIN_SECOND_FACTOR=reviewers to try the second factor (README, "Signing in").
ADMIN_SECOND_FACTOR = env_str("ADMIN_SECOND_FACTOR", "off")
# A template or stylesheet being edited shows on the next reload, not after the next publish.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Local memory for the caches, unless REDIS_URL is set: one process serves the site here.
if not REDIS_URL:
    CACHES = local_memory_caches()
