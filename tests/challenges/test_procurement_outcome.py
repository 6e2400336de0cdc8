"""Point 7 of issue #19: after acceptance, the procurement under the Procurement Act 2023 and what it led to."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from challenges import services
from challenges.models import (
    ChallengeSettings,
    DecisionOutcome,
    EOIStatus,
    EOIStatusChange,
    ProcurementExercise,
    ProcurementProcedure,
    ProcurementResult,
)
from tests.factories import PublicBodyFactory, UserFactory
from tests.reveals import revealed_by

from .factories import EOIFactory, ServiceFactory

pytestmark = pytest.mark.django_db

ACCEPT = {
    "outcome": DecisionOutcome.ACCEPTED,
    "grounds": [],
    "reasons": "",
    "wellbeing_considered": True,
    "decision_maker": "Sam Patel, Head of Commissioning",
    "delegated_authority": "Officer scheme of delegation, paragraph 4.2",
}


@pytest.fixture
def council():
    council = PublicBodyFactory(name="Procuring Council")
    # No minimum period: the procurement may start on the day of the decision (so an award can be today).
    ChallengeSettings.objects.create(council=council, procurement_min_days=0, procurement_max_days=365)
    return council


@pytest.fixture
def eoi(council, officer):
    eoi = EOIFactory(service=ServiceFactory(council=council), status=EOIStatus.UNDER_REVIEW, body_name="Parks Trust")
    decision = services.decision_record(eoi=eoi, by=officer, **ACCEPT)
    services.decision_publish(decision=decision, by=officer)
    eoi.refresh_from_db()
    return eoi


def _start(eoi, officer, **overrides):
    data = {
        "starts_on": timezone.localdate(),
        "social_value_considered": True,
        "social_value_notes": "",
        "procedure": ProcurementProcedure.COMPETITIVE_FLEXIBLE,
    }
    data.update(overrides)
    return services.procurement_record(eoi=eoi, by=officer, **data)


def _refused(field, call, *args, **kwargs):
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    assert field in error.value.message_dict, error.value.message_dict
    return error.value.message_dict[field]


# --- the procedure and the notice ----------------------------------------------------


def test_the_procedure_is_required_and_must_fit_the_law_in_force(eoi, officer):
    _refused("procedure", _start, eoi, officer, procedure="")
    # The Public Contracts Regulations 2015 only carry on procurements begun before 24 February 2025.
    message = _refused("procedure", _start, eoi, officer, procedure=ProcurementProcedure.PCR_2015)
    assert message == ["A procurement starting on or after 24 February 2025 follows the Procurement Act 2023"]
    _refused("direct_award_justification", _start, eoi, officer, procedure=ProcurementProcedure.DIRECT_AWARD)
    _refused("direct_award_justification", _start, eoi, officer, direct_award_justification="Urgency")
    # s.33 reserves a contract in a competitive procedure, never in a direct award.
    _refused(
        "reserved_to_mutuals",
        _start,
        eoi,
        officer,
        procedure=ProcurementProcedure.DIRECT_AWARD,
        direct_award_justification="Schedule 5 paragraph 13: extreme urgency",
        reserved_to_mutuals=True,
    )
    assert not ProcurementExercise.objects.exists()
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.ACCEPTED


@pytest.mark.parametrize(
    "identifier",
    ["2025/S 000-012345", "12345-2026", "0123456-2026", "012345/2026", "012345-2020", "ocds-h6vhtk-0566ef"],
)
def test_a_notice_identifier_in_another_format_is_refused(eoi, officer, identifier):
    message = _refused(
        "notice_identifier",
        _start,
        eoi,
        officer,
        notice_identifier=identifier,
        notice_published_on=timezone.localdate(),
    )
    assert "6 digits, a hyphen and the year" in message[0]


def test_the_notice_needs_its_date_in_the_year_of_its_identifier(eoi, officer):
    today = timezone.localdate()
    _refused("notice_published_on", _start, eoi, officer, notice_identifier=f"012345-{today.year}")
    _refused("notice_identifier", _start, eoi, officer, notice_published_on=today)
    _refused(
        "notice_identifier",
        _start,
        eoi,
        officer,
        notice_identifier=f"012345-{today.year - 1}",
        notice_published_on=today,
    )
    _refused(
        "notice_published_on",
        _start,
        eoi,
        officer,
        notice_identifier=f"012345-{today.year}",
        notice_published_on=today - timedelta(days=1),  # before the procurement started
    )


def test_a_procurement_with_its_notice_is_recorded_and_logged(eoi, officer):
    today = timezone.localdate()
    exercise = _start(
        eoi, officer, reserved_to_mutuals=True, notice_identifier=f"041267-{today.year}", notice_published_on=today
    )
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.PROCUREMENT_STARTED
    assert exercise.notice_url == f"https://www.find-tender.service.gov.uk/Notice/041267-{today.year}"
    assert exercise.history.get().history_user == officer
    change = eoi.status_changes.get(to_status=EOIStatus.PROCUREMENT_STARTED)
    assert change.changed_by == officer and "Competitive flexible procedure" in change.note


# --- the outcome -------------------------------------------------------------------


def _award(exercise, officer, **overrides):
    today = timezone.localdate()
    data = {
        "result": ProcurementResult.AWARDED,
        "awarded_on": today,
        "winning_supplier": "Parks Trust",
        "winner_is_challenger": True,
        "contract_value": Decimal("1250000"),
        "contract_starts_on": today + timedelta(days=30),
        "contract_ends_on": date(today.year + 3, today.month, 1) + timedelta(days=29),
    }
    data.update(overrides)
    return services.procurement_record_result(exercise=exercise, by=officer, **data)


def test_an_award_needs_every_detail(eoi, officer):
    exercise = _start(eoi, officer)
    for field in ("awarded_on", "winning_supplier", "winner_is_challenger", "contract_value", "contract_starts_on"):
        _refused(field, _award, exercise, officer, **{field: None if field != "winning_supplier" else " "})
    today = timezone.localdate()
    _refused("awarded_on", _award, exercise, officer, awarded_on=today - timedelta(days=1))  # before the start
    _refused("awarded_on", _award, exercise, officer, awarded_on=today + timedelta(days=1))  # not yet
    _refused("contract_starts_on", _award, exercise, officer, contract_starts_on=today - timedelta(days=1))
    _refused("contract_ends_on", _award, exercise, officer, contract_ends_on=today + timedelta(days=30))
    _refused("contract_value", _award, exercise, officer, contract_value=Decimal("-1"))
    _refused("result", _award, exercise, officer, result="")
    exercise.refresh_from_db()
    assert not exercise.has_result and exercise.history.count() == 1


def test_a_contract_reserved_to_mutuals_lasts_five_years_at_most(eoi, officer):
    exercise = _start(eoi, officer, reserved_to_mutuals=True)
    starts = date(2027, 4, 1)
    message = _refused(
        "contract_ends_on", _award, exercise, officer, contract_starts_on=starts, contract_ends_on=date(2032, 4, 1)
    )
    assert "5 years at most" in message[0]
    exercise = _award(exercise, officer, contract_starts_on=starts, contract_ends_on=date(2032, 3, 31))
    assert exercise.term_months == 60


def test_the_outcome_is_recorded_once_with_who_and_when(eoi, officer):
    exercise = _start(eoi, officer)
    exercise = _award(exercise, officer, winner_is_challenger=False, winning_supplier="Big Facilities plc")
    assert (exercise.result_recorded_by, exercise.result) == (officer, ProcurementResult.AWARDED)
    latest = exercise.history.first()
    assert latest.history_user == officer and latest.result == ProcurementResult.AWARDED
    note = EOIStatusChange.objects.filter(eoi=eoi).latest("changed_at", "pk").note
    assert "Big Facilities plc (another supplier)" in note
    with pytest.raises(ValidationError, match="already been recorded"):
        _award(exercise, officer)


def test_no_award_needs_a_reason_and_no_award_details(eoi, officer):
    exercise = _start(eoi, officer)
    _refused("result_notes", services.procurement_record_result, exercise=exercise, by=officer, result="NOT_AWARDED")
    _refused(
        "result",
        services.procurement_record_result,
        exercise=exercise,
        by=officer,
        result="NOT_AWARDED",
        result_notes="No compliant tenders",
        winning_supplier="Someone",
    )
    exercise = services.procurement_record_result(
        exercise=exercise, by=officer, result="NOT_AWARDED", result_notes="No compliant tenders"
    )
    assert exercise.result == ProcurementResult.NOT_AWARDED


def test_another_councils_officer_cannot_record_the_outcome(eoi, officer):
    exercise = _start(eoi, officer)
    stranger = UserFactory(role=User.Role.OFFICER, public_body=PublicBodyFactory())
    with pytest.raises(services.ConflictOfInterest):
        _award(exercise, stranger)


# --- pages, register and open data -------------------------------------------------------


def test_an_officer_records_the_procurement_and_its_outcome_and_the_register_shows_it(client, eoi, officer):
    client.force_login(officer)
    today = timezone.localdate()
    day = today.strftime("%d/%m/%Y")
    start_url = reverse("challenges:procurement_record", args=[eoi.pk])
    form = client.get(start_url).content.decode()
    assert "Competitive flexible procedure" in form and "Find a Tender notice identifier" in form
    refused = client.post(
        start_url,
        {
            "starts_on": day,
            "procedure": "OPEN",
            "reserved_to_mutuals": "no",
            "social_value_considered": "yes",
            "notice_identifier": "2025/S 000-012345",
            "notice_published_on": day,
        },
    )
    assert "govuk-error-summary" in refused.content.decode() and "6 digits, a hyphen" in refused.content.decode()
    assert not ProcurementExercise.objects.exists()
    done = client.post(
        start_url,
        {
            "starts_on": day,
            "procedure": "OPEN",
            "reserved_to_mutuals": "yes",
            "social_value_considered": "yes",
            "notice_identifier": f"041267-{today.year}",
            "notice_published_on": day,
        },
    )
    assert done["Location"] == reverse("challenges:eoi_review", args=[eoi.pk])
    review = client.get(done["Location"]).content.decode()
    assert "Reserved to public service mutuals" in review
    result_url = reverse("challenges:procurement_result", args=[eoi.pk])
    assert result_url in review
    page = client.get(result_url).content.decode()
    assert "notice_identifier" not in page  # already given
    incomplete = client.post(result_url, {"result": "AWARDED", "awarded_on": day})
    assert "Enter the name of the winning supplier" in incomplete.content.decode()
    ends = date(today.year + 2, 12, 31).strftime("%d/%m/%Y")
    recorded = client.post(
        result_url,
        {
            "result": "AWARDED",
            "awarded_on": day,
            "winning_supplier": "Parks Trust",
            "winner_is_challenger": "yes",
            "contract_value": "1250000",
            "contract_starts_on": day,
            "contract_ends_on": ends,
        },
    )
    assert recorded.status_code == 302
    assert client.get(result_url).status_code == 403  # recorded once
    client.logout()
    register = client.get(reverse("challenges:register")).content.decode()
    assert "What the challenge led to" in register
    assert "Contract awarded on" in register and "(the body that made the expression of interest)" in register
    assert f"041267-{today.year}" in register
    rows = json.loads(client.get(reverse("challenges:register_json")).content)
    row = rows[0] if isinstance(rows, list) else rows["decisions"][0]
    assert row["procurement"]["result"] == "AWARDED" and row["procurement"]["winner_is_challenger"] is True
    csv_text = client.get(reverse("challenges:register_csv")).content.decode()
    assert "Procurement outcome" in csv_text and "Contract awarded" in csv_text
    api = client.get(reverse("api-decision-list", kwargs={"version": "v1"})).json()
    outcome = api["results"][0]["procurement"]
    assert outcome["procedure"] == "OPEN" and outcome["reserved_to_public_service_mutuals"] is True
    assert outcome["notice_identifier"] == f"041267-{today.year}"
    assert (outcome["winning_supplier"], outcome["contract_value"]) == ("Parks Trust", "1250000.00")


def test_the_register_shows_no_outcome_before_procurement(client, eoi):
    register = client.get(reverse("challenges:register")).content.decode()
    assert "What the challenge led to" not in register
    api = client.get(reverse("api-decision-list", kwargs={"version": "v1"})).json()
    assert api["results"][0]["procurement"] is None


def test_each_either_or_question_reveals_its_own_follow_up(client, eoi, officer):
    """Issue #25, point 6: the justification under a direct award; the award's details under "Contract awarded"
    and the reason under "No contract awarded"."""
    client.force_login(officer)
    start = client.get(reverse("challenges:procurement_record", args=[eoi.pk])).content.decode()
    assert 'name="direct_award_justification"' in revealed_by(start, "procedure", "DIRECT_AWARD")
    assert revealed_by(start, "procedure", "OPEN") is None
    assert start.count('name="direct_award_justification"') == 1

    services.procurement_record(eoi=eoi, by=officer, **_start_fields())
    result = client.get(reverse("challenges:procurement_result", args=[eoi.pk])).content.decode()
    awarded = revealed_by(result, "result", "AWARDED")
    for name in ("awarded_on", "winning_supplier", "winner_is_challenger", "contract_value", "contract_ends_on"):
        assert f'name="{name}' in awarded
    assert 'name="result_notes"' not in awarded
    assert 'name="result_notes"' in revealed_by(result, "result", "NOT_AWARDED")


def _start_fields():
    today = timezone.localdate()
    return {
        "starts_on": today,
        "procedure": ProcurementProcedure.OPEN,
        "reserved_to_mutuals": False,
        "social_value_considered": True,
        "social_value_notes": "",
    }


def test_answers_under_an_outcome_not_chosen_are_dropped_not_refused(client, eoi, officer):
    client.force_login(officer)
    day = timezone.localdate().strftime("%d/%m/%Y")
    started = client.post(
        reverse("challenges:procurement_record", args=[eoi.pk]),
        {
            "starts_on": day,
            "procedure": "OPEN",
            "reserved_to_mutuals": "no",
            "social_value_considered": "yes",
            "direct_award_justification": "Typed before choosing the open procedure",
        },
    )
    assert started.status_code == 302, started.content.decode()
    assert ProcurementExercise.objects.get().direct_award_justification == ""

    ended = client.post(
        reverse("challenges:procurement_result", args=[eoi.pk]),
        {
            "result": "NOT_AWARDED",
            "result_notes": "No compliant bids were received.",
            "winning_supplier": "Typed before changing the answer",
            "winner_is_challenger": "yes",
            "contract_value": "1000",
        },
    )
    assert ended.status_code == 302, ended.content.decode()
    exercise = ProcurementExercise.objects.get()
    assert exercise.result == ProcurementResult.NOT_AWARDED
    assert (exercise.winning_supplier, exercise.winner_is_challenger, exercise.contract_value) == ("", None, None)
    assert exercise.result_notes == "No compliant bids were received."
