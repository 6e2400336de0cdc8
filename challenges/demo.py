"""Right to Challenge demo data for seed_demo. Idempotent: safe to run again.

Northbridge: three services (one with a closed window), EOIs in every status, every decided EOI with
its published decision and notice, one conflict declared,
one EOI to acknowledge within 7 days and one overdue decision. Three Northbridge decisions are recorded
but not published (scripts/faults.py publishes them).
Eastvale: two services and one EOI. body@demo.test owns some EOIs; a second body owns others.
Youth clubs (Northbridge) set their own procurement periods and the leisure centres (Eastvale) their own
maximum; the other services take their council's.
"""

import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from journeys.models import Journey
from mutuals_portal.lib.history import acting

from .models import (
    BodyType,
    ChallengeableService,
    ChallengeSettings,
    ConflictDeclaration,
    Decision,
    DecisionNotice,
    DecisionOutcome,
    EOIStatus,
    EOIStatusChange,
    ExpressionOfInterest,
    InfoRequest,
    Partner,
    ProcurementExercise,
    ProcurementProcedure,
    ProcurementResult,
    RejectionGround,
    RelevantBodyProfile,
    Route,
    StaffMutualIntention,
    SubmissionWindow,
)
from .tasks import render_decision_notice

DEMO_PASSWORD = "demo-pass-2026"
SECOND_BODY = ("friends@demo.test", "Rosa Lind", "Friends of Eastgate Library", BodyType.CHARITY)

SERVICES = [
    # key, council, name, description, provider, value, contract end (days from today), window (open, close offsets)
    (
        "parks",
        "Northbridge City Council",
        "Parks and green spaces maintenance",
        "Grounds maintenance for 34 parks, 6 playgrounds and the city's allotment sites.",
        "In-house (Northbridge Parks Service)",
        Decimal("1850000"),
        400,
        None,
    ),
    (
        "youth",
        "Northbridge City Council",
        "Youth clubs and detached youth work",
        "Four youth clubs and a detached youth work team covering the inner city wards.",
        "In-house",
        Decimal("640000"),
        250,
        (-200, -140),
    ),
    (
        "libraries",
        "Northbridge City Council",
        "Community library outreach",
        "Home library service and library outreach to care homes and schools.",
        "In-house (Northbridge Libraries)",
        Decimal("310000"),
        500,
        (-10, 50),
    ),
    (
        "leisure",
        "Eastvale Council",
        "Eastvale leisure centres",
        "Two leisure centres with swimming pools and a community sports hall.",
        "Eastvale Leisure Trust",
        Decimal("2400000"),
        300,
        None,
    ),
    (
        "transport",
        "Eastvale Council",
        "Community transport",
        "Dial-a-ride and volunteer car scheme for residents who cannot use buses.",
        "In-house",
        Decimal("420000"),
        180,
        (30, 90),
    ),
]

# Periods from acceptance to procurement a service sets for itself (minimum, maximum; None: the council's).
# The statutory guidance asks councils to allow for the service's nature, scale and complexity.
SERVICE_PERIODS = {
    "youth": (45, 180),  # four small clubs, run in-house: a shorter run-up, within the school year
    "leisure": (None, 540),  # two leisure centres with pools: longer to prepare, the council's minimum
}

# body name, owner ("body" or "friends"), service key, status, days since receipt, extra
EOIS = [
    ("Northbridge Parks Volunteers", "body", "parks", EOIStatus.DRAFT, None, {}),
    ("Greenway Community Trust", "friends", "parks", EOIStatus.RECEIVED, 25, {}),  # acknowledgement due in 5 days
    ("Northbridge Parks Volunteers", "body", "libraries", EOIStatus.ACKNOWLEDGED, 95, {"decision_period": 92}),
    (
        "Youth Matters Northbridge",
        "body",
        "youth",
        EOIStatus.UNDER_REVIEW,
        160,
        {"window": "youth", "decision_period": 150},
    ),
    ("Friends of Eastgate Library", "friends", "libraries", EOIStatus.ACCEPTED, 8, {"outcome": "ACCEPTED"}),
    (
        "Northbridge Parks Volunteers",
        "body",
        "youth",
        EOIStatus.ACCEPTED_MODIFIED,
        170,
        {"window": "youth", "outcome": "ACCEPTED_MODIFIED"},
    ),
    # Decided, not yet published: the body still sees "Decision due by".
    (
        "Northbridge Allotment Society",
        "body",
        "parks",
        EOIStatus.UNDER_REVIEW,
        50,
        {"outcome": "REJECTED", "unpublished": True},
    ),
    (
        "Northbridge Green Gym",
        "body",
        "parks",
        EOIStatus.UNDER_REVIEW,
        45,
        {"outcome": "ACCEPTED", "unpublished": True},
    ),
    (
        "Eastgate Reading Circle",
        "friends",
        "libraries",
        EOIStatus.UNDER_REVIEW,
        6,
        {"window": "libraries", "outcome": "ACCEPTED", "unpublished": True},
    ),
    ("Northbridge Sports Collective", "friends", "parks", EOIStatus.REJECTED, 60, {"outcome": "REJECTED"}),
    (
        "Greenway Community Trust",
        "friends",
        "youth",
        EOIStatus.PROCUREMENT_STARTED,
        175,
        {"window": "youth", "outcome": "ACCEPTED", "procurement": True},
    ),
    ("Parks Staff Mutual", "body", "parks", EOIStatus.WITHDRAWN, 40, {"body_type": BodyType.STAFF2}),
    ("Eastvale Swimmers Club", "body", "leisure", EOIStatus.RECEIVED, 3, {}),
    # Rejected on ground R8: the council had published its intention to consider the library staff's mutual.
    ("Northbridge Storytellers", "body", "libraries", EOIStatus.REJECTED, 30, {"outcome": "REJECTED", "r8": True}),
    # A letter: the body has no account; an officer recorded it with the scanned original.
    ("Northbridge Tenants Federation", "post", "parks", EOIStatus.ACKNOWLEDGED, 9, {}),
    # A service Northbridge has not listed, described by the body (an officer still has to link it).
    (
        "Friends of Eastgate Library",
        "friends",
        "libraries",
        EOIStatus.RECEIVED,
        4,
        {"described": ("Mobile library", "The mobile library van that visits the villages north of the city.")},
    ),
    # Sent after the youth services period closed: the officer chooses to consider it or refuse it (R1).
    ("Northbridge Youth Forum", "body", "youth", EOIStatus.ACKNOWLEDGED, 12, {"outside_period": True}),
]

PATH = {
    EOIStatus.DRAFT: [],
    EOIStatus.RECEIVED: [EOIStatus.RECEIVED],
    EOIStatus.ACKNOWLEDGED: [EOIStatus.RECEIVED, EOIStatus.ACKNOWLEDGED],
    EOIStatus.UNDER_REVIEW: [EOIStatus.RECEIVED, EOIStatus.ACKNOWLEDGED, EOIStatus.UNDER_REVIEW],
    EOIStatus.ACCEPTED: [EOIStatus.RECEIVED, EOIStatus.ACKNOWLEDGED, EOIStatus.UNDER_REVIEW, EOIStatus.ACCEPTED],
    EOIStatus.ACCEPTED_MODIFIED: [
        EOIStatus.RECEIVED,
        EOIStatus.ACKNOWLEDGED,
        EOIStatus.UNDER_REVIEW,
        EOIStatus.ACCEPTED_MODIFIED,
    ],
    EOIStatus.REJECTED: [EOIStatus.RECEIVED, EOIStatus.ACKNOWLEDGED, EOIStatus.UNDER_REVIEW, EOIStatus.REJECTED],
    EOIStatus.PROCUREMENT_STARTED: [
        EOIStatus.RECEIVED,
        EOIStatus.ACKNOWLEDGED,
        EOIStatus.UNDER_REVIEW,
        EOIStatus.ACCEPTED,
        EOIStatus.PROCUREMENT_STARTED,
    ],
    EOIStatus.WITHDRAWN: [EOIStatus.RECEIVED, EOIStatus.WITHDRAWN],
}


# A service a council marks as excluded, with its basis (SI 2012/1313 reg 4 and Schedule 2).
EXCLUDED = {
    "care": (
        "Eastvale Council",
        "Complex care packages",
        "Care packages arranged jointly with the NHS for named residents with complex health and social care needs.",
        "Schedule 2 to SI 2012/1313, paragraph 1, as the council reads it: each package is commissioned jointly "
        "with an NHS body for one named person with complex health and social care needs.",
    ),
}


def _body_users(users):
    body = users["body@demo.test"]
    RelevantBodyProfile.objects.update_or_create(
        user=body, defaults={"body_name": "Northbridge Parks Volunteers", "body_type": BodyType.VCB}
    )
    email, name, body_name, body_type = SECOND_BODY
    friends = User.objects.filter(email=email).first() or User(email=email)
    friends.full_name = name
    friends.role = User.Role.BODY
    friends.set_password(DEMO_PASSWORD)
    friends.full_clean()
    friends.save()
    RelevantBodyProfile.objects.update_or_create(
        user=friends, defaults={"body_name": body_name, "body_type": body_type}
    )
    return {"body": body, "friends": friends}


def _services(bodies, today):
    services, windows = {}, {}
    for key, council, name, description, provider, value, end_days, window in SERVICES:
        min_days, max_days = SERVICE_PERIODS.get(key, (None, None))
        service, _ = ChallengeableService.objects.update_or_create(
            council=bodies[council],
            name=name,
            defaults={
                "description": description,
                "current_provider": provider,
                "annual_value": value,
                "contract_end": today + timedelta(days=end_days),
                "published": True,
                "procurement_min_days": min_days,
                "procurement_max_days": max_days,
            },
        )
        services[key] = service
        if window:
            found = service.windows.first() or SubmissionWindow(service=service)
            found.opens_on = today + timedelta(days=window[0])
            found.closes_on = today + timedelta(days=window[1])
            found.full_clean()
            found.save()
            windows[key] = found
    for key, (council, name, description, basis) in EXCLUDED.items():
        services[key], _ = ChallengeableService.objects.update_or_create(
            council=bodies[council],
            name=name,
            defaults={"description": description, "published": True, "excluded": True, "exclusion_basis": basis},
        )
    return services, windows


def _log(eoi, statuses, by_body, by_officer, received_at, gap):
    if eoi.status_changes.exists():
        return
    previous = EOIStatus.DRAFT
    for step, status in enumerate(statuses):
        who = by_body if status in (EOIStatus.RECEIVED, EOIStatus.WITHDRAWN) else by_officer
        note = (
            "Decision published"
            if status in (EOIStatus.ACCEPTED, EOIStatus.ACCEPTED_MODIFIED, EOIStatus.REJECTED)
            else "Demo data"
        )
        EOIStatusChange.objects.create(
            eoi=eoi,
            from_status=previous,
            to_status=status,
            changed_by=who,
            changed_at=received_at + gap * step,
            note=note,
        )
        previous = status


def _intention(service, officer, today):
    """Northbridge's published intention to consider provision of library outreach by its library staff's
    mutual (ground R8), linked to the staff group's journey, which the group shares with the council."""
    journey = Journey.objects.filter(
        group__name="Northbridge Libraries Staff Group", shared_with_council=True, group__parent_body=service.council
    ).first()
    published_on = today - timedelta(days=120)
    proposed_body = "the Northbridge Libraries Staff Group's proposed mutual"
    intention = StaffMutualIntention.objects.filter(service=service, proposed_body=proposed_body).first()
    if intention is not None:
        return intention
    recorded_at = timezone.make_aware(datetime.combine(published_on, time(9, 0)))
    intention = StaffMutualIntention(
        service=service,
        proposed_body=proposed_body,
        journey=journey,
        statement="Northbridge City Council intends to consider provision of community library outreach by a "
        "public service mutual that employees of its library service propose to set up.",
        published_on=published_on,
        where_published="Cabinet report, Future of library services (demo)",
        recorded_by=officer,
        recorded_at=recorded_at,
    )
    intention.full_clean()
    intention._history_date = recorded_at
    acting(intention, officer).save()
    return intention


def _procurement(eoi, decision, officer, recorded_at, today):
    """The procurement after an acceptance, within the periods frozen into the decision, under the
    Procurement Act 2023, and what it led to once the award date has passed. Its history carries the
    headline dates."""
    if ProcurementExercise.objects.filter(eoi=eoi).exists():
        return
    earliest, latest = decision.procurement_dates()
    starts_on = min(earliest + timedelta(days=30), latest)
    exercise = ProcurementExercise(
        eoi=eoi,
        starts_on=starts_on,
        procedure=ProcurementProcedure.COMPETITIVE_FLEXIBLE,
        notice_identifier=f"048213-{starts_on.year}",
        notice_published_on=starts_on,
        social_value_considered=True,
        social_value_notes="Local employment and volunteering weighted at 10% of the score.",
        recorded_by=officer,
        recorded_at=recorded_at,
    )
    exercise.full_clean()
    exercise._history_date = recorded_at
    acting(exercise, officer).save()
    awarded_on = starts_on + timedelta(days=45)
    if awarded_on > today:
        return
    awarded_at = timezone.make_aware(datetime.combine(awarded_on, time(15, 0)))
    exercise.result = ProcurementResult.AWARDED
    exercise.awarded_on = awarded_on
    exercise.winning_supplier = eoi.body_name
    exercise.winner_is_challenger = True
    exercise.contract_value = Decimal("1450000.00")
    exercise.contract_starts_on = awarded_on + timedelta(days=28)
    exercise.contract_ends_on = exercise.contract_starts_on.replace(
        year=exercise.contract_starts_on.year + 3
    ) - timedelta(days=1)
    exercise.result_recorded_by = officer
    exercise.result_recorded_at = awarded_at
    exercise.full_clean()
    exercise._history_date = awarded_at
    acting(exercise, officer).save()
    EOIStatusChange.objects.create(
        eoi=eoi,
        from_status=eoi.status,
        to_status=eoi.status,
        changed_by=officer,
        changed_at=awarded_at,
        note=f"Contract awarded on {awarded_on:%-d %B %Y} to {eoi.body_name} (the challenging body)",
    )


DECISION_MAKERS = {
    "Northbridge City Council": (
        "Priya Shah, Director of Communities",
        "Officer scheme of delegation, Part 3, paragraph 4.2 (community services)",
    ),
    "Eastvale Council": (
        "Tom Reed, Head of Leisure and Culture",
        "Constitution, Part 3, Section 5: delegations to heads of service",
    ),
}


def _decision(eoi, outcome, officer, decided_at, published_at, r8=False):
    """A decision as the rules make it: published ones were published after being decided; acceptances
    carry the service's periods (its own, or the council's) as they stood."""
    decision = eoi.decisions.first()
    if decision is not None:
        return decision
    details = {
        DecisionOutcome.ACCEPTED: {"grounds": [], "reasons": "The body showed the capability and resources needed."},
        DecisionOutcome.ACCEPTED_MODIFIED: {
            "grounds": [],
            "reasons": "The original proposal covered wards outside the service's area.",
            "modification": "The expression of interest covers the two inner-city youth clubs only.",
            "modification_agreed": True,
        },
        DecisionOutcome.REJECTED: {
            "grounds": [RejectionGround.R2_INFO_INADEQUATE.value, RejectionGround.R6_ALREADY_PROCURING.value],
            "reasons": "The grounds maintenance contract is already out to tender, and the financial information "
            "did not show how the first year would be funded.",
        },
    }[outcome]
    if r8:
        intention = StaffMutualIntention.objects.in_force().filter(service=eoi.service).first()
        details = {
            "grounds": [RejectionGround.R8_STAFF_MUTUAL_PUBLISHED.value],
            "reasons": "The council has published its intention to consider provision of this service by the "
            "mutual its library staff propose to set up.",
            "r8_intention": intention.citation,
        }
    maker, authority = DECISION_MAKERS[eoi.service.council.name]
    accepted = outcome != DecisionOutcome.REJECTED
    periods = eoi.service.procurement_periods()
    decision = Decision(
        eoi=eoi,
        outcome=outcome,
        decided_by=officer,
        decided_at=decided_at,
        wellbeing_considered=True,
        decision_maker=maker,
        delegated_authority=authority,
        procurement_min_days=periods.min_days if accepted else None,
        procurement_max_days=periods.max_days if accepted else None,
        **details,
    )
    decision.full_clean()
    decision.published_at = published_at
    decision.published_by = officer if published_at else None
    decision.save()
    return decision


def _letter_pdf(eoi) -> bytes:
    """A stand-in for the scanned letter (the demo has no real scans)."""
    from mutuals_portal.lib.pdf import html_to_pdf

    return html_to_pdf(
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Demo letter</title></head><body>'
        f"<p>Demo stand-in for a scanned letter.</p><p>{escape(eoi.body_name)} expresses an interest in running "
        f"{escape(eoi.service.name)} under the Community Right to Challenge.</p></body></html>"
    ).content


def _notice(decision):
    """Rendered here rather than queued, so the demo works before any worker has started."""
    notice, _ = DecisionNotice.objects.get_or_create(decision=decision)
    if notice.status != DecisionNotice.Status.READY:
        render_decision_notice.run(notice.pk)


def seed(*, bodies, users, stdout):
    today = timezone.localdate()
    owners = _body_users(users)
    officers = {
        "Northbridge City Council": users["officer@demo.test"],
        "Eastvale Council": users["officer2@demo.test"],
    }
    for council in officers:
        ChallengeSettings.objects.get_or_create(council=bodies[council])
    services, windows = _services(bodies, today)
    _intention(services["libraries"], officers["Northbridge City Council"], today)

    for body_name, owner_key, service_key, status, days_ago, extra in EOIS:
        service = services[service_key]
        if "described" in extra:
            name, description = extra["described"]
            service, _ = ChallengeableService.objects.get_or_create(
                council=service.council,
                name=name,
                defaults={"description": description, "published": False, "described_by_body": True},
            )
        owner = owners.get(owner_key)  # None: sent by post, recorded by an officer
        officer = officers[service.council.name]
        received_on = today - timedelta(days=days_ago) if days_ago is not None else None
        window = windows.get(extra.get("window")) if extra.get("window") else None
        start = window.closes_on if window and window.closes_on > received_on else received_on
        # One step of the EOI's history every `gap`; the headline dates are read from the same steps.
        gap = timedelta(days=min(3, days_ago // len(PATH[status]))) if received_on else None
        defaults = {
            "submitted_by": owner,
            "route": Route.POST if owner is None else Route.ONLINE,
            "recorded_by": officers[service.council.name] if owner is None else None,
            "original_document_name": "letter-scan.pdf" if owner is None else "",
            "body_type": extra.get("body_type", BodyType.CHARITY if owner_key == "friends" else BodyType.VCB),
            "registration_number": "1150987" if owner_key == "friends" else "",
            "contact_name": owner.full_name if owner else "Dev Mistry",
            "contact_email": owner.email if owner else "",
            "financial_resources": "Unrestricted reserves of 85,000 GBP; a three-year Lottery grant of 240,000 GBP; "
            "income from room hire.",
            "capability": "Our volunteers and two paid coordinators have run a similar service in the east of the "
            "city since 2019.",
            "service_and_area": f"{service.name}, across the whole area of {service.council.name}.",
            "outcomes_wellbeing": "More local volunteering, two apprenticeships and greener neighbourhoods.",
            "outcomes_users_needs": "Opening hours and activities chosen with users through quarterly forums.",
            "staff_engagement": "Monthly open meetings with every affected team and a staff place on the board."
            if extra.get("body_type") == BodyType.STAFF2
            else "",
            "status": status,
            "window": window,
            "outside_period": extra.get("outside_period", False),
            "received_on": received_on,
            "acknowledgement_due_on": start + timedelta(days=30) if start else None,
            "decision_due_on": start + timedelta(days=extra.get("decision_period", 90)) if start else None,
            "acknowledged_on": received_on + gap if EOIStatus.ACKNOWLEDGED in PATH[status] else None,
        }
        # A fixed token per demo EOI, so that EOIs people add while trying the demo never clash with it.
        key = f"{service_key}:{body_name}" + (f":{extra['described'][0]}" if "described" in extra else "")
        token = uuid.uuid5(uuid.NAMESPACE_URL, f"mutuals-portal-demo:{key}")
        eoi, created = ExpressionOfInterest.objects.update_or_create(
            creation_token=token, defaults={"service": service, "body_name": body_name, **defaults}
        )
        if created and owner_key == "friends" and status == EOIStatus.ACCEPTED:
            Partner.objects.create(
                eoi=eoi,
                kind=Partner.Kind.SUBCONTRACTOR,
                name="Northbridge Print Co-op",
                financial_resources="Turnover of 410,000 GBP in 2025; no debt.",
                capability="Prints the council's library leaflets and posters under contract since 2021.",
            )
        if received_on:
            received_at = timezone.make_aware(datetime.combine(received_on, time(10, 0)))
            _log(eoi, PATH[status], owner or officer, officer, received_at, gap)
        if owner is None and not eoi.original_document:
            eoi.original_document.save("letter-scan.pdf", ContentFile(_letter_pdf(eoi)), save=True)
        if "outcome" in extra:
            if extra.get("unpublished"):
                decided_at = received_at + gap * len(PATH[status])
                decision = _decision(eoi, extra["outcome"], officer, decided_at, None)
                EOIStatusChange.objects.get_or_create(
                    eoi=eoi,
                    officer_only=True,
                    defaults={
                        "from_status": status,
                        "to_status": status,
                        "changed_by": officer,
                        "changed_at": decided_at,
                        "note": f"Decision recorded, not published: {decision.get_outcome_display()}",
                    },
                )
            else:
                # Published when the status changed; decided half a step before.
                published_at = received_at + gap * PATH[status].index(extra["outcome"])
                decision = _decision(
                    eoi,
                    extra["outcome"],
                    officer,
                    published_at - gap / 2,
                    published_at,
                    r8=extra.get("r8", False),
                )
                _notice(decision)
            if extra.get("procurement"):
                recorded_at = received_at + gap * PATH[status].index(EOIStatus.PROCUREMENT_STARTED)
                _procurement(eoi, decision, officer, recorded_at, today)

    # The council has asked for more information; the body has not answered yet.
    asked = ExpressionOfInterest.objects.get(
        creation_token=uuid.uuid5(uuid.NAMESPACE_URL, "mutuals-portal-demo:libraries:Northbridge Parks Volunteers")
    )
    asked_at = timezone.make_aware(datetime.combine(asked.acknowledged_on + timedelta(days=2), time(11, 0)))
    _, created = InfoRequest.objects.get_or_create(
        eoi=asked,
        defaults={
            "question": "Please send your latest annual accounts and the letter confirming the Lottery grant.",
            "asked_by": officers["Northbridge City Council"],
            "asked_at": asked_at,
        },
    )
    if created:
        EOIStatusChange.objects.create(
            eoi=asked,
            from_status=asked.status,
            to_status=asked.status,
            changed_by=officers["Northbridge City Council"],
            changed_at=asked_at,
            note="The council asked for more information",
        )

    conflict_eoi = ExpressionOfInterest.objects.get(
        creation_token=uuid.uuid5(uuid.NAMESPACE_URL, "mutuals-portal-demo:youth:Youth Matters Northbridge")
    )
    ConflictDeclaration.objects.get_or_create(
        eoi=conflict_eoi,
        officer=officers["Northbridge City Council"],
        defaults={"interest": "My son attends one of the youth clubs run by this group.", "covers_body": False},
    )
    stdout.write(
        f"Right to Challenge: {len(SERVICES) + len(EXCLUDED)} services (one excluded), "
        f"{len(EOIS)} expressions of interest, "
        f"{Decision.objects.on_register().filter(eoi__service__in=services.values()).count()} published decisions."
    )
