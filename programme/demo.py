"""Demo referrals (25, across statuses and regions, some scored) and the Support Programme budget.

Riverside Community Therapy Team (supported, from journeys.demo) came in through an accepted referral and
has support allocated close to, but under, the per-journey cap.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import Region, User
from journeys import services as journey_services
from journeys.demo import DEMO_PASSWORD, seed_after_launch
from journeys.models import Journey, Membership, StaffGroup, Stage, StageChange
from mutuals_portal.lib.choices import ServiceArea

from . import outcomes, scoring, services
from .models import (
    MentoringMeeting,
    MentoringRequest,
    MentoringTopic,
    MentorOffer,
    OutcomeReturn,
    Programme,
    Referral,
    ReferralEvent,
    RubricDescriptor,
    SupportAllocation,
    TriageAssessment,
)
from .rubric import ensure_descriptors
from .services import _next_reference

S = Referral.Status
A = ServiceArea
R = Region

# organisation, service, area, region, parent body name, headcount, budget, status, age in days, points (T3-T8) or None
REFERRALS = [
    (
        "Northbridge Youth Workers",
        "Northbridge Youth Service",
        A.YOUTH,
        R.NORTH_WEST,
        "Northbridge City Council",
        28,
        1100000,
        S.NEW,
        2,
        None,
    ),
    (
        "Kingsmere Adult Learning Team",
        "Kingsmere Adult and Community Learning",
        A.LEARNING,
        R.SOUTH_EAST,
        "Kingsmere County Council",
        85,
        3200000,
        S.NEW,
        1,
        None,
    ),
    (
        "Tynebank Leisure Staff",
        "Tynebank Leisure Centres",
        A.LEISURE,
        R.NORTH_EAST,
        "Tynebank Council",
        140,
        5400000,
        S.NEW,
        5,
        None,
    ),
    (
        "Fenwick Day Services",
        "Fenwick Learning Disability Day Services",
        A.ADULT_SOCIAL_CARE,
        R.EAST,
        "Eastvale Council",
        36,
        1250000,
        S.NEW,
        9,
        None,
    ),
    (
        "Marlow Vale School Nurses",
        "Marlow Vale School Nursing",
        A.COMMUNITY_HEALTH,
        R.SOUTH_WEST,
        "Marlow Vale NHS Trust",
        22,
        900000,
        S.NEW,
        12,
        None,
    ),
    (
        "Ashby Libraries Collective",
        "Ashby Libraries",
        A.LIBRARIES,
        R.EAST_MIDLANDS,
        "Ashby District Council",
        31,
        980000,
        S.NEW,
        18,
        None,
    ),
    (
        "Hollins Park Rangers",
        "Hollins Parks and Countryside",
        A.ENVIRONMENT,
        R.YORKSHIRE,
        "Hollins Metropolitan Council",
        19,
        760000,
        S.NEW,
        33,
        None,
    ),
    (
        "Cardiff Bay Careers Team",
        "Careers advice",
        A.LEARNING,
        R.WALES,
        "Cardiff Bay Council",
        12,
        400000,
        S.IN_PROGRESS,
        4,
        [1, 1, 1, 1, 1, 0],
    ),
    (
        "Westford Reablement Team",
        "Westford Reablement",
        A.ADULT_SOCIAL_CARE,
        R.WEST_MIDLANDS,
        "Westford City Council",
        64,
        2100000,
        S.IN_PROGRESS,
        7,
        [3, 3, 2, 3, 2, 2],
    ),
    (
        "Lowmoor Community Transport",
        "Lowmoor Dial-a-Ride",
        A.TRANSPORT,
        R.NORTH_WEST,
        "Lowmoor Borough Council",
        17,
        650000,
        S.IN_PROGRESS,
        15,
        [2, 2, 2, 1, 2, 1],
    ),
    (
        "Greystone Health Visitors",
        "Greystone Health Visiting",
        A.COMMUNITY_HEALTH,
        R.LONDON,
        "Greystone Community NHS Trust",
        48,
        2600000,
        S.IN_PROGRESS,
        21,
        [3, 2, 3, 2, 3, 1],
    ),
    (
        "Seacombe Museums Staff",
        "Seacombe Museums and Galleries",
        A.LEISURE,
        R.SOUTH_WEST,
        "Seacombe Council",
        39,
        1800000,
        S.IN_PROGRESS,
        26,
        [1, 0, 2, 1, 2, 0],
    ),
    (
        "Oakridge Payroll Services",
        "Oakridge Shared Payroll",
        A.BACK_OFFICE,
        R.EAST,
        "Oakridge County Council",
        26,
        1300000,
        S.IN_PROGRESS,
        40,
        [2, 3, 1, 2, 1, 0],
    ),
    (
        "Brackley Children's Centres",
        "Brackley Children's Centres",
        A.CHILDREN,
        R.EAST_MIDLANDS,
        "Brackley County Council",
        55,
        2900000,
        S.MORE_INFO,
        11,
        [2, 1, 2, 1, 2, 1],
    ),
    (
        "Dunmore Housing Support",
        "Dunmore Tenancy Support",
        A.HOUSING,
        R.YORKSHIRE,
        "Dunmore City Council",
        30,
        1150000,
        S.MORE_INFO,
        46,
        None,
    ),
    (
        "Pennine Podiatry Team",
        "Pennine Community Podiatry",
        A.COMMUNITY_HEALTH,
        R.NORTH_WEST,
        "Pennine Care NHS Trust",
        24,
        1400000,
        S.MORE_INFO,
        63,
        [2, 2, 1, 2, 2, 0],
    ),
    (
        "Riverside Community Therapy Team",
        "Riverside Community Therapy",
        A.ADULT_SOCIAL_CARE,
        R.EAST,
        "Eastvale Council",
        64,
        2740000,
        S.ACCEPTED,
        150,
        [3, 3, 2, 3, 2, 2],
    ),
    (
        "Harbour Town Leisure Trust",
        "Harbour Town Pools and Gyms",
        A.LEISURE,
        R.SOUTH_EAST,
        "Harbour Town Council",
        110,
        4300000,
        S.SIGNPOSTED,
        35,
        [1, 1, 2, 2, 1, 0],
    ),
    (
        "Millbrook Waste Crews",
        "Millbrook Refuse and Recycling",
        A.ENVIRONMENT,
        R.WEST_MIDLANDS,
        "Millbrook Borough Council",
        140,
        6200000,
        S.SIGNPOSTED,
        72,
        None,
    ),
    (
        "Glenside Community Cafe",
        "Glenside Cafe",
        A.OTHER,
        R.SCOTLAND,
        "Glenside Council",
        6,
        120000,
        S.DECLINED,
        28,
        None,
    ),
    (
        "Stourton Care Co-operative",
        "Stourton Home Care",
        A.ADULT_SOCIAL_CARE,
        R.WEST_MIDLANDS,
        "Stourton Council",
        70,
        2400000,
        S.DECLINED,
        95,
        [1, 0, 1, 0, 1, 0],
    ),
    (
        "Eastvale Meals on Wheels",
        "Eastvale Community Meals",
        A.ADULT_SOCIAL_CARE,
        R.EAST,
        "Eastvale Council",
        15,
        480000,
        S.NEW,
        3,
        None,
    ),
    (
        "Carrow Primary Care Team",
        "Carrow GP Out-of-hours",
        A.PRIMARY_CARE,
        R.LONDON,
        "Carrow NHS Trust",
        44,
        3100000,
        S.IN_PROGRESS,
        55,
        [3, 3, 3, 2, 3, 3],
    ),
    (
        "Northbridge Archives Volunteers",
        "Northbridge Archive Outreach",
        A.LIBRARIES,
        R.NORTH_WEST,
        "Northbridge City Council",
        8,
        210000,
        S.DECLINED,
        120,
        None,
    ),
    (
        "Whitcliffe Adult Learning",
        "Whitcliffe Skills Service",
        A.LEARNING,
        R.NORTH_EAST,
        "Whitcliffe Council",
        33,
        1500000,
        S.IN_PROGRESS,
        68,
        [2, 1, 1, 1, 1, 1],
    ),
]

DECISION_FIELDS = {
    S.SIGNPOSTED: {"signpost_destination": "Co-operatives UK"},
    S.DECLINED: {"decline_reason": "The service is not delivered in England, or is too small to spin out as a mutual."},
    S.MORE_INFO: {"information_requested": "Has your council's cabinet or senior team agreed to explore a mutual?"},
}
ALLOCATIONS = [  # category, supplier (fictional firms), amount: 235,000 of the 250,000 cap
    (SupportAllocation.Category.LEGAL, "Harbourside Legal LLP (fictional)", Decimal("95000")),
    (SupportAllocation.Category.FINANCIAL, "Kestrel Finance Partners (fictional)", Decimal("80000")),
    (SupportAllocation.Category.BUSINESS_PLANNING, "Larkfield Planning Co-op (fictional)", Decimal("60000")),
]


EVIDENCE = {  # what an enquiry says towards T3-T5 and T8 (fictional)
    "sponsor": "Director of Community Services (name given on the call)",
    "commissioner_position": Referral.CommissionerPosition.SUPPORTIVE,
    "staff_consultation": "Two team meetings and an anonymous survey; the union branch has been briefed.",
    "match_funding": "The council has offered staff time for the business case; no cash yet.",
    "deadlines": "The current in-house arrangement is reviewed at the end of the financial year.",
}


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())[:24]


def _referral(spec, *, bodies, adviser) -> Referral:
    name, service, area, region, body, headcount, budget, status, age, points = spec
    referral = Referral.objects.filter(organisation=name).first()
    if referral is not None:
        return referral
    created = timezone.now() - timedelta(days=age, hours=2)
    referral = Referral.objects.create(
        reference=_next_reference(created.year),
        status=status,
        contact_name=f"Contact at {name}",
        contact_email=f"{_slug(name)}@enquiry.demo.test",
        organisation=name,
        service_name=service,
        service_area=area,
        parent_body=bodies.get(body),
        parent_body_name=body,
        region=region,
        headcount=headcount,
        annual_budget=Decimal(budget),
        progress=Referral.Progress.EXPLORING if status == S.NEW else Referral.Progress.SUPPORTED,
        help_needed="We want advice on legal structures, pensions and a business plan to put to our council.",
        **(EVIDENCE if status != S.NEW else {}),
        consent=True,
        created_at=created,
        assigned_adviser=None if status == S.NEW else adviser,
        **DECISION_FIELDS.get(status, {}),
    )
    ReferralEvent.objects.create(referral=referral, from_status="", to_status=S.NEW, note="Enquiry received")
    if points is not None:
        values = dict(zip([c.field for c in scoring.CRITERIA], points, strict=True))
        score = scoring.score(values)
        england = region not in (R.WALES, R.SCOTLAND, R.NORTHERN_IRELAND)
        TriageAssessment.objects.create(
            referral=referral,
            t1_definition=True,
            t2_england=england,
            **values,
            requested_support=Decimal("240000") if name.startswith("Carrow") else Decimal("120000"),
            score=score,
            band=scoring.band(score),
            notes="Scored from the enquiry and a call with the contact.",
            assessed_by=adviser,
        )
    if status != S.NEW:
        ReferralEvent.objects.create(
            referral=referral, actor=adviser, from_status=S.NEW, to_status=S.IN_PROGRESS, note="Assigned and assessed"
        )
    if status not in (S.NEW, S.IN_PROGRESS):
        ReferralEvent.objects.create(
            referral=referral, actor=adviser, from_status=S.IN_PROGRESS, to_status=status, note="Demo decision"
        )
    return referral


def seed(*, bodies, users, stdout):
    adviser = users["adviser@demo.test"]
    ensure_descriptors(RubricDescriptor)  # seeded by migration 0005; again here after a test flush
    for spec in REFERRALS:
        referral = _referral(spec, bodies=bodies, adviser=adviser)
        if referral.status == S.ACCEPTED and referral.staff_group_id is None:
            referral.staff_group = StaffGroup.objects.filter(name=referral.organisation).first()
            referral.save(update_fields=["staff_group"])

    programme, _ = Programme.objects.get_or_create(
        name="Mutuals Support Programme",
        defaults={"budget": Decimal("10000000"), "per_journey_cap": Decimal("250000")},
    )
    riverside = Journey.objects.filter(group__name="Riverside Community Therapy Team").first()
    if riverside is not None and not SupportAllocation.objects.filter(journey=riverside).exists():
        # Minimal financial assistance: the first two given (notified, confirmed by the enterprise, MFA
        # confirmation issued), the last notified and waiting for the enterprise's written confirmation.
        for days, (category, supplier, amount) in zip((120, 90, 30), ALLOCATIONS, strict=True):
            on = timezone.localdate() - timedelta(days=days)
            given = days > 30
            SupportAllocation.objects.create(
                programme=programme,
                journey=riverside,
                category=category,
                supplier=supplier,
                amount=amount,
                allocated_on=on,
                created_by=adviser,
                basis=SupportAllocation.Basis.MFA,
                mfa_status=SupportAllocation.MfaStatus.GIVEN if given else SupportAllocation.MfaStatus.NOTIFIED,
                mfa_notified_on=on,
                enterprise_confirmed_on=on + timedelta(days=6) if given else None,
                other_mfa_declared=Decimal("0") if given else None,
                given_on=on + timedelta(days=7) if given else None,
                confirmed_by=adviser if given else None,
            )
    stdout.write(
        f"  Referrals: {Referral.objects.count()} (queue at /referrals/ for adviser@demo.test); "
        "programme budget 10m GBP, Riverside has 235,000 of its 250,000 cap (MFA: 175,000 given, 60,000 notified)\n"
    )
    _spun_out_mutual(bodies=bodies, adviser=adviser, stdout=stdout)
    _mentors(adviser=adviser, stdout=stdout)


OUTCOMES_GROUP = {
    "name": "Harbourside Leisure Staff Mutual",
    "service_name": "Harbourside Leisure and Wellbeing",
    "service_description": "Two leisure centres, a lido and the exercise-on-referral service (fictional).",
    "service_area": ServiceArea.LEISURE,
    "headcount": 118,
    "annual_budget": Decimal("4200000.00"),
}
OUTCOMES_LEAD = ("lead4@demo.test", "Priya Shah")
# Two years of returns for the demo's spun-out supported mutual (fictional figures).
OUTCOME_RETURNS = [
    {
        "staff_headcount": 121,
        "turnover": Decimal("4310000"),
        "sickness_absence_days": Decimal("7.9"),
        "staff_turnover_percent": Decimal("14.5"),
        "user_satisfaction_percent": Decimal("86"),
        "contracts_won": 2,
        "contracts_lost": 0,
        "social_value_highlights": "Free swimming lessons for 400 children from low-income families.",
    },
    {
        "staff_headcount": 127,
        "turnover": Decimal("4580000"),
        "sickness_absence_days": Decimal("6.8"),
        "staff_turnover_percent": Decimal("11.2"),
        "user_satisfaction_percent": Decimal("89"),
        "contracts_won": 3,
        "contracts_lost": 1,
        "social_value_highlights": "Twelve apprenticeships; the lido reopened with a community-run cafe.",
    },
]


def _spun_out_mutual(*, bodies, adviser, stdout) -> None:
    """A supported journey that spun out three financial years ago, with returns for the two years since."""
    lead = User.objects.filter(email=OUTCOMES_LEAD[0]).first() or User(email=OUTCOMES_LEAD[0])
    lead.full_name = OUTCOMES_LEAD[1]
    lead.role = User.Role.STAFF
    lead.is_active = True
    lead.set_password(DEMO_PASSWORD)
    lead.full_clean()
    lead.save()
    group, _ = StaffGroup.objects.update_or_create(
        name=OUTCOMES_GROUP["name"], defaults={**OUTCOMES_GROUP, "parent_body": bodies["Eastvale Council"]}
    )
    Membership.objects.update_or_create(group=group, user=lead, defaults={"role": Membership.Role.LEAD})
    journey = journey_services.journey_start(group=group, by=lead, in_support_programme=True)
    if journey.stage != Stage.SPUN_OUT:
        journey.in_support_programme = True
        journey.assigned_adviser = adviser
        journey.save(update_fields=["in_support_programme", "assigned_adviser"])
        while journey.next_stage is not None:
            journey.change_stage(to_stage=journey.next_stage, by=adviser, note="Signed off (demo history)")
        # The demo's history: spun out in the financial year three years ago (stage changes are never
        # edited by the portal; only the demo dates them in the past).
        spun_out_on = timezone.make_aware(datetime(outcomes.current_financial_year() - 2, 6, 1, 10))
        StageChange.objects.filter(journey=journey).update(changed_at=spun_out_on)
    first = outcomes.current_financial_year() - 2
    # After launch: its contract (re-tender planning) and its yearly duties as a community benefit society.
    seed_after_launch(journey, lead, spun_out_year=first)
    for year, values in enumerate(OUTCOME_RETURNS, start=first):
        if not OutcomeReturn.objects.filter(journey=journey, year=year).exists():
            services.outcome_return_save(journey=journey, year=year, by=lead, values=values, new=True)
    stdout.write(
        f"  Outcomes: {group.name} (supported, spun out) has returns for {first} and {first + 1}, "
        f"led by {OUTCOMES_LEAD[0]}\n"
    )


# Mentors: people who led a spin-out (fictional people and mutuals). The first mentors Riverside; the lead of the
# demo's spun-out mutual has offered too, and waits for the adviser's approval.
MENTOR = ("mentor@demo.test", "Ruth Adeyemi")
MENTOR_OFFER = {
    "mutual_name": "Larkspur Community Care CIC (fictional)",
    "spin_out_role": "Operations director who led the staff ballot, the TUPE consultation and the first contract",
    "service_areas": [ServiceArea.ADULT_SOCIAL_CARE, ServiceArea.COMMUNITY_HEALTH],
    "region": Region.EAST,
    "topics": [MentoringTopic.STAFF_ENGAGEMENT, MentoringTopic.PENSIONS_TUPE, MentoringTopic.BUSINESS_PLAN],
    "capacity": 2,
}
SECOND_MENTOR_OFFER = {
    "mutual_name": OUTCOMES_GROUP["name"],
    "spin_out_role": "Chair of the staff group through the ballot and the transfer",
    "service_areas": [ServiceArea.LEISURE],
    "region": Region.EAST,
    "topics": [MentoringTopic.COMMISSIONER, MentoringTopic.CONTRACTS, MentoringTopic.LEADERSHIP],
    "capacity": 1,
}


def _mentors(*, adviser, stdout) -> None:
    mentor = User.objects.filter(email=MENTOR[0]).first() or User(email=MENTOR[0])
    mentor.full_name = MENTOR[1]
    mentor.role = User.Role.STAFF
    mentor.is_active = True
    mentor.set_password(DEMO_PASSWORD)
    mentor.full_clean()
    mentor.save()
    now = timezone.now()
    offer, _ = MentorOffer.objects.get_or_create(
        mentor=mentor,
        defaults={
            **MENTOR_OFFER,
            "status": MentorOffer.Status.APPROVED,
            "decided_by": adviser,
            "decided_at": now - timedelta(days=40),
            "created_at": now - timedelta(days=45),
        },
    )
    riverside = Journey.objects.filter(group__name="Riverside Community Therapy Team").first()
    if riverside is not None and not MentoringRequest.objects.filter(journey=riverside).exists():
        lead = Membership.objects.filter(group=riverside.group, role=Membership.Role.LEAD).first()
        mentoring = MentoringRequest.objects.create(
            journey=riverside,
            topics=[MentoringTopic.STAFF_ENGAGEMENT, MentoringTopic.PENSIONS_TUPE],
            note="We would like to talk to someone who has been through the TUPE consultation.",
            requested_by=lead.user if lead else None,
            requested_at=now - timedelta(days=35),
            status=MentoringRequest.Status.MATCHED,
            offer=offer,
            matched_by=adviser,
            matched_at=now - timedelta(days=30),
            mentor_note="Start the pensions conversation with the LGPS fund early: it took us four months.",
        )
        MentoringMeeting.objects.create(
            mentoring=mentoring,
            met_on=timezone.localdate() - timedelta(days=12),
            topics=[MentoringTopic.PENSIONS_TUPE],
            note="Walked through our TUPE consultation timetable and the letters we sent staff.",
            logged_by=mentor,
        )
    lead4 = User.objects.filter(email=OUTCOMES_LEAD[0]).first()
    if lead4 is not None:
        MentorOffer.objects.get_or_create(mentor=lead4, defaults=SECOND_MENTOR_OFFER)
    stdout.write(
        f"  Mentoring: {MENTOR[0]} mentors Riverside (one meeting logged); {OUTCOMES_LEAD[0]}'s offer to mentor "
        "waits for the adviser's approval\n"
    )
