"""Charts for the pack as generated SVG, each with a text alternative. No pixels are drawn by hand."""

import base64
import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

FONT = "Liberation Sans, DejaVu Sans, Arial, sans-serif"
TEXT = "#0b0c0c"
GREY = "#b1b4b6"
LIGHT = "#f3f2f1"
BLUE = "#1d70b8"
GREEN = "#00703c"
RED = "#d4351c"
ORANGE = "#f47738"
YELLOW = "#ffdd00"


@dataclass(frozen=True)
class Chart:
    svg: str
    alt: str

    @property
    def data_uri(self) -> str:
        return svg_data_uri(self.svg)


def svg_data_uri(svg: str) -> str:
    """An SVG as the source of an <img>."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="{FONT}" font-size="13" fill="{TEXT}">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _text(x, y, content, *, anchor="start", size=13, weight="normal", fill=TEXT) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'font-weight="{weight}" fill="{fill}">{escape(str(content))}</text>'
    )


def _rect(x, y, w, h, fill, stroke="none") -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" '
        f'fill="{fill}" stroke="{stroke}"/>'
    )


def _legend(items, x, y) -> list[str]:
    parts = []
    for label, colour in items:
        parts.append(_rect(x, y - 11, 14, 14, colour))
        parts.append(_text(x + 20, y, label))
        x += 28 + 7.5 * len(label)
    return parts


def ballot_chart(ballots: list[dict]) -> Chart:
    """One stacked bar per ballot: for, against and did not vote, as shares of eligible staff."""
    width, label_w, bar_w, row_h = 640, 190, 420, 40
    height = 30 + row_h * len(ballots) + 40
    body = []
    for i, b in enumerate(ballots):
        y = 20 + i * row_h
        body.append(_text(0, y + 14, f"{b['kind']}, {b['held_on']}", size=12))
        x = label_w
        for key, colour in (("votes_for", GREEN), ("votes_against", RED), ("not_voted", GREY)):
            w = bar_w * b[key] / b["eligible"] if b["eligible"] else 0
            body.append(_rect(x, y, w, 22, colour))
            if w > 28:
                body.append(
                    _text(
                        x + w / 2, y + 15, b[key], anchor="middle", size=12, fill="#ffffff" if colour != GREY else TEXT
                    )
                )
            x += w
    body += _legend([("For", GREEN), ("Against", RED), ("Did not vote", GREY)], label_w, height - 12)
    alt = "Staff ballots and surveys. " + " ".join(
        f"{b['kind']} on {b['held_on']}: {b['votes_for']} for, {b['votes_against']} against and "
        f"{b['not_voted']} did not vote, of {b['eligible']} eligible staff"
        + (f" ({b['support']}% support, {b['turnout']}% turnout)." if b["support"] else ".")
        for b in ballots
    )
    return Chart(_svg(width, height, "Staff ballot results", body), alt)


def board_chart(board: list[dict]) -> Chart:
    """A horizontal bar per constituency: its number of seats on the board."""
    width, label_w, bar_w, row_h = 640, 150, 440, 30
    most = max((s["seats"] for s in board), default=1) or 1
    total = sum(s["seats"] for s in board)
    height = 16 + row_h * len(board)
    colours = [BLUE, GREEN, ORANGE, "#4c2c92", "#f499be"]
    body = []
    for i, seat in enumerate(board):
        y = 8 + i * row_h
        w = bar_w * seat["seats"] / most
        body.append(_text(0, y + 15, seat["constituency"]))
        body.append(_rect(label_w, y, w, 20, colours[i % len(colours)]))
        body.append(_text(label_w + w + 6, y + 15, seat["seats"], weight="bold"))
    alt = (
        f"Board composition, {total} seat{'' if total == 1 else 's'}: "
        + ", ".join(f"{s['constituency']} {s['seats']}" for s in board)
        + "."
    )
    return Chart(_svg(width, height, "Board composition", body), alt)


def _nice_step(top: float) -> float:
    """A round tick step giving about five ticks up to `top`."""
    raw = top / 5 if top > 0 else 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _short_money(value: float) -> str:
    if value >= 1_000_000:
        return f"£{value / 1_000_000:g}m"
    if value >= 1_000:
        return f"£{value / 1_000:g}k"
    return f"£{value:g}"


def score_band(score: int) -> tuple[str, str]:
    """The colour and name of a risk score band (likelihood x impact)."""
    if score >= 15:
        return RED, "high"
    if score >= 8:
        return ORANGE, "medium"
    if score >= 4:
        return YELLOW, "low"
    return "#85994b", "very low"


def heat_map(risks: list[dict]) -> Chart:
    """A 5x5 grid of likelihood against impact with the number of risks in each cell."""
    cell, left, top = 58, 110, 10
    width, height = left + 5 * cell + 20, top + 5 * cell + 60
    counts: dict[tuple[int, int], int] = {}
    for r in risks:
        counts[(r["likelihood"], r["impact"])] = counts.get((r["likelihood"], r["impact"]), 0) + 1
    body = []
    for impact in range(5, 0, -1):
        y = top + (5 - impact) * cell
        body.append(_text(left - 8, y + cell / 2 + 4, impact, anchor="end"))
        for likelihood in range(1, 6):
            x = left + (likelihood - 1) * cell
            colour, _ = score_band(likelihood * impact)
            body.append(_rect(x, y, cell, cell, colour, stroke="#ffffff"))
            count = counts.get((likelihood, impact))
            if count:
                fill = "#ffffff" if colour in (RED, "#85994b") else TEXT
                body.append(
                    _text(x + cell / 2, y + cell / 2 + 6, count, anchor="middle", size=18, weight="bold", fill=fill)
                )
    for likelihood in range(1, 6):
        body.append(_text(left + (likelihood - 0.5) * cell, top + 5 * cell + 18, likelihood, anchor="middle"))
    body.append(
        _text(left + 2.5 * cell, top + 5 * cell + 40, "Likelihood (1 rare to 5 almost certain)", anchor="middle")
    )
    body.append(
        f'<text x="16" y="{top + 2.5 * cell:.1f}" text-anchor="middle" font-size="13" '
        f'transform="rotate(-90 16 {top + 2.5 * cell:.1f})">Impact (1 to 5)</text>'
    )
    bands: dict[str, int] = {}
    for r in risks:
        band = score_band(r["score"])[1]
        bands[band] = bands.get(band, 0) + 1
    summary = ", ".join(f"{bands[b]} {b}" for b in ("high", "medium", "low", "very low") if b in bands)
    cells = "; ".join(
        f"likelihood {lk} and impact {im}: {n}"
        for (lk, im), n in sorted(counts.items(), key=lambda kv: (-kv[0][0] * kv[0][1], kv[0]))
    )
    count = f"{len(risks)} risk" + ("" if len(risks) == 1 else "s")
    alt = f"Risk heat map of {count} ({summary or 'none'}). Risks by cell: {cells or 'none'}."
    return Chart(_svg(width, height, "Risk heat map", body), alt)


def draft_watermark() -> str:
    """The "DRAFT" mark as an SVG data URI for the page background: a background is page furniture
    (an artefact in the tagged PDF), so a screen reader does not read "DRAFT" on every page."""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600" font-family="{FONT}">'
        f'<text x="300" y="340" text-anchor="middle" font-size="150" font-weight="bold" fill="{RED}" '
        f'fill-opacity="0.12" letter-spacing="8" transform="rotate(-40 300 300)">DRAFT</text></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
