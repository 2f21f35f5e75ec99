"""The shared cache on Redis, degraded rather than failed: when Redis cannot be reached every
read is a miss and every write is dropped, so the pages that only use the cache to go faster
(the working-day calendar's generation stamp, DRF throttles) still answer. Counting cannot be
faked that way, so `incr` raises CacheUnavailable and the caller decides (core/rate_limit.py
lets the request through and says so in the log).

Django's built-in RedisCache has no IGNORE_EXCEPTIONS option (django-redis has); this small
subclass is that option."""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class CacheUnavailable(Exception):
    """The cache could not be reached; raised where a miss would be a wrong answer."""


class WarnEvery:
    """Log a warning at most once per `seconds` in this process, so that an outage is in the
    log without one line per request."""

    def __init__(self, seconds: float = 60):
        self.seconds = seconds
        self.last = None

    def __call__(self, log: logging.Logger, message: str, *args) -> None:
        now = time.monotonic()
        if self.last is None or now - self.last >= self.seconds:
            self.last = now
            log.warning(message, *args)


_unreachable = WarnEvery()


def _missed(operation: str, error: Exception) -> None:
    _unreachable(logger, "Cache unreachable (%s: %s); answering as if empty.", operation, error)


class ResilientRedisCache(RedisCache):
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            _missed("add", error)
            return False

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _missed("get", error)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            _missed("set", error)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            _missed("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            _missed("delete", error)
            return False

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            _missed("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            _missed("has_key", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            raise CacheUnavailable(str(error)) from error

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            _missed("set_many", error)
            return list(data)

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except RedisError as error:
            _missed("delete_many", error)

    def clear(self):
        try:
            return super().clear()
        except RedisError as error:
            _missed("clear", error)
            return False
