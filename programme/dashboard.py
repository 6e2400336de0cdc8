"""Figures for the programme pipeline dashboard: each table is one or two queries, whatever the data size."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial

from django.core.cache import cache
from django.db.models import Case, Count, DateField, FilteredRelation, Q, Sum, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from journeys.models import Journey, StaffGroup, Stage
from mutuals_portal.lib.cache import data_changed, version
from mutuals_portal.lib.dates import start_of_day
from mutuals_portal.lib.prepared import PreparedModels, PreparedValues

from .models import MentoringRequest, Programme, Referral, SupportAllocation
from .services import gate_requests_waiting
from .tasks import (
    DUE_SOON_WORKING_DAYS,
    due_soon_arrived_before,
    overdue_arrived_before,
)

STALLED_AFTER_DAYS = 60
SHORT_STAGE = {
    Stage.EXPLORE: "Explore",
    Stage.SUPPORT: "Support",
    Stage.DESIGN: "Design",
    Stage.BUSINESS_PLAN: "Business plan",
    Stage.TRANSFER: "Transfer",
    Stage.SPUN_OUT: "Spun out",
}
AGE_BUCKETS = [  # label, from days (inclusive), to days (exclusive; None = no limit)
    ("Under 7 days", 0, 7),
    ("7 to 29 days", 7, 30),
    ("30 to 89 days", 30, 90),
    ("90 days or more", 90, None),
]


def supported_journeys():
    return Journey.objects.live().filter(in_support_programme=True)


def _supported_journeys_to_count():
    """supported_journeys() for the counts, leaving out the ids of the (few) deleted groups rather than
    joining every group to check it is live: the same journeys, as each has its group."""
    deleted = StaffGroup.objects.filter(deleted_at__isnull=False).values("id")
    return Journey.objects.filter(in_support_programme=True).exclude(group__in=deleted)


def _stalled_before(now=None) -> datetime:
    """An active journey with no activity since this moment has stalled."""
    return (now or timezone.now()) - timedelta(days=STALLED_AFTER_DAYS)


def _inactive_since(before) -> Q:
    return Q(status=Journey.Status.ACTIVE, last_activity_at__lt=before)


def _stalled(now=None) -> Q:
    """Active, and no activity for STALLED_AFTER_DAYS days."""
    return _inactive_since(_stalled_before(now))


def _journey_counts_query(stalled_before):
    """Per stage: supported journeys, those stalled, those with a mentor now and those waiting for one
    (one grouped query). A journey has at most one current mentoring request, waiting or running (the
    one_current_mentoring constraint), so joining it counts each journey once; the join cost less to
    build and run than an EXISTS subquery per count."""
    current = FilteredRelation(
        "mentoring_requests",
        condition=Q(mentoring_requests__status__in=[MentoringRequest.Status.OPEN, MentoringRequest.Status.MATCHED]),
    )
    return (
        _supported_journeys_to_count()
        .annotate(current_mentoring=current)
        .values("stage")
        .annotate(
            n=Count("id"),
            stalled=Count("id", filter=_inactive_since(stalled_before)),
            mentored=Count("id", filter=Q(current_mentoring__status=MentoringRequest.Status.MATCHED)),
            waiting=Count("id", filter=Q(current_mentoring__status=MentoringRequest.Status.OPEN)),
        )
        .order_by()
    )


# Compiled once per process (mutuals_portal.lib.prepared): building it cost more Python than running it.
_JOURNEY_COUNTS = PreparedValues(_journey_counts_query, kinds=("datetime",))


def _journey_counts(now=None) -> list[dict]:
    """_journey_counts_query's rows: stage, n, stalled, mentored, waiting."""
    return _JOURNEY_COUNTS.rows(_stalled_before(now))


def stage_counts(now=None, *, rows: list[dict] | None = None) -> tuple[dict[str, int], int]:
    """Supported journeys at each stage, and how many of them have stalled: one query."""
    rows = _journey_counts(now) if rows is None else rows
    return {row["stage"]: row["n"] for row in rows}, sum(row["stalled"] for row in rows)


def mentoring_coverage(rows: list[dict]) -> dict:
    """Supported journeys with a mentor now, of all supported journeys, and the requests waiting for a mentor."""
    total = sum(row["n"] for row in rows)
    mentored = sum(row["mentored"] for row in rows)
    return {
        "mentored": mentored,
        "total": total,
        "percent": round(100 * mentored / total) if total else 0,
        "waiting": sum(row["waiting"] for row in rows),
    }


def journeys_by_stage(counts: dict[str, int] | None = None) -> list[dict]:
    if counts is None:
        counts = stage_counts()[0]
    return [{"stage": stage.label, "short": SHORT_STAGE[stage], "count": counts.get(stage.value, 0)} for stage in Stage]


STALLED_SHOWN = 25


def stalled_journeys(now=None):
    return supported_journeys().filter(_stalled(now)).with_group().order_by("last_activity_at", "id")


# What the stalled journeys' table shows of each (templatetags/referral_tags.py stalled_rows).
STALLED_COLUMNS = ["pk", "stage", "last_activity_at", "group__name", "assigned_adviser__full_name"]


def _stalled_shown(before, shown: int = STALLED_SHOWN):
    """The longest-stalled first, with what the page shows of them (rows: no instances to build); the CSV
    has them all."""
    return (
        supported_journeys()
        .filter(_inactive_since(before))
        .order_by("last_activity_at", "id")
        .values(*STALLED_COLUMNS)[:shown]
    )


# Compiled once per process (mutuals_portal.lib.prepared).
_STALLED_SHOWN = PreparedValues(_stalled_shown, kinds=("datetime",), one_plan=True)


_BUDGET_SUMS = PreparedValues(
    lambda programme_id: (
        SupportAllocation.objects.filter(programme_id=programme_id)
        .values("category")
        .annotate(total=Sum("amount"))
        .order_by()
    )
)


def budget_by_category(programme: Programme | None) -> dict:
    rows = []
    allocated = Decimal("0")
    if programme is not None:
        sums = {row["category"]: row["total"] for row in _BUDGET_SUMS.rows(programme.pk)}
        for category in SupportAllocation.Category:
            amount = sums.get(category.value) or Decimal("0")
            allocated += amount
            rows.append({"category": category.label, "allocated": amount})
    budget = programme.budget if programme else Decimal("0")
    return {"rows": rows, "allocated": allocated, "budget": budget, "remaining": budget - allocated}


# The referral figures' data version (mutuals_portal/lib/cache.py): bumped by every write that adds,
# removes or re-dates a referral or changes its status (programme/apps.py, and writes without signals).
REFERRAL_FIGURES = "referral-figures"
DAYS_CACHE_SECONDS = 26 * 60 * 60  # the days counted move on each day

_BUCKET_ENDS = tuple(end for _label, _start, end in AGE_BUCKETS if end is not None)
# How far back the counts per day go: past the oldest bucket's end, so each bucket's boundary falls on one.
COUNTED_DAYS = max(_BUCKET_ENDS) + 2


def referral_figures_changed() -> None:
    data_changed(REFERRAL_FIGURES)


def _referral_days(first: date, today: date) -> dict:
    """The referrals that arrived before today, per status: how many arrived before `first`, and how many on
    each day from `first` to yesterday (in the site's time zone). One grouped query."""
    day = Case(
        When(created_at__lt=start_of_day(first), then=Value(None)),
        default=TruncDate("created_at"),
        output_field=DateField(),
    )
    rows = (
        Referral.objects.filter(created_at__lt=start_of_day(today))
        .annotate(day=day)
        .values("status", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    length = (today - first).days
    before: dict[str, int] = {}
    days: dict[str, list[int]] = {}
    for row in rows:
        if row["day"] is None:
            before[row["status"]] = row["n"]
        else:
            days.setdefault(row["status"], [0] * length)[(row["day"] - first).days] += row["n"]
    return {"before": before, "days": days}


def _live_figures(now, today_start, *boundaries):
    """Per status, the referrals the per-day counts cannot tell apart: those that arrived today (up to `now`),
    and for each age bucket's boundary (a moment, then the end of its day) those that arrived on its day
    after it. The few rows of today and of three days, whatever the number of referrals."""
    pairs = list(zip(boundaries[::2], boundaries[1::2], strict=True))
    within = Q(created_at__gte=today_start)
    for moment, day_end in pairs:
        within |= Q(created_at__gt=moment, created_at__lt=day_end)
    return (
        Referral.objects.filter(created_at__lte=now)
        .filter(within)
        .values("status")
        .annotate(
            today=Count("pk", filter=Q(created_at__gte=today_start)),
            **{
                f"after{index}": Count("pk", filter=Q(created_at__gt=moment, created_at__lt=day_end))
                for index, (moment, day_end) in enumerate(pairs)
            },
        )
        .order_by()
    )


# Compiled once per process (mutuals_portal.lib.prepared): now, today's start, and each boundary with its day's end.
_LIVE_FIGURES = PreparedValues(_live_figures, kinds=("datetime",) * (2 + 2 * len(_BUCKET_ENDS)), one_plan=True)


def _referral_counts(now, today) -> dict[str, dict]:
    """Per status: the referrals, the running totals younger than each age bucket's end (`under0`...), and
    the overdue and due-soon ones (by arrival date, as the advisers' digest counts them).

    The referrals that arrived before today are counted per day (and before COUNTED_DAYS days ago, at once)
    by one query a day, kept in the cache under the referral figures' version and the day: the overdue and
    due-soon boundaries are midnights, so whole days count. The rest is read live on every request: today's
    referrals, and on the day of each age bucket's boundary (a moment: 7 days ago, to the microsecond) those
    that arrived after it."""
    overdue_before = overdue_arrived_before(today)
    due_before = due_soon_arrived_before(today)
    first = min(
        today - timedelta(days=COUNTED_DAYS),
        timezone.localdate(overdue_before),
        timezone.localdate(due_before),
    )
    boundaries = [now - timedelta(days=end) for end in _BUCKET_ENDS]
    boundary_days = [timezone.localdate(moment) for moment in boundaries]
    # The version is read before the rows, so counts read from rows a write then changes are kept
    # under a version that write has bumped.
    key = f"pipeline-referral-days:{version(REFERRAL_FIGURES)}:{today.isoformat()}:{first.isoformat()}"
    counted = cache.get(key)
    if counted is None:
        counted = _referral_days(first, today)
        cache.set(key, counted, DAYS_CACHE_SECONDS)
    live_values = [now, start_of_day(today)]
    for moment, day in zip(boundaries, boundary_days, strict=True):
        live_values += [moment, start_of_day(day + timedelta(days=1))]
    live = {row["status"]: row for row in _LIVE_FIGURES.rows(*live_values)}

    def before_day(days: list[int], before: int, day: date, today_count: int) -> int:
        """The referrals that arrived before `day` (every one of today's, if `day` is later)."""
        if day > today:
            return before + sum(days) + today_count
        return before + sum(days[: (day - first).days])

    counts = {}
    for status in {*counted["before"], *counted["days"], *live}:
        days = counted["days"].get(status, [])
        before = counted["before"].get(status, 0)
        row = live.get(status, {})
        today_count = row.get("today", 0)
        overdue = before_day(days, before, timezone.localdate(overdue_before), today_count)
        due = before_day(days, before, timezone.localdate(due_before), today_count) - overdue
        counts[status] = {
            "status": status,
            "total": before + sum(days) + today_count,
            "overdue": overdue,
            "due": max(due, 0),
            **{
                f"under{index}": sum(days[(day - first).days + 1 :]) + row.get(f"after{index}", 0) + today_count
                for index, day in enumerate(boundary_days)
            },
        }
    return counts


def referrals_by_status_and_age(now=None, *, counts: dict[str, dict] | None = None) -> list[dict]:
    now = now or timezone.now()
    found = counts if counts is not None else _referral_counts(now, timezone.localdate(now))
    rows = []
    for status in Referral.Status:
        row = found.get(status.value, {})
        below = 0
        cells = []
        for index, (_label, _start, end) in enumerate(AGE_BUCKETS):
            up_to = row.get(f"under{index}", 0) if end is not None else row.get("total", 0)
            cells.append(up_to - below)
            below = up_to
        rows.append({"status": status.label, "counts": cells, "total": sum(cells)})
    return rows


@dataclass
class Bar:
    label: str
    count: int
    x: int
    y: int
    width: int
    height: int
    label_y: int
    value_y: int

    @property
    def centre(self) -> int:
        return self.x + self.width // 2


def bar_chart(rows: list[dict], *, width: int = 640, height: int = 240) -> dict:
    """Geometry for a vertical bar chart drawn as inline SVG by the template (no JavaScript)."""
    top, bottom = 24, 48
    plot = height - top - bottom
    slot = width // max(len(rows), 1)
    biggest = max([row["count"] for row in rows] + [1])
    bars = []
    for index, row in enumerate(rows):
        bar_height = round(plot * row["count"] / biggest)
        y = top + plot - bar_height
        bars.append(
            Bar(
                label=row["short"],
                count=row["count"],
                x=index * slot + slot // 6,
                y=y,
                width=slot * 2 // 3,
                height=bar_height,
                label_y=height - bottom + 18,
                value_y=y - 6,
            )
        )
    return {"bars": bars, "width": width, "height": height, "slot": slot, "baseline": top + plot}


AWAITING_SHOWN = 25
# What the table shows of each (loading the enquiry's text too cost more than the query).
AWAITING_COLUMNS = ["reference", "status", "organisation", "created_at", "assigned_adviser__full_name"]
# The "days waiting" column's orders: longest wait first (the default), or shortest first.
WAITING_ORDER = {"longest": ["created_at", "id"], "shortest": ["-created_at", "-id"]}


def awaiting_reply(order: str = "longest", today=None, *, counts: dict[str, dict] | None = None) -> dict:
    """Referrals nobody has answered yet, with how many are overdue or due soon (as the advisers' digest
    counts them), and the AWAITING_SHOWN first in the chosen order of days waiting."""
    today = today or timezone.localdate()
    if counts is None:
        counts = _referral_counts(timezone.now(), today)
    waiting_counts = [counts.get(status, {}) for status in Referral.AWAITING_REPLY]
    totals = {key: sum(row.get(key, 0) for row in waiting_counts) for key in ("total", "overdue", "due")}
    order = order if order in WAITING_ORDER else "longest"
    return {
        "rows": _AWAITING_SHOWN[order].rows(),
        "total": totals["total"],
        "overdue": totals["overdue"],
        "due_soon": totals["due"],
        "due_soon_days": DUE_SOON_WORKING_DAYS,
        "order": order,
    }


def _awaiting_shown(order: str):
    """What the table shows of each (rows: no instances to build)."""
    return (
        Referral.objects.filter(status__in=Referral.AWAITING_REPLY)
        .order_by(*WAITING_ORDER[order])
        .values("pk", *AWAITING_COLUMNS)[:AWAITING_SHOWN]
    )


# Each order's first AWAITING_SHOWN, compiled once per process (mutuals_portal.lib.prepared).
_AWAITING_SHOWN = {order: PreparedValues(partial(_awaiting_shown, order), arity=0) for order in WAITING_ORDER}


# What the sign-offs table shows of each gate request.
GATE_COLUMNS = [
    "journey__group__name",
    "journey__assigned_adviser__full_name",
    "from_stage",
    "requested_at",
    "requested_by__full_name",
]


# The sign-offs waiting, compiled once per process (mutuals_portal.lib.prepared).
_GATES_WAITING = PreparedModels(lambda: gate_requests_waiting().only(*GATE_COLUMNS), arity=0)


def pipeline(programme: Programme | None, *, waiting_order: str = "longest") -> dict:
    now = timezone.now()
    journey_rows = _journey_counts(now)
    counts, stalled_total = stage_counts(now, rows=journey_rows)
    referral_counts = _referral_counts(now, timezone.localdate(now))  # the age table and the waiting figures
    stages = journeys_by_stage(counts)
    return {
        "stages": stages,
        "stage_total": sum(row["count"] for row in stages),
        "chart": bar_chart(stages),
        "stalled": _STALLED_SHOWN.rows(_stalled_before(now)),
        "stalled_total": stalled_total,
        "gates": _GATES_WAITING.objects(),
        "budget": budget_by_category(programme),
        "referrals": referrals_by_status_and_age(now, counts=referral_counts),
        "age_buckets": [label for label, _start, _end in AGE_BUCKETS],
        "stalled_after_days": STALLED_AFTER_DAYS,
        "awaiting": awaiting_reply(waiting_order, timezone.localdate(now), counts=referral_counts),
        "mentoring": mentoring_coverage(journey_rows),
    }
