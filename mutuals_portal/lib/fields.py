"""Form fields that accept what people type (#25, point 6).

- money: "£1,200,000", "3,400,000.00", "1200000", "1 200 000", "£12.50"; a £ prefix on the input.
- percentages: "45", "45%", "12.5 %"; a % suffix on the input.
- dates: GOV.UK's day, month and year inputs, where the month may be a number or a name ("11",
  "November", "Nov", "nov.").

The parsers are plain functions (property-tested in tests/test_fields.py); the fields turn their
ValueError into a message that names the question.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils.html import format_html

# Digits with commas between every group of three ("1,200,000"), or digits with no commas at all;
# then at most two digits of pence.
_MONEY = re.compile(r"^(?P<sign>-?)(?P<pounds>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<pence>\d{1,2}))?$")
_TOO_MANY_PENCE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)\.\d{3,}$")
_PERCENT = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)$")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


def parse_money(text: str) -> Decimal:
    """Pounds and pence from what a person typed; ValueError when it is not an amount of money.

    Accepts a £ sign (before or after a minus sign), commas between thousands, spaces anywhere
    and up to two digits of pence. Refuses commas in the wrong places ("1,20,0"), more than two
    digits of pence and anything else."""
    value = "".join(str(text).split())  # spaces, including the non-breaking spaces of pasted figures
    if value.startswith("-£"):
        value = "-" + value[2:]
    elif value.startswith("£"):
        value = value[1:]
    match = _MONEY.match(value)
    if not match:
        raise ValueError(f"not an amount of money: {text!r}")
    pounds = match["pounds"].replace(",", "")
    pence = match["pence"] or ""
    return Decimal(f"{match['sign']}{pounds}.{pence.ljust(2, '0')}" if pence else f"{match['sign']}{pounds}")


def parse_percent(text: str) -> Decimal:
    """A percentage from "45", "45%", "12.5 %" or "-10"; ValueError for anything else."""
    value = "".join(str(text).split())
    if value.endswith("%"):
        value = value[:-1]
    if not _PERCENT.match(value):
        raise ValueError(f"not a percentage: {text!r}")
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimal numbers
        raise ValueError(f"not a percentage: {text!r}") from None


def parse_month(text: str) -> int:
    """A month's number from "11", "November", "Nov" or "nov."; ValueError for anything else."""
    value = str(text).strip().lower().rstrip(".")
    if value.isascii() and value.isdigit():
        number = int(value)
        if 1 <= number <= 12:
            return number
        raise ValueError(f"not a month: {text!r}")
    if value in MONTHS:
        return MONTHS[value]
    raise ValueError(f"not a month: {text!r}")


def _plain(value) -> str:
    value = Decimal(value)
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _pounds(value) -> str:
    value = Decimal(value)
    return f"£{value:,.0f}" if value == value.to_integral_value() else f"£{value:,.2f}"


class TextInput(forms.TextInput):
    """A GOV.UK text input for a number, with an optional prefix (£) or suffix (%) beside it.

    Named TextInput on purpose: crispy-forms-gds picks the govuk-input and error classes by class
    name. Numbers are shown as people write them: 2,700,000 and 1,200,000.50 for money, 18.5 for
    a rate."""

    def __init__(self, attrs=None, *, prefix: str = "", suffix: str = "", money: bool = False):
        super().__init__(attrs)
        self.prefix, self.suffix, self.money = prefix, suffix, money

    def format_value(self, value):
        if isinstance(value, Decimal) and value.is_finite():
            if self.money:
                return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
            return f"{value:.0f}" if value == value.to_integral_value() else f"{value.normalize():f}"
        return super().format_value(value)

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not (self.prefix or self.suffix):
            return html
        prefix = (
            format_html('<div class="govuk-input__prefix" aria-hidden="true">{}</div>', self.prefix)
            if self.prefix
            else ""
        )
        suffix = (
            format_html('<div class="govuk-input__suffix" aria-hidden="true">{}</div>', self.suffix)
            if self.suffix
            else ""
        )
        return format_html('<div class="govuk-input__wrapper">{}{}{}</div>', prefix, html, suffix)


class MoneyField(forms.DecimalField):
    """Pounds and pence, parsed by parse_money; errors name the question (label_text)."""

    def __init__(self, *, label_text: str = "the amount", width: str = "govuk-input--width-10", **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("widget", TextInput(prefix="£", money=True))
        super().__init__(**kwargs)
        self.label_text = label_text
        self.widget.attrs.update({"inputmode": "decimal", "spellcheck": "false", "class": width})

    def widget_attrs(self, widget):
        return {}  # no step, min or max: it is a text input

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_money(value)
        except ValueError:
            if _TOO_MANY_PENCE.match("".join(str(value).split()).lstrip("-£")):
                raise ValidationError(
                    f"Enter {self.label_text} with no more than 2 digits after the decimal point (pence)",
                    code="max_decimal_places",
                ) from None
            raise ValidationError(
                f"Enter {self.label_text} in pounds, like 1,200,000 or 1200000.50", code="invalid"
            ) from None

    def validate(self, value):
        forms.Field.validate(self, value)

    def run_validators(self, value):
        if value is None:
            return
        low, high = self.min_value, self.max_value
        places = self.decimal_places if self.decimal_places is not None else 2
        cap: Decimal | int | None = high
        if low is not None and high is not None and not low <= value <= high:
            raise ValidationError(f"Enter {self.label_text} between {_pounds(low)} and {_pounds(high)}", code="range")
        if low is not None and value < low:
            raise ValidationError(f"Enter {self.label_text} of {_pounds(low)} or more", code="min_value")
        if cap is None and self.max_digits is not None:
            cap = Decimal(10) ** (self.max_digits - places) - 1  # what the database column holds
        if cap is not None and value > cap:
            raise ValidationError(f"Enter {self.label_text} of {_pounds(cap)} or less", code="max_value")


class PercentField(forms.DecimalField):
    """A percentage, parsed by parse_percent; at most `decimal_places` digits after the point."""

    def __init__(self, *, label_text: str = "the rate", **kwargs):
        kwargs.setdefault("decimal_places", 3)
        kwargs.setdefault("widget", TextInput(suffix="%"))
        super().__init__(**kwargs)
        self.label_text = label_text
        self.widget.attrs.update({"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-5"})

    def widget_attrs(self, widget):
        return {}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_percent(value)
        except ValueError:
            raise ValidationError(f"Enter {self.label_text} as a number, like 12.5 or 12.5%", code="invalid") from None
        places = self.decimal_places if self.decimal_places is not None else 3
        if number.as_tuple().exponent < -places:  # type: ignore[operator]
            raise ValidationError(
                f"Enter {self.label_text} with no more than {places} digits after the decimal point", code="invalid"
            )
        return number

    def validate(self, value):
        forms.Field.validate(self, value)

    def run_validators(self, value):
        if value is None:
            return
        low, high = self.min_value, self.max_value
        if low is not None and high is not None and (value < low or value > high):
            raise ValidationError(f"Enter {self.label_text} between {_plain(low)}% and {_plain(high)}%", code="range")
        if low is not None and value < low:
            raise ValidationError(f"Enter {self.label_text} of {_plain(low)}% or more", code="min_value")
        if high is not None and value > high:
            raise ValidationError(f"Enter {self.label_text} of {_plain(high)}% or less", code="max_value")


class _MonthField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        try:
            return str(parse_month(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid_month"], code="invalid") from None


class _DateInputWidget(DateInputWidget):
    def value_from_datadict(self, data, files, name):
        """The three inputs; or, from a client that posts one text date ("27/03/2027" or
        "2027-03-27", as the form did before it had three inputs), that date split in three."""
        if not any(f"{name}_{n}" in data for n in range(3)) and data.get(name):
            text = str(data.get(name)).strip()
            for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d %m %Y", "%d-%m-%Y"):
                try:
                    parsed = datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date
                except ValueError:
                    continue
                return [str(parsed.day), str(parsed.month), str(parsed.year)]
            return [text, "", ""]
        return super().value_from_datadict(data, files, name)


class GovukDateField(DateInputField):
    """GOV.UK's day, month and year inputs: the month as a number or a name, a date that cannot
    exist a form error (never a 500 for a year like 99999999999, never Python's wording)."""

    widget = _DateInputWidget

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        day, month, year = self.fields  # type: ignore[has-type]
        self.fields = (
            day,
            _MonthField(
                label=month.label,
                required=month.required,
                error_messages={
                    "incomplete": "Enter the month",
                    "invalid_month": "Enter the month as a number or a name, like 11 or November",
                },
            ),
            year,
        )
        self.fields[0].validators = [RegexValidator(r"^\s*[0-9]+\s*$", "Enter the day as a number")]
        self.fields[2].validators = [RegexValidator(r"^\s*[0-9]+\s*$", "Enter the year as a number, like 2027")]
        self.widget.widgets[1].attrs.update({"inputmode": "text", "spellcheck": "false"})
        self.widget.widgets[1].attrs["class"] = self.widget.widgets[1].attrs["class"].replace("width-2", "width-4")

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            return date(day=int(day), month=int(month), year=int(year))
        except (ValueError, OverflowError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def date_field(
    label: str, *, required: bool = True, help_text: str = "For example, 27 3 2027 or 27 March 2027", **kwargs
):
    """A GOV.UK date input whose messages name the question."""
    field = GovukDateField(label=label, require_all_fields=False, required=required, help_text=help_text, **kwargs)
    field.error_messages["required"] = f"Enter the {label.lower()}"
    field.error_messages["incomplete"] = f"Enter the {label.lower()} as a day, month and year"
    field.error_messages["invalid"] = f"The {label.lower()} must be a real date"
    return field


def _limit(validators, kind):
    for validator in validators:
        if isinstance(validator, kind):
            return validator.limit_value
    return None


def question_as_noun(label: str) -> str:
    """ "What is the service's annual budget, in pounds?" -> "the service's annual budget", for
    messages like "Enter the service's annual budget in pounds"."""
    text = label.strip().rstrip("?").strip()
    for start in ("What is ", "How much is ", "How much "):
        if text.startswith(start):
            text = text[len(start) :]
    for part in (", in pounds", " in pounds", " (£)", " (GBP)", " (pounds)", " (optional)"):
        text = text.replace(part, "")
    text = text[:1].lower() + text[1:]
    return text if text.startswith(("the ", "an ", "a ")) else f"the {text}"


def money_from(field: forms.DecimalField, *, label_text: str | None = None, model_field=None) -> MoneyField:
    """A MoneyField in place of a model form's DecimalField, with its label, hint, limits and
    required message."""
    label = str(field.label or "amount")
    validators = [*field.validators, *(model_field.validators if model_field is not None else [])]
    low = field.min_value if field.min_value is not None else _limit(validators, MinValueValidator)
    high = field.max_value if field.max_value is not None else _limit(validators, MaxValueValidator)
    money = MoneyField(
        label=field.label,
        label_text=label_text or question_as_noun(label),
        required=field.required,
        help_text=field.help_text,
        initial=field.initial,
        min_value=low,
        max_value=high,
        max_digits=field.max_digits,
        decimal_places=field.decimal_places,
    )
    if "required" in field.error_messages:
        money.error_messages["required"] = field.error_messages["required"]
    return money


class GovukNumbersMixin:
    """GOV.UK asks for numbers in text inputs with a numeric keyboard: every money field (a
    DecimalField with pence) becomes a MoneyField with a £ prefix; other number inputs become text
    inputs that crispy-forms-gds styles."""

    fields: dict

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.govuk_numbers()

    def _model_field(self, name):
        meta = getattr(self, "_meta", None)
        model = getattr(meta, "model", None)
        try:
            return model._meta.get_field(name) if model is not None else None
        except FieldDoesNotExist:  # a form field the model does not have
            return None

    def govuk_numbers(self):
        for name, field in list(self.fields.items()):
            if isinstance(field, MoneyField | PercentField):
                continue
            if isinstance(field, forms.DecimalField) and field.decimal_places == 2:
                self.fields[name] = money_from(field, model_field=self._model_field(name))
            elif isinstance(field, forms.IntegerField | forms.DecimalField) and isinstance(
                field.widget, forms.NumberInput
            ):
                width = field.widget.attrs.get(
                    "class",
                    "govuk-input--width-10" if isinstance(field, forms.DecimalField) else "govuk-input--width-5",
                )
                mode = "decimal" if isinstance(field, forms.DecimalField) else "numeric"
                field.widget = forms.TextInput(attrs={"inputmode": mode, "class": width, "spellcheck": "false"})
