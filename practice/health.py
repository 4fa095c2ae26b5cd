"""The health check that load balancers and Varnish probe: can this app server do its work?

Cheap on purpose (one trivial query, one tiny cache round trip) because it is asked every few
seconds by every proxy. The answer names the part that failed and nothing else: no host names,
no error text, which could carry addresses or credentials.
"""

import logging
import uuid

from django.core.cache import cache
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


def _cache_answers() -> bool:
    # A key of this check's own: checks running at once on other servers cannot disturb it,
    # and an answer left over from an earlier check cannot pass for this one.
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        answered = cache.get(key) == "ok"
        cache.delete(key)
        return answered
    except Exception:
        logger.exception("Health check: the cache does not answer.")
        return False


@require_safe
def healthz(request):
    failed = [
        part
        for part, answers in (("database", _database_answers), ("cache", _cache_answers))
        if not answers()
    ]
    if failed:
        body, status = f"unavailable: {', '.join(failed)}\n", 503
    else:
        body, status = "ok\n", 200
    response = HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    # No proxy or browser may keep an answer: it is only true at the moment it is given.
    response["Cache-Control"] = "no-store"
    return response
