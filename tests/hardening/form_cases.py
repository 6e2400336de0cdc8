"""Every form of the portal, with the role that fills it in, where, and where its answers show.

tests/hardening/test_form_fuzz.py fails when a form class exists with no case here.
"""

from datetime import date, timedelta

from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import totp
from hypothesis import strategies as st

from accounts import two_factor
from accounts.forms import (
    AdminUserChangeForm,
    AdminUserCreationForm,
    FeedbackForm,
    LoginForm,
    PasswordResetForm,
    TwoFactorCodeForm,
)
from accounts.models import Feedback, User
from casestudies.forms import CaseStudyForm, PublishForm, ReturnForm
from casestudies.models import CaseStudy
from challenges import forms as challenge_forms
from challenges.models import (
    BodyType,
    ChallengeableService,
    ChallengeSettings,
    ConflictDeclaration,
    Decision,
    DecisionOutcome,
    ExpressionOfInterest,
    Partner,
    ProcurementExercise,
    StaffMutualIntention,
    SubmissionWindow,
)
from journeys import forms as journey_forms
from journeys.finance import forms as finance_forms
from journeys.finance.models import FinanceLine, FinancialModel, Scenario
from journeys.models import (
    AnnualDuty,
    Ballot,
    BoardSeat,
    Comment,
    Contract,
    CouncilDecision,
    Evidence,
    GateRequest,
    Invitation,
    Journey,
    MutualDesign,
    PlanNarrative,
    RegisteredBody,
    ReservedContractCheck,
    Risk,
    StaffGroup,
    Stage,
    Task,
    TransferPlan,
)
from mutuals_portal.lib.choices import LegalForm, OwnershipModel, ServiceArea
from notifications.forms import PreferencesForm
from packs.forms import PackRequestForm
from packs.models import BusinessPlanPack
from programme import forms as referral_forms
from programme import readiness
from programme import services as referral_services
from programme.models import (
    MentoringMeeting,
    MentoringRequest,
    MentorOffer,
    OutcomeReturn,
    Referral,
    ScoreModeration,
    SupportAllocation,
    TriageAssessment,
)
from tests.factories import TEST_PASSWORD
from tests.journeys.factories import add_gate_facts, complete_required
from tests.programme.world import OFFER as MENTOR_OFFER

from .harness import FormCase
from .strategies import FILE_CONTENTS, PDF, hostile_file

NEW_PASSWORD = "fuzzy-otter-battery-9271"


def u(name, *args):
    return reverse(name, args=args)


def o(world, key):
    return world.objects[key]


def _gds(name: str, day: date) -> dict:
    """A GOV.UK date input's three boxes (day, month, year) for `day`."""
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _journey(world):
    return o(world, "journey_a").pk


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("Appraisal of options.pdf", PDF)


def _unchanged_workbook(world):
    """A download of journey A's financial model (uploading it back changes nothing: a redirect)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from journeys.finance.selectors import computed
    from journeys.finance.spreadsheet import workbook

    cm = computed(FinancialModel.objects.get(journey=o(world, "journey_a")))
    return SimpleUploadedFile("financial-model.xlsx", workbook(cm.model, cm.lines))


OUTCOME_ANSWERS = {
    "staff_headcount": "120",
    "turnover": "4250000",
    "sickness_absence_days": "7.5",
    "staff_turnover_percent": "12.5",
    "user_satisfaction_percent": "88",
    "contracts_won": "2",
    "contracts_lost": "1",
    "social_value_highlights": "Twelve apprenticeships",
}


def _latest(model, **filters):
    return model.objects.filter(**filters).order_by("-pk").first()


def _ready_for_gate(world):
    journey = o(world, "journey_a")
    GateRequest.objects.filter(journey=journey).update(status=GateRequest.Status.RETURNED)
    complete_required(journey, Stage.SUPPORT, world.user("staff"))
    add_gate_facts(journey, Stage.SUPPORT, world.user("staff"))
    Journey.objects.filter(pk=journey.pk).update(in_support_programme=False)


def _spun_out(world):
    Journey.objects.filter(pk=_journey(world)).update(stage=Stage.SPUN_OUT)


def _reset_link(world):
    user = world.user("member")
    token = default_token_generator.make_token(user)
    return u("password_reset_confirm", urlsafe_base64_encode(force_bytes(user.pk)), token)


def _set_password_url(world):
    return u("password_reset_confirm", urlsafe_base64_encode(force_bytes(world.user("member").pk)), "set-password")


def _totp_code(world):
    device = two_factor.pending_device(world.user("staff"))
    return {"code": f"{totp(device.bin_key):06d}"}


JOURNEY_CASES = [
    FormCase(
        journey_forms.RegistrationForm,
        "anonymous",
        lambda w: u("journeys:register"),
        valid=lambda w: {
            "full_name": "Fuzz Lead",
            "email": "fuzz-lead@example.test",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "name": "Fuzz staff group",
            "service_name": "Fuzz service",
            "service_area": ServiceArea.values[0],
            "parent_body": str(w.council_a.pk),
            "headcount": "40",
            "annual_budget": "1250000.50",
        },
        models=(StaffGroup, User),
        echo=False,  # nothing is created (or shown) until the emailed link is followed (accounts.registration)
        keep=("parent_body_not_listed",),  # the other answer to "your public body": one or the other
    ),
    FormCase(
        journey_forms.TaskForm,
        "member",
        lambda w: u("journeys:task", _journey(w), o(w, "task_a").pk),
        valid=lambda w: {"status": Task.Status.IN_PROGRESS, "notes": "Ballot planned"},
        shows=lambda w: [("member", u("journeys:task", _journey(w), o(w, "task_a").pk))],
        models=(Task,),
    ),
    FormCase(
        journey_forms.EvidenceForm,
        "member",
        lambda w: u("journeys:evidence_upload", _journey(w), o(w, "task_a").pk),
        page=lambda w: u("journeys:task", _journey(w), o(w, "task_a").pk),
        valid=lambda w: {"file": _upload},
        files={"file": st.one_of(hostile_file, st.builds(_upload), FILE_CONTENTS.map(lambda _: _upload()))},
        shows=lambda w: (
            [("member", u("journeys:task", _journey(w), o(w, "task_a").pk))]
            + [
                ("member", u("journeys:evidence_download", _journey(w), evidence.pk))
                for evidence in Evidence.objects.filter(task=o(w, "task_a"))
            ]
        ),
        models=(Evidence,),
        echo=False,  # no text field: the hostile file names are checked on the task page by the fuzz test
    ),
    FormCase(
        journey_forms.InvitationForm,
        "staff",
        lambda w: u("journeys:member_invite", _journey(w)),
        page=lambda w: u("journeys:members", _journey(w)),
        valid=lambda w: {"email": "new-colleague@example.test"},
        shows=lambda w: [("staff", u("journeys:members", _journey(w)))],
        models=(Invitation,),
        echo=False,
    ),
    FormCase(
        journey_forms.AcceptInvitationForm,
        "anonymous",
        lambda w: u("journeys:invitation_accept", o(w, "invitation_token")),
        valid=lambda w: {"full_name": "Nia Newcomer", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        shows=lambda w: [("staff", u("journeys:members", _journey(w)))],
        models=(Invitation, User),
    ),
    FormCase(
        journey_forms.GroupDeleteForm,
        "staff",
        lambda w: u("groupdata:group_delete", _journey(w)),
        valid=lambda w: {"name": StaffGroup.objects.get(pk=o(w, "group_a").pk).name},  # as it is stored now
        shows=lambda w: [("staff", u("journeys:list")), ("admin", u("admin:journeys_staffgroup_changelist"))],
        models=(StaffGroup, Journey, Invitation),
        keep=("name",),  # the group's name, typed to confirm
    ),
    FormCase(
        journey_forms.GateRequestForm,
        "staff",
        lambda w: u("journeys:gate", _journey(w)),
        setup=_ready_for_gate,
        valid=lambda w: {"note": "All done"},
        shows=lambda w: [("staff", u("journeys:gate", _journey(w))), ("staff", u("journeys:timeline", _journey(w)))],
        models=(GateRequest, Journey),
    ),
    FormCase(
        journey_forms.GateDecisionForm,
        "adviser",
        lambda w: u("journeys:gate_decide", _journey(w), o(w, "gate_a").pk),
        valid=lambda w: {"decision": "return", "comments": "Please add the ballot result"},
        shows=lambda w: [("staff", u("journeys:gate", _journey(w))), ("staff", u("journeys:timeline", _journey(w)))],
        models=(GateRequest, Journey),
    ),
    FormCase(
        journey_forms.GoBackForm,
        "staff",
        lambda w: u("journeys:go_back", _journey(w)),
        valid=lambda w: {"reason": "We need to redo the options appraisal"},
        shows=lambda w: [("staff", u("journeys:gate", _journey(w))), ("staff", u("journeys:timeline", _journey(w)))],
        models=(Journey, GateRequest),
    ),
    FormCase(
        journey_forms.ShareForm,
        "staff",
        lambda w: u("journeys:sharing", _journey(w)),
        valid=lambda w: {"shared": "no"},
        shows=lambda w: [("staff", u("journeys:overview", _journey(w)))],
        models=(Journey,),
    ),
    FormCase(
        journey_forms.BallotForm,
        "member",
        lambda w: u("journeys:ballot_new", _journey(w)),
        valid=lambda w: {
            "kind": Ballot.Kind.values[0],
            "held_on_0": "3",
            "held_on_1": "3",
            "held_on_2": "2026",
            "eligible": "40",
            "votes_for": "30",
            "votes_against": "5",
        },
        shows=lambda w: [("member", u("journeys:ballots", _journey(w)))],
        models=(Ballot,),
    ),
    FormCase(
        journey_forms.BallotForm,
        "member",
        lambda w: u("journeys:ballot_edit", _journey(w), o(w, "ballot_a").pk),
        valid=lambda w: {
            "kind": Ballot.Kind.values[0],
            "held_on_0": "4",
            "held_on_1": "3",
            "held_on_2": "2026",
            "eligible": "40",
            "votes_for": "31",
            "votes_against": "4",
        },
        shows=lambda w: [("member", u("journeys:ballots", _journey(w)))],
        models=(Ballot,),
    ),
    FormCase(
        journey_forms.DesignForm,
        "member",
        lambda w: u("journeys:design_edit", _journey(w)),
        valid=lambda w: {
            "legal_form": LegalForm.values[0],
            "ownership_model": OwnershipModel.values[0],
            "notes": "Why we chose it",
        },
        shows=lambda w: [("member", u("journeys:design", _journey(w)))],
        models=(MutualDesign,),
    ),
    FormCase(
        journey_forms.BoardForm,
        "member",
        lambda w: u("journeys:governance_edit", _journey(w)),
        valid=lambda w: dict.fromkeys(BoardSeat.Constituency.values, "2"),
        shows=lambda w: [("member", u("journeys:governance", _journey(w)))],
        models=(BoardSeat,),
    ),
    FormCase(
        finance_forms.AssumptionsForm,
        "member",
        lambda w: u("journeys:finance_assumptions", _journey(w)),
        valid=lambda w: {"contract_price": "£1,250,000.50", "pension_rate": "18.5%", "years": "4"},
        shows=lambda w: [("member", u("journeys:finance", _journey(w)))],
        models=(FinancialModel,),
    ),
    FormCase(
        finance_forms.LineForm,
        "member",
        lambda w: u("journeys:finance_line_new", _journey(w)),
        valid=lambda w: {"kind": "income", "label": "Traded services", "source": "Price list", "year_1": "1,000"},
        shows=lambda w: [("member", u("journeys:finance", _journey(w)))],
        models=(FinanceLine,),
    ),
    FormCase(
        finance_forms.LineForm,
        "member",
        lambda w: u("journeys:finance_line_edit", _journey(w), o(w, "finance_line_a").pk),
        valid=lambda w: {"kind": "income", "label": "Training courses", "source": "Price list", "year_1": "1,500"},
        shows=lambda w: [("member", u("journeys:finance", _journey(w)))],
        models=(FinanceLine,),
    ),
    FormCase(
        finance_forms.WorkbookUploadForm,
        "member",
        lambda w: u("journeys:finance_upload", _journey(w)),
        valid=lambda w: {"file": lambda: _unchanged_workbook(w)},
        files={"file": st.one_of(hostile_file, FILE_CONTENTS.map(lambda c: SimpleUploadedFile("model.xlsx", c)))},
        shows=lambda w: [("member", u("journeys:finance", _journey(w)))],
        models=(FinancialModel,),
    ),
    FormCase(
        finance_forms.ScenarioForm,
        "member",
        lambda w: u("journeys:finance_scenario_edit", _journey(w), "upside"),
        valid=lambda w: {"contract_change": "5%", "pay_award_change": "-1"},
        shows=lambda w: [("member", u("journeys:finance_scenarios", _journey(w)))],
        models=(Scenario,),
    ),
    FormCase(
        journey_forms.RiskForm,
        "member",
        lambda w: u("journeys:risk_new", _journey(w)),
        valid=lambda w: {
            "title": "Pensions cost",
            "owner": "Lead",
            "likelihood": "3",
            "impact": "4",
            "mitigation": "Talk to the pension fund",
        },
        shows=lambda w: [("member", u("journeys:risks", _journey(w)))],
        models=(Risk,),
    ),
    FormCase(
        journey_forms.RiskForm,
        "member",
        lambda w: u("journeys:risk_edit", _journey(w), o(w, "risk_a").pk),
        valid=lambda w: {
            "title": "Funding gap",
            "owner": "Lead",
            "likelihood": "2",
            "impact": "5",
            "mitigation": "Reserves and a bank facility",
        },
        shows=lambda w: [("member", u("journeys:risks", _journey(w)))],
        models=(Risk,),
    ),
    FormCase(
        journey_forms.TransferPlanForm,
        "member",
        lambda w: u("journeys:transfer_edit", _journey(w)),
        valid=lambda w: {
            "procurement_route": TransferPlan.Route.values[0],
            "contract_length_months": "60",
            "contract_value": "5000000",
            "go_live_on_0": "1",
            "go_live_on_1": "4",
            "go_live_on_2": "2028",
            "tupe_headcount": "40",
            "pension_arrangement": TransferPlan.Pension.values[0],
            "lgps_security": TransferPlan.Security.values[0],
            "tupe_consultation_on_0": "1",
            "tupe_consultation_on_1": "1",
            "tupe_consultation_on_2": "2028",
            "eli_given_on_0": "1",
            "eli_given_on_1": "2",
            "eli_given_on_2": "2028",
        },
        shows=lambda w: [("member", u("journeys:transfer", _journey(w)))],
        models=(TransferPlan,),
        echo=False,
    ),
    FormCase(
        journey_forms.NarrativeForm,
        "member",
        lambda w: u("journeys:narrative_edit", _journey(w), "options"),
        valid=lambda w: {
            "criterion_1": "Cost",
            "option_1": "Stay with the council",
            "option_2": "Mutual",
            "summary": "Scored by the steering group",
        },
        shows=lambda w: [("member", u("journeys:narrative", _journey(w)))],
        models=(PlanNarrative,),
    ),
    FormCase(
        PackRequestForm,
        "member",
        lambda w: u("packs:request", _journey(w)),
        page=lambda w: u("packs:list", _journey(w)),
        valid=lambda w: {"formats": ["business_plan", "decision_paper"]},
        shows=lambda w: [("member", u("packs:list", _journey(w)))],
        models=(BusinessPlanPack,),
        echo=False,  # nothing typed: two checkboxes
    ),
    FormCase(
        journey_forms.ReservedContractCheckForm,
        "member",
        lambda w: u("journeys:reserved_check", _journey(w)),
        valid=lambda w: {
            "reservable_service": "yes",
            "max_term_months": "48",
            "comparable_contract": "no",
            "public_service_purpose": "yes",
            "profit_basis": "yes",
            "employee_control": "not_known",
        },
        shows=lambda w: [("member", u("journeys:reserved_check", _journey(w)))],
        models=(ReservedContractCheck,),
        echo=False,
    ),
    # Comments on tasks and plan sections (#22, point 5).
    FormCase(
        journey_forms.CommentForm,
        "member",
        lambda w: u("journeys:task_comments", _journey(w), o(w, "task_a").pk),
        valid=lambda w: {"body": "Can someone check the ballot figures?"},
        shows=lambda w: [("member", u("journeys:task", _journey(w), o(w, "task_a").pk))],
        models=(Comment,),
    ),
    FormCase(
        journey_forms.CommentForm,
        "staff",
        lambda w: u("journeys:comment_edit", _journey(w), o(w, "comment_a").pk),
        valid=lambda w: {"body": "Checked: the figures add up."},
        shows=lambda w: [("staff", u("journeys:task", _journey(w), o(w, "task_a").pk))],
        models=(Comment,),
        label="change",
    ),
    # After launch (#22, point 9): recorded by leads from the transfer stage on.
    FormCase(
        journey_forms.ContractForm,
        "staff",
        lambda w: u("journeys:contract_edit", _journey(w)),
        valid=lambda w: {
            "commissioner": "Northbridge City Council",
            **_gds("start_on", date(2027, 4, 1)),
            **_gds("end_on", date(2032, 3, 31)),
            "extension_options": "Two extensions of 12 months each",
        },
        shows=lambda w: [("staff", u("journeys:after_launch", _journey(w)))],
        models=(Contract,),
        setup=_spun_out,
    ),
    FormCase(
        journey_forms.RegisteredBodyForm,
        "staff",
        lambda w: u("journeys:registered_body_edit", _journey(w)),
        valid=lambda w: {
            "registered_name": "Northbridge Libraries Mutual Limited",
            "registration_number": "RS009999",
            **_gds("incorporated_on", date(2026, 2, 1)),
            **_gds("first_year_end", date(2027, 3, 31)),
            "agm_months": "6",
        },
        shows=lambda w: [("staff", u("journeys:after_launch", _journey(w)))],
        models=(RegisteredBody,),
        setup=_spun_out,
    ),
    FormCase(
        journey_forms.DutyForm,
        "member",
        lambda w: u("journeys:duty", _journey(w), o(w, "duty_a").pk),
        valid=lambda w: {"notes": "Accounts with the auditors"},
        shows=lambda w: [("member", u("journeys:duty", _journey(w), o(w, "duty_a").pk))],
        models=(AnnualDuty,),
    ),
    # The council's decisions (#22, point 7): its officers, on a journey shared with it.
    FormCase(
        journey_forms.CouncilDecisionForm,
        "officer",
        lambda w: u("journeys:council_decision_new", _journey(w)),
        valid=lambda w: {
            "kind": CouncilDecision.Kind.IN_PRINCIPLE,
            **_gds("decided_on", timezone.localdate() - timedelta(days=10)),
            "decision_maker": "Cabinet",
            "reference": "CAB-2026-12",
            "notes": "Agreed in principle",
        },
        shows=lambda w: [("officer", u("journeys:council_decisions", _journey(w)))],
        models=(CouncilDecision,),
    ),
    FormCase(
        journey_forms.CouncilDecisionWithdrawForm,
        "officer",
        lambda w: u("journeys:council_decision_withdraw", _journey(w), o(w, "decision_a").pk),
        valid=lambda w: {"reason": "Recorded in error"},
        shows=lambda w: [("officer", u("journeys:council_decisions", _journey(w)))],
        models=(CouncilDecision,),
    ),
]

REFERRAL_CASES = [
    FormCase(
        referral_forms.EnquiryForm,
        "anonymous",
        lambda w: u("referrals:enquire"),
        valid=lambda w: {
            "contact_name": "Rosa Diaz",
            "contact_email": "rosa@example.test",
            "organisation": "Youth team",
            "service_name": "Youth service",
            "service_area": ServiceArea.values[0],
            "parent_body": str(w.council_a.pk),
            "region": "london",
            "headcount": "28",
            "annual_budget": "1100000",
            "progress": Referral.Progress.values[0],
            "help_needed": "Legal advice",
            "consent": "on",
        },
        shows=lambda w: (
            [("adviser", u("referrals:queue"))]
            + [("adviser", u("referrals:detail", r.pk)) for r in [_latest(Referral)] if r]
        ),
        models=(Referral,),
    ),
    FormCase(
        referral_forms.ReadinessForm,
        "anonymous",
        lambda w: u("referrals:readiness"),
        valid=lambda w: {
            **{question.name: "2" for question in readiness.QUESTIONS},
            "service_area": ServiceArea.values[0],
        },
        echo=False,
    ),
    FormCase(
        referral_forms.QueueFilterForm,
        "adviser",
        lambda w: u("referrals:queue"),
        method="get",
        valid=lambda w: {"status": "all", "sort": "newest"},
        echo=False,
    ),
    FormCase(
        referral_forms.AssessmentForm,
        "adviser",
        lambda w: u("referrals:assess", o(w, "referral").pk),
        shows=lambda w: [("adviser", u("referrals:detail", o(w, "referral").pk))],
        models=(TriageAssessment, Referral),
    ),
    FormCase(
        referral_forms.ModerationForm,
        "adviser",
        lambda w: u("referrals:moderate", o(w, "referral_to_moderate").pk),
        valid=lambda w: {"reason": "T4: the commissioner has not agreed in writing"},
        shows=lambda w: [("adviser", u("referrals:detail", o(w, "referral_to_moderate").pk))],
        models=(TriageAssessment, ScoreModeration),
    ),
    FormCase(
        referral_forms.AcceptForm,
        "adviser",
        lambda w: u("referrals:accept", o(w, "referral").pk),
        valid=lambda w: {"note": "Welcome to the programme", "parent_body_not_listed": ""},
        shows=lambda w: [("adviser", u("referrals:detail", o(w, "referral").pk))],
        models=(Referral, StaffGroup, Journey, Invitation),
        keep=("parent_body_not_listed",),  # the body is chosen from the list: a typed name as well is refused
    ),
    FormCase(
        referral_forms.SignpostForm,
        "adviser",
        lambda w: u("referrals:signpost", o(w, "referral").pk),
        valid=lambda w: {"destination": "Co-operatives UK", "note": "They can help"},
        shows=lambda w: [("adviser", u("referrals:detail", o(w, "referral").pk))],
        models=(Referral,),
    ),
    FormCase(
        referral_forms.DeclineForm,
        "adviser",
        lambda w: u("referrals:decline", o(w, "referral").pk),
        valid=lambda w: {"reason": "Not a public service"},
        shows=lambda w: [("adviser", u("referrals:detail", o(w, "referral").pk))],
        models=(Referral,),
    ),
    FormCase(
        referral_forms.InformationForm,
        "adviser",
        lambda w: u("referrals:more_information", o(w, "referral").pk),
        valid=lambda w: {"message": "What is the contract value?"},
        shows=lambda w: [("adviser", u("referrals:detail", o(w, "referral").pk))],
        models=(Referral,),
    ),
    FormCase(
        referral_forms.OutcomeReturnForm,
        "staff",
        lambda w: u("referrals:outcome_return_add", _journey(w)),
        setup=_spun_out,
        valid=lambda w: {**OUTCOME_ANSWERS, "year": str(o(w, "outcome_a").year + 1)},
        shows=lambda w: [("staff", u("referrals:outcome_returns", _journey(w)))],
        models=(OutcomeReturn,),
        label="send",
    ),
    FormCase(
        referral_forms.OutcomeReturnForm,
        "member",
        lambda w: u("referrals:outcome_return_edit", _journey(w), o(w, "outcome_a").year),
        setup=_spun_out,
        valid=lambda w: OUTCOME_ANSWERS,
        shows=lambda w: [("adviser", u("referrals:outcome_returns", _journey(w)))],
        models=(OutcomeReturn,),
        label="correct",
    ),
    FormCase(
        referral_forms.AllocationForm,
        "adviser",
        lambda w: u("referrals:allocate", _journey(w)),
        valid=lambda w: {
            "category": SupportAllocation.Category.values[0],
            "supplier": "Law firm",
            "amount": "2500",
            "basis": "mfa",
        },
        shows=lambda w: [("adviser", u("referrals:allocations"))],
        models=(SupportAllocation,),
    ),
    FormCase(
        referral_forms.ReverseForm,
        "adviser",
        lambda w: u("referrals:allocation_reverse", o(w, "allocation_a").pk),
        valid=lambda w: {"reason": "Entered twice"},
        shows=lambda w: [("adviser", u("referrals:allocations"))],
        models=(SupportAllocation,),
    ),
    FormCase(
        referral_forms.MfaGiveForm,
        "adviser",
        lambda w: u("referrals:allocation_subsidy", o(w, "allocation_a").pk),
        valid=lambda w: {
            "confirmed_on_0": str(timezone.localdate().day),
            "confirmed_on_1": str(timezone.localdate().month),
            "confirmed_on_2": str(timezone.localdate().year),
            "other_declared": "0",
            "confirmed": "on",
        },
        shows=lambda w: [("adviser", u("referrals:allocations"))],
        models=(SupportAllocation,),
    ),
]

CASE_STUDY_FIELDS = {
    "name": "Fuzz Mutual",
    "summary": "A mutual.",
    "body": "Its story.",
    "service_area": ServiceArea.values[0],
    "year_spun_out": "2015",
    "staff_count": "120",
    "annual_turnover": "2500000",
    "outcomes": "Outcomes",
    "lessons": "Lessons",
    "sources_text": "Annual report | https://example.org/report",
}

CASE_STUDY_CASES = [
    FormCase(
        CaseStudyForm,
        "adviser",
        lambda w: u("casestudies:create"),
        valid=lambda w: CASE_STUDY_FIELDS,
        shows=lambda w: [("adviser", u("casestudies:review", cs.slug)) for cs in [_latest(CaseStudy)]],
        models=(CaseStudy,),
        label="new",
    ),
    FormCase(
        CaseStudyForm,
        "staff",
        lambda w: u("casestudies:edit", o(w, "cs_draft").slug),
        valid=lambda w: {"name": "Matrix Draft", "summary": "Changed summary"},
        shows=lambda w: [("staff", u("casestudies:detail", "matrix-draft")), ("adviser", u("casestudies:moderation"))],
        models=(CaseStudy,),
        label="edit",
    ),
    FormCase(
        CaseStudyForm,
        "staff",
        lambda w: u("casestudies:contribute", _journey(w)),
        setup=_spun_out,
        valid=lambda w: CASE_STUDY_FIELDS,
        shows=lambda w: [("staff", cs.get_absolute_url()) for cs in [_latest(CaseStudy)]],
        models=(CaseStudy,),
        label="contribute",
    ),
    FormCase(
        PublishForm,
        "adviser",
        lambda w: u("casestudies:publish", o(w, "cs_in_review").slug),
        page=lambda w: u("casestudies:review", o(w, "cs_in_review").slug),
        valid=lambda w: {"publish-note": "Checked the sources"},
        shows=lambda w: [("adviser", u("casestudies:review", "matrix-in-review"))],
        models=(CaseStudy,),
    ),
    FormCase(
        ReturnForm,
        "adviser",
        lambda w: u("casestudies:return", o(w, "cs_in_review").slug),
        page=lambda w: u("casestudies:review", o(w, "cs_in_review").slug),
        valid=lambda w: {"return-note": "Add the turnover"},
        shows=lambda w: [("adviser", u("casestudies:review", "matrix-in-review"))],
        models=(CaseStudy,),
    ),
]


def _decided_on(world):
    decision = o(world, "accepted_eoi_a").current_decision()
    return timezone.localdate(decision.decided_at)


CHALLENGE_CASES = [
    FormCase(
        challenge_forms.BodySignupForm,
        "anonymous",
        lambda w: u("challenges:body_signup"),
        valid=lambda w: {
            "full_name": "Bea Body",
            "email": "bea@example.test",
            "body_name": "Friends of the Park",
            "body_type": BodyType.VCB,
            "password": NEW_PASSWORD,
        },
        shows=lambda w: [("anonymous", u("account"))],
        models=(User,),
        echo=False,
    ),
    FormCase(
        challenge_forms.ServiceForm,
        "officer",
        lambda w: u("challenges:service_create"),
        valid=lambda w: {
            "name": "Fuzz parks",
            "description": "Parks",
            "current_provider": "In house",
            "annual_value": "250000",
            **_gds("contract_end", date(2028, 3, 31)),
            "published": "on",
        },
        shows=lambda w: [("officer", u("challenges:officer_services")), ("anonymous", u("challenges:service_list"))],
        models=(ChallengeableService,),
        keep=("exclusion_basis",),  # given only for an excluded service
        label="new",
    ),
    FormCase(
        challenge_forms.ServiceForm,
        "officer",
        lambda w: u("challenges:service_edit", o(w, "service_a").pk),
        valid=lambda w: {"description": "Parks and open spaces"},
        shows=lambda w: [
            ("officer", u("challenges:officer_services")),
            ("anonymous", u("challenges:service_detail", o(w, "service_a").pk)),
        ],
        models=(ChallengeableService,),
        keep=("exclusion_basis",),  # given only for an excluded service
        label="edit",
    ),
    FormCase(
        challenge_forms.WindowForm,
        "officer",
        lambda w: u("challenges:window_add", o(w, "service_a").pk),
        valid=lambda w: {**_gds("opens_on", date(2027, 6, 1)), **_gds("closes_on", date(2027, 6, 30))},
        shows=lambda w: [("officer", u("challenges:service_edit", o(w, "service_a").pk))],
        models=(SubmissionWindow,),
        echo=False,
    ),
    FormCase(
        challenge_forms.StaffMutualIntentionForm,
        "officer",
        lambda w: u("challenges:intention_publish", o(w, "service_a").pk),
        valid=lambda w: {
            "statement": "The council intends to consider provision by its parks team's mutual.",
            "proposed_body": "Parks team mutual",
            **_gds("published_on", date(2026, 3, 4)),
            "where_published": "Cabinet report of 4 March 2026",
        },
        shows=lambda w: [
            ("officer", u("challenges:service_edit", o(w, "service_a").pk)),
            ("anonymous", u("challenges:service_detail", o(w, "service_a").pk)),
        ],
        models=(StaffMutualIntention,),
    ),
    FormCase(
        challenge_forms.ChallengeSettingsForm,
        "officer",
        lambda w: u("challenges:council_settings"),
        valid=lambda w: {"decision_period_days": "90", "procurement_min_days": "30", "procurement_max_days": "180"},
        shows=lambda w: [("officer", u("challenges:officer_services"))],
        models=(ChallengeSettings,),
    ),
    FormCase(
        challenge_forms.EOIForm,
        "body",
        lambda w: u("challenges:eoi_edit", o(w, "draft_a").pk),
        valid=lambda w: {"body_type": BodyType.VCB, "contact_email": "contact@example.test"},
        shows=lambda w: [
            ("body", u("challenges:eoi_check", o(w, "draft_a").pk)),
            ("body", u("challenges:my_eois")),
        ],
        models=(ExpressionOfInterest,),
    ),
    FormCase(
        challenge_forms.EOIForm,
        "body",
        lambda w: u("challenges:eoi_start", o(w, "service_a").pk),
        label="start",
        valid=lambda w: {"body_type": BodyType.VCB, "financial_resources": "Reserves of 20,000 GBP"},
        shows=lambda w: [("body", u("challenges:my_eois"))],
        models=(ExpressionOfInterest,),
    ),
    FormCase(
        challenge_forms.RecordedEOIForm,
        "officer",
        lambda w: u("challenges:eoi_record_received"),
        valid=lambda w: {
            "service": str(o(w, "service_a").pk),
            "route": "POST",
            **_gds("received_on", date(2026, 11, 2)),
            "original": _upload,
            "body_type": BodyType.VCB,
            "body_name": "Parkside Friends",
            "contact_name": "Pat Post",
        },
        files={"original": st.one_of(hostile_file, st.builds(_upload), FILE_CONTENTS.map(lambda _: _upload()))},
        shows=lambda w: [("officer", u("challenges:eoi_list"))],
        models=(ExpressionOfInterest,),
    ),
    FormCase(
        challenge_forms.AttachmentForm,
        "body",
        lambda w: u("challenges:attachment_add", o(w, "draft_a").pk),
        valid=lambda w: {"kind": "accounts", "file": _upload},
        files={"file": st.one_of(hostile_file, st.builds(_upload), FILE_CONTENTS.map(lambda _: _upload()))},
        shows=lambda w: [("body", u("challenges:eoi_edit", o(w, "draft_a").pk))],
        models=(ExpressionOfInterest,),
    ),
    FormCase(
        challenge_forms.JourneyEOIForm,
        "staff",
        lambda w: u("challenges:journey_eoi_start", o(w, "journey_a").pk),
        valid=lambda w: {
            "service": o(w, "service_a").pk,
            "supporting_employees": "12",
            "staff_engagement": "Open meetings and a survey",
        },
        shows=lambda w: [
            ("staff", u("journeys:overview", o(w, "journey_a").pk)),
            ("staff", u("challenges:my_eoi_detail", _latest(ExpressionOfInterest, body_type="STAFF2").pk)),
        ],
        models=(ExpressionOfInterest,),
    ),
    FormCase(
        challenge_forms.DecisionDateForm,
        "officer",
        lambda w: u("challenges:eoi_decision_date", o(w, "received_a").pk),
        valid=lambda w: {**_gds("decision_due_on", timezone.localdate() + timedelta(days=20))},
        shows=lambda w: [("officer", u("challenges:eoi_review", o(w, "received_a").pk))],
        models=(ExpressionOfInterest,),
    ),
    FormCase(
        challenge_forms.PartnerForm,
        "body",
        lambda w: u("challenges:eoi_partner_add", o(w, "draft_a").pk),
        valid=lambda w: {
            "kind": Partner.Kind.values[0],
            "name": "Allotment Trust",
            "financial_resources": "Reserves",
            "capability": "Runs the town's allotments",
        },
        shows=lambda w: [("body", u("challenges:eoi_edit", o(w, "draft_a").pk))],
        models=(Partner,),
    ),
    FormCase(
        challenge_forms.DecisionForm,
        "officer",
        lambda w: u("challenges:eoi_decide", o(w, "review_a").pk),
        valid=lambda w: {
            "outcome": DecisionOutcome.ACCEPTED_MODIFIED,
            "grounds": [],
            "reasons": "Only the parks in the north",
            "modification": "Northern parks only",
            "modification_agreed": "on",
            "wellbeing_considered": "on",
            "decision_maker": "Sam Patel, Head of Commissioning",
            "delegated_authority": "Officer scheme of delegation, paragraph 4.2",
        },
        shows=lambda w: [("officer", u("challenges:eoi_review", o(w, "review_a").pk))],
        models=(Decision, ExpressionOfInterest),
    ),
    FormCase(
        challenge_forms.CorrectionForm,
        "officer",
        lambda w: u("challenges:decision_correct", o(w, "published_decision_a").pk),
        valid=lambda w: {"correction_note": "Typo in the reasons", "reasons": "Corrected reasons"},
        shows=lambda w: [("officer", u("challenges:eoi_review", o(w, "published_decision_a").eoi_id))],
        models=(Decision, ExpressionOfInterest),
    ),
    FormCase(
        challenge_forms.UnlistedServiceForm,
        "body",
        lambda w: u("challenges:eoi_start_unlisted"),
        valid=lambda w: {"council": o(w, "service_a").council_id, "name": "Mobile library", "description": "Vans"},
        shows=lambda w: [("body", u("challenges:my_eois"))],
        models=(ExpressionOfInterest,),
    ),
    FormCase(
        challenge_forms.LinkServiceForm,
        "officer",
        lambda w: u("challenges:eoi_link_service", o(w, "unlisted_eoi_a").pk),
        valid=lambda w: {"service": "new", "name": "Mobile library", "description": "Two vans"},
        shows=lambda w: [("officer", u("challenges:eoi_review", o(w, "unlisted_eoi_a").pk))],
        models=(ExpressionOfInterest,),
    ),
    FormCase(
        challenge_forms.InfoRequestForm,
        "officer",
        lambda w: u("challenges:info_request", o(w, "received_a").pk),
        valid=lambda w: {"question": "Send your accounts"},
        shows=lambda w: [
            ("officer", u("challenges:eoi_review", o(w, "received_a").pk)),
            ("body", u("challenges:my_eoi_detail", o(w, "received_a").pk)),
        ],
        models=(ExpressionOfInterest,),
    ),
    FormCase(
        challenge_forms.InfoAnswerForm,
        "body",
        lambda w: u("challenges:info_answer", o(w, "received_a").pk, o(w, "info_a").pk),
        valid=lambda w: {"answer": "Attached"},
        shows=lambda w: [("officer", u("challenges:eoi_review", o(w, "received_a").pk))],
        models=(ExpressionOfInterest,),
    ),
    FormCase(
        challenge_forms.ConflictForm,
        "officer",
        lambda w: u("challenges:conflict_declare", o(w, "received_a").pk),
        valid=lambda w: {"interest": "My sister is a trustee"},
        shows=lambda w: [("officer", u("challenges:eoi_review", o(w, "received_a").pk))],
        models=(ConflictDeclaration,),
    ),
    FormCase(
        challenge_forms.ProcurementForm,
        "officer",
        lambda w: u("challenges:procurement_record", o(w, "accepted_eoi_a").pk),
        valid=lambda w: {
            **_gds("starts_on", _decided_on(w) + timedelta(days=60)),
            "social_value_considered": "yes",
            "social_value_notes": "Local jobs",
            "procedure": "OPEN",
            "reserved_to_mutuals": "no",
        },
        # A justification only for a direct award; an identifier only in Find a Tender's format, with its date.
        keep=("direct_award_justification", "notice_identifier"),
        shows=lambda w: [("officer", u("challenges:eoi_review", o(w, "accepted_eoi_a").pk))],
        models=(ProcurementExercise, ExpressionOfInterest),
    ),
    FormCase(
        challenge_forms.ProcurementResultForm,
        "officer",
        lambda w: u("challenges:procurement_result", o(w, "procurement_eoi_a").pk),
        valid=lambda w: {
            "result": "AWARDED",
            **_gds("awarded_on", timezone.localdate()),
            "winning_supplier": "Northbridge Parks Trust",
            "winner_is_challenger": "yes",
            "contract_value": "1250000",
            **_gds("contract_starts_on", timezone.localdate() + timedelta(days=30)),
            **_gds("contract_ends_on", timezone.localdate() + timedelta(days=30 + 3 * 365)),
        },
        # Reasons only when no contract was awarded; an identifier only in Find a Tender's format, with its date.
        keep=("result_notes", "notice_identifier"),
        shows=lambda w: [
            ("officer", u("challenges:eoi_review", o(w, "procurement_eoi_a").pk)),
            ("anonymous", u("challenges:register")),
        ],
        models=(ProcurementExercise, ExpressionOfInterest),
    ),
    FormCase(
        challenge_forms.EOIFilterForm,
        "officer",
        lambda w: u("challenges:eoi_list"),
        method="get",
        valid=lambda w: {"q": "Community"},
        also_get=lambda w: [u("challenges:eoi_export")],
    ),
    FormCase(
        challenge_forms.RegisterFilterForm,
        "anonymous",
        lambda w: u("challenges:register"),
        method="get",
        valid=lambda w: {"outcome": "REJECTED", "year": str(date.today().year)},
        also_get=lambda w: [u("challenges:register_csv"), u("challenges:register_json")],
        echo=False,
    ),
]

ACCOUNT_CASES = [
    FormCase(
        FeedbackForm,
        "anonymous",
        lambda w: u("feedback"),
        valid=lambda w: {"satisfaction": "satisfied", "comments": "Clear pages"},
        shows=lambda w: [("admin", u("admin:accounts_feedback_changelist"))],
        models=(Feedback,),
    ),
    FormCase(
        LoginForm,
        "anonymous",
        lambda w: u("login"),
        valid=lambda w: {"username": "staff@example.test", "password": TEST_PASSWORD},
        shows=lambda w: [("staff", u("account"))],
        echo=False,
    ),
    FormCase(
        PasswordResetForm,
        "anonymous",
        lambda w: u("password_reset"),
        valid=lambda w: {"email": "staff@example.test"},
        echo=False,
    ),
    FormCase(
        SetPasswordForm,
        "anonymous",
        _set_password_url,
        page=_reset_link,
        visit_first=True,
        valid=lambda w: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        models=(User,),
        echo=False,
    ),
    FormCase(
        PasswordChangeForm,
        "staff",
        lambda w: u("password_change"),
        valid=lambda w: {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        models=(User,),
        echo=False,
    ),
    FormCase(
        TwoFactorCodeForm,
        "staff",
        lambda w: u("two_factor_setup"),
        valid=_totp_code,
        models=(User,),
        echo=False,
    ),
    FormCase(
        PreferencesForm,
        "staff",
        lambda w: u("notifications:preferences"),
        shows=lambda w: [("staff", u("notifications:preferences"))],
        echo=False,
    ),
    FormCase(
        AdminUserCreationForm,
        "admin",
        lambda w: u("admin:accounts_user_add"),
        valid=lambda w: {
            "email": "new-officer@example.test",
            "full_name": "Olu Officer",
            "role": User.Role.OFFICER,
            "public_body": str(w.council_a.pk),
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
        shows=lambda w: [("admin", u("admin:accounts_user_changelist"))],
        models=(User,),
        error_marker='class="errornote"',
    ),
    FormCase(
        AdminUserChangeForm,
        "admin",
        lambda w: u("admin:accounts_user_change", w.user("member").pk),
        valid=lambda w: {"full_name": "Mo Member"},
        shows=lambda w: [("admin", u("admin:accounts_user_changelist"))],
        models=(User,),
        error_marker='class="errornote"',
    ),
]


# Mentoring (tests/programme/world.py: journey A has a mentor; another supported journey waits for one).


def _end_mentoring_a(world):
    mentoring = o(world, "mentoring_a")
    referral_services.mentoring_end(mentoring=mentoring, by=world.user("staff"), reason="", version=mentoring.version)


def _other_staff_mentors_journey_a(world):
    """The lead of group B becomes journey A's mentor (the world's mentor's mentoring ends)."""
    _end_mentoring_a(world)
    adviser = world.user("adviser")
    offer = referral_services.mentor_offer_save(user=world.user("other_staff"), values=MENTOR_OFFER)
    referral_services.mentor_offer_decide(offer=offer, by=adviser, approve=True, note="", version=offer.version)
    mentoring = referral_services.mentoring_request_create(
        journey=o(world, "journey_a"), by=world.user("staff"), topics=["staff_engagement"], note=""
    )
    referral_services.mentoring_match(mentoring=mentoring, offer=offer, by=adviser, version=mentoring.version)


def _mentoring_page(world):
    return u("referrals:journey_mentoring", _journey(world))


MENTORING_CASES = [
    FormCase(
        referral_forms.MentorOfferForm,
        "other_staff",
        lambda w: u("referrals:mentor_offer"),
        valid=lambda w: {**MENTOR_OFFER, "capacity": "2", "active": "on"},
        shows=lambda w: [("adviser", u("referrals:mentoring"))],
        models=(MentorOffer,),
    ),
    FormCase(
        referral_forms.OfferDecisionForm,
        "adviser",
        lambda w: u("referrals:mentor_offer_decide", o(w, "offer_pending").pk),
        valid=lambda w: {"decision": "decline", "note": "Not yet: tell us about your spin-out first"},
        shows=lambda w: [("adviser", u("referrals:mentor_offer_decide", o(w, "offer_pending").pk))],
        models=(MentorOffer,),
    ),
    FormCase(
        referral_forms.WithdrawApprovalForm,
        "adviser",
        lambda w: u("referrals:mentor_offer_withdraw", o(w, "mentoring_a").offer_id),
        valid=lambda w: {"reason": "The mentor has taken a post with the commissioner"},
        shows=lambda w: [("adviser", u("referrals:mentor_offer_decide", o(w, "mentoring_a").offer_id))],
        models=(MentorOffer, MentoringRequest),
    ),
    FormCase(
        referral_forms.ReapproveOfferForm,
        "adviser",
        lambda w: u("referrals:mentor_offer_reapprove", o(w, "offer_declined").pk),
        valid=lambda w: {"note": "The mentor has told us about their spin-out: approve"},
        shows=lambda w: [("adviser", u("referrals:mentor_offer_decide", o(w, "offer_declined").pk))],
        models=(MentorOffer,),
    ),
    FormCase(
        referral_forms.MentoringRequestForm,
        "staff",
        lambda w: u("referrals:mentoring_request", _journey(w)),
        setup=_end_mentoring_a,
        valid=lambda w: {"topics": ["pensions_tupe"], "note": "Monthly calls suit us"},
        shows=lambda w: [("adviser", _mentoring_page(w))],
        models=(MentoringRequest,),
    ),
    FormCase(
        referral_forms.MatchForm,
        "adviser",
        lambda w: u("referrals:mentoring_match", o(w, "mentoring_waiting").pk),
        valid=lambda w: {"offer": str(o(w, "mentoring_a").offer_id)},
        shows=lambda w: [("adviser", u("referrals:mentoring"))],
        models=(MentoringRequest,),
    ),
    FormCase(
        referral_forms.MeetingForm,
        "member",
        lambda w: u("referrals:mentoring_meeting_new", _journey(w)),
        valid=lambda w: {**_gds("met_on", timezone.localdate()), "topics": ["staff_engagement"], "note": "Met"},
        shows=lambda w: [("staff", _mentoring_page(w))],
        models=(MentoringMeeting,),
    ),
    FormCase(
        referral_forms.MentorNoteForm,
        "other_staff",
        lambda w: u("referrals:mentoring_note", _journey(w)),
        setup=_other_staff_mentors_journey_a,
        valid=lambda w: {"note": "Talk to the union branch early"},
        shows=lambda w: [("staff", _mentoring_page(w))],
        models=(MentoringRequest,),
    ),
    FormCase(
        referral_forms.EndMentoringForm,
        "staff",
        lambda w: u("referrals:mentoring_end", _journey(w)),
        valid=lambda w: {"reason": "We have what we need"},
        shows=lambda w: [("adviser", u("referrals:mentoring_history", _journey(w)))],
        models=(MentoringRequest,),
    ),
]

CASES = JOURNEY_CASES + REFERRAL_CASES + MENTORING_CASES + CASE_STUDY_CASES + CHALLENGE_CASES + ACCOUNT_CASES
# Django's own forms that portal pages use, fuzzed too (the project's forms must all be listed above).
DJANGO_FORMS = {SetPasswordForm, PasswordChangeForm}
