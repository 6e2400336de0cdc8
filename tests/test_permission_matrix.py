"""Every named URL x every role -> the expected status (see tests/matrix.py)."""

import importlib
import pkgutil
from urllib.parse import urlparse

import pytest
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


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_role_gets_expected_status(case, role, world, client_for):
    client = client_for(world.user(role))
    url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
    response = getattr(client, case.method)(url, case.data)
    expected = case.expect[role]
    if expected == LOGIN:
        assert response.status_code == 302, f"{case.id} as {role}: {response.status_code}"
        assert urlparse(response["Location"]).path == reverse("login"), response["Location"]
    else:
        assert response.status_code == expected, f"{case.id} as {role}: got {response.status_code}"
