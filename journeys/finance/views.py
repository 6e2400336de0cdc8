"""The financial model's pages: the computed model, its assumptions, lines and scenarios."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from ..access import get_journey_for_user, require
from . import charts, services, tables
from .display import shown
from .forms import AssumptionsForm, LineForm, ScenarioForm, WorkbookUploadForm, as_post_data, cell_problems_and_values
from .models import FinanceLine, FinancialModel, Scenario
from .scenarios import comparison, sensitivity
from .selectors import computed

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONFLICT_MESSAGE = (
    "Someone else saved the assumptions while you were editing them. Their values are shown below "
    "under each field; check them, then save again if you still want to make your changes."
)


def _model(access) -> FinancialModel | None:
    return FinancialModel.objects.filter(journey=access.journey).select_related("updated_by").first()


def _person(user) -> str:
    return (user.full_name or user.email) if user else "Someone"


@login_required
def finance(request, pk):
    access = get_journey_for_user(request.user, pk)
    model = _model(access)
    context = {"access": access, "journey": access.journey, "model": model}
    if model is not None:
        cm = computed(model)
        context.update(
            cm=cm,
            labels=model.year_labels,
            years=cm.result.years,
            failing=cm.failing,
            warnings=[c for c in cm.checks if c.status == "warning"],
            tables=tables.all_tables(cm.result, model.year_labels, model.start_on),
            sources_and_uses=[("Sources", cm.result.sources), ("Uses", cm.result.uses)],
            line_rows=[(line, line.amounts(model.years)) for line in cm.lines],
            lowest_month_name=tables.calendar_month(model.start_on, cm.result.lowest_month.number),
            charts=[
                charts.income_and_costs(cm.result, model.year_labels),
                charts.cash_in_year_one(
                    cm.result, [tables.calendar_month(model.start_on, m.number) for m in cm.result.months]
                ),
            ]
            if cm.complete
            else [],
        )
    return render(request, "journeys/finance/model.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assumptions(request, pk):
    access = get_journey_for_user(request.user, pk)
    require(access.can_work)
    model = _model(access)
    instance = model or FinancialModel(journey=access.journey)
    initial = {"version": model.version if model else None}
    form = AssumptionsForm(request.POST or None, instance=instance, initial=initial)
    status, conflict = 200, None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.assumptions_save(
                journey=access.journey, values=values, version=form.cleaned_data.get("version"), by=request.user
            )
        except services.ModelConflict as error:
            conflict = error.current
            data = request.POST.copy()
            data["version"] = conflict.version
            form = AssumptionsForm(data, instance=FinancialModel.objects.get(pk=conflict.pk))
            form.is_valid()
            form.add_error(None, CONFLICT_MESSAGE)
            status = 409
        else:
            messages.success(request, "Assumptions saved: the model and its checks are worked out again")
            return redirect("journeys:finance", pk=pk)
    differences = []
    if conflict is not None:
        cleaned = getattr(form, "cleaned_data", {})
        for name in form.Meta.fields:
            theirs, yours = getattr(conflict, name), cleaned.get(name, getattr(conflict, name))
            if theirs != yours:
                label = str(FinancialModel._meta.get_field(name).verbose_name)
                differences.append(
                    (
                        label[:1].upper() + label[1:],
                        shown(FinancialModel, name, theirs),
                        shown(FinancialModel, name, yours),
                    )
                )
    return render(
        request,
        "journeys/finance/assumptions.html",
        {
            "access": access,
            "journey": access.journey,
            "form": form,
            "conflict": conflict,
            "conflict_by": _person(conflict.updated_by) if conflict else "",
            "differences": differences,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_new(request, pk):
    access = get_journey_for_user(request.user, pk)
    require(access.can_work)
    model = _model(access)
    if model is None:
        messages.info(request, "Enter the assumptions first")
        return redirect("journeys:finance_assumptions", pk=pk)
    form = LineForm(
        request.POST or None, instance=FinanceLine(model=model), years=model.years, year_labels=model.year_labels
    )
    if request.method == "POST" and form.is_valid():
        line = form.save(commit=False)
        for n in range(1, 6):
            setattr(line, f"year_{n}", form.cleaned_data.get(f"year_{n}") or 0)
        services.line_add(model=model, line=line, by=request.user)
        messages.success(request, f"Line added: {line.label}")
        return redirect("journeys:finance", pk=pk)
    return render(
        request,
        "journeys/plan/form.html",
        {
            "access": access,
            "journey": access.journey,
            "form": form,
            "title": "Add an income or cost line",
            "back": "journeys:finance",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request, pk, line_pk):
    access = get_journey_for_user(request.user, pk)
    line = get_object_or_404(FinanceLine.objects.select_related("model"), pk=line_pk, model__journey=access.journey)
    require(access.can_work)
    model = line.model
    form = LineForm(request.POST or None, instance=line, years=model.years, year_labels=model.year_labels)
    if request.method == "POST" and form.is_valid():
        line = form.save(commit=False)
        for n in range(1, 6):
            setattr(line, f"year_{n}", form.cleaned_data.get(f"year_{n}") or 0)
        services.line_update(model=model, line=line, by=request.user)
        messages.success(request, f"Line saved: {line.label}")
        return redirect("journeys:finance", pk=pk)
    return render(
        request,
        "journeys/plan/form.html",
        {
            "access": access,
            "journey": access.journey,
            "form": form,
            "title": "Change an income or cost line",
            "back": "journeys:finance",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_delete(request, pk, line_pk):
    access = get_journey_for_user(request.user, pk)
    line = get_object_or_404(FinanceLine.objects.select_related("model"), pk=line_pk, model__journey=access.journey)
    require(access.can_work)
    if request.method == "POST":
        services.line_delete(model=line.model, line=line, by=request.user)
        messages.success(request, f"Line removed: {line.label}")
        return redirect("journeys:finance", pk=pk)
    return render(
        request,
        "journeys/plan/confirm_delete.html",
        {
            "access": access,
            "journey": access.journey,
            "what": f"the {line.get_kind_display().lower()} line \u201c{line.label}\u201d",
            "back": "journeys:finance",
            "detail": "Scenarios that assumed this line would be lost no longer name it.",
        },
    )


@login_required
def scenarios(request, pk):
    access = get_journey_for_user(request.user, pk)
    model = _model(access)
    context = {"access": access, "journey": access.journey, "model": model}
    if model is not None:
        cm = computed(model)
        rows = list(Scenario.objects.filter(model=model).select_related("lost_line"))
        columns = comparison(cm, rows)
        context.update(
            cm=cm,
            labels=model.year_labels,
            comparison=columns,
            surplus_rows=[
                (label, [c.result.years[i].surplus if c.result else None for c in columns])
                for i, label in enumerate(model.year_labels)
            ],
            chart=charts.scenarios(columns) if cm.complete else None,
            sensitivity=sensitivity(cm.inputs),
        )
    return render(request, "journeys/finance/scenarios.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def scenario_edit(request, pk, kind):
    access = get_journey_for_user(request.user, pk)
    require(access.can_work)
    if kind not in Scenario.Kind.values:
        raise Http404("No such scenario")
    model = _model(access)
    if model is None:
        messages.info(request, "Enter the assumptions first")
        return redirect("journeys:finance_assumptions", pk=pk)
    instance = Scenario.objects.filter(model=model, kind=kind).first() or Scenario(model=model, kind=kind)
    form = ScenarioForm(
        request.POST or None,
        instance=instance,
        income_lines=FinanceLine.objects.filter(model=model, kind=FinanceLine.Kind.INCOME),
    )
    if request.method == "POST" and form.is_valid():
        services.scenario_save(model=model, scenario=form.save(commit=False), by=request.user)
        messages.success(request, f"{instance.get_kind_display()} scenario saved")
        return redirect("journeys:finance_scenarios", pk=pk)
    return render(
        request,
        "journeys/plan/form.html",
        {
            "access": access,
            "journey": access.journey,
            "form": form,
            "title": f"{Scenario.Kind(kind).label} scenario: changes to the assumptions",
            "back": "journeys:finance_scenarios",
        },
    )


@login_required
def download(request, pk):
    """The model as an XLSX workbook with live formulas (anyone who may read the journey)."""
    from . import spreadsheet  # openpyxl is loaded only where a workbook is made or read

    access = get_journey_for_user(request.user, pk)
    model = _model(access)
    if model is None:
        raise Http404("No financial model yet")
    cm = computed(model)
    columns = comparison(cm, list(Scenario.objects.filter(model=model).select_related("lost_line")))
    data = spreadsheet.workbook(model, cm.lines, cm.result, columns)
    name = f"financial-model-{slugify(access.journey.group.name)[:60]}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, pk):
    """Read the assumptions from an uploaded copy of our workbook, then list each change to confirm."""
    from . import spreadsheet

    access = get_journey_for_user(request.user, pk)
    require(access.can_work)
    model = _model(access)
    if model is None:
        messages.info(request, "Enter the assumptions first, then download the workbook")
        return redirect("journeys:finance_assumptions", pk=pk)
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    context = {"access": access, "journey": access.journey, "form": form, "model": model}
    if request.method == "POST" and form.is_valid():
        try:
            cells, version = spreadsheet.read_assumptions(form.cleaned_data["file"].read())
        except spreadsheet.TemplateError as error:
            form.add_error("file", str(error))
            return render(request, "journeys/finance/upload.html", context)
        problems, values = cell_problems_and_values(cells)
        if problems:
            form.add_error(
                "file", f"{len(problems)} cell{'s' if len(problems) != 1 else ''} of the workbook cannot be used"
            )
            context["problems"] = problems
            return render(request, "journeys/finance/upload.html", context)
        changes = [
            (
                _label(name),
                cells[name][0],
                shown(FinancialModel, name, getattr(model, name)),
                shown(FinancialModel, name, value),
            )
            for name, value in values.items()
            if getattr(model, name) != value
        ]
        if not changes:
            messages.info(request, "Nothing changed: the workbook's assumptions are the same as the model's")
            return redirect("journeys:finance", pk=pk)
        current = {name: getattr(model, name) for name in AssumptionsForm.Meta.fields}
        context.update(
            changes=changes,
            hidden=as_post_data({**current, **values}, version if version is not None else model.version),
            stale=version is not None and version != model.version,
        )
        return render(request, "journeys/finance/upload_confirm.html", context)
    return render(request, "journeys/finance/upload.html", context)


def _label(name: str) -> str:
    text = str(FinancialModel._meta.get_field(name).verbose_name)
    return text[:1].upper() + text[1:]
