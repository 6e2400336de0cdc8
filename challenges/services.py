"""Writes for the Right to Challenge. Every status change goes through eoi_transition."""

import logging
import uuid
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import PublicBody, User
from accounts.services import user_create
from jobs.services import send_after_commit
from jobs.workers import this_host_prefix, worker_is_gone
from mutuals_portal.lib.history import acting

from . import notify
from .models import (
    AWAITING_DECISION,
    Attachment,
    BodyType,
    ChallengeableService,
    ChallengeSettings,
    ConflictDeclaration,
    Decision,
    DecisionNotice,
    EOIStatus,
    EOIStatusChange,
    ExpressionOfInterest,
    InfoRequest,
    JourneyEOI,
    Partner,
    ProcurementExercise,
    ProcurementResult,
    RejectionGround,
    RelevantBodyProfile,
    Route,
    StaffMutualIntention,
    compute_due_dates,
    deadlines_start,
    not_a_relevant_authority,
)

logger = logging.getLogger(__name__)


class TransitionNotAllowed(ValidationError):
    pass


class OutsideSubmissionWindow(ValidationError):
    def __init__(self, service: ChallengeableService):
        self.windows = service.sorted_windows()
        super().__init__("Expressions of interest for this service can only be submitted during its windows")


def _check_relevant_authority(council: PublicBody, field: str = "service") -> None:
    """England only, relevant authorities only: a clear error and nothing changes."""
    problem = not_a_relevant_authority(council)
    if problem:
        raise ValidationError({field: problem})


def eoi_transition(*, eoi: ExpressionOfInterest, to: str, by: User | None, note: str = "", extra_fields=()) -> None:
    """Move an EOI to another status, if the transition table allows it, and log the change."""
    if not eoi.can_move_to(to):
        raise TransitionNotAllowed(
            f"An expression of interest that is {eoi.get_status_display().lower()} cannot become "
            f"{EOIStatus(to).label.lower()}"
        )
    from_status = eoi.status
    eoi.status = to
    acting(eoi, by).save(update_fields=["status", "updated_at", *extra_fields])
    EOIStatusChange.objects.create(eoi=eoi, from_status=from_status, to_status=to, changed_by=by, note=note)


# --- relevant bodies ------------------------------------------------------------


@transaction.atomic
def body_register(
    *, email: str, full_name: str, body_name: str, body_type: str, password: str = "", password_hash: str = ""
) -> User:
    """The body's account and profile; `password_hash` when the password was hashed earlier (a
    registration confirmed by email, accounts.registration)."""
    user = user_create(
        email=email, full_name=full_name, role=User.Role.BODY, password=password, password_hash=password_hash
    )
    profile = RelevantBodyProfile(user=user, body_name=body_name, body_type=body_type)
    profile.full_clean()
    profile.save()
    return user


# --- expressions of interest ----------------------------------------------------


DRAFT_FIELDS = (
    "body_type",
    "body_name",
    "registration_number",
    "contact_name",
    "contact_email",
    "contact_phone",
    "financial_resources",
    "capability",
    "service_and_area",
    "outcomes_wellbeing",
    "outcomes_users_needs",
    "staff_engagement",
)


def draft_initial(user: User) -> dict:
    """What a new EOI form starts with: the body's profile and the user as contact (nothing saved yet)."""
    profile = RelevantBodyProfile.objects.filter(user=user).first()
    return {
        "body_name": profile.body_name if profile else "",
        "body_type": profile.body_type if profile else "",
        "contact_name": user.full_name,
        "contact_email": user.email,
    }


@transaction.atomic
def eoi_create_draft(*, service: ChallengeableService, user: User, token: uuid.UUID, **fields) -> ExpressionOfInterest:
    """Create the draft when the body first saves answers (never on "Start": no empty drafts); the same
    form token (a double click) gives back the same draft. Without answers, the profile's details."""
    existing = ExpressionOfInterest.objects.filter(creation_token=token).first()
    if existing is not None:
        if existing.submitted_by_id != user.pk:
            raise ValidationError("This form has already been used")
        return existing
    _check_relevant_authority(service.council)
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise ValueError(f"Not EOI fields: {sorted(unknown)}")
    eoi = ExpressionOfInterest(
        service=service, submitted_by=user, creation_token=token, **{**draft_initial(user), **fields}
    )
    eoi.full_clean()
    acting(eoi, user).save()
    return eoi


@transaction.atomic
def eoi_start_from_journey(
    *,
    journey,
    user: User,
    service: ChallengeableService,
    staff_engagement: str,
    supporting_employees: int,
    token: uuid.UUID,
) -> ExpressionOfInterest:
    """A staff group's draft, started from its journey by a lead: the body is "two or more employees of the
    authority" (s.81(6)(d)), for one of the services of the council the group works for. The draft holds the
    staff-engagement answer from the start; the link ties it to the journey."""
    from journeys.models import Membership

    existing = ExpressionOfInterest.objects.filter(creation_token=token).first()
    if existing is not None:
        if existing.submitted_by_id != user.pk:
            raise ValidationError("This form has already been used")
        return existing
    group = journey.group
    if not Membership.objects.filter(group=group, user=user, role=Membership.Role.LEAD).exists():
        raise ValidationError("Only a lead of the group can express an interest for it")
    if service.council_id != group.parent_body_id or not service.published or service.described_by_body:
        raise ValidationError({"service": f"Select one of the services of {group.parent_body.name}"})
    if not staff_engagement.strip():
        raise ValidationError({"staff_engagement": "Describe how the group will engage other affected employees"})
    eoi = eoi_create_draft(
        service=service,
        user=user,
        token=token,
        body_type=BodyType.STAFF2,
        body_name=group.name,
        staff_engagement=staff_engagement.strip(),
    )
    link = JourneyEOI(eoi=eoi, journey=journey, supporting_employees=supporting_employees)
    link.full_clean()
    link.save()
    return eoi


@transaction.atomic
def eoi_start_unlisted(
    *, council: PublicBody, name: str, description: str, user: User, token: uuid.UUID
) -> ExpressionOfInterest:
    """A draft for a service the council has not listed: the body's description becomes a service record
    (unpublished, marked as described by a body) until an officer links or confirms it."""
    existing = ExpressionOfInterest.objects.filter(creation_token=token).first()
    if existing is not None:
        if existing.submitted_by_id != user.pk:
            raise ValidationError("This form has already been used")
        return existing
    if council.kind != PublicBody.Kind.COUNCIL:
        raise ValidationError({"council": "Select a council"})
    _check_relevant_authority(council, field="council")
    service = ChallengeableService(
        council=council,
        name=name.strip(),
        description=description.strip(),
        published=False,
        described_by_body=True,
    )
    service.full_clean()
    service.save()
    return eoi_create_draft(service=service, user=user, token=token)


RECORDED_FIELDS = DRAFT_FIELDS


@transaction.atomic
def eoi_record_received(
    *, service: ChallengeableService, by: User, route: str, received_on: date, original, **fields
) -> ExpressionOfInterest:
    """An officer records an EOI that came by email or post (s.81(1)(b): any writing counts). It then follows
    the same path as one sent online: the deadlines run from the day it was received."""
    if not (by.is_officer and service.council_id == by.public_body_id):
        raise ValidationError({"service": "Select one of your council's services"})
    _check_relevant_authority(service.council)
    if route not in (Route.EMAIL, Route.POST):
        raise ValidationError({"route": "Select how the expression of interest was sent"})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date it was received must be today or in the past"})
    unknown = set(fields) - set(RECORDED_FIELDS)
    if unknown:
        raise ValueError(f"Not EOI fields: {sorted(unknown)}")
    service = ChallengeableService.objects.prefetch_related("windows").select_related("council").get(pk=service.pk)
    window = service.window_on(received_on)
    settings = ChallengeSettings.for_council(service.council)
    eoi = ExpressionOfInterest(
        service=service,
        submitted_by=None,
        route=route,
        recorded_by=by,
        window=window,
        outside_period=not service.accepts_on(received_on),
        received_on=received_on,
        original_document_name=original.name[:255],
        **fields,
    )
    eoi.acknowledgement_due_on, eoi.decision_due_on = compute_due_dates(
        received_on=received_on, window=window, decision_period_days=settings.decision_period_days
    )
    eoi.full_clean(exclude=["original_document"])
    eoi.original_document.save(original.name, original, save=False)
    acting(eoi, by).save()
    eoi_transition(
        eoi=eoi,
        to=EOIStatus.RECEIVED,
        by=by,
        note=f"Received {Route(route).label.lower()} on {received_on:%-d %B %Y}; recorded by the council",
    )
    notify.send_email(template="eoi_received", to=[eoi.contact_email], context={"eoi": eoi, "service": service})
    return eoi


@transaction.atomic
def eoi_link_service(
    *,
    eoi: ExpressionOfInterest,
    by: User,
    service: ChallengeableService | None = None,
    name: str = "",
    description: str = "",
) -> ChallengeableService:
    """An officer links an EOI for an unlisted service to one of the council's services, or confirms the
    body's description as a new service record. Logged on the EOI."""
    _check_can_act(eoi=eoi, by=by)
    described = ChallengeableService.objects.select_for_update().get(pk=eoi.service_id)
    if not described.described_by_body:
        raise ValidationError("This expression of interest is already linked to a service record")
    if service is not None:
        if service.council_id != described.council_id or service.described_by_body:
            raise ValidationError({"service": "Select one of your council's services"})
        eoi.service = service
        note = f"Linked to the service record {service.name}"
        if eoi.received_on is not None:
            # s.82: whether it came outside a submission period is a question about the service it is really
            # about (the body's description has no periods); outside one, the officer chooses to consider it.
            linked = ChallengeableService.objects.prefetch_related("windows").get(pk=service.pk)
            eoi.outside_period = not linked.accepts_on(eoi.received_on)
            if eoi.outside_period:
                note += ", whose submission periods it was sent outside"
        acting(eoi, by).save(update_fields=["service", "outside_period", "updated_at"])
        if not described.eois.exists():
            described.delete()
    else:
        described.name = name.strip() or described.name
        described.description = description.strip() or described.description
        described.described_by_body = False
        described.full_clean()
        described.save()
        service = described
        note = f"The body's description confirmed as a new service record: {service.name}"
    EOIStatusChange.objects.create(eoi=eoi, from_status=eoi.status, to_status=eoi.status, changed_by=by, note=note)
    return service


@transaction.atomic
def eoi_consider_outside_period(*, eoi: ExpressionOfInterest, by: User) -> None:
    """The council chooses to consider an EOI sent outside its submission periods (s.82 lets it refuse)."""
    _check_can_act(eoi=eoi, by=by)
    if not eoi.outside_period or eoi.considered_outside_period:
        raise ValidationError("There is no choice to make about the submission period")
    eoi.considered_outside_period = True
    acting(eoi, by).save(update_fields=["considered_outside_period", "updated_at"])
    EOIStatusChange.objects.create(
        eoi=eoi,
        from_status=eoi.status,
        to_status=eoi.status,
        changed_by=by,
        note="The council will consider it although it was sent outside the submission periods",
    )


def suggested_decision(eoi: ExpressionOfInterest) -> dict:
    """What the decision form starts with: R1 for an excluded service (its basis pre-filled), or for an EOI
    sent outside the periods that the council has not chosen to consider."""
    service = eoi.service
    if service.excluded:
        return {
            "outcome": "REJECTED",
            "grounds": [RejectionGround.R1_NONCOMPLIANT.value],
            "reasons": "The service is excluded from the Community Right to Challenge (Localism Act 2011 s.81(5); "
            f"SI 2012/1313 Schedule 2): {service.exclusion_basis}",
        }
    if eoi.outside_period and not eoi.considered_outside_period:
        return {
            "outcome": "REJECTED",
            "grounds": [RejectionGround.R1_NONCOMPLIANT.value],
            "reasons": f"The expression of interest was sent on {eoi.received_on:%-d %B %Y}, outside the periods the "
            "council set and published for this service under section 82 of the Localism Act 2011.",
        }
    return {}


@transaction.atomic
def eoi_submit(*, eoi_id: int, by: User, today: date | None = None) -> ExpressionOfInterest:
    """Submit a draft: refused only with statutory content missing (outside a period it is flagged).

    The row is locked, so a second click finds it already submitted and changes nothing.
    """
    today = today or timezone.localdate()
    eoi = ExpressionOfInterest.objects.select_for_update().get(pk=eoi_id, submitted_by=by)
    if eoi.status != EOIStatus.DRAFT:
        return eoi
    service = ChallengeableService.objects.prefetch_related("windows").select_related("council").get(pk=eoi.service_id)
    # Every relevant service may be challenged (s.81), listed or not, and outside a submission period the
    # council *may* refuse to consider it (s.82): nothing here is refused up front.
    _check_relevant_authority(service.council)
    missing = eoi.missing_statutory_content()
    if missing:
        raise ValidationError(missing)
    eoi.full_clean()
    window = service.window_on(today)
    settings = ChallengeSettings.for_council(service.council)
    eoi.window = window
    eoi.outside_period = not service.accepts_on(today)
    eoi.received_on = today
    eoi.acknowledgement_due_on, eoi.decision_due_on = compute_due_dates(
        received_on=today, window=window, decision_period_days=settings.decision_period_days
    )
    eoi_transition(
        eoi=eoi,
        to=EOIStatus.RECEIVED,
        by=by,
        note="Submitted",
        extra_fields=["window", "outside_period", "received_on", "acknowledgement_due_on", "decision_due_on"],
    )
    notify.send_email(
        template="eoi_received",
        to=[by.email, eoi.contact_email] if eoi.contact_email != by.email else [by.email],
        context={"eoi": eoi, "service": service},
    )
    notify.tell_body(eoi, f"Your expression of interest {eoi.reference} in {service.name} was received.")
    notify.tell_officers(
        eoi,
        event="challenges.eoi_submitted",
        message=f"New expression of interest {eoi.reference} from {eoi.body_name} for {service.name}. "
        f"Acknowledge by {eoi.acknowledgement_due_on:%-d %B %Y}.",
    )
    return eoi


@transaction.atomic
def eoi_withdraw(*, eoi: ExpressionOfInterest, by: User, note: str = "") -> None:
    eoi_transition(eoi=eoi, to=EOIStatus.WITHDRAWN, by=by, note=note or "Withdrawn by the body")


@transaction.atomic
def partner_add(
    *,
    eoi: ExpressionOfInterest,
    kind: str,
    name: str,
    registration_number: str,
    financial_resources: str,
    capability: str,
) -> Partner:
    if eoi.status != EOIStatus.DRAFT:
        raise TransitionNotAllowed("Only a draft can be changed")
    if not capability.strip():
        raise ValidationError(
            {"capability": "Give evidence that the organisation will be able to provide or help provide the service"}
        )
    partner = Partner(
        eoi=eoi,
        kind=kind,
        name=name,
        registration_number=registration_number,
        financial_resources=financial_resources,
        capability=capability,
    )
    partner.full_clean()
    partner.save()
    return partner


# --- attachments and the decision date --------------------------------------------


@transaction.atomic
def attachment_add(*, eoi: ExpressionOfInterest, by: User, kind: str, file) -> Attachment:
    """Attach a document already checked by the form (journeys.uploads: type by content, size, no
    archives, virus scan). Logged on the EOI when it is no longer a draft."""
    from .access import may_attach  # access depends on models only; imported here to keep layers clear

    eoi = ExpressionOfInterest.objects.select_for_update(of=("self",)).select_related("service").get(pk=eoi.pk)
    if not may_attach(eoi, by):
        raise ValidationError("Documents can only be added to a draft, or by the council to an EOI it recorded")
    attachment = Attachment(eoi=eoi, kind=kind, uploaded_by=by, original_name=file.name[:255])
    attachment.full_clean(exclude=["file"])
    attachment.file.save(file.name, file, save=False)
    attachment.save()
    if eoi.status != EOIStatus.DRAFT:
        EOIStatusChange.objects.create(
            eoi=eoi,
            from_status=eoi.status,
            to_status=eoi.status,
            changed_by=by,
            note=f"Document added by the council: {attachment.original_name} ({attachment.get_kind_display()})",
        )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by: User) -> None:
    """The body removes a document from its draft (the file goes too)."""
    eoi = ExpressionOfInterest.objects.select_for_update().get(pk=attachment.eoi_id)
    if not (eoi.submitted_by_id == by.pk and eoi.status == EOIStatus.DRAFT):
        raise ValidationError("Only a draft's documents can be removed")
    file = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: file.delete(save=False))


def latest_decision_date(eoi: ExpressionOfInterest) -> date:
    """The end of the authority's maximum decision period for this EOI (from receipt or the period's close)."""
    if eoi.received_on is None:
        raise ValidationError("The expression of interest has not been received yet")
    start = deadlines_start(received_on=eoi.received_on, window=eoi.window)
    return start + timedelta(days=ChallengeSettings.for_council(eoi.service.council).decision_period_days)


@transaction.atomic
def eoi_set_decision_date(
    *, eoi: ExpressionOfInterest, by: User, decision_due_on: date, today: date | None = None
) -> None:
    """The officer sets when this EOI will be decided, within the authority's maximum period; the body is told."""
    _check_can_act(eoi=eoi, by=by)
    eoi = (
        ExpressionOfInterest.objects.select_for_update(of=("self",))
        .select_related("service__council", "window")
        .get(pk=eoi.pk)
    )
    if eoi.status not in AWAITING_DECISION or eoi.current_decision() is not None:
        raise ValidationError("The decision date can only be set before the decision")
    today = today or timezone.localdate()
    latest = latest_decision_date(eoi)
    if decision_due_on < today:
        raise ValidationError({"decision_due_on": "The decision date must be today or in the future"})
    if decision_due_on > latest:
        raise ValidationError(
            {
                "decision_due_on": f"The decision date must be on or before {latest:%-d %B %Y}, the end of "
                "the council's maximum period for a decision"
            }
        )
    if decision_due_on == eoi.decision_due_on:
        return
    eoi.decision_due_on = decision_due_on
    acting(eoi, by).save(update_fields=["decision_due_on", "updated_at"])
    EOIStatusChange.objects.create(
        eoi=eoi,
        from_status=eoi.status,
        to_status=eoi.status,
        changed_by=by,
        note=f"Decision date set: {decision_due_on:%-d %B %Y}",
    )
    notify.tell_body(
        eoi,
        f"{eoi.service.council.name} will decide on your expression of interest {eoi.reference} "
        f"by {decision_due_on:%-d %B %Y}.",
    )


@transaction.atomic
def eoi_acknowledge(*, eoi: ExpressionOfInterest, by: User, today: date | None = None) -> None:
    """Tell the body its EOI arrived and when a decision is expected."""
    _check_can_act(eoi=eoi, by=by)
    eoi.acknowledged_on = today or timezone.localdate()
    eoi_transition(
        eoi=eoi,
        to=EOIStatus.ACKNOWLEDGED,
        by=by,
        note=f"Acknowledged; decision expected by {eoi.decision_due_on:%-d %B %Y}",
        extra_fields=["acknowledged_on"],
    )
    notify.send_email(template="eoi_acknowledged", to=[eoi.notify_address], context={"eoi": eoi})
    notify.tell_body(
        eoi,
        f"{eoi.service.council.name} acknowledged your expression of interest {eoi.reference}. "
        f"A decision is expected by {eoi.decision_due_on:%-d %B %Y}.",
    )


@transaction.atomic
def eoi_start_review(*, eoi: ExpressionOfInterest, by: User) -> None:
    _check_can_act(eoi=eoi, by=by)
    eoi_transition(eoi=eoi, to=EOIStatus.UNDER_REVIEW, by=by, note="Review started")


OPEN_FOR_REQUESTS = (EOIStatus.RECEIVED, EOIStatus.ACKNOWLEDGED, EOIStatus.UNDER_REVIEW)


@transaction.atomic
def info_request(*, eoi: ExpressionOfInterest, by: User, question: str) -> InfoRequest:
    """Ask the body for more information; it answers on the EOI. Logged, and the body is told."""
    _check_can_act(eoi=eoi, by=by)
    if eoi.status not in OPEN_FOR_REQUESTS:
        raise ValidationError("More information can only be asked for before the decision")
    if not question.strip():
        raise ValidationError({"question": "Say what information you need"})
    request = InfoRequest.objects.create(eoi=eoi, question=question.strip(), asked_by=by)
    EOIStatusChange.objects.create(
        eoi=eoi,
        from_status=eoi.status,
        to_status=eoi.status,
        changed_by=by,
        note="The council asked for more information",
    )
    url = reverse("challenges:my_eoi_detail", args=[eoi.pk])
    notify.send_email(
        template="info_requested", to=[eoi.notify_address], context={"eoi": eoi, "request": request, "url": url}
    )
    notify.tell_body(eoi, f"{eoi.service.council.name} asked for more information about {eoi.reference}.")
    return request


@transaction.atomic
def info_answer(*, request: InfoRequest, by: User, answer: str) -> InfoRequest:
    request = InfoRequest.objects.select_for_update(of=("self",)).select_related("eoi").get(pk=request.pk)
    eoi = request.eoi
    if eoi.submitted_by_id != by.pk:
        raise ValidationError("Only the body that sent the expression of interest can answer")
    if request.is_answered:
        raise ValidationError("This request has already been answered")
    if not answer.strip():
        raise ValidationError({"answer": "Enter your answer"})
    request.answer, request.answered_by, request.answered_at = answer.strip(), by, timezone.now()
    request.save(update_fields=["answer", "answered_by", "answered_at"])
    EOIStatusChange.objects.create(
        eoi=eoi,
        from_status=eoi.status,
        to_status=eoi.status,
        changed_by=by,
        note="The body answered the council's request",
    )
    notify.tell_officers(
        eoi,
        event="challenges.info_answered",
        message=f"{eoi.body_name} answered your request for more information on {eoi.reference}.",
    )
    return request


# --- decisions ------------------------------------------------------------------


class ConflictOfInterest(ValidationError):
    pass


def _check_can_act(*, eoi: ExpressionOfInterest, by: User) -> None:
    """The conflict-of-interest rule of challenges.access, checked again inside the transaction."""
    from .access import can_act_on  # access depends on models only; imported here to keep layers clear

    if not can_act_on(by, eoi):
        raise ConflictOfInterest("You have declared a conflict of interest, so you cannot act on this")


DECISION_FIELDS = (
    "outcome",
    "grounds",
    "reasons",
    "modification",
    "modification_agreed",
    "wellbeing_considered",
    "decision_maker",
    "delegated_authority",
    "key_decision_reference",
)


def intention_for(service: ChallengeableService) -> StaffMutualIntention | None:
    """The council's published intention in force for the service (the latest), the basis of ground R8."""
    return (
        StaffMutualIntention.objects.in_force()
        .filter(service=service, published_on__lte=timezone.localdate())
        .select_related("service__council")
        .first()
    )


def _link_intention(decision: Decision, eoi: ExpressionOfInterest) -> None:
    """A decision on ground R8 cites the intention in force for the service; without one, R8 is refused
    (Decision.clean)."""
    if RejectionGround.R8_STAFF_MUTUAL_PUBLISHED.value in (decision.grounds or []):
        intention = intention_for(eoi.service)
        decision.r8_intention = intention.citation if intention is not None else ""
    else:
        decision.r8_intention = ""


def _journey_shared_with(journey, council: PublicBody) -> bool:
    return bool(journey.shared_with_council and journey.group.parent_body_id == council.pk)


@transaction.atomic
def intention_publish(
    *,
    service: ChallengeableService,
    by: User,
    statement: str,
    proposed_body: str,
    published_on: date,
    where_published: str,
    journey=None,
) -> StaffMutualIntention:
    """Record the council's published intention to consider provision of the service by a staff mutual
    (the basis of ground R8). Shown on the public service page; logged with who and when."""
    if not (by.is_officer and service.council_id == by.public_body_id):
        raise ValidationError({"service": "Select one of your council's services"})
    if service.described_by_body:
        raise ValidationError({"service": "Link or confirm the service record first"})
    if published_on > timezone.localdate():
        raise ValidationError({"published_on": "The date it was published must be today or in the past"})
    if journey is not None and not _journey_shared_with(journey, service.council):
        raise ValidationError({"journey": "Select a journey a staff group has shared with your council"})
    intention = StaffMutualIntention(
        service=service,
        journey=journey,
        statement=statement.strip(),
        proposed_body=proposed_body.strip(),
        published_on=published_on,
        where_published=where_published.strip(),
        recorded_by=by,
    )
    intention.full_clean()
    acting(intention, by).save()
    return intention


@transaction.atomic
def intention_withdraw(*, intention: StaffMutualIntention, by: User) -> StaffMutualIntention:
    """The council no longer intends it: R8 is no longer offered (decisions already made keep their citation)."""
    intention = (
        StaffMutualIntention.objects.select_for_update(of=("self",)).select_related("service").get(pk=intention.pk)
    )
    if not (by.is_officer and intention.service.council_id == by.public_body_id):
        raise ValidationError("Only the council's officers can withdraw its intention")
    if not intention.in_force:
        raise ValidationError("This intention has already been withdrawn")
    intention.withdrawn_at, intention.withdrawn_on, intention.withdrawn_by = (
        timezone.now(),
        timezone.localdate(),
        by,
    )
    acting(intention, by).save(update_fields=["withdrawn_at", "withdrawn_on", "withdrawn_by"])
    return intention


def _freeze_periods(decision: Decision, eoi: ExpressionOfInterest) -> None:
    """An acceptance keeps the service's procurement periods (its own, or the council's where it sets none)
    as they stand when it is decided: a later change to either never moves the decision's window."""
    if decision.is_acceptance:
        periods = eoi.service.procurement_periods()
        decision.procurement_min_days = periods.min_days
        decision.procurement_max_days = periods.max_days
    else:
        decision.procurement_min_days = decision.procurement_max_days = None


@transaction.atomic
def decision_record(
    *,
    eoi: ExpressionOfInterest,
    by: User,
    outcome: str,
    grounds: list[str],
    reasons: str,
    modification: str = "",
    modification_agreed: bool = False,
    wellbeing_considered: bool = False,
    decision_maker: str = "",
    delegated_authority: str = "",
    key_decision_reference: str = "",
) -> Decision:
    """Record a decision, not yet published. The EOI stays under review (the body sees "Decision due by")
    until decision_publish notifies the body and puts it on the register; until then it can be amended."""
    _check_can_act(eoi=eoi, by=by)
    if eoi.status not in (EOIStatus.ACKNOWLEDGED, EOIStatus.UNDER_REVIEW):
        raise TransitionNotAllowed(
            f"An expression of interest that is {eoi.get_status_display().lower()} cannot be decided"
        )
    if eoi.current_decision() is not None:
        raise ValidationError("A decision has already been recorded: amend it while it is unpublished")
    decision = Decision(
        eoi=eoi,
        outcome=outcome,
        grounds=sorted(set(grounds), key=_ground_order),
        reasons=reasons,
        modification=modification,
        modification_agreed=modification_agreed,
        wellbeing_considered=wellbeing_considered,
        decision_maker=decision_maker,
        delegated_authority=delegated_authority,
        key_decision_reference=key_decision_reference,
        decided_by=by,
        decided_at=timezone.now(),
    )
    _freeze_periods(decision, eoi)
    _link_intention(decision, eoi)
    decision.full_clean()
    if eoi.status == EOIStatus.ACKNOWLEDGED:
        eoi_transition(eoi=eoi, to=EOIStatus.UNDER_REVIEW, by=by, note="Review started")
    acting(decision, by).save()
    EOIStatusChange.objects.create(
        eoi=eoi,
        from_status=eoi.status,
        to_status=eoi.status,
        changed_by=by,
        officer_only=True,
        note=f"Decision recorded, not published: {decision.get_outcome_display()}",
    )
    return decision


@transaction.atomic
def decision_amend(*, decision: Decision, by: User, **fields) -> Decision:
    """Change a recorded decision before it is published (a published one is only superseded by a correction)."""
    decision = Decision.objects.select_for_update().select_related("eoi").get(pk=decision.pk)
    _check_can_act(eoi=decision.eoi, by=by)
    if decision.is_published:
        raise ValidationError("This decision has been published: record a correction instead")
    if decision.supersedes_id is not None:
        fields.pop("outcome", None)  # a correction keeps the published outcome
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise ValueError(f"Not decision fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(decision, name, sorted(set(value), key=_ground_order) if name == "grounds" else value)
    decision.decided_by = by
    decision.decided_at = timezone.now()
    if decision.supersedes_id is None:
        _freeze_periods(decision, decision.eoi)
    _link_intention(decision, decision.eoi)
    decision.full_clean()
    acting(decision, by).save()
    eoi = decision.eoi
    EOIStatusChange.objects.create(
        eoi=eoi,
        from_status=eoi.status,
        to_status=eoi.status,
        changed_by=by,
        officer_only=True,
        note=f"Unpublished decision amended: {decision.get_outcome_display()}",
    )
    return decision


def _ground_order(code: str) -> int:
    return list(RejectionGround.values).index(code) if code in RejectionGround.values else 99


@transaction.atomic
def decision_correct(
    *,
    decision: Decision,
    by: User,
    reasons: str,
    grounds: list[str],
    modification: str = "",
    modification_agreed: bool = False,
    correction_note: str,
) -> Decision:
    """Record a correction of a published decision (same outcome); the original stays as it was."""
    _check_can_act(eoi=decision.eoi, by=by)
    if not decision.is_published:
        raise ValidationError("Only a published decision needs a correction")
    if decision.corrections.exists():
        raise ValidationError("This decision has already been corrected; correct the latest version")
    if not correction_note.strip():
        raise ValidationError({"correction_note": "Explain what the correction changes"})
    correction = Decision(
        eoi=decision.eoi,
        outcome=decision.outcome,
        grounds=sorted(set(grounds), key=_ground_order),
        reasons=reasons,
        modification=modification,
        modification_agreed=modification_agreed,
        wellbeing_considered=decision.wellbeing_considered,
        decision_maker=decision.decision_maker,
        delegated_authority=decision.delegated_authority,
        key_decision_reference=decision.key_decision_reference,
        procurement_min_days=decision.procurement_min_days,
        procurement_max_days=decision.procurement_max_days,
        decided_by=by,
        decided_at=timezone.now(),
        supersedes=decision,
        correction_note=correction_note,
    )
    _link_intention(correction, decision.eoi)
    correction.full_clean()
    acting(correction, by).save()
    EOIStatusChange.objects.create(
        eoi=decision.eoi,
        from_status=decision.eoi.status,
        to_status=decision.eoi.status,
        changed_by=by,
        note=f"Correction recorded, not published: {correction_note}",
        officer_only=True,
    )
    return correction


class AlreadyPublished(ValidationError):
    pass


@transaction.atomic
def decision_publish(*, decision: Decision, by: User) -> Decision:
    """Publish a decision: the EOI takes its outcome, the body is notified with the reasons, the
    notice is rendered and the decision goes on the register. Publishing twice is refused."""
    # Locks only these rows ("self"): the EOI may have no account behind it (an outer join).
    decision = Decision.objects.select_for_update(of=("self",)).get(pk=decision.pk)
    eoi = (
        ExpressionOfInterest.objects.select_for_update(of=("self",))
        .select_related("service__council")
        .get(pk=decision.eoi_id)
    )
    decision.eoi = eoi
    _check_can_act(eoi=eoi, by=by)
    if decision.is_published:
        raise AlreadyPublished(
            f"This decision was already published on {timezone.localdate(decision.published_at):%-d %B %Y}"
        )
    if decision.supersedes_id is None and decision.corrections.exists():
        raise ValidationError("This decision has been superseded")
    if decision.supersedes_id is None:
        if eoi.status == EOIStatus.ACKNOWLEDGED:
            eoi_transition(eoi=eoi, to=EOIStatus.UNDER_REVIEW, by=by, note="Review started")
        if eoi.status == EOIStatus.UNDER_REVIEW:
            eoi_transition(eoi=eoi, to=decision.outcome, by=by, note=f"Decision published: {decision.result_label}")
        elif eoi.status != decision.outcome:
            raise TransitionNotAllowed(
                f"An expression of interest that is {eoi.get_status_display().lower()} cannot take this decision"
            )
        else:  # recorded under the old rule, which moved the status at once
            EOIStatusChange.objects.create(
                eoi=eoi, from_status=eoi.status, to_status=eoi.status, changed_by=by, note="Decision published"
            )
    else:
        EOIStatusChange.objects.create(
            eoi=eoi,
            from_status=eoi.status,
            to_status=eoi.status,
            changed_by=by,
            note=f"Corrected decision published: {decision.correction_note}",
        )
    decision.published_at = timezone.now()
    decision.published_by = by
    acting(decision, by).save(update_fields=["published_at", "published_by"])
    notice_request(decision=decision)
    notify.send_email(
        template="decision_published",
        to=[eoi.notify_address],
        context={"eoi": eoi, "decision": decision, "url": reverse("challenges:my_eoi_detail", args=[eoi.pk])},
    )
    notify.tell_body(
        eoi,
        f"{eoi.service.council.name} published its decision on your expression of interest {eoi.reference}: "
        f"{decision.result_label.lower()}.",
    )
    return decision


def notice_request(*, decision: Decision) -> DecisionNotice:
    """Queue (or re-queue after a failure) the decision notice render."""
    from .tasks import render_decision_notice

    notice, created = DecisionNotice.objects.get_or_create(decision=decision)
    if not created and notice.status not in (DecisionNotice.Status.FAILED, DecisionNotice.Status.QUEUED):
        return notice
    if not created:
        notice.status = DecisionNotice.Status.QUEUED
        notice.error = ""
        notice.requested_at = timezone.now()
        notice.save(update_fields=["status", "error", "requested_at"])
    # If the broker is down the message is kept and sent when it is back; the notice stays queued.
    send_after_commit(render_decision_notice, notice.pk)
    return notice


# A notice still rendering after this long lost its worker (the task's hard limit is shorter);
# a queued one whose message got lost (a broker restarted empty) is sent again after QUEUED_TOO_LONG.
NOTICE_STALE_AFTER = timedelta(minutes=10)
NOTICE_QUEUED_TOO_LONG = timedelta(minutes=30)


def _holder_is_gone(notice: DecisionNotice, now) -> bool:
    """For a rendering notice: its worker process is gone, or it has been rendering too long."""
    return (
        worker_is_gone(notice.rendered_by, since=notice.started_at)
        or notice.started_at is None
        or notice.started_at < now - NOTICE_STALE_AFTER
    )


def notice_claim(*, notice_id: int, worker: str) -> DecisionNotice | None:
    """Mark the notice as rendering by `worker`; None if it is gone, ready, or held by a live worker."""
    with transaction.atomic():
        notice = DecisionNotice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None or notice.status == DecisionNotice.Status.READY:
            return None
        if notice.status == DecisionNotice.Status.RENDERING and not _holder_is_gone(notice, timezone.now()):
            return None
        if notice.status == DecisionNotice.Status.RENDERING:
            logger.warning("Decision notice %s taken over by %s from %s", notice.pk, worker, notice.rendered_by)
        notice.status = DecisionNotice.Status.RENDERING
        notice.started_at = timezone.now()
        notice.rendered_by = worker
        notice.save(update_fields=["status", "started_at", "rendered_by"])
    return DecisionNotice.objects.select_related(
        "decision",
        "decision__eoi",
        "decision__eoi__service",
        "decision__eoi__service__council",
        "decision__decided_by",
    ).get(pk=notice_id)


def notice_back_to_queue(*, notice: DecisionNotice) -> None:
    """After a temporary error: the notice waits for the task's retry (which must not find it held)."""
    DecisionNotice.objects.filter(
        pk=notice.pk, status=DecisionNotice.Status.RENDERING, rendered_by=notice.rendered_by
    ).update(status=DecisionNotice.Status.QUEUED)


def requeue_stale_notices() -> int:
    """Send again notices whose worker vanished (its process on this host is gone, or it has been rendering
    too long) and notices whose message was lost (queued too long). Run by beat, and by each worker as it starts."""
    from .tasks import render_decision_notice

    now = timezone.now()
    Status = DecisionNotice.Status
    candidates = DecisionNotice.objects.filter(
        Q(status=Status.RENDERING, started_at__lt=now - NOTICE_STALE_AFTER)
        | Q(status=Status.RENDERING, started_at=None)
        | Q(status=Status.RENDERING, rendered_by__startswith=this_host_prefix())
        | Q(status=Status.QUEUED, requested_at__lt=now - NOTICE_QUEUED_TOO_LONG)
    )
    requeued = 0
    for notice_id in list(candidates.values_list("pk", flat=True)):
        with transaction.atomic():
            notice = DecisionNotice.objects.select_for_update().get(pk=notice_id)
            lost = notice.status == Status.QUEUED and notice.requested_at < now - NOTICE_QUEUED_TOO_LONG
            if not (lost or (notice.status == Status.RENDERING and _holder_is_gone(notice, now))):
                continue
            logger.warning("Decision notice %s sent again (%s, %s)", notice.pk, notice.status, notice.rendered_by)
            notice.status = Status.QUEUED
            notice.requested_at = now
            notice.save(update_fields=["status", "requested_at"])
            send_after_commit(render_decision_notice, notice.pk)
            requeued += 1
    return requeued


@transaction.atomic
def conflict_declare(
    *, eoi: ExpressionOfInterest, officer: User, interest: str, covers_body: bool
) -> ConflictDeclaration:
    declaration = ConflictDeclaration(eoi=eoi, officer=officer, interest=interest, covers_body=covers_body)
    declaration.full_clean()
    declaration.save()
    EOIStatusChange.objects.create(
        eoi=eoi,
        from_status=eoi.status,
        to_status=eoi.status,
        changed_by=officer,
        note="Conflict of interest declared",
    )
    return declaration


# --- procurement ----------------------------------------------------------------


def procurement_bounds(eoi: ExpressionOfInterest) -> tuple[date, date]:
    """The earliest and latest start dates: the periods frozen into the published acceptance, counted from
    the date of the decision, and never before the decision was published."""
    decision = eoi.current_decision()
    if decision is None or not decision.is_acceptance:
        raise ValidationError("Procurement follows only an accepted expression of interest")
    published = [d for d in eoi.decisions.all() if d.is_published and d.is_acceptance]
    if not published:
        raise ValidationError("Publish the decision before recording the procurement exercise")
    original = decision
    while original.supersedes_id is not None:
        original = next(d for d in eoi.decisions.all() if d.pk == original.supersedes_id)
    if original.procurement_min_days is None or original.procurement_max_days is None:
        periods = eoi.service.procurement_periods()  # recorded before periods were frozen
        min_days, max_days = periods.min_days, periods.max_days
    else:
        min_days, max_days = original.procurement_min_days, original.procurement_max_days
    accepted_on = timezone.localdate(original.decided_at)
    published_on = min(timezone.localdate(d.published_at) for d in published)
    return max(accepted_on + timedelta(days=min_days), published_on), accepted_on + timedelta(days=max_days)


PROCUREMENT_FIELDS = (
    "procedure",
    "reserved_to_mutuals",
    "direct_award_justification",
    "notice_identifier",
    "notice_published_on",
)


@transaction.atomic
def procurement_record(
    *,
    eoi: ExpressionOfInterest,
    by: User,
    starts_on: date,
    social_value_considered: bool,
    social_value_notes: str,
    procedure: str,
    reserved_to_mutuals: bool = False,
    direct_award_justification: str = "",
    notice_identifier: str = "",
    notice_published_on: date | None = None,
) -> ProcurementExercise:
    """Record the procurement exercise that follows a published acceptance: its start (within the periods
    frozen into the decision), its procedure and its Find a Tender notice. Logged with who and when."""
    _check_can_act(eoi=eoi, by=by)
    if eoi.status not in (EOIStatus.ACCEPTED, EOIStatus.ACCEPTED_MODIFIED):
        raise ValidationError("A procurement exercise has already been recorded for this expression of interest")
    earliest, latest = procurement_bounds(eoi)
    if not earliest <= starts_on <= latest:
        raise ValidationError(
            {"starts_on": f"The procurement must start between {earliest:%-d %B %Y} and {latest:%-d %B %Y}"}
        )
    if not social_value_considered and not social_value_notes.strip():
        raise ValidationError(
            {
                "social_value_notes": "Explain why social value was not considered (for example, the contract is "
                "below the threshold of the Public Services (Social Value) Act 2012)"
            }
        )
    if not procedure:
        raise ValidationError({"procedure": "Select the procurement procedure"})
    if notice_published_on is not None and notice_published_on > timezone.localdate():
        raise ValidationError({"notice_published_on": "The notice date must be today or in the past"})
    exercise = ProcurementExercise(
        eoi=eoi,
        starts_on=starts_on,
        social_value_considered=social_value_considered,
        social_value_notes=social_value_notes,
        procedure=procedure,
        reserved_to_mutuals=reserved_to_mutuals,
        direct_award_justification=direct_award_justification.strip(),
        notice_identifier=notice_identifier.strip(),
        notice_published_on=notice_published_on,
        recorded_by=by,
    )
    exercise.full_clean()
    acting(exercise, by).save()
    eoi_transition(
        eoi=eoi,
        to=EOIStatus.PROCUREMENT_STARTED,
        by=by,
        note=f"Procurement exercise starts {starts_on:%-d %B %Y}: {exercise.get_procedure_display()}",
    )
    return exercise


RESULT_FIELDS = ("result", "result_notes", *ProcurementExercise.AWARD_FIELDS)


@transaction.atomic
def procurement_record_result(
    *, exercise: ProcurementExercise, by: User, today: date | None = None, **fields
) -> ProcurementExercise:
    """Record what the procurement led to: the award (supplier, whether it was the challenging body, value,
    term) or why no contract was awarded. Recorded once; the notice identifier may be given now if it was
    not known when the procurement started. Logged with who and when on the exercise and the EOI."""
    today = today or timezone.localdate()
    exercise = ProcurementExercise.objects.select_for_update(of=("self",)).select_related("eoi").get(pk=exercise.pk)
    eoi = exercise.eoi
    _check_can_act(eoi=eoi, by=by)
    if exercise.has_result:
        raise ValidationError("The outcome of this procurement has already been recorded")
    unknown = set(fields) - set(RESULT_FIELDS) - {"notice_identifier", "notice_published_on"}
    if unknown:
        raise ValueError(f"Not procurement outcome fields: {sorted(unknown)}")
    if not fields.get("result"):
        raise ValidationError({"result": "Select the outcome of the procurement"})
    if fields.get("awarded_on") and fields["awarded_on"] > today:
        raise ValidationError({"awarded_on": "The award date must be today or in the past"})
    if exercise.notice_identifier:
        fields.pop("notice_identifier", None)
        fields.pop("notice_published_on", None)
    elif fields.get("notice_published_on") and fields["notice_published_on"] > today:
        raise ValidationError({"notice_published_on": "The notice date must be today or in the past"})
    for name, value in fields.items():
        setattr(exercise, name, value.strip() if isinstance(value, str) else value)
    exercise.result_recorded_by = by
    exercise.result_recorded_at = timezone.now()
    exercise.full_clean()
    acting(exercise, by).save()
    if exercise.result == ProcurementResult.AWARDED:
        winner = "the challenging body" if exercise.winner_is_challenger else "another supplier"
        note = f"Contract awarded on {exercise.awarded_on:%-d %B %Y} to {exercise.winning_supplier} ({winner})"
    else:
        note = "The procurement ended without a contract"
    EOIStatusChange.objects.create(eoi=eoi, from_status=eoi.status, to_status=eoi.status, changed_by=by, note=note)
    return exercise
