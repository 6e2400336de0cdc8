"""A staff group with something in every place the portal keeps data about it (for the subject-access
download and group deletion). Every free-text value carries `tag`, so a test can look for it."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from casestudies.models import CaseStudy, Fact, StatusChange
from challenges.models import StaffMutualIntention
from journeys import services
from journeys.models import (
    Ballot,
    BoardSeat,
    Evidence,
    Forecast,
    ForecastLine,
    GateRequest,
    Journey,
    Membership,
    MutualDesign,
    ReservedContractCheck,
    Risk,
    Stage,
    TransferPlan,
)
from notifications.models import Notification
from packs.models import BusinessPlanPack, PackEvent
from programme import services as referral_services
from programme.models import Programme, Referral, SupportAllocation
from tests.casestudies.factories import CaseStudyFactory, SourceFactory
from tests.challenges.factories import ServiceFactory
from tests.factories import MembershipFactory, PublicBodyFactory, StaffGroupFactory, UserFactory
from tests.journeys.factories import make_journey, pdf_file, task
from tests.programme.factories import STRONG, assess, make_referral

# A due date that is always in the future when the world is built (a task's due date may not be in the past).
DUE_ON = date(date.today().year + 2, 3, 31)
PACK_PDF = b"%PDF-1.7\n% a business-plan pack\n%%EOF\n"


@dataclass
class FilledGroup:
    journey: Journey
    lead: User
    member: User
    adviser: User
    evidence: list[Evidence]
    evidence_bytes: list[bytes]
    pack: BusinessPlanPack
    referral: Referral
    case_study: CaseStudy  # in review, written by the member
    allocation: SupportAllocation
    tag: str


def _adviser() -> User:
    found = User.objects.filter(role=User.Role.ADVISER).first()
    if found:
        return found
    cabinet_office = PublicBodyFactory(name="Cabinet Office", kind="central")
    return UserFactory(full_name="Ada Adviser", role=User.Role.ADVISER, public_body=cabinet_office)


def fill_group(*, tag: str, lead: User | None = None, journey: Journey | None = None) -> FilledGroup:
    """A supported journey at Building support with members, tasks, evidence, plan, packs and a referral."""
    if journey is None:
        group = StaffGroupFactory(name=f"{tag} group", service_description=f"{tag} service description")
        lead = lead or UserFactory(full_name=f"{tag} Lead", email=f"{tag.lower()}-lead@example.test")
        MembershipFactory(group=group, user=lead, role=Membership.Role.LEAD)
        journey = make_journey(group=group, lead=lead, supported=True)
    adviser = _adviser()
    journey.in_support_programme = True
    journey.assigned_adviser = adviser
    journey.save(update_fields=["in_support_programme", "assigned_adviser"])
    member = MembershipFactory(
        group=journey.group, user__full_name=f"{tag} Member", user__email=f"{tag.lower()}-member@example.test"
    ).user
    services.invitation_create(group=journey.group, email=f"{tag.lower()}-invitee@example.test", role="member", by=lead)

    if journey.stage == Stage.EXPLORE:
        journey.change_stage(to_stage=Stage.SUPPORT, by=lead, note=f"{tag} stage note")
    ballot_task = task(journey, "staff-ballot")
    contents = [b"%PDF-1.4\n" + f"{tag} evidence one".encode() + b"\n%%EOF\n", b"%PDF-1.4\n" + bytes(range(256)) * 40]
    evidence = [
        services.evidence_add(task=ballot_task, by=lead, file=pdf_file(f"{tag} minutes.pdf", contents[0])),
        services.evidence_add(task=ballot_task, by=member, file=pdf_file("../../etc/passwd.pdf", contents[1])),
    ]
    ballot_task.refresh_from_db()
    services.task_update(
        task=ballot_task,
        by=member,
        status="in_progress",
        notes=f"{tag} task notes",
        version=ballot_task.version,
        owner=member,
        due_on=DUE_ON,
    )

    # The council's published intention to consider this group's mutual (ground R8), linked to its journey.
    StaffMutualIntention.objects.create(
        service=ServiceFactory(council=journey.group.parent_body),
        journey=journey,
        statement=f"{tag} intention",
        proposed_body=f"{tag} mutual",
        published_on=date(2026, 3, 4),
        where_published="Cabinet report",
        recorded_by=adviser,
    )
    Ballot.objects.create(
        journey=journey, held_on=date(2026, 5, 1), eligible=50, votes_for=40, votes_against=5, recorded_by=lead
    )
    MutualDesign.objects.create(
        journey=journey, legal_form="CBS", ownership_model="MULTI_STAKEHOLDER", notes=f"{tag} design notes"
    )
    BoardSeat.objects.create(journey=journey, constituency="staff", seats=3)
    forecast, _ = Forecast.objects.get_or_create(journey=journey, defaults={"first_year": 2027, "years": 3})
    ForecastLine.objects.create(forecast=forecast, kind="income", label=f"{tag} contract", year_1=Decimal("1200.50"))
    from journeys.finance.models import FinanceLine, FinancialModel, Scenario

    model, _ = FinancialModel.objects.update_or_create(
        journey=journey, defaults={"basis": f"{tag} basis", "contract_price": Decimal("2500000")}
    )
    FinanceLine.objects.create(
        model=model, kind="cost", label=f"{tag} supplies", source="Budget", year_2=Decimal("7.25")
    )
    Scenario.objects.update_or_create(model=model, kind=Scenario.Kind.DOWNSIDE, defaults={"contract_change": -10})
    Risk.objects.create(
        journey=journey, title=f"{tag} risk", owner=f"{tag} Owner", likelihood=2, impact=4, mitigation="Reserves"
    )
    from journeys.models import Comment, PlanNarrative

    Comment.objects.create(journey=journey, plan_topic="risks", author=lead, body=f"{tag} comment on the risks")

    # The parent council's officer records its cabinet decision (the matrix's world has assets and premises).
    from journeys.models import CouncilDecision

    officer = UserFactory(
        full_name=f"{tag} Officer",
        email=f"{tag.lower()}-officer@example.test",
        role=User.Role.OFFICER,
        public_body=journey.group.parent_body,
    )
    decision = services.council_decision_record(
        decision=CouncilDecision(
            journey=journey,
            kind=CouncilDecision.Kind.KEY_DECISION,
            decided_on=date(2026, 4, 1),
            reference="draft",
            decision_maker="Cabinet",
            notes=f"{tag} council notes",
        ),
        by=officer,
    )
    services.council_decision_change(
        decision=decision,
        by=officer,
        version=1,
        decided_on=date(2026, 4, 2),
        reference=f"{tag}-KD",
        decision_maker="Cabinet",
        notes=f"{tag} council notes",
    )

    PlanNarrative.objects.create(journey=journey, section="vision", answers={"vision": f"{tag} vision"})
    TransferPlan.objects.create(
        journey=journey,
        procurement_route="direct_award",
        contract_length_months=60,
        contract_value=Decimal("5000000"),
        go_live_on=date(2028, 4, 1),
        tupe_headcount=40,
        pension_arrangement="lgps_admitted",
        lgps_security="bond",
        direct_award_justification=f"{tag} justification",
    )
    # After launch: the contract (with a re-tender reminder sent), the registered mutual and a yearly duty.
    from journeys.models import AnnualDuty, Contract, RegisteredBody, RetenderReminder

    contract = Contract.objects.create(
        journey=journey,
        commissioner=f"{tag} Council",
        start_on=date(2028, 4, 1),
        end_on=date(2033, 3, 31),
        extension_options=f"{tag} extension options",
    )
    RetenderReminder.objects.create(contract=contract, months_before=18, end_on=contract.end_on)
    RegisteredBody.objects.create(
        journey=journey,
        registered_name=f"{tag} Mutual CIC",
        incorporated_on=date(2028, 1, 10),
        first_year_end=date(2029, 3, 31),
    )
    AnnualDuty.objects.create(
        journey=journey,
        kind="cic34",
        period_end=date(2029, 3, 31),
        due_on=date(2029, 12, 31),
        owner=member,
        notes=f"{tag} duty notes",
    )
    ReservedContractCheck.objects.create(
        journey=journey,
        reservable_service="yes",
        max_term_months=60,
        comparable_contract="no",
        public_service_purpose="yes",
        profit_basis="yes",
        employee_control="yes",
        checked_by=member,
    )
    GateRequest.objects.create(
        journey=journey,
        from_stage=Stage.EXPLORE,
        to_stage=Stage.SUPPORT,
        status=GateRequest.Status.APPROVED,
        requested_by=lead,
        note=f"{tag} gate note",
        decided_by=adviser,
        comments=f"{tag} adviser comments",
    )
    if not GateRequest.objects.filter(journey=journey, status=GateRequest.Status.PENDING).exists():
        GateRequest.objects.create(
            journey=journey, from_stage=Stage.SUPPORT, to_stage=Stage.DESIGN, requested_by=lead, note=f"{tag} pending"
        )

    pack = BusinessPlanPack.objects.create(
        journey=journey,
        version=journey.packs.count() + 10,
        status=BusinessPlanPack.Status.READY,
        requested_by=lead,
        source_hash=f"{tag}-1",
    )
    pack.file.save("pack.pdf", ContentFile(PACK_PDF), save=False)
    pack.page_count, pack.file_size = 1, len(PACK_PDF)
    pack.save()
    PackEvent.objects.create(pack=pack, from_status=BusinessPlanPack.Status.RENDERING, to_status=pack.status)

    referral = make_referral(contact_name=f"{tag} Contact", help_needed=f"{tag} help needed")
    assessment = assess(referral, adviser, notes=f"{tag} internal triage notes")
    moderator = UserFactory(full_name=f"{tag} Moderator", role=User.Role.ADVISER, public_body=adviser.public_body)
    referral_services.assessment_moderate(
        assessment=assessment, by=moderator, points=STRONG, reason=f"{tag} moderation reason"
    )
    referral.staff_group, referral.status = journey.group, Referral.Status.ACCEPTED
    referral.save()  # with its change history, as the triage would
    programme = Programme.objects.first() or Programme.objects.create(name="Mutuals Support Programme")
    allocation = referral_services.allocation_create(
        programme=programme, journey=journey, category="legal", supplier="Law firm", amount=Decimal("1000"), by=adviser
    )

    # A yearly outcome return (written directly: the service asks for a spun-out journey).
    from programme.models import OutcomeReturn

    OutcomeReturn.objects.create(
        journey=journey,
        year=2025,
        staff_headcount=40,
        turnover=Decimal("1200000"),
        sickness_absence_days=Decimal("6.5"),
        staff_turnover_percent=Decimal("9"),
        contracts_won=1,
        contracts_lost=0,
        social_value_highlights=f"{tag} apprenticeships",
        submitted_by=lead,
    )

    # A mentoring with a meeting (a mentor from another mutual, matched by the adviser).
    from programme.models import MentoringRequest, MentorOffer

    mentor = UserFactory(full_name=f"{tag} Mentor")
    offer = MentorOffer.objects.create(
        mentor=mentor,
        mutual_name=f"{tag} Care Mutual",
        spin_out_role="Led the ballot",
        service_areas=["adult_social_care"],
        region="north_west",
        topics=["staff_engagement"],
        capacity=2,
        status=MentorOffer.Status.APPROVED,
    )
    # (A journey of the permission matrix's world has its mentor already.)
    mentoring = MentoringRequest.objects.filter(journey=journey, status=MentoringRequest.Status.MATCHED).first()
    if mentoring is None:
        mentoring = referral_services.mentoring_request_create(
            journey=journey, by=lead, topics=["staff_engagement"], note=f"{tag} mentoring request note"
        )
        mentoring = referral_services.mentoring_match(mentoring=mentoring, offer=offer, by=adviser, version=1)
    referral_services.mentoring_meeting_log(
        mentoring=mentoring, by=mentor, met_on=timezone.localdate(), topics=["staff_engagement"], note=f"{tag} met"
    )

    draft = CaseStudyFactory(
        name=f"{tag} Mutual", journey=journey, contributed_by=member, status=CaseStudy.Status.IN_REVIEW
    )
    source = SourceFactory(case_study=draft, title=f"{tag} annual report")
    Fact.objects.create(case_study=draft, topic=Fact.Topic.STAFF, statement=f"{tag} employs 40 staff.", source=source)
    StatusChange.objects.create(
        case_study=draft, changed_by=member, from_status=CaseStudy.Status.DRAFT, to_status=draft.status
    )

    # A Right to Challenge expression of interest the lead started from the journey.
    from challenges.models import JourneyEOI
    from tests.challenges.factories import EOIFactory

    challenge = EOIFactory(
        service=ServiceFactory(council=journey.group.parent_body, name=f"{tag} service"),
        submitted_by=lead,
        body_type="STAFF2",
        body_name=journey.group.name,
    )
    JourneyEOI.objects.create(eoi=challenge, journey=journey, supporting_employees=12)

    notification = Notification(recipient=member, event_type="journeys.stage_changed", message=f"{tag} moved on")
    notification.target = journey
    notification.save()
    notification = Notification(recipient=lead, event_type="packs.finished", message=f"{tag} pack ready")
    notification.target = pack
    notification.save()
    return FilledGroup(
        journey=journey,
        lead=lead,
        member=member,
        adviser=adviser,
        evidence=evidence,
        evidence_bytes=contents,
        pack=pack,
        referral=referral,
        case_study=draft,
        allocation=allocation,
        tag=tag,
    )
