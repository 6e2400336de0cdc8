"""Who may see and do what in the Right to Challenge. Views ask here; nothing else decides.

Wrong role for a page -> 403 (PermissionDenied); right role but an object outside the
user's scope -> 404 (Http404).
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q
from django.http import Http404

from journeys.access import journeys_visible_to
from journeys.models import Membership
from mutuals_portal.lib.history import NOT_SET, Source, default_who
from mutuals_portal.lib.prepared import PreparedModels

from .models import (
    AWAITING_DECISION,
    TRANSITIONS,
    Attachment,
    ChallengeableService,
    ConflictDeclaration,
    Decision,
    EOIStatus,
    ExpressionOfInterest,
    RejectionGround,
    StaffMutualIntention,
    SubmissionWindow,
)

# --- services -------------------------------------------------------------------


def public_services():
    """Published services, with their windows and their council's periods, for the public pages."""
    return (
        ChallengeableService.objects.published()
        .select_related("council__challenge_settings")
        .prefetch_related(Prefetch("windows", queryset=SubmissionWindow.objects.order_by("opens_on")))
    )


def services_visible_to(user):
    scope = Q(published=True)
    if user.is_authenticated and user.is_officer:
        scope |= Q(council_id=user.public_body_id)
    return (
        ChallengeableService.objects.filter(scope)
        .select_related("council__challenge_settings")
        .prefetch_related("windows")
    )


def get_service_for_user(user, pk) -> ChallengeableService:
    service = services_visible_to(user).filter(pk=pk).first()
    if service is None:
        raise Http404("No such service")
    return service


def require_officer(user) -> None:
    if not (user.is_authenticated and user.is_officer):
        raise PermissionDenied


def journeys_shared_with_council(user):
    """The journeys staff groups have shared with the officer's council (journeys.access decides)."""
    require_officer(user)
    return journeys_visible_to(user).filter(shared_with_council=True, group__parent_body_id=user.public_body_id)


def get_managed_service(user, pk) -> ChallengeableService:
    """A service the officer's council publishes."""
    require_officer(user)
    service = (
        ChallengeableService.objects.filter(pk=pk, council_id=user.public_body_id)
        .select_related("council")
        .prefetch_related("windows")
        .first()
    )
    if service is None:
        raise Http404("No such service")
    return service


def service_history_sources(service: ChallengeableService) -> list[Source]:
    """A service's change history for its council's officers (get_managed_service decides who): the service's
    own record (published, excluded and its basis, periods), its submission windows and the council's
    intentions to consider a staff mutual for it."""
    return [
        Source(
            ChallengeableService.history.filter(id=service.pk),
            "Service",
            hidden=frozenset({"council", "created_at"}),
        ),
        Source(
            SubmissionWindow.history.filter(service_id=service.pk), "Submission window", hidden=frozenset({"service"})
        ),
        Source(
            StaffMutualIntention.history.filter(service_id=service.pk),
            "Intention to consider a staff mutual",
            hidden=frozenset({"service", "recorded_at", "withdrawn_at"}),
        ),
    ]


def can_submit_eoi(user) -> bool:
    return user.is_authenticated and user.is_relevant_body


# --- expressions of interest ----------------------------------------------------


def eois_visible_to(user):
    """Officers: their council's submitted EOIs. Bodies: their own. Members of a staff group: the EOIs its
    leads started from its journey. Everyone else: none."""
    eois = ExpressionOfInterest.objects.select_related("service", "service__council", "submitted_by")
    if not user.is_authenticated:
        return eois.none()
    if user.is_officer:
        return _received_by(eois, user.public_body_id)
    if user.is_relevant_body:
        return eois.filter(submitted_by=user)
    if is_staff_member(user):
        return eois.filter(journey_link__journey__group__in=Membership.objects.filter(user=user).values("group"))
    return eois.none()


def _received_by(eois, council_id):
    """The officers' rule: the EOIs submitted to their council (not drafts)."""
    return eois.submitted().for_council(council_id)


def received_by_council(council_id: int):
    """The EOIs an officer of the council `council_id` sees (eois_visible_to, for a query compiled once with a
    stand-in for the council: the officers' workspace). The caller has checked the officer (require_officer)."""
    return _received_by(ExpressionOfInterest.objects.all(), council_id)


def is_staff_member(user) -> bool:
    return bool(user.is_authenticated and user.role == user.Role.STAFF)


def journey_eois(journey_access) -> list:
    """The EOIs started from a journey, newest first, for its members (journeys.access decides who they are)."""
    if not journey_access.is_member:
        return []
    return _JOURNEY_EOIS.objects(journey_access.journey.pk)


# What the overview lists of each EOI started from the journey; compiled once per process (lib.prepared).
_JOURNEY_EOIS = PreparedModels(
    lambda journey_pk: (
        ExpressionOfInterest.objects.filter(journey_link__journey_id=journey_pk)
        .select_related("service")
        .only("status", "created_at", "service__name")
        .order_by("-created_at", "-pk")
    )
)


def can_start_from_journey(journey_access) -> bool:
    """A lead of an active journey whose group works for a council (its services can be challenged)."""
    journey = journey_access.journey
    return (
        journey_access.is_lead
        and journey.status == journey.Status.ACTIVE
        and journey.group.parent_body.kind == journey.group.parent_body.Kind.COUNCIL
    )


def get_journey_for_eoi(user, journey_pk):
    """The journey a lead starts an EOI from: 404 unless they may see it, 403 unless they may start one."""
    from journeys.access import get_journey_for_user

    journey_access = get_journey_for_user(user, journey_pk)
    if not can_start_from_journey(journey_access):
        raise PermissionDenied
    return journey_access


def require_body(user) -> None:
    if not can_submit_eoi(user):
        raise PermissionDenied


def get_own_eoi(user, pk) -> ExpressionOfInterest:
    """The body's own EOI, or one its staff group started from its journey (a member of the group)."""
    if is_staff_member(user):
        eoi = eois_visible_to(user).filter(pk=pk).first()
        if eoi is not None:
            return eoi
    require_body(user)
    eoi = eois_visible_to(user).filter(pk=pk).first()
    if eoi is None:
        raise Http404("No such expression of interest")
    return eoi


def get_council_eoi(user, pk, *, for_update: bool = False) -> ExpressionOfInterest:
    """An EOI the officer's council received; 404 otherwise (locked with `for_update`)."""
    require_officer(user)
    if for_update:
        eoi = eois_visible_to(user).select_for_update(of=("self",)).filter(pk=pk).first()
    else:
        try:
            pk = ExpressionOfInterest._meta.pk.to_python(pk)  # an id from the URL is one already
        except ValidationError:
            raise Http404("No such expression of interest") from None
        eoi = next(iter(_COUNCIL_EOI.objects(user.public_body_id, pk)), None)
    if eoi is None:
        raise Http404("No such expression of interest")
    return eoi


def _council_eoi(council_id, pk):
    """eois_visible_to(an officer of the council)'s EOI `pk`, with what its pages read of it. At most one row:
    read without an ORDER BY, which costs Django time for each of the many columns selected."""
    return (
        _received_by(ExpressionOfInterest.objects, council_id)
        .select_related("service__council", "window", "journey_link")
        .filter(pk=pk)
        .order_by()
    )


# Every page of an EOI reads it: compiled once per process (mutuals_portal.lib.prepared).
_COUNCIL_EOI = PreparedModels(_council_eoi, 2)


def _blocking(user, eoi) -> Q:
    """Which declarations stop `user` acting on this EOI: theirs, on it or on every EOI of the body that sent it."""
    same_body = Q(eoi=eoi)
    if eoi.submitted_by_id is not None:  # a body without an account is known only by this EOI
        same_body |= Q(covers_body=True, eoi__submitted_by_id=eoi.submitted_by_id)
    return Q(officer=user) & same_body


def conflicts_blocking(user, eoi):
    """The officer's declarations that stop them acting on this EOI."""
    return ConflictDeclaration.objects.filter(_blocking(user, eoi))


def officer_blocked_by_conflict(user, eoi) -> bool:
    """The one conflict-of-interest rule: an officer who declared a conflict on this EOI (or on
    every EOI of the body that sent it) takes no decision step on it: not acknowledging, reviewing,
    deciding, publishing or correcting a decision, producing its notice or recording procurement.
    Declaring a conflict and reading the EOI stay open to them.

    Asked of the database once per EOI instance and person: an instance is read in the request that
    uses it, so a page asking several times (its steps, its buttons) runs one query, never a stale one."""
    asked = eoi.__dict__.setdefault("_blocked_by_conflict", {})
    if user.pk not in asked:
        asked[user.pk] = conflicts_blocking(user, eoi).exists()
    return asked[user.pk]


def conflicts_declared_on(user, eoi) -> list[ConflictDeclaration]:
    """Every officer's declarations on this EOI (for its page), read in the same query as whether `user`
    is blocked by a conflict (the rule of `conflicts_blocking`), which `officer_blocked_by_conflict` then
    answers for this instance without asking again."""
    blocking = _blocking(user, eoi)  # a condition on each row, rather than subqueries (cheaper to compile)
    rows = list(
        ConflictDeclaration.objects.filter(Q(eoi=eoi) | blocking)
        .annotate(blocks_user=ExpressionWrapper(blocking, output_field=BooleanField()))
        .select_related("officer")
    )
    eoi.__dict__.setdefault("_blocked_by_conflict", {})[user.pk] = any(row.blocks_user for row in rows)
    return [row for row in rows if row.eoi_id == eoi.pk]


def _council_officer(user, eoi) -> bool:
    return bool(user.is_authenticated and user.is_officer and eoi.service.council_id == user.public_body_id)


def can_act_on(user, eoi) -> bool:
    """Every decision step on an EOI: an officer of its council with no conflict of interest on it."""
    return _council_officer(user, eoi) and not officer_blocked_by_conflict(user, eoi)


# The steps on an EOI, each offered only when the transition table (models.TRANSITIONS) allows the move
# and the person may take it: views check and templates show these, no status list anywhere else.
ACKNOWLEDGE = "acknowledge"
START_REVIEW = "start_review"
DECIDE = "decide"  # record a decision
AMEND = "amend"  # the recorded decision, while unpublished
PUBLISH = "publish"
ASK_FOR_INFORMATION = "ask_for_information"
SET_DECISION_DATE = "set_decision_date"
CONSIDER_OUTSIDE_PERIOD = "consider_outside_period"
RECORD_PROCUREMENT = "record_procurement"
RECORD_PROCUREMENT_RESULT = "record_procurement_result"  # what the procurement led to, once
EDIT = "edit"  # the body's draft
WITHDRAW = "withdraw"
# A decision is recorded once the EOI is acknowledged: from where review can start, or where it can end.
DECIDABLE_FROM = {s for s, targets in TRANSITIONS.items() if EOIStatus.UNDER_REVIEW in targets} | {
    s for s, targets in TRANSITIONS.items() if targets & {EOIStatus.ACCEPTED, EOIStatus.REJECTED}
}


def eoi_actions(user, eoi, decision=None) -> frozenset[str]:
    """What `user` may do next on `eoi` (its current decision passed when the caller has it)."""
    actions = set()
    if user.is_authenticated and eoi.submitted_by_id == user.pk:
        if eoi.status == EOIStatus.DRAFT:
            actions.add(EDIT)
        if eoi.can_move_to(EOIStatus.WITHDRAWN):
            actions.add(WITHDRAW)
    if not can_act_on(user, eoi):
        return frozenset(actions)
    undecided = decision is None
    if eoi.can_move_to(EOIStatus.ACKNOWLEDGED):
        actions.add(ACKNOWLEDGE)
    if eoi.can_move_to(EOIStatus.UNDER_REVIEW):
        actions.add(START_REVIEW)
    if undecided and eoi.status in DECIDABLE_FROM:
        actions.add(DECIDE)
    if undecided and eoi.status in AWAITING_DECISION:
        actions |= {ASK_FOR_INFORMATION, CONSIDER_OUTSIDE_PERIOD, SET_DECISION_DATE}
    if decision is not None and not decision.is_published:
        actions.add(PUBLISH)
        if decision.supersedes_id is None:
            actions.add(AMEND)
    if eoi.can_move_to(EOIStatus.PROCUREMENT_STARTED):
        actions.add(RECORD_PROCUREMENT)
    if eoi.status == EOIStatus.PROCUREMENT_STARTED:
        exercise = getattr(eoi, "procurement", None)
        if exercise is not None and not exercise.has_result:
            actions.add(RECORD_PROCUREMENT_RESULT)
    return frozenset(actions)


# --- attachments ----------------------------------------------------------------


def get_attachment_for_user(user, pk, attachment_pk) -> Attachment:
    """A document on an EOI the user may see: the body's own EOI, or its council's officers (a submitted
    one). Other roles 403; anything outside the user's scope 404."""
    if not (user.is_authenticated and (user.is_officer or user.is_relevant_body or is_staff_member(user))):
        raise PermissionDenied
    eoi = eois_visible_to(user).filter(pk=pk).first()
    attachment = Attachment.objects.filter(eoi=eoi, pk=attachment_pk).first() if eoi else None
    if attachment is None:
        if is_staff_member(user):
            raise PermissionDenied  # staff pages other than their group's EOIs stay refused, as before
        raise Http404("No such document")
    return attachment


def may_attach(eoi: ExpressionOfInterest, by) -> bool:
    """The body while its EOI is a draft; an officer of the council on an EOI it recorded from email or
    post, before the decision (the enclosures of the letter or email)."""
    if eoi.submitted_by_id is not None:
        return eoi.submitted_by_id == by.pk and eoi.status == EOIStatus.DRAFT
    return eoi.status in AWAITING_DECISION and can_act_on(by, eoi)


def get_eoi_to_attach(user, pk) -> ExpressionOfInterest:
    """An EOI the user may add documents to now (may_attach): 403 for other roles, 404 otherwise."""
    if not (user.is_authenticated and (user.is_officer or user.is_relevant_body or is_staff_member(user))):
        raise PermissionDenied
    eoi = eois_visible_to(user).filter(pk=pk).first()
    if eoi is None:
        if is_staff_member(user):
            raise PermissionDenied
        raise Http404("No such expression of interest")
    if not may_attach(eoi, user):
        raise PermissionDenied
    return eoi


# --- decisions ------------------------------------------------------------------


def can_publish(user, decision) -> bool:
    return can_act_on(user, decision.eoi)


def can_correct(user, decision) -> bool:
    """Only the latest published version of a decision is corrected, by an officer who may decide."""
    return decision.is_published and not decision.corrections.exists() and can_act_on(user, decision.eoi)


def can_request_notice(user, decision) -> bool:
    """Produce a published decision's notice again (after a failed render)."""
    return decision.is_published and can_act_on(user, decision.eoi)


def register_decisions():
    """Published, current decisions: the public register."""
    return (
        Decision.objects.on_register()
        .select_related("eoi", "eoi__service", "eoi__service__council", "eoi__procurement")
        .order_by("-published_at", "-pk")
    )


def decisions_visible_to(user):
    """Officers: all their council's decisions. Bodies: published decisions on their EOIs."""
    decisions = Decision.objects.select_related("eoi", "eoi__service", "eoi__service__council", "decided_by")
    if not user.is_authenticated:
        return decisions.none()
    if user.is_officer:
        return decisions.filter(eoi__service__council_id=user.public_body_id)
    if user.is_relevant_body:
        return decisions.filter(eoi__submitted_by=user, published_at__isnull=False)
    if is_staff_member(user):
        return decisions.filter(eoi__in=eois_visible_to(user), published_at__isnull=False)
    return decisions.none()


def get_council_decision(user, pk) -> Decision:
    require_officer(user)
    decision = decisions_visible_to(user).filter(pk=pk).first()
    if decision is None:
        raise Http404("No such decision")
    return decision


def get_notice_decision(user, pk) -> Decision:
    """A decision whose notice the user may download: the body's own or the council's."""
    if not (user.is_authenticated and (user.is_officer or user.is_relevant_body or is_staff_member(user))):
        raise PermissionDenied
    decision = decisions_visible_to(user).select_related("notice").filter(pk=pk).first()
    if decision is None:
        if is_staff_member(user):
            raise PermissionDenied
        raise Http404("No such decision")
    return decision


def can_see(user, obj) -> bool:
    """For notifications: may `user` see this EOI or decision (the same rules as the pages)?"""
    if isinstance(obj, ExpressionOfInterest):
        return eois_visible_to(user).filter(pk=obj.pk).exists()
    if isinstance(obj, Decision):
        return decisions_visible_to(user).filter(pk=obj.pk).exists()
    return False


# --- change history -------------------------------------------------------------


def get_eoi_for_history(user, pk) -> ExpressionOfInterest:
    """An EOI whose change history the user may read: its council's officers, admins, and the body that sent it."""
    if user.is_admin:
        eoi = ExpressionOfInterest.objects.select_related("service", "service__council").filter(pk=pk).first()
        if eoi is None:
            raise Http404("No such expression of interest")
        return eoi
    if user.is_officer:
        return get_council_eoi(user, pk)
    return get_own_eoi(user, pk)


def eoi_history_sources(user, eoi) -> tuple[list[Source], Callable]:
    """The EOI's history and its decisions' (a body: only the decisions it may see), and how authors are named.

    A body sees the council's name for changes its officers made, as on its other pages. A draft is
    the body's own: officers see the history from submission on, not how the draft was written.
    """
    eoi_records = ExpressionOfInterest.history.filter(id=eoi.pk)
    if user.is_officer:
        eoi_records = eoi_records.exclude(status=EOIStatus.DRAFT)
    if user.is_relevant_body or is_staff_member(user):
        # Only published decisions (with their whole record); nothing of a decision before it is published.
        decisions = decisions_visible_to(user).filter(eoi=eoi)
        council = eoi.service.council.name

        def who(actor):
            return default_who(actor) if actor is None or actor.pk == user.pk else council

        officer_fields = {"decided_by", "published_by"}
    else:
        decisions = Decision.objects.filter(eoi=eoi)
        who = default_who
        officer_fields = set()
    return [
        Source(
            eoi_records,
            "Expression of interest",
            hidden=frozenset({"service", "submitted_by", "created_at"}),
        ),
        Source(
            Decision.history.filter(id__in=decisions.values("pk")),
            "Decision",
            hidden=frozenset({"eoi", *officer_fields}),
            formatters={"grounds": _ground_codes},
        ),
    ], who


def _ground_codes(codes) -> str:
    return ", ".join(RejectionGround(code).short for code in codes or []) or NOT_SET
