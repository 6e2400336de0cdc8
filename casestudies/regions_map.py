"""A hex-grid map of England's nine regions: one hexagon per region, placed roughly where the
region lies, drawn by us (no map tiles, no outside asset). The page's table says the same."""

import math

from django.db.models import Count

from accounts.models import Region

from .models import CaseStudy

HEX_RADIUS = 54  # centre to corner; pointy-top hexagons
COLUMN = HEX_RADIUS * math.sqrt(3)  # width of a hexagon
ROW = HEX_RADIUS * 1.5
MARGIN = 8

# region -> (column, row) on an offset grid: odd rows sit half a hexagon to the right.
LAYOUT = {
    Region.NORTH_EAST: (2, 0),
    Region.NORTH_WEST: (1, 1),
    Region.YORKSHIRE: (2, 1),
    Region.WEST_MIDLANDS: (1, 2),
    Region.EAST_MIDLANDS: (2, 2),
    Region.EAST: (3, 2),
    Region.SOUTH_WEST: (0, 3),
    Region.LONDON: (2, 3),
    Region.SOUTH_EAST: (2, 4),
}
SHORT_NAMES = {
    Region.NORTH_EAST: "NE",
    Region.NORTH_WEST: "NW",
    Region.YORKSHIRE: "Y&H",
    Region.WEST_MIDLANDS: "WM",
    Region.EAST_MIDLANDS: "EM",
    Region.EAST: "E",
    Region.SOUTH_WEST: "SW",
    Region.LONDON: "Ldn",
    Region.SOUTH_EAST: "SE",
}
WIDTH = round(MARGIN * 2 + COLUMN * 4.5)
HEIGHT = round(MARGIN * 2 + HEX_RADIUS * 2 + ROW * 4)


def _centre(column: int, row: int) -> tuple[float, float]:
    x = MARGIN + COLUMN / 2 + column * COLUMN + (COLUMN / 2 if row % 2 else 0)
    y = MARGIN + HEX_RADIUS + row * ROW
    return x, y


def _points(x: float, y: float) -> str:
    corners = []
    for k in range(6):
        angle = math.radians(60 * k - 90)
        corners.append(f"{x + HEX_RADIUS * math.cos(angle):.1f},{y + HEX_RADIUS * math.sin(angle):.1f}")
    return " ".join(corners)


def mutual_counts() -> dict[str, int]:
    """Published public service mutuals per region ("" for not known); entries that are not
    mutuals are not counted."""
    rows = (
        CaseStudy.objects.published()
        .filter(is_public_service_mutual=True)
        .order_by()
        .values("region")
        .annotate(n=Count("pk"))
    )
    return {row["region"]: row["n"] for row in rows}


def shade(count: int, most: int) -> str:
    """A class from light (none) to dark (the most)."""
    if not count:
        return "app-hex--0"
    return f"app-hex--{min(3, 1 + (3 * count - 1) // max(most, 1))}"


def regions_map(counts: dict[str, int]) -> dict:
    """The hexagons (with their counts) and the table rows, from the same counts."""
    most = max((counts.get(region, 0) for region in LAYOUT), default=0)
    hexes = []
    for region, (column, row) in LAYOUT.items():
        x, y = _centre(column, row)
        count = counts.get(region, 0)
        hexes.append(
            {
                "region": region,
                "label": region.label,
                "short": SHORT_NAMES[region],
                "count": count,
                "points": _points(x, y),
                "x": f"{x:.1f}",
                "y": f"{y:.1f}",
                "shade": shade(count, most),
            }
        )
    outside = [
        {"region": region, "label": region.label, "count": counts[region]}
        for region in Region
        if region not in LAYOUT and counts.get(region)
    ]
    return {
        "hexes": hexes,
        "outside_england": outside,
        "not_known": counts.get("", 0),
        "total": sum(counts.values()),
        "width": WIDTH,
        "height": HEIGHT,
    }
