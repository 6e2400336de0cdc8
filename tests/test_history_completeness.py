"""Every state change is logged with who and when (#18, point 4). Each model of the portal keeps its change
history (django-simple-history, `history = HistoricalRecords(...)`) or is listed here with where its changes
are recorded instead: a new model fails this test until someone decides. Each model with a history that is linked
to a staff group or journey is shown on a history page, or listed with where its history is read instead."""

from django.apps import apps

from challenges.access import service_history_sources
from challenges.models import ChallengeableService
from journeys.access import journey_history_sources
from journeys.models import Journey
from programme.access import (
    allocation_history_sources,
    mentoring_history_sources,
    offer_history_sources,
    referral_history_sources,
)
from programme.models import MentorOffer, Referral, SupportAllocation
from tests.layout import ROOTS, project_packages, reaches_a_group

ADMIN_LOG = "reference data edited only in the Django admin, whose log records who changed what and when"
TIMELINE = "the group's plan: each change is an entry on the journey's timeline (JourneyEvent: who, what, when)"

RECORDED_ELSEWHERE = {
    # Accounts: people and their sign-in machinery.
    "accounts.PublicBody": ADMIN_LOG + "; loads by `load_public_bodies` print what they changed",
    "accounts.User": "sign-ins, role and access changes are SecurityEvent rows (who, what, when, from where)",
    "accounts.SecurityEvent": "is itself the audit log: rows are only added",
    "accounts.UserSession": "sign-in machinery; each sign-in and sign-out is a SecurityEvent",
    "accounts.ApiToken": "created and revoked by its owner; both are SecurityEvent rows",
    "accounts.PendingRegistration": "a registration waiting for its emailed link; deleted once used or expired",
    "accounts.Feedback": "anonymous, written once, never changed",
    # Notifications: messages to a person.
    "notifications.Notification": "written once; only its read time changes, by its own reader",
    "notifications.NotificationPreference": "a person's own settings, changed only by them",
    "notifications.EmailDeliveryStatus": "is itself a log of delivery callbacks: rows are only added",
    "jobs.UnsentJob": "an outbox row, deleted when its job is sent",
    # Journeys.
    "journeys.Membership": TIMELINE + " (kind: members)",
    "journeys.Invitation": TIMELINE + " (kind: members)",
    "journeys.JourneyEvent": "is itself the journey's timeline: rows are only added",
    "journeys.GateRequest": "requested, signed off or returned: each step is on the timeline (kind: gate)",
    "journeys.StageDefinition": ADMIN_LOG,
    "journeys.TaskDefinition": ADMIN_LOG,
    "journeys.MutualDesign": TIMELINE + " (kind: plan)",
    "journeys.Forecast": "the old forecast: read-only, kept for the packs made from it",
    "journeys.ForecastLine": "the old forecast: read-only, kept for the packs made from it",
    "journeys.TransferPlan": TIMELINE + " (kind: plan)",
    "journeys.ReservedContractCheck": TIMELINE + " (kind: plan)",
    "journeys.Task": TIMELINE + " (kind: task); the task keeps who updated it last and when",
    "journeys.Evidence": TIMELINE + " (kind: evidence)",
    "journeys.FinancialModel": TIMELINE + " (kind: plan); the model keeps who updated it last and when",
    "journeys.Scenario": TIMELINE + " (kind: plan)",
    "journeys.RetenderReminder": "is itself the record of reminders sent: rows are only added; each is also on "
    "the timeline (kind: after launch)",
    # The Support Programme.
    "referrals.ReferenceCounter": "the sequence behind referral references: only ever incremented",
    "referrals.ReferralEvent": "is itself the referral's log: rows are only added",
    "referrals.Programme": ADMIN_LOG,
    "referrals.MentoringMeeting": "written once, never changed, with who logged it and when on the row",
    "referrals.ScoreModeration": "written once by the moderating adviser, with who, when and why on the row; "
    "the assessment it changes keeps its history",
    # Packs.
    "packs.BusinessPlanPack": "each status change is a PackEvent row; who asked for it is on the pack",
    "packs.PackEvent": "is itself the pack's log: rows are only added",
    # Right to Challenge.
    "challenges.ChallengeSettings": ADMIN_LOG,
    "challenges.RelevantBodyProfile": "a body's own details, changed only by its representative",
    "challenges.Partner": "part of the EOI, frozen once sent; the EOI's history records the sending",
    "challenges.InfoRequest": "asked and answered once each, with who and when on the row",
    "challenges.Attachment": "each document added or removed is a line in the EOI's log (EOIStatusChange: who, when)",
    "challenges.JourneyEOI": "part of the EOI, set with it while the lead drafts and frozen once sent",
    "challenges.EOIStatusChange": "is itself the EOI's log: rows are only added",
    "challenges.ConflictDeclaration": "declared once by an officer, with who and when on the row",
    "challenges.DecisionNotice": "generated from a published decision; regenerating adds a new file",
    "challenges.ReminderSent": "is itself a log of reminders sent: rows are only added",
    # The case-study library.
    "casestudies.CaseStudy": "each change of status is a StatusChange row (who, when, from, to, why)",
    "casestudies.Source": "part of a case study, edited with it by its contributor or an administrator",
    "casestudies.Fact": "part of a case study, edited with it by its contributor or an administrator",
    "casestudies.StatusChange": "is itself the case study's log: rows are only added",
}


def _portal_models():
    labels = {config.label for config in apps.get_app_configs() if config.name.split(".")[0] in project_packages()}
    return [m for m in apps.get_models() if m._meta.app_label in labels and not m.__name__.startswith("Historical")]


def _has_history(model) -> bool:
    return any(
        m.__name__ == f"Historical{model.__name__}" and m._meta.app_label == model._meta.app_label
        for m in apps.get_models()
    )


def test_every_model_keeps_its_history_or_says_where_its_changes_are_recorded():
    undecided = sorted(
        m._meta.label for m in _portal_models() if not _has_history(m) and m._meta.label not in RECORDED_ELSEWHERE
    )
    assert undecided == [], (
        "give these `history = HistoricalRecords()` (mutuals_portal.lib.history), "
        "or add them to RECORDED_ELSEWHERE with where their changes are recorded"
    )


def test_the_list_names_only_models_that_exist_and_keep_no_history_of_their_own():
    for label in RECORDED_ELSEWHERE:
        assert not _has_history(apps.get_model(label)), f"{label} has its own history now: take it off the list"


# The change history of what is linked to a staff group or journey is read on a history page. Each such model that
# keeps a history is one of these pages' sources, or is listed below with where its history is read instead: a new
# model linked to a group fails the test until someone adds it to a page or says why it is not shown.
def _history_pages():
    # Unsaved objects: the sources are querysets, built here but never run.
    journey = Journey(pk=1, group_id=1)
    return {
        "journey": journey_history_sources(journey),
        "journey's mentoring": mentoring_history_sources(journey),
        "referral": referral_history_sources(Referral(pk=1)),
        "allocation": allocation_history_sources(SupportAllocation(pk=1)),
        "mentoring offer": offer_history_sources(MentorOffer(pk=1)),
        "service": service_history_sources(ChallengeableService(pk=1)),
    }


def _shown_on_a_history_page() -> set[str]:
    return {source.records.model.instance_type._meta.label for page in _history_pages().values() for source in page}


NOT_ON_A_HISTORY_PAGE = {
    "journeys.Comment": "an edit's old text is kept in the change history, read in the Django admin (CommentAdmin)",
    "referrals.OutcomeReturn": "the change history is read in the Django admin (OutcomeReturnAdmin)",
}


def _with_history_linked_to_a_group() -> set[str]:
    return {
        m._meta.label for m in _portal_models() if _has_history(m) and (m._meta.label in ROOTS or reaches_a_group(m))
    }


def test_every_model_with_history_linked_to_a_group_is_on_a_history_page_or_says_why_not():
    missing = _with_history_linked_to_a_group() - _shown_on_a_history_page() - set(NOT_ON_A_HISTORY_PAGE)
    assert sorted(missing) == [], (
        "add a Source for these to a history page (e.g. journeys.access.journey_history_sources), "
        "or list them in NOT_ON_A_HISTORY_PAGE with where their history is read"
    )


def test_the_not_shown_list_names_only_linked_models_with_history_that_no_page_shows():
    shown = _shown_on_a_history_page()
    linked = _with_history_linked_to_a_group()
    for label in NOT_ON_A_HISTORY_PAGE:
        assert label in linked, f"{label} keeps no history or is not linked to a group: take it off the list"
        assert label not in shown, f"{label} is on a history page now: take it off the list"
