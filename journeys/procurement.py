"""The conditions for a contract reserved to public service mutuals: Procurement Act 2023 s.33 (DOMAIN.md
section 5 [S77]). s.33(1): reservable light-touch services and a maximum term of five years or less;
s.33(5): a qualifying mutual has not entered into a comparable contract (same kind of services, same
authority, awarded under s.33) in the three years ending with the award; s.33(6): a public service mutual
(a) operates to deliver public services and mainly reservable light-touch services, (b) is not for profit
or distributes profits only to members, and (c) is under the management and control of its employees."""

from dataclasses import dataclass

from .models import ReservedContractCheck

MAX_TERM_MONTHS = 60  # s.33(1)(b): five years or less

MET, NOT_MET, NOT_KNOWN = "met", "not met", "not known"
YES, NO = ReservedContractCheck.Answer.YES, ReservedContractCheck.Answer.NO


@dataclass(frozen=True)
class Condition:
    title: str
    status: str  # MET, NOT_MET or NOT_KNOWN
    reason: str


def _answer(value: str, *, good: str, title: str, met: str, not_met: str, unknown: str) -> Condition:
    if value == good:
        return Condition(title, MET, met)
    if value in (YES, NO):
        return Condition(title, NOT_MET, not_met)
    return Condition(title, NOT_KNOWN, unknown)


def conditions(check: ReservedContractCheck) -> list[Condition]:
    """Each condition of s.33 with whether the group's answers meet it, and why."""
    months = check.max_term_months
    return [
        _answer(
            check.reservable_service,
            good=YES,
            title="The service is a reservable light-touch service (section 33(1)(a))",
            met="You say the service is of a kind listed as reservable.",
            not_met="Only reservable light-touch services can be reserved to public service mutuals.",
            unknown="Not known yet: ask the commissioner whether the service is of a kind listed as reservable.",
        ),
        Condition(
            "The contract's maximum term is five years or less (section 33(1)(b))",
            MET if months <= MAX_TERM_MONTHS else NOT_MET,
            f"The maximum term is {months} months"
            + (
                ", within the limit of 60 months."
                if months <= MAX_TERM_MONTHS
                else ": a reserved contract may last at most 60 months (five years), extensions included."
            ),
        ),
        _answer(
            check.comparable_contract,
            good=NO,
            title="No comparable reserved contract in the last three years (section 33(5))",
            met="The mutual has not entered into a comparable section 33 contract with this authority in the three "
            "years before the award.",
            not_met="The mutual entered into a contract for the same kind of services from the same authority "
            "under section 33 in the three years before the award, so it is not a qualifying mutual for this one.",
            unknown="Not known yet: check the contracts the mutual (or the group's new body) has entered into.",
        ),
        _answer(
            check.public_service_purpose,
            good=YES,
            title="It operates to deliver public services, mainly reservable light-touch services (section 33(6)(a))",
            met="Its purpose is delivering public services, mainly of a reservable kind.",
            not_met="A public service mutual must operate for the purpose of delivering public services, mainly "
            "reservable light-touch services.",
            unknown="Not known yet: check the objects in the mutual's rules or articles.",
        ),
        _answer(
            check.profit_basis,
            good=YES,
            title="It is not for profit, or distributes profits only to its members (section 33(6)(b))",
            met="Its profits are kept in the organisation or go only to its members.",
            not_met="A public service mutual must be run on a not-for-profit basis or distribute profits only to "
            "its members.",
            unknown="Not known yet: check the profit and asset clauses of the rules or articles.",
        ),
        _answer(
            check.employee_control,
            good=YES,
            title="It is under the management and control of its employees (section 33(6)(c))",
            met="Its employees manage and control it.",
            not_met="A public service mutual must be under the management and control of its employees.",
            unknown="Not known yet: check who owns the mutual and who sits on its board.",
        ),
    ]


def outcome(items: list[Condition]) -> str:
    """MET when every condition is met, NOT_MET when any is not, otherwise NOT_KNOWN."""
    statuses = {item.status for item in items}
    if NOT_MET in statuses:
        return NOT_MET
    return MET if statuses == {MET} else NOT_KNOWN
