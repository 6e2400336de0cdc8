"""Journeys for the permission matrix: group A's is supported and shared with council A; group B's is private."""

from journeys import services
from journeys.finance.models import FinanceLine, FinancialModel, Scenario
from journeys.models import (
    AnnualDuty,
    Ballot,
    Comment,
    CouncilDecision,
    Forecast,
    ForecastLine,
    GateRequest,
    Invitation,
    Membership,
    Risk,
    Stage,
)
from tests.journeys.factories import make_journey, pdf_file, task


def extend(world):
    staff, other = world.user("staff"), world.user("other_staff")
    journey_a = make_journey(group=world.objects["group_a"], lead=staff, supported=True, shared=True)
    journey_a.change_stage(to_stage=Stage.SUPPORT, by=staff, note="matrix")
    journey_b = make_journey(group=world.objects["group_b"], lead=other)
    task_a = task(journey_a, "staff-ballot")
    evidence_a = services.evidence_add(task=task_a, by=staff, file=pdf_file("ballot.pdf"))
    forecast_a = Forecast.objects.create(journey=journey_a, first_year=2027, years=3)
    model_a = FinancialModel.objects.create(journey=journey_a, basis="Council budget book", contract_price=1000000)
    finance_line_a = FinanceLine.objects.create(model=model_a, kind="income", label="Training", source="Price list")
    Scenario.objects.create(model=model_a, kind="downside", contract_change=-10, lost_line=finance_line_a)
    invitation = Invitation.objects.create(
        group=journey_a.group, email="newcomer@example.test", role=Membership.Role.MEMBER, invited_by=staff
    )
    decision_a = services.council_decision_record(
        decision=CouncilDecision(
            journey=journey_a,
            # Its task belongs to a later stage: the current stage's progress stays the group's own.
            kind=CouncilDecision.Kind.ASSETS_PREMISES,
            decided_on="2026-02-01",
            decision_maker="Director of Property",
        ),
        by=world.user("officer"),
    )
    world.objects.update(
        journey_a=journey_a,
        decision_a=decision_a,
        journey_b=journey_b,
        task_a=task_a,
        evidence_a=evidence_a,
        gate_a=GateRequest.objects.create(
            journey=journey_a, from_stage=Stage.SUPPORT, to_stage=Stage.DESIGN, requested_by=staff
        ),
        forecast_line_a=ForecastLine.objects.create(forecast=forecast_a, kind="income", label="Contract"),
        finance_line_a=finance_line_a,
        ballot_a=Ballot.objects.create(
            journey=journey_a, held_on="2026-03-01", eligible=40, votes_for=30, votes_against=5, recorded_by=staff
        ),
        risk_a=Risk.objects.create(
            journey=journey_a, title="Funding", owner="Lead", likelihood=2, impact=4, mitigation="Reserves"
        ),
        member_a=Membership.objects.get(group=journey_a.group, user=world.user("member")),
        # A yearly duty (after launch) on journey A: read by everyone who may see the journey, worked on by members.
        duty_a=AnnualDuty.objects.create(
            journey=journey_a, kind="confirmation_statement", period_end="2027-03-31", due_on="2027-04-14"
        ),
        invitation_a=invitation,
        # The lead's comments on the task: one shared with the adviser and the council, one for the group only.
        comment_a=Comment.objects.create(
            journey=journey_a,
            task=task_a,
            author=staff,
            body="Shared",
            visible_to_adviser=True,
            visible_to_council=True,
        ),
        comment_private_a=Comment.objects.create(journey=journey_a, task=task_a, author=staff, body="Group only"),
        invitation_token=services.invitation_token(invitation),
    )
