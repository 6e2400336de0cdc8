import pytest
from django.core.cache.backends.locmem import LocMemCache
from rest_framework.throttling import SimpleRateThrottle


@pytest.fixture(autouse=True)
def _fresh_throttle_history(monkeypatch):
    """Each test starts with no request history, whatever ran before (and never touches Redis)."""
    monkeypatch.setattr(SimpleRateThrottle, "cache", LocMemCache("api-tests", {}))
    SimpleRateThrottle.cache.clear()
