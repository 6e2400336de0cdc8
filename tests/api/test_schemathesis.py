"""Schemathesis reads the live OpenAPI schema and fires generated requests (valid and invalid) at
every operation: no server errors, every status documented, every body as the schema says.

(The Python API rather than `@schema.parametrize()`: schemathesis's lazy pytest loader does not
work with pytest 9 yet, and the schema lives on pytest-django's live server.)
"""

import time

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.generation.modes import GenerationMode

from accounts.middleware import SIGNED_IN_AT
from accounts.sessions import SessionStore
from journeys.catalogue_data import load_catalogue
from journeys.models import StageDefinition, TaskDefinition
from tests.casestudies.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def catalogue(transactional_db):
    """Transactional tests start from an empty database: put back the stage catalogue (product data)."""
    load_catalogue(StageDefinition, TaskDefinition)
    CaseStudyFactory(name="Fuzz Libraries Mutual", slug="fuzz-libraries", summary="A library mutual.")


@pytest.fixture
def live_schema(catalogue, live_server, world, monkeypatch):
    # The fuzzer sends hundreds of requests a minute: this run is not about throttling.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute", "user": "100000/minute"})
    return schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")


def _session_cookies(user) -> dict:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SIGNED_IN_AT] = time.time()  # as at a real sign-in (the absolute session lifetime)
    session.save()
    return {django_settings.SESSION_COOKIE_NAME: session.session_key}


def _fuzz(operation, mode, cookies) -> str | None:
    @given(case=operation.as_strategy(generation_mode=mode, cookies=cookies))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
        report_multiple_bugs=False,
    )
    def run(case):
        case.call_and_validate()

    try:
        run()
    except Unsatisfiable:
        return None  # no invalid request exists for an operation without parameters
    except Exception as error:  # noqa: BLE001 - every failure is reported below, per operation
        return f"{operation.label} ({mode.value}): {error}"
    return None


@pytest.mark.parametrize("role", ["anonymous", "officer"])
def test_the_api_keeps_to_its_own_schema(live_schema, world, role):
    user = world.user(role)
    cookies = _session_cookies(user) if user else None
    operations = [result.ok() for result in live_schema.get_all_operations()]
    assert len(operations) >= 11
    failures = [
        failure
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if (failure := _fuzz(operation, mode, cookies))
    ]
    assert not failures, "\n\n".join(failures)
