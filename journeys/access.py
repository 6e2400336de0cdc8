"""Who may see and do what with staff groups and journeys. The only place for these rules.

- Members of the group see their journey and work on its tasks and plan; leads also manage
  members (invite, cancel or resend an invitation, remove), sharing, evidence deletion and stage gates.
- Advisers see journeys in the Support Programme and decide their gates.
- Officers of the parent public body see a journey, and only when the group shares it; they cannot change
  the group's work, but they record, correct and withdraw their council's decisions on it (in-principle
  support, the cabinet or key decision, the pension admission agreement, assets and premises). Officers
  use two-factor authentication for everything (accounts.middleware.TwoFactorMiddleware).
- Guests another app lets in (the Support Programme's matched mentors, programme.access) read the journey
  like a council officer does (overview, tasks, plan), and no more: not its evidence files, members,
  history or packs. Their access ends with the grant: it is looked up in every request.
- A group's own data (the subject-access download) is for its leads only; deleting the group is for
  its leads and administrators. Other members get 403 there; everyone else 404.
- A deleted group's journey is seen by nobody (its anonymised records stay for the programme).
- The change history (who changed the journey, its group and its stages): members, advisers of a
  supported journey and admins; not the council a journey is shared with.
- Comments on tasks and plan sections: members see all of their journey's; the programme's adviser (a
  supported journey), the council's officers (a shared journey) and the group's matched mentor (a guest) see
  those their author shared with them, and may comment themselves. Only a comment's author edits or deletes it.
- After launch: the contract and the registered body's dates are recorded by leads (transfer and spun-out
  stages); yearly duties are worked on by members, like tasks; everyone who may see the journey reads them.
- Everyone else gets 404.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.http import Http404

from mutuals_portal.lib.history import Source
from mutuals_portal.lib.prepared import PreparedModels

from .models import (
    AnnualDuty,
    Ballot,
    BoardSeat,
    Comment,
    Contract,
    CouncilDecision,
    Evidence,
    FinanceLine,
    Invitation,
    Journey,
    Membership,
    PlanNarrative,
    RegisteredBody,
    Risk,
    StaffGroup,
    Stage,
    StageChange,
    Task,
)
from .narrative_read import answers_as_text

# Read-only guests: each grant is a function (user -> a query of the ids of the journeys the user may read as a
# guest), registered at start-up by the app that owns the rule (programme: matched mentors), so that this app
# imports none above it. Grants are asked in every request, never remembered.
GUEST_GRANTS: list[Callable] = []


def register_guest_grant(grant: Callable) -> None:
    if grant not in GUEST_GRANTS:
        GUEST_GRANTS.append(grant)


def _guest_scope(user) -> Q:
    scope = Q(pk__in=[])
    for grant in GUEST_GRANTS:
        scope |= Q(pk__in=grant(user))
    return scope


def _is_guest(user, journey: Journey) -> bool:
    """One query: does a grant let the user read this journey?"""
    return bool(GUEST_GRANTS) and Journey.objects.filter(_guest_scope(user), pk=journey.pk).exists()


def journeys_visible_to(user):
    if not user.is_authenticated:
        return Journey.objects.none()
    scope = Q(group__in=Membership.objects.filter(user=user).values("group"))
    if user.is_adviser:
        scope |= Q(in_support_programme=True)
    if user.is_officer:
        scope |= Q(shared_with_council=True, group__parent_body_id=user.public_body_id)
    if GUEST_GRANTS:
        scope |= _guest_scope(user)
    return Journey.objects.live().filter(scope).with_group()


def open_tasks_owned_by(user):
    """The tasks `user` owns and has not completed, on the journeys they may see (their groups': an owner
    is a member), soonest due first and those with no due date last."""
    if not user.is_authenticated:
        return Task.objects.none()
    return (
        Task.objects.open()
        .filter(owner=user, journey__in=journeys_visible_to(user).values("pk"))
        .select_related("definition__stage", "journey__group")
        .order_by(
            F("due_on").asc(nulls_last=True),
            "journey__group__name",
            "definition__stage__order",
            "definition__order",
            "pk",
        )
    )


def open_duties_owned_by(user):
    """The yearly duties (after launch) `user` owns and has not done, on the journeys they may see, soonest
    due first (the home page lists them with "Your tasks")."""
    if not user.is_authenticated:
        return AnnualDuty.objects.none()
    return (
        AnnualDuty.objects.open()
        .filter(owner=user, journey__in=journeys_visible_to(user).values("pk"))
        .select_related("journey__group")
        .order_by("due_on", "journey__group__name", "kind", "pk")
    )


@dataclass(frozen=True)
class JourneyAccess:
    """What one user may do on one journey (computed once per request)."""

    journey: Journey
    membership: Membership | None
    is_adviser: bool
    # An officer of the group's parent public body, on a journey shared with it.
    is_council_officer: bool = False
    is_guest: bool = False  # let in read-only by another app's grant (a matched mentor)

    @property
    def is_member(self) -> bool:
        return self.membership is not None

    @property
    def is_lead(self) -> bool:
        return self.membership is not None and self.membership.role == Membership.Role.LEAD

    @property
    def can_work(self) -> bool:
        """Update tasks, upload evidence and edit plan sections (not while paused or stopped)."""
        return self.is_member and self.journey.status in (Journey.Status.ACTIVE, Journey.Status.SPUN_OUT)

    @property
    def can_manage(self) -> bool:
        """Invite and remove members, share the journey, delete evidence."""
        return self.is_lead

    @property
    def can_request_gate(self) -> bool:
        return self.is_lead and self.journey.status == Journey.Status.ACTIVE and self.journey.next_stage is not None

    @property
    def can_decide_gate(self) -> bool:
        return self.is_adviser and self.journey.in_support_programme

    @property
    def can_download_evidence(self) -> bool:
        """Evidence files may hold staff's personal data (ballot returns, TUPE lists): not for guests."""
        return not self.is_guest

    @property
    def can_read_history(self) -> bool:
        """The change history: members and advisers, not the council a journey is shared with."""
        return self.is_member or self.is_adviser

    @property
    def can_comment(self) -> bool:
        """Everyone who may see the journey talks about it: members, its adviser, the council it is shared with."""
        return self.is_member or self.is_adviser or self.is_council_officer or self.is_guest

    @property
    def can_record_after_launch(self) -> bool:
        """Record the contract and the registered body's dates: the group's leads, from the transfer stage on
        (the contract is signed and the body registered before launch), while the journey is being worked on."""
        return (
            self.is_lead
            and self.journey.stage in (Stage.TRANSFER, Stage.SPUN_OUT)
            and self.journey.status in (Journey.Status.ACTIVE, Journey.Status.SPUN_OUT)
        )

    @property
    def can_record_council_decisions(self) -> bool:
        """Record, correct and withdraw the council's decisions: its officers, while the journey is shared
        with it and not stopped."""
        return self.is_council_officer and self.journey.status != Journey.Status.STOPPED

    @property
    def can_go_back(self) -> bool:
        return self.journey.previous_stage is not None and (self.is_lead or self.can_decide_gate)


# The two lookups every journey page makes, compiled once per process (mutuals_portal.lib.prepared): the
# database answers them on every request; only the building of their SQL is saved.
_JOURNEY = PreparedModels(lambda pk: Journey.objects.with_group().filter(pk=pk).order_by("pk")[:1])
_MEMBERSHIP = PreparedModels(
    lambda group_id, user_id: Membership.objects.filter(group_id=group_id, user_id=user_id).order_by("pk")[:1],
    arity=2,
)


def get_journey_for_user(user, pk) -> JourneyAccess:
    """The journey and what the user may do on it; 404 unless they may see it. Decided in every
    request, from the database: two index lookups and the rule of journeys_visible_to applied to
    the journey found (cheaper for the database to plan than that rule's subquery)."""
    if not user.is_authenticated:
        raise Http404("No such journey")
    try:
        pk = Journey._meta.pk.to_python(pk)  # an id from the URL is one already; other callers may pass text
    except ValidationError:
        raise Http404("No such journey") from None
    journey = next(iter(_JOURNEY.objects(pk)), None)
    membership = next(iter(_MEMBERSHIP.objects(journey.group_id, user.pk)), None) if journey else None
    if journey is None or journey.group.deleted_at is not None:
        raise Http404("No such journey")
    is_guest = False
    if not may_see(user, journey, membership):
        # Only someone nothing else lets in costs the guest lookup.
        is_guest = _is_guest(user, journey)
        if not is_guest:
            raise Http404("No such journey")
    return JourneyAccess(
        journey=journey,
        membership=membership,
        is_adviser=user.is_adviser and journey.in_support_programme,
        is_council_officer=_is_council_officer(user, journey),
        is_guest=is_guest,
    )


def _is_council_officer(user, journey: Journey) -> bool:
    return bool(user.is_officer and journey.shared_with_council and journey.group.parent_body_id == user.public_body_id)


def may_see(user, journey: Journey, membership: Membership | None) -> bool:
    """journeys_visible_to's rule for one journey, given the user's membership of its group (guests aside)."""
    if journey.group.deleted_at is not None:
        return False
    return (
        membership is not None
        or (user.is_adviser and journey.in_support_programme)
        or _is_council_officer(user, journey)
    )


def _journey_for_group_people(user, pk) -> tuple[Journey, Membership | None]:
    """The live journey and the user's membership; 404 unless they are a member (or an admin)."""
    if not user.is_authenticated:
        raise Http404("No such journey")
    journey = Journey.objects.live().with_group().filter(pk=pk).first()
    membership = None
    if journey is not None:
        membership = Membership.objects.filter(group_id=journey.group_id, user=user).first()
    if journey is None or (membership is None and not user.is_admin):
        raise Http404("No such journey")
    return journey, membership


def get_group_data_for_user(user, pk) -> JourneyAccess:
    """The subject-access download: the group's leads only (members 403; advisers and officers,
    who may read some journeys, 404 like everyone else: the download holds the members' personal data)."""
    journey, membership = _journey_for_group_people(user, pk)
    if membership is None:
        raise Http404("No such journey")
    access = JourneyAccess(journey=journey, membership=membership, is_adviser=False)
    require(access.is_lead)
    return access


def get_group_for_deletion(user, pk) -> JourneyAccess:
    """Deleting a group: its leads, or an administrator (members 403, everyone else 404)."""
    journey, membership = _journey_for_group_people(user, pk)
    access = JourneyAccess(journey=journey, membership=membership, is_adviser=False)
    require(access.is_lead or user.is_admin)
    return access


def require(allowed: bool) -> None:
    """Raise 403 for someone who may see the journey but not do this."""
    if not allowed:
        raise PermissionDenied


def get_invitation_for_lead(user, journey_pk, invitation_pk) -> tuple[JourneyAccess, Invitation]:
    """An open invitation of the journey's group, for its leads to cancel or resend (members 403;
    anyone who cannot see the journey, or an invitation of another group or already closed, 404)."""
    access = get_journey_for_user(user, journey_pk)
    require(access.can_manage)
    invitation = (
        Invitation.objects.open()
        .select_related("group")
        .filter(pk=invitation_pk, group_id=access.journey.group_id)
        .first()
    )
    if invitation is None:
        raise Http404("No such invitation")
    return access, invitation


def get_evidence_for_user(user, journey_pk, evidence_pk) -> tuple[JourneyAccess, Evidence]:
    access = get_journey_for_user(user, journey_pk)
    require(access.can_download_evidence)
    evidence = (
        Evidence.objects.select_related("task__definition").filter(pk=evidence_pk, task__journey=access.journey).first()
    )
    if evidence is None:
        raise Http404("No such evidence")
    return access, evidence


def get_duty_for_user(user, journey_pk, duty_pk) -> tuple[JourneyAccess, AnnualDuty]:
    """A yearly duty of a journey the user may see (404 otherwise, and for another journey's duty)."""
    access = get_journey_for_user(user, journey_pk)
    duty = AnnualDuty.objects.select_related("owner", "completed_by").filter(pk=duty_pk, journey=access.journey).first()
    if duty is None:
        raise Http404("No such duty")
    return access, duty


def get_council_decision_for_officer(user, journey_pk, decision_pk) -> tuple[JourneyAccess, CouncilDecision]:
    """A decision in force on the journey, for the council's officers to correct or withdraw (others who may
    see the journey 403; anyone else, or a decision of another journey or already withdrawn, 404)."""
    access = get_journey_for_user(user, journey_pk)
    require(access.can_record_council_decisions)
    decision = (
        CouncilDecision.objects.in_force()
        .select_related("council", "recorded_by")
        .filter(pk=decision_pk, journey=access.journey)
        .first()
    )
    if decision is None:
        raise Http404("No such decision")
    return access, decision


def _journey_id_of(obj) -> int | None:
    if isinstance(obj, Journey):
        return obj.pk
    if hasattr(obj, "journey_id"):
        return obj.journey_id
    if hasattr(obj, "task"):  # evidence
        return obj.task.journey_id
    if hasattr(obj, "journey"):  # a staff group
        return obj.journey.pk
    return None


def notification_targets(user) -> list:
    """For the inbox: notifications about a journey show only while its recipient may see it."""
    return [(Journey, lambda: journeys_visible_to(user))]


def can_see(user, obj) -> bool:
    """For the notification service: may `user` see this journey object?"""
    journey_id = _journey_id_of(obj)
    return journey_id is not None and journeys_visible_to(user).filter(pk=journey_id).exists()


def get_journey_for_history(user, pk) -> Journey:
    """Its group's members, an adviser of a supported journey, and admins read a journey's change history;
    others who may see the journey (the council it is shared with) get 403."""
    if user.is_authenticated and user.is_admin:
        journey = Journey.objects.with_group().filter(pk=pk).first()
        if journey is None:
            raise Http404("No such journey")
        return journey
    access = get_journey_for_user(user, pk)
    require(access.can_read_history)
    return access.journey


def journey_history_sources(journey: Journey) -> list[Source]:
    """The journey's history, its staff group's and its stage changes' (append-only: only creations)."""
    return [
        Source(Journey.history.filter(id=journey.pk), "Journey", hidden=frozenset({"group", "created_at"})),
        Source(StaffGroup.history.filter(id=journey.group_id), "Staff group", hidden=frozenset({"created_at"})),
        Source(
            StageChange.history.filter(journey_id=journey.pk),
            "Stage change",
            # The author and time are the row's "who" and "when".
            hidden=frozenset({"journey", "changed_by", "changed_at"}),
        ),
        # Plan rows that are corrected and deleted: the old figures and who changed them.
        Source(
            Ballot.history.filter(journey_id=journey.pk), "Staff ballot", hidden=frozenset({"journey", "recorded_at"})
        ),
        Source(BoardSeat.history.filter(journey_id=journey.pk), "Board seats", hidden=frozenset({"journey"})),
        Source(Risk.history.filter(journey_id=journey.pk), "Risk", hidden=frozenset({"journey", "created_at"})),
        Source(
            FinanceLine.history.filter(model__journey_id=journey.pk),
            "Financial model line",
            hidden=frozenset({"model"}),
        ),
        Source(
            Contract.history.filter(journey_id=journey.pk),
            "Contract",
            hidden=frozenset({"journey", "updated_by", "version"}),
        ),
        Source(
            RegisteredBody.history.filter(journey_id=journey.pk),
            "Registered body",
            hidden=frozenset({"journey", "updated_by", "version"}),
        ),
        Source(
            AnnualDuty.history.filter(journey_id=journey.pk),
            "Yearly duty",
            hidden=frozenset({"journey", "updated_by", "version"}),
        ),
        Source(
            CouncilDecision.history.filter(journey_id=journey.pk),
            "Council decision",
            hidden=frozenset({"journey", "completed_task", "updated_by", "updated_at", "version"}),
        ),
        # The business plan's narrative: what each section said before, and who changed it.
        Source(
            PlanNarrative.history.filter(journey_id=journey.pk),
            "Business plan narrative",
            hidden=frozenset({"journey", "updated_by", "updated_at", "version"}),
            formatters={"answers": answers_as_text},
        ),
    ]


def comments_visible(access: JourneyAccess):
    """The journey's comments this person may read: all of them for a member; for the adviser and the
    council, those shared with them (the author's choice, or their own side's comments)."""
    return _visible_comments(_comment_side(access), access.journey.pk)


def _comment_side(access: JourneyAccess) -> tuple[bool, bool, bool, bool]:
    """Who the person is to the journey, as the comments rule asks: member, adviser, council officer, mentor."""
    if access.is_member:
        return (True, False, False, False)
    return (False, access.is_adviser, access.is_council_officer, access.is_guest)


def _comment_scope(side: tuple[bool, bool, bool, bool]) -> Q | None:
    """comments_visible's condition for a side (_comment_side): None for all of them."""
    is_member, is_adviser, is_council_officer, is_guest = side
    if is_member:
        return None
    scope = Q(pk__in=[])
    if is_adviser:
        scope |= Q(visible_to_adviser=True)
    if is_council_officer:
        scope |= Q(visible_to_council=True)
    if is_guest:  # the group's matched mentor
        scope |= Q(visible_to_mentor=True)
    return scope


def _visible_comments(side: tuple[bool, bool, bool, bool], journey_pk):
    """The comments of journey `journey_pk` that a person on this side (_comment_side) may read."""
    comments = Comment.objects.filter(journey_id=journey_pk)
    scope = _comment_scope(side)
    return comments if scope is None else comments.filter(scope)


def _thread_query(side, on_task: bool, journey_pk, key):
    comments = _visible_comments(side, journey_pk)
    comments = comments.filter(task_id=key) if on_task else comments.filter(plan_topic=key)
    return comments.select_related("author")


# A thread's statement for each side and kind of thread (a task's, a plan topic's), compiled on first use
# (mutuals_portal.lib.prepared): at most 2 x 8 of them (a member, or any mix of adviser, officer and mentor).
_THREADS: dict[tuple, PreparedModels] = {}


def comment_thread(access: JourneyAccess, *, task_pk: int | None = None, topic: str = "") -> list[Comment]:
    """The comments on one task (`task_pk`) or plan topic that comments_visible lets this person read, oldest
    first, with their authors."""
    side = _comment_side(access)
    if not any(side):
        return []  # no side of the journey: nothing shared with them
    on_task = task_pk is not None
    shape = (side, on_task)
    prepared = _THREADS.get(shape)
    if prepared is None:
        prepared = _THREADS.setdefault(
            shape, PreparedModels(partial(_thread_query, side, on_task), kinds=("int", "int" if on_task else "text"))
        )
    return prepared.objects(access.journey.pk, task_pk if on_task else topic)


def may_read_comment(user, comment: Comment) -> bool:
    """comments_visible's rule for one person and one comment (for choosing whom to tell about it)."""
    try:
        access = get_journey_for_user(user, comment.journey_id)
    except Http404:
        return False
    return comments_visible(access).filter(pk=comment.pk).exists()


def get_comment_for_author(user, journey_pk, comment_pk) -> tuple[JourneyAccess, Comment]:
    """A comment its author changes or deletes: 404 unless they may read it, 403 for anyone but its author."""
    access = get_journey_for_user(user, journey_pk)
    comment = comments_visible(access).select_related("task__definition", "author").filter(pk=comment_pk).first()
    if comment is None:
        raise Http404("No such comment")
    require(comment.author_id == user.pk and access.can_comment)
    return access, comment
