"""A fixed-window limit on public verification look-ups per client address, kept in the
cache (Redis in production, so every web process counts together)."""

import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from core.client_ip import client_ip

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/m" -> (30, 60)."""
    try:
        count, period = rate.split("/")
        return int(count), PERIODS[period.strip().lower()[0]]
    except (ValueError, KeyError, IndexError) as error:
        raise ImproperlyConfigured(
            f"VERIFY_RATE_LIMIT must look like 30/m, not {rate!r}."
        ) from error


def looker(request) -> dict:
    """Who asks, as the verification log records it (services.look_up_certificate)."""
    return {
        "ip_address": client_ip(request),
        "user_agent": request.headers.get("user-agent", ""),
        "user": request.user,
    }


def allow(request) -> bool:
    """Count this request; False once the address has used up its look-ups for the period."""
    limit, period = parse_rate(settings.VERIFY_RATE_LIMIT)
    window = int(time.time() // period)
    key = f"certificates:verify:{client_ip(request) or 'unknown'}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    return count <= limit


def retry_after() -> int:
    _limit, period = parse_rate(settings.VERIFY_RATE_LIMIT)
    return period - int(time.time()) % period
