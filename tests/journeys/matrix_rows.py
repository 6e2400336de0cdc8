"""Journey pages for every role. Group A's journey is in the Support Programme and shared with council A
(read-only for its officer and for advisers); group B's journey is private to group B."""

from tests.matrix import Case, everyone, signed_in

# May see the journey (members; the adviser because it is supported; council A's officer because it is shared).
READ = signed_in(404, staff=200, member=200, officer=200, adviser=200)
# Members work on it; readers may see but not change it.
WORK = signed_in(404, staff=200, member=200, officer=403, adviser=403)
WORK_POST = signed_in(404, staff=302, member=302, officer=403, adviser=403)
# Only the lead manages members, sharing and evidence deletion.
LEAD = signed_in(404, staff=200, member=403, officer=403, adviser=403)
LEAD_POST = signed_in(404, staff=302, member=403, officer=403, adviser=403)
POST_ONLY = signed_in(405)
# The group's own data (subject access): its leads only. Members 403; everyone else 404, even the
# adviser and officer who may read the journey (the download holds the members' personal data).
GROUP_DATA = signed_in(404, staff=200, member=403)
# Deleting the group: its leads, or an administrator.
GROUP_DELETE = signed_in(404, staff=200, member=403, admin=200)


def a(world):
    return {"pk": world.objects["journey_a"].pk}


def with_a(**extra):
    def kwargs(world):
        return {"pk": world.objects["journey_a"].pk, **{k: v(world) for k, v in extra.items()}}

    return kwargs


TASK = with_a(task_pk=lambda w: w.objects["task_a"].pk)
EVIDENCE = with_a(evidence_pk=lambda w: w.objects["evidence_a"].pk)
MEMBER = with_a(membership_pk=lambda w: w.objects["member_a"].pk)
GATE = with_a(gate_pk=lambda w: w.objects["gate_a"].pk)
LINE = with_a(line_pk=lambda w: w.objects["finance_line_a"].pk)
DOWNSIDE = with_a(kind=lambda w: "downside")
RISK = with_a(risk_pk=lambda w: w.objects["risk_a"].pk)
BALLOT = with_a(ballot_pk=lambda w: w.objects["ballot_a"].pk)
DECISION = with_a(decision_pk=lambda w: w.objects["decision_a"].pk)
# The council's decisions: recorded, corrected and withdrawn by officers of council A (the journey is shared
# with it); others who may see the journey 403; everyone else 404.
COUNCIL = signed_in(404, staff=403, member=403, officer=200, adviser=403)
COUNCIL_POST = signed_in(404, staff=403, member=403, officer=302, adviser=403)
INVITATION = with_a(invitation_pk=lambda w: w.objects["invitation_a"].pk)
COMMENT = with_a(comment_pk=lambda w: w.objects["comment_a"].pk)
PRIVATE_COMMENT = with_a(comment_pk=lambda w: w.objects["comment_private_a"].pk)
# Everyone who may read the journey comments on it; only a comment's author (here the lead) changes it.
COMMENT_POST = signed_in(404, staff=302, member=302, officer=302, adviser=302)
AUTHOR = signed_in(404, staff=200, member=403, officer=403, adviser=403)
DUTY = with_a(duty_pk=lambda w: w.objects["duty_a"].pk)
# The contract and the registered mutual: recorded by leads from the transfer stage on. Journey A is at
# "Building support", so its lead gets 403 too (tests/journeys/test_after_launch.py covers the lead's 200).
AFTER_LAUNCH_EDIT = signed_in(404, staff=403, member=403, officer=403, adviser=403)

ROWS = [
    Case("journeys:list", signed_in(200)),
    Case("journeys:register", everyone(200)),
    Case(
        "journeys:invitation_accept",
        everyone(404),
        kwargs=lambda world: {"token": "forged-token"},
        label="forged token",
    ),
    Case(
        "journeys:invitation_accept",
        everyone(200),
        kwargs=lambda world: {"token": world.objects["invitation_token"]},
        label="valid token",
    ),
    Case("journeys:overview", READ, kwargs=a),
    Case(
        "journeys:overview",
        signed_in(404, other_staff=200),
        kwargs=lambda w: {"pk": w.objects["journey_b"].pk},
        label="private journey of group B",
    ),
    Case("journeys:timeline", READ, kwargs=a),
    # Change history: members, advisers (journey A is supported) and admins; not the council it is shared with.
    Case("journeys:history", signed_in(404, staff=200, member=200, officer=403, adviser=200, admin=200), kwargs=a),
    Case(
        "journeys:history",
        signed_in(404, other_staff=200, admin=200),
        kwargs=lambda w: {"pk": w.objects["journey_b"].pk},
        label="private journey of group B",
    ),
    Case("journeys:task", READ, kwargs=TASK),
    Case(
        "journeys:task",
        signed_in(404, staff=409, member=409, officer=403, adviser=403),
        kwargs=TASK,
        method="post",
        data={"status": "in_progress", "notes": "x", "version": 999},
        label="post a stale version: conflict page",
    ),
    Case(
        "journeys:task",
        WORK_POST,
        kwargs=TASK,
        method="post",
        data={"status": "in_progress", "notes": "x", "version": 1},
        label="post",
    ),
    Case("journeys:task_comments", READ, kwargs=TASK),
    Case("journeys:task_comments", COMMENT_POST, kwargs=TASK, method="post", data={"body": "A comment"}, label="post"),
    Case("journeys:plan_comments", READ, kwargs=with_a(topic=lambda w: "risks")),
    Case("journeys:plan_comments", signed_in(404), kwargs=with_a(topic=lambda w: "no-such-part"), label="unknown"),
    Case(
        "journeys:plan_comments",
        COMMENT_POST,
        kwargs=with_a(topic=lambda w: "financial-model"),
        method="post",
        data={"body": "A comment"},
        label="post",
    ),
    Case("journeys:comments", READ, kwargs=a),
    Case("journeys:comment_edit", AUTHOR, kwargs=COMMENT),
    # A comment for the group only: the adviser and the council cannot even see it.
    Case("journeys:comment_edit", signed_in(404, staff=200, member=403), kwargs=PRIVATE_COMMENT, label="group only"),
    Case("journeys:comment_delete", AUTHOR, kwargs=COMMENT),
    Case(
        "journeys:comment_delete",
        signed_in(404, staff=302, member=403, officer=403, adviser=403),
        kwargs=COMMENT,
        method="post",
        label="post",
    ),
    Case("journeys:evidence_upload", POST_ONLY, kwargs=TASK),
    Case("journeys:evidence_upload", WORK, kwargs=TASK, method="post", label="post without a file"),
    Case("journeys:evidence_download", READ, kwargs=EVIDENCE),
    Case("journeys:evidence_delete", LEAD, kwargs=EVIDENCE),
    Case("journeys:evidence_delete", LEAD_POST, kwargs=EVIDENCE, method="post", label="post"),
    Case("journeys:members", signed_in(404, staff=200, member=200, officer=403, adviser=403), kwargs=a),
    Case("journeys:member_invite", POST_ONLY, kwargs=a),
    Case(
        "journeys:member_invite",
        LEAD_POST,
        kwargs=a,
        method="post",
        data={"email": "colleague@example.test", "role": "member"},
        label="post",
    ),
    Case("journeys:member_promote", POST_ONLY, kwargs=MEMBER),
    Case("journeys:member_promote", LEAD_POST, kwargs=MEMBER, method="post", label="post"),
    Case("journeys:member_remove", LEAD, kwargs=MEMBER),
    Case("journeys:member_remove", LEAD_POST, kwargs=MEMBER, method="post", label="post"),
    # Cancelling or resending an invitation: the group's leads, by POST only.
    Case("journeys:invitation_cancel", POST_ONLY, kwargs=INVITATION),
    Case("journeys:invitation_cancel", LEAD_POST, kwargs=INVITATION, method="post", label="post"),
    Case("journeys:invitation_resend", POST_ONLY, kwargs=INVITATION),
    Case("journeys:invitation_resend", LEAD_POST, kwargs=INVITATION, method="post", label="post"),
    Case("journeys:sharing", LEAD, kwargs=a),
    Case("journeys:sharing", LEAD_POST, kwargs=a, method="post", data={"shared": "no"}, label="post"),
    Case("journeys:council_decisions", READ, kwargs=a),
    Case("journeys:council_decision_new", COUNCIL, kwargs=a),
    Case(
        "journeys:council_decision_new",
        COUNCIL_POST,
        kwargs=a,
        method="post",
        data={
            "kind": "admission_agreement",
            "decided_on_0": "1",
            "decided_on_1": "3",
            "decided_on_2": "2026",
            "decision_maker": "Pension fund committee",
        },
        label="post",
    ),
    Case("journeys:council_decision_edit", COUNCIL, kwargs=DECISION),
    Case(
        "journeys:council_decision_edit",
        COUNCIL_POST,
        kwargs=DECISION,
        method="post",
        data={
            "decided_on_0": "2",
            "decided_on_1": "2",
            "decided_on_2": "2026",
            "decision_maker": "Director of Property",
            "version": "1",
        },
        label="post",
    ),
    Case("journeys:council_decision_withdraw", COUNCIL, kwargs=DECISION),
    Case(
        "journeys:council_decision_withdraw",
        COUNCIL_POST,
        kwargs=DECISION,
        method="post",
        data={"reason": "Recorded in error", "version": "1"},
        label="post",
    ),
    Case("journeys:gate", READ, kwargs=a),
    Case("journeys:gate", LEAD, kwargs=a, method="post", label="post while a request waits: errors shown"),
    Case("journeys:gate_decide", signed_in(404, staff=403, member=403, officer=403, adviser=200), kwargs=GATE),
    Case(
        "journeys:gate_decide",
        signed_in(404, staff=403, member=403, officer=403, adviser=302),
        kwargs=GATE,
        method="post",
        data={"decision": "return", "comments": "Record the ballot"},
        label="post",
    ),
    Case("journeys:go_back", signed_in(404, staff=200, member=403, officer=403, adviser=200), kwargs=a),
    Case(
        "journeys:go_back",
        signed_in(404, staff=302, member=403, officer=403, adviser=302),
        kwargs=a,
        method="post",
        data={"reason": "Ballot failed"},
        label="post",
    ),
    Case("journeys:ballots", READ, kwargs=a),
    Case("journeys:ballot_new", WORK, kwargs=a),
    Case("journeys:ballot_edit", WORK, kwargs=BALLOT),
    Case("journeys:ballot_delete", WORK, kwargs=BALLOT),
    Case("journeys:ballot_delete", WORK_POST, kwargs=BALLOT, method="post", label="post"),
    Case("journeys:design", READ, kwargs=a),
    Case("journeys:design_edit", WORK, kwargs=a),
    Case(
        "journeys:design_edit",
        WORK_POST,
        kwargs=a,
        method="post",
        data={"legal_form": "CBS", "ownership_model": "MULTI_STAKEHOLDER"},
        label="post",
    ),
    Case("journeys:governance", READ, kwargs=a),
    Case("journeys:governance_edit", WORK, kwargs=a),
    Case("journeys:finance", READ, kwargs=a),
    Case("journeys:finance_assumptions", WORK, kwargs=a),
    Case(
        "journeys:finance_assumptions",
        signed_in(404, staff=409, member=409, officer=403, adviser=403),
        kwargs=a,
        method="post",
        data={"years": "3", "version": "999"},
        label="post a stale version: conflict page",
    ),
    Case(
        "journeys:finance_assumptions",
        WORK_POST,
        kwargs=a,
        method="post",
        data={"years": "4", "version": "1", "contract_price": "£1,200,000"},
        label="post",
    ),
    Case("journeys:finance_line_new", WORK, kwargs=a),
    Case("journeys:finance_line_edit", WORK, kwargs=LINE),
    Case("journeys:finance_line_delete", WORK, kwargs=LINE),
    Case("journeys:finance_line_delete", WORK_POST, kwargs=LINE, method="post", label="post"),
    Case("journeys:finance_download", READ, kwargs=a),
    Case("journeys:finance_upload", WORK, kwargs=a),
    Case("journeys:finance_upload", WORK, kwargs=a, method="post", label="post without a file"),
    Case("journeys:finance_scenarios", READ, kwargs=a),
    Case("journeys:finance_scenario_edit", WORK, kwargs=DOWNSIDE),
    Case(
        "journeys:finance_scenario_edit",
        WORK_POST,
        kwargs=DOWNSIDE,
        method="post",
        data={"contract_change": "-5%", "pay_award_change": "1", "other_income_change": "0", "cost_change": "0"},
        label="post",
    ),
    Case("journeys:risks", READ, kwargs=a),
    Case("journeys:risk_new", WORK, kwargs=a),
    Case("journeys:risk_edit", WORK, kwargs=RISK),
    Case("journeys:risk_delete", WORK, kwargs=RISK),
    Case("journeys:risk_delete", WORK_POST, kwargs=RISK, method="post", label="post"),
    Case("journeys:transfer", READ, kwargs=a),
    Case("journeys:transfer_edit", WORK, kwargs=a),
    Case("journeys:narrative", READ, kwargs=a),
    Case("journeys:narrative_docx", READ, kwargs=a),
    Case("journeys:narrative_edit", WORK, kwargs=with_a(section=lambda w: "options")),
    Case(
        "journeys:narrative_edit", signed_in(404), kwargs=with_a(section=lambda w: "no-such-section"), label="unknown"
    ),
    Case("journeys:reserved_check", READ, kwargs=a),
    Case("journeys:reserved_check", WORK, method="post", kwargs=a, label="post with nothing answered"),
    Case(
        "journeys:reserved_check",
        WORK_POST,
        method="post",
        kwargs=a,
        data={
            "reservable_service": "yes",
            "max_term_months": "36",
            "comparable_contract": "no",
            "public_service_purpose": "yes",
            "profit_basis": "yes",
            "employee_control": "not_known",
        },
        label="post",
    ),
    Case("groupdata:group_data", GROUP_DATA, kwargs=a),
    Case(
        "groupdata:group_data",
        signed_in(404, other_staff=200),
        kwargs=lambda w: {"pk": w.objects["journey_b"].pk},
        label="group B",
    ),
    Case("groupdata:group_data_download", GROUP_DATA, kwargs=a),
    Case("groupdata:group_delete", GROUP_DELETE, kwargs=a),
    Case(
        "groupdata:group_delete",
        GROUP_DELETE,
        kwargs=a,
        method="post",
        data={"name": "Not the group"},
        label="post the wrong name: errors shown",
    ),
    Case(
        "groupdata:group_delete",
        signed_in(404, staff=302, member=403, admin=302),
        kwargs=a,
        method="post",
        data={"name": "Group A"},
        label="post",
    ),
    # After launch (issue #22 point 9).
    Case("journeys:after_launch", READ, kwargs=a),
    Case("journeys:contract_edit", AFTER_LAUNCH_EDIT, kwargs=a),
    Case("journeys:registered_body_edit", AFTER_LAUNCH_EDIT, kwargs=a),
    Case("journeys:duty", READ, kwargs=DUTY),
    Case(
        "journeys:duty",
        WORK_POST,
        kwargs=DUTY,
        method="post",
        label="post",
        data={"owner": "", "notes": "Booked", "version": 1},
    ),
]
