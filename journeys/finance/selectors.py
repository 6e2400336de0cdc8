"""The financial model of a journey, read from the database and computed (two queries)."""

from dataclasses import dataclass
from decimal import Decimal

from . import compute
from .checks import Check, run_checks
from .models import FinanceLine, FinancialModel, Scenario

ZERO = Decimal(0)
MOVED_FROM_FORECAST = "Financial forecast"  # the source migration 0008 gave the lines it moved


def inputs_for(model: FinancialModel, lines: list[FinanceLine]) -> compute.Inputs:
    """The engine's inputs; a blank assumption counts as zero (the checks say it is missing)."""

    def value(name):
        v = getattr(model, name)
        return ZERO if v is None else v

    return compute.Inputs(
        years=model.years,
        contract_price=value("contract_price"),
        contract_indexation=model.contract_indexation,
        baseline_cost=value("baseline_cost"),
        baseline_indexation=model.baseline_indexation,
        headcount=model.headcount or 0,
        pay_bill=value("pay_bill"),
        pay_award=model.pay_award,
        pension_rate=value("pension_rate"),
        pension_deficit=model.pension_deficit,
        ni_rate=model.ni_rate,
        ni_threshold=model.ni_threshold,
        employment_allowance=model.employment_allowance,
        charitable=model.charitable,
        vat_recovery=compute.HUNDRED if model.vat_recovery is None else model.vat_recovery,
        vat_cost_share=model.vat_cost_share,
        premises=model.premises,
        back_office=model.back_office,
        insurance=model.insurance,
        cost_inflation=model.cost_inflation,
        assets_transferred=model.assets_transferred,
        assets_bought=model.assets_bought,
        asset_life_years=model.asset_life_years,
        transition_costs=model.transition_costs,
        contingency=model.contingency,
        opening_cash=model.opening_cash,
        grant=model.grant,
        loan=model.loan,
        loan_rate=model.loan_rate,
        loan_term_years=model.loan_term_years,
        council_support=model.council_support,
        council_support_repaid_year=model.council_support_repaid_year,
        debtor_days=model.debtor_days,
        creditor_days=model.creditor_days,
        lines=tuple(
            compute.Line(kind=line.kind, label=line.label, amounts=tuple(line.amounts(model.years)), key=str(line.pk))
            for line in lines
        ),
    )


def adjustment_for(scenario: Scenario) -> compute.Adjustment:
    return compute.Adjustment(
        contract_change=scenario.contract_change,
        pay_award_change=scenario.pay_award_change,
        other_income_change=scenario.other_income_change,
        cost_change=scenario.cost_change,
        lost_line=str(scenario.lost_line_id or ""),
    )


@dataclass
class ComputedModel:
    model: FinancialModel
    lines: list[FinanceLine]
    inputs: compute.Inputs
    result: compute.Result
    checks: list[Check]

    @property
    def failing(self) -> list[Check]:
        return [c for c in self.checks if c.failed]

    @property
    def complete(self) -> bool:
        return not self.model.missing()


def computed(model: FinancialModel, lines: list[FinanceLine] | None = None) -> ComputedModel:
    if lines is None:
        lines = list(model.lines.all())
    inputs = inputs_for(model, lines)
    result = compute.compute(inputs)
    checks = run_checks(result, missing=model.missing(), year_labels=model.year_labels, start_on=model.start_on)
    moved = [line.label for line in lines if line.source == MOVED_FROM_FORECAST]
    if moved:
        checks.append(
            Check(
                "moved_lines",
                "Lines moved from the old forecast are not counted twice",
                "warning",
                f"These lines came from the financial forecast: {', '.join(moved)}. Remove any that the assumptions "
                "now cover (the contract price, pay, pensions, premises, back office, insurance), or change their "
                "source once checked.",
            )
        )
    return ComputedModel(model=model, lines=lines, inputs=inputs, result=result, checks=checks)


def computed_for_journey(journey) -> ComputedModel | None:
    model = FinancialModel.objects.filter(journey=journey).first()
    return computed(model) if model is not None else None


def gate_problems(journey) -> list[str]:
    """What the financial model still needs before the business-plan gate."""
    cm = computed_for_journey(journey)
    if cm is None:
        return ["Build the financial model: enter its assumptions"]
    problems = [f"Financial model: {m}" for m in cm.model.missing()]
    problems += [f"Financial model check failing: {c.title}" for c in cm.failing if c.key != "complete"]
    return problems
