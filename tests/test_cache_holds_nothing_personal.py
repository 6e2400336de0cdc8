"""Issue #17: no code path stores a person's page, an access decision or a model instance in the
cache. Every value written to the cache while each role opens the busiest pages is checked: only
the data caches (library facet counts, register filter lists and counts), their versions, sessions and
throttle counters are allowed, and none of them holds a model instance or a rendered page."""

import dataclasses

import pytest
from django.core.cache import caches
from django.db import models, transaction
from django.urls import reverse

from tests.matrix import ROLES
from tests.test_permission_matrix import CASES

PAGES = {
    "home",
    "journeys:list",
    "journeys:overview",
    "journeys:task",
    "journeys:timeline",
    "challenges:eoi_list",
    "challenges:eoi_review",
    "challenges:register",
    "challenges:service_list",
    "referrals:queue",
    "referrals:pipeline",
    "casestudies:list",
    "casestudies:detail",
    "casestudies:moderation",
    "notifications:inbox",
    "api-case-study-list",
    "api-decision-list",
    "api-journey-list",
}
ALLOWED_KEY_PREFIXES = (
    "library-facets:",
    "register-filters:",
    "register-count:",
    "library-version",
    "register-version",
    "pipeline-referral-days:",
    "referral-figures-version",
    "django.contrib.sessions.cached_db",
    "throttle_",
)


def _problems_in(value, path="value") -> list[str]:
    if isinstance(value, models.Model):
        return [f"{path} is a model instance ({value._meta.label})"]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [f"{path} is a {type(value).__name__}"]
    if isinstance(value, (str, bytes)) and ("<html" in str(value) or "<div" in str(value)):
        return [f"{path} is a rendered page"]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _problems_in(v, f"{path}[{k!r}]")]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [p for i, v in enumerate(value) for p in _problems_in(v, f"{path}[{i}]")]
    return []


@pytest.fixture
def written(monkeypatch):
    """Every (key, value) written through the configured cache (local memory, or Redis)."""
    found = []
    backend = type(caches["default"])
    for name in ("set", "add"):
        real = getattr(backend, name)

        def spy(self, key, value, *args, _real=real, **kwargs):
            found.append((key, value))
            return _real(self, key, value, *args, **kwargs)

        monkeypatch.setattr(backend, name, spy)
    real_many = backend.set_many

    def spy_many(self, data, *args, **kwargs):
        found.extend(data.items())
        return real_many(self, data, *args, **kwargs)

    monkeypatch.setattr(backend, "set_many", spy_many)
    return found


def test_no_page_access_decision_or_model_instance_goes_into_the_cache(world, client_for, written):
    cases = [case for case in CASES if case.name in PAGES and case.method == "get"]
    assert {case.name for case in cases} == PAGES
    for case in cases:
        url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
        for role in ROLES:
            with transaction.atomic():
                getattr(client_for(world.user(role)), case.method)(url, case.data)
                transaction.set_rollback(True)
    assert written
    problems = [f"{key}: not a data cache" for key, _ in written if not key.startswith(ALLOWED_KEY_PREFIXES)]
    problems += [p for key, value in written for p in _problems_in(value, key)]
    assert not problems, "\n".join(sorted(set(problems)))
