"""Wagtail's routing for a page address, kept until anything the site shows changes.

Serving a page makes Wagtail find the Site for the host, walk the page tree down the path, load
the page's specific model, read its view restrictions and the site's settings: six or more
queries before the template starts. Their outcome is the same for every visitor until an editor
changes something, so it is kept under the page cache's generation (the invalidation that clears
cached pages makes it unreachable at once) and handed to Wagtail through the attributes Wagtail
itself caches routing in on the request. Whoever asks, the view restrictions are still checked
against the request, and the page is served afresh: only the lookups are skipped.

The page is pickled as routing left it, before it serves anything, and kept only when it then
answered 200, so made-up addresses under a routable page do not fill the cache.
"""

import hashlib
import logging
import pickle

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from practice.models import PracticeSettings

from . import release, store

logger = logging.getLogger(__name__)

ROUTE_PENDING_ATTR = "_practice_route_to_cache"


class RouteCacheMiddleware:
    """Primes Wagtail's routing from the cache for GET and HEAD requests to the page tree."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        pending = request.__dict__.pop(ROUTE_PENDING_ATTR, None)
        if pending is not None and response.status_code == 200:
            key, entry = pending
            try:
                store.save_entry(key, entry)
            except Exception as error:
                logger.warning("Route cache unavailable (%s)", type(error).__name__)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.RENDER_CACHE_ENABLED or view_func is not wagtail_views.serve:
            return None
        if request.method not in ("GET", "HEAD"):
            return None
        if getattr(request, "is_preview", False) or getattr(request, "is_dummy", False):
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        key = route_key(request, path)
        if key is None:
            return None
        try:
            entry = store.get_entry(key)
        except Exception as error:
            logger.warning("Route cache unavailable (%s)", type(error).__name__)
            return None
        if entry is not None and prime(request, path, entry):
            return None
        entry = resolve(request, path)
        if entry is not None:
            setattr(request, ROUTE_PENDING_ATTR, (key, entry))
        return None


def route_key(request, path: str) -> str | None:
    try:
        request.get_host()  # Refuses a host outside ALLOWED_HOSTS; Django answers 400 later.
        generation = store.generation_for(request)
    except DisallowedHost:
        return None
    except Exception as error:
        logger.warning("Route cache unavailable (%s)", type(error).__name__)
        return None
    # What Wagtail picks the Site by: the raw host's name and the port.
    hostname = split_domain_port(request._get_raw_host())[0]
    # The language too: Wagtail routes from the root page in the active language.
    identity = "|".join(
        (generation, release.current(), hostname, request.get_port(), get_language() or "", path)
    )
    return f"page-cache:route:{hashlib.sha256(identity.encode()).hexdigest()}"


def resolve(request, path: str) -> bytes | None:
    """Route as Wagtail does, and return what to keep (pickled now, before the page serves)."""
    route = Page.route_for_request(request, path)
    if route is None:
        return None
    page = route[0]
    restrictions = list(page.get_view_restrictions())
    site = Site.find_for_request(request)
    site_settings = PracticeSettings.for_request(request)
    try:
        entry = pickle.dumps((site, route, restrictions, site_settings), pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError) as error:
        logger.warning("Route of %s cannot be cached (%s)", type(page).__name__, error)
        entry = None
    page._known_view_restrictions = restrictions  # Read once, here, for this request too.
    return entry


def prime(request, path: str, entry: bytes) -> bool:
    """Hand a kept route to Wagtail through the attributes it caches routing in."""
    try:
        # Our own cache, which Django's cache backends unpickle from as well.
        site, route, restrictions, site_settings = pickle.loads(entry)  # noqa: S301
    except Exception as error:
        logger.warning("Route cache entry unreadable (%s)", type(error).__name__)
        return False
    page = route[0]
    if isinstance(page, RoutablePageMixin) and route.args:
        # Routing a routable page also tells templates which of its views answers; that match
        # cannot be pickled, but finding it again needs no query.
        page_path = page.url_path.removeprefix(site.root_page.url_path)
        if not path.startswith(page_path):
            return False
        try:
            request.routable_resolver_match = page.resolve_subpage(
                "/" + path.removeprefix(page_path)
            )
        except Http404:
            return False
    page._known_view_restrictions = restrictions
    site_settings._request = request  # As BaseSiteSetting.for_request leaves it.
    request._wagtail_site = site
    request._wagtail_route_for_request = route
    setattr(request, PracticeSettings.get_cache_attr_name(), site_settings)
    return True
