import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from journeys import services
from journeys.gates import missing_for_stage
from journeys.models import Ballot, BoardSeat, GateRequest, Journey, MutualDesign, Stage, StageChange, Task
from notifications.models import Notification
from tests.journeys.factories import add_gate_facts, advance_to, complete_required, ready_to_leave, task


def test_a_new_journey_lists_every_required_explore_task_as_missing(journey):
    missing = missing_for_stage(journey)
    required = Task.objects.filter(journey=journey, definition__stage__stage="explore", definition__required=True)
    assert len(missing) == required.count()
    assert all(item.startswith("Complete the task: ") for item in missing)


def test_explore_is_ready_when_its_required_tasks_are_done(journey, lead):
    complete_required(journey, Stage.EXPLORE, lead)
    assert missing_for_stage(journey) == []


def test_an_optional_task_is_never_missing(journey, lead):
    complete_required(journey, Stage.EXPLORE, lead)
    assert task(journey, "look-at-live-mutuals").status == Task.Status.NOT_STARTED
    assert missing_for_stage(journey) == []


@pytest.mark.parametrize(
    ("stage", "facts"),
    [
        (Stage.SUPPORT, ["Record a staff ballot or survey result"]),
        (
            Stage.DESIGN,
            ["Choose a legal form and an ownership model", "Record the board composition (seats by constituency)"],
        ),
        (
            Stage.BUSINESS_PLAN,
            [
                "Build the financial model: enter its assumptions",
                "Add at least one risk to the risk register",
            ],
        ),
        (Stage.TRANSFER, ["Record the contract route and the go-live date in the transfer plan"]),
    ],
)
def test_each_stage_lists_exactly_its_missing_gate_facts(journey, lead, stage, facts):
    advance_to(journey, stage, lead)
    complete_required(journey, stage, lead)
    assert missing_for_stage(journey) == facts
    add_gate_facts(journey, stage, lead)
    assert missing_for_stage(journey) == []


def test_design_needs_both_a_legal_form_and_board_seats(journey, lead):
    advance_to(journey, Stage.DESIGN, lead)
    complete_required(journey, Stage.DESIGN, lead)
    MutualDesign.objects.create(journey=journey, legal_form="CBS", ownership_model="EMPLOYEE_OWNED")
    assert missing_for_stage(journey) == ["Record the board composition (seats by constituency)"]
    BoardSeat.objects.create(journey=journey, constituency="users", seats=2)
    assert missing_for_stage(journey) == []


def test_a_lead_of_an_unsupported_journey_confirms_and_moves_on(journey, lead):
    ready_to_leave(journey, lead)
    gate = services.gate_request(journey=journey, by=lead, note="All done")
    journey.refresh_from_db()
    assert gate.status == GateRequest.Status.CONFIRMED
    assert journey.stage == Stage.SUPPORT
    change = StageChange.objects.get(journey=journey)
    assert (change.from_stage, change.to_stage, change.changed_by) == ("explore", "support", lead)


def test_a_gate_request_is_refused_while_something_is_missing(journey, lead):
    with pytest.raises(ValidationError) as error:
        services.gate_request(journey=journey, by=lead)
    assert "Complete the task: Name a senior sponsor" in error.value.messages
    journey.refresh_from_db()
    assert journey.stage == Stage.EXPLORE
    assert not GateRequest.objects.exists()


def test_a_supported_journey_waits_for_an_adviser_who_approves(journey, lead, adviser):
    Journey.objects.filter(pk=journey.pk).update(in_support_programme=True)
    journey.refresh_from_db()
    ready_to_leave(journey, lead)
    gate = services.gate_request(journey=journey, by=lead)
    journey.refresh_from_db()
    assert gate.status == GateRequest.Status.PENDING and journey.stage == Stage.EXPLORE
    with pytest.raises(ValidationError, match="already waiting"):
        services.gate_request(journey=journey, by=lead)

    services.gate_decide(gate=gate, by=adviser, approve=True, comments="Well evidenced")
    journey.refresh_from_db()
    gate.refresh_from_db()
    assert gate.status == GateRequest.Status.APPROVED and gate.decided_by == adviser
    assert journey.stage == Stage.SUPPORT
    assert StageChange.objects.get(journey=journey).changed_by == adviser


def test_an_adviser_returns_a_request_with_comments_and_the_lead_is_told(journey, lead, adviser):
    Journey.objects.filter(pk=journey.pk).update(in_support_programme=True)
    journey.refresh_from_db()
    ready_to_leave(journey, lead)
    gate = services.gate_request(journey=journey, by=lead)
    with pytest.raises(ValidationError):
        services.gate_decide(gate=gate, by=adviser, approve=False, comments="")
    services.gate_decide(gate=gate, by=adviser, approve=False, comments="Upload the signed appraisal")
    journey.refresh_from_db()
    assert journey.stage == Stage.EXPLORE
    assert GateRequest.objects.get().status == GateRequest.Status.RETURNED
    told = Notification.objects.get(recipient=lead, event_type="journeys.gate_decided")
    assert told.message == "Sign-off of Exploring options was returned with comments"
    assert told.url == reverse("journeys:gate", args=[journey.pk])


def test_the_final_stage_has_no_gate(journey, lead):
    Journey.objects.filter(pk=journey.pk).update(stage=Stage.SPUN_OUT)
    journey.refresh_from_db()
    with pytest.raises(ValidationError, match="final stage"):
        services.gate_request(journey=journey, by=lead)


def test_the_lead_goes_back_a_stage_with_a_reason(journey, lead):
    advance_to(journey, Stage.SUPPORT, lead)
    with pytest.raises(ValidationError):
        services.stage_go_back(journey=journey, by=lead, reason="")
    services.stage_go_back(journey=journey, by=lead, reason="Ballot was lost")
    journey.refresh_from_db()
    assert journey.stage == Stage.EXPLORE
    assert StageChange.objects.filter(journey=journey).first().note == "Ballot was lost"


def test_the_gate_page_lists_what_is_missing(client, journey, lead):
    client.force_login(lead)
    response = client.get(reverse("journeys:gate", args=[journey.pk]))
    assert "Complete the task: Name a senior sponsor" in response.content.decode()
    response = client.post(reverse("journeys:gate", args=[journey.pk]), {"note": ""})
    assert response.status_code == 200
    assert "Complete everything listed" in response.content.decode()


def test_a_member_cannot_request_a_gate(client, journey, lead, member):
    ready_to_leave(journey, lead)
    client.force_login(member)
    response = client.post(reverse("journeys:gate", args=[journey.pk]), {"note": ""})
    assert response.status_code == 403
    journey.refresh_from_db()
    assert journey.stage == Stage.EXPLORE


def test_the_lead_requests_through_the_page_and_the_timeline_shows_it(client, journey, lead):
    ready_to_leave(journey, lead)
    client.force_login(lead)
    response = client.post(reverse("journeys:gate", args=[journey.pk]), {"note": "Done"}, follow=True)
    assert "Your journey has moved to Building support" in response.content.decode()
    assert "Journey moved from Exploring options to Building support" in response.content.decode()


def test_an_adviser_cannot_decide_an_unsupported_journey(client, journey, lead, adviser):
    ready_to_leave(journey, lead)
    gate = GateRequest.objects.create(journey=journey, from_stage="explore", to_stage="support", requested_by=lead)
    client.force_login(adviser)
    response = client.post(reverse("journeys:gate_decide", args=[journey.pk, gate.pk]), {"decision": "approve"})
    assert response.status_code == 404


def test_an_adviser_approves_through_the_page(client, journey, lead, adviser):
    Journey.objects.filter(pk=journey.pk).update(in_support_programme=True)
    journey.refresh_from_db()
    ready_to_leave(journey, lead)
    gate = services.gate_request(journey=journey, by=lead)
    client.force_login(adviser)
    url = reverse("journeys:gate_decide", args=[journey.pk, gate.pk])
    response = client.post(url, {"decision": "return", "comments": ""})
    assert "Explain what the group needs to do" in response.content.decode()
    response = client.post(url, {"decision": "approve", "comments": ""})
    assert response.status_code == 302
    journey.refresh_from_db()
    assert journey.stage == Stage.SUPPORT


def test_a_ballot_alone_does_not_open_the_support_gate(journey, lead):
    advance_to(journey, Stage.SUPPORT, lead)
    Ballot.objects.create(journey=journey, held_on="2026-01-01", eligible=10, votes_for=6, votes_against=2)
    missing = missing_for_stage(journey)
    assert "Record a staff ballot or survey result" not in missing
    assert "Complete the task: Run a staff survey or ballot" in missing


def test_a_gate_fact_kept_as_a_task_is_still_needed_when_an_admin_makes_it_optional(journey, lead):
    from journeys.models import TaskDefinition

    TaskDefinition.objects.filter(slug="name-senior-sponsor").update(required=False)
    assert "Complete the task: Name a senior sponsor" in missing_for_stage(journey)
    complete_required(journey, Stage.EXPLORE, lead)
    assert missing_for_stage(journey) == ["Complete the task: Name a senior sponsor"]


def test_the_assigned_adviser_is_notified_and_sees_the_waiting_sign_off(client, journey, lead, adviser):
    Journey.objects.filter(pk=journey.pk).update(in_support_programme=True, assigned_adviser=adviser)
    journey.refresh_from_db()
    ready_to_leave(journey, lead)
    gate = services.gate_request(journey=journey, by=lead, note="Please review")
    told = Notification.objects.get(event_type="journeys.gate_requested")
    assert told.recipient == adviser and told.target == journey
    assert told.url == reverse("journeys:gate_decide", args=[journey.pk, gate.pk])
    client.force_login(adviser)
    assert "Sign-off waiting" in client.get(reverse("journeys:list")).content.decode()


def test_members_hear_of_a_stage_change_but_not_the_person_who_made_it(journey, lead, member):
    ready_to_leave(journey, lead)
    services.gate_request(journey=journey, by=lead)
    changed = Notification.objects.filter(event_type="journeys.stage_changed")
    assert [n.recipient for n in changed] == [member]
    assert changed.get().message == "Libraries group moved to Building support"


def test_an_outsider_is_never_notified_about_a_journey(journey, lead, other_journey):
    from journeys.notify import tell

    outsider = other_journey.group.memberships.get().user
    tell(recipients=[outsider], event="journeys.stage_changed", journey=journey, message="x")
    assert not Notification.objects.filter(recipient=outsider).exists()


# The gates test for a public service mutual (#22, point 2) ------------------------------------------


def _at_support_with_tasks_done(journey, lead):
    advance_to(journey, Stage.SUPPORT, lead)
    complete_required(journey, Stage.SUPPORT, lead)


def test_a_ballot_with_14_percent_support_does_not_clear_building_support(journey, lead):
    _at_support_with_tasks_done(journey, lead)
    Ballot.objects.create(journey=journey, held_on="2026-03-12", eligible=100, votes_for=10, votes_against=60)
    assert missing_for_stage(journey) == [
        "The latest staff ballot or survey (12 March 2026) shows 14% of votes cast in favour: staff support needs "
        "more than half of the votes cast. Hold a new ballot when staff are ready"
    ]


def test_a_tie_is_not_a_majority_and_a_low_turnout_is_named(journey, lead, settings):
    settings.GATE_MIN_TURNOUT_PERCENT = 40
    _at_support_with_tasks_done(journey, lead)
    Ballot.objects.create(journey=journey, held_on="2026-03-12", eligible=100, votes_for=15, votes_against=15)
    missing = missing_for_stage(journey)
    assert len(missing) == 2
    assert "50% of votes cast in favour" in missing[0]
    assert missing[1] == (
        "The latest staff ballot or survey (12 March 2026) had a turnout of 30% of eligible staff: at least 40% "
        "must take part"
    )


def test_the_latest_ballot_counts_a_later_win_clears_the_gate(journey, lead):
    _at_support_with_tasks_done(journey, lead)
    Ballot.objects.create(journey=journey, held_on="2026-01-10", eligible=100, votes_for=10, votes_against=60)
    Ballot.objects.create(journey=journey, held_on="2026-06-01", eligible=100, votes_for=61, votes_against=20)
    assert missing_for_stage(journey) == []


def _at_design_with_tasks_done(journey, lead):
    advance_to(journey, Stage.DESIGN, lead)
    complete_required(journey, Stage.DESIGN, lead)


def test_a_council_owned_company_does_not_clear_designing_the_mutual(journey, lead):
    _at_design_with_tasks_done(journey, lead)
    MutualDesign.objects.create(journey=journey, legal_form="LATC", ownership_model="COUNCIL_OWNED")
    BoardSeat.objects.create(journey=journey, constituency="staff", seats=2)
    assert missing_for_stage(journey) == [
        "A council-owned company is not a public service mutual: staff must have significant influence or "
        "control. Choose a legal form and an ownership model that give it to them"
    ]


def test_a_design_without_staff_seats_or_staff_ownership_is_refused(journey, lead):
    _at_design_with_tasks_done(journey, lead)
    MutualDesign.objects.create(journey=journey, legal_form="CIC_CLG", ownership_model="STAFF_INFLUENCE_NO_SHARES")
    BoardSeat.objects.create(journey=journey, constituency="commissioner", seats=3)
    assert missing_for_stage(journey) == [
        "Give staff significant influence: the board has no staff seats and staff do not own the organisation. "
        "Add staff seats to the board, or choose employee ownership"
    ]
    BoardSeat.objects.create(journey=journey, constituency="staff", seats=2)
    assert missing_for_stage(journey) == []


def test_an_employee_owned_design_clears_the_gate_with_any_board(journey, lead):
    _at_design_with_tasks_done(journey, lead)
    MutualDesign.objects.create(journey=journey, legal_form="CIC_CLS", ownership_model="EMPLOYEE_OWNED")
    BoardSeat.objects.create(journey=journey, constituency="independent", seats=2)
    assert missing_for_stage(journey) == []


def test_the_gate_page_states_the_rule_it_applies(client, journey, lead, settings):
    settings.GATE_MIN_TURNOUT_PERCENT = 45
    advance_to(journey, Stage.SUPPORT, lead)
    client.force_login(lead)
    page = client.get(reverse("journeys:gate", args=[journey.pk])).content.decode()
    assert "more than half of the votes cast in favour, with at least 45% of eligible staff" in page
