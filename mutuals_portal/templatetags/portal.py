"""Template tags shared by every app: `{% load portal %}`."""

from django import template

from mutuals_portal.lib.pagination import page_links

register = template.Library()


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page, param: str = "page"):
    """GOV.UK pagination for a Django Page; every link keeps the request's other query parameters."""
    query = context["request"].GET.copy()

    def href(number: int) -> str:
        query[param] = number
        return "?" + query.urlencode()

    return {"pages": page_links(page, href)}


@register.filter
def thousands(value) -> str:
    """1234567 -> "1,234,567" (GOV.UK style), without depending on the locale."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return value
