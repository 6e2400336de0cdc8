"""Subject access: everything the portal holds about one staff group, as a zip for its lead.

`group_export(journey)` reads the data in a fixed number of queries (whatever its size) into small
JSON and CSV files; `stream_zip(export)` writes the zip as it is sent, copying evidence files and
business-plan packs from storage (Django's storage API) in chunks, so no file is held in memory whole.
"""

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import Storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import get_valid_filename, slugify

from accounts.models import User
from journeys.models import (
    AnnualDuty,
    Ballot,
    BoardSeat,
    Comment,
    Contract,
    CouncilDecision,
    Evidence,
    FinancialModel,
    Forecast,
    ForecastLine,
    GateRequest,
    Invitation,
    Journey,
    JourneyEvent,
    Membership,
    MutualDesign,
    PlanNarrative,
    RegisteredBody,
    ReservedContractCheck,
    Risk,
    Stage,
    StageChange,
    StageDefinition,
    Task,
    TransferPlan,
)
from mutuals_portal.lib.csv_export import safe_cell
from notifications.models import Notification

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Entry:
    """One file of the zip: small content made here, or a stored file copied from storage."""

    path: str
    content: bytes = b""
    storage: Storage | None = None
    storage_name: str = ""
    size: int = 0
    modified: datetime | None = None


@dataclass
class GroupExport:
    journey: Journey
    filename: str
    entries: list[Entry] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)


def export_filename(journey: Journey, on=None) -> str:
    day = (on or timezone.localdate()).isoformat()
    return f"mutuals-portal-{slugify(journey.group.name) or 'group'}-data-{day}.zip"


def _person(user: User | None) -> str | None:
    return (user.full_name or user.email) if user is not None else None


def _json(data) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode()


def _cell(value) -> str:
    if isinstance(value, date | datetime):
        value = value.isoformat()
    return safe_cell(value)


def _csv(columns: list[str], rows: list[dict]) -> bytes:
    """CSV for a spreadsheet: a cell that could run as a formula is neutralised; a BOM for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return ("\ufeff" + buffer.getvalue()).encode()


def _table(path: str, rows: list[dict]) -> list[Entry]:
    """The same rows as `<path>.json` and `<path>.csv`."""
    columns = list(rows[0]) if rows else []
    return [Entry(f"{path}.json", _json(rows)), Entry(f"{path}.csv", _csv(columns, rows))]


def _label(choices, value) -> str:
    return str(dict(choices).get(value, value)) if value else ""


def _safe_name(prefix: int, name: str) -> str:
    try:
        cleaned = get_valid_filename(name)[-120:]
    except SuspiciousFileOperation:
        cleaned = "file"
    return f"{prefix}-{cleaned.lstrip('.') or 'file'}"


# The data, file by file ------------------------------------------------------------------------


def _group_and_journey(journey: Journey) -> list[Entry]:
    group = journey.group
    return [
        Entry(
            "group.json",
            _json(
                {
                    "name": group.name,
                    "service_name": group.service_name,
                    "service_description": group.service_description,
                    "service_area": group.get_service_area_display(),
                    "parent_public_body": group.parent_body.name,
                    "headcount": group.headcount,
                    "annual_budget_gbp": group.annual_budget,
                    "registered_at": group.created_at,
                }
            ),
        ),
        Entry(
            "journey.json",
            _json(
                {
                    "stage": journey.stage,
                    "stage_name": journey.get_stage_display(),
                    "status": journey.get_status_display(),
                    "in_mutuals_support_programme": journey.in_support_programme,
                    "assigned_adviser": _person(journey.assigned_adviser),
                    "shared_with_council": journey.shared_with_council,
                    "started_at": journey.created_at,
                    "last_activity_at": journey.last_activity_at,
                }
            ),
        ),
    ]


def _members(journey: Journey) -> list[Entry]:
    members = (
        Membership.objects.filter(group_id=journey.group_id).select_related("user").order_by("role", "joined_at", "id")
    )
    invitations = Invitation.objects.filter(group_id=journey.group_id).select_related(
        "invited_by", "accepted_by", "revoked_by"
    )
    return [
        *_table(
            "members",
            [
                {
                    "name": m.user.full_name,
                    "email": m.user.email,
                    "role": m.get_role_display(),
                    "joined_at": m.joined_at,
                }
                for m in members
            ],
        ),
        *_table(
            "invitations",
            [
                {
                    "email": i.email,
                    "role": i.get_role_display(),
                    "invited_by": _person(i.invited_by),
                    "sent_at": i.created_at,
                    "expires_at": i.expires_at,
                    "accepted_at": i.accepted_at,
                    "accepted_by": _person(i.accepted_by),
                    "withdrawn_at": i.revoked_at,
                    "withdrawn_by": _person(i.revoked_by),
                    "why_withdrawn": i.get_revoked_reason_display(),
                }
                for i in invitations.order_by("created_at", "id")
            ],
        ),
    ]


def _stages_and_tasks(journey: Journey) -> list[Entry]:
    tasks = list(
        Task.objects.filter(journey=journey)
        .select_related("definition__stage", "updated_by", "owner")
        .order_by("definition__stage__order", "definition__order", "definition_id")
    )
    stages = []
    for definition in StageDefinition.objects.order_by("order"):
        index = Stage.index(definition.stage)
        required = [t for t in tasks if t.definition.stage_id == definition.pk and t.definition.required]
        stages.append(
            {
                "number": index + 1,
                "stage": definition.stage,
                "name": definition.title,
                "where": "done"
                if index < journey.stage_index
                else "current"
                if index == journey.stage_index
                else "later",
                "required_tasks": len(required),
                "required_tasks_completed": sum(1 for t in required if t.is_completed),
            }
        )
    rows = [
        {
            "stage": t.definition.stage.title,
            "task": t.definition.title,
            "required": t.definition.required,
            "needs_evidence": t.definition.needs_evidence,
            "status": t.get_status_display(),
            "notes": t.notes,
            "used_in_business_plan": t.get_plan_section_display(),
            "owner": _person(t.owner),
            "due_on": t.due_on,
            "updated_by": _person(t.updated_by),
            "updated_at": t.updated_at,
        }
        for t in tasks
    ]
    return [Entry("stages.json", _json(stages)), *_table("tasks", rows)]


def _evidence(journey: Journey, export: GroupExport) -> list[Entry]:
    files, rows = [], []
    evidence = (
        Evidence.objects.filter(task__journey=journey)
        .select_related("task__definition", "uploaded_by")
        .order_by("uploaded_at", "id")
    )
    for item in evidence:
        path = f"evidence/{_safe_name(item.pk, item.original_name)}"
        stored = bool(item.file.name) and item.file.storage.exists(item.file.name)
        if stored:
            files.append(
                Entry(
                    path,
                    storage=item.file.storage,
                    storage_name=item.file.name,
                    size=item.size,
                    modified=item.uploaded_at,
                )
            )
        else:
            export.missing_files.append(item.original_name)
        rows.append(
            {
                "task": item.task.definition.title,
                "file_name": item.original_name,
                "kind": item.kind,
                "content_type": item.content_type,
                "size_bytes": item.size,
                "uploaded_by": _person(item.uploaded_by),
                "uploaded_at": item.uploaded_at,
                "file_in_this_zip": path if stored else "(the stored file is missing)",
            }
        )
    return [*_table("evidence", rows), *files]


def _plan(journey: Journey) -> list[Entry]:
    ballots = [
        {
            "kind": b.get_kind_display(),
            "held_on": b.held_on,
            "eligible_staff": b.eligible,
            "votes_for": b.votes_for,
            "votes_against": b.votes_against,
            "turnout_percent": b.turnout_percent,
            "support_percent": b.support_percent,
            "recorded_by": _person(b.recorded_by),
            "recorded_at": b.recorded_at,
        }
        for b in Ballot.objects.filter(journey=journey).select_related("recorded_by").order_by("held_on", "id")
    ]
    design = MutualDesign.objects.filter(journey=journey).first()
    board = [
        {"constituency": seat.get_constituency_display(), "seats": seat.seats}
        for seat in BoardSeat.objects.filter(journey=journey)
    ]
    forecast = Forecast.objects.filter(journey=journey).first()
    lines = list(ForecastLine.objects.filter(forecast__journey=journey).order_by("kind", "id"))
    risks = [
        {
            "risk": r.title,
            "owner": r.owner,
            "likelihood": r.likelihood,
            "impact": r.impact,
            "score": r.score,
            "mitigation": r.mitigation,
            "added_at": r.created_at,
        }
        for r in Risk.objects.filter(journey=journey)
    ]
    transfer = TransferPlan.objects.filter(journey=journey).first()
    reserved = ReservedContractCheck.objects.filter(journey=journey).first()
    comments = [
        {
            "about": c.topic_title,
            "written_by": _person(c.author),
            "shared_with_the_adviser": c.visible_to_adviser,
            "shared_with_the_council": c.visible_to_council,
            "shared_with_the_mentor": c.visible_to_mentor,
            "written_at": c.created_at,
            "changed_at": c.edited_at,
            "comment": c.body,
        }
        for c in Comment.objects.filter(journey=journey).select_related("author", "task__definition")
    ]
    entries = [
        *_table("plan/ballots", ballots),
        Entry(
            "plan/legal_form.json",
            _json(
                design
                and {
                    "legal_form": design.get_legal_form_display(),
                    "ownership_model": design.get_ownership_model_display(),
                    "why_this_choice": design.notes,
                    "updated_at": design.updated_at,
                }
            ),
        ),
        *_table("plan/board", board),
        *_table("plan/risks", risks),
        *_table("comments", comments),
        Entry(
            "plan/transfer_plan.json",
            _json(
                transfer
                and {
                    "procurement_route": transfer.get_procurement_route_display(),
                    "direct_award_justification": transfer.direct_award_justification,
                    "started_by_right_to_challenge": transfer.right_to_challenge,
                    "contract_length_months": transfer.contract_length_months,
                    "contract_value_gbp": transfer.contract_value,
                    "go_live_on": transfer.go_live_on,
                    "staff_transferring_under_tupe": transfer.tupe_headcount,
                    "tupe_consultation_started_on": transfer.tupe_consultation_on,
                    "employee_liability_information_given_on": transfer.eli_given_on,
                    "pension_arrangement": transfer.get_pension_arrangement_display(),
                    "pension_fund_security": transfer.get_lgps_security_display(),
                    "updated_at": transfer.updated_at,
                }
            ),
        ),
        Entry(
            "plan/reserved_contract_check.json",
            _json(
                reserved
                and {
                    **{
                        field: getattr(reserved, f"get_{field}_display")()
                        for field in (
                            "reservable_service",
                            "comparable_contract",
                            "public_service_purpose",
                            "profit_basis",
                            "employee_control",
                        )
                    },
                    "max_term_months": reserved.max_term_months,
                    "checked_at": reserved.checked_at,
                }
            ),
        ),
    ]
    years = forecast.years if forecast else 0
    labels = forecast.year_labels if forecast else []
    line_rows = [
        {"kind": line.get_kind_display(), "label": line.label, **dict(zip(labels, line.amounts(years), strict=True))}
        for line in lines
    ]
    entries.append(
        Entry(
            "plan/forecast.json",
            _json(
                forecast
                and {"first_year": forecast.first_year, "years": years, "year_labels": labels, "lines": line_rows}
            ),
        )
    )
    entries.append(Entry("plan/forecast_lines.csv", _csv(["kind", "label", *labels], line_rows)))
    entries.append(Entry("plan/financial_model.json", _json(_financial_model(journey))))
    entries.append(
        Entry(
            "plan/narrative.json",
            _json(
                [
                    {
                        "section": row.get_section_display(),
                        "answers": row.answers,
                        "version": row.version,
                        "updated_by": _person(row.updated_by),
                        "updated_at": row.updated_at,
                    }
                    for row in PlanNarrative.objects.filter(journey=journey).select_related("updated_by")
                ]
            ),
        )
    )
    return entries


def _after_launch(journey: Journey) -> list[Entry]:
    """The contract, the registered mutual's dates and the yearly duties (issue #22 point 9)."""
    contract = Contract.objects.filter(journey=journey).first()
    body = RegisteredBody.objects.filter(journey=journey).first()
    duties = [
        {
            "duty": d.get_kind_display(),
            "period_end": d.period_end,
            "due_on": d.due_on,
            "owner": _person(d.owner),
            "notes": d.notes,
            "done_at": d.completed_at,
            "done_by": _person(d.completed_by),
        }
        for d in AnnualDuty.objects.filter(journey=journey).select_related("owner", "completed_by")
    ]
    return [
        Entry(
            "after_launch/contract.json",
            _json(
                contract
                and {
                    "commissioner": contract.commissioner,
                    "start_on": contract.start_on,
                    "end_on": contract.end_on,
                    "extension_options": contract.extension_options,
                    "latest_end_on": contract.latest_end_on,
                    "value": contract.value,
                    "retender_reminders_sent": [
                        {"months_before": r.months_before, "end_on": r.end_on, "sent_at": r.sent_at}
                        for r in contract.retender_reminders_sent.order_by("sent_at", "id")
                    ],
                }
            ),
        ),
        Entry(
            "after_launch/registered_mutual.json",
            _json(
                body
                and {
                    "registered_name": body.registered_name,
                    "registration_number": body.registration_number,
                    "incorporated_on": body.incorporated_on,
                    "first_financial_year_end": body.first_year_end,
                    "agm_within_months_of_year_end": body.agm_months,
                }
            ),
        ),
        *_table("after_launch/duties", duties),
    ]


def _financial_model(journey: Journey) -> dict | None:
    """The financial model's assumptions, lines and scenarios (its figures are worked out from them)."""
    model = FinancialModel.objects.filter(journey=journey).select_related("updated_by").first()
    if model is None:
        return None
    skip = {"id", "journey", "updated_by"}
    assumptions = {f.name: getattr(model, f.name) for f in model._meta.concrete_fields if f.name not in skip}
    return {
        "assumptions": assumptions,
        "updated_by": _person(model.updated_by),
        "lines": [
            {
                "kind": line.get_kind_display(),
                "label": line.label,
                "source": line.source,
                **dict(zip(model.year_labels, line.amounts(model.years), strict=True)),
            }
            for line in model.lines.all()
        ],
        "scenarios": [
            {
                "scenario": s.get_kind_display(),
                "contract_change_percent": s.contract_change,
                "pay_award_change_points": s.pay_award_change,
                "other_income_change_percent": s.other_income_change,
                "non_pay_cost_change_percent": s.cost_change,
                "income_line_lost": s.lost_line.label if s.lost_line else None,
            }
            for s in model.scenarios.select_related("lost_line")
        ],
    }


def _history(journey: Journey) -> list[Entry]:
    changes = [
        {
            "from_stage": Stage(c.from_stage).label,
            "to_stage": Stage(c.to_stage).label,
            "changed_by": _person(c.changed_by),
            "changed_at": c.changed_at,
            "note": c.note,
        }
        for c in StageChange.objects.filter(journey=journey).select_related("changed_by").order_by("changed_at", "id")
    ]
    gates = [
        {
            "leave_stage": Stage(g.from_stage).label,
            "for_stage": Stage(g.to_stage).label,
            "status": g.get_status_display(),
            "requested_by": _person(g.requested_by),
            "requested_at": g.requested_at,
            "note": g.note,
            "decided_by": _person(g.decided_by),
            "decided_at": g.decided_at,
            "comments": g.comments,
        }
        for g in GateRequest.objects.filter(journey=journey)
        .select_related("requested_by", "decided_by")
        .order_by("requested_at", "id")
    ]
    events = [
        {
            "at": e.created_at,
            "kind": e.get_kind_display(),
            "summary": e.summary,
            "detail": e.detail,
            "by": _person(e.actor),
        }
        for e in JourneyEvent.objects.filter(journey=journey).select_related("actor").order_by("created_at", "id")
    ]
    return [*_table("stage_changes", changes), *_table("gate_decisions", gates), *_table("timeline", events)]


def _packs(journey: Journey, export: GroupExport) -> list[Entry]:
    from packs.models import BusinessPlanPack

    rows, files = [], []
    for pack in BusinessPlanPack.objects.filter(journey=journey).select_related("requested_by").order_by("version"):
        pack.journey = journey  # download_name reads the group's name
        path = ""
        if pack.status == BusinessPlanPack.Status.READY and pack.file.name:
            if pack.file.storage.exists(pack.file.name):
                path = f"packs/{pack.download_name}"
                files.append(
                    Entry(
                        path,
                        storage=pack.file.storage,
                        storage_name=pack.file.name,
                        size=pack.file_size or 0,
                        modified=pack.finished_at,
                    )
                )
            else:
                export.missing_files.append(pack.download_name)
        rows.append(
            {
                "version": pack.version,
                "status": pack.get_status_display(),
                "requested_by": _person(pack.requested_by),
                "requested_at": pack.requested_at,
                "finished_at": pack.finished_at,
                "pages": pack.page_count,
                "size_bytes": pack.file_size,
                "error": pack.error,
                "file_in_this_zip": path,
            }
        )
    return [*_table("business_plan_packs", rows), *files]


def _programme(journey: Journey) -> list[Entry]:
    """What the group sent to the Mutuals Information Service and what came of it; the support
    committed to it. Advisers' triage scores and internal notes are the programme's own assessment."""
    from programme.models import MentoringMeeting, MentoringRequest, OutcomeReturn, Referral, SupportAllocation

    referrals = [
        {
            "reference": r.reference,
            "sent_at": r.created_at,
            "contact_name": r.contact_name,
            "contact_email": r.contact_email,
            "organisation": r.organisation,
            "service_name": r.service_name,
            "service_area": r.get_service_area_display(),
            "parent_public_body": r.parent_body_name,
            "region": r.get_region_display(),
            "headcount": r.headcount,
            "annual_budget_gbp": r.annual_budget,
            "how_far_you_had_got": r.get_progress_display(),
            "help_needed": r.help_needed,
            "consent_to_be_contacted": r.consent,
            "outcome": r.get_status_display(),
            "information_requested": r.information_requested,
            "signposted_to": r.signpost_destination,
            "decline_reason": r.decline_reason,
        }
        for r in Referral.objects.filter(staff_group_id=journey.group_id).order_by("created_at", "id")
    ]
    support = [
        {
            "allocated_on": a.allocated_on,
            "category": a.get_category_display(),
            "supplier": a.supplier,
            "amount_gbp": a.amount,
            "correction_of_an_earlier_allocation": a.is_reversal,
        }
        for a in SupportAllocation.objects.filter(journey=journey).order_by("allocated_on", "id")
    ]
    returns = [
        {
            "financial_year": f"{r.year}-{(r.year + 1) % 100:02d}",
            "staff_headcount": r.staff_headcount,
            "turnover_gbp": r.turnover,
            "sickness_absence_days_per_employee": r.sickness_absence_days,
            "staff_turnover_percent": r.staff_turnover_percent,
            "user_satisfaction_percent": r.user_satisfaction_percent,
            "contracts_won": r.contracts_won,
            "contracts_lost": r.contracts_lost,
            "social_value_highlights": r.social_value_highlights,
            "sent_on": timezone.localdate(r.submitted_at),
        }
        for r in OutcomeReturn.objects.filter(journey=journey).order_by("year")
    ]
    mentoring = [
        {
            "status": m.get_status_display(),
            "topics": "; ".join(m.topic_labels),
            "note": m.note,
            "asked_by": _person(m.requested_by),
            "asked_on": timezone.localdate(m.requested_at),
            "mentor": _person(m.offer.mentor) if m.offer else "",
            "mentor_mutual": m.offer.mutual_name if m.offer else "",
            "matched_on": timezone.localdate(m.matched_at) if m.matched_at else None,
            "mentor_note": m.mentor_note,
            "ended_on": timezone.localdate(m.ended_at) if m.ended_at else None,
            "why_it_ended": m.end_reason,
        }
        for m in MentoringRequest.objects.filter(journey=journey)
        .select_related("requested_by", "offer__mentor")
        .order_by("requested_at", "id")
    ]
    meetings = [
        {
            "met_on": meeting.met_on,
            "topics": "; ".join(meeting.topic_labels),
            "note": meeting.note,
            "logged_by": _person(meeting.logged_by),
        }
        for meeting in MentoringMeeting.objects.filter(mentoring__journey=journey)
        .select_related("logged_by")
        .order_by("met_on", "id")
    ]
    return [
        Entry("referral.json", _json(referrals)),
        *_table("support_allocations", support),
        *_table("outcome_returns", returns),
        *_table("mentoring", mentoring),
        *_table("mentoring_meetings", meetings),
    ]


def _challenges(journey: Journey) -> list[Entry]:
    """Expressions of interest under the Community Right to Challenge started from the journey."""
    from challenges.models import JourneyEOI

    rows = [
        {
            "reference": link.eoi.reference,
            "council": link.eoi.service.council.name,
            "service": link.eoi.service.name,
            "status": link.eoi.get_status_display(),
            "started_by": _person(link.eoi.submitted_by),
            "supporting_employees": link.supporting_employees,
            "staff_engagement": link.eoi.staff_engagement,
            "received_on": link.eoi.received_on,
            "decision_due_on": link.eoi.decision_due_on,
        }
        for link in JourneyEOI.objects.filter(journey=journey)
        .select_related("eoi__service__council", "eoi__submitted_by")
        .order_by("created_at", "pk")
    ]
    return _table("right_to_challenge", rows)


def _notifications(journey: Journey) -> list[Entry]:
    """Notifications about the group (its journey and its packs) sent to its members."""
    from packs.models import BusinessPlanPack

    journey_type = ContentType.objects.get_for_model(Journey)
    pack_type = ContentType.objects.get_for_model(BusinessPlanPack)
    packs = BusinessPlanPack.objects.filter(journey=journey).values_list("pk", flat=True)
    about = Q(content_type=journey_type, object_id=str(journey.pk)) | Q(
        content_type=pack_type, object_id__in=[str(pk) for pk in packs]
    )
    rows = [
        {
            "to": _person(n.recipient),
            "event": n.event_name,
            "message": n.message,
            "link": n.url,
            "sent_at": n.created_at,
            "read_at": n.read_at,
        }
        for n in Notification.objects.filter(about, recipient__memberships__group_id=journey.group_id)
        .select_related("recipient")
        .order_by("created_at", "id")
    ]
    return _table("notifications", rows)


def _council_decisions(journey: Journey) -> list[Entry]:
    rows = [
        {
            "decision": d.get_kind_display(),
            "council": d.council.name,
            "decided_on": d.decided_on,
            "reference": d.reference,
            "decision_maker": d.decision_maker,
            "notes": d.notes,
            "status": d.get_status_display(),
            "withdrawal_reason": d.withdrawal_reason,
            "recorded_by": _person(d.recorded_by),
            "recorded_at": d.recorded_at,
        }
        for d in CouncilDecision.objects.filter(journey=journey)
        .select_related("council", "recorded_by")
        .order_by("decided_on", "id")
    ]
    return _table("council_decisions", rows)


def group_export(journey: Journey, *, by: User | None = None) -> GroupExport:
    """Everything about the journey's group, ready to stream (the database is read here, once)."""
    export = GroupExport(journey=journey, filename=export_filename(journey))
    data = [
        *_group_and_journey(journey),
        *_members(journey),
        *_stages_and_tasks(journey),
        *_evidence(journey, export),
        *_plan(journey),
        *_after_launch(journey),
        *_council_decisions(journey),
        *_history(journey),
        *_packs(journey, export),
        *_programme(journey),
        *_challenges(journey),
        *_notifications(journey),
    ]
    readme = render_to_string(
        "journeys/export/README.txt",
        {
            "group": journey.group,
            "exported_at": timezone.localtime(),
            "exported_by": _person(by),
            "paths": [entry.path for entry in data],
            "missing_files": export.missing_files,
        },
    )
    export.entries = [Entry("README.txt", readme.encode()), *data]
    return export


@transaction.atomic
def group_export_record(*, journey: Journey, by: User) -> JourneyEvent:
    """Every download is on the group's timeline: who and when."""
    return journey.log(by, JourneyEvent.Kind.DATA, "Downloaded all of the group's data (subject access request)")


# The zip, written as it is sent --------------------------------------------------------------


class _Pipe:
    """A write-only file for ZipFile: it keeps what was written until the stream takes it.

    It has no tell() or seek(), so ZipFile writes each member's sizes after its data (a data
    descriptor) instead of going back to patch the header: nothing needs to stay in memory.
    """

    def __init__(self):
        self._chunks: list[bytes] = []

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def _info(entry: Entry, now: datetime) -> zipfile.ZipInfo:
    when = timezone.localtime(entry.modified or now)
    info = zipfile.ZipInfo(entry.path, date_time=when.timetuple()[:6] if when.year >= 1980 else (1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


def stream_zip(export: GroupExport) -> Iterator[bytes]:
    """The zip, chunk by chunk: each stored file is copied in 64 KiB pieces as it is sent."""
    pipe = _Pipe()
    now = timezone.now()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in export.entries:
            info = _info(entry, now)
            if entry.storage is None:
                archive.writestr(info, entry.content)
            else:
                info.file_size = entry.size  # lets ZipFile choose ZIP64 up front for a huge file
                with entry.storage.open(entry.storage_name, "rb") as source, archive.open(info, "w") as target:
                    while chunk := source.read(CHUNK):
                        target.write(chunk)
                        if data := pipe.take():
                            yield data
            if data := pipe.take():
                yield data
    if data := pipe.take():
        yield data
