from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts import ratelimit
from casestudies.models import CaseStudy
from journeys.models import Stage
from mutuals_portal.lib.choices import ServiceArea
from mutuals_portal.lib.csv_export import csv_response
from mutuals_portal.lib.forms import add_errors
from mutuals_portal.lib.history import history_page
from mutuals_portal.lib.pdf import html_to_pdf
from mutuals_portal.lib.prepared import CountStatements, PagedRows, PreparedModels
from mutuals_portal.views import GUIDANCE

from . import dashboard, outcomes, readiness, scoring, services, subsidy
from .access import (
    SESSION_KEY,
    advisers_referrals,
    allocation_history_sources,
    get_allocation_for_history,
    get_allocation_for_user,
    get_journey_for_mentoring_history,
    get_mentoring_for_user,
    get_mentoring_request_for_adviser,
    get_offer_for_adviser,
    get_offer_for_history,
    get_offer_for_withdrawal,
    get_outcomes_for_user,
    get_referral_for_history,
    get_referral_for_user,
    get_supported_journey_for_user,
    may_moderate,
    may_reapprove,
    may_withdraw_approval,
    mentoring_history_sources,
    offer_history_sources,
    referral_history_sources,
    referrals_visible_to,
    require_adviser,
    require_mentor_offerer,
    require_mentoring,
    require_moderator,
    require_outcome_submitter,
    submitted_referral,
    supported_journeys_visible_to,
)
from .forms import (
    AcceptForm,
    AllocationForm,
    AssessmentForm,
    DeclineForm,
    EndMentoringForm,
    EnquiryForm,
    InformationForm,
    MatchForm,
    MeetingForm,
    MentoringRequestForm,
    MentorNoteForm,
    MentorOfferForm,
    MfaGiveForm,
    ModerationForm,
    OfferDecisionForm,
    OutcomeReturnForm,
    QueueFilterForm,
    ReadinessForm,
    ReapproveOfferForm,
    ReverseForm,
    SignpostForm,
    WithdrawApprovalForm,
)
from .models import (
    MentoringMeeting,
    MentoringRequest,
    MentorOffer,
    OutcomeReturn,
    SupportAllocation,
    TriageAssessment,
    financial_year_label,
    topic_labels,
)

HONEYPOT = "website"


def _reply() -> dict:
    """The promised reply time for the enquiry pages (a setting)."""
    return {"reply_working_days": settings.REFERRAL_REPLY_WORKING_DAYS}


def _posted(request):
    """The submitted data, even when empty (an empty POST must still be validated)."""
    return request.POST if request.method == "POST" else None


def _add_service_errors(form, error: ValidationError, shown) -> None:
    """The service's errors on the form. After "someone else changed this" the form's hidden version becomes
    that of `shown`, the row as this page read it and now shows it: sent again, having checked the page, it
    is judged against what the page says now, where the version first sent would be refused again."""
    add_errors(form, error)
    if services.CHANGED_SINCE in error.messages:
        data = form.data.copy()
        data["version"] = shown.version
        form.data = data


# The public enquiry --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@ratelimit.limit_posts("enquiry")
def enquire(request):
    form = EnquiryForm(_posted(request), initial=_readiness_initial(request))
    if request.method == "POST":
        if request.POST.get(HONEYPOT, "").strip():
            # Only a robot fills the hidden field: thank it and keep nothing.
            return render(request, "referrals/confirmation.html", {"referral": None, **_reply()})
        if form.is_valid():
            try:
                referral = services.referral_submit(referral=form.save(commit=False))
            except ValidationError as error:
                add_errors(form, error)
            else:
                request.session[SESSION_KEY] = referral.pk
                request.session.pop(readiness.SESSION_KEY, None)
                return redirect("referrals:confirmation")
    return render(request, "referrals/enquire.html", {"form": form, "honeypot": HONEYPOT, **_reply()})


def _readiness_answers(request) -> tuple[dict[str, int] | None, str]:
    """The self-check answers kept in this browser's session, and the service area given with them."""
    kept = request.session.get(readiness.SESSION_KEY) or {}
    area = kept.get("service_area", "") if isinstance(kept, dict) else ""
    return readiness.clean_answers(kept), area if area in ServiceArea.values else ""


def _readiness_initial(request) -> dict:
    """The enquiry form pre-filled from the self-check, when the visitor came from its result page."""
    if request.method != "GET" or request.GET.get("from") != "readiness":
        return {}
    answers, area = _readiness_answers(request)
    if answers is None:
        return {}
    return {**readiness.enquiry_initial(answers), **({"service_area": area} if area else {})}


@require_http_methods(["GET", "POST"])
@ratelimit.limit_posts("readiness")
def readiness_check(request):
    """The public readiness self-check: the answers go to the session, never the database."""
    answers, area = _readiness_answers(request)
    initial = {**{name: str(value) for name, value in (answers or {}).items()}, "service_area": area}
    form = ReadinessForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        request.session[readiness.SESSION_KEY] = form.cleaned_data
        return redirect("referrals:readiness_result")
    return render(request, "referrals/readiness.html", {"form": form})


def readiness_result(request):
    answers, area = _readiness_answers(request)
    if answers is None:
        return redirect("referrals:readiness")
    outcome = readiness.result(answers)
    studies = list(CaseStudy.objects.published().filter(service_area=area).order_by("name")[:3]) if area else []
    if len(studies) < 3:
        more = CaseStudy.objects.published().exclude(pk__in=[s.pk for s in studies]).order_by("-published_at", "-id")
        studies += list(more[: 3 - len(studies)])
    return render(
        request,
        "referrals/readiness_result.html",
        {
            "result": outcome,
            "guides": GUIDANCE,
            "case_studies": studies,
            "service_area": ServiceArea(area).label if area else "",
            **_reply(),
        },
    )


def confirmation(request):
    referral = submitted_referral(request)
    if referral is None:
        return redirect("referrals:enquire")
    return render(request, "referrals/confirmation.html", {"referral": referral, **_reply()})


# Triage --------------------------------------------------------------------------------------


QUEUE_ORDER = {
    "oldest": ["created_at", "id"],
    "newest": ["-created_at", "-id"],
    "score": [F("assessment__score").desc(nulls_last=True), "created_at"],
}
# What the queue's rows show: loading the rest of each referral (the enquiry's text, its parent body) cost
# more than the query itself.
QUEUE_COLUMNS = [
    "reference",
    "status",
    "organisation",
    "service_area",
    "region",
    "created_at",
    "assigned_adviser__full_name",
    "assessment__score",
    "assessment__band",
]


@login_required
def queue(request):
    require_adviser(request.user)
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    # The form's errors put "Error:" in the title.
    return render(request, "referrals/queue.html", _queue_context(request, form, filters))


def _as_queued(referrals):
    """The queue's referrals with only what its rows show."""
    return referrals.select_related(None).select_related("assigned_adviser", "assessment").only(*QUEUE_COLUMNS)


# The queue as advisers open it (the open referrals, no other filter) in each order, and their number, compiled
# once per process (mutuals_portal.lib.prepared) from the advisers' rule (access.advisers_referrals). With any other
# filter the queue is read through the ORM.
_OPEN_QUEUE = {
    sort: PreparedModels(
        lambda order=tuple(order): _as_queued(advisers_referrals().open()).order_by(*order), arity=0, paged=True
    )
    for sort, order in QUEUE_ORDER.items()
}
_OPEN_COUNT = CountStatements(size=1)


def _queue_context(request, form, filters) -> dict:
    status = filters.get("status") or "open"
    sort = filters.get("sort") or "oldest"
    if status == "open" and not any(filters.get(name) for name in ("region", "band", "mine")):
        open_count = _OPEN_COUNT.count("open", lambda: advisers_referrals().open())
        referrals = PagedRows(_OPEN_QUEUE[sort], count=lambda: open_count)
    else:
        referrals = _as_queued(referrals_visible_to(request.user))
        if status == "open":
            referrals = referrals.open()
        elif status != "all":
            referrals = referrals.filter(status=status)
        if filters.get("region"):
            referrals = referrals.filter(region=filters["region"])
        if filters.get("band") == "none":
            referrals = referrals.filter(assessment__isnull=True)
        elif filters.get("band"):
            referrals = referrals.filter(assessment__band=filters["band"])
        if filters.get("mine"):
            referrals = referrals.filter(assigned_adviser=request.user)
        referrals = referrals.order_by(*QUEUE_ORDER[sort])
    page = Paginator(referrals, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # The "Days waiting" header sorts by it: longest wait (oldest) first, or, clicked again, shortest.
    by_waiting = query.copy()
    by_waiting["sort"] = "newest" if sort == "oldest" else "oldest"
    return {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "sort": sort,
        "waiting_sort_query": by_waiting.urlencode(),
        "today": timezone.localdate(),
    }


@login_required
def detail(request, pk):
    referral = get_referral_for_user(request.user, pk)
    assessment = TriageAssessment.objects.filter(referral=referral).select_related("assessed_by").first()
    criteria = []
    if assessment:
        criteria = [
            {
                "criterion": c,
                "points": getattr(assessment, c.field),
                "value": c.weight * getattr(assessment, c.field) / 3,
            }
            for c in scoring.CRITERIA
        ]
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "assessment": assessment,
            "criteria": criteria,
            "flags": services.assessment_flags(assessment),
            "moderations": list(assessment.moderations.select_related("moderated_by")) if assessment else [],
            "may_moderate": may_moderate(request.user, assessment),
            "events": referral.events.select_related("actor"),
            "journey": referral.staff_group.journey if referral.staff_group_id else None,
            "today": timezone.localdate(),
            **_reply(),
        },
    )


@login_required
@require_POST
def assign(request, pk):
    referral = get_referral_for_user(request.user, pk)
    try:
        services.referral_assign(referral=referral, adviser=request.user, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{referral.reference} is assigned to you")
    return redirect(
        request.POST.get("next") if request.POST.get("next") == reverse("referrals:queue") else referral_url(referral)
    )


def referral_url(referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


def _refuse_if_decided(request, referral):
    if not referral.is_open:
        messages.info(request, f"{referral.reference} has already been decided")
        return redirect(referral_url(referral))
    return None


@login_required
@require_http_methods(["GET", "POST"])
def assess(request, pk):
    referral = get_referral_for_user(request.user, pk)
    if refused := _refuse_if_decided(request, referral):
        return refused
    instance = TriageAssessment.objects.filter(referral=referral).first() or TriageAssessment(referral=referral)
    form = AssessmentForm(_posted(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_save(
                referral=referral, assessment=form.save(commit=False), by=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"Assessment saved: score {assessment.score} ({assessment.get_band_display().lower()})"
            )
            return redirect(referral_url(referral))
    return render(request, "referrals/assess.html", {"referral": referral, "form": form, "criteria": scoring.CRITERIA})


@login_required
@require_http_methods(["GET", "POST"])
def moderate(request, pk):
    """A second adviser moderates the assessment's scores; the adviser who assessed it cannot."""
    referral = get_referral_for_user(request.user, pk)
    assessment = TriageAssessment.objects.filter(referral=referral).select_related("assessed_by").first()
    if assessment is None:
        raise Http404("Nothing to moderate: the referral has not been assessed")
    require_moderator(request.user, assessment)
    if refused := _refuse_if_decided(request, referral):
        return refused
    form = ModerationForm(_posted(request), assessment=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            moderation = services.assessment_moderate(
                assessment=assessment, by=request.user, points=form.points(), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"Scores moderated: {moderation.score} ({moderation.get_band_display().lower()}) now counts"
            )
            return redirect(referral_url(referral))
    return render(request, "referrals/moderate.html", {"referral": referral, "assessment": assessment, "form": form})


def _decision(request, pk, *, form_class, template, apply, success):
    referral = get_referral_for_user(request.user, pk)
    if refused := _refuse_if_decided(request, referral):
        return refused
    form = form_class(_posted(request), **({"referral": referral} if form_class is AcceptForm else {}))
    if request.method == "POST" and form.is_valid():
        try:
            apply(referral, form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, success.format(reference=referral.reference))
            return redirect(referral_url(referral))
    assessment = TriageAssessment.objects.filter(referral=referral).first()
    return render(
        request,
        f"referrals/{template}.html",
        {"referral": referral, "form": form, "assessment": assessment, "flags": services.assessment_flags(assessment)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def accept(request, pk):
    return _decision(
        request,
        pk,
        form_class=AcceptForm,
        template="accept",
        apply=lambda referral, data: services.referral_accept(
            referral=referral,
            by=request.user,
            group=data["group"],
            parent_body=data["parent_body"],
            parent_body_not_listed=data["parent_body_not_listed"],
            note=data["note"],
        ),
        success="{reference} accepted into the Support Programme. We invited the contact to lead the staff group.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def signpost(request, pk):
    return _decision(
        request,
        pk,
        form_class=SignpostForm,
        template="signpost",
        apply=lambda referral, data: services.referral_signpost(
            referral=referral, by=request.user, destination=data["destination"], note=data["note"]
        ),
        success="{reference} signposted. We emailed the contact.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def decline(request, pk):
    return _decision(
        request,
        pk,
        form_class=DeclineForm,
        template="decline",
        apply=lambda referral, data: services.referral_decline(
            referral=referral, by=request.user, reason=data["reason"]
        ),
        success="{reference} declined. We emailed the contact.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def more_information(request, pk):
    return _decision(
        request,
        pk,
        form_class=InformationForm,
        template="more_information",
        apply=lambda referral, data: services.referral_request_information(
            referral=referral, by=request.user, message=data["message"]
        ),
        success="We asked the contact for more information about {reference}.",
    )


# Pipeline and budget -------------------------------------------------------------------------


@login_required
def pipeline(request):
    require_adviser(request.user)
    context = _pipeline_context(request.GET.get("waiting", "longest"))
    return render(request, "referrals/pipeline.html", {**context, **_reply()})


def _pipeline_context(waiting_order: str = "longest") -> dict:
    programme = services.programme_get_or_create_default()
    return {"programme": programme, **dashboard.pipeline(programme, waiting_order=waiting_order)}


def _csv_rows(table: str, programme):
    if table == "stages":
        rows = dashboard.journeys_by_stage()
        return ["Stage", "Journeys"], [[row["stage"], row["count"]] for row in rows]
    if table == "stalled":
        return ["Staff group", "Parent body", "Stage", "Last activity", "Adviser"], [
            [
                j.group.name,
                j.group.parent_body.name,
                j.get_stage_display(),
                timezone.localtime(j.last_activity_at).date().isoformat(),
                j.assigned_adviser.full_name if j.assigned_adviser else "",
            ]
            for j in dashboard.stalled_journeys()
        ]
    if table == "sign-offs":
        return ["Staff group", "Stage to sign off", "Requested", "Requested by", "Adviser"], [
            [
                g.journey.group.name,
                g.get_from_stage_display(),
                timezone.localtime(g.requested_at).date().isoformat(),
                g.requested_by.full_name if g.requested_by else "",
                g.journey.assigned_adviser.full_name if g.journey.assigned_adviser else "",
            ]
            for g in services.gate_requests_waiting()
        ]
    if table == "budget":
        budget = dashboard.budget_by_category(programme)
        rows = [[row["category"], row["allocated"]] for row in budget["rows"]]
        rows += [["Total allocated", budget["allocated"]], ["Remaining", budget["remaining"]]]
        return ["Category", "Amount (GBP)"], rows
    if table == "referrals":
        return ["Status", *[label for label, _s, _e in dashboard.AGE_BUCKETS], "Total"], [
            [row["status"], *row["counts"], row["total"]] for row in dashboard.referrals_by_status_and_age()
        ]
    raise Http404("No such table")


@login_required
def pipeline_csv(request, table):
    require_adviser(request.user)
    header, rows = _csv_rows(table, services.programme_get_or_create_default())
    return csv_response(filename=f"programme-{table}-{timezone.localdate().isoformat()}.csv", header=header, rows=rows)


@login_required
def sign_offs(request):
    require_adviser(request.user)
    return render(request, "referrals/sign_offs.html", {"gates": services.gate_requests_waiting()})


@login_required
def allocations(request):
    require_adviser(request.user)
    programme = services.programme_get_or_create_default()
    journeys = (
        supported_journeys_visible_to(request.user)
        .annotate(allocated=Sum("support_allocations__amount", filter=Q(support_allocations__programme=programme)))
        .order_by("group__name")
    )
    rows = SupportAllocation.objects.filter(programme=programme).select_related(
        "journey__group", "created_by", "reversal", "reverses"
    )
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/allocations.html",
        {
            "programme": programme,
            "journeys": journeys,
            "page": page,
            "budget": dashboard.budget_by_category(programme),
            "transparency_threshold": subsidy.transparency_threshold(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def allocate(request, journey_pk):
    journey = get_supported_journey_for_user(request.user, journey_pk)
    programme = services.programme_get_or_create_default()
    form = AllocationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            allocation = services.allocation_create(
                programme=programme, journey=journey, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if allocation.awaiting_confirmation:
                messages.success(
                    request,
                    f"£{allocation.amount:,.2f} of {allocation.get_category_display().lower()} support reserved "
                    f"for {journey.group.name}. Send the MFA notification and record the enterprise's written "
                    "confirmation to give it",
                )
                return redirect("referrals:allocation_subsidy", allocation.pk)
            messages.success(
                request,
                f"£{allocation.amount:,.2f} of {allocation.get_category_display().lower()} support "
                f"allocated to {journey.group.name}",
            )
            return redirect("referrals:allocations")
    allocated = services.programme_allocated(programme)
    journey_allocated = services.journey_allocated(programme, journey)
    today = timezone.localdate()
    period_start, period_end = subsidy.applicable_period(today)
    mfa_total = services.mfa_total(journey, today)
    return render(
        request,
        "referrals/allocate.html",
        {
            "form": form,
            "journey": journey,
            "programme": programme,
            "remaining": programme.budget - allocated,
            "journey_allocated": journey_allocated,
            "journey_remaining": programme.per_journey_cap - journey_allocated,
            "mfa": {
                "start": period_start,
                "end": period_end,
                "total": mfa_total,
                "limit": subsidy.mfa_limit(),
                "headroom": max(subsidy.mfa_limit() - mfa_total, 0),
            },
        },
    )


def _subsidy_context(allocation) -> dict:
    on = allocation.given_on or timezone.localdate()
    start, end = subsidy.applicable_period(on)
    return {
        "allocation": allocation,
        "enterprise": allocation.journey.group,
        "department": settings.PROGRAMME_DEPARTMENT,
        "period_start": start,
        "period_end": end,
        "limit": subsidy.mfa_limit(),
        "mfa_total": services.mfa_total(allocation.journey, on),
        "transparency": subsidy.needs_transparency_entry(allocation.amount),
        "transparency_threshold": subsidy.transparency_threshold(),
        "source_url": subsidy.SOURCE_URL,
        "today": timezone.localdate(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def allocation_subsidy(request, pk):
    """An allocation's subsidy control: the MFA notification, the enterprise's confirmation, the MFA confirmation."""
    allocation = get_allocation_for_user(request.user, pk)
    if allocation.is_reversal:
        raise Http404("A correction has no subsidy record of its own")
    form = MfaGiveForm(_posted(request)) if allocation.awaiting_confirmation else None
    if request.method == "POST":
        if form is None:
            messages.info(request, "This allocation is not waiting for the enterprise's confirmation")
            return redirect("referrals:allocation_subsidy", allocation.pk)
        if form.is_valid():
            try:
                services.mfa_give(
                    allocation=allocation,
                    by=request.user,
                    confirmed_on=form.cleaned_data["confirmed_on"],
                    other_declared=form.cleaned_data["other_declared"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    f"£{allocation.amount:,.2f} given as minimal financial assistance. Send the MFA confirmation",
                )
                return redirect("referrals:allocation_subsidy", allocation.pk)
    return render(request, "referrals/allocation_subsidy.html", {**_subsidy_context(allocation), "form": form})


def _pdf(request, pk, *, template, filename, ready):
    allocation = get_allocation_for_user(request.user, pk)
    if not allocation.is_mfa or not ready(allocation):
        raise Http404("No such document")
    html = render_to_string(template, _subsidy_context(allocation), request=request)
    response = HttpResponse(html_to_pdf(html).content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}-{allocation.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def mfa_notification_pdf(request, pk):
    """The written MFA notification (s.37(1)-(2)), before the assistance is given."""
    return _pdf(
        request,
        pk,
        template="referrals/pdf/mfa_notification.html",
        filename="mfa-notification",
        ready=lambda allocation: allocation.mfa_notified_on is not None,
    )


@login_required
def mfa_confirmation_pdf(request, pk):
    """The MFA confirmation (s.37(4)-(5)), once the assistance is given."""
    return _pdf(
        request,
        pk,
        template="referrals/pdf/mfa_confirmation.html",
        filename="mfa-confirmation",
        ready=lambda allocation: allocation.mfa_status == allocation.MfaStatus.GIVEN and allocation.given_on,
    )


@login_required
@require_http_methods(["GET", "POST"])
def allocation_reverse(request, pk):
    allocation = get_allocation_for_user(request.user, pk)
    if allocation.is_reversal or hasattr(allocation, "reversal"):
        messages.info(request, "This allocation cannot be reversed: it is a correction or has been reversed already")
        return redirect("referrals:allocations")
    form = ReverseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_reverse(allocation=allocation, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Allocation of £{allocation.amount:,.2f} reversed")
            return redirect("referrals:allocations")
    return render(request, "referrals/reverse.html", {"form": form, "allocation": allocation})


# Change history --------------------------------------------------------------------------------


@login_required
def history(request, pk):
    """Who changed what on a referral and its assessment (advisers and admins)."""
    referral = get_referral_for_history(request.user, pk)
    back_url = (
        reverse("referrals:detail", args=[referral.pk])
        if request.user.is_adviser
        else reverse("admin:referrals_referral_change", args=[referral.pk])
    )
    page = history_page(referral_history_sources(referral), request.GET.get("page"))
    return render(request, "referrals/history.html", {"referral": referral, "page": page, "back_url": back_url})


@login_required
def allocation_history(request, pk):
    """An allocation and its correction, if reversed (advisers and admins)."""
    allocation = get_allocation_for_history(request.user, pk)
    back_url = (
        reverse("referrals:allocations")
        if request.user.is_adviser
        else reverse("admin:referrals_supportallocation_change", args=[allocation.pk])
    )
    page = history_page(allocation_history_sources(allocation), request.GET.get("page"))
    return render(
        request, "referrals/allocation_history.html", {"allocation": allocation, "page": page, "back_url": back_url}
    )


# Outcomes after spin-out ------------------------------------------------------------------------


@login_required
def outcome_returns(request, journey_pk):
    """A supported journey's yearly returns: its members and advisers read them; its people submit them."""
    outcomes_access = get_outcomes_for_user(request.user, journey_pk)
    journey = outcomes_access.journey
    returns = OutcomeReturn.objects.filter(journey=journey).select_related("submitted_by")
    current = outcomes.current_financial_year()
    due_year = current - 1
    spun_out = outcomes.spun_out_year(journey)
    return render(
        request,
        "referrals/outcome_returns.html",
        {
            "journey": journey,
            "returns": returns,
            "can_submit": outcomes_access.can_submit,
            "is_spun_out": journey.stage == Stage.SPUN_OUT,
            "due_label": financial_year_label(due_year),
            "min_returns": outcomes.min_returns(),
            "due_missing": outcomes.reports_on(due_year, spun_out) and not any(r.year == due_year for r in returns),
        },
    )


def _outcome_form(request, outcomes_access, instance):
    journey = outcomes_access.journey
    return OutcomeReturnForm(
        _posted(request),
        instance=instance,
        earliest_year=outcomes.spun_out_year(journey),
        latest_year=outcomes.current_financial_year(),
    )


def _outcome_save(request, outcomes_access, form, *, year, new):
    journey = outcomes_access.journey
    try:
        outcome = services.outcome_return_save(
            journey=journey, year=year, by=request.user, values=form.cleaned_data, new=new
        )
    except ValidationError as error:
        add_errors(form, error)
        return None
    verb = "sent" if new else "changed"
    messages.success(request, f"Outcome return for {outcome.year_label} {verb}")
    return redirect("referrals:outcome_returns", journey.pk)


@login_required
@require_http_methods(["GET", "POST"])
def outcome_return_add(request, journey_pk):
    outcomes_access = get_outcomes_for_user(request.user, journey_pk)
    require_outcome_submitter(outcomes_access)
    form = _outcome_form(request, outcomes_access, None)
    if request.method == "GET":
        form.initial.setdefault("year", outcomes.current_financial_year() - 1)
    if request.method == "POST" and form.is_valid():
        response = _outcome_save(request, outcomes_access, form, year=form.cleaned_data["year"], new=True)
        if response is not None:
            return response
    return render(request, "referrals/outcome_return_form.html", {"form": form, "journey": outcomes_access.journey})


@login_required
@require_http_methods(["GET", "POST"])
def outcome_return_edit(request, journey_pk, year):
    outcomes_access = get_outcomes_for_user(request.user, journey_pk)
    outcome = OutcomeReturn.objects.filter(journey=outcomes_access.journey, year=year).first()
    if outcome is None:
        raise Http404("No return for that year")
    require_outcome_submitter(outcomes_access)
    form = _outcome_form(request, outcomes_access, outcome)
    if request.method == "POST" and form.is_valid():
        response = _outcome_save(request, outcomes_access, form, year=outcome.year, new=False)
        if response is not None:
            return response
    return render(
        request,
        "referrals/outcome_return_form.html",
        {"form": form, "journey": outcomes_access.journey, "outcome": outcome},
    )


def outcomes_public(request):
    """Public: what supported mutuals reported after spin-out, per financial year, in aggregate only."""
    return render(
        request,
        "referrals/outcomes_public.html",
        {"figures": outcomes.figures_by_year(), "min_returns": outcomes.min_returns()},
    )


# Mentoring ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def mentor_offer(request):
    """Someone who led a spin-out offers to mentor (or changes the offer), and sees the groups they mentor."""
    require_mentor_offerer(request.user)
    offer = MentorOffer.objects.filter(mentor=request.user).first()
    form = MentorOfferForm(_posted(request), instance=offer)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.mentor_offer_save(
                user=request.user, values=form.cleaned_data, version=form.cleaned_data.get("version")
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            waiting = saved.status == MentorOffer.Status.PENDING
            messages.success(
                request, "Offer sent: an adviser will check it" if waiting else "Your offer has been changed"
            )
            return redirect("referrals:mentor_offer")
        offer = MentorOffer.objects.filter(mentor=request.user).first()
    mentorings = (
        MentoringRequest.objects.matched().filter(offer__mentor=request.user).select_related("journey__group")
        if offer
        else MentoringRequest.objects.none()
    )
    return render(request, "referrals/mentor_offer.html", {"form": form, "offer": offer, "mentorings": mentorings})


def _with_running(offers):
    return offers.annotate(running=Count("mentorings", filter=Q(mentorings__status=MentoringRequest.Status.MATCHED)))


@login_required
def mentoring(request):
    """Advisers: offers waiting for approval, requests waiting for a mentor, mentors and the mentorings running,
    and the offers not approved or withdrawn (latest decision first), which an adviser may approve again."""
    require_adviser(request.user)
    supported = supported_journeys_visible_to(request.user).values("pk")
    offers = _with_running(
        MentorOffer.objects.filter(status=MentorOffer.Status.APPROVED).select_related("mentor")
    ).order_by("mutual_name", "pk")
    running = (
        MentoringRequest.objects.matched()
        .filter(journey__in=supported)
        .select_related("journey__group", "offer__mentor")
        .order_by("journey__group__name", "pk")
    )
    not_approved = (
        MentorOffer.objects.not_approved()
        .select_related("mentor", "decided_by")
        .order_by(F("decided_at").desc(nulls_last=True), "-pk")
    )
    return render(
        request,
        "referrals/mentoring.html",
        {
            "pending": MentorOffer.objects.filter(status=MentorOffer.Status.PENDING).select_related("mentor"),
            "requests": MentoringRequest.objects.open()
            .filter(journey__in=supported)
            .select_related("journey__group")
            .order_by("requested_at", "pk"),
            "offers": Paginator(offers, 25).get_page(request.GET.get("offers")),
            "running": Paginator(running, 25).get_page(request.GET.get("page")),
            "not_approved": Paginator(not_approved, 25).get_page(request.GET.get("not_approved")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_offer_decide(request, pk):
    offer = get_offer_for_adviser(request.user, pk)
    form = OfferDecisionForm(_posted(request), initial={"version": offer.version})
    if request.method == "POST" and offer.status == MentorOffer.Status.PENDING and form.is_valid():
        try:
            services.mentor_offer_decide(
                offer=offer,
                by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            _add_service_errors(form, error, offer)
        else:
            messages.success(request, f"Offer from {offer.mentor.full_name} decided")
            return redirect("referrals:mentoring")
    return render(
        request,
        "referrals/mentor_offer_decide.html",
        {
            "offer": _with_running(MentorOffer.objects.filter(pk=offer.pk))
            .select_related("mentor", "decided_by")
            .get(),
            "form": form,
            "can_withdraw": may_withdraw_approval(request.user, offer),
            "can_reapprove": may_reapprove(request.user, offer),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_offer_withdraw(request, pk):
    """An adviser withdraws an offer's approval, with a reason; the page first lists the mentorings that end."""
    offer = get_offer_for_withdrawal(request.user, pk)
    if not may_withdraw_approval(request.user, offer):
        messages.info(request, "This offer is not approved, so there is no approval to withdraw")
        return redirect("referrals:mentor_offer_decide", offer.pk)
    form = WithdrawApprovalForm(_posted(request), initial={"version": offer.version})
    if request.method == "POST" and form.is_valid():
        try:
            _, ended = services.mentor_offer_withdraw(offer=offer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error, offer)
        else:
            count = len(ended)
            messages.success(
                request,
                f"Approval of {offer.mentor.full_name}'s offer withdrawn"
                + (f": {count} mentoring{'s' if count != 1 else ''} ended" if count else ""),
            )
            return redirect("referrals:mentor_offer_decide", offer.pk)
    running = (
        MentoringRequest.objects.matched()
        .filter(offer=offer)
        .select_related("journey__group")
        .order_by("journey__group__name", "pk")
    )
    return render(request, "referrals/mentor_offer_withdraw.html", {"offer": offer, "running": running, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def mentor_offer_reapprove(request, pk):
    """An adviser approves again an offer that was not approved or whose approval was withdrawn, with a reason."""
    offer = get_offer_for_adviser(request.user, pk)
    if not may_reapprove(request.user, offer):
        messages.info(request, "Only an offer not approved, or whose approval was withdrawn, can be approved again")
        return redirect("referrals:mentor_offer_decide", offer.pk)
    form = ReapproveOfferForm(_posted(request), initial={"version": offer.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_offer_reapprove(offer=offer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error, offer)
        else:
            again = " again" if offer.status == MentorOffer.Status.WITHDRAWN else ""  # as read before the change
            messages.success(request, f"{offer.mentor.full_name}'s offer to mentor is approved{again}")
            return redirect("referrals:mentor_offer_decide", offer.pk)
    return render(request, "referrals/mentor_offer_reapprove.html", {"offer": offer, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def mentoring_match(request, pk):
    """An adviser matches a waiting request with a mentor who has room, best fit first."""
    mentoring = get_mentoring_request_for_adviser(request.user, pk)
    if mentoring.status != MentoringRequest.Status.OPEN:
        messages.info(request, "This request is not waiting for a mentor")
        return redirect("referrals:journey_mentoring", mentoring.journey_id)
    offers = services.offers_for(mentoring)
    form = MatchForm(_posted(request), offers=offers, initial={"version": mentoring.version})
    if request.method == "POST" and form.is_valid():
        offer = next(offer for offer in offers if offer.pk == form.cleaned_data["offer"])
        try:
            services.mentoring_match(
                mentoring=mentoring, offer=offer, by=request.user, version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            _add_service_errors(form, error, mentoring)
        else:
            messages.success(request, f"{offer.mentor.full_name} is now mentoring {mentoring.journey.group.name}")
            return redirect("referrals:journey_mentoring", mentoring.journey_id)
    wanted = set(mentoring.topics)
    rows = [
        {
            "offer": offer,
            "shared_topics": topic_labels([t for t in offer.topics if t in wanted]),
            "same_region": mentoring.journey.group.parent_body_id is not None
            and offer.region == mentoring.journey.group.parent_body.region,
        }
        for offer in offers
    ]
    return render(request, "referrals/mentoring_match.html", {"mentoring": mentoring, "rows": rows, "form": form})


@login_required
def journey_mentoring(request, journey_pk):
    """A supported journey's mentoring: the request, the mentor, the mentor's note and the meetings."""
    access = get_mentoring_for_user(request.user, journey_pk)
    meetings = (
        MentoringMeeting.objects.filter(mentoring=access.current).select_related("logged_by")
        if access.is_matched
        else MentoringMeeting.objects.none()
    )
    ended = MentoringRequest.objects.filter(journey=access.journey, status=MentoringRequest.Status.ENDED)
    return render(
        request,
        "referrals/journey_mentoring.html",
        {
            "access": access,
            "journey": access.journey,
            "mentoring": access.current,
            "meetings": Paginator(meetings, 20).get_page(request.GET.get("page")),
            "ended_count": ended.count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentoring_request(request, journey_pk):
    access = get_mentoring_for_user(request.user, journey_pk)
    require_mentoring(access.can_request)
    form = MentoringRequestForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.mentoring_request_create(journey=access.journey, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Request sent: an adviser will match you with a mentor")
            return redirect("referrals:journey_mentoring", access.journey.pk)
    return render(request, "referrals/mentoring_request.html", {"form": form, "journey": access.journey})


@login_required
@require_http_methods(["GET", "POST"])
def mentoring_meeting_new(request, journey_pk):
    access = get_mentoring_for_user(request.user, journey_pk)
    require_mentoring(access.can_log_meeting)
    form = MeetingForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.mentoring_meeting_log(mentoring=access.current, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Meeting logged")
            return redirect("referrals:journey_mentoring", access.journey.pk)
    return render(request, "referrals/mentoring_meeting.html", {"form": form, "journey": access.journey})


@login_required
@require_http_methods(["GET", "POST"])
def mentoring_note(request, journey_pk):
    access = get_mentoring_for_user(request.user, journey_pk)
    require_mentoring(access.can_write_note)
    mentoring = access.current
    form = MentorNoteForm(_posted(request), initial={"note": mentoring.mentor_note, "version": mentoring.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.mentoring_note_save(mentoring=mentoring, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Note saved")
            return redirect("referrals:journey_mentoring", access.journey.pk)
    return render(request, "referrals/mentoring_note.html", {"form": form, "journey": access.journey})


@login_required
@require_http_methods(["GET", "POST"])
def mentoring_end(request, journey_pk):
    """The lead, the mentor or an adviser ends the mentoring (or withdraws a request still waiting)."""
    access = get_mentoring_for_user(request.user, journey_pk)
    require_mentoring(access.can_end)
    mentoring = access.current
    form = EndMentoringForm(_posted(request), initial={"version": mentoring.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.mentoring_end(mentoring=mentoring, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error, mentoring)
        else:
            messages.success(request, "Mentoring ended" if access.is_matched else "Request withdrawn")
            if access.is_mentor:
                return redirect("referrals:mentor_offer")
            return redirect("referrals:journey_mentoring", access.journey.pk)
    return render(request, "referrals/mentoring_end.html", {"form": form, "journey": access.journey, "access": access})


@login_required
def mentor_offer_history(request, pk):
    offer = get_offer_for_history(request.user, pk)
    page = history_page(offer_history_sources(offer), request.GET.get("page"))
    back_url = (
        reverse("referrals:mentor_offer_decide", args=[offer.pk])
        if request.user.is_adviser
        else reverse("admin:referrals_mentoroffer_change", args=[offer.pk])
    )
    return render(
        request,
        "referrals/history_simple.html",
        {"page": page, "back_url": back_url, "caption": f"Offer to mentor from {offer.mentor.full_name}"},
    )


@login_required
def mentoring_history(request, journey_pk):
    journey = get_journey_for_mentoring_history(request.user, journey_pk)
    page = history_page(mentoring_history_sources(journey), request.GET.get("page"))
    back_url = (
        reverse("referrals:journey_mentoring", args=[journey.pk]) if request.user.is_adviser else reverse("admin:index")
    )
    return render(
        request,
        "referrals/history_simple.html",
        {"page": page, "back_url": back_url, "caption": f"Mentoring of {journey.group.name}"},
    )
