from functools import lru_cache

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, ConditionalQuestion, ConditionalRadios, Field, Fieldset, Layout
from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from accounts.forms import check_new_password
from accounts.models import PublicBody, User
from mutuals_portal.lib.fields import GovukNumbersMixin, date_field
from mutuals_portal.lib.forms import reveal_helper, revealing

from .models import (
    Attachment,
    BodyType,
    ChallengeableService,
    ChallengeSettings,
    ConflictDeclaration,
    DecisionOutcome,
    EOIStatus,
    ExpressionOfInterest,
    Partner,
    ProcurementExercise,
    ProcurementProcedure,
    ProcurementResult,
    RejectionGround,
    Route,
    SubmissionWindow,
    format_days,
    not_a_relevant_authority,
)


def _date_field(label: str, required: bool = True, help_text: str = "For example, 27 3 2027 or 27 March 2027"):
    return date_field(label, required=required, help_text=help_text)


class BodySignupForm(forms.Form):
    full_name = forms.CharField(
        label="Your full name", max_length=150, error_messages={"required": "Enter your full name"}
    )
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    body_name = forms.CharField(
        label="Name of the body you represent",
        max_length=200,
        error_messages={"required": "Enter the name of the body you represent"},
    )
    body_type = forms.ChoiceField(
        label="Type of body",
        choices=BodyType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of body"},
    )
    password = forms.CharField(
        label="Create a password",
        help_text="At least 10 characters. Avoid common words and passwords you use elsewhere.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        error_messages={"required": "Enter a password"},
    )

    def clean_email(self):
        # Never says whether the address has an account (accounts.registration tells its owner).
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def clean(self):
        cleaned = super().clean()
        check_new_password(
            self, email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""), field="password", confirm=None
        )
        return cleaned


# For the council's periods and a service's own (the model's validators report under the same codes).
PROCUREMENT_PERIOD_ERRORS = {
    "procurement_min_days": {
        "invalid": "Enter the minimum period as a whole number of days, like 60",
        "min_value": "The minimum period must be 0 days or more",
        "max_value": "The minimum period must be 1,095 days (3 years) or fewer",
    },
    "procurement_max_days": {
        "invalid": "Enter the maximum period as a whole number of days, like 365",
        "min_value": "The maximum period must be at least 1 day",
        "max_value": "The maximum period must be 1,095 days (3 years) or fewer",
    },
}


class ServiceForm(GovukNumbersMixin, forms.ModelForm):
    contract_end = _date_field("Contract end date", required=False)

    class Meta:
        model = ChallengeableService
        fields = [
            "name",
            "description",
            "current_provider",
            "annual_value",
            "contract_end",
            "published",
            "excluded",
            "exclusion_basis",
            "procurement_min_days",
            "procurement_max_days",
        ]
        labels = {
            "name": "Service name",
            "annual_value": "Annual value (£)",
            "procurement_min_days": "Minimum period in days (optional)",
            "procurement_max_days": "Maximum period in days (optional)",
            "published": "Publish this service on the list of services",
            "excluded": "This service is excluded from the Right to Challenge",
            "exclusion_basis": "Basis of the exclusion (if excluded)",
        }
        help_texts = {
            "published": "Bodies can express an interest in any of the council's services, listed or not.",
            "excluded": "Only services listed in Schedule 2 to SI 2012/1313 are excluded. An expression of "
            "interest in an excluded service is still received, and rejected on ground R1.",
            "exclusion_basis": "The paragraph of Schedule 2 to SI 2012/1313 and why it applies. Paragraphs 2 and 3 "
            "stopped having effect on 1 April 2014.",
        }
        error_messages = {
            "name": {"required": "Enter the name of the service"},
            "description": {"required": "Describe the service"},
            "annual_value": {"invalid": "Enter the annual value as a number, like 250000"},
            **PROCUREMENT_PERIOD_ERRORS,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What applies when a period is left blank: the council's, which officers set on the periods page.
        council = ChallengeSettings.for_council(self.instance.council)
        self.fields["procurement_min_days"].help_text = (
            "Allow the body time to get ready, and for the service's nature, scale and complexity. Leave blank to "
            f"use the council's minimum, currently {format_days(council.procurement_min_days)}."
        )
        self.fields["procurement_max_days"].help_text = (
            "Allow for the commissioning and budget cycle. Leave blank to use the council's maximum, currently "
            f"{format_days(council.procurement_max_days)}."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *[name for name in self.fields if not name.startswith("procurement_")],
            Fieldset(
                HTML(
                    '<p class="govuk-body">The days from accepting an expression of interest to the start of the '
                    "procurement exercise. They are published on the service page and kept with each decision to "
                    "accept.</p>"
                ),
                "procurement_min_days",
                "procurement_max_days",
                legend="Procurement periods for this service",
                legend_size="m",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        council = getattr(self.instance, "council", None)
        problem = not_a_relevant_authority(council) if council is not None else ""
        if cleaned.get("published") and problem:
            self.add_error("published", f"This service cannot be published: {problem}")
        return cleaned


class UnlistedServiceForm(forms.Form):
    """A body describes a service the council has not listed (every relevant service may be challenged)."""

    council = forms.ModelChoiceField(
        label="Which council provides the service?",
        queryset=PublicBody.objects.none(),
        empty_label="Select a council",
        error_messages={
            "required": "Select the council that provides the service",
            "invalid_choice": "Select the council that provides the service",
        },
    )
    name = forms.CharField(
        label="Name of the service",
        max_length=200,
        help_text='As the council or its users call it, for example "Mobile library".',
        error_messages={"required": "Enter the name of the service"},
    )
    description = forms.CharField(
        label="Describe the service",
        help_text="What the service does and the area it covers, so the council can identify it.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Describe the service"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = PublicBody.objects.councils().order_by("name")


class LinkServiceForm(forms.Form):
    """An officer links an EOI for an unlisted service to a service record, or confirms the body's description."""

    NEW = "new"
    service = forms.ChoiceField(
        label="Which service is this expression of interest about?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a service, or confirm the body's description as a new service"},
    )
    name = forms.CharField(label="Service name (for a new record)", max_length=200, required=False)
    description = forms.CharField(
        label="Description (for a new record)", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {str(service.pk): service for service in services}
        self.fields["service"].choices = [(pk, service.name) for pk, service in self.services.items()] + [
            (self.NEW, "None of these: create a service record from the body's description")
        ]

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("service")
        cleaned["existing"] = self.services.get(choice) if choice and choice != self.NEW else None
        if choice == self.NEW and not cleaned.get("name", "").strip():
            self.add_error("name", "Enter the name of the new service record")
        return cleaned


class WindowForm(forms.ModelForm):
    opens_on = _date_field("Opening date")
    closes_on = _date_field("Closing date")

    class Meta:
        model = SubmissionWindow
        fields = ["opens_on", "closes_on"]


class ChallengeSettingsForm(forms.ModelForm):
    class Meta:
        model = ChallengeSettings
        fields = ["decision_period_days", "procurement_min_days", "procurement_max_days"]
        error_messages = {
            "decision_period_days": {"required": "Enter the decision period in days"},
            "procurement_min_days": {
                "required": "Enter the minimum period in days",
                **PROCUREMENT_PERIOD_ERRORS["procurement_min_days"],
            },
            "procurement_max_days": {
                "required": "Enter the maximum period in days",
                **PROCUREMENT_PERIOD_ERRORS["procurement_max_days"],
            },
        }


class EOIForm(forms.ModelForm):
    """The draft: nothing is required until the body submits (see missing_statutory_content)."""

    class Meta:
        model = ExpressionOfInterest
        fields = [
            "body_type",
            "body_name",
            "registration_number",
            "contact_name",
            "contact_email",
            "contact_phone",
            "financial_resources",
            "capability",
            "service_and_area",
            "outcomes_wellbeing",
            "outcomes_users_needs",
            "staff_engagement",
        ]
        widgets = {"body_type": forms.RadioSelect}
        labels = {
            "body_type": "Type of body",
            "body_name": "Name of the body",
            "registration_number": "Registration number (optional)",
            "contact_name": "Contact name",
            "contact_email": "Contact email address",
            "contact_phone": "Contact phone number (optional)",
            "financial_resources": "Financial resources of the body",
            "capability": "Capability to provide the service",
            "service_and_area": "The service and its geographical area",
            "outcomes_wellbeing": "How will the body promote or improve the well-being of the area?",
            "outcomes_users_needs": "How will the body meet the needs of the service's users?",
            "staff_engagement": "How will the body engage other affected employees of the council?",
        }
        help_texts = {
            "registration_number": "Charity or company number, if the body has one.",
            "financial_resources": "Income, reserves and funding available to run the service.",
            "capability": "Evidence that the body will be able to provide, or help provide, the service by the "
            "time of any procurement exercise.",
            "service_and_area": "Enough detail to identify the service and the area it covers.",
            "outcomes_wellbeing": "Social, economic or environmental well-being.",
            "staff_engagement": "Only needed if the body is made up of two or more employees of the council.",
        }
        error_messages = {
            "contact_email": {"invalid": "Enter an email address in the correct format, like name@example.com"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body_type"].choices = BodyType.choices
        self.fields["body_type"].required = False
        for name in (
            "financial_resources",
            "capability",
            "service_and_area",
            "outcomes_wellbeing",
            "outcomes_users_needs",
            "staff_engagement",
        ):
            self.fields[name].widget.attrs["rows"] = 5


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["kind", "name", "registration_number", "financial_resources", "capability"]
        widgets = {"kind": forms.RadioSelect}
        labels = {
            "kind": "Consortium member or sub-contractor?",
            "name": "Name of the organisation",
            "registration_number": "Registration number (optional)",
            "financial_resources": "Its financial resources",
            "capability": "Evidence that it will be able to provide, or help provide, the service",
        }
        help_texts = {
            "capability": "By the time of any procurement exercise. The law asks for this for each consortium member "
            "and sub-contractor, as well as their financial resources.",
        }
        error_messages = {
            "kind": {"required": "Select whether this is a consortium member or a sub-contractor"},
            "name": {"required": "Enter the name of the organisation"},
            "financial_resources": {"required": "Describe the organisation's financial resources"},
            "capability": {
                "required": "Give evidence that the organisation will be able to provide or help provide the service"
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Partner.Kind.choices
        self.fields["capability"].required = True


def _offer_r8(field, intention) -> None:
    """Ground R8 is offered only when the council has published its intention to consider provision of the
    service by a staff mutual; its label then names that intention."""
    r8 = RejectionGround.R8_STAFF_MUTUAL_PUBLISHED
    if intention is None:
        field.choices = [(value, label) for value, label in field.choices if value != r8.value]
    else:
        field.choices = [
            (value, f"{label} ({intention.citation})" if value == r8.value else label) for value, label in field.choices
        ]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a decision"},
    )
    grounds = forms.MultipleChoiceField(
        label="Grounds for rejection",
        help_text="Select all that apply.",
        choices=RejectionGround.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reasons = forms.CharField(
        label="Reasons",
        help_text="Required when rejecting or modifying. The body and the public register will see them.",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    modification = forms.CharField(
        label="Modification",
        help_text="What the council will change, as agreed with the body.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    modification_agreed = forms.BooleanField(label="The body has agreed to this modification", required=False)
    wellbeing_considered = forms.BooleanField(
        label="I have considered whether accepting would promote or improve the social, economic or environmental "
        "well-being of the area",
        required=False,
    )
    decision_maker = forms.CharField(
        label="Decision maker",
        help_text="Name and job title of the person who took the decision. The notice names them.",
        max_length=200,
        error_messages={"required": "Enter the name and job title of the decision maker"},
    )
    delegated_authority = forms.CharField(
        label="Delegated authority",
        help_text='The power they acted under, for example "Officer scheme of delegation, paragraph 4.2" '
        "or a cabinet resolution.",
        max_length=300,
        error_messages={"required": "Enter the delegated authority the decision maker acted under"},
    )
    key_decision_reference = forms.CharField(
        label="Key decision reference (optional)",
        help_text="If the decision was a key decision, its reference on the forward plan or decision record.",
        max_length=100,
        required=False,
    )

    def __init__(self, *args, intention=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_r8(self.fields["grounds"], intention)
        # GOV.UK conditional reveal: the grounds under "Reject", the modification under "Accept with
        # modification". Without JavaScript every field shows; clean() uses only the chosen outcome's.
        labels = dict(DecisionOutcome.choices)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            ConditionalRadios(
                "outcome",
                # A block under every radio: crispy-forms-gds points each radio's aria-controls at one.
                ConditionalQuestion(
                    labels[DecisionOutcome.ACCEPTED],
                    HTML('<p class="govuk-body">No more questions for an acceptance. Reasons are optional.</p>'),
                ),
                ConditionalQuestion(
                    labels[DecisionOutcome.ACCEPTED_MODIFIED],
                    Field("modification"),
                    Field.checkbox("modification_agreed", small=True),
                ),
                ConditionalQuestion(labels[DecisionOutcome.REJECTED], Field.checkboxes("grounds", small=True)),
            ),
            "reasons",
            Field.checkbox("wellbeing_considered"),
            "decision_maker",
            "delegated_authority",
            "key_decision_reference",
        )

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        # What was typed under an outcome that was not chosen is not part of the decision (hidden by the
        # reveal, or left over from changing one's mind): drop it rather than refuse the form.
        if outcome and outcome != DecisionOutcome.REJECTED:
            cleaned["grounds"] = []
        if outcome and outcome != DecisionOutcome.ACCEPTED_MODIFIED:
            cleaned["modification"], cleaned["modification_agreed"] = "", False
        if outcome == DecisionOutcome.REJECTED and not cleaned.get("grounds"):
            self.add_error("grounds", "Select at least one ground for rejecting the expression of interest")
        if (
            outcome in (DecisionOutcome.REJECTED, DecisionOutcome.ACCEPTED_MODIFIED)
            and not cleaned.get("reasons", "").strip()
        ):
            self.add_error("reasons", "Enter the reasons for the decision")
        if outcome == DecisionOutcome.ACCEPTED_MODIFIED:
            if not cleaned.get("modification", "").strip():
                self.add_error("modification", "Describe the modification")
            if not cleaned.get("modification_agreed"):
                self.add_error("modification_agreed", "A modification can only be made when the body agrees to it")
        if not cleaned.get("wellbeing_considered"):
            self.add_error(
                "wellbeing_considered",
                "Confirm that you considered whether accepting would promote or improve the area's well-being",
            )
        return cleaned


class CorrectionForm(forms.Form):
    """A correction keeps the outcome; the service checks it against the outcome's rules."""

    grounds = forms.MultipleChoiceField(
        label="Grounds for rejection",
        choices=RejectionGround.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    modification = forms.CharField(label="Modification", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    modification_agreed = forms.BooleanField(label="The body has agreed to this modification", required=False)
    correction_note = forms.CharField(
        label="What does the correction change, and why?",
        help_text="This is published with the corrected decision.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Explain what the correction changes"},
    )

    def __init__(self, *args, outcome, intention=None, **kwargs):
        super().__init__(*args, **kwargs)
        if outcome != DecisionOutcome.REJECTED:
            del self.fields["grounds"]
        else:
            _offer_r8(self.fields["grounds"], intention)
        if outcome != DecisionOutcome.ACCEPTED_MODIFIED:
            del self.fields["modification"]
            del self.fields["modification_agreed"]


class ConflictForm(forms.ModelForm):
    class Meta:
        model = ConflictDeclaration
        fields = ["interest", "covers_body"]
        labels = {"interest": "Describe your interest", "covers_body": "My interest is in the body itself"}
        help_texts = {
            "interest": "For example, a family member is a trustee of the body. Your colleagues will see this.",
            "covers_body": "You will not be able to decide any expression of interest from this body.",
        }
        error_messages = {"interest": {"required": "Describe your interest"}}


def _yes_no(label: str, required_message: str, required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


NOTICE_IDENTIFIER_HELP = (
    "The notice's identifier on Find a Tender: 6 digits, a hyphen and the year it was published, "
    "for example 012345-2026. Leave blank if no notice has been published yet."
)


class StaffMutualIntentionForm(forms.Form):
    statement = forms.CharField(
        label="The intention the council published",
        help_text="That the council intends to consider provision of the service by a body that two or more of its "
        "employees propose to set up, naming them by team or role. Shown on the public service page.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": "Enter the intention the council published"},
    )
    proposed_body = forms.CharField(
        label="The proposed body",
        help_text="For example, the parks team's proposed mutual.",
        max_length=200,
        error_messages={"required": "Enter the proposed body"},
    )
    published_on = _date_field("Date the council published its intention")
    where_published = forms.CharField(
        label="Where it was published",
        help_text="For example, the cabinet report of 4 March 2026 and its web address.",
        max_length=300,
        error_messages={"required": "Enter where the intention was published"},
    )
    journey = forms.ModelChoiceField(
        label="The staff group's journey (optional)",
        help_text="Only journeys a staff group has shared with your council are listed.",
        queryset=None,
        required=False,
        empty_label="Not linked to a journey",
    )

    def __init__(self, *args, journeys, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["journey"].queryset = journeys
        self.fields["journey"].label_from_instance = lambda journey: journey.group.name


class ProcurementForm(forms.Form):
    starts_on = _date_field("Procurement start date")
    procedure = forms.ChoiceField(
        label="Procurement procedure",
        choices=ProcurementProcedure.choices,
        widget=forms.RadioSelect,
        help_text="Procurements starting on or after 24 February 2025 follow the Procurement Act 2023.",
        error_messages={"required": "Select the procurement procedure"},
    )
    reserved_to_mutuals = _yes_no(
        "Is the contract reserved to public service mutuals under section 33 of the Procurement Act 2023?",
        "Select yes if the contract is reserved to public service mutuals",
    )
    reserved_to_mutuals.help_text = (
        "Only for reservable light-touch services, in an open or competitive flexible procedure, for a contract "
        "of 5 years or less."
    )
    direct_award_justification = forms.CharField(
        label="Justification for the direct award",
        help_text="The paragraph of Schedule 5 to the Procurement Act 2023 and why it applies.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    notice_identifier = forms.CharField(
        label="Find a Tender notice identifier (optional)",
        help_text=NOTICE_IDENTIFIER_HELP,
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10", "spellcheck": "false"}),
    )
    notice_published_on = _date_field("Date the notice was published", required=False)
    social_value_considered = forms.TypedChoiceField(
        label="Has social value been considered for this procurement?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if social value has been considered"},
    )
    social_value_notes = forms.CharField(
        label="Social value notes",
        help_text="How the procurement could improve the area's economic, social and environmental well-being, "
        "or why it was not considered.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # GOV.UK conditional reveal: the justification under the direct award; without JavaScript it shows.
        self.helper = reveal_helper(
            "starts_on",
            revealing(
                "procedure",
                self.fields["procedure"].choices,
                {ProcurementProcedure.DIRECT_AWARD: [Field("direct_award_justification")]},
            ),
            "reserved_to_mutuals",
            "notice_identifier",
            "notice_published_on",
            "social_value_considered",
            "social_value_notes",
        )

    def clean(self):
        cleaned = super().clean()
        # Typed under another procedure (hidden by the reveal, or left from changing one's mind): not kept.
        if cleaned.get("procedure") and cleaned["procedure"] != ProcurementProcedure.DIRECT_AWARD:
            cleaned["direct_award_justification"] = ""
        return cleaned


class ProcurementResultForm(forms.Form):
    """What the procurement led to. The notice fields appear only when no notice was recorded yet."""

    result = forms.ChoiceField(
        label="What was the outcome of the procurement?",
        choices=ProcurementResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the procurement"},
    )
    result_notes = forms.CharField(
        label="Why was no contract awarded?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    awarded_on = _date_field("Award date", required=False)
    winning_supplier = forms.CharField(label="Winning supplier", required=False, max_length=200)
    winner_is_challenger = _yes_no(
        "Was the winning supplier the body that made the expression of interest?",
        "Select yes if the challenging body won the contract",
        required=False,
    )
    contract_value = forms.DecimalField(
        label="Total contract value (£)",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={"invalid": "Enter the contract value as a number, like 1250000"},
    )
    contract_starts_on = _date_field("Contract start date", required=False)
    contract_ends_on = _date_field("Contract end date", required=False)
    notice_identifier = forms.CharField(
        label="Find a Tender notice identifier (optional)",
        help_text=NOTICE_IDENTIFIER_HELP,
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10", "spellcheck": "false"}),
    )
    notice_published_on = _date_field("Date the notice was published", required=False)

    def __init__(self, *args, exercise=None, **kwargs):
        super().__init__(*args, **kwargs)
        if exercise is not None and exercise.notice_identifier:
            del self.fields["notice_identifier"]
            del self.fields["notice_published_on"]
        # GOV.UK conditional reveal: the award's details under "Contract awarded", the reason under "No contract
        # awarded". Without JavaScript both show; clean() keeps only the chosen outcome's.
        self.helper = reveal_helper(
            revealing(
                "result",
                ProcurementResult.choices,
                {
                    ProcurementResult.AWARDED: [
                        Field.radios(name, small=True, inline=True) if name == "winner_is_challenger" else name
                        for name in ProcurementExercise.AWARD_FIELDS
                    ],
                    ProcurementResult.NOT_AWARDED: ["result_notes"],
                },
            ),
            *(name for name in self.fields if name.startswith("notice_")),
        )

    def clean(self):
        cleaned = super().clean()
        result = cleaned.get("result")
        if result and result != ProcurementResult.AWARDED:
            for name in ProcurementExercise.AWARD_FIELDS:
                cleaned[name] = "" if name == "winning_supplier" else None
        if result == ProcurementResult.AWARDED:
            cleaned["result_notes"] = ""
        return cleaned


class EOIFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), ("overdue", "Overdue"), ("due_soon", "Due within 7 days")]
        + [(value, label) for value, label in EOIStatus.choices if value != EOIStatus.DRAFT],
    )
    service = forms.ModelChoiceField(
        label="Service", required=False, queryset=ChallengeableService.objects.none(), empty_label="Any service"
    )
    q = forms.CharField(label="Body name or reference", required=False, max_length=100)

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        if services is not None:
            self.fields["service"].queryset = services
        # The services' (pk, name) as the select lists them, when the view read them itself; else from `services`.
        self.service_choices: list[tuple] | None = None

    def status_options(self) -> SafeString:
        return options_html(self.fields["status"].choices, self["status"].value())

    def service_options(self) -> SafeString:
        """The council's services (the "Any service" option is the template's)."""
        choices = self.service_choices
        if choices is None:
            choices = self.fields["service"].queryset.values_list("pk", "name")
        return options_html(choices, self["service"].value())


def options_html(choices, chosen) -> SafeString:
    """A select's `<option>`s, the one whose value is `chosen` selected (the empty value never is). Plain string
    building: with format_html, a select of a few hundred options cost over a millisecond a page."""
    chosen = str(chosen)
    return SafeString(
        "".join(
            f'<option value="{conditional_escape(value)}"{" selected" if value != "" and str(value) == chosen else ""}>'
            f"{conditional_escape(label)}</option>"
            for value, label in choices
        )
    )


@lru_cache(maxsize=16)
def _public_options(choices: tuple) -> str:
    """The `<option>`s of a public list (the register's councils and years), escaped once per list as it
    stands: the register's lists change only with its data."""
    return options_html(choices, "")


def public_options_html(choices, chosen) -> SafeString:
    """options_html for a list of public names that many requests show alike: escaped once, the chosen value
    then marked (a value appears once in a list)."""
    html = _public_options(tuple((value, label) for value, label in choices))
    chosen = str(chosen)
    if chosen:
        option = f'<option value="{conditional_escape(chosen)}">'
        html = html.replace(option, f'<option value="{conditional_escape(chosen)}" selected>', 1)
    return SafeString(html)


class ListedChoiceField(forms.TypedChoiceField):
    """A choice checked against a set of values (`listed`) rather than the field's choices: Django normalises
    every choice given to a field, for each form made, which costs most of a millisecond for a few hundred."""

    listed: frozenset[str] = frozenset()

    def valid_value(self, value) -> bool:
        return str(value) in self.listed


class RegisterFilterForm(forms.Form):
    council = ListedChoiceField(label="Council", required=False, coerce=int, empty_value=None)
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=[("", "All outcomes")]
        + [("ACCEPTED", "Accepted"), ("ACCEPTED_MODIFIED", "Accepted with modification"), ("REJECTED", "Rejected")],
    )
    year = forms.IntegerField(label="Year published", required=False, min_value=2012, max_value=2100)

    def __init__(self, *args, councils: list[tuple[int, str]], years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].listed = frozenset(str(pk) for pk, _name in councils)
        self.council_choices = [("", "All councils"), *councils]
        self.year_choices = [("", "All years")] + [(year, str(year)) for year in years]

    def selects(self) -> list[tuple]:
        """Each filter with its options' HTML, the one chosen selected: built here because the council list
        is long (one option per council with a published decision) and a template loop costs several
        lookups an option."""
        listed = {"council": self.council_choices, "year": self.year_choices}
        selects = []
        for field in self:
            choices = listed.get(field.name) or field.field.choices
            selects.append((field, public_options_html(choices, field.value())))
        return selects


class RecordedEOIForm(EOIForm):
    """An officer records an expression of interest that came by email or post, with the original attached."""

    service = forms.ModelChoiceField(
        label="Which service is it about?",
        queryset=ChallengeableService.objects.none(),
        empty_label="Select a service",
        error_messages={"required": "Select the service", "invalid_choice": "Select one of your council's services"},
    )
    route = forms.ChoiceField(
        label="How was it sent?",
        choices=[(Route.EMAIL.value, Route.EMAIL.label), (Route.POST.value, Route.POST.label)],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the expression of interest was sent"},
    )
    received_on = _date_field(
        "Date it was received", help_text="The deadlines run from this date. For example, 27 3 2027 or 27 March 2027"
    )
    original = forms.FileField(
        label="The original (scanned letter or the email)",
        help_text="A PDF, DOCX, XLSX, ODT, ODS, PNG or JPEG file, smaller than 10 MB.",
        error_messages={"required": "Upload the original expression of interest"},
    )

    field_order = ["service", "route", "received_on", "original"]

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = ChallengeableService.objects.for_council(council).filter(
            described_by_body=False
        )
        for name, message in [
            ("body_type", "Select the type of body"),
            ("body_name", "Enter the name of the body"),
            ("contact_name", "Enter the name of a contact"),
        ]:
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = message
        self.fields["contact_email"].help_text = "Leave empty if the body gave no email address: write to it by post."
        self.order_fields(self.field_order)

    def clean_original(self):
        from journeys.uploads import scan_upload, validate_upload

        file = self.cleaned_data["original"]
        validate_upload(file)
        scan_upload(file)  # last: only a file we would keep goes to the virus scanner
        return file


class InfoRequestForm(forms.Form):
    question = forms.CharField(
        label="What information do you need?",
        help_text="The body answers on its expression of interest. Asking is not a ground to reject it, and "
        "neither is an answer that does not come.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what information you need"},
    )


class InfoAnswerForm(forms.Form):
    answer = forms.CharField(
        label="Your answer",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter your answer"},
    )


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is the document?",
        choices=Attachment.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the document is", "invalid_choice": "Select what the document is"},
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="A PDF, DOCX, XLSX, ODT, ODS, PNG or JPEG file, smaller than 10 MB. Archives (such as ZIP files) "
        "are not accepted.",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        from journeys.uploads import scan_upload, validate_upload

        file = self.cleaned_data["file"]
        validate_upload(file)
        scan_upload(file)  # last: only a file we would keep goes to the virus scanner
        return file


class DecisionDateForm(forms.Form):
    decision_due_on = _date_field("Decision date", help_text="For example, 27/03/2027")

    def __init__(self, *args, latest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "decision_due_on"
        ].help_text = (
            f"On or before {latest:%-d %B %Y}, the end of the council's maximum period. For example, 27/03/2027"
        )


class JourneyEOIForm(forms.Form):
    """A staff group's expression of interest, started from its journey (the rest is the usual draft)."""

    service = forms.ModelChoiceField(
        label="Which service do you want to run?",
        queryset=ChallengeableService.objects.none(),
        empty_label="Select a service",
        error_messages={"required": "Select the service", "invalid_choice": "Select one of the council's services"},
    )
    supporting_employees = forms.IntegerField(
        label="How many employees of the council support the expression of interest?",
        min_value=2,
        max_value=1_000_000,
        help_text="At least two: the law lets two or more employees of the council express an interest.",
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-5", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter how many employees support it",
            "invalid": "Enter a whole number, like 12",
            "min_value": "At least two employees must support it",
            "max_value": "Enter a number of employees of the council",
        },
    )
    staff_engagement = forms.CharField(
        label="How have staff been engaged, and how will the group engage other affected employees of the council?",
        help_text="For example meetings, a ballot or a survey, and how staff will be kept involved.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Describe how the group engaged and will engage other affected employees"},
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = ChallengeableService.objects.published().filter(
            council=council, described_by_body=False
        )
        self.fields["service"].label_from_instance = lambda service: service.name  # one council: its name only
