"""A fixed-window limit per client address, kept in the cache (Redis in production, so that
every web process counts together). Rates are settings such as "30/m".

When the cache cannot be reached the limit fails open: the request is let through and a
warning says, once a minute per process, that the limit is not enforced. Counting in the
database instead would put every public look-up's write on PostgreSQL exactly when it is
the one service left; a short outage without the limit is the smaller risk."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from core.cache import CacheUnavailable, WarnEvery
from core.client_ip import client_ip

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str, setting: str = "rate") -> tuple[int, int]:
    """ "30/m" -> (30, 60)."""
    try:
        count, period = rate.split("/")
        return int(count), PERIODS[period.strip().lower()[0]]
    except (ValueError, KeyError, IndexError) as error:
        raise ImproperlyConfigured(f"{setting} must look like 30/m, not {rate!r}.") from error


class AddressRateLimit:
    """At most the rate named by `setting` per client address; `allow` counts a request."""

    def __init__(self, name: str, setting: str):
        self.name, self.setting = name, setting
        self._warn_not_enforced = WarnEvery(60)

    def _rate(self) -> tuple[int, int]:
        return parse_rate(getattr(settings, self.setting), self.setting)

    def allow(self, request) -> bool:
        """Count this request; False once the address has used up its requests for the period."""
        limit, period = self._rate()
        window = int(time.time() // period)
        key = f"rate_limit:{self.name}:{client_ip(request) or 'unknown'}:{window}"
        try:
            cache.add(key, 0, timeout=period + 1)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=period + 1)
                count = 1
        except CacheUnavailable as error:
            self._warn_not_enforced(
                logger,
                "Rate limit %s not enforced: the cache is unreachable (%s).",
                self.name,
                error,
            )
            return True
        return count <= limit

    def retry_after(self) -> int:
        _limit, period = self._rate()
        return period - int(time.time()) % period
