"""Serves whole pages to anonymous visitors from the cache, before Wagtail does any work.

It sits right after WhiteNoise in MIDDLEWARE: a hit skips sessions, CSRF, authentication, URL
routing and the page tree. Only what is the same for every visitor is stored: GET responses to
requests without a session, with status 200, no cookie set, no CSRF token used and no
`private`/`no-store`/`no-cache`. Shared caches in front (a proxy or CDN) get the same answer
through Cache-Control: public for what is stored here, private for everything else.

Pages are stored as compression left them (TextCompressionMiddleware sits inside this one), one
entry for browsers that take gzip and one for those that do not, so a hit compresses nothing.
A page's key holds only the query parameters pages read (PAGE_CACHE_QUERY_PARAMETERS): a
tracking or made-up parameter gets the same entry as the address without it.
"""

import logging
import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag

from . import store

logger = logging.getLogger(__name__)

# Directives that say a response belongs to one visitor or must be fetched afresh.
UNSHAREABLE_DIRECTIVES = frozenset({"private", "no-store", "no-cache"})
# Larger responses are not pages worth keeping in memory.
MAX_CONTENT_BYTES = 1024 * 1024
# Django's CSRF middleware sets this when a token was handed out while rendering (until Django 4.1
# it was called CSRF_COOKIE_USED); a page carrying a token is one visitor's page.
CSRF_USED_FLAG = "CSRF_COOKIE_NEEDS_UPDATE"
# Whether the browser takes gzip, as GZipMiddleware decides it.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Request headers a stored page may vary on: the key covers them.
KEYED_VARY_HEADERS = frozenset({"", "cookie", "accept-encoding"})


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = settings.PAGE_CACHE_ENABLED
        self.timeout = settings.PAGE_CACHE_TIMEOUT
        self.excluded_paths = tuple(settings.PAGE_CACHE_EXCLUDED_PATHS)
        self.query_parameters = sorted(settings.PAGE_CACHE_QUERY_PARAMETERS)
        # A visitor holding one of these may see something of their own (a logged-in editor's
        # user bar, a flash message), so they are neither served nor stored.
        self.personal_cookies = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)
        self.public_cache_control = {
            "public": True,
            "max_age": settings.PAGE_CACHE_BROWSER_MAX_AGE,
            "s_maxage": settings.PAGE_CACHE_SHARED_MAX_AGE,
        }

    def __call__(self, request):
        if request.path.startswith(self.excluded_paths):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD") or not self._is_anonymous_request(request):
            return self._mark_private(self.get_response(request))

        key = generation = None
        if self.enabled:
            try:
                key = self.page_key(request)
            except DisallowedHost:
                return self.get_response(request)  # Django answers 400 further in.
            try:
                generation, page = store.lookup(key)
            except Exception as error:
                # The site stays up without its cache: pages are rendered as if it were off.
                logger.warning("Page cache unavailable (%s)", type(error).__name__)
                generation = None
            else:
                if page is not None:
                    return self._serve(request, page)

        response = self.get_response(request)
        if not self._is_shareable(request, response):
            return self._mark_private(response)
        self._make_public(response)
        # HEAD responses are not kept: a view may leave their body out. Nothing is kept while
        # the cache does not answer (no generation).
        if generation is not None and request.method == "GET":
            self._save(key, generation, response)
        return response

    def page_key(self, request) -> str:
        """The scheme, host, path, the query parameters pages read, and the compression."""
        query = {name: request.GET[name] for name in self.query_parameters if request.GET.get(name)}
        address = f"{request.scheme}://{request.get_host()}{request.path}"
        if query:
            address += "?" + urlencode(query)
        accepts_gzip = bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        return store.page_key(address, compressed=accepts_gzip)

    def _save(self, key: str, generation: str, response) -> None:
        page = store.CachedPage(
            generation=generation,
            headers=tuple(response.items()),
            content=response.content,
            etag=response.get("ETag", ""),
        )
        try:
            store.save(key, page, self.timeout)
        except Exception as error:
            logger.warning("Page cache unavailable (%s)", type(error).__name__)
            return
        response["X-Page-Cache"] = "miss"

    def _is_anonymous_request(self, request) -> bool:
        if "HTTP_AUTHORIZATION" in request.META or getattr(request, "is_dummy", False):
            # Basic auth, or Wagtail's preview and moderation requests (made inside the admin).
            return False
        if "HTTP_COOKIE" not in request.META:
            return True
        cookies = request.COOKIES
        return not any(name in cookies for name in self.personal_cookies)

    def _is_shareable(self, request, response) -> bool:
        # Only 200s: a 404 for every made-up address would fill the cache, and redirects (from
        # Wagtail's redirects, edited outside the page tree, or slash appending) are cheap.
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or CSRF_USED_FLAG in request.META
            or getattr(request, "is_preview", False)
            or len(response.content) > MAX_CONTENT_BYTES
        ):
            return False
        directives = {
            part.split("=", 1)[0].strip().lower()
            for part in response.get("Cache-Control", "").split(",")
        }
        if directives & UNSHAREABLE_DIRECTIVES:
            return False
        # Vary: Cookie is covered by serving only requests without a personal cookie, and
        # Accept-Encoding by the key; a response that varies on anything else is not kept.
        varies_on = {part.strip().lower() for part in response.get("Vary", "").split(",")}
        if not varies_on <= KEYED_VARY_HEADERS:
            return False
        user = getattr(request, "user", None)
        return user is None or not user.is_authenticated

    def _make_public(self, response) -> None:
        if "Cache-Control" not in response:
            patch_cache_control(response, **self.public_cache_control)
        if "ETag" not in response:
            set_response_etag(response)

    @staticmethod
    def _mark_private(response):
        # Only what this cache would share may be kept by a shared cache in front of it.
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_cache=True)
        return response

    @staticmethod
    def _serve(request, page: store.CachedPage):
        response = HttpResponse(page.content, headers=page.headers)
        response["X-Page-Cache"] = "hit"
        if page.etag and "HTTP_IF_NONE_MATCH" in request.META:
            return get_conditional_response(request, etag=page.etag, response=response)
        return response
