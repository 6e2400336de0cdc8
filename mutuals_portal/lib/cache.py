"""Redis as Django's cache, failing soft and fast: whatever Redis does, a page answers as without it.

Nothing the portal keeps in the cache is the only copy of anything, and no cached value decides
who may see or do what, so a failing Redis must cost neither errors nor time:

- **Down or hung** (refusing connections, or accepting them and never answering): every call has
  short timeouts (settings `REDIS_CONNECT_TIMEOUT`, `REDIS_SOCKET_TIMEOUT`), and the first
  connection error or timeout opens a *circuit breaker* for that Redis: for
  `REDIS_CIRCUIT_BREAKER_SECONDS` this process does not ask it again (a read is a miss, a write is
  skipped, at once); then the next call tries again, and one success closes the breaker. So a hung
  Redis costs each process one timeout per period, not one per call.
- **Refusing writes** (a full `noeviction` memory: "OOM command not allowed when used memory >
  'maxmemory'", a read-only replica, a failed snapshot): the write is skipped and logged, reads
  go on; a version that cannot be bumped is deleted instead (DEL is allowed on a full Redis), so
  results derived from it are misses rather than stale.

`incr`, `decr` and `clear` still raise (a RedisError): a counter that silently stops counting
would mislead. The breakers are per process and per Redis server (host and port), shared by every
thread; `jobs.services` uses the same breaker for the Celery broker (`breaker_for`).
"""

import logging
import threading
import time
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What says Redis cannot be reached or does not answer (as opposed to refusing one command).
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class CircuitOpen(RedisConnectionError):
    """Raised instead of calling a Redis whose breaker is open (a RedisError, as a real failure)."""


class Breaker:
    """One per Redis per process: closed (calls go through) or open until a moment (calls are refused)."""

    def __init__(self, name: str):
        self.name = name
        self.open_until = 0.0
        self.openings = 0  # how many times it opened in this process (tests and logs)
        self.refused_writes = 0  # writes Redis refused while answering (full memory, read-only)
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def allow(self) -> None:
        if self.is_open:
            raise CircuitOpen(f"{self.name}: not asked for {self.open_until - time.monotonic():.0f} s more")

    def failed(self, error: Exception) -> None:
        seconds = getattr(settings, "REDIS_CIRCUIT_BREAKER_SECONDS", 30)
        with self._lock:
            already = self.is_open
            self.open_until = time.monotonic() + seconds
            if not already:
                self.openings += 1
        if not already:
            logger.warning("Redis %s unreachable (%s): not used for %s s", self.name, error.__class__.__name__, seconds)

    def succeeded(self) -> None:
        if self.open_until:
            with self._lock:
                if self.open_until and not self.is_open:
                    self.open_until = 0.0
                    logger.info("Redis %s answers again", self.name)


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(url: str) -> Breaker:
    """The breaker of the Redis server at `url` (redis://host:port/db), made on first use: one per
    server, whichever database, so the cache and the broker on one server share it."""
    return _breaker_named(_server_name(url))


def _server_name(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}:{parts.port or 6379}"


def _breaker_named(name: str) -> Breaker:
    found = _breakers.get(name)
    if found is None:
        with _breakers_lock:
            found = _breakers.setdefault(name, Breaker(name))
    return found


def reset_breakers() -> None:
    """Forget every breaker (tests)."""
    with _breakers_lock:
        _breakers.clear()


def _unavailable(operation: str, error: Exception) -> None:
    if not isinstance(error, CircuitOpen):  # the opening was logged; each skipped call is not
        logger.warning("Cache unavailable, %s skipped: %s", operation, error.__class__.__name__)


def _refused(breaker: Breaker, operation: str, error: Exception) -> None:
    breaker.refused_writes += 1
    logger.warning("Cache write refused, %s skipped: %s", operation, str(error)[:200])


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._server_name = _server_name(self._servers[0])  # type: ignore[attr-defined]  # RedisCache's list of URLs

    @property
    def breaker(self) -> Breaker:
        return _breaker_named(self._server_name)

    def _call(self, operation: str, call, fallback, *, write: bool = False):
        """`call()`, unless the breaker is open; a failure gives `fallback` (and opens the breaker
        if Redis could not be reached). Write refusals are logged and skipped."""
        try:
            self.breaker.allow()
            result = call()
        except CircuitOpen as error:
            _unavailable(operation, error)
            return fallback
        except UNREACHABLE as error:
            self.breaker.failed(error)
            _unavailable(operation, error)
            return fallback
        except RedisError as error:
            if write:
                _refused(self.breaker, operation, error)
            else:
                _unavailable(operation, error)
            return fallback
        self.breaker.succeeded()
        return result

    def _strict(self, call):
        """For the calls that raise: refused at once while the breaker is open; a failure opens it."""
        self.breaker.allow()
        try:
            result = call()
        except UNREACHABLE as error:
            self.breaker.failed(error)
            if isinstance(error, RedisError):
                raise
            raise RedisConnectionError(str(error)) from error
        self.breaker.succeeded()
        return result

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: super(FailSoftRedisCache, self).get(key, default, version), default)

    def get_many(self, keys, version=None):
        return self._call("get_many", lambda: super(FailSoftRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: super(FailSoftRedisCache, self).has_key(key, version), False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", lambda: super(FailSoftRedisCache, self).set(key, value, timeout, version), None, write=True)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # The keys that were not set.
        return self._call(
            "set_many", lambda: super(FailSoftRedisCache, self).set_many(data, timeout, version), list(data), write=True
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "add", lambda: super(FailSoftRedisCache, self).add(key, value, timeout, version), False, write=True
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: super(FailSoftRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key, version=None):
        return self._call("delete", lambda: super(FailSoftRedisCache, self).delete(key, version), False)

    def delete_many(self, keys, version=None):
        self._call("delete_many", lambda: super(FailSoftRedisCache, self).delete_many(keys, version), None)

    def incr(self, key, delta=1, version=None):
        return self._strict(lambda: super(FailSoftRedisCache, self).incr(key, delta, version))

    def decr(self, key, delta=1, version=None):
        return self._strict(lambda: super(FailSoftRedisCache, self).decr(key, delta, version))

    def clear(self):
        return self._strict(lambda: super(FailSoftRedisCache, self).clear())


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
    except RedisError as error:  # the change itself must not fail
        _unavailable("incr", error)
        if not isinstance(error, UNREACHABLE):
            # Redis answers but refuses the write (full memory): without the version, every read
            # makes a new number (versions()), so nothing derived from the old one is used again.
            cache.delete(key)
        # Unreachable: results derived from the old version stay in Redis until they expire.


def data_changed(name: str) -> None:
    """For a write to the data `name`'s cached results are derived from: bump the version now, and
    again when the transaction commits, so that results read by someone else from the old rows
    before the commit are not kept under the new version (one callback per transaction and name)."""
    from django.db import transaction

    bump_version(name)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        pending_bumps = connection.__dict__.setdefault("_pending_version_bumps", {})
        pending = pending_bumps.get(name)
        if pending is None or not any(item[1] is pending for item in connection.run_on_commit):
            pending = pending_bumps[name] = partial(bump_version, name)
            transaction.on_commit(pending)
