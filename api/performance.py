"""The four mandatory performance measures by month (Service Standard point 10; #25, point 4).

- User satisfaction: the share of "Give feedback" answers that were satisfied or very satisfied.
- Completion rate of each online transaction: of the transactions started in a month, the share
  finished (a registration confirmed from its email; an expression of interest sent, not left
  as a draft).
- Digital take-up: of the expressions of interest received in a month, the share sent through the
  portal rather than by email or post (which an officer records).
- Cost per transaction: settings.PERFORMANCE_MONTHLY_COST (the service's running cost per month,
  in pounds) divided by the transactions finished in the month; "not known" when no cost is set.

Read-only: every figure is counted from the portal's own records when the page is asked for.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from accounts.models import Feedback, PendingRegistration
from challenges.models import EOIStatus, ExpressionOfInterest, Route

MONTHS = 12
TRANSACTIONS = [
    ("staff_group", "Register a staff group"),
    ("relevant_body", "Create a community body account"),
    ("eoi", "Send an expression of interest (Community Right to Challenge)"),
]


@dataclass
class Month:
    start: date
    responses: int = 0
    satisfied: int = 0
    started: Counter = field(default_factory=Counter)
    completed: Counter = field(default_factory=Counter)
    online: int = 0
    offline: int = 0

    @property
    def label(self) -> str:
        return f"{self.start:%B %Y}"

    @property
    def satisfaction(self) -> Decimal | None:
        return _percent(self.satisfied, self.responses)

    def completion(self, key: str) -> Decimal | None:
        return _percent(self.completed[key], self.started[key])

    @property
    def take_up(self) -> Decimal | None:
        return _percent(self.online, self.online + self.offline)

    @property
    def transactions(self) -> int:
        return sum(self.completed.values())

    @property
    def cost_per_transaction(self) -> Decimal | None:
        cost = monthly_cost()
        if cost is None or not self.transactions:
            return None
        return (cost / self.transactions).quantize(Decimal("0.01"))


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None  # nothing to measure: "no data", never 0 %
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def monthly_cost() -> Decimal | None:
    value = getattr(settings, "PERFORMANCE_MONTHLY_COST", None)
    return Decimal(str(value)) if value not in (None, "") else None


def _month_of(moment) -> date:
    local = timezone.localtime(moment) if hasattr(moment, "tzinfo") and moment.tzinfo else moment
    return date(local.year, local.month, 1)


def month_starts(today: date, count: int = MONTHS) -> list[date]:
    year, month = today.year, today.month
    starts = []
    for _ in range(count):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(starts))


def measures(today: date | None = None) -> list[Month]:
    """The last twelve months, oldest first."""
    today = today or timezone.localdate()
    months = {start: Month(start) for start in month_starts(today)}
    first = min(months)
    since = timezone.make_aware(timezone.datetime(first.year, first.month, 1))

    for satisfaction, created_at in Feedback.objects.filter(created_at__gte=since).values_list(
        "satisfaction", "created_at"
    ):
        month = months.get(_month_of(created_at))
        if month:
            month.responses += 1
            month.satisfied += satisfaction in (Feedback.Satisfaction.SATISFIED, Feedback.Satisfaction.VERY_SATISFIED)

    for kind, created_at, completed_at in PendingRegistration.objects.filter(created_at__gte=since).values_list(
        "kind", "created_at", "completed_at"
    ):
        month = months.get(_month_of(created_at))
        if month:
            month.started[kind] += 1
            month.completed[kind] += completed_at is not None

    eois = ExpressionOfInterest.objects.filter(created_at__gte=since).values_list("route", "status", "created_at")
    for route, status, created_at in eois:
        month = months.get(_month_of(created_at))
        if not month:
            continue
        sent = status != EOIStatus.DRAFT
        if route == Route.ONLINE:
            month.started["eoi"] += 1
            month.completed["eoi"] += sent
            month.online += sent
        elif sent:
            month.offline += 1  # sent by email or post and recorded by an officer
    return [months[start] for start in sorted(months)]


def stamp(request) -> tuple:
    """What the page shows changes only when one of these does (cheap, indexed)."""
    return (
        timezone.localdate().isoformat(),
        str(monthly_cost()),
        Feedback.objects.aggregate(last=Max("created_at"))["last"],
        PendingRegistration.objects.aggregate(last=Max("created_at"), done=Max("completed_at")),
        ExpressionOfInterest.objects.aggregate(last=Max("created_at"), n=Max("pk")),
        ExpressionOfInterest.objects.exclude(status=EOIStatus.DRAFT).count(),
    )


def rows(months: list[Month]) -> tuple[list[str], list[list]]:
    """The CSV download: one row per month, every measure, empty where there is nothing to measure."""
    header = ["month", "feedback answers", "satisfied or very satisfied", "user satisfaction %"]
    for key, _label in TRANSACTIONS:
        header += [f"{key} started", f"{key} completed", f"{key} completion rate %"]
    header += ["sent online", "recorded by an officer", "digital take-up %", "transactions", "cost per transaction GBP"]
    body = []
    for month in months:
        row = [month.start.strftime("%Y-%m"), month.responses, month.satisfied, month.satisfaction]
        for key, _label in TRANSACTIONS:
            row += [month.started[key], month.completed[key], month.completion(key)]
        row += [month.online, month.offline, month.take_up, month.transactions, month.cost_per_transaction]
        body.append(["" if cell is None else cell for cell in row])
    return header, body


def bar_chart(chart_id: str, title: str, months: list[Month], values: list[Decimal | None], *, unit: str = "%") -> str:
    """A server-drawn SVG bar chart of one measure by month (the table beside it has the figures).
    Percentages run from 0 to 100; pounds from 0 to the largest value. A month with nothing to
    measure has no bar and is named "no data" in the description."""
    from django.utils.html import escape, format_html, mark_safe  # noqa: PLC0415 - only the page needs them

    width, height, left, bottom, top = 640, 220, 40, 30, 10
    plot = height - bottom - top
    known = [v for v in values if v is not None]
    scale_max = Decimal(100) if unit == "%" else (max(known) if known else Decimal(1)) or Decimal(1)
    step = (width - left) / len(months)
    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="app-chart__axis"/>', left, top + plot, width, top + plot
        ),
        format_html(
            '<text x="{}" y="{}" class="app-chart__label" text-anchor="end">{}{}</text>',
            left - 4,
            top + 8,
            "£" if unit == "£" else "",
            f"{scale_max:,.0f}" + ("%" if unit == "%" else ""),
        ),
        format_html('<text x="{}" y="{}" class="app-chart__label" text-anchor="end">0</text>', left - 4, top + plot),
    ]
    described = []
    for index, (month, value) in enumerate(zip(months, values, strict=True)):
        x = left + index * step + step * 0.15
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="app-chart__label" text-anchor="middle">{}</text>',
                f"{x + step * 0.35:.1f}",
                height - 10,
                f"{month.start:%b}",
            )
        )
        if value is None:
            described.append(f"{month.label}: no data")
            continue
        bar = float(value / scale_max) * plot if scale_max else 0
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" class="app-chart__bar"/>',
                f"{x:.1f}",
                f"{top + plot - bar:.1f}",
                f"{step * 0.7:.1f}",
                f"{bar:.1f}",
            )
        )
        described.append(f"{month.label}: " + (f"{value}%" if unit == "%" else f"£{value:,.2f}"))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-labelledby="{}-title {}-desc" class="app-chart"><title id="{}-title">{}</title>'
        '<desc id="{}-desc">{}</desc>{}</svg>',
        width,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        "; ".join(described),
        mark_safe("".join(escape(p) if not hasattr(p, "__html__") else p for p in parts)),  # noqa: S308 - built by format_html
    )
