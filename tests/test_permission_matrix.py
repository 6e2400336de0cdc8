"""Every named URL x every role -> the expected status (see tests/matrix.py)."""

import importlib
import pkgutil
from urllib.parse import urlparse

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.matrix import LOGIN, ROLES

# Django admin pages are covered by one representative row (admin:index); the admin's
# own permission system guards the rest.
EXCLUDED_NAMESPACES = {"admin"}
REPRESENTATIVES = {"admin:index"}


def _load_cases():
    cases = []
    for module in pkgutil.walk_packages(tests.__path__, prefix="tests."):
        if module.name.endswith(".matrix_rows"):
            cases.extend(importlib.import_module(module.name).ROWS)
    return cases


CASES = _load_cases()


def _named_urls(patterns=None, namespace=""):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            child_ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _named_urls(pattern.url_patterns, child_ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_named_url_has_a_row():
    project_urls = {
        name for name in _named_urls() if name.split(":")[0] not in EXCLUDED_NAMESPACES or name in REPRESENTATIVES
    }
    covered = {case.name for case in CASES}
    missing = sorted(project_urls - covered)
    assert not missing, f"URLs with no row in a tests/<app>/matrix_rows.py: {missing}"
    unknown = sorted(covered - _named_urls())
    assert not unknown, f"Rows for URLs that do not exist: {unknown}"


def test_every_row_names_every_role():
    for case in CASES:
        assert set(case.expect) == set(ROLES), case.id


def _status_problem(case, role, response):
    expected = case.expect[role]
    if expected == LOGIN:
        if response.status_code != 302 or urlparse(response["Location"]).path != reverse("login"):
            return f"{case.id} as {role}: expected a redirect to login, got {response.status_code}"
    elif response.status_code != expected:
        return f"{case.id} as {role}: expected {expected}, got {response.status_code}"
    return None


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_role_gets_the_expected_status(case, world, client_for):
    """One world per URL; each role's request runs in a savepoint that is rolled back,
    so a POST by one role never changes what the next role sees."""
    url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
    problems = []
    for role in ROLES:
        client = client_for(world.user(role))
        with transaction.atomic():
            response = getattr(client, case.method)(url, case.data)
            transaction.set_rollback(True)
        problem = _status_problem(case, role, response)
        if problem:
            problems.append(problem)
    assert not problems, "\n".join(problems)
