"""With Redis down, the cache fails soft: a read is a miss, a write is skipped, and pages that use it answer."""

import socket

import pytest
from django.core.cache import cache
from redis.exceptions import ConnectionError as RedisConnectionError


def closed_port() -> int:
    """A port where nothing listens: what a stopped Redis looks like to a client."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "mutuals_portal.lib.cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_reads_are_misses_and_writes_are_skipped_while_redis_is_down(redis_down):
    assert cache.get("throttle", []) == []
    assert cache.get_many(["a", "b"]) == {}
    assert not cache.has_key("a")
    cache.set("a", 1)
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.add("a", 1) is False
    assert cache.touch("a") is False
    assert cache.delete("a") is False
    cache.delete_many(["a", "b"])


def test_a_counter_still_raises_rather_than_silently_not_counting(redis_down):
    with pytest.raises(RedisConnectionError):
        cache.incr("a")


@pytest.mark.django_db
def test_the_throttled_api_answers_while_redis_is_down(client, redis_down):
    response = client.get("/api/v1/case-studies/")
    assert response.status_code == 200
    assert "results" in response.json()


def test_a_change_bumps_its_cache_version_even_while_redis_is_down(redis_down):
    from mutuals_portal.lib.cache import bump_version, version

    bump_version("library")  # saving a case study or a decision must not fail with Redis
    # Unknown while Redis is down: a new number each time, so results derived from it are misses.
    assert version("library") != version("library")


def test_a_bumped_version_makes_derived_keys_new(settings):
    from mutuals_portal.lib.cache import bump_version, version

    before = version("register")
    bump_version("register")
    assert version("register") != before
