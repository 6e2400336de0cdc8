from challenges.models import RejectionGround
from tests.matrix import Case, everyone, signed_in


def obj(name, kwarg="pk"):
    return lambda world: {kwarg: world.objects[name].pk}


# Officer pages: other roles 403; the other council's officer sees none of council A's objects (404).
OFFICER_ONLY = signed_in(403, officer=200, other_officer=200)
OFFICER_A = signed_in(403, officer=200, other_officer=404)
OFFICER_A_POST = signed_in(403, officer=302, other_officer=404)
# Body pages: only relevant bodies; another body's EOI is 404.
BODY_ONLY = signed_in(403, body=200)
BODY_POST = signed_in(403, body=302)

REJECT_R9 = {
    "outcome": "REJECTED",
    "grounds": [RejectionGround.R9_FRIVOLOUS.value],
    "reasons": "Vexatious.",
    "wellbeing_considered": "on",
    "decision_maker": "Sam Patel, Head of Commissioning",
    "delegated_authority": "Officer scheme of delegation, paragraph 4.2",
}

ROWS = [
    # Public pages
    Case("challenges:register", everyone(200)),
    Case("challenges:register_csv", everyone(200)),
    Case("challenges:register_json", everyone(200)),
    Case("challenges:service_list", everyone(200)),
    Case("challenges:service_detail", everyone(200), kwargs=obj("service_a"), label="published"),
    Case("challenges:service_detail", everyone(404, officer=200), kwargs=obj("hidden_service_a"), label="unpublished"),
    Case("challenges:body_signup", everyone(302, anonymous=200)),
    # Relevant bodies
    Case("challenges:my_eois", BODY_ONLY),
    Case("challenges:eoi_start", BODY_ONLY, kwargs=obj("service_a"), label="the empty form"),
    Case(
        "challenges:eoi_start",
        BODY_POST,
        kwargs=obj("service_a"),
        method="post",
        data={"token": "", "financial_resources": "Reserves."},
    ),
    Case("challenges:my_eoi_detail", BODY_ONLY, kwargs=obj("received_a")),
    Case("challenges:eoi_sent", BODY_ONLY, kwargs=obj("received_a")),
    Case("challenges:my_eoi_detail", signed_in(403, body=404), kwargs=obj("other_body_eoi"), label="other body"),
    Case("challenges:eoi_edit", BODY_ONLY, kwargs=obj("draft_a"), label="draft"),
    Case("challenges:eoi_edit", signed_in(403), kwargs=obj("received_a"), label="submitted"),
    Case("challenges:eoi_partner_add", BODY_ONLY, kwargs=obj("draft_a")),
    Case(
        "challenges:eoi_partner_remove",
        BODY_POST,
        kwargs=lambda world: {"pk": world.objects["draft_a"].pk, "partner_pk": world.objects["partner_a"].pk},
        method="post",
    ),
    Case("challenges:eoi_check", BODY_ONLY, kwargs=obj("draft_a")),
    Case("challenges:eoi_check", signed_in(403, body=404), kwargs=obj("other_body_eoi"), label="other body"),
    Case("challenges:eoi_submit", BODY_POST, kwargs=obj("draft_a"), method="post"),
    Case("challenges:eoi_withdraw", BODY_ONLY, kwargs=obj("received_a")),
    Case("challenges:eoi_withdraw", BODY_POST, kwargs=obj("received_a"), method="post", label="post"),
    # Officers' workspace
    Case("challenges:eoi_list", OFFICER_ONLY),
    Case("challenges:eoi_export", OFFICER_ONLY),
    Case("challenges:eoi_review", OFFICER_A, kwargs=obj("received_a")),
    Case("challenges:eoi_review", signed_in(403, officer=404, other_officer=404), kwargs=obj("draft_a"), label="draft"),
    Case(
        "challenges:eoi_review",
        signed_in(403, officer=404, other_officer=200),
        kwargs=obj("received_b"),
        label="council B",
    ),
    # Change history: the council's officers, admins, and the body that sent the EOI.
    Case(
        "challenges:eoi_history",
        signed_in(403, officer=200, other_officer=404, body=200, admin=200),
        kwargs=obj("received_a"),
    ),
    Case(
        "challenges:eoi_history",
        signed_in(403, officer=404, other_officer=404, body=200, admin=200),
        kwargs=obj("draft_a"),
        label="draft",
    ),
    Case(
        "challenges:eoi_history",
        signed_in(403, officer=200, other_officer=404, body=404, admin=200),
        kwargs=obj("other_body_eoi"),
        label="other body",
    ),
    Case("challenges:eoi_acknowledge", OFFICER_A_POST, kwargs=obj("received_a"), method="post"),
    Case("challenges:eoi_acknowledge", signed_in(405), kwargs=obj("received_a"), label="get is refused"),
    Case("challenges:eoi_start_review", OFFICER_A_POST, kwargs=obj("received_a"), method="post"),
    Case("challenges:eoi_decide", OFFICER_A, kwargs=obj("review_a")),
    Case(
        "challenges:eoi_decide",
        OFFICER_A_POST,
        kwargs=obj("review_a"),
        method="post",
        data=REJECT_R9,
        label="reject on R9",
    ),
    Case("challenges:conflict_declare", OFFICER_A, kwargs=obj("received_a")),
    Case("challenges:eoi_link_service", OFFICER_A, kwargs=obj("unlisted_eoi_a")),
    Case("challenges:eoi_consider_outside_period", OFFICER_A_POST, kwargs=obj("late_eoi_a"), method="post"),
    Case("challenges:eoi_start_unlisted", BODY_ONLY),
    Case("challenges:eoi_record_received", OFFICER_ONLY),
    Case("challenges:info_request", OFFICER_A, kwargs=obj("received_a")),
    Case(
        "challenges:info_answer",
        BODY_ONLY,
        kwargs=lambda world: {"pk": world.objects["received_a"].pk, "request_pk": world.objects["info_a"].pk},
    ),
    Case("challenges:eoi_original", OFFICER_A, kwargs=obj("recorded_eoi_a")),
    # Documents: the body adds them to its draft, an officer to an EOI the council recorded from email or post.
    Case("challenges:attachment_add", signed_in(403, body=200, officer=404, other_officer=404), kwargs=obj("draft_a")),
    Case(
        "challenges:attachment_add",
        signed_in(403, body=403, officer=403, other_officer=404),
        kwargs=obj("received_a"),
        label="sent online: nobody adds",
    ),
    Case(
        "challenges:attachment_add",
        signed_in(403, body=404, officer=200, other_officer=404),
        kwargs=obj("recorded_eoi_a"),
        label="recorded",
    ),
    Case(
        "challenges:attachment_download",
        signed_in(403, body=200, officer=200, other_officer=404),
        kwargs=lambda world: {
            "pk": world.objects["received_a"].pk,
            "attachment_pk": world.objects["received_doc_a"].pk,
        },
    ),
    Case(
        "challenges:attachment_download",
        signed_in(403, body=200, officer=404, other_officer=404),
        kwargs=lambda world: {"pk": world.objects["draft_a"].pk, "attachment_pk": world.objects["draft_doc_a"].pk},
        label="draft",
    ),
    Case(
        "challenges:attachment_download",
        signed_in(403, body=404, officer=404, other_officer=404),
        kwargs=lambda world: {"pk": world.objects["received_a"].pk, "attachment_pk": world.objects["draft_doc_a"].pk},
        label="another EOI's document",
    ),
    Case(
        "challenges:attachment_remove",
        BODY_POST,
        kwargs=lambda world: {"pk": world.objects["draft_a"].pk, "attachment_pk": world.objects["draft_doc_a"].pk},
        method="post",
    ),
    Case("challenges:eoi_decision_date", OFFICER_A, kwargs=obj("received_a")),
    # A staff group's EOI: its journey's lead starts it; the group's members follow it; the council handles it.
    Case(
        "challenges:journey_eoi_start",
        signed_in(404, staff=200, member=403, officer=403, adviser=403),
        kwargs=lambda world: {"journey_pk": world.objects["journey_a"].pk},
    ),
    Case(
        "challenges:my_eoi_detail",
        signed_in(403, staff=200, member=200, body=404),
        kwargs=obj("staff_eoi_a"),
        label="a staff group's",
    ),
    Case("challenges:eoi_review", OFFICER_A, kwargs=obj("staff_eoi_a"), label="a staff group's"),
    Case("challenges:procurement_record", OFFICER_A, kwargs=obj("accepted_eoi_a")),
    Case(
        "challenges:procurement_record",
        signed_in(403, other_officer=404),
        kwargs=obj("received_a"),
        label="not accepted",
    ),
    Case("challenges:procurement_result", OFFICER_A, kwargs=obj("procurement_eoi_a")),
    Case(
        "challenges:procurement_result",
        signed_in(403, other_officer=404),
        kwargs=obj("accepted_eoi_a"),
        label="no procurement yet",
    ),
    Case("challenges:decision_publish", OFFICER_A, kwargs=obj("unpublished_decision_a"), label="check page"),
    Case("challenges:decision_publish", OFFICER_A_POST, kwargs=obj("unpublished_decision_a"), method="post"),
    Case("challenges:decision_correct", OFFICER_A, kwargs=obj("published_decision_a")),
    Case(
        "challenges:decision_correct",
        signed_in(403, other_officer=404),
        kwargs=obj("unpublished_decision_a"),
        label="unpublished",
    ),
    Case("challenges:notice_retry", OFFICER_A_POST, kwargs=obj("published_decision_a"), method="post"),
    Case(
        "challenges:notice_download",
        signed_in(403, officer=200, other_officer=404, body=200),
        kwargs=obj("published_decision_a"),
    ),
    Case(
        "challenges:notice_download",
        signed_in(403, officer=404, other_officer=404, body=404),
        kwargs=obj("unpublished_decision_a"),
        label="unpublished",
    ),
    # Officers: services and settings
    Case("challenges:officer_services", OFFICER_ONLY),
    Case("challenges:service_create", OFFICER_ONLY),
    Case("challenges:council_settings", OFFICER_ONLY),
    Case("challenges:service_edit", OFFICER_A, kwargs=obj("service_a")),
    Case("challenges:service_history", OFFICER_A, kwargs=obj("service_a")),
    Case("challenges:window_add", OFFICER_A, kwargs=obj("hidden_service_a")),
    Case(
        "challenges:window_delete",
        OFFICER_A_POST,
        kwargs=lambda world: {"pk": world.objects["hidden_service_a"].pk, "window_pk": world.objects["window_a"].pk},
        method="post",
    ),
    Case("challenges:intention_publish", OFFICER_A, kwargs=obj("service_a")),
    Case(
        "challenges:intention_withdraw",
        OFFICER_A_POST,
        kwargs=lambda world: {"pk": world.objects["service_a"].pk, "intention_pk": world.objects["intention_a"].pk},
        method="post",
    ),
]
