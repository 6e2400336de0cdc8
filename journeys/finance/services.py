"""Changes to a journey's financial model: each one transactional and logged on the journey's timeline."""

from django.db import transaction
from django.db.models import F

from mutuals_portal.lib.history import acting

from ..models.journey import Journey, JourneyEvent
from .display import shown
from .models import FinanceLine, FinancialModel, Scenario


class ModelConflict(Exception):
    """Someone else saved the assumptions after the form was read."""

    def __init__(self, current: FinancialModel):
        super().__init__("The financial model changed since it was read")
        self.current = current


def _touch(journey: Journey) -> None:
    from django.utils import timezone

    Journey.objects.filter(pk=journey.pk).update(last_activity_at=timezone.now())


@transaction.atomic
def assumptions_save(*, journey: Journey, values: dict, version: int | None, by) -> FinancialModel:
    """Save the assumptions unless someone else saved them since `version` was read (None: a new model)."""
    Journey.objects.select_for_update().filter(pk=journey.pk).first()
    current = FinancialModel.objects.select_for_update().filter(journey=journey).first()
    if current is not None and current.version != version:
        raise ModelConflict(current)
    model = current or FinancialModel(journey=journey)
    changes = []
    for name, value in values.items():
        old = getattr(model, name)
        if old != value:
            label = model._meta.get_field(name).verbose_name
            changes.append(f"{label}: {shown(FinancialModel, name, old)} → {shown(FinancialModel, name, value)}")
            setattr(model, name, value)
    if current is not None and not changes:
        return current
    model.updated_by = by
    model.full_clean()
    if current is None:
        model.save()
        summary = "Started the financial model"
    else:
        model.version = F("version") + 1
        model.save()
        model.refresh_from_db()
        summary = f"Changed the financial model's assumptions ({len(changes)})"
    # A new model's every value is "new": only later changes list old and new values.
    journey.log(by, JourneyEvent.Kind.PLAN, summary, detail="\n".join(changes) if current is not None else "")
    _touch(journey)
    return model


@transaction.atomic
def line_add(*, model: FinancialModel, line: FinanceLine, by) -> FinanceLine:
    line.model = model
    line.full_clean()
    acting(line, by).save()
    model.journey.log(
        by, JourneyEvent.Kind.PLAN, f"Added a financial model {line.get_kind_display().lower()} line: {line.label}"
    )
    _touch(model.journey)
    return line


@transaction.atomic
def line_update(*, model: FinancialModel, line: FinanceLine, by) -> FinanceLine:
    """Save a change to a line; the change history keeps the old figures, who changed them and when."""
    line.model = model
    line.full_clean()
    acting(line, by).save()
    model.journey.log(by, JourneyEvent.Kind.PLAN, f"Changed the financial model line: {line.label}")
    _touch(model.journey)
    return line


@transaction.atomic
def line_delete(*, model: FinancialModel, line: FinanceLine, by) -> None:
    label = line.label
    acting(line, by).delete()
    model.journey.log(by, JourneyEvent.Kind.PLAN, f"Removed the financial model line: {label}")
    _touch(model.journey)


@transaction.atomic
def scenario_save(*, model: FinancialModel, scenario: Scenario, by) -> Scenario:
    scenario.model = model
    existing = Scenario.objects.filter(model=model, kind=scenario.kind).values_list("pk", flat=True).first()
    if existing is not None:
        scenario.pk = existing
        scenario._state.adding = False
    scenario.full_clean()
    scenario.save()
    model.journey.log(by, JourneyEvent.Kind.PLAN, f"Set the {scenario.get_kind_display().lower()} scenario")
    _touch(model.journey)
    return scenario
