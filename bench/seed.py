"""Bulk data for the benchmark: thousands of rows a second through bulk inserts.

Runs after `migrate` and `seed_demo`, so the demo accounts (whose pages are measured) sit in
the middle of the bulk data: the demo council has its share of services and EOIs, the demo
adviser sees every referral, the case-study library holds `case_studies` rows, and so on.
Deterministic: the same scale gives the same data.
"""

import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import PublicBody, Region, User
from casestudies.models import CaseStudy
from casestudies.search import library_changed
from challenges.models import (
    BodyType,
    ChallengeableService,
    ChallengeSettings,
    Decision,
    DecisionOutcome,
    EOIStatus,
    ExpressionOfInterest,
    RejectionGround,
    SubmissionWindow,
)
from journeys.models import Journey, Membership, StaffGroup, Stage, Task, TaskDefinition
from mutuals_portal.lib.choices import LegalForm, OwnershipModel, ServiceArea
from programme.dashboard import referral_figures_changed
from programme.models import Programme, Referral, SupportAllocation, TriageAssessment

BATCH = 2000
TASKS_PER_JOURNEY = 20

# Words for the generated case-study text. The library is searched for a rare word (in a
# handful of rows), a common word (in most rows) and a phrase.
RARE_WORD = "orienteering"
COMMON_WORD = "community"
PHRASE = "social value"
VOCABULARY = (  # noqa: SIM905 - a sentence is easier to read than 70 quoted words
    "community service staff council mutual care library leisure health team people local members board "
    "contract budget income surplus trust partnership residents volunteers youth centre training "
    "employees ownership governance outcomes commissioners savings growth support families "
    "wellbeing independence neighbourhood delivery innovation quality inspection rating "
    "reinvestment apprentices sport swimming archives reading nursing therapy reablement "
    "transport waste recycling parks housing tenants repairs energy carbon digital catering "
    "schools learning adults carers dementia hospital discharge prevention outreach events"
).split()


@dataclass(frozen=True)
class Scale:
    public_bodies: int
    staff_groups: int
    case_studies: int
    eois: int
    referrals: int

    @classmethod
    def of(cls, factor: float) -> "Scale":
        return cls(
            public_bodies=max(6, round(300 * factor)),
            staff_groups=max(20, round(5000 * factor)),
            case_studies=max(200, round(100_000 * factor)),
            eois=max(100, round(20_000 * factor)),
            referrals=max(100, round(20_000 * factor)),
        )


def _bulk(model, rows, *, batch_size=BATCH):
    """Insert rows in batches; returns them with primary keys (PostgreSQL returns ids)."""
    created = []
    for start in range(0, len(rows), batch_size):
        created += model.objects.bulk_create(rows[start : start + batch_size], batch_size=batch_size)
    return created


def _text(rng: random.Random, words: int) -> str:
    # Zipf-like: the first words of the vocabulary are far more frequent than the last.
    weights = [1 / (rank + 1) for rank in range(len(VOCABULARY))]
    chosen = rng.choices(VOCABULARY, weights=weights, k=words)
    return " ".join(chosen).capitalize() + "."


def seed(factor: float, *, log=print) -> dict:
    """Create the bulk data at `factor` x the default scale; returns the row counts."""
    rng = random.Random(20261122)
    scale = Scale.of(factor)
    started = time.monotonic()
    with transaction.atomic():
        bodies = _public_bodies(rng, scale)
        log(f"  public bodies: {len(bodies)}")
        journeys = _staff_groups(rng, scale, bodies)
        log(f"  staff groups and journeys: {len(journeys)} ({len(journeys) * TASKS_PER_JOURNEY} tasks)")
        _eois(rng, scale, bodies)
        log(f"  expressions of interest: {scale.eois}")
        _referrals(rng, scale, bodies, journeys)
        log(f"  referrals: {scale.referrals}")
        _case_studies(rng, scale)
        log(f"  case studies: {scale.case_studies}")
    library_changed()  # bulk inserts send no signals
    referral_figures_changed()
    # What autovacuum does to a loaded table some time later: statistics for the planner and
    # the visibility map that lets counts read an index alone.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    counts = {
        "public_bodies": PublicBody.objects.count(),
        "staff_groups": StaffGroup.objects.count(),
        "tasks": Task.objects.count(),
        "case_studies": CaseStudy.objects.count(),
        "eois": ExpressionOfInterest.objects.count(),
        "referrals": Referral.objects.count(),
    }
    counts["seconds"] = round(time.monotonic() - started, 1)
    return counts


def _public_bodies(rng, scale: Scale) -> list[PublicBody]:
    existing = list(PublicBody.objects.all())
    regions = [value for value, _ in Region.choices]
    rows = []
    for number in range(scale.public_bodies - len(existing)):
        kind = PublicBody.Kind.NHS if number % 6 == 5 else PublicBody.Kind.COUNCIL
        suffix = "NHS Trust" if kind == PublicBody.Kind.NHS else "Council"
        rows.append(PublicBody(name=f"Bench {suffix} {number + 1:04d}", kind=kind, region=rng.choice(regions)))
    _bulk(PublicBody, rows)
    return list(PublicBody.objects.order_by("pk"))


def _staff_groups(rng, scale: Scale, bodies) -> list[Journey]:
    parents = [body for body in bodies if body.kind != PublicBody.Kind.CENTRAL]
    areas = [value for value, _ in ServiceArea.choices]
    existing = StaffGroup.objects.count()
    count = scale.staff_groups - existing
    leads = _bulk(
        User,
        [
            User(
                email=f"bench-lead-{n:05d}@bench.test",
                full_name=f"Bench Lead {n:05d}",
                role=User.Role.STAFF,
                password="!",  # unusable: nobody signs in as these
                public_body=parents[n % len(parents)],
            )
            for n in range(count)
        ],
    )
    groups = _bulk(
        StaffGroup,
        [
            StaffGroup(
                name=f"Bench Staff Group {n:05d}",
                service_name=f"Bench service {n:05d}",
                service_description=_text(rng, 25),
                service_area=rng.choice(areas),
                parent_body=parents[n % len(parents)],
                headcount=rng.randint(5, 900),
                annual_budget=Decimal(rng.randint(100_000, 30_000_000)),
            )
            for n in range(count)
        ],
    )
    _bulk(
        Membership, [Membership(group=g, user=u, role=Membership.Role.LEAD) for g, u in zip(groups, leads, strict=True)]
    )
    adviser = User.objects.filter(email="adviser@demo.test").first()
    stages = [value for value, _ in Stage.choices]
    now = timezone.now()
    journeys = []
    for group in groups:
        stage = rng.choices(stages, weights=[30, 25, 18, 14, 8, 5])[0]
        supported = rng.random() < 0.3
        journeys.append(
            Journey(
                group=group,
                stage=stage,
                status=Journey.Status.SPUN_OUT if stage == Stage.SPUN_OUT else Journey.Status.ACTIVE,
                in_support_programme=supported,
                assigned_adviser=adviser if supported else None,
                last_activity_at=now - timedelta(days=rng.randint(0, 200)),
            )
        )
    journeys = _bulk(Journey, journeys)
    definitions = list(TaskDefinition.objects.order_by("stage__order", "order")[:TASKS_PER_JOURNEY])
    statuses = [value for value, _ in Task.Status.choices]
    tasks = [
        Task(journey=journey, definition=definition, status=rng.choice(statuses))
        for journey in journeys
        for definition in definitions
    ]
    _bulk(Task, tasks, batch_size=5000)
    return journeys


def _eois(rng, scale: Scale, bodies):
    councils = [body for body in bodies if body.kind == PublicBody.Kind.COUNCIL]
    ChallengeSettings.objects.bulk_create([ChallengeSettings(council=c) for c in councils], ignore_conflicts=True)
    services = _bulk(
        ChallengeableService,
        [
            ChallengeableService(
                council=council,
                name=f"{area_label} ({council.name[:40]})",
                description=_text(rng, 30),
                current_provider="In-house",
                annual_value=Decimal(rng.randint(50_000, 5_000_000)),
                published=True,
            )
            for council in councils
            for area_label in rng.sample([label for _, label in ServiceArea.choices], 3)
        ],
    )
    today = timezone.localdate()
    _bulk(
        SubmissionWindow,
        [
            SubmissionWindow(service=s, opens_on=today - timedelta(days=400), closes_on=today + timedelta(days=200))
            for s in services
        ],
    )
    submitters = _bulk(
        User,
        [
            User(
                email=f"bench-body-{n:04d}@bench.test",
                full_name=f"Bench Body {n:04d}",
                role=User.Role.BODY,
                password="!",
            )
            for n in range(max(10, scale.eois // 40))
        ],
    )
    statuses = [
        (EOIStatus.RECEIVED, 10),
        (EOIStatus.ACKNOWLEDGED, 10),
        (EOIStatus.UNDER_REVIEW, 15),
        (EOIStatus.ACCEPTED, 20),
        (EOIStatus.ACCEPTED_MODIFIED, 5),
        (EOIStatus.REJECTED, 30),
        (EOIStatus.WITHDRAWN, 5),
        (EOIStatus.DRAFT, 5),
    ]
    body_types = [value for value, _ in BodyType.choices]
    eois = []
    for n in range(scale.eois):
        status = rng.choices([s for s, _ in statuses], weights=[w for _, w in statuses])[0]
        received = None if status == EOIStatus.DRAFT else today - timedelta(days=rng.randint(1, 380))
        eois.append(
            ExpressionOfInterest(
                service=services[n % len(services)],
                submitted_by=submitters[n % len(submitters)],
                body_type=rng.choice(body_types),
                body_name=f"Bench Relevant Body {n % 997:03d}",
                contact_name="Bench Contact",
                contact_email=f"contact{n}@bench.test",
                financial_resources=_text(rng, 30),
                capability=_text(rng, 30),
                service_and_area=_text(rng, 20),
                outcomes_wellbeing=_text(rng, 20),
                outcomes_users_needs=_text(rng, 20),
                staff_engagement=_text(rng, 20),
                status=status,
                received_on=received,
                acknowledgement_due_on=received and received + timedelta(days=30),
                acknowledged_on=received and received + timedelta(days=7)
                if status not in (EOIStatus.RECEIVED, EOIStatus.DRAFT)
                else None,
                decision_due_on=received and received + timedelta(days=90),
            )
        )
    eois = _bulk(ExpressionOfInterest, eois)
    officers = {u.public_body_id: u for u in User.objects.filter(role=User.Role.OFFICER)}
    fallback = User.objects.filter(role__in=[User.Role.OFFICER, User.Role.ADMIN]).order_by("pk").first()
    outcomes = {
        EOIStatus.ACCEPTED: DecisionOutcome.ACCEPTED,
        EOIStatus.ACCEPTED_MODIFIED: DecisionOutcome.ACCEPTED_MODIFIED,
        EOIStatus.REJECTED: DecisionOutcome.REJECTED,
    }
    grounds = [value for value, _ in RejectionGround.choices]
    now = timezone.now()
    decisions = []
    for eoi in eois:
        if eoi.status not in outcomes:
            continue
        outcome = outcomes[eoi.status]
        officer = officers.get(eoi.service.council_id, fallback)
        decided = now - timedelta(days=rng.randint(1, 300))
        decisions.append(
            Decision(
                eoi=eoi,
                outcome=outcome,
                grounds=rng.sample(grounds, 2) if outcome == DecisionOutcome.REJECTED else [],
                reasons=_text(rng, 40),
                modification=_text(rng, 15) if outcome == DecisionOutcome.ACCEPTED_MODIFIED else "",
                modification_agreed=outcome == DecisionOutcome.ACCEPTED_MODIFIED,
                wellbeing_considered=True,
                decided_by=officer,
                decided_at=decided,
                published_at=decided + timedelta(days=2),
                published_by=officer,
            )
        )
    _bulk(Decision, decisions)


def _referrals(rng, scale: Scale, bodies, journeys):
    regions = [value for value, _ in Region.choices]
    areas = [value for value, _ in ServiceArea.choices]
    progress = [value for value, _ in Referral.Progress.choices]
    statuses = [
        (Referral.Status.NEW, 15),
        (Referral.Status.IN_PROGRESS, 10),
        (Referral.Status.MORE_INFO, 5),
        (Referral.Status.ACCEPTED, 25),
        (Referral.Status.SIGNPOSTED, 25),
        (Referral.Status.DECLINED, 20),
    ]
    adviser = User.objects.filter(email="adviser@demo.test").first()
    now = timezone.now()
    year = now.year
    start = Referral.objects.count()
    rows = []
    for n in range(scale.referrals):
        status = rng.choices([s for s, _ in statuses], weights=[w for _, w in statuses])[0]
        body = bodies[n % len(bodies)]
        rows.append(
            Referral(
                reference=f"MIS-{year - 1}-B{start + n:05d}",
                status=status,
                contact_name=f"Bench Contact {n:05d}",
                contact_email=f"referral{n}@bench.test",
                organisation=f"Bench team {n:05d}",
                service_name=f"Bench service {n:05d}",
                service_area=rng.choice(areas),
                parent_body=body,
                parent_body_name=body.name,
                region=rng.choice(regions),
                headcount=rng.randint(3, 800),
                annual_budget=Decimal(rng.randint(50_000, 20_000_000)),
                progress=rng.choice(progress),
                help_needed=_text(rng, 40),
                consent=True,
                created_at=now - timedelta(minutes=rng.randint(1, 60 * 24 * 365)),
                assigned_adviser=adviser if status != Referral.Status.NEW else None,
            )
        )
    referrals = _bulk(Referral, rows)
    assessments = []
    for referral in referrals:
        if referral.status == Referral.Status.NEW:
            continue
        points = [rng.randint(0, 3) for _ in range(6)]
        score = Decimal(sum(points))
        assessments.append(
            TriageAssessment(
                referral=referral,
                t1_definition=True,
                t2_england=True,
                t3_sponsor=points[0],
                t4_commissioner=points[1],
                t5_staff=points[2],
                t6_viability=points[3],
                t7_innovation=points[4],
                t8_match=points[5],
                requested_support=Decimal(rng.randint(5_000, 150_000)),
                score=score,
                band="high" if score >= 13 else "medium" if score >= 8 else "low",
                assessed_by=adviser,
            )
        )
    _bulk(TriageAssessment, assessments)
    programme = Programme.objects.order_by("-starts_on").first()
    if programme is None:
        programme = Programme.objects.create(name="Mutuals Support Programme (benchmark)")
    categories = [value for value, _ in SupportAllocation.Category.choices]
    supported = [journey for journey in journeys if journey.in_support_programme]
    _bulk(
        SupportAllocation,
        [
            SupportAllocation(
                programme=programme,
                journey=journey,
                category=rng.choice(categories),
                supplier=f"Bench Advisers LLP {journey.pk % 40:02d}",
                amount=Decimal(rng.randint(500, 3_000)),
                allocated_on=date.today() - timedelta(days=rng.randint(0, 200)),
                created_by=adviser,
            )
            for journey in supported
        ],
    )


def _case_studies(rng, scale: Scale):
    areas = [value for value, _ in ServiceArea.choices]
    regions = [value for value, _ in Region.choices] + [""]
    forms = [value for value, _ in LegalForm.choices] + [""]
    ownership = [value for value, _ in OwnershipModel.choices] + [""]
    count = scale.case_studies - CaseStudy.objects.count()
    rare_every = max(1, count // 25)  # about 25 rows hold the rare word
    now = timezone.now()
    rows = []
    for n in range(count):
        body = _text(rng, 120)
        if n % rare_every == 7:
            body += f" Staff started an {RARE_WORD} club for residents."
        if n % 20 == 3:
            body += f" The board reports its {PHRASE} every year."
        area = rng.choice(areas)
        name = f"{ServiceArea(area).label} mutual {n:06d}"
        rows.append(
            CaseStudy(
                name=name,
                slug=slugify(name),
                summary=_text(rng, 25),
                body=body,
                outcomes=_text(rng, 30),
                lessons=_text(rng, 20),
                service_area=area,
                region=rng.choice(regions),
                parent_body=f"Bench Council {n % 250:03d}",
                legal_form=rng.choice(forms),
                ownership_model=rng.choice(ownership),
                year_spun_out=rng.choice([None] + list(range(1995, 2026))),
                staff_count=rng.randint(5, 3000),
                annual_turnover=Decimal(rng.randint(100_000, 90_000_000)),
                status=CaseStudy.Status.PUBLISHED,
                published_at=now - timedelta(days=rng.randint(0, 3000)),
            )
        )
    _bulk(CaseStudy, rows)
