"""What the officers' list of expressions of interest and the public register print for each row, worked out
here rather than by the templates' lookups, filters and includes (25 rows a page: those cost more than the
rest of either page)."""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from mutuals_portal.lib.dates import long_dates, short_dates
from mutuals_portal.lib.urls import url_for_each

from .models import STATUS_TAG_COLOURS, BodyType, Decision, EOIStatus, ExpressionOfInterest, ProcurementExercise

# Each status as a GOV.UK tag (a status without a colour is the default blue tag).
STATUS_TAGS = {
    status: mark_safe(  # noqa: S308  (the colours and labels are the code's own; escaped all the same)
        f'<strong class="govuk-tag{f" govuk-tag--{escape(colour)}" if colour else ""}">{escape(label)}</strong>'
    )
    for status, label in EOIStatus.choices
    for colour in [STATUS_TAG_COLOURS[status]]
}
OVERDUE_TAG = mark_safe(' <strong class="govuk-tag govuk-tag--red">Overdue</strong>')
DUE_SOON_TAG = mark_safe(' <strong class="govuk-tag govuk-tag--orange">Due soon</strong>')
BODY_TYPES = dict(BodyType.choices)


def status_tag(status: str) -> SafeString:
    return STATUS_TAGS[status]


def eoi_rows(eois: Iterable[ExpressionOfInterest]) -> list[dict]:
    """The officers' list: each EOI's link, names, status (with "Overdue" or "Due soon") and deadlines. Needs
    each EOI's service read with it."""
    url = url_for_each("challenges:eoi_review")
    today = timezone.localdate()
    short_date = short_dates()
    rows = []
    for eoi in eois:
        if eoi.is_overdue_on(today):
            flag = OVERDUE_TAG
        elif eoi.is_due_soon_on(today):
            flag = DUE_SOON_TAG
        else:
            flag = SafeString("")
        rows.append(
            {
                "reference": eoi.reference,
                "url": url(eoi.pk),
                "body_name": eoi.body_name,
                "service": eoi.service.name,
                "status": STATUS_TAGS[eoi.status],
                "flag": flag,
                # Only an EOI waiting to be acknowledged shows that deadline.
                "acknowledge_by": short_date(eoi.acknowledgement_due_on) if eoi.status == EOIStatus.RECEIVED else None,
                "decide_by": short_date(eoi.decision_due_on),
            }
        )
    return rows


def with_card_fields(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """The register's decisions (access.register_decisions) with only the columns their cards print: compiling
    the query costs Django time for every column selected (it is ordered), and most are long texts the cards
    never show. The procurement exercise is read whole (the summary include prints most of it)."""
    return decisions.only(
        *("eoi", "outcome", "grounds", "reasons", "modification", "decided_at", "published_at", "supersedes"),
        *("correction_note", "procurement_min_days", "procurement_max_days"),
        *("eoi__service", "eoi__body_name", "eoi__body_type", "eoi__received_on", "eoi__status"),
        *("eoi__service__council", "eoi__service__name", "eoi__service__council__name"),
        *(f"eoi__procurement__{field.name}" for field in ProcurementExercise._meta.concrete_fields),
    )


def register_cards(decisions: Iterable[Decision]) -> list[dict]:
    """The register: what each published decision's card says. Needs each decision's EOI, service, council
    and procurement exercise read with it (with_card_fields)."""
    long_date = long_dates()
    cards = []
    for decision in decisions:
        eoi = decision.eoi
        service = eoi.service
        outcome = decision.result_label
        period = decision.procurement_period()
        started = eoi.status == EOIStatus.PROCUREMENT_STARTED
        cards.append(
            {
                "title": f"{service.name}: {outcome.lower()}",
                "council": service.council.name,
                "body": f"{eoi.body_name} ({BODY_TYPES.get(eoi.body_type, eoi.body_type).lower()})",
                "outcome": outcome,
                "grounds": decision.ground_labels() if decision.grounds else None,
                "modification": decision.modification,
                "reasons": decision.reasons,
                "dates": (
                    f"Received {long_date(eoi.received_on)}. Decided {long_date(decision.decided_at)}. "
                    f"Published {long_date(decision.published_at)}."
                ),
                "corrects": decision.supersedes_id is not None,
                "correction_note": decision.correction_note,
                "period": period
                and {
                    **period,
                    "starts_from": long_date(period["starts_from"]),
                    "starts_by": long_date(period["starts_by"]),
                },
                # What the challenge led to, once the procurement has started.
                "procurement": getattr(eoi, "procurement", None) if started else None,
            }
        )
    return cards
