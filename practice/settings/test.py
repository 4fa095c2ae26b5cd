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
# The test client's host; the browser tests name the live server's origin themselves.
OTP_WEBAUTHN_RP_ID = "localhost"
OTP_WEBAUTHN_ALLOWED_ORIGINS = ["http://localhost"]
# Most tests sign in with force_login and no second factor; tests/practice/test_sign_in_*.py
# and the browser tests turn it on to check it.
ADMIN_SECOND_FACTOR = "off"
# A fixed key for the test suite only, so encrypted values read back the same in every process.
INQUIRY_ENCRYPTION_KEYS = ["dGVzdC1zdWl0ZS1vbmx5LWVuY3J5cHRpb24ta2V5LTE="]
INQUIRY_INDEX_KEYS = ["test-suite-only-blind-index-key-for-inquiries"]
# Static files come straight from the source folders, as under runserver.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Local memory for the caches, unless REDIS_URL is set: one process serves the site here.
if not REDIS_URL:
    CACHES = local_memory_caches()
