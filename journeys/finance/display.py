"""One way to show an assumption's value in words: on conflict and confirmation pages and the timeline."""

from datetime import date
from decimal import Decimal

from django.db import models


def shown(model_class, name: str, value) -> str:
    """£2,700,000.00 for money, 18.5% for a rate, 1 April 2027 for a date, Yes or No, the label of a choice."""
    if value is None or value == "":
        return "blank"
    field = model_class._meta.get_field(name)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(field, models.DecimalField):
        value = Decimal(value)
        if field.max_digits == 6:  # percentages
            text = f"{value.normalize():f}"
            return f"{text}%"
        return f"£{value:,.2f}"
    return str(value)
