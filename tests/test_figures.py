"""One formatter for money and percentages (mutuals_portal.lib.figures), used by pages, packs and checks."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from journeys.finance.checks import pounds as check_pounds
from mutuals_portal.lib.figures import percent, pounds
from packs.content import money as pack_money


@pytest.mark.parametrize(
    ("value", "pence", "expected"),
    [
        (Decimal("1234567"), False, "£1,234,567"),
        (Decimal("-273000"), False, "-£273,000"),
        (Decimal("2.5"), False, "£3"),  # half up, as people round (not the banker's £2)
        (Decimal("3.5"), False, "£4"),
        (Decimal("-2.5"), False, "-£3"),
        (Decimal("0.4"), False, "£0"),
        (Decimal("1234.565"), True, "£1,234.57"),
        (Decimal("-0.004"), True, "£0.00"),
        (0, False, "£0"),
        ("1200", True, "£1,200.00"),
        (None, False, "not known"),
        ("", True, "not known"),
    ],
)
def test_pounds(value, pence, expected):
    assert pounds(value, pence=pence) == expected


def test_percent():
    assert percent(Decimal("18.45")) == "18.5%"
    assert percent(Decimal("7")) == "7.0%"
    assert percent(None) == "not known"
    assert percent(Decimal("33.333"), places=0) == "33%"


def test_every_formatter_of_the_portal_agrees():
    """The pack, the financial model's checks and the template filter print the same figure."""
    template = Template("{% load finance_tags %}{{ v|money }} {{ v|money:True }} {{ r|percent }}")
    for value in (Decimal("2.5"), Decimal("-1234567.505"), Decimal("999.994")):
        page = template.render(Context({"v": value, "r": Decimal("12.25")}))
        assert page == f"{pounds(value)} {pounds(value, pence=True)} 12.3%"
        assert pack_money(value) == pounds(value)
        assert check_pounds(value) == pounds(value, pence=True)
