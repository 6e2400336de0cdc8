from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from journeys.gates import missing_for_stage
from journeys.models import Ballot, BoardSeat, MutualDesign, Risk, Stage, TransferPlan
from tests.reveals import radio_values, revealed_by


@pytest.mark.parametrize(
    ("eligible", "votes_for", "against", "support", "turnout"),
    [
        (96, 71, 9, Decimal("88.8"), Decimal("83.3")),
        (10, 10, 0, Decimal("100.0"), Decimal("100.0")),
        (40, 0, 0, None, Decimal("0.0")),
        (3, 1, 2, Decimal("33.3"), Decimal("100.0")),
    ],
)
def test_support_and_turnout_are_computed(journey, eligible, votes_for, against, support, turnout):
    ballot = Ballot(
        journey=journey, held_on=date(2026, 1, 1), eligible=eligible, votes_for=votes_for, votes_against=against
    )
    assert ballot.support_percent == support
    assert ballot.turnout_percent == turnout


def test_votes_cannot_exceed_eligible_staff_even_bypassing_forms(journey):
    ballot = Ballot(journey=journey, held_on=date(2026, 1, 1), eligible=10, votes_for=8, votes_against=3)
    with pytest.raises(ValidationError):
        ballot.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        ballot.save()


def test_recording_a_ballot_through_the_page(client, journey, member):
    client.force_login(member)
    url = reverse("journeys:ballot_new", args=[journey.pk])
    data = {
        "kind": "ballot",
        "held_on_0": "3",
        "held_on_1": "6",
        "held_on_2": "2026",
        "eligible": "50",
        "votes_for": "30",
        "votes_against": "25",
    }
    response = client.post(url, data)
    html = response.content.decode()
    assert "Votes for and against add up to 55, more than the 50 eligible staff" in html
    assert html.count("Votes for and against add up") == 2  # summary and field, once each
    assert 'value="30"' in html and not Ballot.objects.exists()
    response = client.post(url, {**data, "votes_against": "10"}, follow=True)
    html = response.content.decode()
    assert "75.0% of votes cast" in html and "80.0% (40 of 50)" in html
    assert journey.events.filter(summary__contains="75.0% support").exists()


def test_a_ballot_in_the_future_is_refused(client, journey, member):
    client.force_login(member)
    future = date.today() + timedelta(days=3)
    response = client.post(
        reverse("journeys:ballot_new", args=[journey.pk]),
        {
            "kind": "survey",
            "held_on_0": future.day,
            "held_on_1": future.month,
            "held_on_2": future.year,
            "eligible": "5",
            "votes_for": "1",
            "votes_against": "1",
        },
    )
    assert "must be today or in the past" in response.content.decode()


@pytest.mark.parametrize(("day", "month", "year"), [("31", "2", "2026"), ("1", "1", "9" * 20), ("9" * 20, "1", "2026")])
def test_a_date_that_cannot_exist_is_an_error_on_the_page_not_a_server_error(client, journey, member, day, month, year):
    client.force_login(member)
    response = client.post(
        reverse("journeys:ballot_new", args=[journey.pk]),
        {
            "kind": "survey",
            "held_on_0": day,
            "held_on_1": month,
            "held_on_2": year,
            "eligible": "5",
            "votes_for": "1",
            "votes_against": "1",
        },
    )
    assert response.status_code == 200
    assert "The date held must be a real date" in response.content.decode()
    assert not Ballot.objects.exists()


def test_choosing_a_legal_form_shows_plain_english_help_and_a_summary(client, journey, member):
    client.force_login(member)
    url = reverse("journeys:design_edit", args=[journey.pk])
    html = client.get(url).content.decode()
    assert "Community benefit society" in html and "Formerly an industrial and provident society" in html
    response = client.post(url, {"legal_form": "NOT_A_FORM", "ownership_model": ""})
    assert "Select an ownership model" in response.content.decode()
    client.post(url, {"legal_form": "COOP_SOC", "ownership_model": "EMPLOYEE_OWNED", "notes": "Like Leading Lives"})
    design = MutualDesign.objects.get(journey=journey)
    assert design.get_legal_form_display() == "Co-operative society"
    html = client.get(reverse("journeys:design", args=[journey.pk])).content.decode()
    assert "Co-operative society" in html and "Employee-owned" in html


def test_board_seats_are_saved_by_constituency_with_a_total(client, journey, member):
    client.force_login(member)
    url = reverse("journeys:governance_edit", args=[journey.pk])
    response = client.post(url, {"staff": "", "users": "", "community": "", "commissioner": "", "independent": ""})
    assert "Enter at least one board seat" in response.content.decode()
    response = client.post(url, {"staff": "-1", "users": "x"})
    html = response.content.decode()
    assert "Staff seats cannot be negative" in html and "service users seats as a whole number" in html
    client.post(url, {"staff": "4", "users": "2", "independent": "1"})
    assert dict(BoardSeat.objects.values_list("constituency", "seats")) == {"staff": 4, "users": 2, "independent": 1}
    html = client.get(reverse("journeys:governance", args=[journey.pk])).content.decode()
    assert "<strong>7</strong>" in html
    client.post(url, {"staff": "5"})
    assert dict(BoardSeat.objects.values_list("constituency", "seats")) == {"staff": 5}


def test_a_risk_score_is_likelihood_times_impact(client, journey, member):
    client.force_login(member)
    url = reverse("journeys:risk_new", args=[journey.pk])
    response = client.post(
        url, {"title": "Loss of contract", "owner": "Chair", "likelihood": "6", "impact": "3", "mitigation": "x"}
    )
    assert "must be a number between 1 and 5" in response.content.decode()
    client.post(
        url,
        {"title": "Loss of contract", "owner": "Chair", "likelihood": "4", "impact": "5", "mitigation": "Diversify"},
    )
    risk = Risk.objects.get()
    assert risk.score == 20
    assert ">20<" in client.get(reverse("journeys:risks", args=[journey.pk])).content.decode()


TRANSFER_POST = {
    "procurement_route": "open",
    "right_to_challenge": "on",
    "contract_length_months": "60",
    "contract_value": "12500000",
    "go_live_on_0": "1",
    "go_live_on_1": "4",
    "go_live_on_2": "2028",
    "tupe_headcount": "88",
    "tupe_consultation_on_0": "5",
    "tupe_consultation_on_1": "1",
    "tupe_consultation_on_2": "2028",
    "eli_given_on_0": "2",
    "eli_given_on_1": "3",
    "eli_given_on_2": "2028",
    "pension_arrangement": "lgps_admitted",
    "lgps_security": "guarantee",
}


def test_the_transfer_plan_is_recorded_and_summarised(client, journey, member):
    client.force_login(member)
    url = reverse("journeys:transfer_edit", args=[journey.pk])
    response = client.post(url, {"procurement_route": "direct_award"})
    assert "Enter the go-live date" in response.content.decode()
    assert client.post(url, TRANSFER_POST).status_code == 302
    plan = TransferPlan.objects.get()
    assert plan.go_live_on == date(2028, 4, 1) and plan.eli_days_before_transfer == 30 and not plan.eli_problem
    html = client.get(reverse("journeys:transfer", args=[journey.pk])).content.decode()
    assert (
        "Open procedure (Procurement Act 2023)" in html
        and "Started by an accepted Community Right to Challenge" in html
    )
    assert "1 April 2028" in html and "12,500,000.00" in html and "2 March 2028 (30 days before the transfer)" in html
    assert "Security for the fund: a guarantee from the council" in html


def test_the_transfer_form_offers_current_routes_and_pensions_and_no_right_to_challenge_route(client, journey, member):
    client.force_login(member)
    html = client.get(reverse("journeys:transfer_edit", args=[journey.pk])).content.decode()
    for value in ("competitive_flexible", "open", "reserved_mutual", "direct_award", "provider_selection"):
        assert f'value="{value}"' in html
    assert 'value="right_to_challenge"' not in html and 'value="competitive_tender"' not in html
    assert "New Fair Deal" in html and "admission agreement" in html and "cessation debt" in html


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"procurement_route": "direct_award"},
            "direct_award_justification",
            "Enter the justification for the direct award",
        ),
        (
            {"procurement_route": "reserved_mutual"},
            "procurement_route",
            "A Right to Challenge leads to a procurement open to any bidder",
        ),
        ({"lgps_security": ""}, "lgps_security", "Select how the pension fund&#x27;s risk is covered"),
        ({"eli_given_on_1": "5"}, "eli_given_on", "Employee liability information must be given before the transfer"),
        (
            {"tupe_consultation_on_1": "4", "tupe_consultation_on_0": "2"},
            "tupe_consultation_on",
            "Consultation must start before",
        ),
    ],
)
def test_the_transfer_plan_refuses_what_the_law_does_not_allow(client, journey, member, change, field, message):
    client.force_login(member)
    response = client.post(reverse("journeys:transfer_edit", args=[journey.pk]), {**TRANSFER_POST, **change})
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert f'href="#id_{field}' in html  # the error summary links to the field
    assert not TransferPlan.objects.exists()  # nothing half-saved


def test_a_direct_award_is_saved_with_its_justification(client, journey, member):
    client.force_login(member)
    data = {
        **TRANSFER_POST,
        "procurement_route": "direct_award",
        "right_to_challenge": "",
        "direct_award_justification": "Schedule 5: only one supplier can provide it",
    }
    assert client.post(reverse("journeys:transfer_edit", args=[journey.pk]), data).status_code == 302
    html = client.get(reverse("journeys:transfer", args=[journey.pk])).content.decode()
    assert "Justification for the direct award" in html and "only one supplier can provide it" in html


def test_the_justification_and_the_fund_s_security_are_revealed_under_their_own_choice(client, journey, member):
    """Issue #25, point 6: either/or questions reveal their follow-up under the choice that needs it (GOV.UK
    conditional reveal); a choice that needs none controls no block."""
    client.force_login(member)
    html = client.get(reverse("journeys:transfer_edit", args=[journey.pk])).content.decode()

    routes = {value: revealed_by(html, "procurement_route", value) for value in radio_values(html, "procurement_route")}
    assert 'name="direct_award_justification"' in routes.pop("direct_award")
    assert set(routes) == {"competitive_flexible", "open", "reserved_mutual", "provider_selection"}
    assert set(routes.values()) == {None}
    pensions = {
        value: revealed_by(html, "pension_arrangement", value) for value in radio_values(html, "pension_arrangement")
    }
    assert 'name="lgps_security"' in pensions.pop("lgps_admitted")
    assert len(pensions) >= 2 and set(pensions.values()) == {None}
    assert html.count('name="direct_award_justification"') == 1 and html.count('name="lgps_security"') == 3


def test_answers_under_a_choice_not_made_are_not_kept(client, journey, member):
    client.force_login(member)
    data = {
        **TRANSFER_POST,
        "direct_award_justification": "Typed before choosing the open procedure",
        "pension_arrangement": "new_fair_deal",
        "lgps_security": "bond",
    }
    response = client.post(reverse("journeys:transfer_edit", args=[journey.pk]), data)
    assert response.status_code == 302, response.content.decode()
    plan = TransferPlan.objects.get()
    assert (plan.procurement_route, plan.direct_award_justification) == ("open", "")
    assert (plan.pension_arrangement, plan.lgps_security) == ("new_fair_deal", "")


def test_late_employee_liability_information_is_warned_on_the_plan_and_blocks_the_gate(client, journey, member):
    client.force_login(member)
    data = {**TRANSFER_POST, "eli_given_on_0": "20", "eli_given_on_1": "3"}  # 12 days before 1 April 2028
    assert client.post(reverse("journeys:transfer_edit", args=[journey.pk]), data).status_code == 302
    html = client.get(reverse("journeys:transfer", args=[journey.pk])).content.decode()
    assert "Employee liability information is given 12 days before the transfer: TUPE requires at least 28 days" in html
    missing = missing_for_stage(journey, Stage.TRANSFER)
    assert any("12 days before the transfer" in item for item in missing)


def test_the_transfer_gate_asks_for_the_tupe_dates(journey):
    TransferPlan.objects.create(
        journey=journey,
        procurement_route="open",
        contract_length_months=36,
        contract_value=1,
        go_live_on=date(2028, 4, 1),
        tupe_headcount=3,
        pension_arrangement="new_fair_deal",
    )
    missing = missing_for_stage(journey, Stage.TRANSFER)
    assert "Record in the transfer plan when consultation with staff representatives started (TUPE)" in missing
    assert "Record in the transfer plan when employee liability information is given (TUPE)" in missing


def test_plan_rows_of_another_journey_cannot_be_deleted(client, journey, other_journey, lead):
    risk = Risk.objects.create(journey=other_journey, title="x", owner="y", likelihood=1, impact=1, mitigation="z")
    client.force_login(lead)
    assert client.post(reverse("journeys:risk_delete", args=[journey.pk, risk.pk])).status_code == 404
    assert Risk.objects.filter(pk=risk.pk).exists()
