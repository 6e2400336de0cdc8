from django import template

from mutuals_portal.lib import figures

register = template.Library()


@register.filter
def money(value, pence=False):
    """£1,234 (or £1,234.56 with `pence`); a negative amount as -£1,234. Rounded only here, for display."""
    return figures.pounds(value, pence=pence)


@register.filter
def percent(value):
    return figures.percent(value)
