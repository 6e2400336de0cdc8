"""After launch: the contract's re-tender planning dates and a mutual's annual duties by legal form.

Pure rules (no database): which duties a legal form owes, when each falls due, and why. Every rule names
its source; where the law leaves it to the mutual (an AGM), the group's own governing document decides.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models

from mutuals_portal.lib.choices import LegalForm

# Re-tender planning starts 18 months before the contract ends, and is reminded again at 12 months.
RETENDER_MONTHS = (18, 12)


def add_months(day: date, months: int) -> date:
    """`months` later (or earlier). The last day of a month maps to the last day of the target month,
    as the Companies Act 2006 s.443 counts filing periods (30 June + 6 months is 31 December)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return date(year, month, last)
    return date(year, month, min(day.day, last))


def retender_dates(end_on: date) -> list[tuple[int, date]]:
    """(months before, date) of each re-tender planning reminder for a contract ending on `end_on`."""
    return [(months, add_months(end_on, -months)) for months in RETENDER_MONTHS]


class DutyKind(models.TextChoices):
    CONFIRMATION_STATEMENT = "confirmation_statement", "Confirmation statement to Companies House"
    ACCOUNTS = "accounts", "Annual accounts to Companies House"
    CIC34 = "cic34", "Community interest company report (CIC34)"
    SOCIETY_RETURN = "society_return", "Annual return and accounts to the FCA (AR30)"
    CHARITY_RETURN = "charity_return", "Annual return to the Charity Commission"
    AGM = "agm", "Annual general meeting"


@dataclass(frozen=True)
class DutyRule:
    kind: DutyKind
    explanation: str  # plain English: what it is and when it is due
    source: str  # where the duty and its deadline come from


RULES: dict[DutyKind, DutyRule] = {
    DutyKind.CONFIRMATION_STATEMENT: DutyRule(
        DutyKind.CONFIRMATION_STATEMENT,
        "Every company confirms once a year that what Companies House holds about it (directors, registered "
        "office, people with significant control, members or shareholders) is right. The review period is the "
        "year from incorporation, then from the last statement's date; the statement is due within 14 days "
        "after the period ends. Filing it early starts the next year from that earlier date.",
        "Companies Act 2006 s.853A (legislation.gov.uk/ukpga/2006/46/section/853A)",
    ),
    DutyKind.ACCOUNTS: DutyRule(
        DutyKind.ACCOUNTS,
        "A private company files its annual accounts at Companies House within 9 months of the end of its "
        "financial year. A first financial year longer than 12 months has until 21 months after incorporation, "
        "or 3 months after the year ends if that is later.",
        "Companies Act 2006 ss.441-443 (legislation.gov.uk/ukpga/2006/46/section/442)",
    ),
    DutyKind.CIC34: DutyRule(
        DutyKind.CIC34,
        "A community interest company sends a community interest report (form CIC34) with its accounts each "
        "year: how its activities benefited the community, how it consulted the people affected, its directors' "
        "pay and any assets transferred for less than their value. It is due with the accounts, within 9 months "
        "of the financial year end, and goes to the CIC Regulator.",
        "Companies (Audit, Investigations and Community Enterprise) Act 2004 s.34; Community Interest Company "
        "Regulations 2005 reg 26 (legislation.gov.uk/uksi/2005/1788/regulation/26)",
    ),
    DutyKind.SOCIETY_RETURN: DutyRule(
        DutyKind.SOCIETY_RETURN,
        "A co-operative or community benefit society sends the Financial Conduct Authority its annual return "
        "(form AR30) with its accounts within 7 months of the end of its financial year (a 31 March year end is "
        "due by 31 October). The FCA sends no reminder and cannot extend the deadline.",
        "Co-operative and Community Benefit Societies Act 2014 s.89 (legislation.gov.uk/ukpga/2014/14/section/89); "
        "FCA, Annual returns and accounts for mutual societies",
    ),
    DutyKind.CHARITY_RETURN: DutyRule(
        DutyKind.CHARITY_RETURN,
        "A CIO sends the Charity Commission its annual return, with its trustees' annual report and accounts, "
        "within 10 months of the end of its financial year, whatever its income. Another registered charity "
        "does so when its income is over 10,000 pounds.",
        "Charities Act 2011 ss.162-164 and 169 (legislation.gov.uk/ukpga/2011/25); Charity Commission, "
        "Prepare a charity annual return",
    ),
    DutyKind.AGM: DutyRule(
        DutyKind.AGM,
        "An annual general meeting where the mutual's rules or articles require one: a private company need not "
        "hold one unless its articles say so, and a society's rules say when its meetings are held. Check your "
        "governing document; the portal counts the due date from the number of months after the financial year "
        "end that you recorded from it.",
        "Companies Act 2006 s.336 (only public companies must hold an AGM); Co-operative and Community Benefit "
        "Societies Act 2014 Sch 1 (a society's rules provide for its meetings); your governing document",
    ),
}

COMPANIES = {LegalForm.CIC_CLG, LegalForm.CIC_CLS, LegalForm.CLS, LegalForm.CLG, LegalForm.JV, LegalForm.LATC}
CICS = {LegalForm.CIC_CLG, LegalForm.CIC_CLS}
SOCIETIES = {LegalForm.COOP_SOC, LegalForm.CBS}
CHARITIES = {LegalForm.CIO, LegalForm.CHARITY}


def duty_kinds_for(legal_form: str, *, agm_required: bool) -> list[DutyKind]:
    """The yearly duties a mutual of this legal form owes (an AGM only where its governing document says)."""
    kinds = []
    if legal_form in COMPANIES:
        kinds += [DutyKind.CONFIRMATION_STATEMENT, DutyKind.ACCOUNTS]
    if legal_form in CICS:
        kinds.append(DutyKind.CIC34)
    if legal_form in SOCIETIES:
        kinds.append(DutyKind.SOCIETY_RETURN)
    if legal_form in CHARITIES:
        kinds.append(DutyKind.CHARITY_RETURN)
    if agm_required:
        kinds.append(DutyKind.AGM)
    return kinds


@dataclass(frozen=True)
class DutyDue:
    kind: DutyKind
    period_end: date  # the review period or financial year the duty is for
    due_on: date


def first_year_end_problem(incorporated_on: date, first_year_end: date) -> str | None:
    """Why a first financial year end cannot be right, or None. A company's first accounting reference period
    runs from incorporation for more than 6 and at most 18 months (Companies Act 2006 s.391(5)); the portal asks
    the same of every form (a first year of up to 18 months)."""
    if first_year_end <= incorporated_on:
        return "The end of the first financial year must be after the date of incorporation"
    if first_year_end > add_months(incorporated_on, 18):
        return "The first financial year must end within 18 months of incorporation"
    return None


def due_for(
    kind: DutyKind, *, period_end: date, incorporated_on: date, agm_months: int | None, first_year: date
) -> date:
    """When a duty for the period ending `period_end` is due."""
    if kind == DutyKind.CONFIRMATION_STATEMENT:
        return period_end + timedelta(days=14)
    if kind in (DutyKind.ACCOUNTS, DutyKind.CIC34):
        due = add_months(period_end, 9)
        # s.442(3): a first accounting period of more than 12 months.
        if period_end == first_year and add_months(incorporated_on, 12) < period_end:
            due = max(add_months(incorporated_on, 21), add_months(period_end, 3))
        return due
    if kind == DutyKind.SOCIETY_RETURN:
        return add_months(period_end, 7)
    if kind == DutyKind.CHARITY_RETURN:
        return add_months(period_end, 10)
    if kind == DutyKind.AGM:
        return add_months(period_end, agm_months or 0)
    raise ValueError(kind)


def first_period_end(kind: DutyKind, *, incorporated_on: date, first_year_end: date) -> date:
    """The first period a duty is owed for: a year from incorporation for the confirmation statement,
    otherwise the first financial year's end."""
    if kind == DutyKind.CONFIRMATION_STATEMENT:
        return add_months(incorporated_on, 12) - timedelta(days=1)
    return first_year_end


def next_period_end(kind: DutyKind, period_end: date) -> date:
    """The period after `period_end`: a year later (the confirmation statement's review periods run a year
    from the last one's end)."""
    return add_months(period_end, 12)


def first_dues(
    legal_form: str, *, incorporated_on: date, first_year_end: date, agm_months: int | None
) -> list[DutyDue]:
    """For a newly recorded mutual: the first instance of each duty."""
    first_year = first_year_end
    dues = []
    for kind in duty_kinds_for(legal_form, agm_required=agm_months is not None):
        period_end = first_period_end(kind, incorporated_on=incorporated_on, first_year_end=first_year_end)
        dues.append(
            DutyDue(
                kind,
                period_end,
                due_for(
                    kind,
                    period_end=period_end,
                    incorporated_on=incorporated_on,
                    agm_months=agm_months,
                    first_year=first_year,
                ),
            )
        )
    return dues
