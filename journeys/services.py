"""Writes that touch several models, each in one transaction, each leaving a timeline entry."""

import errno
from datetime import date
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from accounts.services import user_create
from mutuals_portal.lib.history import acting

from . import after_launch
from .gates import missing_for_stage
from .models import (
    AnnualDuty,
    Ballot,
    BoardSeat,
    Comment,
    Contract,
    CouncilDecision,
    Evidence,
    Forecast,
    GateRequest,
    Invitation,
    Journey,
    JourneyEvent,
    Membership,
    MutualDesign,
    PlanNarrative,
    RegisteredBody,
    ReservedContractCheck,
    StaffGroup,
    Stage,
    Task,
    TaskDefinition,
    TransferPlan,
)
from .models.council import ALREADY_RECORDED
from .models.groups import invitation_expiry
from .models.tasks import due_date_problem
from .notify import forget_journey_notifications, members_of, send_email, tell
from .uploads import validate_upload

INVITATION_SALT = "journeys.invitation"

# Task status transitions: reopening a completed task goes back to in progress.
TASK_TRANSITIONS = {
    Task.Status.NOT_STARTED: {Task.Status.IN_PROGRESS, Task.Status.COMPLETED},
    Task.Status.IN_PROGRESS: {Task.Status.NOT_STARTED, Task.Status.COMPLETED},
    Task.Status.COMPLETED: {Task.Status.IN_PROGRESS},
}


class TaskConflict(Exception):
    """Someone else saved the task after this form was loaded."""

    def __init__(self, current: Task):
        super().__init__("The task was changed by someone else")
        self.current = current


def _tell_stage_changed(journey: Journey, by: User) -> None:
    tell(
        recipients=members_of(journey),
        event="journeys.stage_changed",
        journey=journey,
        message=f"{journey.group.name} moved to {journey.get_stage_display()}",
        exclude=by,
    )


def _touch(journey: Journey) -> None:
    # A bulk update is fine here: last_activity_at is bookkeeping, left out of the journey's change history.
    Journey.objects.filter(pk=journey.pk).update(last_activity_at=timezone.now())


# Staff groups and journeys -------------------------------------------------------------------


def journey_sync_tasks(*, journey: Journey) -> int:
    """Create the journey's Task rows for catalogue tasks it does not have yet (admins may add some).
    A row another process created meanwhile is skipped (one task per definition is a constraint)."""
    missing = TaskDefinition.objects.exclude(pk__in=Task.objects.filter(journey=journey).values("definition"))
    created = Task.objects.bulk_create([Task(journey=journey, definition=d) for d in missing], ignore_conflicts=True)
    return len(created)


@transaction.atomic
def catalogue_sync_all() -> int:
    """Give every journey a Task row for each catalogue task it lacks (after an admin adds tasks)."""
    created = 0
    for journey in Journey.objects.only("pk"):
        created += journey_sync_tasks(journey=journey)
    return created


@transaction.atomic
def journey_start(*, group: StaffGroup, by: User | None, in_support_programme: bool = False) -> Journey:
    """The group's journey, started if it has none (one per group: the group's row is locked first)."""
    _lock_group(group)
    journey = Journey.objects.filter(group=group).first()
    created = journey is None
    if journey is None:
        journey = acting(Journey(group=group, in_support_programme=in_support_programme), by)
        journey.save()
    journey_sync_tasks(journey=journey)
    if created:
        journey.log(by, JourneyEvent.Kind.STARTED, f"{group.name} started its journey")
    return journey


@transaction.atomic
def staff_group_register(*, email: str, full_name: str, password_hash: str, group: StaffGroup) -> Journey:
    """Create the lead's account, the group, its lead membership and its journey together."""
    lead = user_create(email=email, full_name=full_name, role=User.Role.STAFF, password_hash=password_hash)
    group.full_clean()
    acting(group, lead).save()
    Membership.objects.create(group=group, user=lead, role=Membership.Role.LEAD)
    return journey_start(group=group, by=lead)


@transaction.atomic
def journey_share(*, journey: Journey, by: User, shared: bool) -> None:
    if journey.shared_with_council == shared:
        return
    journey.shared_with_council = shared
    acting(journey, by).save(update_fields=["shared_with_council"])
    body = journey.group.parent_body.name
    summary = f"Journey shared with {body}" if shared else f"Journey no longer shared with {body}"
    journey.log(by, JourneyEvent.Kind.SETTINGS, summary)


# Tasks and evidence ---------------------------------------------------------------------------


class _Keep:
    """An argument not given: the task's current value stays."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()


def _person(user: User | None) -> str:
    return (user.full_name or user.email) if user is not None else "nobody"


def _check_owner(journey: Journey, owner: User) -> None:
    """The owner must be a member of the journey's group. Their membership row stays locked until the
    save commits, so that a removal cannot slip in between (membership_remove unsets their tasks' owner)."""
    if not list(Membership.objects.select_for_update().filter(group_id=journey.group_id, user=owner).values("pk")):
        raise ValidationError({"owner": "Choose a member of the group as the owner"})


def _task_changes(
    current: Task, *, status: str, notes: str, section: str, owner: User | None, due_on: date | None
) -> list[str]:
    """What a save changes, as the timeline says it: "completed; owner set to Priya Shah; due 3 March 2027"."""
    parts = []
    if status != current.status:
        parts.append(Task.Status(status).label.lower())
    if (owner.pk if owner else None) != current.owner_id:
        parts.append(f"owner set to {_person(owner)}" if owner else f"owner removed (was {_person(current.owner)})")
    if due_on != current.due_on:
        parts.append(f"due {date_format(due_on, 'j F Y')}" if due_on else "due date removed")
    if status == current.status and (notes != current.notes or section != current.plan_section or not parts):
        # A save that changes nothing else is logged as before: the notes were saved.
        parts.append("notes updated")
    return parts


@transaction.atomic
def task_update(
    *,
    task: Task,
    by: User,
    status: str,
    notes: str,
    version: int,
    plan_section: str | None = None,
    owner: User | None | _Keep = KEEP,
    due_on: date | None | _Keep = KEEP,
) -> Task:
    """Save a task's status, notes, owner and due date unless someone else saved it since `version` was read.

    A task of any stage may be started and completed: real spin-outs run pensions, TUPE, incorporation
    and regulator registration alongside the business case (issue #22). Only the gates are sequential.
    The owner is a member of the group (or nobody); a new due date is not in the past, though one set
    earlier may have passed (the task is overdue). `owner` and `due_on` not given: they stay as they are.
    """
    journey = task.journey
    # Only the task's row is locked (its owner, a nullable join, cannot be locked on PostgreSQL).
    current = Task.objects.select_for_update(of=("self",)).select_related("definition", "owner").get(pk=task.pk)
    if current.version != version:
        raise TaskConflict(current)
    status = Task.Status(status)
    if status != current.status and status not in TASK_TRANSITIONS[Task.Status(current.status)]:
        raise ValidationError({"status": "Choose a status this task can move to"})
    if (
        status == Task.Status.COMPLETED
        and current.definition.needs_evidence
        and not Evidence.objects.filter(task=current).exists()
    ):
        raise ValidationError({"status": "Upload evidence before you mark this task as completed"})
    new_owner = current.owner if isinstance(owner, _Keep) else owner
    new_due = current.due_on if isinstance(due_on, _Keep) else due_on
    if new_owner is not None and new_owner.pk != current.owner_id:
        _check_owner(journey, new_owner)
    problem = due_date_problem(new_due, current=current.due_on)
    if problem:
        raise ValidationError({"due_on": problem})
    section = current.plan_section if plan_section is None else plan_section
    changes = _task_changes(current, status=status, notes=notes, section=section, owner=new_owner, due_on=new_due)
    changed_status = status != current.status
    newly_owned = new_owner is not None and new_owner.pk != current.owner_id
    Task.objects.filter(pk=task.pk, version=version).update(
        status=status,
        notes=notes,
        plan_section=section,
        owner=new_owner,
        due_on=new_due,
        updated_by=by,
        updated_at=timezone.now(),
        version=F("version") + 1,
    )
    current.refresh_from_db()
    title = current.definition.title
    journey.log(by, JourneyEvent.Kind.TASK, f"{title}: {'; '.join(changes)}")
    url = reverse("journeys:task", args=[journey.pk, current.pk])
    if changed_status and status == Task.Status.COMPLETED:
        tell(
            recipients=members_of(journey),
            event="journeys.task_completed",
            journey=journey,
            message=f"{_person(by)} completed: {title}",
            url=url,
            exclude=by,
        )
    if newly_owned:
        due = f", due {date_format(new_due, 'j F Y')}" if new_due else ""
        tell(
            recipients=[new_owner],
            event="journeys.task_assigned",
            journey=journey,
            message=f"{_person(by)} made you the owner of: {title}{due}",
            url=url,
            exclude=by,
        )
    _touch(journey)
    return current


@transaction.atomic
def task_save(
    *,
    task: Task,
    by: User,
    status: str,
    notes: str,
    version: int,
    plan_section: str | None = None,
    owner: User | None | _Keep = KEEP,
    due_on: date | None | _Keep = KEEP,
    file=None,
) -> tuple[Task, Evidence | None]:
    """The task page's one form: the status, the notes, the owner, the due date and an optional file,
    all saved or none.

    The evidence goes in first, so that a task needing evidence can be completed in the same save.
    """
    current = Task.objects.select_for_update().get(pk=task.pk)
    if current.version != version:
        raise TaskConflict(Task.objects.select_related("definition", "updated_by", "owner").get(pk=task.pk))

    def update() -> Task:
        return task_update(
            task=task,
            by=by,
            status=status,
            notes=notes,
            version=version,
            plan_section=plan_section,
            owner=owner,
            due_on=due_on,
        )

    if file is None:
        return update(), None
    evidence = evidence_add(task=task, by=by, file=file)
    unchanged = (
        status == current.status
        and notes == current.notes
        and (plan_section is None or plan_section == current.plan_section)
        and (isinstance(owner, _Keep) or (owner.pk if owner else None) == current.owner_id)
        and (isinstance(due_on, _Keep) or due_on == current.due_on)
    )
    if unchanged:
        return current, evidence
    try:
        saved = update()
    except Exception:
        # The database rows roll back with this transaction; the stored file would not.
        evidence.file.storage.delete(evidence.file.name)
        raise
    return saved, evidence


class StorageFull(Exception):
    """The server ran out of disk space while saving a file; nothing was kept."""


def _store(evidence: Evidence, file) -> None:
    """Write the file under a new random name; a write that fails leaves nothing behind."""
    field, storage = evidence.file.field, evidence.file.storage
    name = field.generate_filename(evidence, "upload")
    try:
        evidence.file.name = storage.save(name, file, max_length=field.max_length)
    except OSError as error:
        # A disk that filled up mid-write leaves the bytes written so far: remove them.
        if storage.exists(name):
            storage.delete(name)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFull(str(error)) from error
        raise


@transaction.atomic
def evidence_add(*, task: Task, by: User, file) -> Evidence:
    """Check the file's content and store it under a random name (StorageFull when the disk is full)."""
    kind = validate_upload(file)
    evidence = Evidence(
        task=task,
        original_name=(file.name or "evidence")[-255:],
        kind=kind.code,
        content_type=kind.content_type,
        size=file.size,
        uploaded_by=by,
    )
    _store(evidence, file)
    # If the transaction fails after the file was written, remove the orphan file.
    name = evidence.file.name
    storage = evidence.file.storage
    try:
        evidence.full_clean()
        evidence.save()
        task.journey.log(
            by, JourneyEvent.Kind.EVIDENCE, f"Evidence added to {task.definition.title}: {evidence.original_name}"
        )
    except Exception:
        storage.delete(name)
        raise
    _touch(task.journey)
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, by: User) -> None:
    task = evidence.task
    name, storage = evidence.file.name, evidence.file.storage
    evidence.delete()
    task.journey.log(
        by, JourneyEvent.Kind.EVIDENCE, f"Evidence removed from {task.definition.title}: {evidence.original_name}"
    )
    transaction.on_commit(lambda: storage.delete(name))


# Members and invitations ---------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"invitation": invitation.pk, "email": invitation.email}, salt=INVITATION_SALT)


class InvitationProblem(StrEnum):
    """Why an invitation link does not work (the page says so, and who to ask)."""

    INVALID = "invalid"  # forged, mistyped or copied incompletely
    EXPIRED = "expired"
    USED = "used"
    WITHDRAWN = "withdrawn"  # cancelled, replaced by a newer invitation, or withdrawn when a member left


def invitation_lookup(token: str) -> tuple[Invitation | None, InvitationProblem | None]:
    """The invitation a token names and why it does not work (None when it does).

    A forged token names nothing; a genuine one names its invitation even when it has expired,
    been used or been withdrawn, so that the page can say which and who to ask."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        return None, InvitationProblem.INVALID
    invitation = (
        Invitation.objects.select_related("group", "invited_by")
        .filter(pk=data.get("invitation"), email=data.get("email"), group__deleted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return None, InvitationProblem.INVALID
    return invitation, _problem(invitation)


def _problem(invitation: Invitation) -> InvitationProblem | None:
    if invitation.is_accepted:
        return InvitationProblem.USED
    if invitation.is_revoked:
        return InvitationProblem.WITHDRAWN
    if invitation.is_expired:
        return InvitationProblem.EXPIRED
    return None


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a token names if its link works; None when it is forged, expired, used or withdrawn."""
    invitation, problem = invitation_lookup(token)
    return invitation if problem is None else None


def _revoke(invitations, *, by: User | None, reason: str) -> list[Invitation]:
    """Withdraw open invitations (their links stop working); returns those withdrawn."""
    rows = list(invitations.open().select_for_update())
    now = timezone.now()
    for invitation in rows:
        invitation.revoked_at = now
        invitation.revoked_by = by
        invitation.revoked_reason = reason
        invitation.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
    return rows


def _send_invitation(invitation: Invitation) -> None:
    accept_url = settings.SITE_URL + reverse("journeys:invitation_accept", args=[invitation_token(invitation)])
    send_email(
        to=invitation.email,
        template="invitation",
        context={"invitation": invitation, "accept_url": accept_url, "expiry_days": settings.INVITATION_DAYS},
    )


def _lock_group(group: StaffGroup) -> None:
    """Serialise changes to a group's members and invitations (a row lock on the group)."""
    StaffGroup.objects.select_for_update().filter(pk=group.pk).first()


@transaction.atomic
def invitation_create(*, group: StaffGroup, email: str, role: str, by: User) -> Invitation:
    """Invite an address to the group. An earlier open invitation to the same address (in any
    letter case) is withdrawn: only the newest link works."""
    email = User.objects.normalize_email(email).lower()
    _lock_group(group)
    if Membership.objects.filter(group=group, user__email__iexact=email).exists():
        raise ValidationError({"email": "This person is already a member of the group"})
    replaced = _revoke(
        Invitation.objects.filter(group=group).for_address(email), by=by, reason=Invitation.Revoked.REPLACED
    )
    invitation = Invitation(group=group, email=email, role=role, invited_by=by, expires_at=invitation_expiry())
    invitation.full_clean()
    invitation.save()
    _send_invitation(invitation)
    summary = f"Invited {email} as a {invitation.get_role_display().lower()}"
    if replaced:
        summary += " (the earlier invitation no longer works)"
    group.journey.log(by, JourneyEvent.Kind.MEMBERS, summary)
    return invitation


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, by: User) -> None:
    """A lead withdraws an invitation: its link stops working."""
    _lock_group(invitation.group)
    if not _revoke(Invitation.objects.filter(pk=invitation.pk), by=by, reason=Invitation.Revoked.CANCELLED):
        raise ValidationError("This invitation has already been accepted or withdrawn")
    invitation.group.journey.log(by, JourneyEvent.Kind.MEMBERS, f"Cancelled the invitation to {invitation.email}")


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User) -> Invitation:
    """Send the invitation again with a new link and a new expiry date; the old link stops working."""
    _lock_group(invitation.group)
    if not Invitation.objects.open().filter(pk=invitation.pk).exists():
        raise ValidationError("This invitation has already been accepted or withdrawn")
    if Membership.objects.filter(group_id=invitation.group_id, user__email__iexact=invitation.email).exists():
        raise ValidationError("This person is already a member of the group")
    _revoke(Invitation.objects.filter(pk=invitation.pk), by=by, reason=Invitation.Revoked.REPLACED)
    fresh = Invitation(group=invitation.group, email=invitation.email, role=invitation.role, invited_by=by)
    fresh.expires_at = invitation_expiry()
    fresh.full_clean()
    fresh.save()
    _send_invitation(fresh)
    invitation.group.journey.log(
        by, JourneyEvent.Kind.MEMBERS, f"Sent the invitation to {invitation.email} again, with a new link"
    )
    return fresh


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Link the account to the group, once. The account's email must be the invited address."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    problem = _problem(invitation)
    if problem == InvitationProblem.USED:
        raise ValidationError("This invitation has already been used")
    if problem == InvitationProblem.WITHDRAWN:
        raise ValidationError("This invitation has been withdrawn")
    if problem == InvitationProblem.EXPIRED:
        raise ValidationError("This invitation has expired")
    if user.email.lower() != invitation.email.lower():
        raise ValidationError("This invitation was sent to a different email address")
    membership, created = Membership.objects.get_or_create(
        group=invitation.group, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    if created:
        invitation.group.journey.log(
            user, JourneyEvent.Kind.MEMBERS, f"{user.full_name or user.email} joined the group"
        )
        tell(
            recipients=members_of(invitation.group.journey, leads_only=True),
            event="journeys.member_joined",
            journey=invitation.group.journey,
            message=f"{user.full_name or user.email} joined {invitation.group.name}",
            url=reverse("journeys:members", args=[invitation.group.journey.pk]),
            exclude=user,
        )
    return membership


@transaction.atomic
def membership_promote(*, membership: Membership, by: User) -> Membership:
    """Make a member a lead of the group (leads invite and remove members and ask for sign-off)."""
    membership = Membership.objects.select_for_update().select_related("user", "group").get(pk=membership.pk)
    if membership.role == Membership.Role.LEAD:
        raise ValidationError("This person is already a lead")
    membership.role = Membership.Role.LEAD
    membership.save(update_fields=["role"])
    name = membership.user.full_name or membership.user.email
    membership.group.journey.log(by, JourneyEvent.Kind.MEMBERS, f"{name} was made a lead")
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    """Remove a member; the group always keeps at least one lead.

    The invitations the member sent to this group, and any still open to their address, are
    withdrawn (their links stop working), and their notifications about the journey are deleted."""
    leads = list(Membership.objects.select_for_update().filter(group_id=membership.group_id, role=Membership.Role.LEAD))
    if membership.role == Membership.Role.LEAD and len(leads) <= 1:
        raise ValidationError("A group must keep at least one lead. Invite another lead before you remove this one.")
    user = membership.user
    name = user.full_name or user.email
    journey = membership.group.journey
    membership.delete()
    withdrawn = _revoke(
        Invitation.objects.filter(group_id=membership.group_id).filter(
            Q(invited_by=user) | Q(email__iexact=user.email)
        ),
        by=by,
        reason=Invitation.Revoked.MEMBER_REMOVED,
    )
    # Their tasks go back to nobody, shown as such, for the group to hand on: a task owned by someone
    # who can no longer open it would look taken care of while nobody is reminded of it.
    owned = list(
        Task.objects.select_for_update(of=("self",))
        .filter(journey=journey, owner=user)
        .select_related("definition")
        .order_by("pk")
    )
    Task.objects.filter(pk__in=[t.pk for t in owned]).update(
        owner=None, updated_by=by, updated_at=timezone.now(), version=F("version") + 1
    )
    summary = f"{name} was removed from the group"
    if withdrawn:
        count = len(withdrawn)
        summary += f"; {count} open invitation{'s' if count != 1 else ''} withdrawn"
    if owned:
        count = len(owned)
        tasks_had = f"{count} task they owned has" if count == 1 else f"{count} tasks they owned have"
        summary += f"; {tasks_had} no owner now"
    detail = [", ".join(i.email for i in withdrawn), ", ".join(t.definition.title for t in owned)]
    journey.log(by, JourneyEvent.Kind.MEMBERS, summary, detail="\n".join(line for line in detail if line))
    forget_journey_notifications(journey=journey, user=user)


# Stage gates ---------------------------------------------------------------------------------


@transaction.atomic
def gate_request(*, journey: Journey, by: User, note: str = "") -> GateRequest:
    """Ask to leave the current stage. Supported journeys wait for an adviser; others move on now."""
    journey = Journey.objects.select_for_update().get(pk=journey.pk)
    if journey.next_stage is None:
        raise ValidationError("This journey is at its final stage")
    if journey.status != Journey.Status.ACTIVE:
        raise ValidationError("Only an active journey can move on")
    if GateRequest.objects.filter(journey=journey, status=GateRequest.Status.PENDING).exists():
        raise ValidationError("A sign-off request is already waiting for an adviser")
    missing = missing_for_stage(journey)
    if missing:
        raise ValidationError(["Complete everything listed before you ask for sign-off", *missing])
    gate = GateRequest.objects.create(
        journey=journey, from_stage=journey.stage, to_stage=journey.next_stage, requested_by=by, note=note
    )
    if journey.in_support_programme:
        journey.log(
            by, JourneyEvent.Kind.GATE, f"Asked an adviser to sign off {journey.get_stage_display()}", detail=note
        )
        tell(
            recipients=[journey.assigned_adviser],
            event="journeys.gate_requested",
            journey=journey,
            message=f"{journey.group.name} asks you to sign off {journey.get_stage_display()}",
            url=reverse("journeys:gate_decide", args=[journey.pk, gate.pk]),
        )
    else:
        gate.status = GateRequest.Status.CONFIRMED
        gate.decided_by = by
        gate.decided_at = timezone.now()
        gate.save(update_fields=["status", "decided_by", "decided_at"])
        journey.log(
            by, JourneyEvent.Kind.GATE, f"Lead confirmed {journey.get_stage_display()} is complete", detail=note
        )
        journey.change_stage(to_stage=gate.to_stage, by=by, note=note or "Confirmed by the lead")
        duties_generate(journey=journey, by=by)
        _tell_stage_changed(journey, by)
    return gate


@transaction.atomic
def gate_decide(*, gate: GateRequest, by: User, approve: bool, comments: str = "") -> GateRequest:
    """An adviser approves (the journey moves on) or returns the request with comments."""
    gate = GateRequest.objects.select_for_update().select_related("journey", "journey__group").get(pk=gate.pk)
    journey = gate.journey
    if gate.status != GateRequest.Status.PENDING:
        raise ValidationError("This request has already been decided")
    if not approve and not comments.strip():
        raise ValidationError({"comments": "Explain what the group needs to do before you return the request"})
    if approve:
        missing = missing_for_stage(journey, gate.from_stage)
        if missing or journey.stage != gate.from_stage:
            raise ValidationError(["The stage is no longer complete", *missing])
    gate.status = GateRequest.Status.APPROVED if approve else GateRequest.Status.RETURNED
    gate.decided_by = by
    gate.decided_at = timezone.now()
    gate.comments = comments
    gate.save(update_fields=["status", "decided_by", "decided_at", "comments"])
    stage_label = Stage(gate.from_stage).label
    if approve:
        journey.log(by, JourneyEvent.Kind.GATE, f"Adviser signed off {stage_label}", detail=comments)
        journey.change_stage(to_stage=gate.to_stage, by=by, note=comments or "Signed off by an adviser")
        duties_generate(journey=journey, by=by)
        _tell_stage_changed(journey, by)
    else:
        journey.log(
            by, JourneyEvent.Kind.GATE, f"Adviser returned the sign-off request for {stage_label}", detail=comments
        )
    tell(
        recipients=members_of(journey, leads_only=True),
        event="journeys.gate_decided",
        journey=journey,
        message=f"Sign-off of {stage_label} was {gate.get_status_display().lower()}",
        url=reverse("journeys:gate", args=[journey.pk]),
    )
    return gate


@transaction.atomic
def stage_go_back(*, journey: Journey, by: User, reason: str) -> None:
    journey = Journey.objects.select_for_update().get(pk=journey.pk)
    if journey.previous_stage is None:
        raise ValidationError("This journey is at its first stage")
    if not reason.strip():
        raise ValidationError({"reason": "Give a reason for going back a stage"})
    GateRequest.objects.filter(journey=journey, status=GateRequest.Status.PENDING).update(
        status=GateRequest.Status.RETURNED, decided_by=by, decided_at=timezone.now(), comments="Journey moved back"
    )
    journey.change_stage(to_stage=journey.previous_stage, by=by, note=reason)
    _tell_stage_changed(journey, by)


# Plan sections -------------------------------------------------------------------------------


@transaction.atomic
def ballot_record(*, ballot: Ballot, by: User) -> Ballot:
    """Record a new ballot or survey, or save a correction to one (the change history keeps the old figures)."""
    changing = not ballot._state.adding
    if not changing:
        ballot.recorded_by = by
    ballot.full_clean()
    acting(ballot, by).save()
    support = ballot.support_percent
    support_text = f"{support}% support" if support is not None else "no votes cast"
    verb = "Corrected" if changing else "Recorded"
    ballot.journey.log(
        by,
        JourneyEvent.Kind.PLAN,
        f"{verb} a staff {ballot.get_kind_display().lower()}: {support_text}, {ballot.turnout_percent}% turnout",
    )
    _touch(ballot.journey)
    return ballot


# Plan sections that are one row per journey (a one-to-one field `journey`).
ONE_PER_JOURNEY = (MutualDesign, Forecast, TransferPlan, ReservedContractCheck)


def _lock_journey(journey: Journey) -> None:
    """Serialise writes to a journey's one-per-journey records (a row lock on the journey)."""
    Journey.objects.select_for_update().filter(pk=journey.pk).first()


@transaction.atomic
def plan_section_save(*, journey: Journey, obj, by: User, summary: str):
    """Save a plan section row (design, forecast, transfer plan, forecast line, risk) and log it.

    A one-per-journey section is created race-safely: with the journey's row locked, a form that
    was opened before someone else created the section updates their row instead of adding a
    second one (which the database refuses)."""
    _lock_journey(journey)
    if isinstance(obj, ONE_PER_JOURNEY) and obj._state.adding:
        existing = type(obj).objects.filter(journey_id=journey.pk).values_list("pk", flat=True).first()
        if existing is not None:
            obj.pk = existing
            obj._state.adding = False
    obj.full_clean()
    acting(obj, by).save()
    journey.log(by, JourneyEvent.Kind.PLAN, summary)
    _touch(journey)
    return obj


@transaction.atomic
def board_save(*, journey: Journey, seats: dict[str, int], by: User) -> None:
    _lock_journey(journey)  # one row per constituency: two saves at once apply one after the other
    for constituency in BoardSeat.Constituency:
        count = seats.get(constituency, 0) or 0
        row = BoardSeat.objects.filter(journey=journey, constituency=constituency).first()
        if count and (row is None or row.seats != count):
            row = row or BoardSeat(journey=journey, constituency=constituency)
            row.seats = count
            acting(row, by).save()  # the change history records who changed the seats, and when
        elif not count and row is not None:
            acting(row, by).delete()
    total = sum(v or 0 for v in seats.values())
    journey.log(by, JourneyEvent.Kind.PLAN, f"Updated the board: {total} seats")
    _touch(journey)


@transaction.atomic
def plan_row_delete(*, journey: Journey, obj, by: User, summary: str) -> None:
    """Delete a plan row (a ballot, a risk); the change history keeps who deleted it and when."""
    acting(obj, by).delete()
    journey.log(by, JourneyEvent.Kind.PLAN, summary)
    _touch(journey)


class NarrativeConflict(Exception):
    """Someone else saved the narrative section after this form was loaded."""


@transaction.atomic
def narrative_save(*, journey: Journey, section: str, answers: dict, by: User, version: int) -> PlanNarrative:
    """Save one narrative section unless someone else saved it since `version` was read (0: never saved)."""
    _lock_journey(journey)  # one row per section: a first save by two people at once applies in turn
    row = PlanNarrative.objects.filter(journey=journey, section=section).first()
    current = row.version if row else 0
    if current != version:
        raise NarrativeConflict
    if row is None:
        row = PlanNarrative(journey=journey, section=section, version=0)
    acting(row, by)
    row.answers = answers
    row.updated_by = by
    row.version = current + 1
    row.full_clean()
    row.save()
    journey.log(by, JourneyEvent.Kind.PLAN, f"Updated the business plan: {row.get_section_display()}")
    _touch(journey)
    return row


# Comments on tasks and plan sections --------------------------------------------------------------


class CommentConflict(Exception):
    """The author changed the comment elsewhere (another tab) after this form was loaded."""


def _comment_audience(comment: Comment, journey: Journey) -> None:
    """Share only with who can see the journey: an adviser only on a supported journey, the council only on
    a shared one."""
    if comment.visible_to_adviser and not journey.in_support_programme:
        raise ValidationError({"audience": "This journey is not in the Mutuals Support Programme: it has no adviser"})
    if comment.visible_to_council and not journey.shared_with_council:
        raise ValidationError({"audience": "This journey is not shared with the council"})
    if comment.visible_to_mentor and not journey.in_support_programme:
        raise ValidationError({"audience": "This journey is not in the Mutuals Support Programme: it has no mentor"})


@transaction.atomic
def comment_add(
    *,
    journey: Journey,
    by: User,
    body: str,
    task: Task | None = None,
    plan_topic: str = "",
    visible_to_adviser: bool = False,
    visible_to_council: bool = False,
    visible_to_mentor: bool = False,
) -> Comment:
    """Add a comment (the view has checked the author may comment and chosen its audience) and tell the
    people following the thread who may read it."""
    comment = Comment(
        journey=journey,
        task=task,
        plan_topic=plan_topic,
        author=by,
        body=body.strip(),
        visible_to_adviser=visible_to_adviser,
        visible_to_council=visible_to_council,
        visible_to_mentor=visible_to_mentor,
    )
    comment.full_clean()
    _comment_audience(comment, journey)
    acting(comment, by).save()
    _touch(journey)
    _tell_comment(comment, by)
    return comment


def _tell_comment(comment: Comment, by: User) -> None:
    from .access import may_read_comment  # access reads the models; services are imported by views first

    thread = Comment.objects.filter(journey_id=comment.journey_id, task=comment.task, plan_topic=comment.plan_topic)
    authors = User.objects.filter(pk__in=thread.exclude(author=None).values("author")).exclude(pk=by.pk)
    people = {user.pk: user for user in authors}
    if comment.task is not None and comment.task.owner is not None:
        people.setdefault(comment.task.owner.pk, comment.task.owner)
    if not Membership.objects.filter(group_id=comment.journey.group_id, user=by).exists():
        # The adviser or the council speaking to the group: its leads hear of it.
        for lead in members_of(comment.journey, leads_only=True):
            people.setdefault(lead.pk, lead)
    readers = [user for user in people.values() if user.pk != by.pk and may_read_comment(user, comment)]
    url = comment.get_absolute_url()
    who = by.full_name or by.email
    tell(
        recipients=readers,
        event="journeys.comment_added",
        journey=comment.journey,
        message=f"{who} commented on \u201c{comment.topic_title}\u201d ({comment.journey.group.name})",
        url=url,
        exclude=by,
    )


@transaction.atomic
def comment_edit(
    *,
    comment: Comment,
    by: User,
    body: str,
    visible_to_adviser: bool,
    visible_to_council: bool,
    version: int,
    visible_to_mentor: bool = False,
) -> Comment:
    """Change a comment's words or audience; its change history keeps the old ones."""
    current = Comment.objects.select_for_update().get(pk=comment.pk)
    if current.version != version:
        raise CommentConflict
    current.body = body.strip()
    current.visible_to_adviser = visible_to_adviser
    current.visible_to_council = visible_to_council
    current.visible_to_mentor = visible_to_mentor
    current.edited_at = timezone.now()
    current.version += 1  # the row is locked: no one else increments it meanwhile
    current.full_clean()
    _comment_audience(current, comment.journey)
    acting(current, by).save()
    _touch(comment.journey)
    return current


@transaction.atomic
def comment_delete(*, comment: Comment, by: User) -> None:
    """Delete a comment; the change history keeps who deleted it and when."""
    acting(comment, by).delete()
    _touch(comment.journey)


# After launch: the contract, the registered body and its yearly duties -----------------------------


class RecordConflict(Exception):
    """Someone else saved the record after this form was loaded."""


def _check_version(current, version: int) -> None:
    if current is not None and current.version != version or current is None and version != 0:
        raise RecordConflict


def _one_row_save(*, model, journey: Journey, values: dict, by: User, version: int):
    """Create or change a one-per-journey record unless someone else saved it since `version` was read
    (0: the form was opened before the record existed)."""
    _lock_journey(journey)
    row = model.objects.filter(journey=journey).first()
    _check_version(row, version)
    creating = row is None
    if creating:
        row = model(journey=journey, version=0)
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_by = by
    row.full_clean(exclude=["version"])
    row.version += 1
    acting(row, by).save()
    return row, creating


@transaction.atomic
def contract_save(*, journey: Journey, by: User, values: dict, version: int) -> Contract:
    """Record or change the mutual's contract (who, start, end, extension options, value)."""
    contract, creating = _one_row_save(model=Contract, journey=journey, values=values, by=by, version=version)
    ends = date_format(contract.end_on, "j F Y")
    verb = "Recorded" if creating else "Changed"
    journey.log(
        by,
        JourneyEvent.Kind.AFTER_LAUNCH,
        f"{verb} the contract with {contract.commissioner}: {date_format(contract.start_on, 'j F Y')} to {ends}",
        detail=contract.extension_options,
    )
    _touch(journey)
    return contract


@transaction.atomic
def registered_body_save(*, journey: Journey, by: User, values: dict, version: int) -> RegisteredBody:
    """Record or change the registered mutual's dates; on a spun-out journey, its yearly duties follow."""
    body, creating = _one_row_save(model=RegisteredBody, journey=journey, values=values, by=by, version=version)
    verb = "Recorded" if creating else "Changed"
    journey.log(
        by,
        JourneyEvent.Kind.AFTER_LAUNCH,
        f"{verb} the registered body: {body.registered_name}, incorporated "
        f"{date_format(body.incorporated_on, 'j F Y')}",
    )
    duties_generate(journey=journey, by=by)
    _touch(journey)
    return body


def _wanted_duties(journey: Journey, today: date) -> dict[str, tuple[date, date]] | None:
    """Each duty kind the mutual owes now with the (period end, due date) of its next open instance; None when
    it is not known yet (not spun out, no legal form or no registered body)."""
    design = MutualDesign.objects.filter(journey=journey).first()
    body = RegisteredBody.objects.filter(journey=journey).first()
    if journey.stage != Stage.SPUN_OUT or design is None or body is None:
        return None
    first_year = body.first_year_end
    wanted: dict[str, tuple[date, date]] = {}
    for kind in after_launch.duty_kinds_for(design.legal_form, agm_required=body.agm_months is not None):
        last_done = (
            AnnualDuty.objects.filter(journey=journey, kind=kind, completed_at__isnull=False)
            .order_by("-period_end")
            .first()
        )
        if last_done is not None:
            period_end = after_launch.next_period_end(kind, last_done.period_end)
        else:
            # Nothing done yet: start with the first period whose duty is not yet past, so a mutual
            # that spun out years ago is not given years of duties it has long since met.
            period_end = after_launch.first_period_end(
                kind, incorporated_on=body.incorporated_on, first_year_end=body.first_year_end
            )

            def due(end: date, kind=kind) -> date:
                return after_launch.due_for(
                    kind,
                    period_end=end,
                    incorporated_on=body.incorporated_on,
                    agm_months=body.agm_months,
                    first_year=first_year,
                )

            while due(period_end) < today:
                period_end = after_launch.next_period_end(kind, period_end)
        due_on = after_launch.due_for(
            kind,
            period_end=period_end,
            incorporated_on=body.incorporated_on,
            agm_months=body.agm_months,
            first_year=first_year,
        )
        wanted[kind] = (period_end, due_on)
    return wanted


def duties_generate(*, journey: Journey, by: User | None, today: date | None = None) -> list[AnnualDuty]:
    """Bring the journey's open yearly duties in line with its legal form and dates: one open instance of each
    duty it owes (kept, with its owner and notes, when its period and due date still hold). Duties it no longer
    owes (the legal form changed) are removed; completed ones stay. Call inside a transaction."""
    today = today or timezone.localdate()
    wanted = _wanted_duties(journey, today)
    if wanted is None:
        return []
    created = []
    for duty in AnnualDuty.objects.open().filter(journey=journey):
        target = wanted.get(duty.kind)
        if target is None or target[0] != duty.period_end:
            acting(duty, by).delete()
        elif target[1] != duty.due_on:
            duty.due_on = target[1]
            duty.version += 1
            acting(duty, by).save(update_fields=["due_on", "version", "updated_at"])
            wanted.pop(duty.kind)
        else:
            wanted.pop(duty.kind)
    for kind, (period_end, due_on) in wanted.items():
        if AnnualDuty.objects.filter(journey=journey, kind=kind, period_end=period_end).exists():
            continue  # done already (a completed duty is never made again)
        duty = AnnualDuty(journey=journey, kind=kind, period_end=period_end, due_on=due_on)
        acting(duty, by).save()  # the change history names who brought it up
        created.append(duty)
    if created:
        journey.log(
            by,
            JourneyEvent.Kind.AFTER_LAUNCH,
            "Yearly duties due: "
            + "; ".join(f"{d.get_kind_display()} by {date_format(d.due_on, 'j F Y')}" for d in created),
        )
    return created


@transaction.atomic
def duty_update(
    *, duty: AnnualDuty, by: User, owner: User | None, notes: str, complete: bool, version: int
) -> AnnualDuty:
    """Save a duty's owner and notes, and mark it done; marking it done sets up next year's instance,
    with the same owner."""
    journey = duty.journey
    current = AnnualDuty.objects.select_for_update(of=("self",)).select_related("owner").get(pk=duty.pk)
    if current.version != version:
        raise RecordConflict
    if current.is_completed:
        raise ValidationError("This duty is already done")
    if owner is not None and owner.pk != current.owner_id:
        _check_owner(journey, owner)
    previous_owner_id = current.owner_id
    parts = []
    if (owner.pk if owner else None) != current.owner_id:
        parts.append(f"owner set to {_person(owner)}" if owner else "owner removed")
    if notes != current.notes:
        parts.append("notes updated")
    if complete:
        parts.append("done")
        current.completed_at = timezone.now()
        current.completed_by = by
    current.owner = owner
    current.notes = notes
    current.updated_by = by
    current.version += 1
    acting(current, by).save()
    label = current.get_kind_display()
    period = date_format(current.period_end, "j F Y")
    journey.log(by, JourneyEvent.Kind.AFTER_LAUNCH, f"{label} (period ending {period}): {'; '.join(parts) or 'saved'}")
    if complete:
        for made in duties_generate(journey=journey, by=by):
            if made.kind == current.kind and owner is not None:
                made.owner = owner
                acting(made, by).save(update_fields=["owner", "updated_at"])
    if owner is not None and owner.pk != previous_owner_id:
        tell(
            recipients=[owner],
            event="journeys.task_assigned",
            journey=journey,
            message=f"{_person(by)} made you the owner of: {label}, due {date_format(current.due_on, 'j F Y')}",
            url=reverse("journeys:duty", args=[journey.pk, current.pk]),
            exclude=by,
        )
    _touch(journey)
    return current


# The council's decisions -------------------------------------------------------------------


class DecisionConflict(Exception):
    """Someone else changed or withdrew the decision after this form was loaded."""


def _decision_task(decision: CouncilDecision) -> Task | None:
    """The journey's task this kind of decision satisfies, locked (None if an admin removed it from the catalogue)."""
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("definition")
        .filter(journey_id=decision.journey_id, definition__slug=decision.task_slug)
        .first()
    )


def _set_task_status(task: Task, *, status: str, by: User) -> None:
    Task.objects.filter(pk=task.pk).update(
        status=status, updated_by=by, updated_at=timezone.now(), version=F("version") + 1
    )


def _decision_summary(decision: CouncilDecision) -> str:
    reference = f" (reference {decision.reference})" if decision.reference else ""
    return f"{decision.get_kind_display()}, decided on {date_format(decision.decided_on, 'j F Y')}{reference}"


def _decision_detail(decision: CouncilDecision) -> str:
    return "\n".join(part for part in (f"Decision maker: {decision.decision_maker}", decision.notes) if part)


def _tell_decision(decision: CouncilDecision, by: User, message: str) -> None:
    journey = decision.journey
    tell(
        recipients=members_of(journey), event="journeys.council_decision", journey=journey, message=message, exclude=by
    )


def _check_one_in_force(decision: CouncilDecision) -> None:
    others = CouncilDecision.objects.in_force().filter(journey_id=decision.journey_id, kind=decision.kind)
    if others.exclude(pk=decision.pk).exists():
        raise ValidationError({"kind": ALREADY_RECORDED})


@transaction.atomic
def council_decision_record(*, decision: CouncilDecision, by: User) -> CouncilDecision:
    """Record a decision of the journey's parent council. It satisfies the matching task: an open task is
    completed, attributed to the council (the decision is its evidence); withdrawing it reopens that task.
    Who may do so is decided by journeys.access."""
    journey = decision.journey
    _lock_journey(journey)  # one decision of each kind in force: two recordings at once apply in turn
    decision.council_id = journey.group.parent_body_id
    decision.recorded_by = by
    decision.updated_by = by
    decision.recorded_at = timezone.now()
    _check_one_in_force(decision)  # first: its message names the field, the constraint's the whole form
    decision.full_clean(exclude=["completed_task"])
    task = _decision_task(decision)
    completes = task is not None and not task.is_completed
    decision.completed_task = task if completes else None
    acting(decision, by).save()
    council = journey.group.parent_body.name
    journey.log(
        by,
        JourneyEvent.Kind.COUNCIL,
        f"{council} recorded: {_decision_summary(decision)}",
        detail=_decision_detail(decision),
    )
    if task is not None and completes:
        _set_task_status(task, status=Task.Status.COMPLETED, by=by)
        when = date_format(decision.decided_on, "j F Y")
        journey.log(by, JourneyEvent.Kind.TASK, f"{task.definition.title}: completed (recorded by {council} on {when})")
    _tell_decision(decision, by, f"{council} recorded a decision: {decision.get_kind_display()}")
    _touch(journey)
    return decision


@transaction.atomic
def council_decision_change(
    *,
    decision: CouncilDecision,
    by: User,
    version: int,
    decided_on: date,
    reference: str,
    decision_maker: str,
    notes: str,
) -> CouncilDecision:
    """Correct a decision in force unless someone changed or withdrew it since `version` was read."""
    current = CouncilDecision.objects.select_for_update().select_related("journey__group").get(pk=decision.pk)
    if current.version != version or not current.is_in_force:
        raise DecisionConflict
    current.decided_on, current.reference = decided_on, reference
    current.decision_maker, current.notes = decision_maker, notes
    current.updated_by = by
    current.version = version + 1
    current.full_clean(exclude=["completed_task"])
    acting(current, by).save()
    journey = current.journey
    journey.log(
        by,
        JourneyEvent.Kind.COUNCIL,
        f"{journey.group.parent_body.name} corrected: {_decision_summary(current)}",
        detail=_decision_detail(current),
    )
    _touch(journey)
    return current


@transaction.atomic
def council_decision_withdraw(*, decision: CouncilDecision, by: User, version: int, reason: str) -> CouncilDecision:
    """Withdraw a decision (recorded in error, or rescinded). The task it completed reopens (in progress);
    a task the group had completed itself stays as it is."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the decision is withdrawn"})
    current = CouncilDecision.objects.select_for_update().select_related("journey__group").get(pk=decision.pk)
    if current.version != version or not current.is_in_force:
        raise DecisionConflict
    current.status = CouncilDecision.Status.WITHDRAWN
    current.withdrawal_reason = reason.strip()
    current.updated_by = by
    current.version = version + 1
    acting(current, by).save()
    journey = current.journey
    council = journey.group.parent_body.name
    journey.log(
        by,
        JourneyEvent.Kind.COUNCIL,
        f"{council} withdrew: {_decision_summary(current)}",
        detail=current.withdrawal_reason,
    )
    task = _decision_task(current) if current.completed_task_id else None
    if task is not None and task.pk == current.completed_task_id and task.is_completed:
        _set_task_status(task, status=Task.Status.IN_PROGRESS, by=by)
        journey.log(by, JourneyEvent.Kind.TASK, f"{task.definition.title}: reopened ({council} withdrew its decision)")
    _tell_decision(current, by, f"{council} withdrew a decision: {current.get_kind_display()}")
    _touch(journey)
    return current
