"""Scenarios side by side, and the sensitivity of the surplus to the assumptions that move it most."""

from dataclasses import dataclass, replace
from decimal import Decimal

from . import compute
from .selectors import ComputedModel, adjustment_for

ZERO = Decimal(0)


@dataclass
class Column:
    title: str
    result: compute.Result | None
    description: list[str]
    kind: str = ""

    @property
    def total_surplus(self):
        return self.result.total_surplus if self.result else None

    @property
    def lowest_cash(self):
        return min(m.closing_cash for m in self.result.months) if self.result else None


def describe(scenario) -> list[str]:
    parts = []
    if scenario.contract_change:
        parts.append(f"contract price {scenario.contract_change:+.1f}%")
    if scenario.pay_award_change:
        parts.append(f"pay award {scenario.pay_award_change:+.1f} points")
    if scenario.other_income_change:
        parts.append(f"other income {scenario.other_income_change:+.1f}%")
    if scenario.cost_change:
        parts.append(f"non-pay costs {scenario.cost_change:+.1f}%")
    if scenario.lost_line_id:
        parts.append(f"loses {scenario.lost_line.label}")
    return parts or ["no changes"]


def comparison(cm: ComputedModel, scenarios) -> list[Column]:
    """Base, downside and upside: each scenario's figures computed from the base with its changes."""
    by_kind = {s.kind: s for s in scenarios}
    columns = [Column("Base", cm.result, ["the assumptions as entered"], kind="base")]
    for kind, title in (("downside", "Downside"), ("upside", "Upside")):
        scenario = by_kind.get(kind)
        if scenario is None:
            columns.append(Column(title, None, ["not set yet"], kind=kind))
        else:
            result = compute.compute(compute.adjust(cm.inputs, adjustment_for(scenario)))
            columns.append(Column(title, result, describe(scenario), kind=kind))
    return columns


# (label, unit, steps, how one step changes the inputs)
def _scale_contract(inputs, step):
    return compute.adjust(inputs, compute.Adjustment(contract_change=step))


def _scale_pay(inputs, step):
    return replace(inputs, pay_bill=inputs.pay_bill * (1 + step / 100))


def _pay_award(inputs, step):
    return compute.adjust(inputs, compute.Adjustment(pay_award_change=step))


def _costs(inputs, step):
    return compute.adjust(inputs, compute.Adjustment(cost_change=step))


def _other_income(inputs, step):
    return compute.adjust(inputs, compute.Adjustment(other_income_change=step))


def _pension(inputs, step):
    return replace(inputs, pension_rate=max(ZERO, inputs.pension_rate + step))


CANDIDATES = [
    ("Contract price", "%", [Decimal(s) for s in (-10, -5, 0, 5, 10)], _scale_contract),
    ("Pay bill", "%", [Decimal(s) for s in (-10, -5, 0, 5, 10)], _scale_pay),
    ("Pay award", "points", [Decimal(s) for s in (-2, -1, 0, 1, 2)], _pay_award),
    ("Non-pay costs", "%", [Decimal(s) for s in (-10, -5, 0, 5, 10)], _costs),
    ("Other income", "%", [Decimal(s) for s in (-10, -5, 0, 5, 10)], _other_income),
    ("Employer pension rate", "points", [Decimal(s) for s in (-4, -2, 0, 2, 4)], _pension),
]


@dataclass
class SensitivityRow:
    label: str
    unit: str
    steps: list[Decimal]
    surpluses: list[Decimal]  # total surplus before tax over the plan, one per step

    @property
    def swing(self) -> Decimal:
        return max(self.surpluses) - min(self.surpluses)


def sensitivity(inputs: compute.Inputs, *, top: int = 3) -> list[SensitivityRow]:
    """The total surplus over the plan at each step of the assumptions that move it most."""
    rows = []
    for label, unit, steps, change in CANDIDATES:
        surpluses = [compute.compute(change(inputs, step)).total_surplus for step in steps]
        rows.append(SensitivityRow(label, unit, steps, surpluses))
    rows.sort(key=lambda r: r.swing, reverse=True)
    return [r for r in rows[:top] if r.swing]
