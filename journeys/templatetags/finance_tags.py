from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def money(value, pence=False):
    """£1,234 (or £1,234.56 with `pence`); a negative amount as -£1,234. Rounded only here, for display."""
    if value is None or value == "":
        return "not known"
    value = Decimal(value).quantize(Decimal("0.01") if pence else Decimal("1"), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.2f}" if pence else f"{sign}£{abs(value):,.0f}"


@register.filter
def percent(value):
    if value is None or value == "":
        return "not known"
    value = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}%"
