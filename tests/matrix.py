"""The permission matrix: for every named URL, the status each role gets.

Each app lists its URLs in `tests/<app>/matrix_rows.py` as `ROWS`, a list of `Case`.
`tests/test_permission_matrix.py` walks every named URL of the project and fails for
a URL that has no case, so a new page cannot ship without its access rules written down.

Statuses: 200 page shown; LOGIN redirect to the login page; 302 other redirect;
403 seen but not allowed; 404 not visible; 405 wrong method.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

LOGIN = "login"  # a redirect to the login page
ROLES = ["anonymous", "staff", "member", "other_staff", "officer", "other_officer", "adviser", "body", "admin"]


def everyone(status, **overrides) -> dict:
    """The same status for every role, with per-role exceptions."""
    unknown = set(overrides) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {unknown}")
    return {role: overrides.get(role, status) for role in ROLES}


def signed_in(status, **overrides) -> dict:
    """Anonymous users go to the login page; signed-in users get `status` unless overridden."""
    return everyone(status, **{"anonymous": LOGIN, **overrides})


@dataclass
class Case:
    name: str  # URL name, with namespace, e.g. "journeys:overview"
    expect: dict
    kwargs: Callable | None = None  # world -> URL kwargs
    method: str = "get"
    data: dict = field(default_factory=dict)
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}{'[' + self.label + ']' if self.label else ''}"
