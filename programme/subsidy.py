"""Subsidy control: minimal financial assistance (MFA) under the Subsidy Control Act 2022.

The rules (legislation.gov.uk/ukpga/2022/23, in force 4 January 2023; it replaced the EU state-aid
de minimis rule):

- s.36(1): MFA is exempt from the subsidy control requirements while the total MFA (and SPEI
  assistance) given to the enterprise within the applicable period does not exceed £315,000.
- s.36(2) and (7): the applicable period is the elapsed part of the financial year in which the
  assistance is given, and the two financial years before it.
- s.36(4): the transparency duties (the subsidy database) still apply to MFA of more than £100,000.
- s.37(1)-(3): before giving MFA the authority gives the enterprise a written MFA notification (the
  proposal, the gross amount, and a request for written confirmation that the £315,000 will not be
  exceeded), and may give the assistance only after it has that confirmation.
- s.37(4)-(5): on giving it, the authority gives an MFA confirmation (that it is MFA, the date it
  is given, the gross amount).

Which financial year an enterprise uses is not fixed by the Act: SUBSIDY_FINANCIAL_YEAR_START
(MM-DD, default 04-01). The limit and the transparency threshold are settings too.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings

ACT = "Subsidy Control Act 2022"
SOURCE_URL = "https://www.legislation.gov.uk/ukpga/2022/23/part/3/chapter/2"
DEFAULT_LIMIT = Decimal("315000")
DEFAULT_TRANSPARENCY_THRESHOLD = Decimal("100000")


def mfa_limit() -> Decimal:
    return Decimal(str(getattr(settings, "SUBSIDY_MFA_LIMIT", DEFAULT_LIMIT)))


def transparency_threshold() -> Decimal:
    return Decimal(str(getattr(settings, "SUBSIDY_TRANSPARENCY_THRESHOLD", DEFAULT_TRANSPARENCY_THRESHOLD)))


def _year_start_month_day() -> tuple[int, int]:
    text = str(getattr(settings, "SUBSIDY_FINANCIAL_YEAR_START", "04-01"))
    month, day = (int(part) for part in text.split("-"))
    date(2001, month, day)  # a real day in a year that is not a leap year: 29 February is refused
    return month, day


def financial_year_start(on: date) -> date:
    """The first day of the financial year that `on` falls in."""
    month, day = _year_start_month_day()
    start = date(on.year, month, day)
    return start if start <= on else date(on.year - 1, month, day)


def financial_year_label(on: date) -> str:
    start = financial_year_start(on)
    if (start.month, start.day) == (1, 1):
        return str(start.year)
    return f"{start.year}-{str(start.year + 1)[-2:]}"


def applicable_period(on: date) -> tuple[date, date]:
    """s.36(2): from the start of the financial year two before the current one, up to and including `on`."""
    start = financial_year_start(on)
    return start.replace(year=start.year - 2), on


def over_limit(total: Decimal) -> bool:
    return total > mfa_limit()


def needs_transparency_entry(amount: Decimal) -> bool:
    """s.36(4): MFA of more than £100,000 goes on the subsidy database."""
    return amount > transparency_threshold()
