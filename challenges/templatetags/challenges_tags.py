"""Tags of the Right to Challenge pages: an EOI's status, its answers, and for the journey overview (journeys sit
below challenges and never import them) the staff group's expressions of interest under the Community Right to
Challenge, by the rules in challenges/access.py."""

from django import template
from django.template.defaultfilters import linebreaksbr, lower
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

from challenges import access
from challenges.rows import status_tag

register = template.Library()

MISSING = mark_safe('<strong class="govuk-tag govuk-tag--red">Missing</strong>')


@register.inclusion_tag("challenges/includes/journey_eois.html")
def journey_challenges(journey_access):
    return {
        "journey": journey_access.journey,
        "eois": list(access.journey_eois(journey_access)),
        "can_start": access.can_start_from_journey(journey_access),
        "is_member": journey_access.is_member,
    }


@register.simple_tag
def eoi_status_tag(eoi) -> SafeString:
    """The EOI's status as a GOV.UK tag."""
    return status_tag(eoi.status)


@register.simple_tag(takes_context=True)
def answer_row(context, label: str, value, field: str, optional: bool = False) -> SafeString:
    """One answer of an EOI as a summary list row (includes/eoi_answers.html): the answer, "Not given" for an
    optional one, or a red "Missing" tag; with `change` in the context, a link to the field on the draft's form
    (`edit_url`). The label is the template's own text (safe, as in an include). Written in Python: a page
    prints a dozen, and an include each cost more than the rest of the row."""
    change = context.get("change")
    if value:
        answer = linebreaksbr(value, autoescape=True)
    elif optional:
        answer = "Not given"
    else:
        answer = MISSING
    html = (
        f'<div class="govuk-summary-list__row{"" if change else " govuk-summary-list__row--no-actions"}">\n'
        f'  <dt class="govuk-summary-list__key">{conditional_escape(label)}</dt>\n'
        f'  <dd class="govuk-summary-list__value">\n'
        f"    {answer}\n"
        f"  </dd>\n"
    )
    if change:
        anchor = f"id_{field}_1" if field == "body_type" else f"id_{field}"
        html += (
            f'  <dd class="govuk-summary-list__actions">\n'
            f'    <a class="govuk-link" href="{escape(context.get("edit_url", ""))}#{escape(anchor)}">Change'
            f'<span class="govuk-visually-hidden"> {conditional_escape(lower(label))}</span></a>\n'
            f"  </dd>\n"
        )
    return mark_safe(html + "</div>")  # noqa: S308  (every value above is escaped)
