"""Point 8 of issue #19: the council's published intention to consider a staff mutual, the basis of ground R8."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from challenges import services
from challenges.models import DecisionOutcome, EOIStatus, RejectionGround, StaffMutualIntention
from tests.factories import StaffGroupFactory
from tests.journeys.factories import make_journey

from .factories import EOIFactory, ServiceFactory

pytestmark = pytest.mark.django_db

R8 = RejectionGround.R8_STAFF_MUTUAL_PUBLISHED.value
INTENTION = {
    "statement": "The council intends to consider provision of its parks by a mutual its parks team proposes.",
    "proposed_body": "Parks team mutual",
    "published_on": date(2026, 3, 4),
    "where_published": "Cabinet report of 4 March 2026",
}
REJECT_R8 = {
    "outcome": DecisionOutcome.REJECTED,
    "grounds": [R8],
    "reasons": "The council is considering the parks team's mutual.",
    "wellbeing_considered": True,
    "decision_maker": "Sam Patel, Head of Commissioning",
    "delegated_authority": "Officer scheme of delegation, paragraph 4.2",
}


def test_an_officer_publishes_an_intention_linked_to_a_journey_shared_with_the_council(service, officer, council):
    shared = make_journey(group=StaffGroupFactory(parent_body=council), shared=True)
    intention = services.intention_publish(service=service, by=officer, journey=shared, **INTENTION)
    assert intention.journey == shared and intention.in_force
    assert intention.history.get().history_user == officer
    # A journey not shared with the council, or another council's, is refused.
    for journey in (
        make_journey(group=StaffGroupFactory(parent_body=council), shared=False),
        make_journey(shared=True),
    ):
        with pytest.raises(ValidationError) as error:
            services.intention_publish(service=service, by=officer, journey=journey, **INTENTION)
        assert "journey" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.intention_publish(service=ServiceFactory(), by=officer, **INTENTION)  # another council's service
    with pytest.raises(ValidationError) as error:
        services.intention_publish(
            service=service, by=officer, **{**INTENTION, "published_on": timezone.localdate() + timedelta(days=1)}
        )
    assert "published_on" in error.value.message_dict
    assert StaffMutualIntention.objects.count() == 1


def test_r8_is_refused_without_an_intention_and_cites_it_with_one(service, officer):
    eoi = EOIFactory(service=service, status=EOIStatus.UNDER_REVIEW)
    with pytest.raises(ValidationError) as error:
        services.decision_record(eoi=eoi, by=officer, **REJECT_R8)
    assert "published intention" in error.value.message_dict["grounds"][0]
    assert not eoi.decisions.exists()
    services.intention_publish(service=service, by=officer, **INTENTION)
    decision = services.decision_record(eoi=eoi, by=officer, **REJECT_R8)
    assert "Cabinet report of 4 March 2026" in decision.r8_intention
    cited = decision.cited_grounds()[0]
    assert cited["paragraph"] == 8 and "Parks team mutual" in cited["text"]


def test_a_withdrawn_intention_no_longer_supports_r8_but_decisions_keep_their_citation(service, officer):
    intention = services.intention_publish(service=service, by=officer, **INTENTION)
    decided = services.decision_record(
        eoi=EOIFactory(service=service, status=EOIStatus.UNDER_REVIEW), by=officer, **REJECT_R8
    )
    services.intention_withdraw(intention=intention, by=officer)
    with pytest.raises(ValidationError, match="already been withdrawn"):
        services.intention_withdraw(intention=intention, by=officer)
    assert services.intention_for(service) is None
    with pytest.raises(ValidationError):
        services.decision_record(
            eoi=EOIFactory(service=service, status=EOIStatus.UNDER_REVIEW), by=officer, **REJECT_R8
        )
    decided.refresh_from_db()
    assert "Parks team mutual" in decided.r8_intention


def test_the_decision_form_offers_r8_only_with_an_intention(client, service, officer):
    eoi = EOIFactory(service=service, status=EOIStatus.UNDER_REVIEW)
    client.force_login(officer)
    url = reverse("challenges:eoi_decide", args=[eoi.pk])
    assert f'value="{R8}"' not in client.get(url).content.decode()
    services.intention_publish(service=service, by=officer, **INTENTION)
    page = client.get(url).content.decode()
    assert f'value="{R8}"' in page and "Cabinet report of 4 March 2026" in page


def test_the_officer_records_and_withdraws_it_and_the_public_service_page_shows_it(client, service, officer, council):
    shared = make_journey(group=StaffGroupFactory(parent_body=council, name="Parks Team"), shared=True)
    make_journey(group=StaffGroupFactory(parent_body=council, name="Private Team"))
    client.force_login(officer)
    url = reverse("challenges:intention_publish", args=[service.pk])
    form = client.get(url).content.decode()
    assert "Parks Team" in form and "Private Team" not in form
    refused = client.post(url, {"proposed_body": "Parks team mutual"})
    assert "govuk-error-summary" in refused.content.decode()
    assert "Enter the intention the council published" in refused.content.decode()
    response = client.post(url, {**INTENTION, "published_on": "04/03/2026", "journey": str(shared.pk)})
    assert response["Location"] == reverse("challenges:service_edit", args=[service.pk])
    intention = StaffMutualIntention.objects.get()
    assert intention.journey == shared
    client.logout()
    public = client.get(reverse("challenges:service_detail", args=[service.pk])).content.decode()
    assert "The council intends to consider a staff mutual for this service" in public
    assert "ground R8" in public
    client.force_login(officer)
    client.post(reverse("challenges:intention_withdraw", args=[service.pk, intention.pk]))
    client.logout()
    public = client.get(reverse("challenges:service_detail", args=[service.pk])).content.decode()
    assert "The council intends to consider a staff mutual" not in public
