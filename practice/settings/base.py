"""Settings shared by every environment: safe defaults, configured from the environment.

dev.py and test.py loosen what they need; production.py insists on real secrets.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from .environment import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Local state (SQLite database, media, collected static files) lives in var/, ignored by git.
VAR_DIR = Path(env_str("VAR_DIR") or BASE_DIR / "var")

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "practice",
    "contact",
    "blog",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise serves static files before any other work is done for them.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached pages are served here, before sessions, CSRF, routing or the page tree do any work.
    "practice.page_cache.middleware.PageCacheMiddleware",
    # Inside the page cache, which so keeps pages compressed.
    "practice.compression.TextCompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after the user is known: django-otp marks whether this session passed a second
    # factor, then the admin asks for one from those who need it (practice/sign_in/).
    "django_otp.middleware.OTPMiddleware",
    "practice.sign_in.middleware.SignInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "practice.urls"
WSGI_APPLICATION = "practice.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# DATABASE_URL picks the engine; a SQLite file under var/ otherwise.
# https://github.com/jazzband/dj-database-url#url-schema
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the task worker write at the same time: WAL lets readers go on, and
    # IMMEDIATE transactions wait for the write lock instead of failing with "database is locked".
    # https://docs.djangoproject.com/en/5.2/ref/databases/#database-is-locked-errors
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache every process shares: rate limits, Wagtail's own lookups, cached sessions; and, under
# an alias of its own so it can never push those out, the page cache. Redis when REDIS_URL is set;
# otherwise tables in the database, which every process and cron job on the machine shares
# (`manage.py migrate` creates them). dev.py and test.py keep both in local memory instead.
# https://docs.djangoproject.com/en/5.2/topics/cache/
REDIS_URL = env_str("REDIS_URL")
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "practice")
# A Redis that does not answer within this long is treated as down for a few seconds, and the
# site runs without it (practice/cache_backends.py): one slow call, not a hung page.
REDIS_SOCKET_TIMEOUT_MS = env_int("REDIS_SOCKET_TIMEOUT_MS", 500)


def shared_cache(name: str, *, max_entries: int) -> dict:
    if REDIS_URL:
        timeout = REDIS_SOCKET_TIMEOUT_MS / 1000
        return {
            "BACKEND": "practice.cache_backends.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}:{name}",
            "OPTIONS": {"socket_timeout": timeout, "socket_connect_timeout": timeout},
        }
    return {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": f"cache_{name}",
        "OPTIONS": {"MAX_ENTRIES": max_entries},
    }


CACHES = {
    "default": shared_cache("default", max_entries=10_000),
    # One entry per page address (and per compression), so a few per page of the site.
    "pages": shared_cache("pages", max_entries=env_int("PAGE_CACHE_MAX_ENTRIES", 5_000)),
}


def local_memory_caches() -> dict:
    """The same aliases in this process's memory: for development and tests only."""
    return {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in CACHES
    }


# Cached pages are kept per release (practice/page_cache/release.py): by default a digest of
# the code, templates and static files, read at start; a commit id saves that reading.
RELEASE_ID = env_str("RELEASE_ID", "")

# The page cache (practice/page_cache/): whole pages for anonymous visitors, in the `pages`
# cache, cleared whenever an editor changes content. PAGE_CACHE_TIMEOUT is only a safety net.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 3600)
# Cache-Control for cacheable pages: browsers keep them briefly, a shared cache (proxy or CDN)
# a little longer; anything else is sent as private.
PAGE_CACHE_BROWSER_MAX_AGE = env_int("PAGE_CACHE_BROWSER_MAX_AGE", 60)
PAGE_CACHE_SHARED_MAX_AGE = env_int("PAGE_CACHE_SHARED_MAX_AGE", 300)
# Never cached here and left with their own headers: the admin, files, search results (the
# Privacy page promises that search terms are not stored) and the health check.
PAGE_CACHE_EXCLUDED_PATHS = [
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/media/",
    "/search/",
    "/healthz",
]
# The query parameters pages read (the blog listing's page and topic, the sitemap's page): the
# only ones in a cached page's key, so tracking parameters (?utm_source=, ?fbclid=) and junk share
# the entry of the address without them.
PAGE_CACHE_QUERY_PARAMETERS = ["page", "tag", "p"]

# Background work: tasks are rows in the database, stored in the same transaction as the data
# they belong to, and run by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# favicon.ico and other files that browsers ask for at the site's root.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed files with content hashes in their names, cached by browsers for a year.
    # https://whitenoise.readthedocs.io/en/stable/django.html#add-compression-and-caching-support
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# ---------------------------------------------------------------------------------------------
# Several app servers: nothing one of them keeps may be needed by another (docs/deployment.md).
# Media go to S3-compatible object storage, sessions to the database (or Redis), and Varnish or
# a CDN in front is told what to forget when editors publish.
# ---------------------------------------------------------------------------------------------

# Media (uploaded images and documents): an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME
# is set, files under MEDIA_ROOT otherwise. boto3 reads the credentials itself (AWS_ACCESS_KEY_ID
# and AWS_SECRET_ACCESS_KEY, or the machine's role), so no secret passes through the settings.
# https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            # A CDN or the bucket's public host name, e.g. media.example.org.
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN") or None,
            # Image addresses end up in cached pages, so they must not be signed URLs that
            # expire. Documents never link to the bucket: /documents/ streams them after
            # checking their privacy, so only images/ and original_images/ need be public.
            "querystring_auth": False,
            # The bucket's policy decides who reads what, not a per-file ACL.
            "default_acl": None,
            # Two servers storing "photo.jpg" at the same moment must not overwrite each other.
            "file_overwrite": False,
        },
    }
# Django serves media itself only while they are files on this machine (see practice/urls.py).
SERVE_MEDIA = env_bool("SERVE_MEDIA", not AWS_STORAGE_BUCKET_NAME)

# Sessions (only signed-in staff have one). "db" keeps them in the database every app server
# shares; "cached_db" reads them from Redis and writes through to the database, the better
# choice when REDIS_URL is set; "cache" alone loses everyone's sign-in when Redis is emptied.
# https://docs.djangoproject.com/en/5.2/topics/http/sessions/#configuring-the-session-engine
SESSION_STORE = env_str("SESSION_ENGINE", "db")
SESSION_ENGINE = {
    "db": "django.contrib.sessions.backends.db",
    "cached_db": "django.contrib.sessions.backends.cached_db",
    "cache": "django.contrib.sessions.backends.cache",
}.get(SESSION_STORE, SESSION_STORE)

# Front-end caches (Varnish, Cloudflare, CloudFront): only those configured are told to purge the
# pages an editor's publish makes stale (practice/frontend_cache.py); none by default.
# https://docs.wagtail.org/en/stable/reference/contrib/frontendcache.html
WAGTAILFRONTENDCACHE = {}
# Varnish (or any cache taking HTTP PURGE): its addresses, comma-separated, e.g.
# http://10.0.0.5:6081,http://10.0.0.6:6081; the page's own host name goes in the Host header.
for _number, _location in enumerate(env_list("FRONTEND_CACHE_PURGE_URLS"), start=1):
    WAGTAILFRONTENDCACHE[f"http-{_number}"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": _location,
    }
if env_str("CLOUDFLARE_ZONE_ID"):
    # An API token allowed only to purge this zone's cache.
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env_str("CLOUDFLARE_ZONE_ID"),
        "BEARER_TOKEN": env_str("CLOUDFLARE_API_TOKEN"),
    }
if env_str("CLOUDFRONT_DISTRIBUTION_ID"):
    # boto3 finds the AWS credentials itself, as for media.
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env_str("CLOUDFRONT_DISTRIBUTION_ID"),
    }

# Mail: Django's own settings names, read from the environment.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# A slow mail server must never hold a worker for long.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Nobody is mailed error reports: they could carry what a patient typed.
ADMINS = []
MANAGERS = []

# Wagtail
WAGTAIL_SITE_NAME = env_str("WAGTAIL_SITE_NAME", "Dr. Joseph Rosado")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The admin's browser must not ask a third party for avatars or for Wagtail's latest version.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_I18N_ENABLED = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Contact form and patient inquiries (contact app).
# What patients wrote is encrypted at rest (contact/encryption.py). INQUIRY_ENCRYPTION_KEYS are
# Fernet keys, comma-separated: the first encrypts, every one decrypts, so a new key goes first
# and an old one stays until `manage.py rotate_inquiry_keys` has re-encrypted everything.
# INQUIRY_INDEX_KEYS key the HMACs that let reviewers find an exact name, email or phone number
# without storing it readable; likewise, the first is current. docs/deployment.md, "Keys".
INQUIRY_ENCRYPTION_KEYS = env_list("INQUIRY_ENCRYPTION_KEYS")
INQUIRY_INDEX_KEYS = env_list("INQUIRY_INDEX_KEYS")
# Staff told about each new inquiry when the site settings name nobody; comma-separated.
INQUIRY_NOTIFICATION_EMAILS = env_list("INQUIRY_NOTIFICATION_EMAILS")
# Contact-form submissions accepted from one address per hour; the count is forgotten after it.
INQUIRY_RATE_LIMIT_PER_HOUR = env_int("INQUIRY_RATE_LIMIT_PER_HOUR", 10)

# ---------------------------------------------------------------------------------------------
# Security: headers, Content Security Policy, admin login protection, sessions.
# Production-only parts (HTTPS, HSTS, cookie flags and names) are in production.py.
# ---------------------------------------------------------------------------------------------

# Outermost, so that even the responses SecurityMiddleware answers itself carry the headers.
MIDDLEWARE = [
    "practice.security.SecurityHeadersMiddleware",
    "practice.security.ContentSecurityPolicyMiddleware",
    *MIDDLEWARE,
    # django-axes turns its lockout signal into the lockout page; its docs ask for it last.
    "axes.middleware.AxesMiddleware",
]
INSTALLED_APPS += [
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
]

# How many proxies stand in front of the app server; the client's address is read from
# X-Forwarded-For accordingly (practice.security.client_ip_address). 0: use REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Nothing on the site is meant to be embedded by other sites.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# Browser features the site never uses, turned off for it and anything it could frame. Names
# Chromium does not know (bluetooth, web-share, interest-cohort) are left out: each would log
# an error in the console of every page. https://developer.mozilla.org/docs/Web/HTTP/Headers/Permissions-Policy
PERMISSIONS_POLICY_DISABLED_FEATURES = [
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "gamepad",
    "geolocation",
    "gyroscope",
    "hid",
    "identity-credentials-get",
    "idle-detection",
    "local-fonts",
    "magnetometer",
    "microphone",
    "midi",
    "otp-credentials",
    "payment",
    "picture-in-picture",
    "screen-wake-lock",
    "serial",
    "usb",
    "window-management",
    "xr-spatial-tracking",
]
# Passkeys: the admin's own pages may ask the browser for them; public pages may not.
PERMISSIONS_POLICY_ADMIN_SELF_FEATURES = [
    "publickey-credentials-create",
    "publickey-credentials-get",
]

# Content Security Policy (django-csp 4). Public pages have no inline script or style and load
# nothing from anywhere else, so the policy can deny everything but the site's own files.
# JSON-LD blocks are data, not scripts, and need no script-src. No nonces: pages are cached.
# https://django-csp.readthedocs.io/en/latest/configuration.html
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_NONE],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF],
        # The site's own addresses only: what checks a page from inside it (Lighthouse reads
        # /robots.txt this way) may, nothing may reach another host.
        "connect-src": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
        "base-uri": [_NONE],
        "object-src": [_NONE],
    }
}
# The admin gets its own policies, picked by path in
# practice.security.ContentSecurityPolicyMiddleware.
ADMIN_PATH_PREFIXES = ["/admin/"]
# What the admin needs besides its own files: images as data: and blob: URLs (previews of
# uploads), the page preview in a same-origin frame, and fetch() to itself.
ADMIN_CONTENT_SECURITY_POLICY_REPORT_ONLY = {
    "DIRECTIVES": {
        "default-src": [_NONE],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:", "blob:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "media-src": [_SELF],
        "frame-src": [_SELF],
        "worker-src": [_SELF],
        "manifest-src": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_SELF],
        "base-uri": [_NONE],
        "object-src": [_NONE],
    }
}
# Enforced on the editing screens: Wagtail 8 still writes inline <script> elements (date and
# time pickers, inline panels, page listings) and inline styles, so those are allowed there;
# the policy above goes alongside as report-only, and the browser's console lists what still
# needs them. https://github.com/wagtail/wagtail/issues/1288
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **ADMIN_CONTENT_SECURITY_POLICY_REPORT_ONLY["DIRECTIVES"],
        "script-src": [_SELF, "'unsafe-inline'"],
        "style-src": [_SELF, "'unsafe-inline'"],
    }
}
# The admin pages a stranger can open have no inline code and are never framed: the strict
# policy is enforced there.
ADMIN_SIGN_IN_PATH_PREFIXES = ["/admin/login/", "/admin/password_reset/"]
ADMIN_SIGN_IN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **ADMIN_CONTENT_SECURITY_POLICY_REPORT_ONLY["DIRECTIVES"],
        "frame-ancestors": [_NONE],
    }
}
# Pages that show what a patient typed (the review queue, each inquiry, its history, the
# erasure page, the queue's bulk actions) and the second-factor pages run no inline script:
# the strict policy is enforced there too. Wagtail's own code on them is in files; the settings
# it reads are JSON data blocks, which a policy does not govern.
ADMIN_STRICT_PATH_PREFIXES = [
    "/admin/inquiries/",
    "/admin/bulk/contact/inquiry/",
    "/admin/two-step/",
]
ADMIN_STRICT_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **ADMIN_CONTENT_SECURITY_POLICY_REPORT_ONLY["DIRECTIVES"],
        "frame-ancestors": [_NONE],
    }
}

# ---------------------------------------------------------------------------------------------
# Signing in to the admin: a password, then a second factor (practice/sign_in/).
# ---------------------------------------------------------------------------------------------

# Who must pass a second factor (an authenticator app's code, a passkey, or a recovery code)
# before the admin opens: "reviewers" (anyone allowed to see inquiries, and superusers) or
# "all_staff". Anyone who has enrolled a factor is always asked for it. Development and the
# test suite may turn it "off"; production refuses to.
ADMIN_SECOND_FACTOR = env_str("ADMIN_SECOND_FACTOR", "reviewers")
# TOTP codes (django-otp): the name authenticator apps show beside the code.
# https://django-otp-official.readthedocs.io/en/stable/overview.html#totp-devices
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Recovery codes: how many are made at once; each works once.
RECOVERY_CODE_COUNT = 10
# Passkeys (django-otp-webauthn) are a second factor after the password, never a way in alone.
# They belong to the admin's host name, so WAGTAILADMIN_BASE_URL must be the address staff
# use; a passkey made for one host name does not work on another.
# https://django-otp-webauthn.readthedocs.io/en/latest/reference/settings.html
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = WAGTAIL_SITE_NAME
_ADMIN_ADDRESS = urlsplit(WAGTAILADMIN_BASE_URL)
# A passkey names a domain, never an IP address: on this machine that is "localhost".
OTP_WEBAUTHN_RP_ID = (_ADMIN_ADDRESS.hostname or "localhost").replace("127.0.0.1", "localhost")
OTP_WEBAUTHN_ALLOWED_ORIGINS = [
    f"{_ADMIN_ADDRESS.scheme}://{OTP_WEBAUTHN_RP_ID}"
    + (f":{_ADMIN_ADDRESS.port}" if _ADMIN_ADDRESS.port else "")
]
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = "practice.sign_in.passkeys"

# Wrong passwords (django-axes, for Wagtail's sign-in page and any other use of Django's
# authenticate()). A stranger who knows a username must not be able to lock its owner out, so
# hard limits are per address: LOGIN_FAILURE_LIMIT failures for one username from one address,
# or LOGIN_ADDRESS_FAILURE_LIMIT from one address for any usernames, refuse that address for
# LOGIN_COOLOFF_MINUTES. Per username alone there is only a slow throttle: after
# LOGIN_USERNAME_THROTTLE_AFTER failures from anywhere, one attempt every
# LOGIN_USERNAME_THROTTLE_SECONDS, and none of it for a browser that signed in as that user
# before. practice/sign_in/attempts.py counts; the refused person is told how long to wait.
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
# AxesBackend only refuses locked-out sign-ins; ModelBackend then checks the password. Being
# first, AxesBackend is also what force_login records, so it must be able to load users: the
# standalone variant cannot.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "practice.sign_in.attempts.SignInAttemptHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
LOGIN_USERNAME_THROTTLE_AFTER = env_int("LOGIN_USERNAME_THROTTLE_AFTER", 10)
LOGIN_USERNAME_THROTTLE_SECONDS = env_int("LOGIN_USERNAME_THROTTLE_SECONDS", 30)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
# What axes records per failure and clears on a successful sign-in; the limits above decide.
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
# A refused attempt is not counted again: the wait the person was told stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "practice.security.client_ip_address"
AXES_LOCKOUT_CALLABLE = "practice.sign_in.attempts.sign_in_paused"
AXES_RESET_ON_SUCCESS = True
# Successful sign-ins go to the log, not into a table of staff addresses kept forever.
AXES_DISABLE_ACCESS_LOG = True
# Log lines mask the username (people type passwords into it) and the address; axes never
# logs or stores the password.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address"]
# No banner on every start of manage.py; the events themselves are still logged.
AXES_VERBOSE = False
# A browser that signed in as someone is remembered in a signed cookie (the username only), so
# the per-username throttle never slows that person down at their own computer.
SIGN_IN_DEVICE_COOKIE_NAME = "signin_device"
SIGN_IN_DEVICE_COOKIE_AGE = 180 * 24 * 60 * 60

# The CSRF cookie ends with the browser session, like the session itself.
CSRF_COOKIE_AGE = None

# Sessions end after SESSION_COOKIE_AGE seconds without a request (every request renews them;
# only signed-in staff have sessions) and when the browser closes. Logging out deletes them.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Documents go through Django, which checks the collection's privacy settings on every download.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- Inquiry retention (contact app) ---------------------------------------------------------
# `manage.py purge_inquiries` deletes closed and responded inquiries this many days after their
# last status change, and spam sooner. The Privacy page promises one year and 30 days.
INQUIRY_RETENTION_CLOSED_DAYS = env_int("INQUIRY_RETENTION_CLOSED_DAYS", 365)
INQUIRY_RETENTION_SPAM_DAYS = env_int("INQUIRY_RETENTION_SPAM_DAYS", 30)
