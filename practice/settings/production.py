"""Production: refuses to start without real secrets, HTTPS only behind a TLS-terminating proxy."""

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from .base import *
from .environment import env_bool, env_int

if not SECRET_KEY or len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random value of at least 50 characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the site's host names, comma-separated.")
# Inquiries are encrypted with these keys: without them nothing a patient sent can be stored
# or read.
if not INQUIRY_ENCRYPTION_KEYS or not INQUIRY_INDEX_KEYS:
    raise ImproperlyConfigured(
        "Set INQUIRY_ENCRYPTION_KEYS (python -c 'from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())') and INQUIRY_INDEX_KEYS (python -c 'import "
        'secrets; print(secrets.token_urlsafe(32))\'); see docs/deployment.md, "Keys".'
    )
for _key in INQUIRY_ENCRYPTION_KEYS:
    try:
        Fernet(_key)
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            "Each of INQUIRY_ENCRYPTION_KEYS must be a Fernet key (Fernet.generate_key())."
        ) from None
if ADMIN_SECOND_FACTOR not in {"reviewers", "all_staff"}:
    raise ImproperlyConfigured("Set ADMIN_SECOND_FACTOR to reviewers or all_staff.")

# TLS ends at the proxy, which says so in X-Forwarded-Proto; it must overwrite that header.
# https://docs.djangoproject.com/en/5.2/ref/settings/#secure-proxy-ssl-header
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The load balancer's health check speaks plain HTTP to the app server.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 63_072_000)  # two years
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Subdomains must speak HTTPS already (includeSubDomains); preload consents to browsers shipping
# that rule built in (https://hstspreload.org). Set SECURE_HSTS_PRELOAD=false to withhold it.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# --- Security hardening (see also the Security section of base.py) ---
# The "__Host-" prefix makes browsers refuse the cookie unless it is Secure, for this host
# only (no Domain) and for the whole site (Path=/), so a sibling subdomain cannot plant one.
# https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies#cookie_prefixes
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SIGN_IN_DEVICE_COOKIE_NAME = "__Host-signin_device"
# Wagtail's admin takes the CSRF token from the page, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
# The TLS proxy stands in front of the app server and appends the client's address to
# X-Forwarded-For; login throttling counts failures per client address from it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)

# --- Several app servers (see the multi-server section of base.py) ---
# Cached sessions need the cache that every app server shares: with a local-memory cache each
# server would know only its own sign-ins, and a sign-out on one would not reach the others.
if SESSION_ENGINE.rsplit(".", 1)[-1] in {"cache", "cached_db"} and not REDIS_URL:
    raise ImproperlyConfigured(
        "SESSION_ENGINE=cache or cached_db needs REDIS_URL; set it, or use SESSION_ENGINE=db."
    )
