"""Demo journeys for seed_demo.

Northbridge in design (shared with its council), Eastvale in explore, Riverside (supported) in business_plan.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from mutuals_portal.lib.choices import LegalForm, OwnershipModel, ServiceArea

from . import services
from .catalogue_data import load_catalogue
from .demo_narrative import fill_narrative
from .gates import missing_for_stage
from .models import (
    Ballot,
    BoardSeat,
    Comment,
    CouncilDecision,
    Forecast,
    ForecastLine,
    GateRequest,
    Journey,
    JourneyEvent,
    Membership,
    MutualDesign,
    PlanTopic,
    Risk,
    StaffGroup,
    Stage,
    StageDefinition,
    Task,
    TaskDefinition,
)

DEMO_PASSWORD = "demo-pass-2026"
THIRD_LEAD = ("lead3@demo.test", "Owen Fletcher")
THIRD_GROUP = {
    "name": "Riverside Community Therapy Team",
    "service_name": "Riverside Community Therapy",
    "service_description": "Occupational therapy, equipment and home adaptations for adults living at home, "
    "from four community bases (the council's adult social care service).",
    "service_area": ServiceArea.ADULT_SOCIAL_CARE,
    "headcount": 64,
    "annual_budget": Decimal("2740000.00"),
}


def _pdf(title: str) -> ContentFile:
    body = f"%PDF-1.4\n% {title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return ContentFile(body.encode(), name=f"{title}.pdf")


def _complete(journey: Journey, stage: Stage, by: User, notes: dict[str, str], *, skip: tuple[str, ...] = ()) -> None:
    """Complete the stage's required tasks (uploading a PDF where evidence is needed)."""
    tasks = Task.objects.filter(journey=journey, definition__stage__stage=stage).select_related("definition")
    for task in tasks:
        slug = task.definition.slug
        if slug in skip or (not task.definition.required and slug not in notes):
            continue
        if task.definition.needs_evidence and not task.evidence.exists():
            services.evidence_add(task=task, by=by, file=_pdf(slug))
        services.task_update(
            task=task, by=by, status=Task.Status.COMPLETED, notes=notes.get(slug, "Done."), version=task.version
        )


def _move_on(journey: Journey, by: User, note: str, *, lead: User | None = None) -> None:
    """Pass the current stage's gate: the lead confirms, or (supported journeys) `by` the adviser approves."""
    journey.refresh_from_db()
    missing = missing_for_stage(journey)
    if missing:  # demo data must pass the same gates as real journeys
        raise RuntimeError(f"{journey.group.name} cannot leave {journey.stage}: {missing}")
    if lead is None:
        services.gate_request(journey=journey, by=by, note=note)
        return
    GateRequest.objects.create(
        journey=journey,
        from_stage=journey.stage,
        to_stage=journey.next_stage,
        requested_by=lead,
        status=GateRequest.Status.APPROVED,
        decided_by=by,
        decided_at=timezone.now(),
        comments=note,
    )
    journey.change_stage(to_stage=journey.next_stage, by=by, note=note)


def _northbridge(journey: Journey, lead: User, member: User) -> None:
    _complete(
        journey,
        Stage.EXPLORE,
        lead,
        {
            "why-and-vision": "Budget cuts threaten four branches. As a mutual we can bid for heritage grants "
            "the council cannot, and open the archive to schools.",
            "name-senior-sponsor": "Sponsor: Karen Doyle, Director of Communities.",
            "options-appraisal": "Mutual scored highest on service quality and staff support; see the appraisal.",
            "look-at-live-mutuals": "Read Explore York and Leading Lives; visited Explore York in March.",
        },
    )
    _move_on(journey, lead, "Sponsor named and options appraisal agreed by the team.")
    _complete(
        journey,
        Stage.SUPPORT,
        member,
        {
            "staff-engagement-sessions": "Six sessions across all branches; 71 staff attended.",
            "union-consultation": "UNISON branch supportive in principle; monthly meetings agreed.",
            "staff-ballot": "Independent ballot run by Civica Election Services.",
            "commissioner-support": "Cabinet agreed in principle on 12 May to explore a mutual.",
        },
    )
    Ballot.objects.get_or_create(
        journey=journey,
        held_on=date.today() - timedelta(days=60),
        defaults={"kind": Ballot.Kind.BALLOT, "eligible": 96, "votes_for": 71, "votes_against": 9, "recorded_by": lead},
    )
    _move_on(journey, lead, "Staff ballot: 88.8% support on 83.3% turnout; cabinet backing recorded.")
    legal = Task.objects.get(journey=journey, definition__slug="legal-form")
    services.task_update(
        task=legal,
        by=lead,
        status=Task.Status.IN_PROGRESS,
        notes="Leaning towards a community benefit society with charitable status, like Explore York.",
        version=legal.version,
    )
    membership = Task.objects.get(journey=journey, definition__slug="staff-membership")
    services.task_update(
        task=membership,
        by=member,
        status=Task.Status.COMPLETED,
        notes="Every member of staff may hold one 1 pound share.",
        version=membership.version,
    )


def _riverside(journey: Journey, lead: User, adviser: User) -> None:
    _complete(
        journey,
        Stage.EXPLORE,
        lead,
        {"name-senior-sponsor": "Sponsor: Ruth Amin, Director of Adult Social Services."},
    )
    _move_on(journey, adviser, "Signed off: strong options appraisal.", lead=lead)
    _complete(journey, Stage.SUPPORT, lead, {})
    Ballot.objects.get_or_create(
        journey=journey,
        held_on=date.today() - timedelta(days=200),
        defaults={"kind": Ballot.Kind.SURVEY, "eligible": 64, "votes_for": 52, "votes_against": 4, "recorded_by": lead},
    )
    _move_on(journey, adviser, "Signed off: survey shows clear staff support.", lead=lead)
    _complete(journey, Stage.DESIGN, lead, {})
    MutualDesign.objects.update_or_create(
        journey=journey,
        defaults={
            "legal_form": LegalForm.CIC_CLS,
            "ownership_model": OwnershipModel.EMPLOYEE_OWNED,
            "notes": "Staff each hold a 1 pound share; dividends capped; "
            "asset lock protects the equipment transferred from the council.",
        },
    )
    for constituency, seats in [("staff", 4), ("users", 2), ("commissioner", 1), ("independent", 2)]:
        BoardSeat.objects.update_or_create(journey=journey, constituency=constituency, defaults={"seats": seats})
    _move_on(journey, adviser, "Signed off: governance agreed with the council's legal team.", lead=lead)
    _complete(
        journey,
        Stage.BUSINESS_PLAN,
        lead,
        {"service-specification": "Agreed with the commissioner on 3 March."},
        skip=("business-plan-model", "public-interest-decision", "resources-needed"),
    )
    _riverside_model(journey, lead)
    # Workstreams run in parallel: registration with the Care Quality Commission takes months, so it has
    # started during the business plan.
    registration = Task.objects.get(journey=journey, definition__slug="regulator-registration")
    services.task_update(
        task=registration,
        by=lead,
        status=Task.Status.IN_PROGRESS,
        notes="CQC registration application drafted; the registered manager is named.",
        version=registration.version,
    )
    Risk.objects.get_or_create(
        journey=journey,
        title="Pension deficit contribution higher than modelled",
        defaults={
            "owner": "Finance lead",
            "likelihood": 3,
            "impact": 4,
            "mitigation": "Actuarial valuation before signing; pass-through clause in the contract.",
        },
    )


RIVERSIDE_ASSUMPTIONS = {
    "start_on": date(2027, 4, 1),
    "years": 3,
    "basis": (
        "Contract price and indexation: draft contract from Eastvale Council (March 2027). "
        "Baseline: the council's 2026-27 budget for the service, with its overheads. Pay: payroll at 1 January 2027 "
        "with a 3% award a year. Pension: employer rate and deficit contributions from the Eastvale Pension Fund "
        "actuary's admission quote. VAT: the care services are exempt welfare services, so input VAT is not recovered."
    ),
    "contract_price": Decimal("2700000.00"),
    "contract_indexation": Decimal("2"),
    "baseline_cost": Decimal("2740000.00"),
    "baseline_indexation": Decimal("3"),
    "headcount": 64,
    "pay_bill": Decimal("1650000.00"),
    "pay_award": Decimal("3"),
    "pension_rate": Decimal("18.5"),
    "pension_deficit": Decimal("45000.00"),
    "ni_rate": Decimal("15"),
    "ni_threshold": Decimal("5000.00"),
    "employment_allowance": False,
    "charitable": False,
    "vat_recovery": Decimal("0"),
    "vat_cost_share": Decimal("60"),
    "premises": Decimal("120000.00"),
    "back_office": Decimal("140000.00"),
    "back_office_source": "council",
    "insurance": Decimal("38000.00"),
    "cost_inflation": Decimal("2"),
    "assets_transferred": Decimal("90000.00"),
    "assets_bought": Decimal("60000.00"),
    "asset_life_years": 5,
    "transition_costs": Decimal("150000.00"),
    "contingency": Decimal("1"),
    "opening_cash": Decimal("50000.00"),
    "grant": Decimal("150000.00"),
    "loan": Decimal("150000.00"),
    "loan_rate": Decimal("6"),
    "loan_term_years": 5,
    "council_support": Decimal("300000.00"),
    "council_support_repaid_year": 3,
    "debtor_days": 30,
    "creditor_days": 30,
}
RIVERSIDE_LINES = [
    ("income", "Private clinics", "Clinic bookings 2026 and the clinic business case", ["45000", "90000", "120000"]),
    ("cost", "Clinical supplies and equipment", "Service budget 2026-27", ["60000", "61200", "62424"]),
    ("cost", "Travel for home visits", "Mileage claims 2026", ["45000", "45900", "46818"]),
]


def _riverside_model(journey: Journey, lead: User) -> None:
    """A full business case: it passes its checks, with a pension deficit line (the top risk)."""
    from .finance import services as finance_services
    from .finance.models import FinanceLine, FinancialModel, Scenario
    from .finance.selectors import computed

    model = FinancialModel.objects.filter(journey=journey).first()
    finance_services.assumptions_save(
        journey=journey, values=RIVERSIDE_ASSUMPTIONS, version=model.version if model else None, by=lead
    )
    model = FinancialModel.objects.get(journey=journey)
    if not model.lines.exists():
        for kind, label, source, amounts in RIVERSIDE_LINES:
            line = FinanceLine(kind=kind, label=label, source=source)
            for n, amount in enumerate(amounts, start=1):
                setattr(line, f"year_{n}", Decimal(amount))
            finance_services.line_add(model=model, line=line, by=lead)
    clinics = model.lines.get(label="Private clinics")
    for kind, changes in (
        ("downside", {"contract_change": Decimal("-10"), "pay_award_change": Decimal("2"), "lost_line": clinics}),
        ("upside", {"contract_change": Decimal("3"), "other_income_change": Decimal("20")}),
    ):
        if not Scenario.objects.filter(model=model, kind=kind).exists():
            finance_services.scenario_save(model=model, scenario=Scenario(kind=kind, **changes), by=lead)
    # The business-plan pack still prints the old forecast (until it prints the model): keep it in step.
    result = computed(model).result
    forecast, _ = Forecast.objects.update_or_create(journey=journey, defaults={"first_year": 2027, "years": 3})
    forecast.lines.all().delete()
    rows = [
        ("income", "Core contract", [y.contract for y in result.years]),
        ("income", "Private clinics and grants", [y.other_income_total + y.grant for y in result.years]),
        ("cost", "Staff, pensions and National Insurance", [y.pay_costs for y in result.years]),
        ("cost", "Running costs, VAT and contingency", [y.costs - y.pay_costs for y in result.years]),
    ]
    ForecastLine.objects.bulk_create(
        ForecastLine(
            forecast=forecast,
            kind=kind,
            label=label,
            **{f"year_{n}": amount.quantize(Decimal("0.01")) for n, amount in enumerate(amounts, start=1)},
        )
        for kind, label, amounts in rows
    )


def _comments(journey: Journey, lead: User, adviser: User) -> None:
    """A short exchange between the Riverside lead and its adviser on the financial model (once)."""
    if Comment.objects.filter(journey=journey).exists():
        return
    model = Task.objects.select_related("definition", "owner").get(
        journey=journey, definition__slug="business-plan-model"
    )
    services.comment_add(
        journey=journey,
        by=lead,
        task=model,
        body="The equipment store's income is in year one at the council's current charges. "
        "Should we assume the same charges in the contract, or price them ourselves?",
        visible_to_adviser=True,
    )
    services.comment_add(
        journey=journey,
        by=adviser,
        task=model,
        body="Price them yourselves in the downside scenario and keep the council's charges in the base case; "
        "the commissioner will ask how sensitive the surplus is to them.",
        visible_to_adviser=True,
    )
    services.comment_add(
        journey=journey,
        by=lead,
        plan_topic=PlanTopic.RISKS,
        body="Add the risk that the LGPS admission bond costs more than the council's estimate.",
    )


def _council_support(journey: Journey, officer: User) -> None:
    """The council's officer records the cabinet's in-principle support on the shared journey (once)."""
    if CouncilDecision.objects.in_force().filter(journey=journey, kind=CouncilDecision.Kind.IN_PRINCIPLE).exists():
        return
    services.council_decision_record(
        decision=CouncilDecision(
            journey=journey,
            kind=CouncilDecision.Kind.IN_PRINCIPLE,
            decided_on=date.today() - timedelta(days=75),
            reference="CAB-IP-07",
            decision_maker="Cabinet",
            notes="Agreed in principle that the library service may explore a public service mutual; "
            "a key decision on the transfer will follow the business case.",
        ),
        by=officer,
    )


def _give(journey: Journey, by: User, slug: str, *, owner: User, due_in_days: int) -> None:
    """Give a task an owner and a due date (once: a second seed leaves them as the group changed them).

    A negative number of days makes an overdue task: a date the group set a fortnight before it fell,
    which has since passed. The service rightly refuses a due date in the past, so the demo writes it
    as it stood then, with its timeline entry dated when it was set."""
    task = Task.objects.select_related("definition", "journey").get(journey=journey, definition__slug=slug)
    if task.owner_id is not None:
        return
    due_on = timezone.localdate() + timedelta(days=due_in_days)
    if due_in_days >= 0:
        services.task_update(
            task=task, by=by, status=task.status, notes=task.notes, version=task.version, owner=owner, due_on=due_on
        )
        return
    Task.objects.filter(pk=task.pk).update(
        owner=owner, due_on=due_on, updated_by=by, updated_at=timezone.now(), version=F("version") + 1
    )
    when = f"{due_on.day} {due_on:%B %Y}"
    event = journey.log(
        by, JourneyEvent.Kind.TASK, f"{task.definition.title}: owner set to {owner.full_name}; due {when}"
    )
    set_on = timezone.now() + timedelta(days=due_in_days - 14)
    JourneyEvent.objects.filter(pk=event.pk).update(created_at=set_on)


def _user(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first() or User(email=email)
    user.full_name = name
    user.role = User.Role.STAFF
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.full_clean()
    user.save()
    return user


STAFF_GROUPS = [
    {
        "name": "Northbridge Libraries Staff Group",
        "service_name": "Northbridge Libraries and Archives",
        "service_description": "Eleven branch libraries, a mobile library and the city archive.",
        "service_area": ServiceArea.LIBRARIES,
        "parent_body": "Northbridge City Council",
        "headcount": 96,
        "annual_budget": Decimal("3850000.00"),
        "lead": "lead@demo.test",
        "members": ["member@demo.test"],
    },
    {
        "name": "Eastvale Home Care Team",
        "service_name": "Eastvale Reablement and Home Care",
        "service_description": "Short-term reablement and long-term home care across the council's area.",
        "service_area": ServiceArea.ADULT_SOCIAL_CARE,
        "parent_body": "Eastvale Council",
        "headcount": 42,
        "annual_budget": Decimal("1420000.00"),
        "lead": "lead2@demo.test",
        "members": [],
    },
]


def _staff_groups(*, bodies, users):
    """The two demo staff groups, their leads and members (the accounts come from seed_demo)."""
    for spec in STAFF_GROUPS:
        group, _ = StaffGroup.objects.update_or_create(
            name=spec["name"],
            defaults={
                "service_name": spec["service_name"],
                "service_description": spec["service_description"],
                "service_area": spec["service_area"],
                "parent_body": bodies[spec["parent_body"]],
                "headcount": spec["headcount"],
                "annual_budget": spec["annual_budget"],
            },
        )
        Membership.objects.update_or_create(
            group=group, user=users[spec["lead"]], defaults={"role": Membership.Role.LEAD}
        )
        for email in spec["members"]:
            Membership.objects.update_or_create(
                group=group, user=users[email], defaults={"role": Membership.Role.MEMBER}
            )


def seed(*, bodies, users, stdout):
    if not TaskDefinition.objects.exists():
        load_catalogue(StageDefinition, TaskDefinition)
    adviser = users["adviser@demo.test"]
    _staff_groups(bodies=bodies, users=users)

    northbridge = StaffGroup.objects.get(name="Northbridge Libraries Staff Group")
    journey = services.journey_start(group=northbridge, by=users["lead@demo.test"])
    if not journey.stage_changes.exists():
        _northbridge(journey, users["lead@demo.test"], users["member@demo.test"])
        # The lead shares the journey with Northbridge City Council, so officer@demo.test can read it.
        services.journey_share(journey=journey, by=users["lead@demo.test"], shared=True)
    _council_support(journey, users["officer@demo.test"])
    # Who does what by when: the lead's rules are overdue, so the demo shows the tag and the reminder.
    lead, member = users["lead@demo.test"], users["member@demo.test"]
    _give(journey, lead, "legal-form", owner=lead, due_in_days=21)
    _give(journey, lead, "rules-articles", owner=lead, due_in_days=-4)
    _give(journey, lead, "board-mix", owner=member, due_in_days=14)
    _give(journey, lead, "shadow-board", owner=member, due_in_days=45)

    eastvale = StaffGroup.objects.get(name="Eastvale Home Care Team")
    journey = services.journey_start(group=eastvale, by=users["lead2@demo.test"])
    why = Task.objects.get(journey=journey, definition__slug="why-and-vision")
    if why.status == Task.Status.NOT_STARTED:
        services.task_update(
            task=why,
            by=users["lead2@demo.test"],
            status=Task.Status.IN_PROGRESS,
            notes="First draft shared with the team; two carers are writing the vision.",
            version=why.version,
        )
    _give(journey, users["lead2@demo.test"], "why-and-vision", owner=users["lead2@demo.test"], due_in_days=10)

    lead3 = _user(*THIRD_LEAD)
    riverside, _ = StaffGroup.objects.update_or_create(
        name=THIRD_GROUP["name"], defaults={**THIRD_GROUP, "parent_body": bodies["Eastvale Council"]}
    )
    Membership.objects.update_or_create(group=riverside, user=lead3, defaults={"role": Membership.Role.LEAD})
    journey = services.journey_start(group=riverside, by=lead3, in_support_programme=True)
    if not journey.in_support_programme or journey.assigned_adviser_id != adviser.pk:
        journey.in_support_programme = True
        journey.assigned_adviser = adviser
        journey.save(update_fields=["in_support_programme", "assigned_adviser"])
    if not journey.stage_changes.exists():
        _riverside(journey, lead3, adviser)
    _give(journey, lead3, "regulator-registration", owner=lead3, due_in_days=60)
    _give(journey, lead3, "business-plan-model", owner=lead3, due_in_days=7)
    fill_narrative(journey, lead3)
    _comments(journey, lead3, adviser)
    stdout.write(
        "  Journeys: Northbridge in design (shared with its council), Eastvale in explore, "
        f"Riverside (supported) in business plan, led by {THIRD_LEAD[0]}\n"
    )


def seed_after_launch(journey: Journey, lead: User, *, spun_out_year: int) -> None:
    """After launch for the demo's spun-out mutual (fictional): a community benefit society whose five-year
    contract with the council started when it spun out, with two 12-month extension options; its yearly FCA
    return and AGM. Called by programme.demo, which makes that journey. Run again, it changes nothing."""
    from .after_launch import add_months
    from .models import Contract, MutualDesign, RegisteredBody

    MutualDesign.objects.get_or_create(
        journey=journey,
        defaults={
            "legal_form": LegalForm.CBS,
            "ownership_model": OwnershipModel.MULTI_STAKEHOLDER,
            "notes": "Staff and members of the community each hold a 1 pound share; one member, one vote.",
        },
    )
    start = date(spun_out_year, 6, 1)
    if not Contract.objects.filter(journey=journey).exists():
        services.contract_save(
            journey=journey,
            by=lead,
            values={
                "commissioner": journey.group.parent_body.name,
                "start_on": start,
                "end_on": add_months(start, 60) - timedelta(days=1),
                "extension_options": "Two extensions of 12 months each at the council's option, on 6 months' notice.",
                "latest_end_on": add_months(start, 84) - timedelta(days=1),
                "value": Decimal("21000000"),
            },
            version=0,
        )
    if not RegisteredBody.objects.filter(journey=journey).exists():
        services.registered_body_save(
            journey=journey,
            by=lead,
            values={
                "registered_name": "Harbourside Leisure Community Benefit Society Limited",
                "registration_number": "",
                "incorporated_on": date(spun_out_year, 2, 14),
                "first_year_end": date(spun_out_year + 1, 3, 31),
                "agm_months": 6,
            },
            version=0,
        )
