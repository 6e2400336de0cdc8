"""One way to write an amount of money or a percentage in words, GOV.UK style, for pages, PDFs and checks.

Rounded only here, for display, half up (as people round): £2.50 shows as £3 in whole pounds.
"""

from decimal import ROUND_HALF_UP, Decimal

NOT_KNOWN = "not known"


def pounds(value, *, pence: bool = False) -> str:
    """£1,234 (or £1,234.56 with `pence`); a negative amount as -£1,234; "not known" for no value."""
    if value is None or value == "":
        return NOT_KNOWN
    amount = Decimal(value).quantize(Decimal("0.01") if pence else Decimal("1"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}" if pence else f"{sign}£{abs(amount):,.0f}"


def percent(value, *, places: int = 1) -> str:
    """18.5%; "not known" for no value."""
    if value is None or value == "":
        return NOT_KNOWN
    amount = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{amount}%"
