import uuid
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import ExtractYear
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import ratelimit
from accounts import registration as account_registration
from accounts.models import PublicBody
from mutuals_portal.lib.csv_export import csv_response
from mutuals_portal.lib.forms import add_errors
from mutuals_portal.lib.history import history_page
from mutuals_portal.lib.http import private_download
from mutuals_portal.lib.httpcache import public_page
from mutuals_portal.lib.prepared import PagedRows, PreparedModels, PreparedValues

from . import access, services, stamps
from . import register as register_page
from . import registration as challenge_registration
from .forms import (
    AttachmentForm,
    BodySignupForm,
    ChallengeSettingsForm,
    ConflictForm,
    CorrectionForm,
    DecisionDateForm,
    DecisionForm,
    EOIFilterForm,
    EOIForm,
    InfoAnswerForm,
    InfoRequestForm,
    JourneyEOIForm,
    LinkServiceForm,
    PartnerForm,
    ProcurementForm,
    ProcurementResultForm,
    RecordedEOIForm,
    RegisterFilterForm,
    ServiceForm,
    StaffMutualIntentionForm,
    UnlistedServiceForm,
    WindowForm,
)
from .models import (
    AWAITING_ACKNOWLEDGEMENT,
    AWAITING_DECISION,
    Attachment,
    ChallengeableService,
    ChallengeSettings,
    Decision,
    DecisionNotice,
    DecisionOutcome,
    EOIStatus,
    EOIStatusChange,
    ExpressionOfInterest,
    InfoRequest,
    JourneyEOI,
    Partner,
    ProcurementResult,
    RejectionGround,
    StaffMutualIntention,
    SubmissionWindow,
    current_decision_of,
    due_soon_condition,
    overdue_condition,
    procurement_outcome,
    soon_after,
)
from .rows import eoi_rows, register_cards

PAGE_SIZE = 25


# --- public pages ---------------------------------------------------------------


@public_page(stamps.services_stamp)
def service_list(request):
    councils = PublicBody.objects.councils().filter(challengeable_services__published=True).distinct()
    services_qs = access.public_services()
    council_id = request.GET.get("council", "")
    selected = None
    if council_id.isdigit():
        selected = next((c for c in councils if c.pk == int(council_id)), None)
        if selected is not None:
            services_qs = services_qs.filter(council=selected)
    today = timezone.localdate()
    return render(
        request,
        "challenges/service_list.html",
        {"services": services_qs, "councils": councils, "selected": selected, "today": today},
    )


def service_detail(request, pk):
    service = access.get_service_for_user(request.user, pk)
    today = timezone.localdate()
    return render(
        request,
        "challenges/service_detail.html",
        {
            "service": service,
            "today": today,
            "open_now": service.accepts_on(today),
            "current_window": service.window_on(today),
            "next_window": service.next_window(today),
            "can_submit": access.can_submit_eoi(request.user),
            "settings": ChallengeSettings.for_council(service.council),
            "intention": services.intention_for(service),
        },
    )


REGISTER_FILTERS_SECONDS = 600


def _register_filter_choices(version: int) -> tuple[list, list]:
    """The councils and years on the register, for its filters: passes over the decisions, so
    kept in the cache (public data, no access decision) until the `register` version changes."""
    key = f"register-filters:{version}"
    choices = cache.get(key)
    if choices is None:
        decisions = access.register_decisions()
        # A council probed for one of its decisions (indexes, stops at the first) rather than a
        # DISTINCT over every decision.
        first = decisions.order_by().filter(eoi__service__council=OuterRef("pk")).values("pk")[:1]
        councils = list(
            PublicBody.objects.annotate(decision=Subquery(first))
            .filter(decision__isnull=False)
            .order_by("name", "pk")
            .values_list("pk", "name")
        )
        years = sorted(
            decisions.annotate(year=ExtractYear("published_at")).order_by().values_list("year", flat=True).distinct(),
            reverse=True,
        )
        choices = (councils, years)
        cache.set(key, choices, REGISTER_FILTERS_SECONDS)
    return choices


def _register_filters(request) -> tuple[RegisterFilterForm, register_page.Filters | None, int]:
    """The filter form, the filters it asks for (None for filters we cannot apply: they match nothing, rather
    than everything) and the register's data version they were read with."""
    version = getattr(request, "register_version", None)  # read by the ETag's stamp, if it ran
    if version is None:
        version = stamps.register_version()
    councils, years = _register_filter_choices(version)
    form = RegisterFilterForm(request.GET or None, councils=councils, years=years)
    if form.is_valid():
        data = form.cleaned_data
        return form, register_page.Filters(data["council"], data["outcome"] or None, data["year"]), version
    return form, (None if form.is_bound else register_page.Filters()), version


def _register_queryset(request):
    """For the downloads: the filter form and every decision its filters match."""
    form, filters, _version = _register_filters(request)
    decisions = access.register_decisions()
    if filters is None:
        return form, decisions.none()
    return form, register_page.filtered(decisions, filters.shape, *filters.values())


@public_page(stamps.register_stamp)
def register(request):
    form, filters, version = _register_filters(request)
    cards = [] if filters is None else register_page.Cards(filters, version)
    page = Paginator(cards, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "challenges/register.html",
        {"filter_form": form, "page": page, "cards": register_cards(page.object_list), "query": query.urlencode()},
    )


def _register_rows(decisions):
    for decision in decisions:
        eoi = decision.eoi
        yield {
            "reference": eoi.reference,
            "council": eoi.service.council.name,
            "service": eoi.service.name,
            "body": eoi.body_name,
            "body_type": eoi.get_body_type_display(),
            "outcome": decision.result_label,
            "grounds": decision.ground_labels(),
            "reasons": decision.reasons,
            "modification": decision.modification,
            "received_on": eoi.received_on.isoformat() if eoi.received_on else None,
            "decided_on": timezone.localdate(decision.decided_at).isoformat(),
            "published_on": timezone.localdate(decision.published_at).isoformat(),
            "corrects_earlier_decision": decision.supersedes_id is not None,
            "procurement_period": _period_json(decision.procurement_period()),
            "procurement": procurement_outcome(eoi),
        }


def _period_json(period: dict | None) -> dict | None:
    if period is None:
        return None
    return {**period, "starts_from": period["starts_from"].isoformat(), "starts_by": period["starts_by"].isoformat()}


def _period_cells(period: dict | None) -> list:
    if period is None:
        return [""] * 4
    return [period["min_days"], period["max_days"], period["starts_from"], period["starts_by"]]


def _procurement_cells(outcome: dict | None) -> list:
    if outcome is None:
        return [""] * 8
    winner = outcome["winner_is_challenger"]
    return [
        outcome["procedure_label"] or "",
        outcome["notice_identifier"] or "",
        dict(ProcurementResult.choices).get(outcome["result"], "not known yet")
        if outcome["result"]
        else "not known yet",
        outcome["winning_supplier"] or "",
        "" if winner is None else ("yes" if winner else "no"),
        outcome["contract_value"] or "",
        outcome["contract_starts_on"] or "",
        outcome["contract_ends_on"] or "",
    ]


def register_csv(request):
    _form, decisions = _register_queryset(request)
    header = [
        "Reference",
        "Council",
        "Service",
        "Body",
        "Body type",
        "Outcome",
        "Grounds",
        "Reasons",
        "Modification",
        "Received",
        "Decided",
        "Published",
        "Correction",
        "Procurement period: minimum days (at the decision)",
        "Procurement period: maximum days (at the decision)",
        "Procurement to start from",
        "Procurement to start by",
        "Procurement procedure",
        "Find a Tender notice",
        "Procurement outcome",
        "Winning supplier",
        "Winner is the challenging body",
        "Contract value (GBP)",
        "Contract start",
        "Contract end",
    ]
    rows = (
        [
            r["reference"],
            r["council"],
            r["service"],
            r["body"],
            r["body_type"],
            r["outcome"],
            "; ".join(r["grounds"]),
            r["reasons"],
            r["modification"],
            r["received_on"],
            r["decided_on"],
            r["published_on"],
            "yes" if r["corrects_earlier_decision"] else "no",
            *_period_cells(r["procurement_period"]),
            *_procurement_cells(r["procurement"]),
        ]
        for r in _register_rows(decisions)
    )
    return csv_response(filename="right-to-challenge-register.csv", header=header, rows=rows)


def register_json(request):
    _form, decisions = _register_queryset(request)
    return JsonResponse({"decisions": list(_register_rows(decisions))})


@ratelimit.limit_posts("registration")
def body_signup(request):
    """The same answer whether or not the email has an account: "Check your email" (the account is
    created once the address is confirmed; an existing account's owner is told by email)."""
    if request.user.is_authenticated:
        return redirect("account")
    form = BodySignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account_registration.start(
            request,
            kind="relevant_body",
            email=data["email"],
            password=data["password"],
            payload=challenge_registration.payload(form),
        )
        return redirect("registration_check_email")
    return render(request, "challenges/body_signup.html", {"form": form})


# --- relevant bodies --------------------------------------------------------------


@login_required
def my_eois(request):
    access.require_body(request.user)
    eois = access.eois_visible_to(request.user).order_by("-updated_at")
    return render(request, "challenges/my_eois.html", {"eois": eois})


def _after_save(request, eoi):
    """Where the draft form's buttons lead once the answers are saved."""
    if "add_partner" in request.POST:
        return redirect("challenges:eoi_partner_add", pk=eoi.pk)
    if "add_document" in request.POST:
        return redirect("challenges:attachment_add", pk=eoi.pk)
    return redirect("challenges:eoi_check", pk=eoi.pk)


@login_required
def eoi_start(request, pk):
    """The empty form for a listed service: nothing is created until the body saves an answer."""
    access.require_body(request.user)
    service = access.get_service_for_user(request.user, pk)
    form = EOIForm(request.POST or None, initial=services.draft_initial(request.user))
    if request.method == "POST" and form.is_valid():
        if not form.has_changed():
            form.add_error(None, "Answer at least one question before you save")
        else:
            try:
                token = uuid.UUID(request.POST.get("token", ""))
            except ValueError:
                token = uuid.uuid4()
            try:
                eoi = services.eoi_create_draft(service=service, user=request.user, token=token, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                return _after_save(request, eoi)
    return render(
        request,
        "challenges/eoi_edit.html",
        {"form": form, "eoi": None, "service": service, "partners": [], "token": uuid.uuid4()},
    )


@login_required
def journey_eoi_start(request, journey_pk):
    """A lead expresses an interest for the staff group ("two or more employees of the authority",
    s.81(6)(d)) from its journey; nothing is created until the form is saved."""
    journey_access = access.get_journey_for_eoi(request.user, journey_pk)
    journey = journey_access.journey
    form = JourneyEOIForm(request.POST or None, council=journey.group.parent_body_id)
    if request.method == "POST" and form.is_valid():
        try:
            token = uuid.UUID(request.POST.get("token", ""))
        except ValueError:
            token = uuid.uuid4()
        try:
            eoi = services.eoi_start_from_journey(journey=journey, user=request.user, token=token, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{eoi.reference} saved as a draft: now give the rest of the answers")
            return redirect("challenges:eoi_edit", pk=eoi.pk)
    return render(
        request,
        "challenges/journey_eoi_start.html",
        {
            "form": form,
            "journey": journey,
            "token": uuid.uuid4(),
            "has_services": form.fields["service"].queryset.exists(),
        },
    )


@login_required
def eoi_start_unlisted(request):
    """Express an interest in a service the council has not listed: nothing is created until the body saves."""
    access.require_body(request.user)
    form = UnlistedServiceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            token = uuid.UUID(request.POST.get("token", ""))
        except ValueError:
            token = uuid.uuid4()
        try:
            eoi = services.eoi_start_unlisted(user=request.user, token=token, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("challenges:eoi_edit", pk=eoi.pk)
    return render(request, "challenges/eoi_start_unlisted.html", {"form": form, "token": uuid.uuid4()})


@login_required
def eoi_edit(request, pk):
    eoi = access.get_own_eoi(request.user, pk)
    if access.EDIT not in access.eoi_actions(request.user, eoi):
        raise PermissionDenied
    form = EOIForm(request.POST or None, instance=eoi)
    if JourneyEOI.objects.filter(eoi=eoi).exists():
        form.fields["body_type"].disabled = True  # a staff group's EOI: two or more employees, s.81(6)(d)
    if request.method == "POST" and form.is_valid():
        form.save()
        return _after_save(request, eoi)
    return render(
        request,
        "challenges/eoi_edit.html",
        {
            "form": form,
            "eoi": eoi,
            "service": eoi.service,
            "partners": eoi.partners.all(),
            "attachments": eoi.attachments.all(),
        },
    )


@login_required
def eoi_partner_add(request, pk):
    eoi = access.get_own_eoi(request.user, pk)
    if access.EDIT not in access.eoi_actions(request.user, eoi):
        raise PermissionDenied
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.partner_add(eoi=eoi, **form.cleaned_data)
        messages.success(request, f"{form.cleaned_data['name']} has been added")
        return redirect("challenges:eoi_edit", pk=eoi.pk)
    return render(request, "challenges/partner_form.html", {"form": form, "eoi": eoi})


@login_required
@require_POST
def eoi_partner_remove(request, pk, partner_pk):
    eoi = access.get_own_eoi(request.user, pk)
    if access.EDIT not in access.eoi_actions(request.user, eoi):
        raise PermissionDenied
    partner = Partner.objects.filter(eoi=eoi, pk=partner_pk).first()
    if partner is None:
        raise Http404("No such partner")
    partner.delete()
    messages.success(request, f"{partner.name} has been removed")
    return redirect("challenges:eoi_edit", pk=eoi.pk)


def _check_context(eoi, **extra):
    service = ChallengeableService.objects.prefetch_related("windows").get(pk=eoi.service_id)
    today = timezone.localdate()
    return {
        "eoi": eoi,
        "service": service,
        "partners": eoi.partners.all(),
        "attachments": eoi.attachments.all(),
        "open_now": service.accepts_on(today),
        "windows": service.sorted_windows(),
        **extra,
    }


@login_required
def eoi_check(request, pk):
    eoi = access.get_own_eoi(request.user, pk)
    if eoi.status != EOIStatus.DRAFT:
        return redirect("challenges:my_eoi_detail", pk=eoi.pk)
    return render(request, "challenges/eoi_check.html", _check_context(eoi, missing={}))


@login_required
@require_POST
def eoi_submit(request, pk):
    eoi = access.get_own_eoi(request.user, pk)
    if eoi.submitted_by_id != request.user.pk:
        raise PermissionDenied
    if eoi.status == EOIStatus.DRAFT:
        try:
            eoi = services.eoi_submit(eoi_id=eoi.pk, by=request.user)
        except ValidationError as error:
            missing = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            flat = {field: messages_[0] for field, messages_ in missing.items()}
            return render(request, "challenges/eoi_check.html", _check_context(eoi, missing=flat, has_errors=True))
        return redirect("challenges:eoi_sent", pk=eoi.pk)
    return redirect("challenges:my_eoi_detail", pk=eoi.pk)


@login_required
def eoi_sent(request, pk):
    """The GOV.UK confirmation page after "Accept and send": the reference and what happens next."""
    eoi = access.get_own_eoi(request.user, pk)
    if eoi.status == EOIStatus.DRAFT:
        return redirect("challenges:eoi_check", pk=eoi.pk)
    return render(request, "challenges/eoi_sent.html", {"eoi": eoi})


@login_required
def my_eoi_detail(request, pk):
    eoi = access.get_own_eoi(request.user, pk)
    decisions = access.decisions_visible_to(request.user).filter(eoi=eoi).select_related("notice")
    current = next((d for d in decisions if not any(c.supersedes_id == d.pk for c in decisions)), None)
    return render(
        request,
        "challenges/my_eoi_detail.html",
        {
            "eoi": eoi,
            "partners": eoi.partners.all(),
            "decision": current,
            # Steps the body must not see yet (a decision recorded or amended, not published) are left out.
            "history": eoi.status_changes.filter(officer_only=False),
            "info_requests": eoi.info_requests.all(),
            "attachments": eoi.attachments.all(),
            "journey_link": getattr(eoi, "journey_link", None),  # read with the EOI (access.get_council_eoi)
            "can_withdraw": access.WITHDRAW in access.eoi_actions(request.user, eoi),
        },
    )


@login_required
def eoi_withdraw(request, pk):
    eoi = access.get_own_eoi(request.user, pk)
    if access.WITHDRAW not in access.eoi_actions(request.user, eoi):
        raise PermissionDenied
    if request.method == "POST":
        with transaction.atomic():
            locked = ExpressionOfInterest.objects.select_for_update().get(pk=eoi.pk)
            if locked.can_move_to(EOIStatus.WITHDRAWN):
                services.eoi_withdraw(eoi=locked, by=request.user)
        messages.success(request, f"{eoi.reference} has been withdrawn")
        return redirect("challenges:my_eoi_detail", pk=eoi.pk)
    return render(request, "challenges/eoi_withdraw.html", {"eoi": eoi})


@login_required
def eoi_history(request, pk):
    """Who changed what on an EOI and its decisions (its council's officers, admins, the body that sent it)."""
    eoi = access.get_eoi_for_history(request.user, pk)
    sources, who = access.eoi_history_sources(request.user, eoi)
    if request.user.is_officer:
        back_url = reverse("challenges:eoi_review", args=[eoi.pk])
    elif request.user.is_relevant_body or access.is_staff_member(request.user):
        back_url = reverse("challenges:my_eoi_detail", args=[eoi.pk])
    else:
        back_url = reverse("admin:challenges_expressionofinterest_change", args=[eoi.pk])
    page = history_page(sources, request.GET.get("page"), who=who)
    return render(request, "challenges/eoi_history.html", {"eoi": eoi, "page": page, "back_url": back_url})


# --- officers: expressions of interest ----------------------------------------------


def _officer_eois(request):
    """The officer's filter form, their council's EOIs and the condition the form's filters make (empty when
    none applies)."""
    access.require_officer(request.user)
    visible = access.eois_visible_to(request.user)
    services_qs = ChallengeableService.objects.for_council(request.user.public_body_id)
    form = EOIFilterForm(request.GET or None, services=services_qs)
    matching = Q()
    if form.is_valid():
        status = form.cleaned_data["status"]
        if status == "overdue":
            matching &= overdue_condition(timezone.localdate())
        elif status == "due_soon":
            matching &= due_soon_condition(timezone.localdate())
        elif status:
            matching &= Q(status=status)
        if form.cleaned_data["service"]:
            matching &= Q(service=form.cleaned_data["service"])
        q = form.cleaned_data["q"].strip()
        if q:
            ref = q.upper().removeprefix("EOI-").lstrip("0")
            matching &= Q(body_name__icontains=q) | Q(pk=int(ref) if ref.isdigit() else -1)
    return form, visible, matching


def _in_list_order(eois):
    # Work still to do first, earliest deadline first; then decided and withdrawn ones.
    open_first = Case(When(status__in=AWAITING_DECISION, then=Value(0)), default=Value(1))
    return eois.order_by(open_first, "decision_due_on", "pk")


class CountedPaginator(Paginator):
    """A paginator given its count, read with other numbers in one query, rather than counting again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count


@login_required
def eoi_list(request):
    access.require_officer(request.user)
    return render(request, "challenges/eoi_list.html", _eoi_list_context(request))


def _headline_counts(today, soon, matching=None) -> dict:
    """The four headline numbers and the number the filters match (`matching`: None for all)."""
    return {
        "awaiting_ack": Count("pk", filter=Q(status__in=AWAITING_ACKNOWLEDGEMENT)),
        "awaiting_decision": Count("pk", filter=Q(status__in=AWAITING_DECISION)),
        "overdue": Count("pk", filter=overdue_condition(today)),
        "due_soon": Count("pk", filter=due_soon_condition(today, soon)),
        "matching": Count("pk", filter=matching),
    }


def _as_listed(eois):
    """The list's EOIs in its order, with only the columns it prints (each EOI's service, nothing of its council
    or its sender's account)."""
    return _in_list_order(
        eois.select_related(None)
        .select_related("service")
        .only("body_name", "status", "acknowledgement_due_on", "decision_due_on", "service__name")
    )


# The workspace without filters (its landing page, the one officers see most): its numbers, its page of EOIs and
# the council's services for the filter, each compiled once per process (mutuals_portal.lib.prepared) from the same
# rule as eois_visible_to (access.received_by_council). With filters the page is read through the ORM.
_COUNCIL_COUNTS = PreparedValues(
    lambda council_id, today, soon: (
        access.received_by_council(council_id)
        .order_by()
        .values("service__council_id")  # one group: every EOI here is the council's
        .annotate(**_headline_counts(today, soon))
    ),
    kinds=("int", "date", "date"),
)
_COUNCIL_PAGE = PreparedModels(lambda council_id: _as_listed(access.received_by_council(council_id)), paged=True)
_COUNCIL_SERVICES = PreparedValues(
    lambda council_id: ChallengeableService.objects.for_council(council_id).values("pk", "name")
)


def _eoi_list_context(request) -> dict:
    form, visible, matching = _officer_eois(request)
    today = timezone.localdate()
    soon = soon_after(today)
    if matching:
        # One pass over the council's EOIs for the numbers and the number the filters match.
        counts = visible.order_by().aggregate(**_headline_counts(today, soon, matching))
        matched = counts.pop("matching")
        eois = _as_listed(visible.filter(matching))
    else:
        found = _COUNCIL_COUNTS.rows(request.user.public_body_id, today, soon)
        counts = {name: found[0][name] if found else 0 for name in _headline_counts(today, soon)}
        matched = counts.pop("matching")
        eois = PagedRows(_COUNCIL_PAGE, request.user.public_body_id, count=lambda: matched)
    form.service_choices = [(row["pk"], row["name"]) for row in _COUNCIL_SERVICES.rows(request.user.public_body_id)]
    page = CountedPaginator(eois, PAGE_SIZE, count=matched).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "page": page,
        "rows": eoi_rows(page.object_list),
        "query": query.urlencode(),
        **counts,
    }


@login_required
def eoi_export(request):
    _form, visible, matching = _officer_eois(request)
    # The export shows each EOI's service, nothing of its council or its sender's account.
    eois = _in_list_order(visible.filter(matching).select_related(None).select_related("service"))
    header = [
        "Reference",
        "Service",
        "Body",
        "Body type",
        "Contact",
        "Status",
        "Received",
        "Acknowledgement due",
        "Decision due",
        "Overdue",
    ]
    rows = (
        [
            e.reference,
            e.service.name,
            e.body_name,
            e.get_body_type_display(),
            e.contact_email,
            e.get_status_display(),
            e.received_on,
            e.acknowledgement_due_on,
            e.decision_due_on,
            "yes" if e.is_overdue else "no",
        ]
        for e in eois
    )
    return csv_response(filename="expressions-of-interest.csv", header=header, rows=rows)


def _by_decided_at(decision):
    return decision.decided_at, decision.pk


def _by_changed_at(change):
    return change.changed_at, change.pk  # EOIStatusChange's own ordering


# An EOI's decisions with their people and notice, for its page: compiled once per process (lib.prepared).
_EOI_DECISIONS = PreparedModels(
    lambda eoi_pk: Decision.objects.filter(eoi_id=eoi_pk).select_related("decided_by", "notice").order_by()
)
# The rest of what the review page lists of an EOI, each as eoi.<relation>.all() reads it (its model's order) but
# compiled once per process: its partners, its status changes with who made them (put in order here, as the
# decisions are), its requests for information and its documents.
_EOI_PARTNERS = PreparedModels(lambda eoi_pk: Partner.objects.filter(eoi_id=eoi_pk))
_EOI_CHANGES = PreparedModels(
    lambda eoi_pk: EOIStatusChange.objects.filter(eoi_id=eoi_pk).select_related("changed_by").order_by()
)
_EOI_INFO_REQUESTS = PreparedModels(lambda eoi_pk: InfoRequest.objects.filter(eoi_id=eoi_pk))
_EOI_ATTACHMENTS = PreparedModels(lambda eoi_pk: Attachment.objects.filter(eoi_id=eoi_pk))


def _review_context(request, eoi):
    # An EOI's few decisions and status changes are put in order here: ordered in SQL, Django's compiler pays for
    # every column selected (these read their people and notice with them).
    decisions = sorted(_EOI_DECISIONS.objects(eoi.pk), key=_by_decided_at)
    for decision in decisions:
        decision.eoi = eoi  # as eoi.decisions would give them
    current = current_decision_of(decisions)
    procurement = getattr(eoi, "procurement", None) if eoi.status == EOIStatus.PROCUREMENT_STARTED else None
    conflicts = access.conflicts_declared_on(request.user, eoi)  # first: it also answers can_act_on below
    partners = _EOI_PARTNERS.objects(eoi.pk)  # the list, and the statutory check of each partner's evidence
    procurement_dates = None
    if eoi.status in (EOIStatus.ACCEPTED, EOIStatus.ACCEPTED_MODIFIED):
        try:
            procurement_dates = services.procurement_bounds(eoi)
        except ValidationError:
            procurement_dates = None
    return {
        "eoi": eoi,
        "procurement_dates": procurement_dates,
        "partners": partners,
        "history": sorted(_EOI_CHANGES.objects(eoi.pk), key=_by_changed_at),
        "conflicts": conflicts,
        "info_requests": _EOI_INFO_REQUESTS.objects(eoi.pk),
        "attachments": _EOI_ATTACHMENTS.objects(eoi.pk),
        "can_attach": access.may_attach(eoi, request.user),
        "journey_link": getattr(eoi, "journey_link", None),  # read with the EOI (access.get_council_eoi)
        "decisions": decisions,
        "decision": current,
        "procurement": procurement,
        # Every decision step (acknowledge, review, decide, publish, correct, notice, procurement):
        # the one conflict-of-interest rule, asked once for the page.
        "can_act": access.can_act_on(request.user, eoi),
        "actions": access.eoi_actions(request.user, eoi, current),
        "checklist": _statutory_checklist(eoi, partners),
    }


def _statutory_checklist(eoi, partners):
    missing = eoi.missing_statutory_content(partners)
    items = [
        ("FIN", "Financial resources of the body", "financial_resources"),
        ("CAP", "Capability to provide the service by the time of procurement", "capability"),
        ("SERVICE_AREA", "The service and its geographical area", "service_and_area"),
        ("OUTCOMES", "Outcomes: well-being of the area", "outcomes_wellbeing"),
        ("OUTCOMES", "Outcomes: meeting users' needs", "outcomes_users_needs"),
    ]
    if eoi.needs_staff_engagement:
        items.append(("STAFF_ENGAGE", "Engaging other affected employees", "staff_engagement"))
    rows = [
        {"code": code, "label": label, "field": field, "given": field not in missing, "value": getattr(eoi, field)}
        for code, label, field in items
    ]
    if partners:
        rows.append(
            {
                "code": "FIN",
                "label": "Financial resources of each consortium member and sub-contractor",
                "field": "partners",
                "given": all(p.financial_resources.strip() for p in partners),
                "value": "",
            }
        )
        rows.append(
            {
                "code": "CAP",
                "label": "Capability evidence for each consortium member and sub-contractor",
                "field": "partners",
                "given": all(p.capability.strip() for p in partners),
                "value": "",
            }
        )
    return rows


@login_required
def eoi_review(request, pk):
    eoi = access.get_council_eoi(request.user, pk)
    return render(request, "challenges/eoi_review.html", _review_context(request, eoi))


@login_required
@require_POST
def eoi_acknowledge(request, pk):
    with transaction.atomic():
        eoi = access.get_council_eoi(request.user, pk, for_update=True)
        if not access.can_act_on(request.user, eoi):
            raise PermissionDenied
        if access.ACKNOWLEDGE not in access.eoi_actions(request.user, eoi):
            messages.info(request, f"{eoi.reference} has already been acknowledged")
            return redirect("challenges:eoi_review", pk=eoi.pk)
        services.eoi_acknowledge(eoi=eoi, by=request.user)
    messages.success(request, f"{eoi.reference} acknowledged. The body has been told when to expect a decision.")
    return redirect("challenges:eoi_review", pk=eoi.pk)


@login_required
@require_POST
def eoi_start_review(request, pk):
    with transaction.atomic():
        eoi = access.get_council_eoi(request.user, pk, for_update=True)
        if not access.can_act_on(request.user, eoi):
            raise PermissionDenied
        if access.START_REVIEW in access.eoi_actions(request.user, eoi):
            services.eoi_start_review(eoi=eoi, by=request.user)
            messages.success(request, f"{eoi.reference} is now under review")
    return redirect("challenges:eoi_review", pk=eoi.pk)


DECISION_INITIAL_FIELDS = (
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


@login_required
def eoi_decide(request, pk):
    """Record a decision, or amend the recorded one while it is unpublished."""
    eoi = access.get_council_eoi(request.user, pk)
    if not access.can_act_on(request.user, eoi):
        raise PermissionDenied
    recorded = eoi.current_decision()
    if recorded is not None and (recorded.is_published or recorded.supersedes_id is not None):
        messages.info(request, "This decision has been published: record a correction to change it.")
        return redirect("challenges:eoi_review", pk=eoi.pk)
    if recorded is None and access.DECIDE not in access.eoi_actions(request.user, eoi):
        messages.info(
            request,
            "This expression of interest cannot be decided now: acknowledge it first, or it has already been decided.",
        )
        return redirect("challenges:eoi_review", pk=eoi.pk)
    if recorded:
        initial = {name: getattr(recorded, name) for name in DECISION_INITIAL_FIELDS}
    else:
        initial = services.suggested_decision(eoi)
    form = DecisionForm(request.POST or None, initial=initial, intention=services.intention_for(eoi.service))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                locked = access.get_council_eoi(request.user, pk, for_update=True)
                if recorded is None:
                    decision = services.decision_record(eoi=locked, by=request.user, **data)
                else:
                    decision = services.decision_amend(decision=recorded, by=request.user, **data)
        except services.ConflictOfInterest:
            raise PermissionDenied from None
        except ValidationError as error:
            add_errors(form, error)
        else:
            verb = "recorded" if recorded is None else "amended"
            messages.success(
                request,
                f"Decision {verb}: {decision.result_label}. It is not public and the body has not been told: "
                "check and publish it.",
            )
            return redirect("challenges:eoi_review", pk=eoi.pk)
    return render(
        request,
        "challenges/eoi_decide.html",
        {
            "form": form,
            "eoi": eoi,
            "recorded": recorded,
            "suggested": not recorded and bool(initial),
            "grounds": RejectionGround,
            "outcomes": DecisionOutcome,
        },
    )


@login_required
def eoi_record_received(request):
    """Record an expression of interest that came by email or post, on behalf of the body that sent it."""
    access.require_officer(request.user)
    form = RecordedEOIForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        council=request.user.public_body_id,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        service, route, received_on, original = (data.pop(k) for k in ("service", "route", "received_on", "original"))
        try:
            eoi = services.eoi_record_received(
                service=service, by=request.user, route=route, received_on=received_on, original=original, **data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{eoi.reference} recorded as received on {eoi.received_on:%-d %B %Y}")
            return redirect("challenges:eoi_review", pk=eoi.pk)
    return render(request, "challenges/eoi_record.html", {"form": form})


@login_required
def eoi_original(request, pk):
    """The scanned original of an EOI received by email or post: its council's officers only."""
    eoi = access.get_council_eoi(request.user, pk)
    if not eoi.original_document:
        raise Http404("No original document")
    return private_download(
        eoi.original_document, f"original-{eoi.reference}{PurePath(eoi.original_document.name).suffix}"
    )


@login_required
def attachment_add(request, pk):
    """Add a document: the body to its draft, or an officer to an EOI the council recorded from email or post."""
    eoi = access.get_eoi_to_attach(request.user, pk)
    is_body = eoi.submitted_by_id == request.user.pk
    back = reverse("challenges:eoi_edit" if is_body else "challenges:eoi_review", args=[eoi.pk])
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            attachment = services.attachment_add(eoi=eoi, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{attachment.original_name} has been added")
            return redirect(back)
    return render(request, "challenges/attachment_form.html", {"form": form, "eoi": eoi, "back": back})


@login_required
def attachment_download(request, pk, attachment_pk):
    """A document on an EOI: the body's own, or its council's officers (challenges.access)."""
    attachment = access.get_attachment_for_user(request.user, pk, attachment_pk)
    return private_download(
        attachment.file, f"{attachment.eoi.reference}-{attachment.pk}{PurePath(attachment.file.name).suffix}"
    )


@login_required
@require_POST
def attachment_remove(request, pk, attachment_pk):
    eoi = access.get_own_eoi(request.user, pk)
    if access.EDIT not in access.eoi_actions(request.user, eoi):
        raise PermissionDenied
    attachment = Attachment.objects.filter(eoi=eoi, pk=attachment_pk).first()
    if attachment is None:
        raise Http404("No such document")
    services.attachment_remove(attachment=attachment, by=request.user)
    messages.success(request, f"{attachment.original_name} has been removed")
    return redirect("challenges:eoi_edit", pk=eoi.pk)


@login_required
def eoi_decision_date(request, pk):
    """Set when this EOI will be decided, within the council's maximum period (the body sees it)."""
    eoi = access.get_council_eoi(request.user, pk)
    if access.SET_DECISION_DATE not in access.eoi_actions(request.user, eoi, eoi.current_decision()):
        raise PermissionDenied
    latest = services.latest_decision_date(eoi)
    form = DecisionDateForm(request.POST or None, latest=latest, initial={"decision_due_on": eoi.decision_due_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.eoi_set_decision_date(eoi=eoi, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"The decision date for {eoi.reference} is {form.cleaned_data['decision_due_on']:%-d %B %Y}"
            )
            return redirect("challenges:eoi_review", pk=eoi.pk)
    return render(request, "challenges/decision_date_form.html", {"form": form, "eoi": eoi, "latest": latest})


@login_required
def info_request(request, pk):
    """Ask the body for more information (never a ground to reject)."""
    eoi = access.get_council_eoi(request.user, pk)
    if not access.can_act_on(request.user, eoi):
        raise PermissionDenied
    form = InfoRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                locked = access.get_council_eoi(request.user, pk, for_update=True)
                services.info_request(eoi=locked, by=request.user, **form.cleaned_data)
        except services.ConflictOfInterest:
            raise PermissionDenied from None
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Your request has been sent to the body")
            return redirect("challenges:eoi_review", pk=eoi.pk)
    return render(request, "challenges/info_request.html", {"form": form, "eoi": eoi})


@login_required
def info_answer(request, pk, request_pk):
    eoi = access.get_own_eoi(request.user, pk)
    info = eoi.info_requests.filter(pk=request_pk).first()
    if info is None:
        raise Http404("No such request")
    if info.is_answered:
        messages.info(request, "You have already answered this request")
        return redirect("challenges:my_eoi_detail", pk=eoi.pk)
    form = InfoAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.info_answer(request=info, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Your answer has been sent to the council")
            return redirect("challenges:my_eoi_detail", pk=eoi.pk)
    return render(request, "challenges/info_answer.html", {"form": form, "eoi": eoi, "info": info})


@login_required
def eoi_link_service(request, pk):
    """Link an EOI for an unlisted service to one of the council's services, or confirm the description."""
    eoi = access.get_council_eoi(request.user, pk)
    if not access.can_act_on(request.user, eoi):
        raise PermissionDenied
    if not eoi.service.described_by_body:
        messages.info(request, "This expression of interest is already linked to a service record.")
        return redirect("challenges:eoi_review", pk=eoi.pk)
    choices = ChallengeableService.objects.for_council(eoi.service.council_id).filter(described_by_body=False)
    initial = {"name": eoi.service.name, "description": eoi.service.description}
    form = LinkServiceForm(request.POST if request.method == "POST" else None, services=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                locked = access.get_council_eoi(request.user, pk, for_update=True)
                service = services.eoi_link_service(
                    eoi=locked,
                    by=request.user,
                    service=data["existing"],
                    name=data["name"],
                    description=data["description"],
                )
        except services.ConflictOfInterest:
            raise PermissionDenied from None
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{eoi.reference} is now about the service record {service.name}")
            return redirect("challenges:eoi_review", pk=eoi.pk)
    return render(request, "challenges/eoi_link_service.html", {"form": form, "eoi": eoi})


@login_required
@require_POST
def eoi_consider_outside_period(request, pk):
    with transaction.atomic():
        eoi = access.get_council_eoi(request.user, pk, for_update=True)
        if not access.can_act_on(request.user, eoi):
            raise PermissionDenied
        try:
            services.eoi_consider_outside_period(eoi=eoi, by=request.user)
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(request, f"{eoi.reference} will be considered although it was sent outside the periods")
    return redirect("challenges:eoi_review", pk=eoi.pk)


@login_required
def conflict_declare(request, pk):
    eoi = access.get_council_eoi(request.user, pk)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.conflict_declare(eoi=eoi, officer=request.user, **form.cleaned_data)
        messages.success(request, "Your conflict of interest has been recorded. A colleague must decide this.")
        return redirect("challenges:eoi_review", pk=eoi.pk)
    return render(request, "challenges/conflict_form.html", {"form": form, "eoi": eoi})


@login_required
def decision_publish(request, pk):
    """A confirmation page showing what the body will be sent and what the register will show; POST publishes."""
    decision = access.get_council_decision(request.user, pk)
    if not access.can_publish(request.user, decision):
        raise PermissionDenied
    eoi = decision.eoi
    if decision.is_published:
        messages.info(
            request,
            f"This decision was published on {timezone.localdate(decision.published_at):%-d %B %Y}. "
            "Nothing has changed.",
        )
        return redirect("challenges:eoi_review", pk=eoi.pk)
    if request.method == "POST":
        try:
            services.decision_publish(decision=decision, by=request.user)
        except services.ConflictOfInterest:
            raise PermissionDenied from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                "Decision published on the register. The body has been sent the decision with its reasons, "
                "and the decision notice is being produced.",
            )
        return redirect("challenges:eoi_review", pk=eoi.pk)
    return render(
        request,
        "challenges/decision_publish.html",
        {"decision": decision, "eoi": eoi, "recipient": eoi.notify_address},
    )


@login_required
def decision_correct(request, pk):
    decision = access.get_council_decision(request.user, pk)
    if not access.can_correct(request.user, decision):
        raise PermissionDenied
    initial = {
        "grounds": decision.grounds,
        "reasons": decision.reasons,
        "modification": decision.modification,
        "modification_agreed": decision.modification_agreed,
    }
    form = CorrectionForm(
        request.POST or None,
        initial=initial,
        outcome=decision.outcome,
        intention=services.intention_for(decision.eoi.service),
    )
    if request.method == "POST" and form.is_valid():
        data = {"grounds": [], "modification": "", "modification_agreed": False, **form.cleaned_data}
        try:
            services.decision_correct(decision=decision, by=request.user, **data)
        except services.ConflictOfInterest:
            raise PermissionDenied from None
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Correction recorded. Publish it to replace the decision on the register.")
            return redirect("challenges:eoi_review", pk=decision.eoi_id)
    return render(
        request, "challenges/decision_correct.html", {"form": form, "decision": decision, "eoi": decision.eoi}
    )


@login_required
@require_POST
def notice_retry(request, pk):
    decision = access.get_council_decision(request.user, pk)
    if not access.can_request_notice(request.user, decision):
        raise PermissionDenied
    with transaction.atomic():
        services.notice_request(decision=decision)
    messages.success(request, "The decision notice is being produced")
    return redirect("challenges:eoi_review", pk=decision.eoi_id)


@login_required
def notice_download(request, pk):
    decision = access.get_notice_decision(request.user, pk)
    notice = getattr(decision, "notice", None)
    if notice is None or notice.status != DecisionNotice.Status.READY or not notice.file:
        raise Http404("The notice is not ready")
    return private_download(notice.file, f"decision-notice-{decision.eoi.reference}.pdf", "application/pdf")


@login_required
def procurement_record(request, pk):
    eoi = access.get_council_eoi(request.user, pk)
    if access.RECORD_PROCUREMENT not in access.eoi_actions(request.user, eoi):
        raise PermissionDenied
    try:
        earliest, latest = services.procurement_bounds(eoi)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("challenges:eoi_review", pk=eoi.pk)
    form = ProcurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                locked = access.get_council_eoi(request.user, pk, for_update=True)
                services.procurement_record(eoi=locked, by=request.user, **form.cleaned_data)
        except services.ConflictOfInterest:
            raise PermissionDenied from None
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Procurement exercise recorded")
            return redirect("challenges:eoi_review", pk=eoi.pk)
    return render(
        request,
        "challenges/procurement_form.html",
        {"form": form, "eoi": eoi, "earliest": earliest, "latest": latest},
    )


@login_required
def procurement_result(request, pk):
    eoi = access.get_council_eoi(request.user, pk)
    if access.RECORD_PROCUREMENT_RESULT not in access.eoi_actions(request.user, eoi):
        raise PermissionDenied
    exercise = eoi.procurement
    form = ProcurementResultForm(request.POST or None, exercise=exercise)
    if request.method == "POST" and form.is_valid():
        try:
            services.procurement_record_result(exercise=exercise, by=request.user, **form.cleaned_data)
        except services.ConflictOfInterest:
            raise PermissionDenied from None
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Outcome of the procurement recorded")
            return redirect("challenges:eoi_review", pk=eoi.pk)
    return render(request, "challenges/procurement_result_form.html", {"form": form, "eoi": eoi, "exercise": exercise})


# --- officers: services and settings ------------------------------------------------


@login_required
def officer_services(request):
    access.require_officer(request.user)
    council = request.user.public_body
    services_qs = (
        ChallengeableService.objects.for_council(council)
        .select_related("council__challenge_settings")
        .prefetch_related("windows")
    )
    return render(
        request,
        "challenges/officer_services.html",
        {
            "services": services_qs,
            "council": council,
            "settings": ChallengeSettings.for_council(council),
            "today": timezone.localdate(),
        },
    )


@login_required
def service_create(request):
    access.require_officer(request.user)
    form = ServiceForm(request.POST or None, instance=ChallengeableService(council=request.user.public_body))
    if request.method == "POST" and form.is_valid():
        service = form.save()
        messages.success(request, f"{service.name} has been added")
        return redirect("challenges:service_edit", pk=service.pk)
    return render(request, "challenges/service_form.html", {"form": form, "service": None})


@login_required
def service_edit(request, pk):
    service = access.get_managed_service(request.user, pk)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{service.name} has been saved")
        return redirect("challenges:officer_services")
    return render(
        request,
        "challenges/service_form.html",
        {
            "form": form,
            "service": service,
            "windows": service.sorted_windows(),
            "intentions": service.staff_mutual_intentions.select_related("journey__group"),
        },
    )


@login_required
def service_history(request, pk):
    """Who changed the service, its submission windows and the council's staff-mutual intentions, and when."""
    service = access.get_managed_service(request.user, pk)
    page = history_page(access.service_history_sources(service), request.GET.get("page"))
    return render(request, "challenges/service_history.html", {"service": service, "page": page})


@login_required
def intention_publish(request, pk):
    """The council's published intention to consider provision of the service by a staff mutual (ground R8)."""
    service = access.get_managed_service(request.user, pk)
    form = StaffMutualIntentionForm(request.POST or None, journeys=access.journeys_shared_with_council(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.intention_publish(service=service, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The council's intention is recorded and shown on the service page")
            return redirect("challenges:service_edit", pk=service.pk)
    return render(request, "challenges/intention_form.html", {"form": form, "service": service})


@login_required
@require_POST
def intention_withdraw(request, pk, intention_pk):
    service = access.get_managed_service(request.user, pk)
    intention = get_object_or_404(StaffMutualIntention, service=service, pk=intention_pk)
    try:
        services.intention_withdraw(intention=intention, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The intention is withdrawn: ground R8 is no longer offered for this service")
    return redirect("challenges:service_edit", pk=service.pk)


@login_required
def window_add(request, pk):
    service = access.get_managed_service(request.user, pk)
    window = SubmissionWindow(service=service)
    form = WindowForm(request.POST or None, instance=window)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Window {window} added")
        return redirect("challenges:service_edit", pk=service.pk)
    return render(request, "challenges/window_form.html", {"form": form, "service": service})


@login_required
@require_POST
def window_delete(request, pk, window_pk):
    service = access.get_managed_service(request.user, pk)
    window = SubmissionWindow.objects.filter(service=service, pk=window_pk).first()
    if window is None:
        raise Http404("No such window")
    if window.eois.exists():
        messages.error(request, "This window has expressions of interest, so it cannot be removed")
    else:
        window.delete()
        messages.success(request, f"Window {window} removed")
    return redirect("challenges:service_edit", pk=service.pk)


@login_required
def council_settings(request):
    access.require_officer(request.user)
    instance = ChallengeSettings.for_council(request.user.public_body)
    form = ChallengeSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Right to Challenge periods saved")
        return redirect("challenges:officer_services")
    return render(request, "challenges/settings_form.html", {"form": form})
