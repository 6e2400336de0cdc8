"""Outcomes after spin-out: which year a return may cover, and the public aggregate figures.

Figures for a year are published only when at least settings.OUTCOME_MIN_RETURNS mutuals sent a
return for it, so that no single mutual can be identified from them.
"""

from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from django.conf import settings
from django.db.models import Avg, Count, Sum
from django.utils import timezone

from journeys.models import Journey, Stage, StageChange

from .models import OutcomeReturn, financial_year_label, financial_year_of


def min_returns() -> int:
    return settings.OUTCOME_MIN_RETURNS


def current_financial_year() -> int:
    return financial_year_of(timezone.localdate())


def spun_out_year(journey: Journey) -> int | None:
    """The financial year the journey reached the spun-out stage in (its latest move there), if recorded."""
    changed_at = (
        StageChange.objects.filter(journey=journey, to_stage=Stage.SPUN_OUT)
        .order_by("-changed_at")
        .values_list("changed_at", flat=True)
        .first()
    )
    return financial_year_of(timezone.localtime(changed_at).date()) if changed_at else None


def reports_on(year: int, spun_out: int | None) -> bool:
    """The one rule for whether a mutual owes a return for `year`: it had spun out by then (a spin-out year not
    recorded counts as before)."""
    return spun_out is None or spun_out <= year


def returns_in_scope():
    """Returns that count: supported journeys whose group still exists."""
    return OutcomeReturn.objects.filter(journey__in_support_programme=True, journey__group__deleted_at__isnull=True)


@dataclass(frozen=True)
class YearFigures:
    year: int
    returns: int
    shown: bool
    total_staff: int | None = None
    median_turnover: Decimal | None = None
    mean_sickness_absence_days: Decimal | None = None
    mean_staff_turnover_percent: Decimal | None = None
    contracts_won: int | None = None
    contracts_lost: int | None = None

    @property
    def published_returns(self) -> int | None:
        """The count, only for a year whose figures are shown (a withheld year says nothing more)."""
        return self.returns if self.shown else None

    @property
    def label(self) -> str:
        return financial_year_label(self.year)


def _one_place(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"))


def figures_by_year() -> list[YearFigures]:
    """Each financial year with returns, newest first; a year with too few returns has its count only."""
    threshold = min_returns()
    rows = (
        returns_in_scope()
        .values("year")
        .annotate(
            returns=Count("id"),
            total_staff=Sum("staff_headcount"),
            mean_sickness=Avg("sickness_absence_days"),
            mean_staff_turnover=Avg("staff_turnover_percent"),
            won=Sum("contracts_won"),
            lost=Sum("contracts_lost"),
        )
        .order_by("-year")
    )
    shown_years = [row["year"] for row in rows if row["returns"] >= threshold]
    turnovers: dict[int, list[Decimal]] = {}
    for year, turnover in returns_in_scope().filter(year__in=shown_years).values_list("year", "turnover"):
        turnovers.setdefault(year, []).append(turnover)
    figures = []
    for row in rows:
        if row["returns"] < threshold:
            figures.append(YearFigures(year=row["year"], returns=row["returns"], shown=False))
            continue
        figures.append(
            YearFigures(
                year=row["year"],
                returns=row["returns"],
                shown=True,
                total_staff=row["total_staff"],
                median_turnover=Decimal(median(turnovers[row["year"]])).quantize(Decimal("0.01")),
                mean_sickness_absence_days=_one_place(row["mean_sickness"]),
                mean_staff_turnover_percent=_one_place(row["mean_staff_turnover"]),
                contracts_won=row["won"],
                contracts_lost=row["lost"],
            )
        )
    return figures
