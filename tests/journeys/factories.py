"""Helpers that build journeys the way the product does (through journeys.services)."""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile

from journeys import services
from journeys.models import (
    Ballot,
    BoardSeat,
    Membership,
    MutualDesign,
    Risk,
    Stage,
    Task,
    TransferPlan,
)
from mutuals_portal.lib.choices import LegalForm, OwnershipModel
from tests.factories import MembershipFactory, StaffGroupFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def pdf_file(name="evidence.pdf", content=PDF):
    return ContentFile(content, name=name)


def make_journey(*, group=None, lead=None, supported=False, shared=False):
    """A group with a lead and a started journey."""
    group = group or StaffGroupFactory()
    if lead is None:
        membership = Membership.objects.filter(group=group, role=Membership.Role.LEAD).first()
        lead = membership.user if membership else MembershipFactory(group=group, role=Membership.Role.LEAD).user
    journey = services.journey_start(group=group, by=lead)
    journey.in_support_programme = supported
    journey.shared_with_council = shared
    journey.save(update_fields=["in_support_programme", "shared_with_council"])
    return journey


def task(journey, slug) -> Task:
    return Task.objects.select_related("definition", "definition__stage", "journey").get(
        journey=journey, definition__slug=slug
    )


def complete_required(journey, stage, by):
    """Complete every required task of a stage, uploading evidence where needed."""
    for row in Task.objects.filter(journey=journey, definition__stage__stage=stage, definition__required=True):
        row = task(journey, row.definition.slug)
        if row.definition.needs_evidence and not row.evidence.exists():
            services.evidence_add(task=row, by=by, file=pdf_file())
        row.refresh_from_db()
        services.task_update(task=row, by=by, status=Task.Status.COMPLETED, notes="Done", version=row.version)


def add_gate_facts(journey, stage, by):
    """Record the plan facts the stage's gate reads."""
    stage = Stage(stage)
    if stage == Stage.SUPPORT:
        Ballot.objects.create(journey=journey, held_on=date(2026, 5, 1), eligible=50, votes_for=40, votes_against=5)
    elif stage == Stage.DESIGN:
        MutualDesign.objects.update_or_create(
            journey=journey,
            defaults={"legal_form": LegalForm.CBS, "ownership_model": OwnershipModel.MULTI_STAKEHOLDER},
        )
        BoardSeat.objects.update_or_create(journey=journey, constituency="staff", defaults={"seats": 3})
    elif stage == Stage.BUSINESS_PLAN:
        passing_financial_model(journey, by)
        Risk.objects.create(journey=journey, title="Risk", owner="Lead", likelihood=2, impact=3, mitigation="Plan")
    elif stage == Stage.TRANSFER:
        TransferPlan.objects.update_or_create(
            journey=journey,
            defaults={
                "procurement_route": "direct_award",
                "contract_length_months": 60,
                "contract_value": Decimal("5000000"),
                "go_live_on": date(2028, 4, 1),
                "tupe_headcount": 40,
                "pension_arrangement": "lgps_admitted",
                # TUPE: representatives consulted, and employee liability information at least 28 days before.
                "tupe_consultation_on": date(2027, 11, 1),
                "eli_given_on": date(2028, 2, 1),
            },
        )


def passing_financial_model(journey, by):
    """A complete financial model whose checks pass (the demo's Riverside business case)."""
    from journeys.demo import RIVERSIDE_ASSUMPTIONS
    from journeys.finance import services as finance_services
    from journeys.finance.models import FinancialModel

    model = FinancialModel.objects.filter(journey=journey).first()
    return finance_services.assumptions_save(
        journey=journey, values=RIVERSIDE_ASSUMPTIONS, version=model.version if model else None, by=by
    )


def ready_to_leave(journey, by):
    """Make the journey's current stage complete (tasks and facts)."""
    complete_required(journey, journey.stage, by)
    add_gate_facts(journey, journey.stage, by)


def advance_to(journey, stage, by):
    """Walk the journey through the gates (as a lead of an unsupported journey) up to `stage`."""
    while journey.stage != stage:
        ready_to_leave(journey, by)
        journey.change_stage(to_stage=journey.next_stage, by=by, note="test")
        journey.refresh_from_db()
    return journey
