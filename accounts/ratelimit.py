"""Rate limits per client address (accounts.security.client_ip) for the public forms that anyone
can post to: registration and the enquiry form (pen test #16, point 7).

Counted in the cache (Redis in production) per fixed window. The cache fails soft: while Redis
is down nothing is counted and nobody is refused (logged), the forms' own limits still apply.
Limits come from settings.RATE_LIMITS, as "count/period" (period: second, minute, hour or day)."""

import functools
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from .security import client_ip

logger = logging.getLogger("mutuals_portal.security")
PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def parse(rate: str) -> tuple[int, int]:
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period.strip().rstrip("s")]


def seconds_to_wait(request, scope: str) -> int:
    """Count this request against `scope`; 0 when it may go ahead, else the seconds until it may.
    The first refusal in a window is recorded in the audit trail (not every one: no flood)."""
    count, period = parse(settings.RATE_LIMITS[scope])
    now = time.time()
    window = int(now // period)
    key = f"ratelimit:{scope}:{client_ip(request)}:{window}"
    try:
        cache.add(key, 0, timeout=period + 1)
        used = cache.incr(key)
    except Exception as error:  # Redis down (the fail-soft cache refuses incr) or the key vanished
        logger.warning("rate limit %s not counted: %s", scope, error.__class__.__name__)
        return 0
    if used <= count:
        return 0
    if used == count + 1:
        from . import audit
        from .models import SecurityEvent

        audit.record(SecurityEvent.Kind.RATE_LIMITED, request=request)
    return max(1, int((window + 1) * period - now))


def limit_posts(scope: str):
    """Refuse a POST beyond the scope's limit with the GOV.UK-styled 429 page (and Retry-After)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                wait = seconds_to_wait(request, scope)
                if wait:
                    return too_many(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def too_many(request, wait: int):
    minutes = max(1, -(-wait // 60))
    response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(wait)
    return response
