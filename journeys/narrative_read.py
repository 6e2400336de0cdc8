"""The business plan's narrative as pages, packs and the DOCX read it: plain, JSON-ready values.

One list of sections in journeys.narrative's order, each with its parts (label, text, word count),
its table where it has one, and the task notes marked for it (quoted, attributed to the task).
"""

from datetime import date

from .models import PlanNarrative, Task
from .narrative import SPECS, STAKEHOLDER_GROUPS, Position, Section, lines, word_count


def _day(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%-d %B %Y")


def _options(answers: dict) -> dict | None:
    criteria = answers.get("criteria") or []
    options = answers.get("options") or []
    if not options:
        return None
    preferred = answers.get("preferred") or ""
    rows = []
    for n, option in enumerate(options, start=1):
        scores = option.get("scores") or []
        known = [s for s in scores if s is not None]
        rows.append(
            {
                "name": option["name"],
                "scores": ["not scored" if s is None else str(s) for s in scores],
                "total": sum(known),
                "preferred": str(n) == preferred,
            }
        )
    return {
        "criteria": criteria,
        "rows": rows,
        "out_of": 5 * len(criteria),
        "preferred": next((r["name"] for r in rows if r["preferred"]), ""),
    }


def _stakeholders(answers: dict) -> list[dict]:
    return [
        {
            "who": label,
            "position": Position(answers.get(f"{key}_position") or Position.NOT_KNOWN).label,
            "notes": answers.get(f"{key}_notes", ""),
        }
        for key, label in STAKEHOLDER_GROUPS
    ]


def plan_notes(journey) -> dict[str, list[dict]]:
    """Task notes marked "use in the business plan", by section."""
    notes: dict[str, list[dict]] = {}
    tasks = (
        Task.objects.filter(journey=journey)
        .exclude(plan_section="")
        .exclude(notes="")
        .select_related("definition", "updated_by")
    )
    for task in tasks:
        notes.setdefault(task.plan_section, []).append(
            {"task": task.definition.title, "notes": task.notes.strip(), "words": word_count(task.notes)}
        )
    return notes


def narrative_for(journey) -> list[dict]:
    """Every narrative section of the journey, filled in or not."""
    stored = {row.section: row for row in PlanNarrative.objects.filter(journey=journey)}
    notes = plan_notes(journey)
    sections = []
    for spec in SPECS:
        row = stored.get(spec.key.value)
        answers = row.answers if row else {}
        parts = [
            {
                "name": part.name,
                "label": part.label,
                "text": answers.get(part.name, ""),
                "paragraphs": lines(answers.get(part.name, "")),
                "words": word_count(answers.get(part.name, "")),
                "suggested": part.words,
            }
            for part in spec.parts
        ]
        section = {
            "key": spec.key.value,
            "slug": spec.slug,
            "title": spec.title,
            "parts": parts,
            "notes": notes.get(spec.key.value, []),
            "words": sum(p["words"] for p in parts),
            "version": row.version if row else 0,
            "options": None,
            "stakeholders": None,
            "milestones": None,
        }
        if spec.key == Section.OPTIONS:
            section["options"] = _options(answers)
        if spec.key == Section.STAKEHOLDERS:
            section["stakeholders"] = _stakeholders(answers)
            section["words"] += sum(word_count(s["notes"]) for s in section["stakeholders"])
        if spec.key == Section.TIMETABLE:
            section["milestones"] = [
                {"name": m["name"], "date": _day(m["date"])} for m in answers.get("milestones", [])
            ]
        section["started"] = bool(
            section["words"]
            or section["options"]
            or section["milestones"]
            or section["notes"]
            or (
                section["stakeholders"]
                and any(s["position"] != Position.NOT_KNOWN.label for s in section["stakeholders"])
            )
        )
        sections.append(section)
    return sections


_PART_LABELS: dict[str, str] = {}
for _spec in SPECS:
    for _part in _spec.parts:
        _PART_LABELS.setdefault(_part.name, _part.label)


def answers_as_text(answers: dict | None) -> str:
    """A narrative section's answers in one line, for the change history: each written part by its label,
    then what its tables hold (options, stakeholders, milestones) by their number of rows."""
    answers = answers or {}
    pieces = []
    for name, value in answers.items():
        label = _PART_LABELS.get(name, name.replace("_", " ").capitalize())
        if isinstance(value, str):
            if value.strip():
                pieces.append(f"{label}: {' '.join(value.split())}")
        elif isinstance(value, list):
            filled = [item for item in value if item]
            if filled:
                pieces.append(f"{label}: {len(filled)} row{'' if len(filled) == 1 else 's'}")
        elif value not in (None, ""):
            pieces.append(f"{label}: {value}")
    return "; ".join(pieces) or "Nothing written"
