"""Wrong passwords: limits that stop guessing without letting a stranger lock staff out.

django-axes records every failed sign-in (username, address) and refuses the ones this module
says must wait. A stranger who knows a username can make failures for it from any number of
addresses, so no limit on a username alone ever refuses its owner for long:

- one address, one username: LOGIN_FAILURE_LIMIT failures, then that pair waits
  LOGIN_COOLOFF_MINUTES (the guesser at their own address);
- one address, any usernames: LOGIN_ADDRESS_FAILURE_LIMIT failures, then that address waits
  as long (one machine trying many accounts);
- one username, any addresses: after LOGIN_USERNAME_THROTTLE_AFTER failures, one attempt every
  LOGIN_USERNAME_THROTTLE_SECONDS (many machines on one account), and not even that for a
  browser that has signed in as that user before: it carries a signed cookie saying so.

The wait is counted from the last failure that counted, so the page can say how long it is.
https://owasp.org/www-community/Slow_Down_Online_Guessing_Attacks_with_Device_Cookies
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.core import signing
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control

DEVICE_COOKIE_SALT = "practice.sign_in.device"


@dataclass(frozen=True)
class Wait:
    seconds: int
    # "address" for the hard limits, "username" for the throttle.
    rule: str


def _failures(attempts) -> tuple[int, object]:
    totals = attempts.aggregate(count=Sum("failures_since_start"), last=Max("attempt_time"))
    return totals["count"] or 0, totals["last"]


def required_wait(ip_address: str, username: str | None, *, trusted_browser: bool) -> Wait | None:
    """How long this address must wait before trying this username again; None: it may try."""
    now = timezone.now()
    cooloff = settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - cooloff)
    waits = []

    for attempts, limit in (
        (recent.filter(ip_address=ip_address), settings.LOGIN_ADDRESS_FAILURE_LIMIT),
        (recent.filter(ip_address=ip_address, username=username), settings.AXES_FAILURE_LIMIT),
    ):
        count, last = _failures(attempts)
        if count >= limit:
            waits.append(Wait(_seconds_until(last + cooloff, now), "address"))

    if username and not trusted_browser:
        count, last = _failures(recent.filter(username=username))
        if count >= settings.LOGIN_USERNAME_THROTTLE_AFTER:
            until = last + timedelta(seconds=settings.LOGIN_USERNAME_THROTTLE_SECONDS)
            if until > now:
                waits.append(Wait(_seconds_until(until, now), "username"))

    return max(waits, key=lambda wait: wait.seconds, default=None)


def _seconds_until(moment, now) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


def wait_for_request(request, credentials=None) -> Wait | None:
    username = get_client_username(request, credentials)
    return required_wait(
        request.axes_ip_address,
        username,
        trusted_browser=is_trusted_browser(request, username),
    )


class SignInAttemptHandler(AxesDatabaseHandler):
    """axes' database handler, deciding lockouts by the rules above instead of one limit.

    axes asks is_locked() before checking a password, and get_failures() after a failure to
    decide whether that failure reached the limit; both answer from required_wait().
    https://django-axes.readthedocs.io/en/latest/6_integration.html#customizing-handlers
    """

    def is_locked(self, request, credentials=None) -> bool:
        return wait_for_request(request, credentials) is not None

    def get_failures(self, request, credentials=None) -> int:
        # Compared by axes with AXES_FAILURE_LIMIT: at the limit when any rule says wait.
        if wait_for_request(request, credentials) is not None:
            return settings.AXES_FAILURE_LIMIT
        return 0


# The browser that signed in before -------------------------------------------------------------


def device_cookie_value(username: str) -> str:
    return signing.dumps(username, salt=DEVICE_COOKIE_SALT, compress=True)


def is_trusted_browser(request, username: str | None) -> bool:
    """Whether this browser has signed in as `username` before (within the cookie's age)."""
    cookie = request.COOKIES.get(settings.SIGN_IN_DEVICE_COOKIE_NAME)
    if not cookie or not username:
        return False
    try:
        signed_for = signing.loads(
            cookie, salt=DEVICE_COOKIE_SALT, max_age=settings.SIGN_IN_DEVICE_COOKIE_AGE
        )
    except signing.BadSignature:
        return False
    return signed_for == username


def remember_browser(response, username: str) -> None:
    response.set_cookie(
        settings.SIGN_IN_DEVICE_COOKIE_NAME,
        device_cookie_value(username),
        max_age=settings.SIGN_IN_DEVICE_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# The page a refused person sees ----------------------------------------------------------------


def sign_in_paused(request, original_response=None, credentials=None):
    """django-axes' lockout response: the same page whichever account was tried, or none.

    It names no account and says nothing about whether one exists; it says how long to wait
    and where to reset a forgotten password.
    """
    wait = wait_for_request(request, credentials)
    seconds = wait.seconds if wait else 1
    response = render(
        request,
        "practice/login_locked_out.html",
        {"wait_seconds": seconds, "wait_minutes": math.ceil(seconds / 60)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(seconds)
    patch_cache_control(response, no_store=True)
    return response
