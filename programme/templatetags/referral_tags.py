"""How a referral's status, score band and reply date read in the triage queue, the pipeline and a
referral's page: tags written in Python (the queue prints them for 25 rows; an include per cell cost more
than the rest of the row). The rows of the queue and of the pipeline's tables are written here too: as
template markup, each row's dozen lookups, filters and URL tags cost more than all the page's queries."""

from html import escape

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from journeys.models import Stage
from mutuals_portal.lib.dates import short_dates
from mutuals_portal.lib.urls import url_for_each
from programme.models import Referral, TriageAssessment, days_waiting, reply_due_for, reply_overdue

register = template.Library()

STATUS_COLOURS = {
    Referral.Status.NEW: "blue",
    Referral.Status.IN_PROGRESS: "light-blue",
    Referral.Status.MORE_INFO: "yellow",
    Referral.Status.ACCEPTED: "green",
    Referral.Status.DECLINED: "red",
}
BAND_COLOURS = {TriageAssessment.Band.HIGH: "green", TriageAssessment.Band.MEDIUM: "yellow"}


def _tag(colour: str, label) -> str:
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label)


# Each status's and each band's tag, written once (the queue and the pipeline print one per row).
STATUS_TAGS = {status.value: _tag(STATUS_COLOURS.get(status, "grey"), status.label) for status in Referral.Status}
BAND_TAGS = {band.value: _tag(BAND_COLOURS.get(band, "grey"), band.label) for band in TriageAssessment.Band}
NOT_SCORED = format_html('<span class="app-muted">{}</span>', "Not scored")
OVERDUE = format_html('<br><strong class="govuk-tag govuk-tag--red">{}</strong>', "Overdue")
WAITING_FOR_CONTACT = format_html('<span class="app-muted">{}</span>', "Waiting for the contact")
DECIDED = format_html('<span class="app-muted">{}</span>', "Decided")


@register.simple_tag
def referral_status_tag(referral: Referral):
    return STATUS_TAGS.get(referral.status) or _tag("grey", referral.get_status_display())


@register.simple_tag
def band_tag(assessment: TriageAssessment | None):
    """The triage score's band, or "Not scored" (no assessment: None, or "" from a missing one-to-one)."""
    if not assessment or not assessment.band:
        return NOT_SCORED
    return BAND_TAGS.get(assessment.band) or _tag("grey", assessment.get_band_display())


@register.simple_tag
def reply_due(referral: Referral):
    """When the contact is owed a reply (and whether that is overdue), or why no reply is owed."""
    return _reply_due(referral, short_dates(), timezone.localdate())


def _reply_due(referral: Referral, short_date, today) -> str:
    """reply_due for a row of a list, with the list's date formatter and today (made once for the list)."""
    if referral.awaiting_reply:
        due_on = referral.reply_due_on
        due = escape(short_date(due_on))
        return mark_safe(due + OVERDUE if reply_overdue(due_on, today) else due)  # noqa: S308 - escaped
    if referral.is_open:
        return WAITING_FOR_CONTACT
    return DECIDED


# Writing rows ---------------------------------------------------------------------------------------
# A table's rows are built as one string: each value escaped with html.escape (what Django's escape
# filter does), each label read from a dict made once, and each row's links made from one reverse() per
# table. The markup is the same as the templates wrote cell by cell.

LABELS = {name: dict(Referral._meta.get_field(name).flatchoices) for name in ("region", "service_area")}


def _assessment(referral: Referral) -> TriageAssessment | None:
    """The referral's assessment, or None when it has none (the one-to-one raises instead)."""
    try:
        return referral.assessment
    except ObjectDoesNotExist:
        return None


def _csrf_input(context) -> str:
    """What {% csrf_token %} writes, for the forms inside a row."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">'


def _label(referral: Referral, field: str) -> str:
    value = getattr(referral, field)
    return escape(str(LABELS[field].get(value, value)))


def _adviser_cell(referral: Referral, assign_url: str, queue_url: str, csrf_input: str) -> str:
    """The assigned adviser's name, or for an open referral nobody has taken, the "Assign to me" button."""
    if referral.assigned_adviser_id:
        return escape(referral.assigned_adviser.full_name)
    if not referral.is_open:
        return ""
    return (
        f'<form method="post" action="{assign_url}">{csrf_input}'
        f'<input type="hidden" name="next" value="{queue_url}">'
        '<button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" '
        f'data-module="govuk-button">Assign to me<span class="govuk-visually-hidden"> {escape(referral.reference)}'
        "</span></button></form>"
    )


def _score_cell(referral: Referral) -> str:
    assessment = _assessment(referral)
    if assessment is None:
        return band_tag(None)
    return f"{assessment.score}<br>{band_tag(assessment)}"


def _queue_row(referral: Referral, today, short_date, detail_url: str, adviser_cell: str) -> str:
    return (
        '<tr class="govuk-table__row">'
        f'<td class="govuk-table__cell"><a class="govuk-link" href="{detail_url}">{escape(referral.reference)}</a>'
        f'<br><span class="govuk-body-s">{escape(referral.organisation)}</span></td>'
        f'<td class="govuk-table__cell govuk-table__cell--numeric">{referral.age_days(today)}</td>'
        f'<td class="govuk-table__cell">{_reply_due(referral, short_date, today)}</td>'
        f'<td class="govuk-table__cell">{_label(referral, "region")}<br>'
        f'<span class="govuk-body-s app-muted">{_label(referral, "service_area")}</span></td>'
        f'<td class="govuk-table__cell">{_score_cell(referral)}</td>'
        f'<td class="govuk-table__cell">{referral_status_tag(referral)}</td>'
        f'<td class="govuk-table__cell">{adviser_cell}</td>'
        "</tr>"
    )


@register.simple_tag(takes_context=True)
def queue_rows(context, referrals):
    """The triage queue's table rows: reference and organisation, days waiting, reply due, region and
    service, score and band, status, and the adviser (or a button to take it)."""
    today = timezone.localdate()
    detail_url, assign_url = url_for_each("referrals:detail"), url_for_each("referrals:assign")
    queue_url = escape(reverse("referrals:queue"))
    csrf_input = _csrf_input(context)
    short_date = short_dates()
    rows = [
        _queue_row(
            referral,
            today,
            short_date,
            detail_url(referral.pk),
            _adviser_cell(referral, assign_url(referral.pk), queue_url, csrf_input),
        )
        for referral in referrals
    ]
    return mark_safe("\n".join(rows))  # noqa: S308 - every value in the rows is escaped


def _adviser_name(full_name: str | None) -> str:
    """The assigned adviser's name, escaped, or "Not assigned" (as `full_name|default:"Not assigned"` wrote it)."""
    return escape(full_name or "Not assigned")


@register.simple_tag
def awaiting_rows(referrals):
    """The pipeline's referrals waiting for a reply (rows of dashboard.AWAITING_COLUMNS): reference and
    organisation, days waiting, reply due (and whether that is overdue) and adviser."""
    today = timezone.localdate()
    detail_url = url_for_each("referrals:detail")
    short_date = short_dates()
    rows = []
    for referral in referrals:
        due_on = reply_due_for(referral["created_at"])
        due = escape(short_date(due_on)) + (OVERDUE if reply_overdue(due_on, today) else "")
        rows.append(
            '<tr class="govuk-table__row">'
            f'<td class="govuk-table__cell"><a class="govuk-link" href="{detail_url(referral["pk"])}">'
            f'{escape(referral["reference"])}</a><br><span class="govuk-body-s">'
            f"{escape(referral['organisation'])}</span></td>"
            '<td class="govuk-table__cell govuk-table__cell--numeric">'
            f"{days_waiting(referral['created_at'], today)}</td>"
            f'<td class="govuk-table__cell">{due}</td>'
            f'<td class="govuk-table__cell">{_adviser_name(referral["assigned_adviser__full_name"])}</td>'
            "</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value in the rows is escaped


STAGE_LABELS = dict(Stage.choices)


@register.simple_tag
def stalled_rows(journeys):
    """The pipeline's stalled journeys (rows of dashboard.STALLED_COLUMNS): staff group (linked to the
    journey), stage, last activity (the local date) and adviser."""
    overview_url = url_for_each("journeys:overview")
    short_date = short_dates()
    rows = [
        '<tr class="govuk-table__row">'
        f'<td class="govuk-table__cell"><a class="govuk-link" href="{overview_url(journey["pk"])}">'
        f"{escape(journey['group__name'])}</a></td>"
        f'<td class="govuk-table__cell">{escape(str(STAGE_LABELS.get(journey["stage"], journey["stage"])))}</td>'
        f'<td class="govuk-table__cell">{short_date(journey["last_activity_at"])}</td>'
        f'<td class="govuk-table__cell">{_adviser_name(journey["assigned_adviser__full_name"])}</td>'
        "</tr>"
        for journey in journeys
    ]
    return mark_safe("\n".join(rows))  # noqa: S308 - every value in the rows is escaped


@register.simple_tag
def age_rows(rows):
    """The pipeline's referrals by status and age: a row per status, a cell per age bucket, and the total."""
    cell = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
    return mark_safe(  # noqa: S308 - the status is escaped; the rest are numbers
        "".join(
            '<tr class="govuk-table__row">'
            f'<th scope="row" class="govuk-table__header">{escape(str(row["status"]))}</th>'
            + "".join(cell.format(int(count)) for count in row["counts"])
            + cell.format(int(row["total"]))
            + "</tr>"
            for row in rows
        )
    )


def _chart_bar(bar) -> str:
    font = 'font-family="GDS Transport, arial, sans-serif"'
    return (
        f'<rect x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}" fill="#1d70b8"/>\n'
        f'<text x="{bar.centre}" y="{bar.value_y}" {font} font-size="16" font-weight="700" fill="#0b0c0c" '
        f'text-anchor="middle">{int(bar.count)}</text>\n'
        f'<text x="{bar.centre}" y="{bar.label_y}" {font} font-size="14" fill="#0b0c0c" '
        f'text-anchor="middle">{escape(str(bar.label))}</text>'
    )


@register.simple_tag
def chart_bars(bars):
    """The bars of the pipeline's stage chart (inline SVG): a rectangle, its value above and its label below."""
    return mark_safe("\n".join(_chart_bar(bar) for bar in bars))  # noqa: S308 - labels escaped, the rest numbers
