"""The test suite: fast hashing, mail kept in memory, plain static storage."""

from .base import *
from .environment import env_str

SECRET_KEY = "insecure-key-for-the-test-suite-only"  # noqa: S105 (not a secret: tests only)
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = VAR_DIR / "test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files come straight from the source folders, as under runserver.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Local memory for the caches, unless REDIS_URL is set: one process serves the site here.
if not REDIS_URL:
    CACHES = local_memory_caches()
