"""The fields that accept what people type (#25, point 6): money, percentages and dates."""

from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from mutuals_portal.lib.fields import (
    GovukNumbersMixin,
    MoneyField,
    PercentField,
    date_field,
    parse_money,
    parse_month,
    parse_percent,
)

pence = st.decimals(min_value=Decimal("-1000000000"), max_value=Decimal("1000000000"), places=2)


@settings(deadline=None)  # no timed assertions: a loaded machine is not a failure
@given(pence)
def test_money_reads_back_every_way_the_portal_prints_it(amount):
    assert parse_money(f"{amount:,.2f}") == amount  # 3,400,000.00, as the portal prints it
    assert parse_money(f"{amount:.2f}") == amount
    sign, digits = ("-", f"{-amount:,.2f}") if amount < 0 else ("", f"{amount:,.2f}")
    assert parse_money(f"{sign}£{digits}") == amount
    assert parse_money(f" £ {digits.replace(',', ' ')} ") == abs(amount)  # spaces between thousands


@settings(deadline=None)  # no timed assertions: a loaded machine is not a failure
@given(st.integers(min_value=0, max_value=10**12))
def test_whole_pounds_with_or_without_commas(pounds):
    assert parse_money(str(pounds)) == pounds
    assert parse_money(f"£{pounds:,}") == pounds


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("£1,200,000", "1200000"),
        ("3,400,000.00", "3400000"),
        ("1200000", "1200000"),
        ("12.5", "12.50"),
        ("£0.05", "0.05"),
    ],
)
def test_money_examples_from_the_issue(typed, amount):
    assert parse_money(typed) == Decimal(amount)


@pytest.mark.parametrize(
    "typed", ["", "£", "twelve", "1,20,000", "1,2000", "12.345", "1e6", "£-£5", "5£", "1.2.3", "--5", "NaN"]
)
def test_money_refuses_junk(typed):
    with pytest.raises(ValueError):
        parse_money(typed)


@settings(deadline=None)  # no timed assertions: a loaded machine is not a failure
@given(st.text(max_size=12))
def test_money_parser_either_reads_an_amount_or_says_no(text):
    try:
        value = parse_money(text)
    except ValueError:
        return
    assert value.is_finite() and value.as_tuple().exponent >= -2


@settings(deadline=None)  # no timed assertions: a loaded machine is not a failure
@given(st.decimals(min_value=-1000, max_value=1000, places=3))
def test_percent_with_or_without_the_sign(rate):
    assert parse_percent(f"{rate}") == rate
    assert parse_percent(f"{rate}%") == rate
    assert parse_percent(f" {rate} % ") == rate


@pytest.mark.parametrize("typed", ["", "%", "forty", "45%%", "1e3", "4 5.5.", "Infinity"])
def test_percent_refuses_junk(typed):
    with pytest.raises(ValueError):
        parse_percent(typed)


@settings(deadline=None)  # no timed assertions: a loaded machine is not a failure
@given(st.integers(min_value=1, max_value=12))
def test_month_by_number_name_or_short_name(number):
    name = date(2027, number, 1).strftime("%B")
    assert parse_month(str(number)) == number
    assert parse_month(f"0{number}" if number < 10 else str(number)) == number
    assert parse_month(name) == number
    assert parse_month(name.upper()) == number
    assert parse_month(name[:3].lower() + ".") == number


@settings(deadline=None)  # no timed assertions: a loaded machine is not a failure
@given(st.text(max_size=10))
def test_month_parser_answers_a_month_or_says_no(text):
    try:
        number = parse_month(text)
    except ValueError:
        return  # said no: the only other answer allowed
    # Said yes: only to a month's number or its name (whole, its first three letters, or "Sept").
    typed = text.strip().lower().rstrip(".")
    name = date(2027, number, 1).strftime("%B").lower()
    assert (typed.isdigit() and int(typed) == number) or typed in (name, name[:3], "sept" if number == 9 else name)


@pytest.mark.parametrize("typed", ["0", "13", "Novem", "Smarch", "", "١١"])
def test_month_refuses_what_is_not_a_month(typed):
    with pytest.raises(ValueError):
        parse_month(typed)


def test_money_field_messages_name_the_question_and_the_input_has_a_pound_prefix():
    field = MoneyField(label="Annual budget", label_text="the annual budget", min_value=0)
    assert field.clean("£1,200,000.5") == Decimal("1200000.50")
    with pytest.raises(ValidationError, match="Enter the annual budget in pounds, like 1,200,000"):
        field.clean("lots")
    with pytest.raises(ValidationError, match="no more than 2 digits after the decimal point"):
        field.clean("1.234")
    with pytest.raises(ValidationError, match="Enter the annual budget of £0 or more"):
        field.clean("-5")
    with pytest.raises(ValidationError, match=r"of £999,999,999,999 or less"):
        field.clean("1,000,000,000,000")
    html = field.widget.render("budget", Decimal("3400000.00"))
    assert '<div class="govuk-input__prefix" aria-hidden="true">£</div>' in html
    assert 'value="3,400,000"' in html


def test_percent_field_accepts_a_percent_sign_and_names_its_limits():
    field = PercentField(label="Rate", label_text="the rate", min_value=0, max_value=50, decimal_places=1)
    assert field.clean("45%") == Decimal("45")
    with pytest.raises(ValidationError, match=r"Enter the rate between 0% and 50%"):
        field.clean("51")
    with pytest.raises(ValidationError, match="no more than 1 digits"):
        field.clean("4.55")
    assert 'class="govuk-input__suffix" aria-hidden="true">%</div>' in field.widget.render("rate", "4")


def test_a_date_accepts_month_names_and_one_text_date_from_older_clients():
    class Form(forms.Form):
        held_on = date_field("Date held")

    assert Form({"held_on_0": "3", "held_on_1": "November", "held_on_2": "2026"}).is_valid()
    form = Form({"held_on_0": "3", "held_on_1": "Nov", "held_on_2": "2026"})
    assert form.is_valid() and form.cleaned_data["held_on"] == date(2026, 11, 3)
    form = Form({"held_on": "27/03/2027"})
    assert form.is_valid() and form.cleaned_data["held_on"] == date(2027, 3, 27)
    form = Form({"held_on_0": "31", "held_on_1": "Feb", "held_on_2": "2027"})
    assert form.errors["held_on"] == ["The date held must be a real date"]
    form = Form({"held_on_0": "3", "held_on_1": "Smarch", "held_on_2": "2027"})
    assert form.errors["held_on"] == ["Enter the month as a number or a name, like 11 or November"]
    assert Form({"held_on": "yesterday"}).errors["held_on"]


def test_the_numbers_mixin_turns_every_money_field_into_a_money_field():
    class Form(GovukNumbersMixin, forms.Form):
        budget = forms.DecimalField(label="What is the annual budget, in pounds?", min_value=0, decimal_places=2)
        score = forms.DecimalField(label="Score", decimal_places=1, widget=forms.NumberInput)

    form = Form({"budget": "£1,200,000", "score": "3.5"})
    assert isinstance(form.fields["budget"], MoneyField)
    assert not isinstance(form.fields["score"], MoneyField)
    assert form.is_valid(), form.errors
    assert Form({"budget": "-1", "score": "1"}).errors["budget"] == ["Enter the annual budget of £0 or more"]
