"""A per-address limit on contact-form submissions, counted in the shared cache.

The count lives in the default cache (Redis in production, so every worker shares it), under a
keyed hash of the address rather than the address itself, and expires when its hour is over: the
privacy page promises that these counts are forgotten within the hour.
"""

import ipaddress
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from practice.security import client_ip_address

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60 * 60


def client_address(request) -> str:
    """The visitor's address as our own proxies saw it (see practice.security.client_ip_address).

    A forwarded entry that is not an address falls back to the connection's own address.
    """
    return (
        _normalised(client_ip_address(request))
        or _normalised(request.META.get("REMOTE_ADDR", ""))
        or "unknown"
    )


def _normalised(address: str) -> str:
    """An IPv4 address as is; an IPv6 address as its /64 network, which one household holds."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return ""
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    return str(parsed)


@dataclass(frozen=True)
class RateLimitDecision:
    allowed: bool
    retry_after_seconds: int


def count_submission(request) -> RateLimitDecision:
    """Count one submission from the request's address; say whether it is still within the limit."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    seconds_left = max(1, int((window + 1) * WINDOW_SECONDS - now))
    address_digest = salted_hmac("contact.ratelimit", client_address(request)).hexdigest()[:32]
    key = f"contact:submissions:{address_digest}:{window}"
    try:
        # add() only creates the counter; the expiry ends the count with the hour.
        cache.add(key, 0, timeout=seconds_left)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=seconds_left)
            count = 1
    except Exception as error:
        # A cache outage must not cost a patient their inquiry: let the submission through.
        logger.warning(
            "Contact rate limit unavailable (%s); submission allowed", type(error).__name__
        )
        return RateLimitDecision(allowed=True, retry_after_seconds=0)
    return RateLimitDecision(
        allowed=count <= settings.INQUIRY_RATE_LIMIT_PER_HOUR, retry_after_seconds=seconds_left
    )
