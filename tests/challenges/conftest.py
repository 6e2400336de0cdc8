"""The people most Right to Challenge tests need: a council, one of its officers and a relevant body's
account. A module defines its own when it needs something particular (a name it checks, settings)."""

import pytest

from accounts.models import User
from tests.factories import PublicBodyFactory, UserFactory

from .factories import BodyUserFactory


@pytest.fixture
def council():
    return PublicBodyFactory(name="Challenge Council")


@pytest.fixture
def officer(council):
    return UserFactory(role=User.Role.OFFICER, public_body=council, full_name="Olive Officer")


@pytest.fixture
def body():
    return BodyUserFactory()
