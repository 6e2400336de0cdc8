"""Writes for referrals and the Support Programme budget: each in one transaction, each logged."""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone

from accounts.models import PublicBody, User
from accounts.services import public_body_not_listed
from journeys import services as journey_services
from journeys.models import GateRequest, Invitation, Journey, JourneyEvent, Membership, StaffGroup
from mutuals_portal.lib.history import acting
from notifications.services import notify

from . import scoring, subsidy
from .models import (
    MentoringMeeting,
    MentoringRequest,
    MentoringTopic,
    MentorOffer,
    OutcomeReturn,
    Programme,
    ReferenceCounter,
    Referral,
    ReferralEvent,
    ScoreModeration,
    SupportAllocation,
    TriageAssessment,
    current_programme,
)
from .notify import email_contact, tell_adviser

ENQUIRIES_PER_ADDRESS_PER_DAY = 3

S = Referral.Status
# The transition table: which status a referral may move to from each status.
TRANSITIONS = {
    S.NEW: {S.IN_PROGRESS, S.MORE_INFO, S.ACCEPTED, S.SIGNPOSTED, S.DECLINED},
    S.IN_PROGRESS: {S.MORE_INFO, S.ACCEPTED, S.SIGNPOSTED, S.DECLINED},
    S.MORE_INFO: {S.IN_PROGRESS, S.ACCEPTED, S.SIGNPOSTED, S.DECLINED},
    S.ACCEPTED: set(),
    S.SIGNPOSTED: set(),
    S.DECLINED: set(),
}


def can_move(from_status, to_status) -> bool:
    return S(to_status) in TRANSITIONS[S(from_status)]


def _locked(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral.pk)


def _move(referral: Referral, *, to: str, by: User | None, note: str = "", fields: tuple[str, ...] = ()) -> None:
    """Change the status (checking the table), save the given fields too, and log it."""
    if not can_move(referral.status, to):
        raise ValidationError(
            f"A referral that is {referral.get_status_display().lower()} cannot become {S(to).label.lower()}"
        )
    from_status = referral.status
    referral.status = to
    acting(referral, by).save(update_fields=["status", "updated_at", *fields])
    ReferralEvent.objects.create(referral=referral, actor=by, from_status=from_status, to_status=to, note=note)


# Enquiries -----------------------------------------------------------------------------------


def _next_reference(year: int) -> str:
    """MIS-<year>-<5 digits>, sequential per year; the counter row is locked until the transaction ends."""
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"MIS-{year}-{counter.last:05d}"


def mailbox(email: str) -> tuple[str, str]:
    """The mailbox an address delivers to, for the daily limit: lower-case, with any "+tag" dropped
    from the local part (name+tag@example.org reaches name@example.org)."""
    local, _, domain = email.strip().lower().rpartition("@")
    return local.split("+", 1)[0], domain


def enquiries_today(email: str) -> int:
    """Enquiries in the last 24 hours to the same mailbox (any +tag, any case)."""
    since = timezone.now() - timedelta(days=1)
    local, domain = mailbox(email)
    same_mailbox = Q(contact_email__iexact=f"{local}@{domain}") | Q(
        contact_email__istartswith=f"{local}+", contact_email__iendswith=f"@{domain}"
    )
    return Referral.objects.filter(same_mailbox, created_at__gte=since).count()


@transaction.atomic
def referral_submit(*, referral: Referral) -> Referral:
    """Save a public enquiry with its reference number and send the contact a confirmation."""
    referral.contact_email = User.objects.normalize_email(referral.contact_email).lower()
    if enquiries_today(referral.contact_email) >= ENQUIRIES_PER_ADDRESS_PER_DAY:
        raise ValidationError(
            {
                "contact_email": f"You have sent {ENQUIRIES_PER_ADDRESS_PER_DAY} enquiries from this email address "
                "in the last 24 hours. We will reply to those first; try again tomorrow."
            }
        )
    if not referral.consent:
        raise ValidationError({"consent": "Confirm that we may contact you about your enquiry"})
    referral.full_clean(exclude=["reference"])
    referral.created_at = timezone.now()
    referral.reference = _next_reference(timezone.localdate().year)
    referral.status = S.NEW
    referral.save()
    ReferralEvent.objects.create(
        referral=referral, actor=None, from_status="", to_status=S.NEW, note="Enquiry received"
    )
    email_contact(referral=referral, template="received")
    return referral


# Triage --------------------------------------------------------------------------------------


@transaction.atomic
def referral_assign(*, referral: Referral, adviser: User, by: User) -> Referral:
    referral = _locked(referral)
    if not adviser.is_adviser:
        raise ValidationError("Only an adviser can be assigned a referral")
    if not referral.is_open:
        raise ValidationError("This referral has been decided")
    if referral.assigned_adviser_id == adviser.pk:
        return referral
    referral.assigned_adviser = adviser
    note = f"Assigned to {adviser.full_name or adviser.email}"
    if referral.status == S.NEW:
        _move(referral, to=S.IN_PROGRESS, by=by, note=note, fields=("assigned_adviser",))
    else:
        acting(referral, by).save(update_fields=["assigned_adviser", "updated_at"])
        ReferralEvent.objects.create(
            referral=referral, actor=by, from_status=referral.status, to_status=referral.status, note=note
        )
    if adviser.pk != by.pk:
        tell_adviser(adviser=adviser, referral=referral, message=f"{referral.reference} was assigned to you")
    return referral


@transaction.atomic
def assessment_save(*, referral: Referral, assessment: TriageAssessment, by: User) -> TriageAssessment:
    """Score the referral (gates, weighted criteria, band); an untouched or waiting referral is now in progress."""
    referral = _locked(referral)
    if not referral.is_open:
        raise ValidationError("This referral has been decided; its assessment can no longer change")
    assessment.referral = referral
    if assessment.pk is None:  # re-assessing replaces the earlier assessment
        assessment.pk = TriageAssessment.objects.filter(referral=referral).values_list("pk", flat=True).first()
        assessment._state.adding = assessment.pk is None
    if assessment.pk and ScoreModeration.objects.filter(assessment_id=assessment.pk).exists():
        # The moderated scores count: a re-assessment would silently replace them.
        raise ValidationError(
            "This assessment has been moderated, so it cannot be re-assessed. Another adviser can moderate it again"
        )
    assessment.assessed_by = by
    points = {c.field: getattr(assessment, c.field) for c in scoring.CRITERIA}
    for criterion in scoring.CRITERIA:
        value = points[criterion.field]
        if value is None or not 0 <= value <= scoring.MAX_POINTS:
            raise ValidationError({criterion.field: "Enter a score from 0 to 3"})
    assessment.score = scoring.score(points)
    assessment.band = scoring.band(assessment.score)
    assessment.full_clean()
    acting(assessment, by).save()
    note = f"Assessed: score {assessment.score} ({assessment.get_band_display().lower()})"
    if not assessment.gates_passed:
        note += "; a gate failed"
    if referral.status in (S.NEW, S.MORE_INFO):
        _move(referral, to=S.IN_PROGRESS, by=by, note=note)
    else:
        ReferralEvent.objects.create(
            referral=referral, actor=by, from_status=referral.status, to_status=referral.status, note=note
        )
    return assessment


@transaction.atomic
def assessment_moderate(
    *, assessment: TriageAssessment, by: User, points: dict[str, int], reason: str
) -> ScoreModeration:
    """A second adviser moderates the criteria scores: the moderated scores become the assessment's (they
    count), the scores they replace are kept in the moderation row, and the referral's log says so.
    The adviser who assessed the referral cannot moderate their own scores."""
    referral = _locked(assessment.referral)
    assessment = TriageAssessment.objects.select_for_update().get(pk=assessment.pk)
    if not by.is_adviser:
        raise ValidationError("Only an adviser can moderate an assessment")
    if assessment.assessed_by_id == by.pk:
        raise ValidationError("You assessed this referral, so another adviser must moderate it")
    if not referral.is_open:
        raise ValidationError("This referral has been decided; its assessment can no longer change")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for moderating the scores"})
    for criterion in scoring.CRITERIA:
        value = points.get(criterion.field)
        if value is None or not 0 <= value <= scoring.MAX_POINTS:
            raise ValidationError({criterion.field: f"Score {criterion.code} from 0 to 3"})
    previous = {c.field: getattr(assessment, c.field) for c in scoring.CRITERIA}
    moderated = {c.field: points[c.field] for c in scoring.CRITERIA}
    new_score = scoring.score(moderated)
    moderation = ScoreModeration.objects.create(
        assessment=assessment,
        previous_points=previous,
        previous_score=assessment.score,
        previous_assessed_by_id=assessment.assessed_by_id,
        points=moderated,
        score=new_score,
        band=scoring.band(new_score),
        reason=reason.strip(),
        moderated_by=by,
    )
    for field, value in moderated.items():
        setattr(assessment, field, value)
    assessment.score = moderation.score
    assessment.band = moderation.band
    acting(assessment, by).save(update_fields=[*moderated, "score", "band"])
    ReferralEvent.objects.create(
        referral=referral,
        actor=by,
        from_status=referral.status,
        to_status=referral.status,
        note=f"Scores moderated: {moderation.previous_score} to {moderation.score} "
        f"({moderation.get_band_display().lower()}). {moderation.reason}",
    )
    return moderation


def assessment_flags(assessment: TriageAssessment | None) -> list[str]:
    if assessment is None:
        return []
    return scoring.flags(
        mutual_over_five_years=assessment.mutual_over_five_years,
        retendered=assessment.retendered,
        requested_support=assessment.requested_support,
    )


# Decisions -----------------------------------------------------------------------------------


def group_from_referral(referral: Referral, parent_body: PublicBody) -> StaffGroup:
    return StaffGroup(
        name=referral.organisation,
        service_name=referral.service_name,
        service_description=referral.help_needed,
        service_area=referral.service_area,
        parent_body=parent_body,
        headcount=max(referral.headcount, 2),
        annual_budget=referral.annual_budget,
    )


@transaction.atomic
def referral_accept(
    *,
    referral: Referral,
    by: User,
    group: StaffGroup | None = None,
    parent_body: PublicBody | None = None,
    parent_body_not_listed: str = "",
    note: str = "",
) -> Journey:
    """Accept into the Support Programme: link (or create) the staff group and its journey, mark it
    supported with an adviser, and invite the contact as the group's lead. Accepting twice is harmless."""
    referral = _locked(referral)
    if referral.status == S.ACCEPTED and referral.staff_group_id:
        return Journey.objects.get(group_id=referral.staff_group_id)
    assessment = TriageAssessment.objects.filter(referral=referral).first()
    if assessment is None:
        raise ValidationError("Assess the referral before you accept it")
    if not assessment.gates_passed:
        raise ValidationError("A gate (T1 or T2) failed, so this referral cannot be accepted")
    if not can_move(referral.status, S.ACCEPTED):
        raise ValidationError(f"A referral that is {referral.get_status_display().lower()} cannot be accepted")
    adviser = referral.assigned_adviser or by
    if group is None:
        if parent_body is None and parent_body_not_listed.strip():
            # As at registration: the group works at once; an administrator links or lists the body later.
            parent_body = public_body_not_listed(name=parent_body_not_listed)
        parent_body = parent_body or referral.parent_body
        if parent_body is None:
            raise ValidationError({"parent_body": "Choose the parent public body of the new staff group"})
        group = group_from_referral(referral, parent_body)
        group.full_clean()
        acting(group, by).save()
    journey = journey_services.journey_start(group=group, by=by, in_support_programme=True)
    journey.in_support_programme = True
    if journey.assigned_adviser_id is None:
        journey.assigned_adviser = adviser
    acting(journey, by).save(update_fields=["in_support_programme", "assigned_adviser"])
    journey.log(by, JourneyEvent.Kind.SETTINGS, f"Accepted into the Mutuals Support Programme ({referral.reference})")
    referral.staff_group = group
    referral.assigned_adviser = adviser
    _move(
        referral,
        to=S.ACCEPTED,
        by=by,
        note=note or f"Accepted: {group.name}",
        fields=("staff_group", "assigned_adviser"),
    )
    already_in = Membership.objects.filter(group=group, user__email__iexact=referral.contact_email).exists()
    invited = Invitation.objects.pending().filter(group=group).for_address(referral.contact_email).exists()
    if not already_in and not invited:
        journey_services.invitation_create(group=group, email=referral.contact_email, role=Membership.Role.LEAD, by=by)
    email_contact(referral=referral, template="decision", context={"group": group, "invited": not already_in})
    if adviser.pk != by.pk:
        tell_adviser(
            adviser=adviser, referral=referral, message=f"{referral.reference} was accepted and assigned to you"
        )
    return journey


@transaction.atomic
def referral_signpost(*, referral: Referral, by: User, destination: str, note: str = "") -> Referral:
    referral = _locked(referral)
    if not destination.strip():
        raise ValidationError({"destination": "Enter where you are sending them"})
    referral.signpost_destination = destination.strip()
    _move(
        referral, to=S.SIGNPOSTED, by=by, note=note or f"Signposted to {destination}", fields=("signpost_destination",)
    )
    email_contact(referral=referral, template="decision", context={"note": note})
    return referral


@transaction.atomic
def referral_decline(*, referral: Referral, by: User, reason: str) -> Referral:
    referral = _locked(referral)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for declining"})
    referral.decline_reason = reason.strip()
    _move(referral, to=S.DECLINED, by=by, note=reason, fields=("decline_reason",))
    email_contact(referral=referral, template="decision")
    return referral


@transaction.atomic
def referral_request_information(*, referral: Referral, by: User, message: str) -> Referral:
    referral = _locked(referral)
    if not message.strip():
        raise ValidationError({"message": "Enter what information you need"})
    referral.information_requested = message.strip()
    _move(referral, to=S.MORE_INFO, by=by, note=message, fields=("information_requested",))
    email_contact(referral=referral, template="decision")
    return referral


# Programme budget ----------------------------------------------------------------------------


def _sum(queryset) -> Decimal:
    return queryset.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def programme_allocated(programme: Programme) -> Decimal:
    return _sum(SupportAllocation.objects.filter(programme=programme))


def journey_allocated(programme: Programme, journey: Journey) -> Decimal:
    return _sum(SupportAllocation.objects.filter(programme=programme, journey=journey))


def programme_get_or_create_default() -> Programme:
    programme = current_programme()
    if programme is None:
        programme, _ = Programme.objects.get_or_create(name="Mutuals Support Programme")
    return programme


def mfa_total(journey: Journey, on, *, exclude: SupportAllocation | None = None) -> Decimal:
    """The minimal financial assistance the portal knows of for the journey's enterprise within the
    applicable period ending on `on` (s.36(2)): MFA given in the period, plus MFA notified and waiting
    for the enterprise's confirmation (reserved, whatever its date). Reversed allocations do not count."""
    start, end = subsidy.applicable_period(on)
    mfa = SupportAllocation.objects.filter(
        journey=journey, basis=SupportAllocation.Basis.MFA, reverses__isnull=True, reversal__isnull=True
    ).filter(
        Q(mfa_status=SupportAllocation.MfaStatus.GIVEN, given_on__range=(start, end))
        | Q(mfa_status=SupportAllocation.MfaStatus.NOTIFIED)
    )
    if exclude is not None:
        mfa = mfa.exclude(pk=exclude.pk)
    return _sum(mfa)


def _lock_journey(journey: Journey) -> None:
    """Every allocation to a journey, in any programme, takes its row: the MFA total is checked one at a time."""
    Journey.objects.select_for_update().filter(pk=journey.pk).first()


def _over_limit_message(total: Decimal, start, end, *, declared: Decimal = Decimal("0")) -> str:
    declared_text = f", including £{declared:,.2f} the enterprise declared from elsewhere," if declared else ""
    return (
        f"This would take the enterprise's minimal financial assistance from {start:%-d %B %Y} to {end:%-d %B %Y}"
        f"{declared_text} to £{total:,.2f}, over the £{subsidy.mfa_limit():,.0f} limit "
        "(Subsidy Control Act 2022, section 36)"
    )


@transaction.atomic
def allocation_create(
    *,
    programme: Programme,
    journey: Journey,
    category: str,
    supplier: str,
    amount: Decimal,
    by: User,
    allocated_on=None,
    basis: str = SupportAllocation.Basis.MFA,
    basis_note: str = "",
) -> SupportAllocation:
    """Commit support to a journey. The programme row stays locked until commit, so allocations made
    at the same moment are checked one after another and the budget and cap can never be overspent;
    the journey row too, so its enterprise's MFA total cannot pass the limit either.

    As minimal financial assistance the allocation starts as notified (s.37(1)): it reserves its amount
    and is given only when the enterprise's written confirmation is recorded (mfa_give)."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    _lock_journey(journey)
    if amount is None or amount <= 0:
        raise ValidationError({"amount": "Enter an amount more than £0"})
    # Read from the database: a group deleted since the page was loaded gets nothing more.
    if not Journey.objects.live().filter(pk=journey.pk, in_support_programme=True).exists():
        raise ValidationError("Only a journey in the Support Programme can receive support")
    remaining = programme.budget - programme_allocated(programme)
    if amount > remaining:
        raise ValidationError(
            {"amount": f"The amount must be no more than the programme's remaining budget, £{remaining:,.2f}"}
        )
    journey_remaining = programme.per_journey_cap - journey_allocated(programme, journey)
    if amount > journey_remaining:
        raise ValidationError(
            {"amount": f"The amount must be no more than this journey's remaining cap, £{journey_remaining:,.2f}"}
        )
    today = allocated_on or timezone.localdate()
    if basis == SupportAllocation.Basis.MFA:
        total = mfa_total(journey, today) + amount
        if subsidy.over_limit(total):
            start, end = subsidy.applicable_period(today)
            raise ValidationError(
                {
                    "amount": _over_limit_message(total, start, end)
                    + ". Allocate less, or record another lawful basis for this subsidy"
                }
            )
    elif not basis_note.strip():
        raise ValidationError({"basis_note": "Enter the lawful basis for giving this support"})
    allocation = SupportAllocation(
        programme=programme,
        journey=journey,
        category=category,
        supplier=supplier.strip(),
        amount=amount,
        allocated_on=today,
        created_by=by,
        basis=basis,
        basis_note=basis_note.strip() if basis == SupportAllocation.Basis.OTHER else "",
    )
    if basis == SupportAllocation.Basis.MFA:
        allocation.mfa_status = SupportAllocation.MfaStatus.NOTIFIED
        allocation.mfa_notified_on = today
    allocation.full_clean()
    allocation.save()
    return allocation


@transaction.atomic
def mfa_give(
    *, allocation: SupportAllocation, by: User, confirmed_on, other_declared: Decimal, given_on=None
) -> SupportAllocation:
    """Record the enterprise's written confirmation (s.37(2)(c)) and give the assistance as MFA: only
    now may it be given (s.37(3)), and the MFA confirmation is issued with the date and amount (s.37(4)-(5)).
    The limit is checked again on the day it is given, with what the enterprise declared from elsewhere."""
    Programme.objects.select_for_update().get(pk=allocation.programme_id)
    _lock_journey(allocation.journey)
    allocation = SupportAllocation.objects.select_related("journey__group").get(pk=allocation.pk)
    given_on = given_on or timezone.localdate()
    if not allocation.awaiting_confirmation or hasattr(allocation, "reversal"):
        raise ValidationError("This allocation is not waiting for the enterprise's confirmation")
    if confirmed_on is None:
        raise ValidationError({"confirmed_on": "Enter the date the enterprise's written confirmation arrived"})
    if confirmed_on > given_on:
        raise ValidationError({"confirmed_on": "The date the confirmation arrived must be today or in the past"})
    if allocation.mfa_notified_on and confirmed_on < allocation.mfa_notified_on:
        raise ValidationError(
            {
                "confirmed_on": "The confirmation must arrive on or after the notification was given, "
                f"{allocation.mfa_notified_on:%-d %B %Y}"
            }
        )
    if other_declared is None or other_declared < 0:
        raise ValidationError({"other_declared": "Enter the amount the enterprise declared, or 0"})
    total = mfa_total(allocation.journey, given_on, exclude=allocation) + allocation.amount + other_declared
    if subsidy.over_limit(total):
        start, end = subsidy.applicable_period(given_on)
        raise ValidationError(
            {
                "other_declared": _over_limit_message(total, start, end, declared=other_declared)
                + ". It cannot be given as MFA: reverse the allocation, or give less"
            }
        )
    allocation.enterprise_confirmed_on = confirmed_on
    allocation.other_mfa_declared = other_declared
    allocation.given_on = given_on
    allocation.confirmed_by = by
    allocation.mfa_status = SupportAllocation.MfaStatus.GIVEN
    allocation.full_clean()
    acting(allocation, by).save(
        update_fields=["enterprise_confirmed_on", "other_mfa_declared", "given_on", "confirmed_by", "mfa_status"]
    )
    return allocation


@transaction.atomic
def allocation_reverse(*, allocation: SupportAllocation, by: User, reason: str) -> SupportAllocation:
    """Cancel an allocation with a negative correction (allocations are never deleted)."""
    Programme.objects.select_for_update().get(pk=allocation.programme_id)
    _lock_journey(allocation.journey)
    allocation = SupportAllocation.objects.get(pk=allocation.pk)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for reversing this allocation"})
    if allocation.is_reversal:
        raise ValidationError("A correction cannot itself be reversed")
    if SupportAllocation.objects.filter(reverses=allocation).exists():
        raise ValidationError("This allocation has already been reversed")
    correction = SupportAllocation(
        programme_id=allocation.programme_id,
        journey_id=allocation.journey_id,
        category=allocation.category,
        supplier=allocation.supplier,
        amount=-allocation.amount,
        allocated_on=timezone.localdate(),
        reverses=allocation,
        reason=reason.strip(),
        created_by=by,
        basis=allocation.basis,
        basis_note=allocation.basis_note,
    )
    correction.full_clean()
    correction.save()
    return correction


# Selectors -----------------------------------------------------------------------------------


def gate_requests_waiting():
    """Stage sign-offs of supported journeys waiting for an adviser, oldest first."""
    return (
        GateRequest.objects.filter(status=GateRequest.Status.PENDING, journey__in_support_programme=True)
        .select_related("journey__group", "journey__assigned_adviser", "requested_by")
        .order_by("requested_at", "id")
    )


# Outcomes after spin-out --------------------------------------------------------------------------

OUTCOME_FIELDS = OutcomeReturn.FIGURES


@transaction.atomic
def outcome_return_save(*, journey: Journey, year: int, by, values: dict, new: bool) -> OutcomeReturn:
    """Submit a journey's return for a financial year (`new`), or correct it: the history keeps each version
    with who and when, and the journey's timeline says it happened."""
    existing = OutcomeReturn.objects.select_for_update().filter(journey=journey, year=year).first()
    if new and existing is not None:
        raise ValidationError(
            {"year": f"You have already sent the return for {existing.year_label}: change that return instead"}
        )
    if not new and existing is None:
        raise ValidationError("This return no longer exists")
    outcome = existing or OutcomeReturn(journey=journey, year=year)
    for name in OUTCOME_FIELDS:
        setattr(outcome, name, values[name])
    outcome.submitted_by = by
    outcome.submitted_at = timezone.now()
    acting(outcome, by).full_clean()
    try:
        with transaction.atomic():  # two people sending the same year at once: the second is told, not a 500
            outcome.save()
    except IntegrityError:
        raise ValidationError(
            {"year": f"A return for {outcome.year_label} was sent a moment ago: change that return instead"}
        ) from None
    verb = "Submitted" if existing is None else "Corrected"
    journey.log(by, JourneyEvent.Kind.DATA, f"{verb} the outcome return for {outcome.year_label}")
    return outcome


# Mentoring ---------------------------------------------------------------------------------------

CHANGED_SINCE = "Someone else changed this since you opened the page. Check what it says now and try again"


def _check_version(row, version: int | None) -> None:
    if row.version != version:
        raise ValidationError(CHANGED_SINCE)


def _valid_topics(topics) -> list[str]:
    chosen = [MentoringTopic(topic).value for topic in topics]
    if not chosen:
        raise ValidationError({"topics": "Choose at least one topic"})
    return chosen


def mentorings_running(offer: MentorOffer) -> int:
    return MentoringRequest.objects.matched().filter(offer=offer).count()


@transaction.atomic
def mentor_offer_save(*, user: User, values: dict, version: int | None = None) -> MentorOffer:
    """Offer to mentor, or change the offer. A new offer, or one an adviser did not approve (or whose approval was
    withdrawn) and now changed, waits for an adviser's approval; an approved offer stays approved (its history
    shows each change)."""
    offer = MentorOffer.objects.select_for_update().filter(mentor=user).first()
    if offer is None:
        offer = MentorOffer(mentor=user)
    else:
        _check_version(offer, version)
        offer.version += 1
    for name in ("mutual_name", "spin_out_role", "service_areas", "region", "capacity", "active"):
        setattr(offer, name, values[name])
    offer.topics = _valid_topics(values["topics"])
    if offer.pk and offer.capacity < mentorings_running(offer):
        raise ValidationError(
            {"capacity": f"You mentor {mentorings_running(offer)} groups now: enter at least that many"}
        )
    if offer.status in MentorOffer.NOT_APPROVED:
        offer.status = MentorOffer.Status.PENDING
        offer.decided_by, offer.decided_at, offer.decision_note = None, None, ""
    acting(offer, user).full_clean()
    offer.save()
    return offer


def _record_decision(offer: MentorOffer, status: str, by: User, note: str) -> None:
    """An adviser's decision on an offer (approved, not approved, withdrawn, approved again): its status, who, when
    and why, saved as a new version with the adviser recorded in its history."""
    offer.status = status
    offer.decided_by, offer.decided_at, offer.decision_note = by, timezone.now(), note.strip()
    offer.version += 1
    acting(offer, by).save()


@transaction.atomic
def mentor_offer_decide(*, offer: MentorOffer, by: User, approve: bool, note: str, version: int) -> MentorOffer:
    """An adviser approves an offer (it is then offered to groups) or does not (with a reason)."""
    offer = MentorOffer.objects.select_for_update().get(pk=offer.pk)
    _check_version(offer, version)
    if offer.status != MentorOffer.Status.PENDING:
        raise ValidationError("This offer has been decided already")
    if not approve and not note.strip():
        raise ValidationError({"note": "Say why the offer is not approved"})
    _record_decision(offer, MentorOffer.Status.APPROVED if approve else MentorOffer.Status.DECLINED, by, note)
    notify(
        recipient=offer.mentor,
        event="referrals.mentor_offer_decided",
        obj=offer,
        message="Your offer to mentor staff groups was "
        + ("approved: an adviser will match you with a group" if approve else "not approved"),
        url=reverse("referrals:mentor_offer"),
    )
    return offer


WITHDRAWN_END_REASON = "The mentor's approval was withdrawn: {reason}"


@transaction.atomic
def mentor_offer_withdraw(
    *, offer: MentorOffer, by: User, reason: str, version: int
) -> tuple[MentorOffer, list[MentoringRequest]]:
    """An adviser withdraws an offer's approval (the mentor left their mutual, a conflict of interest), with a
    reason: the offer is no longer offered to groups, and each mentoring it runs ends now with that reason, as
    mentoring_end would end it, so the mentor's read access to those journeys ends with it. The mentor is told
    (with the reason, as for a decision); each group's leads are told the mentoring ended and may ask again.
    Returns the offer and the mentorings ended."""
    offer = MentorOffer.objects.select_for_update().select_related("mentor").get(pk=offer.pk)
    _check_version(offer, version)
    if not by.is_adviser:
        raise ValidationError("Only an adviser can withdraw the approval of an offer to mentor")
    if offer.status != MentorOffer.Status.APPROVED:
        raise ValidationError("This offer is not approved, so there is no approval to withdraw")
    if not reason.strip():
        raise ValidationError({"reason": "Say why you are withdrawing the approval"})
    _record_decision(offer, MentorOffer.Status.WITHDRAWN, by, reason)
    # The offer is locked first: a match waiting for it then finds it withdrawn (mentoring_match checks the status
    # under that lock). The rows locked next are matched mentorings, which no match holds, and mentoring_end locks
    # only its own mentoring: nothing waits in a circle.
    running = list(
        MentoringRequest.objects.select_for_update(of=("self",))
        .matched()
        .filter(offer=offer)
        .select_related("journey__group")
        .order_by("pk")
    )
    mentor = offer.mentor
    for mentoring in running:
        _close(mentoring, by=by, reason=WITHDRAWN_END_REASON.format(reason=offer.decision_note))
        journey = mentoring.journey
        journey.log(by, JourneyEvent.Kind.SETTINGS, "Mentoring ended: the mentor's approval was withdrawn")
        for lead in _leads(journey):
            notify(
                recipient=lead,
                event="referrals.mentoring_ended",
                obj=mentoring,
                message=f"{mentor.full_name} no longer mentors your group: the Support Programme withdrew their "
                "approval as a mentor. You can ask for another mentor",
                url=reverse("referrals:journey_mentoring", args=[journey.pk]),
            )
    ended = f": your mentoring of {len(running)} group{'s' if len(running) != 1 else ''} has ended" if running else ""
    notify(
        recipient=mentor,
        event="referrals.mentor_offer_decided",
        obj=offer,
        message=f"An adviser withdrew the approval of your offer to mentor{ended}",
        url=reverse("referrals:mentor_offer"),
    )
    return offer, running


@transaction.atomic
def mentor_offer_reapprove(*, offer: MentorOffer, by: User, note: str, version: int) -> MentorOffer:
    """An adviser approves again an offer that was not approved or whose approval was withdrawn (the reason has
    gone, or the decision was a mistake), with a reason, without the mentor changing it first. The offer is then
    offered to groups again; mentorings a withdrawal ended stay ended (their groups ask again and an adviser
    matches them), so the offer runs none and its capacity needs no check. The mentor is told."""
    offer = MentorOffer.objects.select_for_update().select_related("mentor").get(pk=offer.pk)
    if not by.is_adviser:
        raise ValidationError("Only an adviser can approve an offer to mentor again")
    _check_version(offer, version)
    if offer.status == MentorOffer.Status.APPROVED:
        raise ValidationError("This offer is approved already")
    if offer.status not in MentorOffer.NOT_APPROVED:
        raise ValidationError("This offer is waiting for a decision: approve it or not instead")
    if not note.strip():
        raise ValidationError({"note": "Say why you are approving the offer now"})
    again = " again" if offer.status == MentorOffer.Status.WITHDRAWN else ""  # a declined offer was never approved
    _record_decision(offer, MentorOffer.Status.APPROVED, by, note)
    notify(
        recipient=offer.mentor,
        event="referrals.mentor_offer_decided",
        obj=offer,
        message=f"Your offer to mentor staff groups was approved{again}: an adviser will match you with a group",
        url=reverse("referrals:mentor_offer"),
    )
    return offer


@transaction.atomic
def mentoring_request_create(*, journey: Journey, by: User, topics, note: str) -> MentoringRequest:
    """A supported journey's lead asks for a mentor; the journey's adviser is told."""
    if not journey.in_support_programme or journey.status != Journey.Status.ACTIVE:
        raise ValidationError("Only an active journey in the Support Programme can ask for a mentor")
    mentoring = MentoringRequest(journey=journey, topics=_valid_topics(topics), note=note.strip(), requested_by=by)
    acting(mentoring, by).full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            mentoring.save()
    except IntegrityError:
        raise ValidationError("Your group has asked for a mentor already") from None
    journey.log(by, JourneyEvent.Kind.SETTINGS, "Asked the Support Programme for a mentor")
    if journey.assigned_adviser is not None:
        notify(
            recipient=journey.assigned_adviser,
            event="referrals.mentoring_requested",
            obj=mentoring,
            message=f"{journey.group.name} asked for a mentor",
            url=reverse("referrals:mentoring_match", args=[mentoring.pk]),
        )
    return mentoring


def offers_for(mentoring: MentoringRequest) -> list[MentorOffer]:
    """Approved offers with room for another group, best fit first: topics in common, then the same region,
    then the same service area. Mentors who belong to the group itself are left out."""
    group = mentoring.journey.group
    offers = (
        MentorOffer.objects.offered()
        .exclude(mentor__memberships__group=group)
        .select_related("mentor")
        .annotate(running=Count("mentorings", filter=Q(mentorings__status=MentoringRequest.Status.MATCHED)))
        .filter(running__lt=F("capacity"))
    )
    wanted = set(mentoring.topics)

    def fit(offer):
        return (
            -len(wanted & set(offer.topics)),
            offer.region != group.parent_body.region if group.parent_body_id else True,
            group.service_area not in offer.service_areas,
            offer.mutual_name,
        )

    return sorted(offers, key=fit)


@transaction.atomic
def mentoring_match(*, mentoring: MentoringRequest, offer: MentorOffer, by: User, version: int) -> MentoringRequest:
    """An adviser matches a waiting request with an approved offer that has room (the offer's row is locked
    while its mentorings are counted, so two matches at once cannot overfill it). Both sides are told."""
    mentoring = MentoringRequest.objects.select_for_update().select_related("journey__group").get(pk=mentoring.pk)
    _check_version(mentoring, version)
    if mentoring.status != MentoringRequest.Status.OPEN:
        raise ValidationError("This request is not waiting for a mentor any more")
    offer = MentorOffer.objects.select_for_update().select_related("mentor").get(pk=offer.pk)
    if offer.status != MentorOffer.Status.APPROVED or not offer.active:
        raise ValidationError({"offer": "This mentor is not taking on groups now: choose another"})
    if mentorings_running(offer) >= offer.capacity:
        raise ValidationError({"offer": "This mentor has no room for another group: choose another"})
    if Membership.objects.filter(group_id=mentoring.journey.group_id, user_id=offer.mentor_id).exists():
        raise ValidationError({"offer": "This mentor belongs to the group: choose another"})
    mentoring.status = MentoringRequest.Status.MATCHED
    mentoring.offer, mentoring.matched_by, mentoring.matched_at = offer, by, timezone.now()
    mentoring.version += 1
    acting(mentoring, by).save()
    journey = mentoring.journey
    journey.log(
        by, JourneyEvent.Kind.SETTINGS, f"Matched with a mentor: {offer.mentor.full_name} ({offer.mutual_name})"
    )
    url = reverse("referrals:journey_mentoring", args=[journey.pk])
    notify(
        recipient=offer.mentor,
        event="referrals.mentor_matched",
        obj=mentoring,
        message=f"You are now mentoring {journey.group.name}",
        url=url,
    )
    for lead in _leads(journey):
        notify(
            recipient=lead,
            event="referrals.mentor_matched",
            obj=mentoring,
            message=f"{offer.mentor.full_name} of {offer.mutual_name} is now your group's mentor",
            url=url,
        )
    return mentoring


def _leads(journey: Journey) -> list[User]:
    memberships = Membership.objects.filter(group_id=journey.group_id, role=Membership.Role.LEAD).select_related("user")
    return [m.user for m in memberships]


@transaction.atomic
def mentoring_end(*, mentoring: MentoringRequest, by: User, reason: str, version: int) -> MentoringRequest:
    """End a mentoring (or withdraw a request still waiting). The mentor's read access ends with it: it is
    looked up in every request (programme.access.journeys_mentored_by)."""
    mentoring = (
        MentoringRequest.objects.select_for_update(of=("self",))
        .select_related("journey__group", "offer__mentor")
        .get(pk=mentoring.pk)
    )
    _check_version(mentoring, version)
    if mentoring.status not in MentoringRequest.CURRENT:
        raise ValidationError("This mentoring has ended already")
    was_matched = mentoring.status == MentoringRequest.Status.MATCHED
    _close(mentoring, by=by, reason=reason)
    journey = mentoring.journey
    journey.log(by, JourneyEvent.Kind.SETTINGS, "Mentoring ended" if was_matched else "Request for a mentor withdrawn")
    if was_matched and mentoring.offer is not None:
        mentor = mentoring.offer.mentor
        if mentor.pk != by.pk:
            # About nothing they may still see: the mentoring page is closed to them now.
            notify(
                recipient=mentor,
                event="referrals.mentoring_ended",
                message=f"Your mentoring of {journey.group.name} has ended",
                url=reverse("referrals:mentor_offer"),
            )
        else:
            for lead in _leads(journey):
                notify(
                    recipient=lead,
                    event="referrals.mentoring_ended",
                    obj=mentoring,
                    message=f"{mentor.full_name} ended their mentoring of your group",
                    url=reverse("referrals:journey_mentoring", args=[journey.pk]),
                )
    return mentoring


def _close(mentoring: MentoringRequest, *, by: User, reason: str) -> None:
    """End a mentoring the caller has locked: who, when and why (its history keeps each)."""
    mentoring.status = MentoringRequest.Status.ENDED
    mentoring.ended_by, mentoring.ended_at, mentoring.end_reason = by, timezone.now(), reason.strip()
    mentoring.version += 1
    acting(mentoring, by).save()


@transaction.atomic
def mentoring_meeting_log(*, mentoring: MentoringRequest, by: User, met_on, topics, note: str) -> MentoringMeeting:
    """The mentor or the group records a meeting: when, the topics, a short note."""
    mentoring = MentoringRequest.objects.select_for_update().get(pk=mentoring.pk)
    if mentoring.status != MentoringRequest.Status.MATCHED:
        raise ValidationError("Meetings are logged while the mentoring runs")
    if met_on > timezone.localdate():
        raise ValidationError({"met_on": "The date of the meeting must be today or in the past"})
    if mentoring.matched_at and met_on < timezone.localdate(mentoring.matched_at):
        raise ValidationError({"met_on": "The date of the meeting must be on or after the day you were matched"})
    meeting = MentoringMeeting(
        mentoring=mentoring, met_on=met_on, topics=_valid_topics(topics), note=note.strip(), logged_by=by
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def mentoring_note_save(*, mentoring: MentoringRequest, by: User, note: str, version: int) -> MentoringRequest:
    """The mentor's note to the group (their comments), unless someone changed the mentoring since it was read."""
    mentoring = MentoringRequest.objects.select_for_update().get(pk=mentoring.pk)
    _check_version(mentoring, version)
    if mentoring.status != MentoringRequest.Status.MATCHED:
        raise ValidationError("This mentoring has ended")
    mentoring.mentor_note = note.strip()
    mentoring.version += 1
    acting(mentoring, by).save(update_fields=["mentor_note", "version"])
    return mentoring
