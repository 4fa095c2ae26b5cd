"""Where cached pages live: the `pages` cache, under a generation that invalidation bumps.

Every entry carries the generation it was rendered under. Bumping the generation makes every entry
unreachable at once, so an editor's change can never be hidden by a page cached before it; the
entries' own timeout is only a safety net. The generation and the page are read in one round trip.
"""

import hashlib
import secrets
from typing import NamedTuple

from django.core.cache import caches

from . import release

GENERATION_KEY = "page-cache:generation"
CACHE_ALIAS = "pages"


class CachedPage(NamedTuple):
    generation: str
    headers: tuple[tuple[str, str], ...]
    content: bytes
    etag: str


def page_key(address: str, *, compressed: bool) -> str:
    """One key per release, address and compression (hashed: addresses can be long)."""
    identity = f"{release.current()}|{'gzip' if compressed else 'identity'}|{address}"
    digest = hashlib.sha256(identity.encode()).hexdigest()
    return f"page-cache:page:{digest}"


def new_generation() -> str:
    return secrets.token_hex(8)


def lookup(key: str) -> tuple[str | None, CachedPage | None]:
    """The current generation and the page stored under `key`, if it is of that generation.

    The generation is None when the cache does not answer: nothing may then be stored.
    """
    cache = caches[CACHE_ALIAS]
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


def save(key: str, page: CachedPage, timeout: int) -> None:
    caches[CACHE_ALIAS].set(key, page, timeout=timeout)


def bump_generation() -> bool:
    """Start a new generation; False when the cache did not take it (it is down)."""
    cache = caches[CACHE_ALIAS]
    generation = new_generation()
    cache.set(GENERATION_KEY, generation, timeout=None)
    # Read back: a cache that fails soft drops a write without a word. (Another process's newer
    # generation, read here, does as well.)
    return cache.get(GENERATION_KEY) is not None
