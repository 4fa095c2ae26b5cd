"""Where cached pages live: the `default` cache, under a generation that invalidation bumps.

Every entry carries the generation it was rendered under. Bumping the generation makes every entry
unreachable at once, so an editor's change can never be hidden by a page cached before it; the
entries' own timeout is only a safety net. The generation and the page are read in one round trip.
"""

import hashlib
import secrets
from typing import NamedTuple

from django.core.cache import cache

from . import release

GENERATION_KEY = "page-cache:generation"


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


def save(key: str, page: CachedPage, timeout: int) -> None:
    cache.set(key, page, timeout=timeout)


def bump_generation() -> None:
    cache.set(GENERATION_KEY, new_generation(), timeout=None)
