"""The page cache's one background task: clearing it once the cache answers again."""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import store

logger = logging.getLogger(__name__)

RETRY_DELAY = timedelta(seconds=10)


@task()
def start_new_page_cache_generation(first_tried_at: float | None = None) -> str:
    """Store a new generation, retrying while the cache is down.

    Entries expire after PAGE_CACHE_TIMEOUT: once that long has gone by, no page cached before
    the change can come back, and the retries stop.
    """
    first_tried_at = first_tried_at or time.time()
    if store.bump_generation():
        logger.warning("Page cache cleared after the cache came back")
        return "cleared"
    if time.time() - first_tried_at > settings.PAGE_CACHE_TIMEOUT:
        return "expired on its own"
    start_new_page_cache_generation.using(run_after=timezone.now() + RETRY_DELAY).enqueue(
        first_tried_at
    )
    return "retrying"
