"""The Procurement Act 2023 s.33 check: a contract reserved to public service mutuals (DOMAIN.md section 5)."""

import pytest
from django.urls import reverse

from journeys import procurement
from journeys.models import JourneyEvent, ReservedContractCheck

ALL_MET = {
    "reservable_service": "yes",
    "max_term_months": "60",
    "comparable_contract": "no",
    "public_service_purpose": "yes",
    "profit_basis": "yes",
    "employee_control": "yes",
}


def _check(**answers):
    return ReservedContractCheck(**{**ALL_MET, "max_term_months": 60, **answers})


def test_every_condition_met_means_the_contract_can_be_reserved():
    items = procurement.conditions(_check())
    assert [item.status for item in items] == [procurement.MET] * 6
    assert procurement.outcome(items) == procurement.MET


@pytest.mark.parametrize(
    ("answers", "index", "reason"),
    [
        ({"reservable_service": "no"}, 0, "Only reservable light-touch services"),
        ({"max_term_months": 61}, 1, "The maximum term is 61 months: a reserved contract may last at most 60 months"),
        ({"comparable_contract": "yes"}, 2, "so it is not a qualifying mutual for this one"),
        ({"public_service_purpose": "no"}, 3, "mainly reservable light-touch services"),
        ({"profit_basis": "no"}, 4, "not-for-profit basis or distribute profits only to its members"),
        ({"employee_control": "no"}, 5, "management and control of its employees"),
    ],
)
def test_each_condition_not_met_says_why_and_the_contract_cannot_be_reserved(answers, index, reason):
    items = procurement.conditions(_check(**answers))
    assert items[index].status == procurement.NOT_MET and reason in items[index].reason
    assert [item.status for i, item in enumerate(items) if i != index] == [procurement.MET] * 5
    assert procurement.outcome(items) == procurement.NOT_MET


def test_an_unknown_answer_leaves_the_outcome_not_known():
    items = procurement.conditions(_check(comparable_contract="not_known"))
    assert items[2].status == procurement.NOT_KNOWN
    assert procurement.outcome(items) == procurement.NOT_KNOWN


def test_a_member_completes_the_check_and_sees_each_condition(client, journey, member):
    client.force_login(member)
    url = reverse("journeys:reserved_check", args=[journey.pk])
    response = client.post(url, {})
    html = response.content.decode()
    assert "Select yes, no or not known yet" in html and 'href="#id_reservable_service' in html
    assert "Enter the maximum term in months" in html
    assert not ReservedContractCheck.objects.exists()
    assert client.post(url, {**ALL_MET, "max_term_months": "72"}).status_code == 302
    check = ReservedContractCheck.objects.get(journey=journey)
    assert check.checked_by == member
    html = client.get(url).content.decode()
    assert "At least one condition is not met" in html and "The maximum term is 72 months" in html
    assert html.count(">Met<") == 5 and html.count(">Not met<") == 1
    assert journey.events.filter(
        kind=JourneyEvent.Kind.PLAN, summary__contains="public service mutuals: not met"
    ).exists()
    html = client.get(reverse("journeys:transfer", args=[journey.pk])).content.decode()
    assert "Your last check: at least one condition is not met." in html


def test_a_reader_sees_the_check_but_has_no_form(client, journey, member, officer):
    journey.shared_with_council = True
    journey.save()
    client.force_login(member)
    client.post(reverse("journeys:reserved_check", args=[journey.pk]), ALL_MET)
    client.force_login(officer)
    html = client.get(reverse("journeys:reserved_check", args=[journey.pk])).content.decode()
    assert "Every condition is met" in html and 'name="reservable_service"' not in html
