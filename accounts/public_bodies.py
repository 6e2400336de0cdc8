"""Public bodies as reference data: read the official registers' CSV files (`manage.py load_public_bodies`).

Two layouts are read:

- the portal's own (the committed starter file `accounts/data/public_bodies.csv`): `name`, `kind`
  (council, nhs, central), `tier` (PublicBody.Tier), `ons_code`, `region` (Region; a council's is
  required, another body's is left empty when its area spans more than one region), `source`;
- the Office for National Statistics' names-and-codes files (Open Geography Portal), e.g. "Local
  Authority District to Region" with `LAD24CD`, `LAD24NM`, `RGN24CD`, `RGN24NM`, or "Counties and
  Unitary Authorities" (`CTYUA24CD`...), or "Fire and Rescue Authorities" (`FRA23CD`...): the year in
  the column names may be any. The tier comes from the code's entity prefix, the region from the
  region columns, and the source is the file's address given with `--source`.

Every row must say where it comes from: a row without a source is refused, never guessed.
"""

import csv
import re
from dataclasses import dataclass

from django.db import transaction

from .models import PublicBody, Region

# ONS GSS entity codes (the first three characters of a code) for the bodies we list.
TIER_BY_ENTITY = {
    "E06": PublicBody.Tier.UNITARY,
    "E07": PublicBody.Tier.DISTRICT,
    "E08": PublicBody.Tier.METROPOLITAN,
    "E09": PublicBody.Tier.LONDON_BOROUGH,
    "E10": PublicBody.Tier.COUNTY,
    "E31": PublicBody.Tier.FIRE,
}
# The City of London (E09000001) is not a London borough council: listed, but as "other".
NOT_A_LONDON_BOROUGH = {"E09000001"}
REGION_BY_CODE = {
    "E12000001": Region.NORTH_EAST,
    "E12000002": Region.NORTH_WEST,
    "E12000003": Region.YORKSHIRE,
    "E12000004": Region.EAST_MIDLANDS,
    "E12000005": Region.WEST_MIDLANDS,
    "E12000006": Region.EAST,
    "E12000007": Region.LONDON,
    "E12000008": Region.SOUTH_EAST,
    "E12000009": Region.SOUTH_WEST,
}
REGION_BY_NAME = {label.lower(): value for value, label in Region.choices}
ONS_CODE = re.compile(r"^[EWSN]\d{8}$")


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    problems: list[str] | None = None


def _column(header: list[str], suffix: str, prefixes: tuple[str, ...]) -> str | None:
    for name in header:
        upper = name.strip().upper()
        if upper.endswith(suffix) and upper.startswith(prefixes):
            return name
    return None


def _ons_row(row: dict, columns: dict, source: str) -> dict:
    code = (row.get(columns["code"]) or "").strip().upper()
    tier = TIER_BY_ENTITY.get(code[:3], PublicBody.Tier.OTHER)
    if code in NOT_A_LONDON_BOROUGH:
        tier = PublicBody.Tier.OTHER
    region = ""
    if columns.get("region_code"):
        region = REGION_BY_CODE.get((row.get(columns["region_code"]) or "").strip().upper(), "")
    if not region and columns.get("region_name"):
        region = REGION_BY_NAME.get((row.get(columns["region_name"]) or "").strip().lower(), "")
    return {
        "name": (row.get(columns["name"]) or "").strip(),
        "kind": PublicBody.Kind.COUNCIL,
        "tier": tier,
        "ons_code": code,
        "region": region,
        "source": source,
    }


def _portal_row(row: dict, source: str) -> dict:
    return {
        "name": (row.get("name") or "").strip(),
        "kind": (row.get("kind") or "").strip(),
        "tier": (row.get("tier") or "").strip(),
        "ons_code": (row.get("ons_code") or "").strip().upper(),
        "region": (row.get("region") or "").strip(),
        "source": (row.get("source") or "").strip() or source,
    }


def read_rows(lines, *, source: str = "") -> list[dict]:
    """The rows of a CSV file (an iterable of text lines) in the portal's layout."""
    reader = csv.DictReader(lines)
    header = reader.fieldnames or []
    if "name" in header and "kind" in header:
        return [_portal_row(row, source) for row in reader]
    columns = {
        "code": _column(header, "CD", ("LAD", "CTYUA", "CTY", "UTLA", "FRA")),
        "name": _column(header, "NM", ("LAD", "CTYUA", "CTY", "UTLA", "FRA")),
        "region_code": _column(header, "CD", ("RGN",)),
        "region_name": _column(header, "NM", ("RGN",)),
    }
    if not columns["code"] or not columns["name"]:
        raise ValueError(
            "Not a file this command reads: expected the columns name, kind, tier, ons_code, region, source, "
            "or an ONS names-and-codes file (LAD..CD and LAD..NM, CTYUA..CD and CTYUA..NM, or FRA..CD and FRA..NM)."
        )
    return [_ons_row(row, columns, source) for row in reader]


def _problem(number: int, row: dict) -> str | None:
    where = f"Row {number} ({row['name'] or 'no name'})"
    if not row["name"]:
        return f"{where}: no name"
    if not row["source"]:
        return f"{where}: no source; say where the row comes from (a source column or --source)"
    if row["kind"] not in PublicBody.Kind.values:
        return f"{where}: kind {row['kind']!r} is not one of {', '.join(PublicBody.Kind.values)}"
    if row["tier"] and row["tier"] not in PublicBody.Tier.values:
        return f"{where}: tier {row['tier']!r} is not one of {', '.join(PublicBody.Tier.values)}"
    if row["region"] not in Region.values and (row["region"] or row["kind"] == PublicBody.Kind.COUNCIL):
        # A council lies in one region; an NHS body's area may span two (left empty: not one region).
        return f"{where}: no region, or not one of {', '.join(Region.values)}"
    if row["ons_code"] and not ONS_CODE.match(row["ons_code"]):
        return f"{where}: {row['ons_code']!r} is not an ONS code like E06000014"
    return None


@transaction.atomic
def load(rows: list[dict]) -> LoadResult:
    """Create or update the bodies (matched by ONS code, else by name). Nothing is saved if any row
    is wrong: the problems are returned instead."""
    problems = [problem for number, row in enumerate(rows, start=2) if (problem := _problem(number, row))]
    if problems:
        return LoadResult(problems=problems)
    result = LoadResult(problems=[])
    for row in rows:
        body = None
        if row["ons_code"]:
            body = PublicBody.objects.filter(ons_code=row["ons_code"]).first()
        if body is None:
            body = PublicBody.objects.filter(name__iexact=row["name"]).first()
        if body is None:
            PublicBody.objects.create(**row, is_verified=True)
            result.created += 1
            continue
        for field, value in row.items():
            setattr(body, field, value)
        body.is_verified = True
        body.save()
        result.updated += 1
    return result
