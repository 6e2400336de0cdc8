"""The journeys tests use the shared journey, lead, member and adviser of tests/conftest.py; here are
the people only they need."""

import pytest

from accounts.models import User
from tests.factories import UserFactory
from tests.journeys.factories import make_journey


@pytest.fixture
def officer(journey):
    return UserFactory(email="officer@example.test", role=User.Role.OFFICER, public_body=journey.group.parent_body)


@pytest.fixture
def other_journey(db):
    return make_journey()
