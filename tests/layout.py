"""The project's own top-level packages, found on disk, and the models linked to a staff group, found in the app
registry (not hand-kept lists that can drift)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_THE_PORTAL = {"tests", "bench", "scripts"}


def project_packages() -> list[str]:
    return sorted(p.parent.name for p in ROOT.glob("*/__init__.py") if p.parent.name not in NOT_THE_PORTAL)


ROOTS = {"journeys.StaffGroup", "journeys.Journey"}


def reaches_a_group(model, depth=0, seen=frozenset()) -> bool:
    """Whether a chain of foreign keys (or one-to-ones) leads from the model to a staff group or journey."""
    for field in model._meta.get_fields():
        if not (field.many_to_one or (field.one_to_one and field.concrete)) or field.related_model is None:
            continue
        label = field.related_model._meta.label
        if label in ROOTS:
            return True
        deeper = depth < 3 and label not in seen and label != "accounts.User"
        if deeper and reaches_a_group(field.related_model, depth + 1, seen | {label}):
            return True
    return False
