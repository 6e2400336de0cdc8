from django.core.management import call_command

from journeys.gates import missing_for_stage
from journeys.models import Ballot, CouncilDecision, Evidence, Journey, Membership, Stage, StageChange, Task


def _seed():
    call_command("seed_demo", "--skip-packs", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_seed_demo_gives_three_journeys_at_their_stages_and_is_idempotent(db):
    _seed()
    _seed()
    journeys = {j.group.name: j for j in Journey.objects.select_related("group", "assigned_adviser")}
    northbridge = journeys["Northbridge Libraries Staff Group"]
    eastvale = journeys["Eastvale Home Care Team"]
    riverside = journeys["Riverside Community Therapy Team"]
    assert (northbridge.stage, eastvale.stage, riverside.stage) == (Stage.DESIGN, Stage.EXPLORE, Stage.BUSINESS_PLAN)
    assert Membership.objects.get(group=northbridge.group, user__email="lead@demo.test").role == "lead"
    assert Ballot.objects.filter(journey=northbridge).count() == 1
    assert Evidence.objects.filter(task__journey=northbridge).count() == 3
    assert Task.objects.filter(journey=northbridge, status="completed").count() >= 11
    assert StageChange.objects.filter(journey=northbridge).count() == 2
    assert riverside.in_support_programme and riverside.assigned_adviser.email == "adviser@demo.test"
    assert Membership.objects.get(group=riverside.group).user.email == "lead3@demo.test"
    assert not eastvale.in_support_programme
    assert northbridge.shared_with_council and not eastvale.shared_with_council
    assert riverside.gate_requests.filter(status="approved", decided_by__email="adviser@demo.test").count() == 3
    assert northbridge.gate_requests.filter(status="confirmed").count() == 2
    # Northbridge City Council's officer recorded the cabinet's in-principle support on the shared journey (once).
    decision = CouncilDecision.objects.get(journey=northbridge)
    assert (decision.kind, decision.recorded_by.email) == ("in_principle", "officer@demo.test")
    assert decision.council == northbridge.group.parent_body
    # The business plan stage still has work to do, so the demo shows a real gate.
    assert missing_for_stage(riverside)
    # Its financial model is complete and passes every check, with the pension deficit its top risk names.
    assert not [item for item in missing_for_stage(riverside) if item.startswith("Financial model")]
    from journeys.finance.selectors import computed_for_journey
    from journeys.finance.tables import income_and_expenditure

    model = computed_for_journey(riverside)
    assert model.complete and not model.failing
    assert [c.status for c in model.checks] == ["pass"] * len(model.checks)
    labels = [row.label for row in income_and_expenditure(model.result, model.model.year_labels).rows]
    assert "Pension deficit contributions" in labels
    assert model.model.lines.count() == 3 and model.model.scenarios.count() == 2


def test_the_demo_care_services_sit_under_a_council_with_social_care_functions(db):
    """Issue #22, point 8: a shire district has no adult social care functions; a county or unitary has."""
    from accounts.models import PublicBody
    from mutuals_portal.lib.choices import ServiceArea

    _seed()
    care = Journey.objects.filter(group__service_area=ServiceArea.ADULT_SOCIAL_CARE).select_related(
        "group__parent_body"
    )
    assert {j.group.name for j in care} >= {"Eastvale Home Care Team", "Riverside Community Therapy Team"}
    assert {j.group.parent_body.tier for j in care} <= {PublicBody.Tier.COUNTY, PublicBody.Tier.UNITARY}
    assert not PublicBody.objects.filter(name__contains="District", staff_groups__isnull=False).exists()
    sponsor = Task.objects.get(
        journey__group__name="Riverside Community Therapy Team", definition__slug="name-senior-sponsor"
    )
    assert "Director of Adult Social Services" in sponsor.notes
    # The demo shows a workstream run ahead of its stage: CQC registration during the business plan.
    early = Task.objects.get(
        journey__group__name="Riverside Community Therapy Team", definition__slug="regulator-registration"
    )
    assert early.status == Task.Status.IN_PROGRESS


def test_the_demo_has_task_owners_and_due_dates_with_one_overdue(db):
    """Issue #22, point 5: the demo shows who does what by when, and an overdue task."""
    _seed()
    _seed()  # a second seed gives no task a second owner or due date
    owned = Task.objects.filter(owner__isnull=False).select_related("owner", "journey__group")
    assert owned.count() >= 5 and not owned.filter(due_on__isnull=True).exists()
    for task in owned:  # every owner is a member of the task's group
        assert Membership.objects.filter(group=task.journey.group, user=task.owner).exists()
    [overdue] = Task.objects.overdue()
    assert (overdue.owner.email, overdue.definition.slug) == ("lead@demo.test", "rules-articles")
    assert owned.filter(owner__email="member@demo.test").exists()
    northbridge = overdue.journey
    assert northbridge.events.filter(summary__startswith=f"{overdue.definition.title}: owner set to").count() == 1


def test_the_spun_out_demo_mutual_has_a_contract_and_its_yearly_duties(db):
    _seed()
    from journeys.models import AnnualDuty, Contract, Journey

    journey = Journey.objects.get(group__name="Harbourside Leisure Staff Mutual")
    contract = Contract.objects.get(journey=journey)
    assert contract.end_on > contract.start_on and contract.latest_end_on > contract.end_on
    kinds = set(AnnualDuty.objects.open().filter(journey=journey).values_list("kind", flat=True))
    assert kinds == {"society_return", "agm"}
    # Seeding again adds nothing.
    _seed()
    assert AnnualDuty.objects.filter(journey=journey).count() == 2
