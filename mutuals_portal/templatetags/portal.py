"""Template tags shared by every app: `{% load portal %}`."""

from django import template
from django.utils import timezone

from mutuals_portal.lib.pagination import page_links
from mutuals_portal.lib.urls import path_to as _path_to

register = template.Library()


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page, param: str = "page"):
    """GOV.UK pagination for a Django Page; every link keeps the request's other query parameters."""
    query = context["request"].GET.copy()

    def href(number: int) -> str:
        query[param] = number
        return "?" + query.urlencode()

    return {"pages": page_links(page, href)}


@register.simple_tag
def path_to(name: str, *args) -> str:
    """{% path_to 'journeys:gate' journey.pk %}: as {% url %} does, for addresses by id, without reversing the
    pattern on every use (mutuals_portal.lib.urls.path_to): for pages that print many."""
    return _path_to(name, *args)


@register.filter
def thousands(value) -> str:
    """1234567 -> "1,234,567" (GOV.UK style), without depending on the locale."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return value


@register.filter
def govuk_time(value) -> str:
    """A time in GOV.UK style, in the site's time zone: "8:06am", "5:30pm", "midday", "midnight"."""
    if not value:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "date") and timezone.is_aware(value):
        value = timezone.localtime(value)
    hour, minute = value.hour, value.minute
    if minute == 0 and hour in (0, 12):
        return "midnight" if hour == 0 else "midday"
    suffix = "am" if hour < 12 else "pm"
    return f"{hour % 12 or 12}:{minute:02d}{suffix}"


@register.filter
def govuk_datetime(value) -> str:
    """A date and time in GOV.UK style: "3 December 2026, 8:06am"."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.day} {value:%B %Y}, {govuk_time(value)}"


@register.filter
def date_inputs(field) -> list[dict]:
    """The day, month and year inputs of a GOV.UK date field (a bound GovukDateField), for markup written
    out by hand: each one's label, name, id, value, classes and inputmode."""
    widget = field.field.widget
    context = widget.get_context(field.html_name, field.value(), {"id": field.auto_id})
    inputs = []
    for sub in context["widget"]["subwidgets"]:
        attrs = dict(sub["attrs"])
        inputs.append(
            {
                "label": attrs.pop("label", ""),
                "name": sub["name"],
                "id": attrs["id"],
                "value": "" if sub["value"] is None else sub["value"],
                "class": attrs.get("class", "govuk-input govuk-date-input__input"),
                "inputmode": attrs.get("inputmode", "numeric"),
            }
        )
    return inputs
