import pytest

from accounts.models import User
from journeys.models import Membership
from tests.factories import MembershipFactory, PublicBodyFactory, StaffGroupFactory, UserFactory
from tests.journeys.factories import make_journey


@pytest.fixture
def lead(db):
    return UserFactory(email="lead@example.test", full_name="Lena Lead")


@pytest.fixture
def journey(lead):
    group = StaffGroupFactory(name="Libraries group", parent_body=PublicBodyFactory(name="Northbridge"))
    MembershipFactory(group=group, user=lead, role=Membership.Role.LEAD)
    return make_journey(group=group, lead=lead)


@pytest.fixture
def member(journey):
    return MembershipFactory(group=journey.group, user__email="member@example.test").user


@pytest.fixture
def adviser(db):
    co = PublicBodyFactory(name="Cabinet Office", kind="central")
    return UserFactory(email="adviser@example.test", role=User.Role.ADVISER, public_body=co)


@pytest.fixture
def officer(journey):
    return UserFactory(email="officer@example.test", role=User.Role.OFFICER, public_body=journey.group.parent_body)


@pytest.fixture
def other_journey(db):
    return make_journey()
