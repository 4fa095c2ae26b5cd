"""Local development: debug pages, mail printed to the console, a key kept in var/."""

import secrets

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
# A template or stylesheet being edited shows on the next reload, not after the next publish.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Local memory for the caches, unless REDIS_URL is set: one process serves the site here.
if not REDIS_URL:
    CACHES = local_memory_caches()
