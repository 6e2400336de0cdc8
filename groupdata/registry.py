"""Every kind of record linked to a staff group, and what the group's data pages do with it: one
declared list, held true by tests/groupdata/test_registry.py (a model linked to a group and missing
here fails the suite; each "removed" or "kept" here is checked against a real deletion, each export
file against a real export)."""

from dataclasses import dataclass

REMOVED = "removed"  # deleted with the group
ANONYMISED = "anonymised"  # its statutory and public-money facts kept without people or free text; the rest go
KEPT = "kept"  # kept as it is (public money: amounts, suppliers, the advisers who committed it)
FORGOTTEN = "change history forgotten"  # old versions deleted; the anonymised record starts a new history
DRAFTS_REMOVED = "drafts removed, published kept without their contributor"


@dataclass(frozen=True)
class Held:
    path: str  # the lookup from the model to the group's journey (or, with of="group", to the group)
    on_delete: str
    export: str = ""  # the export's file (without .json/.csv) holding it; "" with a reason
    not_exported_because: str = ""
    of: str = "journey"

    def rows(self, model, journey):
        """The model's rows that belong to the journey's group."""
        return model._base_manager.filter(**{self.path: journey.pk if self.of == "journey" else journey.group_id})


GROUP_DATA: dict[str, Held] = {
    "journeys.Membership": Held("group__journey", REMOVED, "members"),
    "journeys.Invitation": Held("group__journey", REMOVED, "members"),
    "journeys.HistoricalStaffGroup": Held("id", FORGOTTEN, "", "old versions of group.json", of="group"),
    "journeys.HistoricalJourney": Held("id", FORGOTTEN, "", "old versions of journey.json"),
    "journeys.StageChange": Held("journey", ANONYMISED, "stage_changes"),
    "journeys.HistoricalStageChange": Held("journey", FORGOTTEN, "", "old versions of stage_changes"),
    "journeys.JourneyEvent": Held("journey", ANONYMISED, "timeline"),
    "journeys.GateRequest": Held("journey", ANONYMISED, "gate_decisions"),
    "journeys.Task": Held("journey", REMOVED, "tasks"),
    "journeys.Evidence": Held("task__journey", REMOVED, "evidence"),
    "journeys.Ballot": Held("journey", REMOVED, "plan/ballots"),
    "journeys.MutualDesign": Held("journey", REMOVED, "plan/legal_form"),
    "journeys.BoardSeat": Held("journey", REMOVED, "plan/board"),
    "journeys.Forecast": Held("journey", REMOVED, "plan/forecast"),
    "journeys.ForecastLine": Held("forecast__journey", REMOVED, "plan/forecast_lines"),
    "journeys.Risk": Held("journey", REMOVED, "plan/risks"),
    "journeys.TransferPlan": Held("journey", REMOVED, "plan/transfer_plan"),
    "journeys.ReservedContractCheck": Held("journey", REMOVED, "plan/reserved_contract_check"),
    "journeys.FinancialModel": Held("journey", REMOVED, "plan/financial_model"),
    "journeys.FinanceLine": Held("model__journey", REMOVED, "plan/financial_model"),
    "journeys.Scenario": Held("model__journey", REMOVED, "plan/financial_model"),
    "journeys.PlanNarrative": Held("journey", REMOVED, "plan/narrative"),
    # The council's decisions on the group's journey: the council keeps its own record of them.
    "journeys.CouncilDecision": Held("journey", REMOVED, "council_decisions"),
    "journeys.HistoricalCouncilDecision": Held("journey", REMOVED, "", "old versions of council_decisions"),
    "journeys.HistoricalPlanNarrative": Held("journey", REMOVED, "", "old versions of plan/narrative.json"),
    "journeys.HistoricalBallot": Held("journey", REMOVED, "", "old versions of plan/ballots"),
    "journeys.HistoricalBoardSeat": Held("journey", REMOVED, "", "old versions of plan/board"),
    "journeys.HistoricalRisk": Held("journey", REMOVED, "", "old versions of plan/risks"),
    "journeys.Comment": Held("journey", REMOVED, "comments"),
    "journeys.HistoricalComment": Held("journey", REMOVED, "", "old versions of comments"),
    "journeys.Contract": Held("journey", REMOVED, "after_launch/contract"),
    "journeys.RetenderReminder": Held("contract__journey", REMOVED, "after_launch/contract"),
    "journeys.RegisteredBody": Held("journey", REMOVED, "after_launch/registered_mutual"),
    "journeys.AnnualDuty": Held("journey", REMOVED, "after_launch/duties"),
    "journeys.HistoricalContract": Held("journey", REMOVED, "", "old versions of after_launch/contract.json"),
    "journeys.HistoricalRegisteredBody": Held(
        "journey", REMOVED, "", "old versions of after_launch/registered_mutual.json"
    ),
    "journeys.HistoricalAnnualDuty": Held("journey", REMOVED, "", "old versions of after_launch/duties"),
    "journeys.HistoricalFinanceLine": Held("model__journey", REMOVED, "", "old versions of plan/financial_model"),
    "referrals.Referral": Held("staff_group__journey", ANONYMISED, "referral"),
    "referrals.HistoricalReferral": Held("staff_group__journey", FORGOTTEN, "", "old versions of referral.json"),
    "referrals.ReferralEvent": Held(
        "referral__staff_group__journey", ANONYMISED, "", "the programme's own record of its handling"
    ),
    "referrals.TriageAssessment": Held(
        "referral__staff_group__journey", ANONYMISED, "", "advisers' scores are the programme's own assessment"
    ),
    "referrals.HistoricalTriageAssessment": Held(
        "referral__staff_group__journey", FORGOTTEN, "", "the programme's own assessment"
    ),
    "referrals.ScoreModeration": Held(
        "assessment__referral__staff_group__journey", ANONYMISED, "", "advisers' moderated scores: the programme's own"
    ),
    "referrals.SupportAllocation": Held("journey", KEPT, "support_allocations"),
    "referrals.HistoricalSupportAllocation": Held("journey", KEPT, "", "old versions of support_allocations"),
    # The group's own yearly reports after spin-out: they go with the group (public figures are aggregates).
    "referrals.OutcomeReturn": Held("journey", REMOVED, "outcome_returns"),
    "referrals.HistoricalOutcomeReturn": Held("journey", REMOVED, "", "old versions of outcome_returns"),
    # The group's mentoring: its requests, the mentor matched, the meetings; they go with the group.
    "referrals.MentoringRequest": Held("journey", REMOVED, "mentoring"),
    "referrals.HistoricalMentoringRequest": Held("journey", REMOVED, "", "old versions of mentoring"),
    "referrals.MentoringMeeting": Held("mentoring__journey", REMOVED, "mentoring_meetings"),
    "packs.BusinessPlanPack": Held("journey", REMOVED, "business_plan_packs"),
    "packs.PackEvent": Held("pack__journey", REMOVED, "", "the render log of business_plan_packs"),
    "casestudies.CaseStudy": Held("journey", DRAFTS_REMOVED, "", "published: public in the library; drafts: not yet"),
    "casestudies.Source": Held("case_study__journey", DRAFTS_REMOVED, "", "part of the case study"),
    "casestudies.StatusChange": Held("case_study__journey", DRAFTS_REMOVED, "", "part of the case study"),
    "casestudies.Fact": Held("case_study__journey", DRAFTS_REMOVED, "", "part of the case study"),
    "challenges.StaffMutualIntention": Held(
        "journey", KEPT, "", "the council's own published intention (ground R8), public on its service page"
    ),
    "challenges.HistoricalStaffMutualIntention": Held(
        "journey", KEPT, "", "old versions of the council's published intention"
    ),
    # The council's statutory record (Localism Act 2011 s.83): the EOI and its link to the journey stay.
    "challenges.JourneyEOI": Held("journey", KEPT, "right_to_challenge"),
    "notifications.Notification": Held("", REMOVED, "notifications"),  # linked by content type: see deletion
}
