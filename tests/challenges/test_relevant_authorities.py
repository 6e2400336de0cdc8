"""Point 3 of issue #19: England only, relevant authorities only (Localism Act 2011 s.81(2); SI 2012/1647 reg 3)."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import PublicBody, User
from challenges import services
from challenges.models import ChallengeableService, ExpressionOfInterest, not_a_relevant_authority
from tests.factories import PublicBodyFactory, UserFactory

from .factories import BodyUserFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("tier", "region", "ons_code", "refused"),
    [
        (PublicBody.Tier.COUNTY, "east", "E10000003", False),
        (PublicBody.Tier.METROPOLITAN, "north_west", "E08000001", False),
        (PublicBody.Tier.FIRE, "south_west", "", False),
        (PublicBody.Tier.UNITARY, "wales", "W06000015", True),
        (PublicBody.Tier.UNITARY, "", "S12000036", True),
        (PublicBody.Tier.NHS_TRUST, "london", "", True),
        ("", "", "", False),  # not known: not refused on that account
    ],
)
def test_only_english_relevant_authorities(tier, region, ons_code, refused):
    council = PublicBodyFactory(tier=tier, region=region, ons_code=ons_code)
    assert bool(not_a_relevant_authority(council)) == refused


def test_a_body_outside_england_cannot_publish_services_or_receive_eois(client):
    cardiff = PublicBodyFactory(name="Cardiff Council", tier=PublicBody.Tier.UNITARY, region="wales")
    officer = UserFactory(role=User.Role.OFFICER, public_body=cardiff)
    client.force_login(officer)
    response = client.post(
        reverse("challenges:service_create"), {"name": "Parks", "description": "Parks.", "published": "on"}
    )
    assert "This service cannot be published: Cardiff Council is not in England" in response.content.decode()
    assert not ChallengeableService.objects.exists()
    service = ServiceFactory(council=cardiff)  # listed before the rule
    body = BodyUserFactory()
    with pytest.raises(ValidationError, match="not in England"):
        services.eoi_create_draft(service=service, user=body, token=uuid.uuid4())
    with pytest.raises(ValidationError, match="not in England"):
        services.eoi_start_unlisted(council=cardiff, name="Libraries", description="x", user=body, token=uuid.uuid4())
    assert not ExpressionOfInterest.objects.exists()
