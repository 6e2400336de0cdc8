"""Redis as Django's cache, failing soft: while Redis is down a read is a miss and a write is skipped.

Nothing the portal keeps in the cache is the only copy of anything (API throttle counters, for
now), so an outage of Redis must not turn pages into errors. Each failure is logged. `incr`,
`decr` and `clear` still raise: a counter that silently stops counting would mislead.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _unavailable(operation: str, error: Exception) -> None:
    logger.warning("Cache unavailable, %s skipped: %s", operation, error.__class__.__name__)


class FailSoftRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _unavailable("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            _unavailable("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            _unavailable("has_key", error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            _unavailable("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            _unavailable("set_many", error)
            return list(data)  # the keys that were not set

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            _unavailable("add", error)
            return False

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            _unavailable("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            _unavailable("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except RedisError as error:
            _unavailable("delete_many", error)


def version(name: str) -> int:
    """A number that changes whenever `name`'s data changes (bump_version): put it in the keys of
    cached results derived from that data, so a change makes them all misses at once."""
    return versions([name])[0]


def versions(names) -> list[int]:
    """The current version of each name, in one round trip to the cache."""
    from django.core.cache import cache

    keys = [version_key(name) for name in names]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # Never seen, or evicted: a new number, unlike any an earlier key was made with.
            cache.add(key, time.time_ns(), timeout=None)
            found[key] = cache.get(key, time.time_ns())
    return [found[key] for key in keys]


def version_key(name: str) -> str:
    return f"{name}-version"


def bump_version(name: str) -> None:
    from django.core.cache import cache

    key = version_key(name)
    try:
        cache.incr(key)
    except ValueError:  # not in the cache (yet, or any more): any new value will do
        cache.set(key, time.time_ns(), timeout=None)
    except RedisError as error:  # the change itself must not fail; cached results expire on their own
        _unavailable("incr", error)
