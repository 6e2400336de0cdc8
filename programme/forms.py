"""Forms only validate; programme.services applies the changes."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from accounts.models import PublicBody, Region
from journeys.forms import MONEY_ERRORS
from journeys.models import StaffGroup
from mutuals_portal.lib.choices import ServiceArea
from mutuals_portal.lib.fields import GovukDateField, GovukNumbersMixin

from . import readiness, scoring
from .models import (
    MentoringTopic,
    MentorOffer,
    OutcomeReturn,
    Referral,
    RubricDescriptor,
    SupportAllocation,
    TriageAssessment,
    financial_year_label,
)

POINT_CHOICES = [
    ("0", "0 – none"),
    ("1", "1 – weak"),
    ("2", "2 – good"),
    ("3", "3 – strong"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]


def _required(label: str) -> dict:
    return {"required": label}


class EnquiryForm(GovukNumbersMixin, forms.ModelForm):
    parent_body = forms.ModelChoiceField(
        label="Parent public body",
        queryset=PublicBody.objects.exclude(kind=PublicBody.Kind.CENTRAL),
        required=False,
        empty_label="Not listed",
        help_text="The council or NHS body you work for now. If it is not listed, type its name below.",
        widget=forms.Select(attrs={"data-autocomplete": "public-body"}),  # static/js/autocomplete.js
    )
    parent_body_name = forms.CharField(
        label="Name of your parent public body, if not listed",
        required=False,
        max_length=200,
    )
    consent = forms.BooleanField(
        label="I agree that the Mutuals Information Service may contact me about this enquiry",
        error_messages={"required": "Confirm that we may contact you about your enquiry"},
    )

    class Meta:
        model = Referral
        fields = [
            "contact_name",
            "contact_email",
            "organisation",
            "service_name",
            "service_area",
            "parent_body",
            "parent_body_name",
            "region",
            "headcount",
            "annual_budget",
            "progress",
            "help_needed",
            "sponsor",
            "commissioner_position",
            "staff_consultation",
            "match_funding",
            "deadlines",
            "consent",
        ]
        labels = {
            "contact_name": "Your full name",
            "contact_email": "Your email address",
            "organisation": "Name of your team or organisation",
            "service_name": "The service you deliver",
            "service_area": "Service area",
            "region": "Region where the service is delivered",
            "headcount": "How many staff deliver the service",
            "annual_budget": "The service's annual budget, in pounds",
            "progress": "How far have you got?",
            "help_needed": "What help do you need?",
            "sponsor": "Who is your senior sponsor? (optional)",
            "commissioner_position": "What does the service's commissioner think? (optional)",
            "staff_consultation": "How have staff been told or consulted so far? (optional)",
            "match_funding": "Money or support your organisation can put in (optional)",
            "deadlines": "Deadlines we should know about (optional)",
        }
        help_texts = {
            "sponsor": "The name and job title of the senior manager, such as a director, who backs exploring a mutual",
            "commissioner_position": "The commissioner pays for the service, such as your council or NHS body",
            "staff_consultation": "For example team meetings, a staff survey or ballot, talks with trade unions",
            "match_funding": "For example cash from your council towards advice, or staff time",
            "deadlines": "For example when the current contract ends or when your council will decide",
        }
        widgets = {
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "progress": forms.RadioSelect,
            "help_needed": forms.Textarea(attrs={"rows": 5}),
            "commissioner_position": forms.RadioSelect,
            "staff_consultation": forms.Textarea(attrs={"rows": 3}),
            "match_funding": forms.Textarea(attrs={"rows": 3}),
            "deadlines": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "contact_name": _required("Enter your full name"),
            "contact_email": {
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
            },
            "organisation": _required("Enter the name of your team or organisation"),
            "service_name": _required("Enter the service you deliver"),
            "service_area": _required("Select the service area"),
            "region": _required("Select the region where the service is delivered"),
            "headcount": {
                "required": "Enter how many staff deliver the service",
                "invalid": "Enter the number of staff as a whole number, like 40",
                "min_value": "Enter 1 or more staff",
            },
            "annual_budget": {**MONEY_ERRORS, "required": "Enter the service's annual budget"},
            "progress": _required("Select how far you have got"),
            "help_needed": _required("Tell us what help you need"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_area"].choices = [("", "Select a service area"), *ServiceArea.choices]
        self.fields["region"].choices = [("", "Select a region"), *Region.choices]
        self.fields["progress"].choices = Referral.Progress.choices
        self.fields["commissioner_position"].choices = Referral.CommissionerPosition.choices

    def clean(self):
        cleaned = super().clean()
        body = cleaned.get("parent_body")
        if body is not None:
            cleaned["parent_body_name"] = body.name
        elif not (cleaned.get("parent_body_name") or "").strip():
            self.add_error("parent_body_name", "Choose your parent public body, or type its name if it is not listed")
        return cleaned


class QueueFilterForm(forms.Form):
    SORTS = [
        ("oldest", "Oldest first"),
        ("newest", "Newest first"),
        ("score", "Highest score first"),
    ]
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("open", "All open"), *[(s.value, s.label) for s in Referral.Status], ("all", "All")],
    )
    region = forms.ChoiceField(label="Region", required=False, choices=[("", "Any region"), *Region.choices])
    band = forms.ChoiceField(
        label="Score band",
        required=False,
        choices=[("", "Any band"), *TriageAssessment.Band.choices, ("none", "Not scored")],
    )
    mine = forms.BooleanField(label="Only referrals assigned to me", required=False)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORTS)


def criterion_fields() -> dict[str, forms.Field]:
    """A 0-3 radio field for each criterion T3-T8, each score with its rubric descriptor beside it."""
    descriptors = {(d.code, d.points): d.text for d in RubricDescriptor.objects.all()}
    fields: dict[str, forms.Field] = {}
    for criterion in scoring.CRITERIA:
        choices = [
            (value, f"{label}: {descriptors[(criterion.code, int(value))]}")
            if (criterion.code, int(value)) in descriptors
            else (value, label)
            for value, label in POINT_CHOICES
        ]
        fields[criterion.field] = forms.TypedChoiceField(
            label=f"{criterion.code}: {criterion.label} (weight {criterion.weight})",
            choices=choices,
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={
                "required": f"Score {criterion.code} from 0 to 3",
                "invalid_choice": f"Score {criterion.code} from 0 to 3",
            },
        )
    return fields


class AssessmentForm(GovukNumbersMixin, forms.ModelForm):
    t1_definition = forms.TypedChoiceField(
        label="T1: does it meet, or will it meet, all 3 tests of a public service mutual?",
        help_text="It will leave the public sector, keep delivering public services, and staff will have "
        "significant influence or control.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        error_messages={"required": "Select yes if it meets the 3 definition tests"},
    )
    t2_england = forms.TypedChoiceField(
        label="T2: are the services delivered in England?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        error_messages={"required": "Select yes if the services are delivered in England"},
    )
    mutual_over_five_years = forms.BooleanField(label="It is an existing mutual more than 5 years old", required=False)
    retendered = forms.BooleanField(label="Its contract has already been retendered", required=False)

    class Meta:
        model = TriageAssessment
        fields = [
            "t1_definition",
            "t2_england",
            *[criterion.field for criterion in scoring.CRITERIA],
            "mutual_over_five_years",
            "retendered",
            "requested_support",
            "notes",
        ]
        labels = {
            "requested_support": "Support requested over this and the next two financial years, in pounds",
            "notes": "Notes",
        }
        help_texts = {
            "requested_support": "Checked against the £315,000 limit for minimal financial assistance to one "
            "enterprise over the current and two previous financial years (Subsidy Control Act 2022, section 36).",
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"requested_support": {**MONEY_ERRORS, "required": "Enter the support requested, or 0"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(criterion_fields())
        # Short answers read best in a row.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("t1_definition", inline=True, legend_size=Size.SMALL),
            Field.radios("t2_england", inline=True, legend_size=Size.SMALL),
            *[Field.radios(c.field, legend_size=Size.SMALL) for c in scoring.CRITERIA],
            "mutual_over_five_years",
            "retendered",
            "requested_support",
            "notes",
        )
        if self.instance.pk:
            for name in ("t1_definition", "t2_england"):
                self.initial[name] = "yes" if getattr(self.instance, name) else "no"
            for criterion in scoring.CRITERIA:
                self.initial[criterion.field] = str(getattr(self.instance, criterion.field))


class AcceptForm(forms.Form):
    group = forms.ModelChoiceField(
        label="Staff group",
        queryset=StaffGroup.objects.live().select_related("parent_body").order_by("name"),
        required=False,
        empty_label="Create a new staff group from this referral",
        help_text="Link the referral to a staff group already registered on the portal, or create a new one.",
    )
    parent_body = forms.ModelChoiceField(
        label="Parent public body of a new staff group",
        # Only listed bodies (accounts' reference data), as at registration: one typed in is not offered.
        queryset=PublicBody.objects.listed().exclude(kind=PublicBody.Kind.CENTRAL),
        required=False,
        empty_label="Select a public body",
        widget=forms.Select(attrs={"data-autocomplete": "public-body"}),  # static/js/autocomplete.js
    )
    parent_body_not_listed = forms.CharField(
        label="If the public body is not listed, enter its name",
        help_text="The group can start at once. An administrator checks the body and links it to the list later.",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, referral, **kwargs):
        initial = {"parent_body": referral.parent_body_id}
        if referral.parent_body_id is None and referral.parent_body_name:
            initial["parent_body_not_listed"] = referral.parent_body_name  # what the enquirer typed
        super().__init__(*args, initial=initial, **kwargs)
        self.referral = referral

    def clean(self):
        cleaned = super().clean()
        typed = " ".join((cleaned.get("parent_body_not_listed") or "").split())
        cleaned["parent_body_not_listed"] = typed
        if "parent_body" in self.errors or cleaned.get("group") is not None:
            return cleaned
        if cleaned.get("parent_body") and typed:
            self.add_error(
                "parent_body_not_listed", "Either select the public body from the list or enter its name, not both"
            )
        elif cleaned.get("parent_body") is None and not typed:
            cleaned["parent_body"] = self.referral.parent_body
            if cleaned["parent_body"] is None:
                self.add_error(
                    "parent_body",
                    "Choose the parent public body of the new staff group, enter its name if it is not listed, "
                    "or choose a staff group",
                )
        return cleaned


class SignpostForm(forms.Form):
    destination = forms.CharField(
        label="Where are you sending them?",
        help_text="For example Co-operatives UK, the council's community development team or Social Enterprise UK.",
        max_length=200,
        error_messages={"required": "Enter where you are sending them"},
    )
    note = forms.CharField(
        label="Message to the contact (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why is the referral declined?",
        help_text="The contact will receive this reason by email.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reason for declining"},
    )


class InformationForm(forms.Form):
    message = forms.CharField(
        label="What information do you need?",
        help_text="We email this to the contact. The referral waits until you assess it again.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what information you need"},
    )


class AllocationForm(GovukNumbersMixin, forms.ModelForm):
    class Meta:
        model = SupportAllocation
        fields = ["category", "supplier", "amount", "basis", "basis_note"]
        labels = {
            "category": "Type of support",
            "supplier": "Supplier",
            "amount": "Amount, in pounds",
            "basis": "Subsidy control",
            "basis_note": "If another lawful basis, which one and why it applies",
        }
        help_texts = {
            "basis": "Minimal financial assistance (MFA) is limited to £315,000 per enterprise over the elapsed "
            "part of the current financial year and the two before it (Subsidy Control Act 2022, section 36). "
            "As MFA, the allocation is first notified to the enterprise and is given only once its written "
            "confirmation arrives (section 37).",
            "basis_note": "For example a subsidy scheme, or why this support is not a subsidy. Required if you "
            "do not give it as MFA.",
        }
        widgets = {
            "category": forms.RadioSelect,
            "basis": forms.RadioSelect,
            "basis_note": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "category": {"required": "Select the type of support"},
            "supplier": {"required": "Enter the supplier"},
            "amount": {**MONEY_ERRORS, "required": "Enter the amount"},
            "basis": {"required": "Select the subsidy control basis"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = SupportAllocation.Category.choices
        self.fields["basis"].choices = SupportAllocation.Basis.choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("basis") == SupportAllocation.Basis.OTHER and not cleaned.get("basis_note", "").strip():
            self.add_error("basis_note", "Enter the lawful basis for giving this support")
        return cleaned

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError("Enter an amount more than £0")
        return amount


class ReverseForm(forms.Form):
    reason = forms.CharField(
        label="Why are you reversing this allocation?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for reversing this allocation"},
    )


class MfaGiveForm(GovukNumbersMixin, forms.Form):
    confirmed_on = GovukDateField(
        label="Date the enterprise's written confirmation arrived",
        help_text="For example, 27 3 2026. The enterprise confirms in writing that the £315,000 limit will not be "
        "exceeded (Subsidy Control Act 2022, section 37(2)(c)).",
        require_all_fields=False,
    )
    other_declared = forms.DecimalField(
        label="Other minimal financial assistance the enterprise declared, in pounds",
        help_text="MFA or SPEI assistance from any other public authority over the current and two previous "
        "financial years, as the enterprise's confirmation states. Enter 0 if none.",
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={**MONEY_ERRORS, "required": "Enter the amount the enterprise declared, or 0"},
    )
    confirmed = forms.BooleanField(
        label="I have the enterprise's written confirmation on file",
        error_messages={"required": "Confirm that you have the enterprise's written confirmation"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["confirmed_on"]
        field.error_messages["required"] = "Enter the date the confirmation arrived"
        field.error_messages["incomplete"] = "Enter the date the confirmation arrived as a day, month and year"
        field.error_messages["invalid"] = "The date the confirmation arrived must be a real date"


class ReadinessForm(forms.Form):
    """The public readiness self-check (programme/readiness.py): 12 questions, nothing stored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in readiness.QUESTIONS:
            self.fields[question.name] = forms.TypedChoiceField(
                label=question.text,
                help_text=question.hint,
                choices=[(str(points), text) for points, text in enumerate(question.answers)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select an answer to: {question.text}",
                    "invalid_choice": f"Select an answer to: {question.text}",
                },
            )
        self.fields["service_area"] = forms.ChoiceField(
            label="Your service area (optional)",
            help_text="We use it to show you mutuals that deliver services like yours",
            choices=[("", "Select a service area"), *ServiceArea.choices],
            required=False,
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *[Field.radios(q.name, legend_size=Size.MEDIUM) for q in readiness.QUESTIONS],
            "service_area",
        )


class ModerationForm(forms.Form):
    """A second adviser's scores for T3-T8 (starting from the assessment's) and the reason."""

    reason = forms.CharField(
        label="Why are you changing the scores?",
        help_text="The adviser who assessed the referral, and anyone reading its history, will see this",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reason for moderating the scores"},
    )

    def __init__(self, *args, assessment: TriageAssessment, **kwargs):
        super().__init__(*args, **kwargs)
        reason = self.fields.pop("reason")
        self.fields.update(criterion_fields())
        self.fields["reason"] = reason
        for criterion in scoring.CRITERIA:
            self.initial.setdefault(criterion.field, str(getattr(assessment, criterion.field)))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *[Field.radios(c.field, legend_size=Size.SMALL) for c in scoring.CRITERIA], "reason"
        )

    def points(self) -> dict[str, int]:
        return {c.field: self.cleaned_data[c.field] for c in scoring.CRITERIA}


NUMBER_ERRORS = {"invalid": "Enter a whole number, like 12", "min_value": "Enter 0 or more"}
DAYS_ERRORS = {
    "invalid": "Enter a number of days, like 6.5",
    "max_decimal_places": "Enter days to 1 decimal place at most, like 6.5",
    "max_digits": "Enter 366 days or fewer",
    "max_whole_digits": "Enter 366 days or fewer",
}
PERCENT_ERRORS = {
    "invalid": "Enter a percentage, like 12.5",
    "max_decimal_places": "Enter a percentage to 1 decimal place at most, like 12.5",
    "max_digits": "Enter a percentage from 0 to 100",
    "max_whole_digits": "Enter a percentage from 0 to 100",
}


class OutcomeReturnForm(GovukNumbersMixin, forms.ModelForm):
    """A year's outcome return. `year` is asked only for a new return (a correction keeps its year)."""

    class Meta:
        model = OutcomeReturn
        fields = ["year", *OutcomeReturn.FIGURES]
        labels = {
            "year": "Which financial year is this return for?",
            "staff_headcount": "Staff at the end of the year (headcount)",
            "turnover": "Turnover for the year, in pounds",
            "sickness_absence_days": "Sickness absence: average days lost per employee",
            "staff_turnover_percent": "Staff turnover: percentage of staff who left during the year",
            "user_satisfaction_percent": "User satisfaction: percentage of service users satisfied (optional)",
            "contracts_won": "Contracts won during the year",
            "contracts_lost": "Contracts lost or not renewed during the year",
            "social_value_highlights": "Social value highlights (optional)",
        }
        help_texts = {
            "year": "Enter the year the financial year starts in. For example, 2025 for 1 April 2025 to "
            "31 March 2026 (2025-26).",
            "user_satisfaction_percent": "Leave blank if you did not survey your service users this year.",
            "social_value_highlights": "For example local jobs, apprenticeships, volunteering or community "
            "projects. These words are not published; the figures above are, only as totals and averages "
            "across mutuals.",
        }
        widgets = {"social_value_highlights": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "year": {"required": "Enter the financial year", "invalid": "Enter a year, like 2025"},
            "staff_headcount": {**NUMBER_ERRORS, "required": "Enter the number of staff"},
            "turnover": {**MONEY_ERRORS, "required": "Enter the turnover"},
            "sickness_absence_days": {**DAYS_ERRORS, "required": "Enter the average days of sickness absence"},
            "staff_turnover_percent": {**PERCENT_ERRORS, "required": "Enter the staff turnover"},
            "user_satisfaction_percent": PERCENT_ERRORS,
            "contracts_won": {**NUMBER_ERRORS, "required": "Enter the number of contracts won (0 if none)"},
            "contracts_lost": {**NUMBER_ERRORS, "required": "Enter the number of contracts lost (0 if none)"},
        }

    def __init__(self, *args, earliest_year: int | None, latest_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.earliest_year = earliest_year
        self.latest_year = latest_year
        if self.instance.pk:
            del self.fields["year"]
        else:
            self.fields["year"].widget.attrs["class"] = "govuk-input--width-4"

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > self.latest_year:
            raise forms.ValidationError(
                f"The financial year cannot be in the future: enter {self.latest_year} or earlier"
            )
        if self.earliest_year is not None and year < self.earliest_year:
            raise forms.ValidationError(
                f"Enter {self.earliest_year} or later: your mutual spun out in the financial year "
                f"{financial_year_label(self.earliest_year)}"
            )
        if year < 1900:
            raise forms.ValidationError("Enter a year, like 2025")
        return year


# Mentoring -----------------------------------------------------------------------------------------

TOPIC_ERRORS = {"required": "Choose at least one topic"}


def _topics_field(label: str, help_text: str = "Select all that apply.") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        help_text=help_text,
        choices=MentoringTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=TOPIC_ERRORS,
    )


class MentorOfferForm(GovukNumbersMixin, forms.ModelForm):
    service_areas = forms.MultipleChoiceField(
        label="Service areas you know",
        help_text="Select all that apply.",
        choices=ServiceArea.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one service area"},
    )
    topics = _topics_field("Topics you can help with")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MentorOffer
        fields = ["mutual_name", "spin_out_role", "service_areas", "region", "topics", "capacity", "active"]
        labels = {
            "mutual_name": "Name of the mutual you work for",
            "spin_out_role": "What was your part in its spin-out?",
            "region": "Region you work in",
            "capacity": "How many groups can you mentor at once?",
            "active": "I am taking on new groups now",
        }
        help_texts = {
            "spin_out_role": "For example, chief executive who led the staff ballot and the business case.",
            "capacity": "From 1 to 5. Mentors usually meet a group once a month.",
            "active": "Untick this to pause new matches; the groups you mentor now keep you.",
        }
        error_messages = {
            "mutual_name": {"required": "Enter the name of your mutual"},
            "spin_out_role": {"required": "Say what your part in the spin-out was"},
            "region": {"required": "Choose the region you work in"},
            "capacity": {
                "required": "Enter how many groups you can mentor at once",
                "invalid": "Enter a whole number from 1 to 5",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].widget.attrs["class"] = "govuk-input--width-2"
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class OfferDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Approve this offer?",
        choices=[("approve", "Yes, offer this mentor to staff groups"), ("decline", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve the offer"},
    )
    note = forms.CharField(
        label="Note to the mentor",
        help_text="Needed if you do not approve the offer: say why.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class WithdrawApprovalForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing the approval?",
        help_text="For example, the mentor has left their mutual, or has a conflict of interest. The mentor sees "
        "this; the groups they mentor are told only that the approval was withdrawn.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why you are withdrawing the approval"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReapproveOfferForm(forms.Form):
    note = forms.CharField(
        label="Why are you approving the offer now?",
        help_text="For example, the conflict of interest has ended, or the offer was turned down by mistake. The "
        "mentor sees this.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why you are approving the offer now"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class MentoringRequestForm(forms.Form):
    topics = _topics_field("What would you like help with?")
    note = forms.CharField(
        label="Anything else a mentor should know (optional)",
        help_text="For example, how often you could meet, or a deadline you are working to.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MatchForm(forms.Form):
    offer = forms.TypedChoiceField(
        label="Choose a mentor",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a mentor", "invalid_choice": "Choose one of the mentors listed"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].choices = [
            (
                offer.pk,
                f"{offer.mentor.full_name}, {offer.mutual_name} ({offer.running} of {offer.capacity} places used)",
            )
            for offer in offers
        ]


class MeetingForm(forms.Form):
    met_on = GovukDateField(label="Date of the meeting", help_text="For example, 27 3 2026.", require_all_fields=False)
    topics = _topics_field("What did you talk about?")
    note = forms.CharField(
        label="Short note (optional)",
        help_text="What you agreed or will do next, in a sentence or two. Do not include personal details.",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MentorNoteForm(forms.Form):
    note = forms.CharField(
        label="Your note to the group",
        help_text="Advice, links or comments for the group to read. Everyone in the group and its adviser see it.",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class EndMentoringForm(forms.Form):
    reason = forms.CharField(
        label="Why is it ending? (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
