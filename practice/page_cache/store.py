"""Where cached pages live: the `default` cache, under a generation that invalidation bumps.

Every entry carries the generation it was rendered under. Bumping the generation makes every entry
unreachable at once, so an editor's change can never be hidden by a page cached before it; the
entries' own timeout is only a safety net. The generation and the page are read in one round trip.
"""

import hashlib
import secrets
from typing import NamedTuple

from django.core.cache import cache, caches

from . import release

GENERATION_KEY = "page-cache:generation"
# A safety net only: the generation makes stale entries unreachable long before this.
ENTRY_TIMEOUT = 24 * 60 * 60


class CachedPage(NamedTuple):
    generation: str
    headers: tuple[tuple[str, str], ...]
    content: bytes
    etag: str


def page_key(scheme: str, host: str, full_path: str) -> str:
    """One key per release, scheme, host, path and query string (hashed: URLs can be long)."""
    identity = f"{release.current()}|{scheme}://{host}{full_path}"
    digest = hashlib.sha256(identity.encode()).hexdigest()
    return f"page-cache:page:{digest}"


def new_generation() -> str:
    return secrets.token_hex(8)


def lookup(key: str) -> tuple[str, CachedPage | None]:
    """The current generation and the page stored under `key`, if it is of that generation."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        # First use, or the cache was flushed or evicted: nothing stored before can be trusted.
        cache.add(GENERATION_KEY, new_generation(), timeout=None)
        return cache.get(GENERATION_KEY), None
    page = found.get(key)
    if page is None or page.generation != generation:
        return generation, None
    return generation, page


def current_generation() -> str:
    """The generation now in force, starting one if the cache has none."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, new_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def generation_for(request) -> str:
    """The generation in force for this request, read from the cache once per request."""
    generation = getattr(request, "_page_cache_generation", None)
    if generation is None:
        generation = current_generation()
        request._page_cache_generation = generation
    return generation


def save(key: str, page: CachedPage, timeout: int) -> None:
    cache.set(key, page, timeout=timeout)


def bump_generation() -> None:
    cache.set(GENERATION_KEY, new_generation(), timeout=None)


def get_entry(key: str):
    """An entry whose key includes the generation: from this process's memory, else the cache.

    Such an entry never changes (a change makes a new generation, so a new key), so each process
    can keep its own copy without ever serving one that is stale, and skip a round trip.
    """
    local = caches["generational"]
    value = local.get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            local.set(key, value, timeout=ENTRY_TIMEOUT)
    return value


def save_entry(key: str, value) -> None:
    cache.set(key, value, timeout=ENTRY_TIMEOUT)
    caches["generational"].set(key, value, timeout=ENTRY_TIMEOUT)
