"""Forms for the financial model: they only parse and validate (journeys.finance.services saves)."""

from datetime import date
from decimal import Decimal

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from mutuals_portal.lib.fields import GovukDateField, MoneyField, PercentField

from .models import FinanceLine, FinancialModel, Scenario


def _limit(model_field, kind):
    for validator in model_field.validators:
        if isinstance(validator, kind):
            return validator.limit_value
    return None


def _typed_fields(form, model):
    """Swap the model's money and percent fields for the parsing fields, with their limits."""
    for name, field in list(form.fields.items()):
        model_field = model._meta.get_field(name) if name in {f.name for f in model._meta.fields} else None
        if model_field is None or not isinstance(field, forms.DecimalField):
            continue
        cls = PercentField if model_field.max_digits == 6 else MoneyField
        label = str(model_field.verbose_name)
        form.fields[name] = cls(
            label=label[:1].upper() + label[1:],
            label_text=f"the {label}",
            required=field.required,
            help_text=field.help_text,
            min_value=_limit(model_field, MinValueValidator),
            max_value=_limit(model_field, MaxValueValidator),
            max_digits=model_field.max_digits,
            decimal_places=model_field.decimal_places,
        )
        form.fields[name].error_messages["required"] = f"Enter the {label}"
    for name, field in form.fields.items():
        if name != "version" and isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField):
            field.widget = forms.TextInput(
                attrs={"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-4"}
            )
            model_field = model._meta.get_field(name)
            label = str(field.label).lower()
            low = _limit(model_field, MinValueValidator) or 0
            high = _limit(model_field, MaxValueValidator)
            field.min_value, field.max_value = low, high
            field.validators = [MinValueValidator(low)] + ([MaxValueValidator(high)] if high is not None else [])
            message = f"Enter the {label} as a whole number" + (f" from {low} to {high}" if high is not None else "")
            field.error_messages.update({"invalid": message, "min_value": message, "max_value": message})


ASSUMPTION_GROUPS = [
    ("The plan", ["start_on", "years", "basis"]),
    (
        "Contract and the council's baseline",
        ["contract_price", "contract_indexation", "baseline_cost", "baseline_indexation"],
    ),
    ("Staff and pay", ["headcount", "pay_bill", "pay_award"]),
    ("Pensions", ["pension_rate", "pension_deficit"]),
    ("National Insurance and tax", ["ni_rate", "ni_threshold", "employment_allowance", "charitable"]),
    ("VAT", ["vat_recovery", "vat_cost_share"]),
    ("Running costs", ["premises", "back_office", "back_office_source", "insurance", "cost_inflation", "contingency"]),
    ("Assets and transition", ["assets_transferred", "assets_bought", "asset_life_years", "transition_costs"]),
    (
        "Cash and funding",
        [
            "opening_cash",
            "grant",
            "loan",
            "loan_rate",
            "loan_term_years",
            "council_support",
            "council_support_repaid_year",
            "debtor_days",
            "creditor_days",
        ],
    ),
]


class AssumptionsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    start_on = GovukDateField(
        label="Plan start date", require_all_fields=False, required=False, help_text="For example, 1 4 2027"
    )

    class Meta:
        model = FinancialModel
        fields = [name for _title, names in ASSUMPTION_GROUPS for name in names]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _typed_fields(self, FinancialModel)
        for name, field in self.fields.items():
            if name in self.Meta.fields and FinancialModel._meta.get_field(name).has_default():
                field.required = False
        self.fields["start_on"].error_messages["invalid"] = "The plan start date must be a real date"
        self.fields["start_on"].error_messages["incomplete"] = "Enter the plan start date as a day, month and year"
        self.fields["back_office_source"].required = False
        self.fields["back_office_source"].widget = forms.RadioSelect()
        self.fields["back_office_source"].choices = [("", "Not decided yet"), *FinancialModel.BackOffice.choices]
        self.fields["basis"].widget.attrs["rows"] = 3
        self.fields["years"] = forms.TypedChoiceField(
            label="How many years does the plan cover?",
            choices=[(3, "3 years"), (4, "4 years"), (5, "5 years")],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": "Select how many years the plan covers"},
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        layout = [Field("version")]
        for title, names in ASSUMPTION_GROUPS:
            items = []
            for name in names:
                if name == "start_on":
                    items.append(Field("start_on", legend_size=Size.SMALL))
                elif name in ("employment_allowance", "charitable"):
                    items.append(Field.checkbox(name, small=True))
                elif name == "years":
                    items.append(Field.radios(name, legend_size=Size.SMALL, inline=True))
                elif name == "back_office_source":
                    items.append(Field.radios(name, legend_size=Size.SMALL, small=True))
                else:
                    items.append(name)
            layout.append(Fieldset(*items, legend=title, legend_size=Size.MEDIUM, legend_tag="h2"))
        self.helper.layout = Layout(*layout)

    def clean(self):
        data = super().clean()
        for name in self.Meta.fields:
            model_field = FinancialModel._meta.get_field(name)
            if name in data and data[name] in (None, "") and model_field.has_default():
                data[name] = model_field.get_default()  # a blank rate or amount is its default (mostly 0)
        repaid = data.get("council_support_repaid_year")
        years = data.get("years")
        if repaid and years and repaid > years:
            self.add_error("council_support_repaid_year", f"Enter a year from 1 to {years}, or leave it blank")
        if repaid and not data.get("council_support"):
            self.add_error("council_support_repaid_year", "Leave this blank: there is no council support to repay")
        return data


class LineForm(forms.ModelForm):
    class Meta:
        model = FinanceLine
        fields = ["kind", "label", "source", "year_1", "year_2", "year_3", "year_4", "year_5"]
        labels = {"label": "Name of the line"}

    def __init__(self, *args, years: int, year_labels: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        _typed_fields(self, FinanceLine)
        # Each year's error names the line and the year ("Enter the amount of Training in 2028/29 ..."):
        # one message per wrong year, never the same sentence three times.
        typed = (self.data.get(self.add_prefix("label")) or "").strip() if self.is_bound else ""
        row = f"“{typed[:60]}”" if typed else (f"“{self.instance.label}”" if self.instance.label else "this line")
        self.fields["kind"].widget = forms.RadioSelect()
        self.fields["kind"].choices = FinanceLine.Kind.choices  # no empty "---------" radio
        self.fields["kind"].label = "Income or cost"
        self.fields["kind"].error_messages["required"] = "Select income or cost"
        self.fields["label"].error_messages["required"] = "Enter the name of the line"
        self.fields["label"].help_text = "For example: Traded services to schools, or Training."
        for n in range(1, 6):
            name = f"year_{n}"
            if n > years:
                del self.fields[name]
            else:
                self.fields[name].label = f"Amount in {year_labels[n - 1]} (pounds)"
                self.fields[name].label_text = f"the amount of {row} in {year_labels[n - 1]}"
                self.fields[name].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.MEDIUM, inline=True),
            "label",
            "source",
            *[f"year_{n}" for n in range(1, years + 1)],
        )

    def clean(self):
        data = super().clean()
        for name in self.fields:
            if name.startswith("year_") and name in data and data[name] is None:
                data[name] = Decimal("0")  # a blank year is nothing that year
        return data


class ScenarioForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        for name in self.Meta.fields:
            model_field = Scenario._meta.get_field(name)
            if name in data and data[name] is None and model_field.has_default():
                data[name] = model_field.get_default()  # blank: no change
        return data

    class Meta:
        model = Scenario
        fields = ["contract_change", "pay_award_change", "other_income_change", "cost_change", "lost_line"]

    def __init__(self, *args, income_lines, **kwargs):
        super().__init__(*args, **kwargs)
        _typed_fields(self, Scenario)
        for field in self.fields.values():
            field.required = False
        self.fields["contract_change"].help_text = "For example -10 for a contract 10% lower."
        self.fields["pay_award_change"].help_text = "For example 2 for a pay award 2 points higher every year."
        self.fields["other_income_change"].help_text = "Applies to every other income line, for example -25."
        self.fields["cost_change"].help_text = "Applies to premises, back office, insurance and other cost lines."
        self.fields["lost_line"].queryset = income_lines
        self.fields["lost_line"].required = False
        self.fields["lost_line"].empty_label = "None"
        self.fields["lost_line"].label = "An income line lost in full"


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload your copy of the workbook",
        help_text="The .xlsx file downloaded from this page, with your changes on its Assumptions sheet. Up to 2 MB.",
        error_messages={"required": "Select the workbook to upload", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > 2 * 1024 * 1024:
            raise ValidationError("The workbook must be smaller than 2 MB")
        if not (file.name or "").lower().endswith(".xlsx"):
            raise ValidationError("The selected file must be an Excel workbook (.xlsx)")
        return file


def cell_problems_and_values(cells: dict) -> tuple[list[tuple[str, str, str, str]], dict]:
    """Check each uploaded assumption with the assumptions form's own field.

    `cells` maps a key to (cell, value). Returns the problems as (cell, label, value, why) and the
    clean values by key."""
    fields = AssumptionsForm().fields
    problems, clean = [], {}
    for key, (cell, value) in cells.items():
        field = fields[key]
        label = str(field.label)
        shown = "" if value is None else str(value)
        try:
            if key == "start_on":
                if value is not None and not isinstance(value, date):
                    raise ValidationError("Enter a date, like 2027-04-01")
                clean[key] = value
                continue
            if key in ("employment_allowance", "charitable"):
                clean[key] = _boolean(value)
                continue
            if key == "back_office_source":
                choices = {str(v).lower(): v for v, _l in FinancialModel.BackOffice.choices}
                choices.update({str(lbl).lower(): v for v, lbl in FinancialModel.BackOffice.choices})
                if value in (None, ""):
                    clean[key] = ""
                elif str(value).strip().lower() in choices:
                    clean[key] = choices[str(value).strip().lower()]
                else:
                    raise ValidationError("Enter one of: " + ", ".join(FinancialModel.BackOffice.values))
                continue
            raw = (
                ""
                if value is None
                else (f"{value:.10f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value))
            )
            cleaned = field.clean(raw)
            if cleaned in (None, "") and FinancialModel._meta.get_field(key).has_default():
                cleaned = FinancialModel._meta.get_field(key).get_default()
            clean[key] = cleaned
        except ValidationError as error:
            problems.append((cell, label, shown, " ".join(error.messages)))
    return problems, clean


def _boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("", "false", "no", "0"):
        return False
    if text in ("true", "yes", "1"):
        return True
    raise ValidationError("Enter TRUE or FALSE")


def as_post_data(values: dict, version: int | None) -> dict:
    """What the assumptions form would post for these values (the confirmation page's hidden inputs)."""
    data = {"version": "" if version is None else str(version)}
    for key, value in values.items():
        if key == "start_on":
            if value:
                data.update(start_on_0=str(value.day), start_on_1=str(value.month), start_on_2=str(value.year))
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is None:
            data[key] = ""
        else:
            data[key] = str(value)
    return data
