"""The people and the service most Right to Challenge tests need: a council, one of its officers, a
relevant body's account and one of the council's services. A module defines its own when it needs
something particular (a name it checks, settings), and says why."""

import pytest

from accounts.models import User
from tests.factories import PublicBodyFactory, UserFactory

from .factories import BodyUserFactory, ServiceFactory


@pytest.fixture
def council():
    return PublicBodyFactory(name="Challenge Council")


@pytest.fixture
def officer(council):
    return UserFactory(role=User.Role.OFFICER, public_body=council, full_name="Olive Officer")


@pytest.fixture
def body():
    return BodyUserFactory()


@pytest.fixture
def service(council):
    return ServiceFactory(council=council, name="Community centres")


@pytest.fixture
def signed_in(client, officer):
    """The test client, signed in as the council's officer."""
    client.force_login(officer)
    return client
