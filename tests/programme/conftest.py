import pytest

from accounts.models import User
from programme.models import Programme
from tests.factories import PublicBodyFactory, UserFactory
from tests.journeys.factories import make_journey


@pytest.fixture
def other_adviser(cabinet_office):
    return UserFactory(
        email="adviser2@example.test", full_name="Ben Adviser", role=User.Role.ADVISER, public_body=cabinet_office
    )


@pytest.fixture
def council(db):
    return PublicBodyFactory(name="Kingsmere County Council")


@pytest.fixture
def programme(db):
    return Programme.objects.create(name="Mutuals Support Programme")


@pytest.fixture
def supported_journey(db):
    return make_journey(supported=True)


@pytest.fixture
def adviser_client(client, adviser):
    client.force_login(adviser, backend="django.contrib.auth.backends.ModelBackend")
    return client
