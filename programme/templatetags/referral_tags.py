"""How a referral's status, score band and reply date read in the triage queue, the pipeline and a
referral's page: tags written in Python (the queue prints them for 25 rows; an include per cell cost more
than the rest of the row)."""

from django import template
from django.template.defaultfilters import date as format_date
from django.utils.html import format_html

from programme.models import Referral, TriageAssessment

register = template.Library()

STATUS_COLOURS = {
    Referral.Status.NEW: "blue",
    Referral.Status.IN_PROGRESS: "light-blue",
    Referral.Status.MORE_INFO: "yellow",
    Referral.Status.ACCEPTED: "green",
    Referral.Status.DECLINED: "red",
}
BAND_COLOURS = {TriageAssessment.Band.HIGH: "green", TriageAssessment.Band.MEDIUM: "yellow"}


@register.simple_tag
def referral_status_tag(referral: Referral):
    colour = STATUS_COLOURS.get(referral.status, "grey")
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, referral.get_status_display())


@register.simple_tag
def band_tag(assessment: TriageAssessment | None):
    """The triage score's band, or "Not scored" (no assessment: None, or "" from a missing one-to-one)."""
    if not assessment or not assessment.band:
        return format_html('<span class="app-muted">{}</span>', "Not scored")
    colour = BAND_COLOURS.get(assessment.band, "grey")
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, assessment.get_band_display())


@register.simple_tag
def reply_due(referral: Referral):
    """When the contact is owed a reply (and whether that is overdue), or why no reply is owed."""
    if referral.awaiting_reply:
        overdue = referral.is_overdue()  # the model's one rule
        return format_html(
            "{}{}",
            format_date(referral.reply_due_on, "j M Y"),
            format_html('<br><strong class="govuk-tag govuk-tag--red">{}</strong>', "Overdue") if overdue else "",
        )
    if referral.is_open:
        return format_html('<span class="app-muted">{}</span>', "Waiting for the contact")
    return format_html('<span class="app-muted">{}</span>', "Decided")
