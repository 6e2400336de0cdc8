"""The public register's page of cards, read cheaply: its query compiled once per filter shape, its count kept
with the register's data version.

The register (access.register_decisions) is public data and the same for everyone. Its page of cards is read
by a statement compiled once per process for each combination of filters (mutuals_portal.lib.prepared: the
database answers every request, only the SQL text is kept), the page's limit and offset passed as values.
How many decisions the filters match is counted once and kept in the cache under the `register` version
(bumped by every change to a decision, an EOI, a service or a council, and again when its transaction
commits: stamps.register_changed), like the filter lists: a number, for filters checked against their lists
(a council on the register, an outcome, a year), so no query string can add keys of its own.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import partial

from django.core.cache import cache

from mutuals_portal.lib.dates import start_of_day
from mutuals_portal.lib.prepared import PagedRows, PreparedModels

from . import access
from .rows import with_card_fields

COUNT_SECONDS = 600


@dataclass(frozen=True)
class Filters:
    """The register's filters, checked by RegisterFilterForm: None where a filter is not used."""

    council: int | None = None
    outcome: str | None = None
    year: int | None = None

    def values(self) -> tuple:
        """The values of the filters in use, in the order `filtered` takes them (a year as its two moments)."""
        values: list = []
        if self.council is not None:
            values.append(self.council)
        if self.outcome is not None:
            values.append(self.outcome)
        if self.year is not None:
            values.extend(year_bounds(self.year))
        return tuple(values)

    @property
    def shape(self) -> tuple[bool, bool, bool]:
        return (self.council is not None, self.outcome is not None, self.year is not None)


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The start of the year and of the next in the site's time zone: a decision published in `year`, as
    `published_at__year` counts it, was published from the first and before the second."""
    return start_of_day(date(year, 1, 1)), start_of_day(date(year + 1, 1, 1))


def filtered(decisions, shape: tuple[bool, bool, bool], *values):
    """`decisions` with the filters of `shape` (council, outcome, year), their values in that order (a year
    as the two moments of year_bounds)."""
    values_left = list(values)
    if shape[0]:
        decisions = decisions.filter(eoi__service__council_id=values_left.pop(0))
    if shape[1]:
        decisions = decisions.filter(outcome=values_left.pop(0))
    if shape[2]:
        start, end = values_left.pop(0), values_left.pop(0)
        decisions = decisions.filter(published_at__gte=start, published_at__lt=end)
    return decisions


def _cards_query(shape, *values):
    return with_card_fields(filtered(access.register_decisions(), shape, *values))


def _kinds(shape) -> tuple[str, ...]:
    council, outcome, year = shape
    return ("int",) * council + ("text",) * outcome + ("datetime", "datetime") * year


# A statement for each combination of filters, compiled on its first use (mutuals_portal.lib.prepared).
_CARDS = {
    shape: PreparedModels(partial(_cards_query, shape), kinds=_kinds(shape), paged=True)
    for shape in [(c, o, y) for c in (False, True) for o in (False, True) for y in (False, True)]
}


def count(filters: Filters, version: int) -> int:
    """How many decisions on the register the filters match, kept under the register's `version`."""
    key = f"register-count:{version}:{filters.council}:{filters.outcome}:{filters.year}"
    found = cache.get(key)
    if found is None:
        found = filtered(access.register_decisions(), filters.shape, *filters.values()).count()
        cache.set(key, found, COUNT_SECONDS)
    return found


class Cards(PagedRows):
    """The decisions the filters match, as the Paginator reads them: their number, and a page's decisions (with
    what their cards print) when sliced."""

    def __init__(self, filters: Filters, version: int):
        super().__init__(_CARDS[filters.shape], *filters.values(), count=partial(count, filters, version))
