"""Forms only validate; journeys.services applies the changes."""

from datetime import date

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape, format_html

from accounts.forms import check_new_password
from accounts.models import PublicBody, User
from mutuals_portal.lib.choices import LegalForm, OwnershipModel
from mutuals_portal.lib.fields import GovukDateField, GovukNumbersMixin, date_field  # noqa: F401 - GovukDateField: older imports
from mutuals_portal.lib.forms import reveal_helper, revealing

from . import narrative
from .models import (
    Ballot,
    BoardSeat,
    Contract,
    CouncilDecision,
    Membership,
    MutualDesign,
    RegisteredBody,
    ReservedContractCheck,
    Risk,
    StaffGroup,
    Task,
    TransferPlan,
)
from .models.comments import COMMENT_MAX_LENGTH
from .models.tasks import due_date_problem
from .uploads import ALLOWED_DESCRIPTION, scan_upload, validate_upload

MONEY_ERRORS = {
    "invalid": "Enter an amount in pounds, like 1250 or 1250.50",
    "max_decimal_places": "Enter an amount with no more than 2 digits after the decimal point (pence)",
    "min_value": "Enter an amount of 0 or more",
    "max_digits": "Enter a smaller amount",
    "max_whole_digits": "Enter a smaller amount",
}


def _date_field(label, **kwargs):
    return date_field(label, help_text=kwargs.pop("help_text", "For example, 27 3 2027 or 27 March 2027"), **kwargs)


class RegistrationForm(GovukNumbersMixin, forms.ModelForm):
    full_name = forms.CharField(
        label="Your full name", max_length=150, error_messages={"required": "Enter your full name"}
    )
    email = forms.EmailField(
        label="Your work email address",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password1 = forms.CharField(
        label="Create a password",
        help_text="At least 10 characters. Avoid common words.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Create a password"},
        strip=False,
    )
    password2 = forms.CharField(
        label="Confirm your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Confirm your password"},
        strip=False,
    )

    class Meta:
        model = StaffGroup
        fields = [
            "name",
            "service_name",
            "service_description",
            "service_area",
            "parent_body",
            "headcount",
            "annual_budget",
        ]
        labels = {
            "name": "Name of your staff group",
            "service_name": "Name of the service you deliver",
            "service_description": "Describe the service (optional)",
            "service_area": "Service area",
            "parent_body": "Which public body do you work for?",
            "headcount": "How many staff work in the service?",
            "annual_budget": "What is the service's annual budget, in pounds?",
        }
        error_messages = {
            "name": {"required": "Enter the name of your staff group"},
            "service_name": {"required": "Enter the name of the service"},
            "service_area": {"required": "Select the service area"},
            "parent_body": {"required": "Select the public body you work for"},
            "headcount": {
                "required": "Enter how many staff work in the service",
                "invalid": "Enter the number of staff as a whole number, like 40",
                "min_value": "A staff group needs at least 2 staff",
            },
            "annual_budget": {"required": "Enter the annual budget", **MONEY_ERRORS},
        }

    parent_body_not_listed = forms.CharField(
        label="If your council or NHS body is not in the list, enter its full name",
        required=False,
        max_length=200,
        help_text="For example, Westshire County Council. Your group can start at once; we check the name later.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only listed bodies (accounts' reference data): one typed in by someone else is not offered.
        self.fields["parent_body"].queryset = PublicBody.objects.listed().exclude(kind=PublicBody.Kind.CENTRAL)
        self.fields["parent_body"].required = False
        self.fields["parent_body"].empty_label = "Select a public body"
        self.fields["parent_body"].widget.attrs["data-autocomplete"] = "public-body"  # static/js/autocomplete.js
        order = list(self.fields)
        order.insert(order.index("parent_body") + 1, order.pop(order.index("parent_body_not_listed")))
        self.order_fields(["full_name", "email", "password1", "password2", *order])

    def clean_email(self):
        # Never says whether the address has an account (accounts.registration tells its owner).
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def clean(self):
        cleaned = super().clean()
        check_new_password(self, email=cleaned.get("email"), full_name=cleaned.get("full_name"))
        typed = " ".join((cleaned.get("parent_body_not_listed") or "").split())
        if "parent_body" not in self.errors:
            if cleaned.get("parent_body") and typed:
                self.add_error(
                    "parent_body_not_listed", "Either select your public body from the list or enter its name, not both"
                )
            elif not cleaned.get("parent_body") and not typed:
                self.add_error(
                    "parent_body", "Select the public body you work for, or enter its name if it is not listed"
                )
        return cleaned


class TaskForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=Task.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a status"},
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Decisions, names, dates, links.",
    )
    plan_section = forms.ChoiceField(
        label="Use these notes in the business plan",
        required=False,
        choices=[("", "No, keep them for the group")] + [(s.value, s.label) for s in narrative.Section],
        help_text="The notes will be quoted in that section of the business plan and its packs, with this task's name.",
    )
    owner = forms.ChoiceField(
        label="Owner",
        required=False,
        help_text="The member of the group who makes sure this task gets done.",
        error_messages={"invalid_choice": "Choose a member of the group as the owner"},
    )
    due_on = _date_field(
        "Due date",
        required=False,
        help_text="Optional. For example, 27 3 2027 or 27 March 2027. The owner is reminded in their daily "
        "summary once it has passed.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    # Evidence goes in the same form as the notes, so that uploading a file never drops typed notes.
    file = forms.FileField(
        label="Upload a file",
        required=False,
        help_text=f"Optional. {ALLOWED_DESCRIPTION}, up to 10 MB.",
        error_messages={"empty": "The selected file is empty"},
    )

    def __init__(self, *args, members=(), current_due_on: date | None = None, you=None, **kwargs):
        """`members`: the users of the journey's group, who may own the task; `current_due_on`: the due date
        saved now (it may stay although it has passed); `you`: the person filling in the form."""
        super().__init__(*args, **kwargs)
        self.members = {str(user.pk): user for user in members}
        self.current_due_on = current_due_on
        self.fields["owner"].choices = [("", "No owner")] + [
            (pk, f"{user.full_name or user.email}{' (you)' if you is not None and user.pk == you.pk else ''}")
            for pk, user in self.members.items()
        ]

    def clean_owner(self):
        return self.members.get(self.cleaned_data["owner"])

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        problem = due_date_problem(due_on, current=self.current_due_on)
        if problem:
            raise ValidationError(problem)
        return due_on

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file:
            validate_upload(file)
            scan_upload(file)  # last: only a file we would keep goes to the virus scanner
        return file


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text=f"{ALLOWED_DESCRIPTION}, up to 10 MB.",
        error_messages={"required": "Select a file to upload", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        self.kind = validate_upload(file)
        scan_upload(file)  # last: only a file we would keep goes to the virus scanner
        return file


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[
            Choice(Membership.Role.MEMBER, "Member", hint="Works on tasks, evidence and plan sections."),
            Choice(Membership.Role.LEAD, "Lead", hint="Also invites and removes members and asks for stage sign-off."),
        ],
        widget=forms.RadioSelect,
        initial=Membership.Role.MEMBER,
        error_messages={"required": "Select a role"},
    )


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(
        label="Your full name", max_length=150, error_messages={"required": "Enter your full name"}
    )
    password1 = forms.CharField(
        label="Create a password",
        help_text="At least 10 characters.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        error_messages={"required": "Create a password"},
    )
    password2 = forms.CharField(
        label="Confirm your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        error_messages={"required": "Confirm your password"},
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        check_new_password(self, email=self.email, full_name=cleaned.get("full_name"))
        return cleaned


class GateRequestForm(forms.Form):
    note = forms.CharField(
        label="Anything the adviser should know (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class GateDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve: the journey moves to the next stage"), ("return", "Return it with comments")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select approve or return"},
    )
    comments = forms.CharField(
        label="Comments",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Required if you return it.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not cleaned.get("comments", "").strip():
            self.add_error("comments", "Explain what the group needs to do before you return the request")
        return cleaned


class GoBackForm(forms.Form):
    reason = forms.CharField(
        label="Why does the journey need to go back a stage?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give a reason for going back a stage"},
    )


class ShareForm(forms.Form):
    shared = forms.TypedChoiceField(
        label="Share this journey with your council's officers?",
        help_text="They can read the journey, tasks, evidence and plan, but cannot change your work. They can "
        "record the council's decisions on it (in-principle support, the cabinet or key decision, the pension "
        "admission agreement, assets and premises), which count towards the tasks that ask for them.",
        choices=[("yes", "Yes, share it"), ("no", "No, keep it within the group")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes or no"},
    )


class BallotForm(GovukNumbersMixin, forms.ModelForm):
    held_on = _date_field("Date held")

    class Meta:
        model = Ballot
        fields = ["kind", "held_on", "eligible", "votes_for", "votes_against"]
        labels = {
            "kind": "Was it a ballot or a survey?",
            "eligible": "Number of eligible staff",
            "votes_for": "Votes for the spin-out",
            "votes_against": "Votes against",
        }
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "eligible": {
                "required": "Enter the number of eligible staff",
                "invalid": "Enter the number of eligible staff as a whole number",
                "min_value": "There must be at least 1 eligible member of staff",
            },
            "votes_for": {
                "required": "Enter the number of votes for",
                "invalid": "Enter the votes for as a whole number",
                "min_value": "Votes for cannot be negative",
            },
            "votes_against": {
                "required": "Enter the number of votes against",
                "invalid": "Enter the votes against as a whole number",
                "min_value": "Votes against cannot be negative",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Ballot.Kind.choices

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on and held_on > date.today():
            raise ValidationError("The date held must be today or in the past")
        return held_on

    def clean(self):
        cleaned = super().clean()
        eligible, votes_for, against = cleaned.get("eligible"), cleaned.get("votes_for"), cleaned.get("votes_against")
        if None not in (eligible, votes_for, against) and votes_for + against > eligible:
            self.add_error(
                "votes_against",
                f"Votes for and against add up to {votes_for + against}, more than the {eligible} eligible staff",
            )
        return cleaned

    def _post_clean(self):
        # The model's own clean repeats the vote check: report it once, on the field.
        if not self.has_error("votes_against"):
            super()._post_clean()


class DesignForm(forms.ModelForm):
    class Meta:
        model = MutualDesign
        fields = ["legal_form", "ownership_model", "notes"]
        labels = {
            "legal_form": "Legal form",
            "ownership_model": "Ownership model",
            "notes": "Why did you choose these? (optional)",
        }
        widgets = {"legal_form": forms.RadioSelect, "ownership_model": forms.RadioSelect}
        error_messages = {
            "legal_form": {"required": "Select a legal form"},
            "ownership_model": {"required": "Select an ownership model"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_form"].choices = [
            Choice(value, label, hint=LegalForm.help_texts().get(value, "")) for value, label in LegalForm.choices
        ]
        self.fields["ownership_model"].choices = [
            Choice(value, label, hint=OwnershipModel.help_texts().get(value, ""))
            for value, label in OwnershipModel.choices
        ]


class BoardForm(GovukNumbersMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in BoardSeat.Constituency.choices:
            self.fields[value] = forms.IntegerField(
                label=f"{label} seats",
                min_value=0,
                max_value=30,
                required=False,
                widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
                error_messages={
                    "invalid": f"Enter the number of {label.lower()} seats as a whole number",
                    "min_value": f"{label} seats cannot be negative",
                    "max_value": f"Enter 30 or fewer {label.lower()} seats",
                },
            )
        self.govuk_numbers()

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(value) for value in BoardSeat.Constituency.values):
            self.add_error(BoardSeat.Constituency.STAFF.value, "Enter at least one board seat")
        return cleaned


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["title", "owner", "likelihood", "impact", "mitigation"]
        labels = {
            "title": "Describe the risk",
            "owner": "Who owns the risk?",
            "likelihood": "Likelihood, from 1 (rare) to 5 (almost certain)",
            "impact": "Impact, from 1 (minor) to 5 (severe)",
            "mitigation": "How will you reduce it?",
        }
        error_messages = {
            "title": {"required": "Describe the risk"},
            "owner": {"required": "Enter who owns the risk"},
            "mitigation": {"required": "Describe how you will reduce the risk"},
            "likelihood": {"required": "Select the likelihood"},
            "impact": {"required": "Select the impact"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("likelihood", "impact"):
            self.fields[name] = forms.TypedChoiceField(
                label=self._meta.labels[name],
                choices=[(n, str(n)) for n in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select the {name}",
                    "invalid_choice": f"The {name} must be a number between 1 and 5",
                },
            )
        # Five short options read best in a row; the template renders forms that have a helper with it.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "title", "owner", Field.radios("likelihood", inline=True), Field.radios("impact", inline=True), "mitigation"
        )


class TransferPlanForm(GovukNumbersMixin, forms.ModelForm):
    go_live_on = _date_field("Go-live date", help_text="The transfer date: staff, the contract and assets move then.")
    tupe_consultation_on = _date_field(
        "Date consultation with staff representatives started",
        required=False,
        help_text="TUPE consultation is with the appropriate representatives of affected staff: the recognised "
        "union, or elected representatives. Leave blank if it has not started.",
    )
    eli_given_on = _date_field(
        "Date employee liability information was (or will be) given",
        required=False,
        help_text="The council must give the mutual the employee liability information at least 28 days before "
        "the transfer (TUPE regulation 11).",
    )

    class Meta:
        model = TransferPlan
        fields = [
            "procurement_route",
            "direct_award_justification",
            "right_to_challenge",
            "contract_length_months",
            "contract_value",
            "go_live_on",
            "tupe_headcount",
            "tupe_consultation_on",
            "eli_given_on",
            "pension_arrangement",
            "lgps_security",
        ]
        widgets = {
            "procurement_route": forms.RadioSelect,
            "pension_arrangement": forms.RadioSelect,
            "lgps_security": forms.RadioSelect,
        }
        help_texts = {
            "procurement_route": "A direct award is allowed only on a justification in the Procurement Act 2023: "
            "choose it and you are asked for the justification.",
            "lgps_security": "For a Local Government Pension Scheme admission agreement. When the last active member "
            "leaves, the fund values the mutual's share and may ask for a cessation debt.",
        }
        error_messages = {
            "procurement_route": {"required": "Select the procurement route"},
            "contract_length_months": {
                "required": "Enter the contract length in months",
                "invalid": "Enter the contract length as a whole number of months",
                "min_value": "The contract must last at least 1 month",
                "max_value": "Enter a contract length of 600 months or fewer",
            },
            "contract_value": {"required": "Enter the total contract value", **MONEY_ERRORS},
            "tupe_headcount": {
                "required": "Enter how many staff transfer under TUPE",
                "invalid": "Enter the number of staff as a whole number",
            },
            "pension_arrangement": {"required": "Select the pension arrangement"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procurement_route"].choices = TransferPlan.Route.choices
        self.fields["pension_arrangement"].choices = TransferPlan.Pension.choices
        self.fields["lgps_security"].choices = TransferPlan.Security.choices
        self.fields["lgps_security"].required = False
        # GOV.UK conditional reveals: the justification under "Direct award", the fund's security under the
        # LGPS admission agreement. Without JavaScript both show; clean() keeps only what the choice needs.
        revealed = {"procurement_route", "direct_award_justification", "pension_arrangement", "lgps_security"}
        self.helper = reveal_helper(
            revealing(
                "procurement_route",
                TransferPlan.Route.choices,
                {TransferPlan.Route.DIRECT_AWARD: [Field("direct_award_justification")]},
            ),
            *(name for name in self._meta.fields if name not in revealed),
            revealing(
                "pension_arrangement",
                TransferPlan.Pension.choices,
                {TransferPlan.Pension.LGPS_ADMITTED: [Field.radios("lgps_security", small=True)]},
            ),
        )

    def clean(self):
        cleaned = super().clean()
        # An answer typed under a choice that was not made (hidden by the reveal, or left from changing one's
        # mind) is not part of the plan: dropped rather than kept or refused.
        if cleaned.get("procurement_route") and cleaned["procurement_route"] != TransferPlan.Route.DIRECT_AWARD:
            cleaned["direct_award_justification"] = ""
        if cleaned.get("pension_arrangement") and cleaned["pension_arrangement"] != TransferPlan.Pension.LGPS_ADMITTED:
            cleaned["lgps_security"] = ""
        return cleaned


ANSWER_ERRORS = {"required": "Select yes, no or not known yet", "invalid_choice": "Select yes, no or not known yet"}


class ReservedContractCheckForm(GovukNumbersMixin, forms.ModelForm):
    """The conditions of the Procurement Act 2023 s.33 for a contract reserved to public service mutuals."""

    class Meta:
        model = ReservedContractCheck
        fields = [
            "reservable_service",
            "max_term_months",
            "comparable_contract",
            "public_service_purpose",
            "profit_basis",
            "employee_control",
        ]
        widgets = dict.fromkeys(
            ("reservable_service", "comparable_contract", "public_service_purpose", "profit_basis", "employee_control"),
            forms.RadioSelect,
        )
        help_texts = {
            "reservable_service": "Reservable light-touch services are the kinds of service listed in regulations "
            "made under section 33(8), such as many health, social care, education and community services. Ask "
            "the commissioner which code the contract uses.",
            "comparable_contract": "A comparable contract is one for the same kind of services, awarded by the same "
            "authority, in reliance on section 33.",
            "employee_control": "For example staff own the mutual, or staff members control its board.",
        }
        error_messages = {
            "reservable_service": ANSWER_ERRORS,
            "comparable_contract": ANSWER_ERRORS,
            "public_service_purpose": ANSWER_ERRORS,
            "profit_basis": ANSWER_ERRORS,
            "employee_control": ANSWER_ERRORS,
            "max_term_months": {
                "required": "Enter the maximum term in months",
                "invalid": "Enter the maximum term as a whole number of months",
                "min_value": "The maximum term must be at least 1 month",
                "max_value": "Enter a maximum term of 600 months or fewer",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.widgets:
            self.fields[name].choices = ReservedContractCheck.Answer.choices


class GroupDeleteForm(forms.Form):
    """Deleting a group cannot be undone: the lead types the group's name to confirm."""

    name = forms.CharField(
        label="To confirm, type the name of the group",
        max_length=200,
        error_messages={"required": "Enter the name of the group to confirm you want to delete it"},
    )

    def __init__(self, *args, group_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_name = group_name
        # The name is the group's own (anyone may register one): escaped, never markup.
        self.fields["name"].help_text = format_html("Type: {}", group_name)
        self.fields["name"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    @staticmethod
    def _normalise(value: str) -> str:
        return " ".join(value.split()).casefold()

    def clean_name(self):
        name = self.cleaned_data["name"]
        if self._normalise(name) != self._normalise(self.group_name):
            raise ValidationError("The name you typed does not match the name of the group")
        return name


# The business plan's narrative ----------------------------------------------------------------


class NarrativeForm(GovukNumbersMixin, forms.Form):
    """One narrative section (journeys.narrative.SPECS): its free-text parts, and for the options
    appraisal, stakeholders and timetable their small tables. `answers()` gives what is stored."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, spec, stored: dict, version: int, **kwargs):
        self.spec = spec
        self.stored = stored
        super().__init__(*args, initial={**self._initial(stored), "version": version}, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        layout: list = []
        key = spec.key
        if key == narrative.Section.OPTIONS:
            layout += self._options_fields()
        if key == narrative.Section.STAKEHOLDERS:
            layout += self._stakeholder_fields()
        if key == narrative.Section.TIMETABLE:
            layout += self._milestone_fields()
        for part in spec.parts:
            self.fields[part.name] = forms.CharField(
                label=part.label, required=False, help_text=part.hint_text, widget=forms.Textarea
            )
            layout.append(Field.textarea(part.name, rows=6, max_words=narrative.MAX_WORDS, threshold=75))
        self.helper.layout = Layout(*layout, "version")
        self.govuk_numbers()

    # Initial values from what is stored.

    @staticmethod
    def _initial(stored: dict) -> dict:
        initial = {k: v for k, v in stored.items() if isinstance(v, str)}
        for n, name in enumerate(stored.get("criteria", []), start=1):
            initial[f"criterion_{n}"] = name
        for o, option in enumerate(stored.get("options", []), start=1):
            initial[f"option_{o}"] = option["name"]
            for c, score in enumerate(option.get("scores", []), start=1):
                initial[f"score_{o}_{c}"] = score
        if stored.get("preferred"):
            initial["preferred"] = stored["preferred"]
        for n, row in enumerate(stored.get("milestones", []), start=1):
            initial[f"milestone_{n}"] = row["name"]
            initial[f"milestone_date_{n}"] = date.fromisoformat(row["date"]) if row.get("date") else None
        return initial

    # The options appraisal: criteria, options, a score for each, the preferred option.

    def _options_fields(self) -> list:
        criteria = list(self.stored.get("criteria", []))
        options = [o["name"] for o in self.stored.get("options", [])]
        layout: list = []
        for n in range(1, narrative.CRITERIA + 1):
            self.fields[f"criterion_{n}"] = forms.CharField(label=f"Criterion {n}", required=False, max_length=80)
        layout.append(
            Fieldset(
                *[Field.text(f"criterion_{n}") for n in range(1, narrative.CRITERIA + 1)],
                legend="Criteria",
                legend_size="m",
            )
        )
        for n in range(1, narrative.OPTIONS + 1):
            self.fields[f"option_{n}"] = forms.CharField(
                label=f"Option {n}",
                required=False,
                max_length=120,
                help_text="For example, stay with the council (the baseline)." if n == 1 else "",
            )
        layout.append(
            Fieldset(
                *[Field.text(f"option_{n}") for n in range(1, narrative.OPTIONS + 1)],
                legend="Options",
                legend_size="m",
            )
        )
        for o, option in enumerate(options, start=1):
            fields = []
            for c, criterion in enumerate(criteria, start=1):
                name = f"score_{o}_{c}"
                self.fields[name] = forms.IntegerField(
                    label=escape(criterion),  # crispy-forms-gds prints labels and legends as markup
                    required=False,
                    min_value=0,
                    max_value=narrative.SCORE_MAX,
                    error_messages={
                        "invalid": f"Enter a score for {option} against {criterion} as a whole number from 0 to 5",
                        "min_value": f"Enter a score for {option} against {criterion} from 0 to 5",
                        "max_value": f"Enter a score for {option} against {criterion} from 0 to 5",
                    },
                )
                self.fields[name].widget.attrs["class"] = "govuk-input--width-2"
                fields.append(Field.text(name))
            if fields:
                layout.append(Fieldset(*fields, legend=escape(f"Scores for {option} (0 to 5)"), legend_size="s"))
        self.fields["preferred"] = forms.ChoiceField(
            label="Preferred option",
            required=False,
            choices=[(str(n), name) for n, name in enumerate(options, start=1)],
            widget=forms.RadioSelect,
            help_text="" if options else "Name the options and save; then choose the preferred one here.",
        )
        if options:
            layout.append(Field.radios("preferred", legend_size="m"))
        return layout

    def _stakeholder_fields(self) -> list:
        layout: list = []
        for key, label in narrative.STAKEHOLDER_GROUPS:
            self.fields[f"{key}_position"] = forms.ChoiceField(
                label="Their position",
                choices=narrative.Position.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"{key}_notes"] = forms.CharField(
                label="What they have said, and when",
                required=False,
                widget=forms.Textarea,
                help_text="Aim for about 80 words.",
            )
            layout.append(
                Fieldset(
                    Field.radios(f"{key}_position", legend_size="s"),
                    Field.textarea(f"{key}_notes", rows=3, max_words=narrative.MAX_WORDS, threshold=75),
                    legend=label,
                    legend_size="m",
                )
            )
        return layout

    def _milestone_fields(self) -> list:
        layout: list = []
        for n in range(1, narrative.MILESTONES + 1):
            self.fields[f"milestone_{n}"] = forms.CharField(label="Milestone", required=False, max_length=150)
            self.fields[f"milestone_date_{n}"] = _date_field("Date", required=False)
            self.fields[f"milestone_date_{n}"].error_messages["invalid"] = (
                f"The date of milestone {n} must be a real date"
            )
            self.fields[f"milestone_date_{n}"].error_messages["incomplete"] = (
                f"Enter the date of milestone {n} as a day, month and year"
            )
            layout.append(
                Fieldset(
                    Field.text(f"milestone_{n}"),
                    Field(f"milestone_date_{n}"),
                    legend=f"Milestone {n}",
                    legend_size="s",
                )
            )
        return layout

    def clean(self):
        data = super().clean()
        for part in self.spec.parts:
            words = narrative.word_count(data.get(part.name, ""))
            if words > narrative.MAX_WORDS:
                self.add_error(
                    part.name, f"{part.label} must be {narrative.MAX_WORDS:,} words or fewer (it has {words:,})"
                )
        key = self.spec.key
        if key == narrative.Section.OPTIONS:
            self._clean_options(data)
        if key == narrative.Section.TIMETABLE:
            for n in range(1, narrative.MILESTONES + 1):
                name, when = data.get(f"milestone_{n}", ""), data.get(f"milestone_date_{n}")
                if when and not name:
                    self.add_error(f"milestone_{n}", f"Enter what happens on the date of milestone {n}")
                elif name and not when and f"milestone_date_{n}" not in self.errors:
                    self.add_error(f"milestone_date_{n}", f"Enter the date of milestone {n}")
        return data

    def _clean_options(self, data):
        preferred = data.get("preferred") or ""
        if preferred and not data.get(f"option_{preferred}"):
            self.add_error("preferred", "The preferred option has no name: name it, or choose another")

    def answers(self) -> dict:
        """What the section stores, from the cleaned data."""
        data = self.cleaned_data
        answers: dict = {part.name: data.get(part.name, "").strip() for part in self.spec.parts}
        key = self.spec.key
        if key == narrative.Section.OPTIONS:
            answers.update(self._options_answers(data))
        if key == narrative.Section.STAKEHOLDERS:
            for group, _label in narrative.STAKEHOLDER_GROUPS:
                answers[f"{group}_position"] = data.get(f"{group}_position") or ""
                answers[f"{group}_notes"] = data.get(f"{group}_notes", "").strip()
        if key == narrative.Section.TIMETABLE:
            rows = [
                {"name": data[f"milestone_{n}"].strip(), "date": data[f"milestone_date_{n}"].isoformat()}
                for n in range(1, narrative.MILESTONES + 1)
                if data.get(f"milestone_{n}", "").strip() and data.get(f"milestone_date_{n}")
            ]
            answers["milestones"] = sorted(rows, key=lambda row: row["date"])
        return answers

    def _options_answers(self, data) -> dict:
        """Criteria and options as named (blanks dropped); scores kept by the names they were given
        against, so renaming or removing one criterion keeps the others' scores."""
        old_criteria = list(self.stored.get("criteria", []))
        old_options = self.stored.get("options", [])
        old_scores = {}
        for o, option in enumerate(old_options, start=1):
            for c, criterion in enumerate(old_criteria, start=1):
                field = f"score_{o}_{c}"
                score = data.get(field) if field in self.fields else None
                old_scores[(option["name"], criterion)] = score
        criteria = [data[f"criterion_{n}"].strip() for n in range(1, narrative.CRITERIA + 1)]
        names = [data[f"option_{n}"].strip() for n in range(1, narrative.OPTIONS + 1)]
        # The preferred option is chosen by its position: follow it to its name before blanks close up.
        preferred = data.get("preferred") or ""
        preferred_name = names[int(preferred) - 1] if preferred else ""
        criteria = [c for c in criteria if c]
        options = [{"name": name, "scores": [old_scores.get((name, c)) for c in criteria]} for name in names if name]
        position = next((n for n, o in enumerate(options, start=1) if o["name"] == preferred_name), None)
        return {"criteria": criteria, "options": options, "preferred": str(position) if position else ""}


class CommentForm(forms.Form):
    """A comment and who else may read it. The group's members always can; the choices offered are the other
    sides who may see the journey (its adviser when it is supported, the council when it is shared)."""

    ADVISER = "adviser"
    COUNCIL = "council"
    MENTOR = "mentor"

    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=COMMENT_MAX_LENGTH,
        error_messages={
            "required": "Enter a comment",
            "max_length": f"The comment must be {COMMENT_MAX_LENGTH} characters or fewer",
        },
    )
    audience = forms.MultipleChoiceField(
        label="Who else can read it?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select who can read the comment from the list"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        journey = access.journey
        choices = []
        if journey.in_support_programme and not access.is_adviser:
            choices.append((self.ADVISER, "The Mutuals Support Programme adviser"))
        if journey.shared_with_council and not access.is_council_officer:
            choices.append((self.COUNCIL, "Officers of the council the journey is shared with"))
        if journey.in_support_programme and not access.is_guest:
            # Mentors are matched by the Support Programme: only a supported journey can have one.
            choices.append((self.MENTOR, "The group's mentor, if the programme has matched you with one"))
        self.access = access
        if choices:
            self.fields["audience"].choices = choices
            self.fields["audience"].help_text = (
                "The staff group's members always can."
                + (" You and other advisers can." if access.is_adviser else "")
                + (" You and other officers of your council can." if access.is_council_officer else "")
                + (" You, as the group's mentor, can." if access.is_guest else "")
            )
        else:
            del self.fields["audience"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError("Enter a comment")
        return body

    def visibility(self) -> dict[str, bool]:
        """The audience as the model stores it: an adviser's comment is always the advisers' to read, an
        officer's the council's."""
        chosen = set(self.cleaned_data.get("audience") or [])
        return {
            "visible_to_adviser": self.access.is_adviser or self.ADVISER in chosen,
            "visible_to_council": self.access.is_council_officer or self.COUNCIL in chosen,
            "visible_to_mentor": self.access.is_guest or self.MENTOR in chosen,
        }


# After launch ---------------------------------------------------------------------------------


class ContractForm(GovukNumbersMixin, forms.ModelForm):
    start_on = _date_field("Start date")
    end_on = _date_field(
        "End date",
        help_text="The date the contract ends unless an extension is agreed. For example, 31 3 2031. Re-tender "
        "planning reminders are counted from it; when an extension is agreed, change it.",
    )
    latest_end_on = _date_field(
        "Latest possible end date",
        required=False,
        help_text="Optional. The end date if every extension option is taken up. For example, 31 3 2033.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Contract
        fields = ["commissioner", "start_on", "end_on", "extension_options", "latest_end_on", "value"]
        labels = {
            "commissioner": "Commissioner",
            "extension_options": "Extension options (optional)",
            "value": "Total contract value, in pounds (optional)",
        }
        help_texts = {
            "commissioner": "The council, NHS body or other public body that awarded the contract.",
            "extension_options": "For example: two extensions of 12 months each, at the council's option, "
            "notice 6 months before the end date.",
        }
        widgets = {"extension_options": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "commissioner": {"required": "Enter the commissioner"},
            "value": MONEY_ERRORS,
        }


class RegisteredBodyForm(GovukNumbersMixin, forms.ModelForm):
    incorporated_on = _date_field(
        "Date of incorporation or registration",
        help_text="The date on the certificate of incorporation (Companies House) or registration (FCA or "
        "Charity Commission). For example, 1 4 2026.",
    )
    first_year_end = _date_field(
        "End of the first financial year",
        help_text="The last day of the mutual's first financial year (a company's first accounting reference "
        "period), for example 31 3 2027. Later years end on the same day and month.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = RegisteredBody
        fields = ["registered_name", "registration_number", "incorporated_on", "first_year_end", "agm_months"]
        labels = {
            "registered_name": "Registered name",
            "registration_number": "Registration number (optional)",
            "agm_months": "If your rules or articles require an annual general meeting, within how many months of "
            "the financial year end? (optional)",
        }
        help_texts = {
            "registration_number": "The company number, FCA society number or charity number.",
            "agm_months": "Check your governing document. Leave blank if it does not require an AGM: a private "
            "company need not hold one unless its articles say so (Companies Act 2006 s.336).",
        }
        widgets = {"agm_months": forms.NumberInput(attrs={"class": "govuk-input--width-3"})}
        error_messages = {
            "registered_name": {"required": "Enter the registered name"},
            "agm_months": {
                "invalid": "Enter the number of months as a whole number",
                "min_value": "Enter a number of months from 1 to 18",
                "max_value": "Enter a number of months from 1 to 18",
            },
        }


class DutyForm(forms.Form):
    owner = forms.ChoiceField(
        label="Owner",
        required=False,
        help_text="The member of the group who makes sure this is done on time.",
        error_messages={"invalid_choice": "Choose a member of the group as the owner"},
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    complete = forms.BooleanField(
        label="This is done",
        required=False,
        help_text="Next year's comes up when you save.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, members=(), you=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(user.pk): user for user in members}
        self.fields["owner"].choices = [("", "No owner")] + [
            (pk, f"{user.full_name or user.email}{' (you)' if you is not None and user.pk == you.pk else ''}")
            for pk, user in self.members.items()
        ]

    def clean_owner(self):
        return self.members.get(self.cleaned_data["owner"])


class CouncilDecisionForm(forms.ModelForm):
    """A council officer records (or, without `kind`, corrects) one of the council's decisions on a journey."""

    decided_on = _date_field("Date of the decision")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CouncilDecision
        fields = ["kind", "decided_on", "reference", "decision_maker", "notes"]
        labels = {
            "kind": "What did the council decide?",
            "reference": "Decision reference",
            "decision_maker": "Who took the decision?",
            "notes": "Notes (optional)",
        }
        help_texts = {
            "reference": "As in the council's records or forward plan, for example KD-2027-014. "
            "Required for a cabinet or key decision.",
            "decision_maker": "For example, Cabinet, or Cabinet Member for Adult Social Care.",
            "notes": "Conditions attached, or what was agreed. The staff group can read this.",
        }
        widgets = {"kind": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "kind": {"required": "Select what the council decided"},
            "decision_maker": {"required": "Enter who took the decision"},
        }

    def __init__(self, *args, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if correcting:
            del self.fields["kind"]
            self.fields["version"].required = True
        else:
            self.fields["kind"].choices = CouncilDecision.Kind.choices
            del self.fields["version"]


class CouncilDecisionWithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is the decision withdrawn?",
        help_text="For example, recorded in error, or rescinded by the cabinet. The staff group can read this.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the decision is withdrawn"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
