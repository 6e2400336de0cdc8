"""A staff group's expression of interest from its journey (issue #19 point 2): the lead starts it as "two or
more employees of the authority" (Localism Act 2011 s.81(6)(d)) with the staff-engagement content; the EOI
and the journey link both ways; members follow it; the council's officer handles it like any other."""

import uuid

import pytest
from django.urls import reverse

from accounts.models import PublicBody, User
from challenges import services
from challenges.models import BodyType, EOIStatus, ExpressionOfInterest, JourneyEOI
from journeys.models import Membership
from tests.factories import MembershipFactory, PublicBodyFactory, StaffGroupFactory, UserFactory, signed_in_client
from tests.journeys.factories import make_journey

from .factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(council):
    group = StaffGroupFactory(name="Libraries Mutual Group", parent_body=council)
    lead = MembershipFactory(group=group, role=Membership.Role.LEAD, user__full_name="Lee Lead").user
    return make_journey(group=group, lead=lead)


def _lead(journey):
    return Membership.objects.get(group=journey.group, role=Membership.Role.LEAD).user


def _start(client, journey, chosen, **overrides):
    data = {
        "token": str(uuid.uuid4()),
        "service": chosen.pk,
        "supporting_employees": "14",
        "staff_engagement": "Three open meetings and a staff survey; a staff seat on the board.",
        **overrides,
    }
    return client.post(reverse("challenges:journey_eoi_start", args=[journey.pk]), data)


def test_the_lead_starts_an_eoi_from_the_journey_and_both_link(journey, council):
    service = ServiceFactory(council=council, name="Libraries")
    lead = _lead(journey)
    client = signed_in_client(lead)
    overview = client.get(reverse("journeys:overview", args=[journey.pk])).content.decode()
    start_url = reverse("challenges:journey_eoi_start", args=[journey.pk])
    assert start_url in overview
    page = client.get(start_url)
    assert page.status_code == 200 and "Libraries" in page.content.decode()
    assert not ExpressionOfInterest.objects.exists()  # nothing until saved

    response = _start(client, journey, service)
    eoi = ExpressionOfInterest.objects.get()
    assert response["Location"] == reverse("challenges:eoi_edit", args=[eoi.pk])
    assert (eoi.body_type, eoi.body_name, eoi.submitted_by) == (BodyType.STAFF2, "Libraries Mutual Group", lead)
    assert eoi.staff_engagement.startswith("Three open meetings")
    link = JourneyEOI.objects.get(eoi=eoi)
    assert (link.journey, link.supporting_employees) == (journey, 14)
    # The journey shows it; the EOI's page links back to the journey.
    overview = client.get(reverse("journeys:overview", args=[journey.pk])).content.decode()
    assert eoi.reference in overview and reverse("challenges:my_eoi_detail", args=[eoi.pk]) in overview
    detail = client.get(reverse("challenges:my_eoi_detail", args=[eoi.pk])).content.decode()
    assert reverse("journeys:overview", args=[journey.pk]) in detail and "Supported by 14 employees" in detail
    # The type of body stays "two or more employees" whatever the edit form posts.
    edit = reverse("challenges:eoi_edit", args=[eoi.pk])
    client.post(edit, {"body_type": BodyType.CHARITY, "body_name": "Libraries Mutual Group", "capability": "Yes"})
    eoi.refresh_from_db()
    assert eoi.body_type == BodyType.STAFF2 and eoi.capability == "Yes"


def test_a_member_follows_it_but_only_the_lead_starts_or_edits(journey, council):
    service = ServiceFactory(council=council)
    member = MembershipFactory(group=journey.group).user
    assert _start(signed_in_client(member), journey, service).status_code == 403
    eoi = services.eoi_start_from_journey(
        journey=journey,
        user=_lead(journey),
        service=service,
        staff_engagement="Meetings",
        supporting_employees=5,
        token=uuid.uuid4(),
    )
    client = signed_in_client(member)
    assert client.get(reverse("challenges:my_eoi_detail", args=[eoi.pk])).status_code == 200
    assert client.get(reverse("challenges:eoi_edit", args=[eoi.pk])).status_code == 403
    assert eoi.reference in client.get(reverse("journeys:overview", args=[journey.pk])).content.decode()
    # Another group's lead sees nothing of it.
    other_lead = MembershipFactory(group=StaffGroupFactory(), role=Membership.Role.LEAD).user
    assert signed_in_client(other_lead).get(reverse("challenges:my_eoi_detail", args=[eoi.pk])).status_code == 403


def test_the_council_officer_handles_it_like_any_eoi(journey, council):
    service = ServiceFactory(council=council)
    lead = _lead(journey)
    eoi = services.eoi_start_from_journey(
        journey=journey,
        user=lead,
        service=service,
        staff_engagement="Meetings",
        supporting_employees=5,
        token=uuid.uuid4(),
    )
    for field in (
        "financial_resources",
        "capability",
        "service_and_area",
        "outcomes_wellbeing",
        "outcomes_users_needs",
    ):
        setattr(eoi, field, "Given.")
    eoi.save()
    services.eoi_submit(eoi_id=eoi.pk, by=lead)
    officer = UserFactory(role=User.Role.OFFICER, public_body=council)
    services.eoi_acknowledge(eoi=ExpressionOfInterest.objects.get(pk=eoi.pk), by=officer)
    review = signed_in_client(officer).get(reverse("challenges:eoi_review", args=[eoi.pk])).content.decode()
    assert "Supported by 5 employees" in review
    assert ExpressionOfInterest.objects.get(pk=eoi.pk).status == EOIStatus.ACKNOWLEDGED


def test_bad_input_is_refused_with_clear_errors_and_nothing_created(journey, council):
    other_council_service = ServiceFactory(council=PublicBodyFactory(name="Elsewhere Council"))
    client = signed_in_client(_lead(journey))
    service = ServiceFactory(council=council)
    for overrides, message in [
        ({"service": other_council_service.pk}, "Select one of the council&#x27;s services"),
        ({"supporting_employees": "1"}, "At least two employees must support it"),
        ({"staff_engagement": ""}, "Describe how the group engaged and will engage other affected employees"),
    ]:
        response = _start(client, journey, service, **overrides)
        page = response.content.decode()
        assert response.status_code == 200 and "govuk-error-summary" in page and message in page
    assert not ExpressionOfInterest.objects.exists() and not JourneyEOI.objects.exists()


def test_no_start_link_when_the_group_works_for_a_body_that_is_not_a_council(council):
    nhs = PublicBodyFactory(name="Riverside NHS Trust", kind=PublicBody.Kind.NHS)
    group = StaffGroupFactory(parent_body=nhs)
    lead = MembershipFactory(group=group, role=Membership.Role.LEAD).user
    journey = make_journey(group=group, lead=lead)
    client = signed_in_client(lead)
    assert (
        reverse("challenges:journey_eoi_start", args=[journey.pk])
        not in client.get(reverse("journeys:overview", args=[journey.pk])).content.decode()
    )
    assert client.get(reverse("challenges:journey_eoi_start", args=[journey.pk])).status_code == 403
