from dataclasses import replace
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from accounts import audit, ratelimit
from accounts import registration as account_registration
from accounts.models import SecurityEvent, User
from accounts.services import user_create
from mutuals_portal.lib.forms import add_errors
from mutuals_portal.lib.history import history_page
from mutuals_portal.lib.http import private_download
from mutuals_portal.lib.prepared import PreparedModels, PreparedValues

from . import after_launch as after_launch_rules
from . import narrative as narrative_sections
from . import procurement, services
from . import registration as group_registration
from .access import (
    comments_visible,
    get_council_decision_for_officer,
    get_duty_for_user,
    get_evidence_for_user,
    get_invitation_for_lead,
    get_journey_for_history,
    get_journey_for_user,
    journey_history_sources,
    journeys_visible_to,
    open_duties_owned_by,
    open_tasks_owned_by,
    require,
)
from .forms import (
    AcceptInvitationForm,
    BallotForm,
    BoardForm,
    ContractForm,
    CouncilDecisionForm,
    CouncilDecisionWithdrawForm,
    DesignForm,
    DutyForm,
    EvidenceForm,
    GateDecisionForm,
    GateRequestForm,
    GoBackForm,
    InvitationForm,
    NarrativeForm,
    RegisteredBodyForm,
    RegistrationForm,
    ReservedContractCheckForm,
    RiskForm,
    ShareForm,
    TaskForm,
    TransferPlanForm,
)
from .gates import gate_fact_rows, missing_for_stage, plan_facts
from .models import (
    AnnualDuty,
    Ballot,
    BoardSeat,
    Contract,
    CouncilDecision,
    Evidence,
    GateRequest,
    Invitation,
    JourneyEvent,
    Membership,
    MutualDesign,
    PlanNarrative,
    RegisteredBody,
    ReservedContractCheck,
    Risk,
    Stage,
    StageDefinition,
    Task,
    TransferPlan,
)
from .narrative_read import narrative_for, plan_notes
from .overview import plan_sections, stage_groups, task_items_from, tasks_owned_by

# "Your tasks" on the home page lists this many (a person owning more sees them on each journey's overview).
MY_TASKS_SHOWN = 50
STORAGE_FULL_MESSAGE = "The file could not be saved because the server is out of space. Nothing was uploaded."


# Lists and overview ---------------------------------------------------------------------------


@login_required
def journey_list(request):
    pending = GateRequest.objects.filter(journey=OuterRef("pk"), status=GateRequest.Status.PENDING)
    journeys = journeys_visible_to(request.user).annotate(sign_off_waiting=Exists(pending)).order_by("group__name")
    # Staff group members' home: the tasks they own across their journeys (advisers and officers own none).
    my_tasks, more_tasks, my_duties = None, False, []
    if request.user.role == request.user.Role.STAFF:
        my_tasks = list(open_tasks_owned_by(request.user)[: MY_TASKS_SHOWN + 1])
        more_tasks = len(my_tasks) > MY_TASKS_SHOWN
        my_tasks = my_tasks[:MY_TASKS_SHOWN]
        # A spun-out mutual's yearly duties its owner took on (few: a handful a year per mutual).
        my_duties = list(open_duties_owned_by(request.user)[:MY_TASKS_SHOWN])
    context = {"journeys": journeys, "my_tasks": my_tasks, "more_tasks": more_tasks, "my_duties": my_duties}
    return render(request, "journeys/list.html", context)


@login_required
def overview(request, pk):
    access = get_journey_for_user(request.user, pk)
    return render(request, "journeys/overview.html", _overview_context(access))


# What the overview reads of each task (the task list, "Your tasks", what the stage still needs): not its notes,
# its guidance or its owner's account.
OVERVIEW_TASK_COLUMNS = (
    "id",
    "journey_id",
    "definition_id",
    "status",
    "owner_id",
    "due_on",
    "definition__stage_id",
    "definition__slug",
    "definition__title",
    "definition__required",
    "definition__needs_evidence",
    "definition__order",
    "definition__stage__stage",
    "definition__stage__title",
    "definition__stage__summary",
    "definition__stage__order",
    "owner__full_name",
    "owner__email",
)
# What the timeline and the council decisions on the overview print of each (a journey page reads the rest of
# neither: reading only these costs the database and Django less than whole rows of the events' people).
EVENT_FIELDS = ("journey_id", "summary", "detail", "created_at", "actor__full_name", "actor__email")
COUNCIL_DECISION_FIELDS = (
    "journey_id",
    "kind",
    "status",
    "decided_on",
    "reference",
    "decision_maker",
    "notes",
    "recorded_at",
    "council__name",
)


# The overview's task list and timeline, compiled once per process (mutuals_portal.lib.prepared).
_OVERVIEW_TASKS = PreparedValues(
    lambda journey_pk: (
        Task.objects.filter(journey_id=journey_pk)
        .values(*OVERVIEW_TASK_COLUMNS)
        .annotate(evidence_count=Count("evidence"))
        .order_by("definition__stage__order", "definition__order", "definition_id")
    )
)
_OVERVIEW_EVENTS = PreparedModels(
    lambda journey_pk: (
        JourneyEvent.objects.filter(journey_id=journey_pk)
        .select_related("actor")
        .only(*EVENT_FIELDS)
        .order_by("-created_at", "-id")[:10]
    )
)

_OVERVIEW_DECISIONS = PreparedModels(
    lambda journey_pk: (
        CouncilDecision.objects.in_force()
        .filter(journey_id=journey_pk)
        .select_related("council")
        .only(*COUNCIL_DECISION_FIELDS)
    )
)


def _stages_of(tasks) -> list:
    """The stage catalogue, in order, from the tasks' own stages (read with them); from the catalogue
    itself only when a stage has no task for this journey."""
    found = {task.definition.stage_id: task.definition.stage for task in tasks}
    if len(found) < len(Stage):
        return list(StageDefinition.objects.order_by("order"))
    return sorted(found.values(), key=lambda stage: stage.order)


def _overview_context(access) -> dict:
    journey = access.journey
    tasks = task_items_from(_OVERVIEW_TASKS.rows(journey.pk))
    stages = _stages_of(tasks)
    groups = stage_groups(journey, stages, tasks)
    current = next((g for g in groups if g["is_current"]), None)
    required = [t for t in tasks if t.definition.required]
    facts = plan_facts(journey)
    missing = []
    if journey.next_stage:
        stage_tasks = current["tasks"] if current else None
        missing = missing_for_stage(journey, stage_tasks=stage_tasks, facts=facts)
    return {
        "access": access,
        "journey": journey,
        "my_tasks": tasks_owned_by(access.membership.user_id, tasks) if access.membership else None,
        "stage_groups": groups,
        "current": current,
        "required_done": sum(1 for t in required if t.is_completed),
        "required_total": len(required),
        "started_ahead": sum(group["started_ahead"] for group in groups),
        "missing": missing,
        # Read with the plan facts (one query fewer): the stage it asks to leave and when.
        "pending_gate": {
            "from_stage": Stage(facts["pending_gate_from"]).label,
            "requested_at": facts["pending_gate_requested_at"],
        }
        if facts["pending_gate_from"]
        else None,
        "events": _OVERVIEW_EVENTS.objects(journey.pk),
        "council_decisions": _OVERVIEW_DECISIONS.objects(journey.pk),
        "sections": plan_sections(facts),
        # "Mutuals like yours" comes from the case-study library (its template tag, a layer above).
        "plan_legal_form": facts["legal_form"] or None,
        # After launch (issue #22 point 9): the contract, its re-tender dates and the yearly duties.
        "after_launch": after_launch_summary(journey) if journey.stage in (Stage.TRANSFER, Stage.SPUN_OUT) else None,
    }


@login_required
def timeline(request, pk):
    access = get_journey_for_user(request.user, pk)
    events = access.journey.events.select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "journeys/timeline.html", {"access": access, "journey": access.journey, "page": page})


@login_required
def history(request, pk):
    """Who changed what on the journey, its staff group and its stages."""
    journey = get_journey_for_history(request.user, pk)
    if journeys_visible_to(request.user).filter(pk=journey.pk).exists():
        back_url = reverse("journeys:overview", args=[journey.pk])
    else:  # an admin
        back_url = reverse("admin:journeys_journey_change", args=[journey.pk])
    page = history_page(journey_history_sources(journey), request.GET.get("page"))
    return render(request, "journeys/history.html", {"journey": journey, "page": page, "back_url": back_url})


# Tasks and evidence ---------------------------------------------------------------------------


def _get_task(access, task_pk) -> Task:
    found = _TASK.objects(task_pk, access.journey.pk)  # task_pk: an int, from the URL
    if not found:
        raise Http404("No such task")
    return found[0]


# The task page's task, with what it prints of it; compiled once per process (mutuals_portal.lib.prepared).
_TASK = PreparedModels(
    lambda pk, journey_pk: Task.objects.select_related("definition", "definition__stage", "updated_by", "owner").filter(
        pk=pk, journey_id=journey_pk
    ),
    arity=2,
)


# The group's memberships with their people, by name; compiled once per process.
_MEMBERS = PreparedModels(
    lambda group_pk: (
        Membership.objects.filter(group_id=group_pk).select_related("user").order_by("user__full_name", "user__email")
    )
)
# A task's evidence with who uploaded it, newest first (Evidence's ordering); compiled once per process.
_EVIDENCE = PreparedModels(lambda task_pk: Evidence.objects.filter(task_id=task_pk).select_related("uploaded_by"))


def _group_members(journey) -> list:
    """The group's members, by name: who may own a task or a yearly duty."""
    return [membership.user for membership in _MEMBERS.objects(journey.group_id)]


def _task_form(request, access, task, data=None, files=None) -> TaskForm:
    """The task page's form; its owner choices are the group's members (only those who may edit need them)."""
    members = []
    if access.can_work:
        members = _group_members(access.journey)
    initial = {
        "status": task.status,
        "notes": task.notes,
        "plan_section": task.plan_section,
        "owner": task.owner_id or "",
        "due_on": task.due_on,
        "version": task.version,
    }
    return TaskForm(data, files, initial=initial, members=members, current_due_on=task.due_on, you=request.user)


def _posted(form: TaskForm, name: str, data) -> object:
    """A field's cleaned value, or KEEP when the page that was posted had no such field (a page loaded
    before owners and due dates existed must not clear them)."""
    field = form.fields[name]
    names = [f"{name}_{i}" for i in range(3)] if isinstance(field, forms.MultiValueField) else [name]
    if not any(key in data for key in names):
        return services.KEEP
    return form.cleaned_data[name]


def _render_task(request, access, task, *, task_form=None, evidence_form=None, conflict=None, status=200):
    # The error summary and the "Error: " title prefix read `form`.
    form = evidence_form if evidence_form is not None and evidence_form.errors else task_form
    context = {
        "access": access,
        "journey": access.journey,
        "task": task,
        "can_edit": access.can_work,
        "ahead_of_stage": Stage.index(task.stage) > access.journey.stage_index,
        "task_form": task_form or _task_form(request, access, task),
        "evidence_form": evidence_form or EvidenceForm(),
        "evidence": _EVIDENCE.objects(task.pk),
        "council_decision_kinds": _decision_kinds_for(task),
        "council_decisions": _decisions_for_task(task),
        "conflict": conflict,
        "form": form,
    }
    return render(request, "journeys/task.html", context, status=status)


def _decision_kinds_for(task: Task) -> list[str]:
    """The kinds of council decision that satisfy this task (journeys.models.CouncilDecision.TASKS)."""
    return [kind for kind, slug in CouncilDecision.TASKS.items() if slug == task.definition.slug]


def _decisions_for_task(task: Task) -> list[CouncilDecision]:
    """The council's decisions in force that satisfy this task (none for most tasks: no query)."""
    kinds = _decision_kinds_for(task)
    if not kinds:
        return []
    decisions = CouncilDecision.objects.in_force().filter(journey_id=task.journey_id, kind__in=kinds)
    return list(decisions.select_related("council"))


@login_required
@require_http_methods(["GET", "POST"])
def task_detail(request, pk, task_pk):
    access = get_journey_for_user(request.user, pk)
    task = _get_task(access, task_pk)
    if request.method == "GET":
        return _render_task(request, access, task)
    require(access.can_work)
    form = _task_form(request, access, task, request.POST, request.FILES)
    uploading = "stay" in request.POST  # the "Upload evidence" button
    if form.is_valid() and uploading and not form.cleaned_data["file"]:
        form.add_error("file", "Select a file to upload")
    if form.is_valid():
        try:
            saved, evidence = services.task_save(
                task=task,
                by=request.user,
                status=form.cleaned_data["status"],
                notes=form.cleaned_data["notes"],
                version=form.cleaned_data["version"],
                plan_section=form.cleaned_data["plan_section"],
                owner=_posted(form, "owner", request.POST),
                due_on=_posted(form, "due_on", request.POST),
                file=form.cleaned_data["file"],
            )
        except services.TaskConflict as conflict:
            # Keep what this user typed, but make them look at the other person's save first.
            data = request.POST.copy()
            data["version"] = conflict.current.version
            form = _task_form(request, access, conflict.current, data)
            form.is_valid()
            form.add_error(
                None,
                "Someone else saved this task while you were editing it. Check their changes below, "
                "then save again if you still want to make yours.",
            )
            if request.FILES:
                form.add_error("file", "Nothing was uploaded: choose the file again")
            return _render_task(
                request, access, conflict.current, task_form=form, conflict=conflict.current, status=409
            )
        except services.StorageFull:
            form.add_error("file", STORAGE_FULL_MESSAGE)
            return _render_task(request, access, task, task_form=form, status=503)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if evidence is None:
                messages.success(request, f"Task saved: {task.definition.title}")
                return redirect("journeys:overview", pk=pk)
            messages.success(request, f"Task saved and evidence uploaded: {evidence.original_name}")
            return redirect("journeys:task", pk=pk, task_pk=saved.pk)
    if form.has_error("file", code="infected"):
        audit.record(SecurityEvent.Kind.UPLOAD_INFECTED, request=request, user=request.user)
    if form.has_error("file") and request.FILES:
        # A browser cannot re-fill a file input: the typed notes are kept, the file must be chosen again.
        form.add_error(
            None, "Nothing was saved yet. Your notes are kept below: choose a file again, or none, then save."
        )
    return _render_task(request, access, task, task_form=form)


@login_required
@require_POST
def evidence_upload(request, pk, task_pk):
    access = get_journey_for_user(request.user, pk)
    task = _get_task(access, task_pk)
    require(access.can_work)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence = services.evidence_add(task=task, by=request.user, file=form.cleaned_data["file"])
        except services.StorageFull:
            form.add_error("file", STORAGE_FULL_MESSAGE)
            return _render_task(request, access, task, evidence_form=form, status=503)
        messages.success(request, f"Evidence uploaded: {evidence.original_name}")
        return redirect("journeys:task", pk=pk, task_pk=task.pk)
    if form.has_error("file", code="infected"):
        audit.record(SecurityEvent.Kind.UPLOAD_INFECTED, request=request, user=request.user)
    return _render_task(request, access, task, evidence_form=form)


@login_required
def evidence_download(request, pk, evidence_pk):
    _, evidence = get_evidence_for_user(request.user, pk, evidence_pk)
    return private_download(evidence.file, evidence.original_name, evidence.content_type)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_delete(request, pk, evidence_pk):
    access, evidence = get_evidence_for_user(request.user, pk, evidence_pk)
    require(access.can_manage)
    if request.method == "POST":
        services.evidence_delete(evidence=evidence, by=request.user)
        messages.success(request, f"Evidence deleted: {evidence.original_name}")
        return redirect("journeys:task", pk=pk, task_pk=evidence.task_id)
    return render(
        request, "journeys/evidence_delete.html", {"access": access, "journey": access.journey, "evidence": evidence}
    )


# Registration, members and invitations --------------------------------------------------------


@require_http_methods(["GET", "POST"])
@ratelimit.limit_posts("registration")
def register(request):
    """The same answer whether or not the email has an account: "Check your email" (the lead's
    account, the group and the journey are created once the address is confirmed, by
    journeys.registration; an existing account's owner is told by email)."""
    if request.user.is_authenticated:
        return render(request, "journeys/register_signed_in.html")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account_registration.start(
            request,
            kind="staff_group",
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            payload=group_registration.payload(form),
        )
        return redirect("registration_check_email")
    return render(request, "journeys/register.html", {"form": form})


@login_required
def members(request, pk):
    access = get_journey_for_user(request.user, pk)
    require(access.is_member)
    return _render_members(request, access, InvitationForm())


def _render_members(request, access, form, status=200, action_form=None):
    group = access.journey.group
    return render(
        request,
        "journeys/members.html",
        {
            "access": access,
            "journey": access.journey,
            "memberships": group.memberships.select_related("user").order_by("-role", "user__full_name"),
            "invitations": Invitation.objects.open()
            .filter(group=group)
            .select_related("invited_by")
            .order_by("email", "-created_at")[:50],
            "form": form,
            "invitation_days": settings.INVITATION_DAYS,
            "action_form": action_form,
        },
        status=status,
    )


@login_required
@require_POST
def member_invite(request, pk):
    access = get_journey_for_user(request.user, pk)
    require(access.can_manage)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                group=access.journey.group,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}")
            return redirect("journeys:members", pk=pk)
    return _render_members(request, access, form)


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, pk, membership_pk):
    access = get_journey_for_user(request.user, pk)
    require(access.can_manage)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "group"), pk=membership_pk, group_id=access.journey.group_id
    )
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, by=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(
                request, f"{membership.user.full_name or membership.user.email} was removed from the group"
            )
            if membership.user_id == request.user.id:
                return redirect("journeys:list")
            return redirect("journeys:members", pk=pk)
    return render(
        request,
        "journeys/member_remove.html",
        {"access": access, "journey": access.journey, "membership": membership, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_POST
def member_promote(request, pk, membership_pk):
    access = get_journey_for_user(request.user, pk)
    require(access.can_manage)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_pk, group_id=access.journey.group_id
    )
    name = membership.user.full_name or membership.user.email
    try:
        services.membership_promote(membership=membership, by=request.user)
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, f"{name} is now a lead of the group")
    return redirect("journeys:members", pk=pk)


def _invitation_action(request, pk, invitation_pk, action, done: str):
    access, invitation = get_invitation_for_lead(request.user, pk, invitation_pk)
    try:
        action(invitation=invitation, by=request.user)
    except ValidationError as error:
        # The page again, with the reason in an error summary (someone else acted first).
        problem = forms.Form(data={})
        problem.full_clean()
        problem.add_error(None, error)
        return _render_members(request, access, InvitationForm(), status=409, action_form=problem)
    messages.success(request, done.format(email=invitation.email))
    return redirect("journeys:members", pk=pk)


@login_required
@require_POST
def invitation_cancel(request, pk, invitation_pk):
    done = "Invitation to {email} cancelled: its link no longer works"
    return _invitation_action(request, pk, invitation_pk, services.invitation_cancel, done)


@login_required
@require_POST
def invitation_resend(request, pk, invitation_pk):
    return _invitation_action(
        request,
        pk,
        invitation_pk,
        services.invitation_resend,
        "Invitation sent to {email} again with a new link. The earlier link no longer works",
    )


def _invitation_problem(request, invitation, problem):
    return render(
        request,
        "journeys/invitation_invalid.html",
        {"invitation": invitation, "problem": problem, "invitation_days": settings.INVITATION_DAYS},
        status=404,
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation, problem = services.invitation_lookup(token)
    if problem is not None:
        return _invitation_problem(request, invitation, problem)
    user = request.user
    existing = User.objects.filter(email__iexact=invitation.email).first()
    form = None
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            return render(request, "journeys/invitation_accept.html", {"invitation": invitation, "wrong_account": True})
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=user)
            except ValidationError:
                # It expired, was used or was withdrawn since the page was shown.
                return _invitation_problem(request, *services.invitation_lookup(token))
            messages.success(request, f"You have joined {invitation.group.name}")
            return redirect("journeys:overview", pk=invitation.group.journey.pk)
    elif existing is None:
        form = AcceptInvitationForm(request.POST or None, email=invitation.email)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():  # no account without the membership
                    new_user = user_create(
                        email=invitation.email,
                        full_name=form.cleaned_data["full_name"],
                        role=User.Role.STAFF,
                        password=form.cleaned_data["password1"],
                    )
                    services.invitation_accept(invitation=invitation, user=new_user)
            except ValidationError as error:
                if not services.invitation_lookup(token)[1] and "email" in getattr(error, "error_dict", {}):
                    add_errors(form, error)  # an account was made for the address meanwhile: sign in
                    return render(
                        request,
                        "journeys/invitation_accept.html",
                        {"invitation": invitation, "form": form, "has_account": True, "token": token},
                    )
                return _invitation_problem(request, *services.invitation_lookup(token))
            login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Your account is ready and you have joined {invitation.group.name}")
            return redirect("journeys:overview", pk=invitation.group.journey.pk)
    return render(
        request,
        "journeys/invitation_accept.html",
        {"invitation": invitation, "form": form, "has_account": existing is not None, "token": token},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sharing(request, pk):
    access = get_journey_for_user(request.user, pk)
    require(access.can_manage)
    journey = access.journey
    form = ShareForm(request.POST or None, initial={"shared": "yes" if journey.shared_with_council else "no"})
    if request.method == "POST" and form.is_valid():
        services.journey_share(journey=journey, by=request.user, shared=form.cleaned_data["shared"])
        messages.success(request, "Sharing settings saved")
        return redirect("journeys:overview", pk=pk)
    return render(request, "journeys/sharing.html", {"access": access, "journey": journey, "form": form})


# Stage gates ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def gate(request, pk):
    access = get_journey_for_user(request.user, pk)
    journey = access.journey
    form = GateRequestForm(request.POST or None)
    if request.method == "POST":
        require(access.can_request_gate)
        if form.is_valid():
            try:
                gate_row = services.gate_request(journey=journey, by=request.user, note=form.cleaned_data["note"])
            except ValidationError as error:
                add_errors(form, error)
            else:
                if gate_row.status == GateRequest.Status.PENDING:
                    messages.success(request, "Sign-off requested. An adviser will review it.")
                else:
                    messages.success(request, f"Your journey has moved to {Stage(gate_row.to_stage).label}")
                return redirect("journeys:overview", pk=pk)
    return render(
        request,
        "journeys/gate.html",
        {
            "access": access,
            "journey": journey,
            "form": form,
            "missing": missing_for_stage(journey) if journey.next_stage else [],
            "min_turnout": settings.GATE_MIN_TURNOUT_PERCENT,
            "pending": journey.gate_requests.filter(status=GateRequest.Status.PENDING)
            .select_related("requested_by")
            .first(),
            "history": journey.gate_requests.exclude(status=GateRequest.Status.PENDING).select_related(
                "requested_by", "decided_by"
            )[:20],
            "stage_changes": journey.stage_changes.select_related("changed_by")[:20],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def gate_decide(request, pk, gate_pk):
    access = get_journey_for_user(request.user, pk)
    gate_row = get_object_or_404(GateRequest.objects.select_related("requested_by"), pk=gate_pk, journey=access.journey)
    require(access.can_decide_gate)
    if gate_row.status != GateRequest.Status.PENDING:
        messages.info(request, "This request has already been decided")
        return redirect("journeys:gate", pk=pk)
    form = GateDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.gate_decide(
                gate=gate_row, by=request.user, approve=approve, comments=form.cleaned_data["comments"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Stage signed off" if approve else "Request returned to the group")
            return redirect("journeys:overview", pk=pk)
    return render(request, "journeys/gate_decide.html", _sign_off_context(access, gate_row, form, request))


def _sign_off_context(access, gate_row: GateRequest, form, request) -> dict:
    """What the adviser signs off against: the gate's facts, the stage's evidence, and what changed
    since the group last asked for sign-off (the latest pack comes from the packs app's template tag)."""
    journey = access.journey
    facts = plan_facts(journey)
    previous = journey.gate_requests.filter(requested_at__lt=gate_row.requested_at).order_by("-requested_at").first()
    since = previous.requested_at if previous else None
    sources = journey_history_sources(journey)
    if since is not None:
        sources = [replace(source, records=source.records.filter(history_date__gt=since)) for source in sources]
    events = journey.events.select_related("actor")
    if since is not None:
        events = events.filter(created_at__gt=since)
    return {
        "access": access,
        "journey": journey,
        "gate": gate_row,
        "form": form,
        "missing": missing_for_stage(journey, gate_row.from_stage, facts=facts),
        "fact_rows": gate_fact_rows(journey, gate_row.from_stage, facts=facts),
        "evidence": Evidence.objects.filter(task__journey=journey, task__definition__stage__stage=gate_row.from_stage)
        .select_related("task__definition", "uploaded_by")
        .order_by("task__definition__order", "uploaded_at"),
        "previous": previous,
        "events": events[:50],
        "page": history_page(sources, request.GET.get("page")),
    }


@login_required
@require_http_methods(["GET", "POST"])
def go_back(request, pk):
    access = get_journey_for_user(request.user, pk)
    require(access.can_go_back)
    journey = access.journey
    form = GoBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_go_back(journey=journey, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The journey has moved back to {journey.previous_stage.label}")
            return redirect("journeys:overview", pk=pk)
    return render(request, "journeys/go_back.html", {"access": access, "journey": journey, "form": form})


# Plan sections ---------------------------------------------------------------------------------


def _plan_context(access, **extra):
    return {"access": access, "journey": access.journey, **extra}


@login_required
def ballots(request, pk):
    access = get_journey_for_user(request.user, pk)
    rows = Ballot.objects.filter(journey=access.journey).select_related("recorded_by")
    return render(request, "journeys/plan/ballots.html", _plan_context(access, ballots=rows))


@login_required
@require_http_methods(["GET", "POST"])
def ballot_new(request, pk):
    access = get_journey_for_user(request.user, pk)
    require(access.can_work)
    form = BallotForm(request.POST or None, instance=Ballot(journey=access.journey))
    if request.method == "POST" and form.is_valid():
        services.ballot_record(ballot=form.instance, by=request.user)
        messages.success(request, "Staff engagement result recorded")
        return redirect("journeys:ballots", pk=pk)
    return render(
        request,
        "journeys/plan/form.html",
        _plan_context(
            access, form=form, title="Record a staff ballot or survey", back="journeys:ballots", multipart=False
        ),
    )


def _confirm_delete(request, access, *, what: str, back: str, detail: str = ""):
    """The GOV.UK confirmation page shown before a plan row is deleted."""
    return render(
        request,
        "journeys/plan/confirm_delete.html",
        _plan_context(access, what=what, back=back, detail=detail),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_edit(request, pk, ballot_pk):
    access = get_journey_for_user(request.user, pk)
    ballot = get_object_or_404(Ballot, pk=ballot_pk, journey=access.journey)
    require(access.can_work)
    form = BallotForm(request.POST or None, instance=ballot)
    if request.method == "POST" and form.is_valid():
        services.ballot_record(ballot=form.instance, by=request.user)
        messages.success(request, "Staff engagement result corrected")
        return redirect("journeys:ballots", pk=pk)
    return render(
        request,
        "journeys/plan/form.html",
        _plan_context(access, form=form, title="Correct a staff ballot or survey", back="journeys:ballots"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_delete(request, pk, ballot_pk):
    access = get_journey_for_user(request.user, pk)
    ballot = get_object_or_404(Ballot, pk=ballot_pk, journey=access.journey)
    require(access.can_work)
    what = f"the {ballot.get_kind_display().lower()} held on {ballot.held_on:%-d %B %Y}"
    if request.method == "POST":
        services.plan_row_delete(journey=access.journey, obj=ballot, by=request.user, summary=f"Deleted {what}")
        messages.success(request, f"Deleted {what}")
        return redirect("journeys:ballots", pk=pk)
    detail = f"{ballot.votes_for} for and {ballot.votes_against} against, of {ballot.eligible} eligible staff."
    return _confirm_delete(request, access, what=what, back="journeys:ballots", detail=detail)


@login_required
def design(request, pk):
    access = get_journey_for_user(request.user, pk)
    row = MutualDesign.objects.filter(journey=access.journey).first()
    return render(request, "journeys/plan/design.html", _plan_context(access, design=row))


def _edit_one_row_section(request, pk, *, model, form_class, title, back, summary, saved):
    """Create or change a plan section that is one row per journey (legal form, transfer plan)."""
    access = get_journey_for_user(request.user, pk)
    require(access.can_work)
    instance = model.objects.filter(journey=access.journey).first() or model(journey=access.journey)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        row = form.save(commit=False)
        services.plan_section_save(journey=access.journey, obj=row, by=request.user, summary=summary.format(row))
        messages.success(request, saved)
        return redirect(back, pk=pk)
    return render(request, "journeys/plan/form.html", _plan_context(access, form=form, title=title, back=back))


@login_required
@require_http_methods(["GET", "POST"])
def design_edit(request, pk):
    return _edit_one_row_section(
        request,
        pk,
        model=MutualDesign,
        form_class=DesignForm,
        title="Legal form and ownership model",
        back="journeys:design",
        summary="Chose the legal form: {}",
        saved="Legal form and ownership model saved",
    )


@login_required
def governance(request, pk):
    access = get_journey_for_user(request.user, pk)
    seats = {row.constituency: row.seats for row in BoardSeat.objects.filter(journey=access.journey)}
    rows = [(label, seats.get(value, 0)) for value, label in BoardSeat.Constituency.choices]
    return render(
        request,
        "journeys/plan/governance.html",
        _plan_context(access, rows=rows, total=sum(seats.values()), recorded=bool(seats)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def governance_edit(request, pk):
    access = get_journey_for_user(request.user, pk)
    require(access.can_work)
    initial = {row.constituency: row.seats for row in BoardSeat.objects.filter(journey=access.journey)}
    form = BoardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.board_save(journey=access.journey, seats=form.cleaned_data, by=request.user)
        messages.success(request, "Board composition saved")
        return redirect("journeys:governance", pk=pk)
    return render(
        request,
        "journeys/plan/form.html",
        _plan_context(access, form=form, title="Board seats by constituency", back="journeys:governance"),
    )


@login_required
def risks(request, pk):
    access = get_journey_for_user(request.user, pk)
    rows = Risk.objects.filter(journey=access.journey)
    return render(request, "journeys/plan/risks.html", _plan_context(access, risks=rows))


@login_required
@require_http_methods(["GET", "POST"])
def risk_new(request, pk):
    access = get_journey_for_user(request.user, pk)
    require(access.can_work)
    form = RiskForm(request.POST or None, instance=Risk(journey=access.journey))
    if request.method == "POST" and form.is_valid():
        risk = form.save(commit=False)
        services.plan_section_save(
            journey=access.journey,
            obj=risk,
            by=request.user,
            summary=f"Added a risk: {risk.title} (score {risk.score})",
        )
        messages.success(request, f"Risk added: {risk.title}")
        return redirect("journeys:risks", pk=pk)
    return render(
        request, "journeys/plan/form.html", _plan_context(access, form=form, title="Add a risk", back="journeys:risks")
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_edit(request, pk, risk_pk):
    access = get_journey_for_user(request.user, pk)
    risk = get_object_or_404(Risk, pk=risk_pk, journey=access.journey)
    require(access.can_work)
    form = RiskForm(request.POST or None, instance=risk)
    if request.method == "POST" and form.is_valid():
        risk = form.save(commit=False)
        services.plan_section_save(
            journey=access.journey,
            obj=risk,
            by=request.user,
            summary=f"Changed a risk: {risk.title} (score {risk.score})",
        )
        messages.success(request, f"Risk saved: {risk.title}")
        return redirect("journeys:risks", pk=pk)
    return render(
        request,
        "journeys/plan/form.html",
        _plan_context(access, form=form, title="Change a risk", back="journeys:risks"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_delete(request, pk, risk_pk):
    access = get_journey_for_user(request.user, pk)
    risk = get_object_or_404(Risk, pk=risk_pk, journey=access.journey)
    require(access.can_work)
    if request.method == "POST":
        services.plan_row_delete(
            journey=access.journey, obj=risk, by=request.user, summary=f"Removed the risk: {risk.title}"
        )
        messages.success(request, f"Risk removed: {risk.title}")
        return redirect("journeys:risks", pk=pk)
    return _confirm_delete(
        request,
        access,
        what=f"the risk \u201c{risk.title}\u201d",
        back="journeys:risks",
        detail=f"Owner: {risk.owner}.",
    )


@login_required
def transfer(request, pk):
    access = get_journey_for_user(request.user, pk)
    row = TransferPlan.objects.filter(journey=access.journey).first()
    check = ReservedContractCheck.objects.filter(journey=access.journey).first()
    return render(
        request,
        "journeys/plan/transfer.html",
        _plan_context(
            access, plan=row, check_outcome=procurement.outcome(procurement.conditions(check)) if check else ""
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reserved_check(request, pk):
    """The Procurement Act 2023 s.33 eligibility check: each condition met, not met or not known, and why."""
    access = get_journey_for_user(request.user, pk)
    check = ReservedContractCheck.objects.filter(journey=access.journey).first()
    form = None
    if access.can_work:
        instance = check or ReservedContractCheck(journey=access.journey)
        form = ReservedContractCheckForm(request.POST if request.method == "POST" else None, instance=instance)
        if request.method == "POST" and form.is_valid():
            row = form.save(commit=False)
            row.checked_by = request.user
            result = procurement.outcome(procurement.conditions(row))
            services.plan_section_save(
                journey=access.journey,
                obj=row,
                by=request.user,
                summary=f"Checked the conditions for a contract reserved to public service mutuals: {result}",
            )
            messages.success(request, "Section 33 check saved")
            return redirect("journeys:reserved_check", pk=pk)
    else:
        require(request.method == "GET")
    items = procurement.conditions(check) if check else []
    design = MutualDesign.objects.filter(journey=access.journey).first()
    seats = {row.constituency: row.seats for row in BoardSeat.objects.filter(journey=access.journey)}
    return render(
        request,
        "journeys/plan/reserved_check.html",
        _plan_context(
            access,
            form=form,
            check=check,
            conditions=items,
            outcome=procurement.outcome(items) if items else "",
            design=design,
            staff_seats=seats.get(BoardSeat.Constituency.STAFF, 0),
            total_seats=sum(seats.values()),
            title="Can the contract be reserved to a public service mutual?",
            back="journeys:transfer",
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_edit(request, pk):
    return _edit_one_row_section(
        request,
        pk,
        model=TransferPlan,
        form_class=TransferPlanForm,
        title="Transfer plan",
        back="journeys:transfer",
        summary="Updated the transfer plan: {}",
        saved="Transfer plan saved",
    )


# The business plan's narrative -----------------------------------------------------------------


@login_required
def narrative(request, pk):
    """Check your answers: every narrative section, with a link to change each."""
    access = get_journey_for_user(request.user, pk)
    sections = narrative_for(access.journey)
    # Each section's comment count, in one query (the comments this person may read).
    counts = dict(
        comments_visible(access)
        .exclude(plan_topic="")
        .order_by()
        .values_list("plan_topic")
        .annotate(n=Count("id"))
        .values_list("plan_topic", "n")
    )
    for section in sections:
        section["comments"] = counts.get(section["key"], 0)
    return render(
        request,
        "journeys/plan/narrative.html",
        _plan_context(access, sections=sections, started=sum(1 for s in sections if s["started"])),
    )


@login_required
@require_http_methods(["GET", "POST"])
def narrative_edit(request, pk, section):
    access = get_journey_for_user(request.user, pk)
    spec = narrative_sections.BY_SLUG.get(section)
    if spec is None:
        raise Http404("No such section")
    require(access.can_work)
    journey = access.journey
    row = PlanNarrative.objects.filter(journey=journey, section=spec.key).first()
    stored, version = (row.answers, row.version) if row else ({}, 0)
    form = NarrativeForm(request.POST or None, spec=spec, stored=stored, version=version)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.narrative_save(
                journey=journey,
                section=spec.key,
                answers=form.answers(),
                by=request.user,
                version=form.cleaned_data["version"],
            )
        except services.NarrativeConflict:
            # Keep what this user typed; the form now carries the other person's version.
            current = PlanNarrative.objects.get(journey=journey, section=spec.key)
            data = request.POST.copy()
            data["version"] = current.version
            form = NarrativeForm(data, spec=spec, stored=current.answers, version=current.version)
            form.is_valid()
            form.add_error(
                None,
                "Someone else saved this section while you were editing it. Check the summary page for their "
                "changes, then save again if you still want to make yours.",
            )
            status = 409
        except ValidationError as error:
            add_errors(form, error)
        else:
            options = saved.answers.get("options") or []
            if (
                spec.key == narrative_sections.Section.OPTIONS
                and saved.answers.get("criteria")
                and any(None in o["scores"] for o in options)
            ):
                messages.success(request, "Options and criteria saved. Now score each option against each criterion")
                return redirect("journeys:narrative_edit", pk=pk, section=spec.slug)
            messages.success(request, f"{spec.title} saved")
            return redirect(reverse("journeys:narrative", args=[pk]) + f"#{spec.slug}")
    return render(
        request,
        "journeys/plan/narrative_edit.html",
        _plan_context(access, form=form, spec=spec, notes=plan_notes(journey).get(spec.key.value, [])),
        status=status,
    )


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def narrative_docx(request, pk):
    """The narrative as a Word document (anyone who may read the journey)."""
    from .narrative_docx import narrative_docx as build  # python-docx is loaded only where a document is made

    access = get_journey_for_user(request.user, pk)
    journey = access.journey
    today = timezone.localdate()
    data = build(journey, narrative_for(journey), on=today)
    name = f"business-plan-narrative-{slugify(journey.group.name)[:60]}-{today:%Y-%m-%d}.docx"
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response


# After launch: the contract, re-tender planning and yearly duties ------------------------------------


def after_launch_summary(journey, today=None) -> dict:
    """The contract with its re-tender planning dates, the registered body and the open yearly duties
    (three queries; shown on the overview from the transfer stage on, and on the after-launch page)."""
    today = today or timezone.localdate()
    contract = Contract.objects.filter(journey=journey).first()
    retender = []
    if contract is not None:
        retender = [{"months": months, "on": on, "passed": on <= today} for months, on in contract.retender_reminders()]
    return {
        "contract": contract,
        "retender": retender,
        "contract_ended": contract is not None and contract.end_on < today,
        "registered_body": RegisteredBody.objects.filter(journey=journey).first(),
        "open_duties": list(AnnualDuty.objects.open().filter(journey=journey).select_related("owner")),
    }


def _rules_for(design, summary) -> dict:
    """The duties to explain: those the mutual's legal form owes (and the AGM), or all while it is not known."""
    if design is None:
        return after_launch_rules.RULES
    body = summary["registered_body"]
    kinds = after_launch_rules.duty_kinds_for(design.legal_form, agm_required=True)
    if body is not None and body.agm_months is None:
        kinds.remove(after_launch_rules.DutyKind.AGM)
    return {kind: after_launch_rules.RULES[kind] for kind in kinds}


@login_required
def after_launch(request, pk):
    access = get_journey_for_user(request.user, pk)
    journey = access.journey
    summary = after_launch_summary(journey)
    done = AnnualDuty.objects.filter(journey=journey, completed_at__isnull=False).select_related("completed_by")
    page = Paginator(done.order_by("-completed_at", "-id"), 20).get_page(request.GET.get("page"))
    design = MutualDesign.objects.filter(journey=journey).first()
    return render(
        request,
        "journeys/after_launch.html",
        _plan_context(access, done_page=page, design=design, rules=_rules_for(design, summary), **summary),
    )


def _after_launch_edit(request, pk, *, model, form_class, save, title, saved_message, initial=None):
    """Record or change a one-per-journey after-launch record (the contract, the registered body), with a
    version check: a second writer's save is refused, keeping what they typed."""
    access = get_journey_for_user(request.user, pk)
    require(access.can_record_after_launch)
    journey = access.journey
    instance = model.objects.filter(journey=journey).first()
    version = instance.version if instance else 0
    form = form_class(
        request.POST or None,
        instance=instance or model(journey=journey),
        initial={"version": version, **({} if instance else (initial or {}))},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form._meta.fields}
        try:
            save(journey=journey, by=request.user, values=values, version=form.cleaned_data["version"])
        except services.RecordConflict:
            current = model.objects.filter(journey=journey).first()
            data = request.POST.copy()
            data["version"] = current.version if current else 0
            form = form_class(data, instance=current or model(journey=journey))
            form.is_valid()
            form.add_error(
                None,
                "Someone else saved this while you were editing it. Check the after-launch page for their "
                "changes, then save again if you still want to make yours.",
            )
            status = 409
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, saved_message)
            return redirect("journeys:after_launch", pk=pk)
    return render(
        request,
        "journeys/plan/form.html",
        _plan_context(access, form=form, title=title, back="journeys:after_launch"),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_edit(request, pk):
    access = get_journey_for_user(request.user, pk)
    plan = TransferPlan.objects.filter(journey=access.journey).first()
    initial = {"commissioner": access.journey.group.parent_body.name}
    if plan is not None:
        # The transfer plan's facts are a starting point: the go-live date and the agreed length and value.
        initial["start_on"] = plan.go_live_on
        if plan.go_live_on and plan.contract_length_months:
            initial["end_on"] = after_launch_rules.add_months(plan.go_live_on, plan.contract_length_months) - timedelta(
                days=1
            )
        initial["value"] = plan.contract_value
    return _after_launch_edit(
        request,
        pk,
        model=Contract,
        form_class=ContractForm,
        save=services.contract_save,
        title="The contract",
        saved_message="Contract saved",
        initial=initial,
    )


@login_required
@require_http_methods(["GET", "POST"])
def registered_body_edit(request, pk):
    return _after_launch_edit(
        request,
        pk,
        model=RegisteredBody,
        form_class=RegisteredBodyForm,
        save=services.registered_body_save,
        title="The registered mutual",
        saved_message="Registered mutual saved. Its yearly duties are listed below",
    )


@login_required
@require_http_methods(["GET", "POST"])
def duty(request, pk, duty_pk):
    """A yearly duty: what it is, its source and due date; members set its owner and mark it done."""
    access, duty = get_duty_for_user(request.user, pk, duty_pk)
    members = []
    if access.can_work and not duty.is_completed:
        members = _group_members(access.journey)
    initial = {"owner": duty.owner_id or "", "notes": duty.notes, "version": duty.version}
    form = DutyForm(request.POST or None, initial=initial, members=members, you=request.user)
    status = 200
    if request.method == "POST":
        require(access.can_work and not duty.is_completed)
        if form.is_valid():
            try:
                saved = services.duty_update(
                    duty=duty,
                    by=request.user,
                    owner=form.cleaned_data["owner"],
                    notes=form.cleaned_data["notes"],
                    complete=form.cleaned_data["complete"],
                    version=form.cleaned_data["version"],
                )
            except services.RecordConflict:
                duty.refresh_from_db()
                data = request.POST.copy()
                data["version"] = duty.version
                form = DutyForm(data, members=members, you=request.user)
                form.is_valid()
                form.add_error(
                    None,
                    "Someone else saved this duty while you were editing it. Check it below, then save again "
                    "if you still want to make your changes.",
                )
                status = 409
            except ValidationError as error:
                add_errors(form, error)
            else:
                done = " and marked done" if saved.is_completed else ""
                messages.success(request, f"{saved.get_kind_display()} saved{done}")
                return redirect("journeys:after_launch", pk=pk)
    return render(
        request,
        "journeys/after_launch_duty.html",
        _plan_context(access, duty=duty, form=form, can_edit=access.can_work and not duty.is_completed),
        status=status,
    )


# The council's decisions ----------------------------------------------------------------------


@login_required
def council_decisions(request, pk):
    """The council's decisions on the journey, in force and withdrawn: for everyone who may see it."""
    access = get_journey_for_user(request.user, pk)
    rows = CouncilDecision.objects.filter(journey=access.journey).select_related("council", "recorded_by")
    page = Paginator(rows.order_by("-decided_on", "-id"), 25).get_page(request.GET.get("page"))
    return render(request, "journeys/council_decisions.html", _plan_context(access, page=page))


def _decision_form_page(request, access, form, *, title: str, status: int = 200):
    return render(
        request,
        "journeys/council_decision_form.html",
        _plan_context(access, form=form, title=title),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def council_decision_new(request, pk):
    access = get_journey_for_user(request.user, pk)
    require(access.can_record_council_decisions)
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in CouncilDecision.Kind.values else None
    form = CouncilDecisionForm(request.POST or None, initial=initial, instance=CouncilDecision(journey=access.journey))
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.council_decision_record(decision=form.instance, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Decision recorded: {decision.get_kind_display()}")
            return redirect(reverse("journeys:overview", args=[pk]) + "#council-decisions")
    return _decision_form_page(request, access, form, title="Record a council decision")


@login_required
@require_http_methods(["GET", "POST"])
def council_decision_edit(request, pk, decision_pk):
    access, decision = get_council_decision_for_officer(request.user, pk, decision_pk)
    form = CouncilDecisionForm(
        request.POST or None, instance=decision, correcting=True, initial={"version": decision.version}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.council_decision_change(
                decision=decision,
                by=request.user,
                version=data["version"],
                decided_on=data["decided_on"],
                reference=data["reference"],
                decision_maker=data["decision_maker"],
                notes=data["notes"],
            )
        except services.DecisionConflict:
            form.add_error(None, _DECISION_CONFLICT)
            status = 409
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Decision corrected: {decision.get_kind_display()}")
            return redirect(reverse("journeys:overview", args=[pk]) + "#council-decisions")
    return _decision_form_page(
        request, access, form, title=f"Correct the decision: {decision.get_kind_display()}", status=status
    )


_DECISION_CONFLICT = (
    "Someone else changed or withdrew this decision while you were editing it. "
    "Go back to the journey to see it as it is now."
)


@login_required
@require_http_methods(["GET", "POST"])
def council_decision_withdraw(request, pk, decision_pk):
    access, decision = get_council_decision_for_officer(request.user, pk, decision_pk)
    form = CouncilDecisionWithdrawForm(request.POST or None, initial={"version": decision.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.council_decision_withdraw(
                decision=decision,
                by=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except services.DecisionConflict:
            form.add_error(None, _DECISION_CONFLICT)
            status = 409
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Decision withdrawn: {decision.get_kind_display()}")
            return redirect(reverse("journeys:overview", args=[pk]) + "#council-decisions")
    return render(
        request,
        "journeys/council_decision_withdraw.html",
        _plan_context(access, form=form, decision=decision),
        status=status,
    )
