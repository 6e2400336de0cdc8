"""The financial model's charts as server-drawn SVG: income against costs, year one's cash, scenarios.

Each chart has a title and a description for screen readers, and the page shows the same figures
in a table beside it (the table is the text alternative). Every text is escaped.
"""

from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.safestring import mark_safe

FONT = "GDS Transport, arial, sans-serif"
TEXT, GRID, AXIS = "#0b0c0c", "#e0e0e0", "#505a5f"
BLUE, ORANGE, GREEN, RED = "#1d70b8", "#f47738", "#00703c", "#d4351c"
WIDTH, HEIGHT = 760, 320
LEFT, RIGHT, TOP, BOTTOM = 86, 16, 40, 46


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    svg: str


def _pounds_short(value: Decimal) -> str:
    v = float(value)
    sign = "-" if v < 0 else ""
    v = abs(v)
    if v >= 1_000_000:
        return f"{sign}£{v / 1_000_000:.1f}m"
    if v >= 1_000:
        return f"{sign}£{v / 1_000:.0f}k"
    return f"{sign}£{v:.0f}"


def _scale(values: list[Decimal]):
    """A y axis from the data, always including zero, with 4 to 6 round gridlines."""
    low, high = min([Decimal(0), *values]), max([Decimal(0), *values])
    span = float(high - low) or 1.0
    raw = span / 5
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    bottom = step * (float(low) // step)
    top = step * -(-float(high) // step)
    if top == bottom:
        top = bottom + step
    plot_h = HEIGHT - TOP - BOTTOM

    def y(value) -> float:
        return TOP + plot_h * (top - float(value)) / (top - bottom)

    ticks = []
    tick = bottom
    while tick <= top + step / 2:
        ticks.append(tick)
        tick += step
    return y, ticks


def _frame(key: str, title: str, description: str, body: list[str], legend: list[tuple[str, str]]) -> str:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="chart-{key}-title chart-{key}-desc" font-family="{FONT}" font-size="14" fill="{TEXT}" '
        f'class="app-chart">',
        f'<title id="chart-{key}-title">{escape(title)}</title>',
        f'<desc id="chart-{key}-desc">{escape(description)}</desc>',
    ]
    x = LEFT
    for label, colour in legend:
        parts.append(f'<rect x="{x}" y="8" width="14" height="14" fill="{colour}"/>')
        parts.append(f'<text x="{x + 20}" y="20">{escape(label)}</text>')
        x += 40 + 8 * len(label)
    return "".join(parts + body + ["</svg>"])


def _axes(y, ticks) -> list[str]:
    parts = []
    for tick in ticks:
        ty = y(tick)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{LEFT - 8}" y="{ty + 5:.1f}" text-anchor="end" fill="{AXIS}">'
            f"{escape(_pounds_short(Decimal(str(tick))))}</text>"
        )
    zero = y(0)
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{zero:.1f}" y2="{zero:.1f}" stroke="{TEXT}"/>')
    return parts


def grouped_bars(key, title, description, categories, series) -> Chart:
    """Bars per category for each (label, colour, values) series; negative values hang below zero."""
    values = [v for _label, _colour, vals in series for v in vals]
    y, ticks = _scale(values)
    body = _axes(y, ticks)
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    bar = min(48, slot * 0.8 / max(len(series), 1))
    for i, category in enumerate(categories):
        start = LEFT + slot * i + (slot - bar * len(series)) / 2
        for j, (_label, colour, vals) in enumerate(series):
            top, bottom = sorted([y(vals[i]), y(0)])
            body.append(
                f'<rect x="{start + bar * j:.1f}" y="{top:.1f}" width="{bar - 2:.1f}" '
                f'height="{max(bottom - top, 0.5):.1f}" fill="{colour}"/>'
            )
        body.append(
            f'<text x="{LEFT + slot * (i + 0.5):.1f}" y="{HEIGHT - BOTTOM + 22}" text-anchor="middle">'
            f"{escape(str(category))}</text>"
        )
    legend = [(label, colour) for label, colour, _vals in series]
    return Chart(key, title, description, mark_safe(_frame(key, title, description, body, legend)))  # noqa: S308 - escaped above


def income_and_costs(result, labels) -> Chart:
    income = [y.income for y in result.years]
    costs = [y.costs for y in result.years]
    description = "; ".join(
        f"{label}: income {_pounds_short(i)}, costs {_pounds_short(c)}"
        for label, i, c in zip(labels, income, costs, strict=True)
    )
    return grouped_bars(
        "income-costs",
        "Income and costs by year",
        description,
        labels,
        [("Income", BLUE, income), ("Costs", ORANGE, costs)],
    )


def cash_in_year_one(result, month_names) -> Chart:
    closing = [m.closing_cash for m in result.months]
    colours = [GREEN if v >= 0 else RED for v in closing]
    y, ticks = _scale(closing)
    body = _axes(y, ticks)
    slot = (WIDTH - LEFT - RIGHT) / len(closing)
    for i, value in enumerate(closing):
        top, bottom = sorted([y(value), y(0)])
        body.append(
            f'<rect x="{LEFT + slot * i + 4:.1f}" y="{top:.1f}" width="{slot - 8:.1f}" '
            f'height="{max(bottom - top, 0.5):.1f}" fill="{colours[i]}"/>'
        )
        body.append(
            f'<text x="{LEFT + slot * (i + 0.5):.1f}" y="{HEIGHT - BOTTOM + 22}" text-anchor="middle">'
            f"{escape(month_names[i][:3])}</text>"
        )
    lowest = min(range(len(closing)), key=lambda i: closing[i])
    description = (
        f"Closing cash each month of year one, from {_pounds_short(closing[0])} in {month_names[0]} to "
        f"{_pounds_short(closing[-1])} in {month_names[-1]}; lowest {_pounds_short(closing[lowest])} in "
        f"{month_names[lowest]}."
    )
    legend = [("Cash at the month end", GREEN)] + ([("Overdrawn", RED)] if RED in colours else [])
    title = "Cash at the end of each month of year one"
    return Chart("cash", title, description, mark_safe(_frame("cash", title, description, body, legend)))  # noqa: S308 - escaped above


def scenarios(columns) -> Chart | None:
    shown = [c for c in columns if c.result is not None]
    if len(shown) < 2:
        return None
    totals = [c.total_surplus for c in shown]
    description = "; ".join(f"{c.title}: {_pounds_short(t)}" for c, t in zip(shown, totals, strict=True))
    return grouped_bars(
        "scenarios",
        "Surplus or deficit over the plan, by scenario",
        description,
        [c.title for c in shown],
        [("Surplus or deficit before tax", BLUE, totals)],
    )
