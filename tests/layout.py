"""The project's own top-level packages, found on disk (not a hand-kept list that can drift)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_THE_PORTAL = {"tests", "bench", "scripts"}


def project_packages() -> list[str]:
    return sorted(p.parent.name for p in ROOT.glob("*/__init__.py") if p.parent.name not in NOT_THE_PORTAL)
