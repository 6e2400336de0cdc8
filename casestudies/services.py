"""Writes to case studies: each in one transaction, validated first, status changes logged."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from journeys.models import Journey, JourneyEvent
from mutuals_portal.lib.choices import OwnershipModel

from . import notify, search
from .models import LEGAL_FORM_CHOICES, CaseStudy, ContractRoute, Fact, Source

RESERVED_SLUGS = {"moderation", "export", "map"}


def _unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "case-study"
    if base in RESERVED_SLUGS:
        base = f"{base}-case-study"
    slug, number = base, 1
    while CaseStudy.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _replace_sources(case_study: CaseStudy, sources: list[tuple[str, str]]) -> None:
    """Make the case study's sources `sources`, in that order. A source listed again keeps its row
    (its date read and the facts that cite it); a source a fact cites is never deleted."""
    existing = {(source.title, source.url): source for source in case_study.sources.all()}
    cited = set(Fact.objects.filter(case_study=case_study).values_list("source_id", flat=True))
    kept, rows = [], []
    for position, (title, url) in enumerate(sources):
        source = existing.pop((title, url), None)
        if source is None:
            source = Source(case_study=case_study, title=title, url=url, position=position)
            source.full_clean(exclude=["case_study"])
            rows.append(source)
        elif source.position != position:
            source.position = position
            kept.append(source)
    for source in existing.values():
        if source.pk in cited:  # the form refuses this; never lose a fact's citation
            source.position = len(sources) + source.position
            kept.append(source)
    Source.objects.filter(pk__in=[s.pk for s in existing.values() if s.pk not in cited]).delete()
    Source.objects.bulk_update(kept, ["position"])
    Source.objects.bulk_create(rows)
    search.library_changed()  # bulk_create sends no signal


@transaction.atomic
def case_study_create(*, by, fields: dict, sources: list[tuple[str, str]], **extra) -> CaseStudy:
    """A new draft case study, with its sources."""
    case_study = CaseStudy(**fields, **extra, contributed_by=by, status=CaseStudy.Status.DRAFT)
    case_study.slug = _unique_slug(case_study.name)
    case_study.full_clean()
    case_study.save()
    _replace_sources(case_study, sources)
    return case_study


def prefill_from_journey(journey) -> dict:
    """Initial form values from a spun-out journey: facts the group has already recorded."""
    group = journey.group
    initial = {
        "name": group.service_name or group.name,
        "service_area": group.service_area,
        "parent_body": group.parent_body.name,
        "region": group.parent_body.region,
        "staff_count": group.headcount,
    }
    # A missing one-to-one raises a subclass of AttributeError, so getattr gives None.
    design = getattr(journey, "design", None)
    if design is not None:
        initial["legal_form"] = design.legal_form
        initial["ownership_model"] = design.ownership_model
    plan = getattr(journey, "transfer_plan", None)
    if plan is not None:
        initial["staff_count"] = plan.tupe_headcount
        initial["year_spun_out"] = plan.go_live_on.year
    return initial


@transaction.atomic
def case_study_contribute(*, journey, by, fields: dict, sources: list[tuple[str, str]]) -> CaseStudy:
    """A staff group's draft case study, linked to its spun-out journey (one per journey). The
    journey's row is locked first, so two members saving at once cannot both create one."""
    Journey.objects.select_for_update().filter(pk=journey.pk).first()
    if CaseStudy.objects.filter(journey=journey).exists():
        raise ValidationError("This journey already has a case study.")
    case_study = case_study_create(by=by, fields=fields, sources=sources, journey=journey)
    _cite_journey(case_study, journey)
    return case_study


def journey_facts(journey) -> list[tuple[str, str, object, str, int | None]]:
    """What the group's journey records, as (field, topic, value, statement, as-at year)."""
    facts: list[tuple[str, str, object, str, int | None]] = []
    design = getattr(journey, "design", None)
    if design is not None and design.legal_form:
        label = dict(LEGAL_FORM_CHOICES).get(design.legal_form, design.legal_form)
        facts.append(("legal_form", Fact.Topic.LEGAL_FORM, design.legal_form, f"Legal form chosen: {label}.", None))
    if design is not None and design.ownership_model:
        label = OwnershipModel(design.ownership_model).label
        facts.append(
            ("ownership_model", Fact.Topic.OWNERSHIP, design.ownership_model, f"Ownership model: {label}.", None)
        )
    plan = getattr(journey, "transfer_plan", None)
    if plan is not None and plan.go_live_on:
        year = plan.go_live_on.year
        facts.append(
            (
                "year_spun_out",
                Fact.Topic.ORIGIN,
                year,
                f"Go-live date: {plan.go_live_on.day} {plan.go_live_on:%B %Y}.",
                year,
            )
        )
        if plan.tupe_headcount is not None:
            facts.append(
                (
                    "staff_count",
                    Fact.Topic.STAFF,
                    plan.tupe_headcount,
                    f"{plan.tupe_headcount} staff to transfer under TUPE.",
                    year,
                )
            )
    return facts


ROUTE_FROM_PLAN = {
    "direct_award": ContractRoute.DIRECT_AWARD,
    "competitive_flexible": ContractRoute.TENDER,
    "open": ContractRoute.TENDER,
    "reserved_mutual": ContractRoute.TENDER,
}


def _cite_journey(case_study: CaseStudy, journey) -> None:
    """Each fact the contributor kept as the journey records it is cited to the journey's record,
    and the first contract's route is taken from the transfer plan."""
    kept = [fact for fact in journey_facts(journey) if getattr(case_study, fact[0]) == fact[2]]
    plan = getattr(journey, "transfer_plan", None)
    route = ROUTE_FROM_PLAN.get(plan.procurement_route) if plan is not None else None
    if plan is not None and plan.right_to_challenge:
        route = ContractRoute.RIGHT_TO_CHALLENGE  # the competition an accepted challenge started
    if plan is not None and route and not case_study.first_contract_route:
        case_study.first_contract_route = route
        case_study.save(update_fields=["first_contract_route", "updated_at"])
        kept.append(
            (
                "first_contract_route",
                Fact.Topic.CONTRACT,
                route,
                f"Procurement route in the transfer plan: {plan.get_procurement_route_display()}"
                + (f", {plan.contract_length_months} months." if plan.contract_length_months else "."),
                plan.go_live_on.year if plan.go_live_on else None,
            )
        )
    if not kept:
        return
    source = Source.objects.create(
        case_study=case_study,
        title=f"Mutuals Portal: the journey record of {journey.group.name} (design and transfer plan)",
        url="",
        date_read=timezone.localdate(),
        position=case_study.sources.count(),
    )
    Fact.objects.bulk_create(
        Fact(case_study=case_study, topic=topic, statement=statement, as_at_year=year, source=source, position=i)
        for i, (_field, topic, _value, statement, year) in enumerate(kept)
    )


@transaction.atomic
def case_study_update(*, case_study: CaseStudy, fields: dict, sources: list[tuple[str, str]]) -> CaseStudy:
    for name, value in fields.items():
        setattr(case_study, name, value)
    case_study.full_clean()
    case_study.save()
    _replace_sources(case_study, sources)
    return case_study


def _lock(case_study: CaseStudy) -> CaseStudy:
    """Lock the row and re-read its status, so two moderators cannot both move it."""
    CaseStudy.objects.select_for_update().only("pk").get(pk=case_study.pk)
    case_study.refresh_from_db(fields=["status"])
    return case_study


@transaction.atomic
def case_study_submit(*, case_study: CaseStudy, by) -> CaseStudy:
    """The contributor sends a draft to the advisers for review."""
    _lock(case_study)
    case_study.change_status(CaseStudy.Status.IN_REVIEW, by=by)
    notify.submitted(case_study=case_study, by=by)
    return case_study


@transaction.atomic
def case_study_publish(*, case_study: CaseStudy, by, note: str = "") -> CaseStudy:
    _lock(case_study)
    case_study.change_status(CaseStudy.Status.PUBLISHED, by=by, note=note)
    notify.status_changed(case_study=case_study, by=by, note=note)
    return case_study


@transaction.atomic
def case_study_return(*, case_study: CaseStudy, by, note: str) -> CaseStudy:
    """Send a case study back to draft with the adviser's comments."""
    _lock(case_study)
    case_study.change_status(CaseStudy.Status.DRAFT, by=by, note=note)
    notify.status_changed(case_study=case_study, by=by, note=note)
    return case_study


@transaction.atomic
def case_study_take_over(*, case_study: CaseStudy, by) -> CaseStudy:
    """A lead of the staff group becomes the contributor of its case study (the member who wrote it
    may have left the group); logged on the journey's timeline with who and when."""
    # Only the case study's row is locked (its contributor may be empty: an outer join).
    locked = (
        CaseStudy.objects.select_for_update(of=("self",))
        .select_related("contributed_by", "journey")
        .get(pk=case_study.pk)
    )
    previous = locked.contributed_by
    if previous is not None and previous.pk == by.pk:
        return locked
    locked.contributed_by = by
    locked.save(update_fields=["contributed_by", "updated_at"])
    case_study.contributed_by = by
    if locked.journey is not None:
        from_whom = f" from {previous.full_name or previous.email}" if previous is not None else ""
        summary = f"{by.full_name or by.email} took over the case study {locked.name}{from_whom}"
        locked.journey.log(by, JourneyEvent.Kind.SETTINGS, summary)
    return locked
