"""The house's layers (ARCHITECTURE.md, "Layout"): each package imports only the layers below it and
never a peer on its own layer. No exceptions list: an import that breaks the order fails here.

    api                      the open-data API: reads every domain
    groupdata                a staff group's data across apps: subject-access export, deletion
    packs, programme         business-plan packs; referrals and the Support Programme
    casestudies, challenges  the case-study library; the Community Right to Challenge
    journeys                 staff groups and their spin-out journeys
    notifications            inbox, email and digests
    jobs                     background jobs kept in the database
    accounts                 people, public bodies, sign-in
    mutuals_portal           project wiring: settings, URLs, the Celery app, site pages
    mutuals_portal.lib       shared helpers (GOV.UK rendering, CSV, PDF, history, cache...)
"""

import ast
from pathlib import Path

import pytest

from tests.layout import project_packages

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [
    ["mutuals_portal.lib"],
    ["mutuals_portal"],
    ["accounts"],
    ["jobs"],
    ["notifications"],
    ["journeys"],
    ["casestudies", "challenges"],
    ["packs", "programme"],
    ["groupdata"],
    ["api"],
]
RANK = {package: rank for rank, packages in enumerate(LAYERS) for package in packages}


def package_of(module: str) -> str | None:
    """The layer package a dotted module name belongs to (the longest match), or None (Django, a library)."""
    parts = module.split(".")
    for length in (2, 1):
        name = ".".join(parts[:length])
        if name in RANK:
            return name
    return None


def _source_files():
    for package in RANK:
        folder = ROOT.joinpath(*package.split("."))
        for path in sorted(folder.rglob("*.py")):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            if package_of(module) == package:
                yield module, path


def _imports(module: str, path: Path):
    """Every module imported anywhere in the file (also inside functions), relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(here[: len(here) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module
            yield node.lineno, target
            for alias in node.names:  # "from mutuals_portal import lib" and the like
                yield node.lineno, f"{target}.{alias.name}"


def breaches() -> list[str]:
    found = []
    for module, path in _source_files():
        source = package_of(module)
        for line, imported in _imports(module, path):
            target = package_of(imported)
            if target is None or target == source:
                continue
            if RANK[target] >= RANK[source]:
                where = "a peer on its layer" if RANK[target] == RANK[source] else "a layer above it"
                found.append(f"{path.relative_to(ROOT)}:{line} imports {imported} ({where})")
    return sorted(set(found))


def test_every_import_follows_the_layers():
    assert breaches() == []


def test_every_top_level_package_is_placed_in_a_layer():
    """A new app must be given its place in LAYERS (and ARCHITECTURE.md) before it can land."""
    packages = set(project_packages())
    assert packages <= set(RANK), sorted(packages - set(RANK))


@pytest.mark.parametrize(
    ("module", "imported", "breach"),
    [
        ("journeys.views", "casestudies.selectors", True),  # a layer above
        ("challenges.views", "casestudies.models", True),  # a peer
        ("mutuals_portal.lib.govuk", "accounts.models", True),  # lib imports no app
        ("mutuals_portal.views", "accounts.audit", True),  # the project imports no app
        ("packs.content", "casestudies.selectors", False),
        ("accounts.apps", "mutuals_portal.lib.govuk", False),
    ],
)
def test_the_rule_itself(module, imported, breach):
    source, target = package_of(module), package_of(imported)
    assert (RANK[target] >= RANK[source] and target != source) is breach
