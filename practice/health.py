"""The health check that load balancers and Varnish probe: can this app server do its work?

Cheap on purpose (one trivial query, one tiny round trip to each cache) because it is asked every
few seconds by every proxy. Without its database an app server cannot serve: 503, and the proxy
sends visitors elsewhere. Without its cache it still serves every page, only slower: 200, and the
answer says what is degraded, for monitoring. The answer names the part and nothing else: no host
names, no error text, which could carry addresses or credentials.
"""

import logging
import uuid

from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database does not answer.")
        return False


def _cache_answers(alias: str) -> bool:
    # A key of this check's own: checks running at once on other servers cannot disturb it,
    # and an answer left over from an earlier check cannot pass for this one. The caches fail
    # soft (and log it themselves), so a missing answer is what an outage looks like.
    cache = caches[alias]
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        answered = cache.get(key) == "ok"
        cache.delete(key)
        return answered
    except Exception:
        logger.exception("Health check: the %s cache does not answer.", alias)
        return False


@require_safe
def healthz(request):
    if not _database_answers():
        body, status = "unavailable: database\n", 503
    else:
        degraded = [alias for alias in caches.settings if not _cache_answers(alias)]
        body = (
            f"degraded: {', '.join(f'{alias} cache' for alias in degraded)}\n"
            if degraded
            else "ok\n"
        )
        status = 200
    response = HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    # No proxy or browser may keep an answer: it is only true at the moment it is given.
    response["Cache-Control"] = "no-store"
    return response
