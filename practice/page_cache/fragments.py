"""Rendered parts of a page, kept until anything the site shows changes.

The page cache only helps anonymous visitors of a page already rendered since the last change;
a fragment is reused by every later render of the same published page, whoever asks (its content
is the same for everyone). Fragments are keyed by the page cache's generation, so the same
invalidation that clears cached pages (any publish, unpublish, move, delete, settings, snippet or
image change) makes every fragment unreachable at once, and by the page's own revision as well.
Previews are never served from it or stored in it: they show an unsaved draft.
"""

import hashlib
import logging

from django.conf import settings
from django.utils.translation import get_language

from . import release, store

logger = logging.getLogger(__name__)

NOT_KEPT_ATTR = "_page_fragments_not_kept"


def fragment_key(name: str, page, request, *, per_address: bool = True) -> str | None:
    """The key of `name` for this published `page`, or None when it must not be cached.

    Per address (host, path and query string) unless what is kept is the same at every address.
    """
    if not settings.RENDER_CACHE_ENABLED:
        return None
    if request is None or getattr(request, "is_preview", False):
        return None
    if getattr(request, NOT_KEPT_ATTR, False):
        return None
    if getattr(request, "is_dummy", False) or page is None or page.pk is None:
        return None
    try:
        generation = store.generation_for(request)
        host = request.get_host() if per_address else ""
        full_path = request.get_full_path() if per_address else ""
    except Exception as error:
        logger.warning("Fragment cache unavailable (%s)", type(error).__name__)
        return None
    published = page.last_published_at.isoformat() if page.last_published_at else ""
    identity = "|".join(
        (
            generation,
            release.current(),
            host,
            full_path,
            get_language() or "",
            str(page.pk),
            str(page.latest_revision_id or ""),
            published,
            name,
        )
    )
    return f"page-cache:fragment:{hashlib.sha256(identity.encode()).hexdigest()}"


def keep_none_for(request) -> None:
    """Render this request's fragments without keeping them: an answer that is not a page, such
    as a listing's "no such topic", would otherwise keep one set for every made-up address."""
    setattr(request, NOT_KEPT_ATTR, True)


def get(key: str):
    try:
        return store.get_entry(key)
    except Exception as error:
        logger.warning("Fragment cache unavailable (%s)", type(error).__name__)
        return None


def save(key: str, value) -> None:
    try:
        store.save_entry(key, value)
    except Exception as error:
        logger.warning("Fragment cache unavailable (%s)", type(error).__name__)
