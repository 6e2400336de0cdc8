import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from journeys import access as journeys_access
from mutuals_portal.lib.choices import OwnershipModel
from mutuals_portal.lib.csv_export import safe_cell
from mutuals_portal.lib.httpcache import public_page
from mutuals_portal.lib.pagination import page_links

from . import access, search, services
from .forms import CaseStudyForm, PublishForm, ReturnForm
from .models import LEGAL_FORM_HELP, CaseStudy, TradingStatus
from .regions_map import mutual_counts, regions_map
from .selectors import did_you_mean, library, library_page, related_to

EXPORT_COLUMNS = [
    ("name", "Name"),
    ("url", "Web address"),
    ("summary", "Summary"),
    ("service_area", "Service area"),
    ("region", "Region"),
    ("parent_body", "Parent public body"),
    ("legal_form", "Legal form"),
    ("ownership_model", "Ownership model"),
    ("year_spun_out", "Year spun out"),
    ("staff_count", "Number of staff"),
    ("annual_turnover", "Annual turnover (GBP)"),
    ("outcomes", "Outcomes"),
    ("lessons", "Lessons learned"),
    ("is_public_service_mutual", "Public service mutual"),
    ("trading_status", "Trading status"),
    ("trading_status_year", "Trading status year"),
    ("first_contract_route", "How the first contract was awarded"),
    ("sources", "Sources"),
]


@public_page(search.library_stamp)
def case_study_list(request):
    """The library: searched, filtered and sorted by the query string."""
    # The library version, when search.library_stamp read it for an anonymous visitor's ETag.
    library_version = getattr(request, "library_version", None)
    return render(request, "casestudies/list.html", _list_context(request.GET, library_version))


def _list_context(params, library_version: int | None = None) -> dict:
    query, page, facets = library_page(params, library_version)
    terms = search.query_terms(query.q)
    rows = [_result_row(case_study, terms) for case_study in page.object_list]
    return {
        "query": query,
        "page": page,
        "rows": rows,
        "facets": facets,
        "selected_filters": search.selected_filters(query),
        "sorts": search.SORTS.items(),
        "pages": page_links(page, lambda number: query.querystring(page=number)),
        "export_query": query.querystring()[1:],
        **_suggestion(query, rows),
    }


def _result_row(case_study, terms: list[str]) -> dict:
    """One search result as the list shows it, worked out here once rather than by a dozen template
    lookups a row: its link, name and summary with the searched words marked, the facts line and
    the tags of a study that is not a trading public service mutual."""
    year = case_study.year_spun_out
    facts = [
        case_study.get_service_area_display(),
        case_study.get_legal_form_display() or "Legal form not known",
        f"Spun out {year}" if year else "Year not known",
    ]
    tags = []
    if not case_study.is_public_service_mutual:
        tags.append(("yellow", "Not a public service mutual"))
    if case_study.trading_status and case_study.trading_status != TradingStatus.TRADING:
        status, year_of_status = case_study.get_trading_status_display(), case_study.trading_status_year
        tags.append(("grey", f"{status} {year_of_status}" if year_of_status else status))
    return {
        "case_study": case_study,
        "url": case_study.get_absolute_url(),
        "name": search.highlight(case_study.name, terms),
        "summary": search.highlight(case_study.summary, terms),
        "facts": " · ".join(facts),
        "tags": tags,
    }


def _suggestion(query, rows) -> dict:
    suggested = did_you_mean(query) if not rows and query.q else None
    if not suggested:
        return {"did_you_mean": None}
    return {"did_you_mean": suggested, "did_you_mean_url": query.querystring(q=suggested)}


@public_page(search.library_stamp)
def case_study_map(request):
    """Public service mutuals in the library by English region, as a hex map and a table."""
    return render(request, "casestudies/map.html", {"map": regions_map(mutual_counts())})


@public_page(search.library_stamp)
def case_study_detail(request, slug):
    """A case study, with what the person may do with it ("Send for review" is only ever shown
    to someone signed in: the public's page has no form and gets no CSRF cookie)."""
    case_study = access.get_case_study_for_user(request.user, slug)
    return render(request, "casestudies/detail.html", _detail_context(request.user, case_study))


def _detail_context(user, case_study) -> dict:
    sources = list(case_study.sources.all())
    number_of = {source.pk: number for number, source in enumerate(sources, start=1)}
    facts = list(case_study.facts.all())
    for fact in facts:
        fact.citation = number_of.get(fact.source_id)
    cited = {}
    for fact in facts:
        cited.setdefault(fact.topic, []).append(fact)
    history = []
    if not case_study.is_published:
        history = list(case_study.status_changes.select_related("changed_by")[:20])
    return {
        "case_study": case_study,
        "sources": sources,
        "facts": facts,
        "cited": cited,
        "registry_links": case_study.registry_links(),
        "related": related_to(case_study),
        "history": history,
        "legal_form_help": LEGAL_FORM_HELP.get(case_study.legal_form, ""),
        "ownership_help": OwnershipModel.help_texts().get(case_study.ownership_model, ""),
        "can_edit": access.can_edit(user, case_study),
        "can_submit": access.can_submit_for_review(user, case_study),
        "can_moderate": access.can_moderate(user),
        "can_take_over": access.can_take_over(user, case_study),
    }


EXPORT_CHUNK = 2000


def _export_rows(request):
    """Rows for the exports, streamed; sources are prefetched once per chunk of rows."""
    _query, _searched, results = library(request.GET)
    queryset = results.defer("search_vector", "body").prefetch_related("sources")
    for case_study in queryset.iterator(chunk_size=EXPORT_CHUNK):
        yield {
            "name": case_study.name,
            "url": request.build_absolute_uri(case_study.get_absolute_url()),
            "summary": case_study.summary,
            "service_area": case_study.get_service_area_display(),
            "region": case_study.get_region_display(),
            "parent_body": case_study.parent_body,
            "legal_form": case_study.get_legal_form_display(),
            "ownership_model": case_study.get_ownership_model_display(),
            "year_spun_out": case_study.year_spun_out,
            "staff_count": case_study.staff_count,
            "annual_turnover": None if case_study.annual_turnover is None else str(case_study.annual_turnover),
            "outcomes": case_study.outcomes,
            "lessons": case_study.lessons,
            "is_public_service_mutual": case_study.is_public_service_mutual,
            "trading_status": case_study.get_trading_status_display(),
            "trading_status_year": case_study.trading_status_year,
            "first_contract_route": case_study.get_first_contract_route_display(),
            "sources": [{"title": s.title, "url": s.url} for s in case_study.sources.all()],
        }


class _Echo:
    def write(self, value):
        return value


def export_csv(request):
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow([label for _key, label in EXPORT_COLUMNS])
        for row in _export_rows(request):
            row["sources"] = "; ".join(f"{s['title']} {s['url']}".strip() for s in row["sources"])
            yield writer.writerow([safe_cell(row[key]) for key, _label in EXPORT_COLUMNS])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="case-studies.csv"'
    return response


def export_json(request):
    def chunks():
        count = 0
        yield '{"results": ['
        for row in _export_rows(request):
            yield ("," if count else "") + "\n  " + json.dumps(row, ensure_ascii=False)
            count += 1
        yield f'\n], "count": {count}}}\n'

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="case-studies.json"'
    return response


def _require_moderator(user):
    if not access.can_moderate(user):
        raise PermissionDenied


MODERATION_PAGE_SIZE = 25


@login_required
def moderation(request):
    _require_moderator(request.user)
    waiting = access.visible_to(request.user).awaiting_moderation().select_related("contributed_by")
    waiting = waiting.defer("body", "outcomes", "lessons", "search_vector").order_by("-updated_at", "pk")
    in_review = Paginator(waiting.filter(status=CaseStudy.Status.IN_REVIEW), MODERATION_PAGE_SIZE)
    drafts = Paginator(waiting.filter(status=CaseStudy.Status.DRAFT), MODERATION_PAGE_SIZE)
    return render(
        request,
        "casestudies/moderation.html",
        {
            "in_review": in_review.get_page(request.GET.get("review_page")),
            "drafts": drafts.get_page(request.GET.get("draft_page")),
        },
    )


@login_required
def case_study_create(request):
    _require_moderator(request.user)
    form = CaseStudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = form.case_study_fields()
        case_study = services.case_study_create(
            by=request.user, fields=fields, sources=form.cleaned_data["sources_text"]
        )
        messages.success(request, f"{case_study.name} saved as a draft")
        return redirect("casestudies:review", slug=case_study.slug)
    return render(request, "casestudies/form.html", {"form": form, "case_study": None})


@login_required
def case_study_edit(request, slug):
    case_study = access.get_case_study_for_user(request.user, slug)
    if not access.can_edit(request.user, case_study):
        raise PermissionDenied
    title_name = case_study.name  # the form writes what was typed onto the instance, even when invalid
    form = CaseStudyForm(request.POST or None, instance=case_study)
    if request.method == "POST" and form.is_valid():
        fields = form.case_study_fields()
        services.case_study_update(case_study=case_study, fields=fields, sources=form.cleaned_data["sources_text"])
        messages.success(request, f"Changes to {case_study.name} saved")
        if access.can_moderate(request.user):
            return redirect("casestudies:review", slug=case_study.slug)
        return redirect(case_study)
    return render(request, "casestudies/form.html", {"form": form, "case_study": case_study, "title_name": title_name})


def _render_review(request, case_study, *, publish_form=None, return_form=None):
    return render(
        request,
        "casestudies/review.html",
        {
            "case_study": case_study,
            "sources": list(case_study.sources.all()),
            "history": list(case_study.status_changes.select_related("changed_by")[:50]),
            "publish_form": publish_form or PublishForm(prefix="publish"),
            "return_form": return_form or ReturnForm(prefix="return"),
            "can_publish": case_study.can_move_to(CaseStudy.Status.PUBLISHED),
            "can_return": case_study.can_move_to(CaseStudy.Status.DRAFT),
            # The title gets "Error: " when the context's `form` has errors.
            "form": return_form if return_form is not None and return_form.errors else publish_form,
        },
    )


def _get_for_moderation(request, slug):
    case_study = access.get_case_study_for_user(request.user, slug)
    if not access.can_moderate(request.user):
        raise PermissionDenied
    return case_study


@login_required
def case_study_review(request, slug):
    return _render_review(request, _get_for_moderation(request, slug))


@login_required
@require_POST
def case_study_publish(request, slug):
    case_study = _get_for_moderation(request, slug)
    form = PublishForm(request.POST, prefix="publish")
    if not form.is_valid():
        return _render_review(request, case_study, publish_form=form)
    try:
        services.case_study_publish(case_study=case_study, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("casestudies:review", slug=case_study.slug)
    messages.success(request, f"{case_study.name} is published")
    return redirect("casestudies:review", slug=case_study.slug)


@login_required
@require_POST
def case_study_return(request, slug):
    case_study = _get_for_moderation(request, slug)
    form = ReturnForm(request.POST, prefix="return")
    if not form.is_valid():
        return _render_review(request, case_study, return_form=form)
    try:
        services.case_study_return(case_study=case_study, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("casestudies:review", slug=case_study.slug)
    messages.success(request, f"{case_study.name} has been returned to draft with your comments")
    return redirect("casestudies:moderation")


@login_required
@require_POST
def case_study_submit(request, slug):
    case_study = access.get_case_study_for_user(request.user, slug)
    if not access.can_submit_for_review(request.user, case_study):
        raise PermissionDenied
    services.case_study_submit(case_study=case_study, by=request.user)
    messages.success(request, f"{case_study.name} has been sent to an adviser for review")
    return redirect(case_study)


@login_required
@require_POST
def case_study_take_over(request, slug):
    """A lead of the staff group becomes the contributor of its unpublished case study."""
    case_study = access.get_case_study_for_user(request.user, slug)
    if not access.can_take_over(request.user, case_study):
        raise PermissionDenied
    services.case_study_take_over(case_study=case_study, by=request.user)
    messages.success(request, f"You have taken over {case_study.name}")
    return redirect(case_study)


def _already_started(request, journey, existing):
    """The group's case study exists: open it for those who may see it (its contributor, the
    group's leads); tell any other member who has it rather than refuse them."""
    if access.visible_to(request.user).filter(pk=existing.pk).exists():
        messages.info(request, "Your group has already started a case study: here it is")
        return redirect(existing)
    messages.info(
        request,
        "Someone in your group has already started its case study. "
        "They and your group's leads can edit it; ask them to add your part.",
    )
    return redirect("journeys:overview", journey.pk)


@login_required
def case_study_contribute(request, journey_pk):
    """A spun-out staff group writes up its story as a draft, prefilled from its journey."""
    journey_access = journeys_access.get_journey_for_user(request.user, journey_pk)
    journey = journey_access.journey
    existing = CaseStudy.objects.filter(journey=journey).first()
    if existing is not None:
        return _already_started(request, journey, existing)
    if not access.can_contribute(request.user, journey_access):
        raise PermissionDenied
    form = CaseStudyForm(request.POST or None, initial=services.prefill_from_journey(journey))
    if request.method == "POST" and form.is_valid():
        fields = form.case_study_fields()
        try:
            case_study = services.case_study_contribute(
                journey=journey, by=request.user, fields=fields, sources=form.cleaned_data["sources_text"]
            )
        except ValidationError:
            # Someone in the group saved one first (at the same moment).
            return _already_started(request, journey, CaseStudy.objects.get(journey=journey))
        messages.success(request, "Draft saved. Check it, then send it for review when it is ready")
        return redirect(case_study)
    return render(request, "casestudies/form.html", {"form": form, "case_study": None, "journey": journey})
