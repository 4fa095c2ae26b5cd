"""Django's Redis cache, made to fail soft: a Redis down, slow or frozen never breaks a page.

Everything the site keeps in the cache can be rebuilt (pages, Wagtail's site lookups and
renditions, counters), so while Redis does not answer each call behaves as on an empty cache
that forgets what it is given: reads miss, writes do nothing, `incr` finds no key. The first
failure is logged once and the process then leaves Redis alone for `RETRY_AFTER_SECONDS`, so a
frozen server costs one socket timeout per process per interval, not one per cache call.
https://docs.djangoproject.com/en/5.2/topics/cache/#redis
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DEFAULT_RETRY_AFTER_SECONDS = 5.0


class FailSoftRedisCache(RedisCache):
    """RedisCache whose calls answer as a cache miss while Redis is unreachable.

    Settings: LOCATION and OPTIONS as for Django's RedisCache (OPTIONS go to redis-py's
    connection pool: `socket_timeout` and `socket_connect_timeout` bound every call), and
    RETRY_AFTER_SECONDS, how long a process waits after a failure before trying Redis again.
    """

    def __init__(self, server, params):
        params = dict(params)
        self.retry_after_seconds = float(
            params.pop("RETRY_AFTER_SECONDS", DEFAULT_RETRY_AFTER_SECONDS)
        )
        super().__init__(server, params)
        self._lock = threading.Lock()
        self._unavailable_until = 0.0
        self._outage_logged = False

    def is_available(self) -> bool:
        """False while this process is leaving Redis alone after a failure."""
        return time.monotonic() >= self._unavailable_until

    def _call(self, operation, default, *args, **kwargs):
        if not self.is_available():
            return default
        try:
            result = operation(*args, **kwargs)
        except RedisError as error:
            self._mark_unavailable(error)
            return default
        if self._outage_logged:
            with self._lock:
                if self._outage_logged:
                    self._outage_logged = False
                    logger.warning("Cache: Redis answers again")
        return result

    def _mark_unavailable(self, error: Exception) -> None:
        with self._lock:
            self._unavailable_until = time.monotonic() + self.retry_after_seconds
            if not self._outage_logged:
                self._outage_logged = True
                # The class only: redis-py's messages name hosts and ports.
                logger.error(
                    "Cache: Redis does not answer (%s); the site runs without it and tries "
                    "again every %g s",
                    type(error).__name__,
                    self.retry_after_seconds,
                )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call(super().incr, missing, key, delta, version)
        if result is missing:
            raise ValueError(f"Key '{key}' not found.")  # What an empty cache answers.
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        self._call(super().delete_many, None, keys, version)

    def clear(self):
        return self._call(super().clear, False)
