"""Dates as the templates' `date` filter prints them, for lists whose rows are written in Python: the month
names are read once for a list rather than by the filter's general formatter for each date."""

from collections.abc import Callable
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3


def _month_names(names) -> dict[int, str]:
    return {number: str(name) for number, name in names.items()}


def _dates(months: dict[int, str]) -> Callable[[date | datetime | None], str]:
    def formatted(value: date | datetime | None) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = timezone.localtime(value)
        return f"{value.day} {months[value.month]} {value.year:04d}"

    return formatted


def long_dates() -> Callable[[date | datetime | None], str]:
    """A function printing a date as `date:"j F Y"` does ("4 December 2026"; a date and time in the site's time
    zone; "" for none)."""
    return _dates(_month_names(MONTHS))


def short_dates() -> Callable[[date | datetime | None], str]:
    """The same for `date:"j M Y"` ("4 Dec 2026")."""
    return _dates({number: name.title() for number, name in _month_names(MONTHS_3).items()})


def start_of_day(day: date) -> datetime:
    """The moment `day` begins in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))
