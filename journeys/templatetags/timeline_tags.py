"""A journey's timeline (overview, full timeline, sign-off page): its events written in Python, one pass per
event rather than a dozen template lookups and filters each."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from mutuals_portal.lib.dates import short_dates

register = template.Library()


@register.simple_tag
def timeline_items(events) -> SafeString:
    """The timeline's list items: what happened, who did it (their name, else their email, else "System") and
    when, as `date:"j M Y, H:i"` prints it in the site's time zone, and any detail with its line breaks."""
    short_date = short_dates()
    items = []
    for event in events:
        actor = event.actor
        who = (actor.full_name or actor.email or "System") if actor is not None else "System"
        when = timezone.localtime(event.created_at)
        detail = (
            f'\n    <p class="govuk-body-s govuk-!-margin-bottom-1">{linebreaksbr(event.detail, autoescape=True)}</p>'
            if event.detail
            else ""
        )
        items.append(
            '<li class="app-timeline__item">\n'
            f'    <p class="govuk-body govuk-!-margin-bottom-1"><strong>{escape(event.summary)}</strong></p>\n'
            f'    <p class="govuk-body-s app-muted govuk-!-margin-bottom-1">{escape(who)}, '
            f'<time datetime="{when.isoformat()}">{short_date(when)}, {when:%H:%M}</time></p>'
            f"{detail}\n  </li>"
        )
    # The event's words are escaped above; the rest is markup of ours.
    return mark_safe("\n  ".join(items))  # noqa: S308
