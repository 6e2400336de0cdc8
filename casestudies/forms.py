from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from mutuals_portal.lib.fields import GovukNumbersMixin

from .models import CaseStudy

MAX_SOURCES = 30


def parse_sources(text: str) -> list[tuple[str, str]]:
    """Lines of "title | web address" (the address is optional) -> [(title, url)]."""
    sources = []
    validate_url = URLValidator(schemes=["http", "https"])
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        title, _, url = (part.strip() for part in line.partition("|"))
        if not title:
            raise ValidationError(f"Source on line {number} needs a title before the | sign")
        if len(title) > 300:
            raise ValidationError(f"Source title on line {number} must be 300 characters or fewer")
        if url:
            try:
                validate_url(url)
            except ValidationError:
                raise ValidationError(
                    f"Web address on line {number} must start with https:// or http://, like https://example.org/"
                ) from None
            if len(url) > 500:
                raise ValidationError(f"Web address on line {number} must be 500 characters or fewer")
        sources.append((title, url))
    if len(sources) > MAX_SOURCES:
        raise ValidationError(f"Enter {MAX_SOURCES} sources or fewer")
    return sources


def sources_as_text(case_study: CaseStudy) -> str:
    return "\n".join(f"{s.title} | {s.url}" if s.url else s.title for s in case_study.sources.all())


class CaseStudyForm(GovukNumbersMixin, forms.ModelForm):
    sources_text = forms.CharField(
        label="Sources",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One source per line: its title, then a | sign and its web address if it has one. "
        "For example: Explore York annual report | https://example.org/report",
    )

    class Meta:
        model = CaseStudy
        fields = [
            "name",
            "summary",
            "body",
            "service_area",
            "region",
            "parent_body",
            "legal_form",
            "ownership_model",
            "year_spun_out",
            "staff_count",
            "staff_count_year",
            "annual_turnover",
            "annual_turnover_year",
            "first_contract_route",
            "trading_status",
            "trading_status_year",
            "companies_house_number",
            "fca_society_number",
            "charity_number",
            "outcomes",
            "lessons",
            "where_now",
            "not_a_mutual_reason",
        ]
        labels = {
            "name": "Name of the mutual",
            "body": "The story",
            "year_spun_out": "Year spun out (optional)",
            "staff_count": "Number of staff (optional)",
            "annual_turnover": "Annual turnover in pounds (optional)",
            "region": "Region (optional)",
            "parent_body": "Parent public body (optional)",
            "legal_form": "Legal form (optional)",
            "ownership_model": "Ownership model (optional)",
            "outcomes": "Outcomes (optional)",
            "lessons": "Lessons learned (optional)",
            "staff_count_year": "Year of the number of staff (optional)",
            "annual_turnover_year": "Year of the turnover (optional)",
            "first_contract_route": "How the first contract was awarded (optional)",
            "trading_status": "Trading status (optional)",
            "trading_status_year": "Year of the trading status (optional)",
            "companies_house_number": "Companies House company number (optional)",
            "fca_society_number": "FCA society number (optional)",
            "charity_number": "Registered charity number (optional)",
            "where_now": "Where are they now (optional)",
            "not_a_mutual_reason": "Why it is not a public service mutual",
        }
        help_texts = {
            "summary": "One or two sentences, shown in search results.",
            "year_spun_out": 'Leave empty if it is not known. Unknown facts are shown as "Not known".',
            "staff_count": "Leave empty if it is not known.",
            "annual_turnover": "Leave empty if it is not known.",
            "legal_form": "Leave empty if it is not known.",
            "ownership_model": "Leave empty if it is not known.",
            "staff_count_year": "The year the number of staff describes, like 2021.",
            "annual_turnover_year": "The year, or the year a financial year ends in, like 2023.",
            "trading_status_year": "The year it closed, merged or was taken over, or the year of the latest "
            "source that shows it trading.",
            "companies_house_number": "8 characters, like 01234567 or SC123456. Copy it from the register, "
            "not from the name.",
            "fca_society_number": "As shown on the FCA Mutuals Public Register, like 31850R.",
            "charity_number": "As shown on the Charity Commission register, like 1123456.",
            "not_a_mutual_reason": "Only if you ticked the box above: for example, it is owned by the council.",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 8}),
            "outcomes": forms.Textarea(attrs={"rows": 4}),
            "lessons": forms.Textarea(attrs={"rows": 4}),
            # GOV.UK asks for text inputs with a numeric keyboard rather than type="number".
            "year_spun_out": forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
            "staff_count": forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
            "annual_turnover": forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
            "staff_count_year": forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
            "annual_turnover_year": forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
            "trading_status_year": forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
            "companies_house_number": forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
            "fca_society_number": forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
            "charity_number": forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
            "where_now": forms.Textarea(attrs={"rows": 3}),
            "not_a_mutual_reason": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            **{
                name: {
                    "invalid": f"{label} must be a year, like 2021",
                    "min_value": f"{label} must be a year, like 2021",
                    "max_value": f"{label} must be a year, like 2021",
                }
                for name, label in [
                    ("staff_count_year", "Year of the number of staff"),
                    ("annual_turnover_year", "Year of the turnover"),
                    ("trading_status_year", "Year of the trading status"),
                ]
            },
            "companies_house_number": {
                "invalid": "Enter the 8-character company number, like 01234567",
                "max_length": "Enter the 8-character company number, like 01234567",
            },
            "fca_society_number": {
                "invalid": "Enter the FCA society number as the register shows it, like 31850R",
                "max_length": "Enter the FCA society number as the register shows it, like 31850R",
            },
            "charity_number": {
                "invalid": "Enter the registered charity number, 6 to 8 digits, like 1123456",
                "max_length": "Enter the registered charity number, 6 to 8 digits, like 1123456",
            },
            "name": {"required": "Enter the name of the mutual", "max_length": "Name must be 200 characters or fewer"},
            "summary": {"required": "Enter a summary"},
            "service_area": {"required": "Select a service area"},
            "year_spun_out": {
                "invalid": "Year spun out must be a year, like 2012",
                "min_value": "Year spun out must be a year, like 2012",
                "max_value": "Year spun out must be a year, like 2012",
            },
            "staff_count": {
                "invalid": "Number of staff must be a whole number, like 120",
                "min_value": "Number of staff must be 0 or more",
                "max_value": "Number of staff must be 1,000,000 or fewer",
            },
            "annual_turnover": {
                "invalid": "Annual turnover must be an amount in pounds, like 2500000",
                "max_digits": "Annual turnover must be less than 1,000,000,000,000 pounds",
                "max_whole_digits": "Annual turnover must be less than 1,000,000,000,000 pounds",
                "max_decimal_places": "Annual turnover can have up to 2 decimal places (pence)",
            },
        }

    not_a_mutual = forms.BooleanField(
        label="It is not a public service mutual",
        required=False,
        help_text="Tick if it did not leave the public sector, does not deliver public services, or its staff have "
        "no significant influence or control. It is then kept for its lessons but left out of the counts of mutuals.",
    )

    field_order = [*Meta.fields[: Meta.fields.index("not_a_mutual_reason")], "not_a_mutual", "not_a_mutual_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["sources_text"].initial = sources_as_text(self.instance)
            self.fields["not_a_mutual"].initial = not self.instance.is_public_service_mutual
        for name in ("region", "legal_form", "ownership_model", "first_contract_route", "trading_status"):
            self.fields[name].choices = [("", "Not known")] + list(self.fields[name].choices)[1:]

    def clean_year_spun_out(self):
        year = self.cleaned_data.get("year_spun_out")
        if year is not None and not 1990 <= year <= timezone.localdate().year:
            raise ValidationError(f"Year spun out must be between 1990 and {timezone.localdate().year}")
        return year

    def clean_staff_count(self):
        staff = self.cleaned_data.get("staff_count")
        if staff is not None and staff > 1_000_000:
            raise ValidationError("Number of staff must be 1,000,000 or fewer")
        return staff

    def clean_annual_turnover(self):
        turnover = self.cleaned_data.get("annual_turnover")
        if turnover is not None and turnover < 0:
            raise ValidationError("Annual turnover must be 0 or more")
        return turnover

    def _clean_year(self, name: str, label: str):
        year = self.cleaned_data.get(name)
        if year is not None and not 1990 <= year <= timezone.localdate().year:
            raise ValidationError(f"{label} must be between 1990 and {timezone.localdate().year}")
        return year

    def clean_staff_count_year(self):
        return self._clean_year("staff_count_year", "Year of the number of staff")

    def clean_annual_turnover_year(self):
        return self._clean_year("annual_turnover_year", "Year of the turnover")

    def clean_trading_status_year(self):
        return self._clean_year("trading_status_year", "Year of the trading status")

    def clean_companies_house_number(self):
        return "".join(self.cleaned_data.get("companies_house_number", "").split()).upper()

    def clean_fca_society_number(self):
        return "".join(self.cleaned_data.get("fca_society_number", "").split()).upper()

    def clean_charity_number(self):
        return "".join(self.cleaned_data.get("charity_number", "").split())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("not_a_mutual") and not cleaned.get("not_a_mutual_reason", "").strip():
            self.add_error("not_a_mutual_reason", "Say why it is not a public service mutual")
        if not cleaned.get("not_a_mutual"):
            cleaned["not_a_mutual_reason"] = ""
        if cleaned.get("trading_status_year") and not cleaned.get("trading_status"):
            self.add_error("trading_status", "Select a trading status for the year you entered")
        return cleaned

    def case_study_fields(self) -> dict:
        """The case study's fields from the cleaned form, as the services take them."""
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["is_public_service_mutual"] = not self.cleaned_data["not_a_mutual"]
        return fields

    def clean_sources_text(self):
        sources = parse_sources(self.cleaned_data.get("sources_text", ""))
        if self.instance.pk:
            listed = set(sources)
            missing = [
                source.title
                for source in self.instance.sources.filter(facts__isnull=False).distinct()
                if (source.title, source.url) not in listed
            ]
            if missing:
                raise ValidationError(
                    "Keep the sources that published facts cite, with the same title and web address: "
                    + "; ".join(missing[:3])
                )
        return sources


class PublishForm(forms.Form):
    note = forms.CharField(
        label="Note for the record (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Note must be 2,000 characters or fewer"},
    )


class ReturnForm(forms.Form):
    note = forms.CharField(
        label="Comments for the contributor",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Say what needs to change before the case study can be published.",
        error_messages={
            "required": "Enter your comments for the contributor",
            "max_length": "Comments must be 2,000 characters or fewer",
        },
    )
