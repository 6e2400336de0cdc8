from tests.matrix import Case, everyone, signed_in

ADVISERS_ONLY = signed_in(403, adviser=200)
ADVISERS_SEE_REFERRALS = signed_in(404, adviser=200)
# Change history: advisers and admins; nobody else learns that the object exists.
HISTORY = signed_in(404, adviser=200, admin=200)


OUTCOME_READERS = signed_in(404, staff=200, member=200, adviser=200, officer=403)
BEFORE_SPIN_OUT = signed_in(404, staff=403, member=403, adviser=403, officer=403)


def outcome_a(world):
    return {"journey_pk": world.objects["journey_a"].pk, "year": world.objects["outcome_a"].year}


def referral(world):
    return {"pk": world.objects["referral"].pk}


def journey_a(world):
    return {"journey_pk": world.objects["journey_a"].pk}


ROWS = [
    Case("referrals:enquire", everyone(200)),
    Case("referrals:enquire", everyone(200), method="post", label="post with nothing typed shows errors"),
    # Without an enquiry sent from this browser there is nothing to confirm: back to the form.
    Case("referrals:confirmation", everyone(302)),
    Case("referrals:readiness", everyone(200)),
    Case("referrals:readiness", everyone(200), method="post", label="post with nothing answered shows errors"),
    # Without answers in this browser's session there is no result: back to the questions.
    Case("referrals:readiness_result", everyone(302)),
    Case("referrals:queue", ADVISERS_ONLY),
    Case("referrals:detail", ADVISERS_SEE_REFERRALS, kwargs=referral),
    Case("referrals:history", HISTORY, kwargs=referral),
    Case("referrals:assign", signed_in(404, adviser=302), kwargs=referral, method="post"),
    Case("referrals:assess", ADVISERS_SEE_REFERRALS, kwargs=referral),
    # The world's adviser assessed this referral: a second adviser moderates it, never the first.
    Case("referrals:moderate", signed_in(404, adviser=403), kwargs=referral, label="the adviser's own assessment"),
    Case(
        "referrals:moderate",
        ADVISERS_SEE_REFERRALS,
        kwargs=lambda world: {"pk": world.objects["referral_to_moderate"].pk},
        label="another adviser's assessment",
    ),
    Case(
        "referrals:moderate",
        ADVISERS_SEE_REFERRALS,
        kwargs=lambda world: {"pk": world.objects["referral_to_moderate"].pk},
        method="post",
        label="post with no reason shows errors",
    ),
    Case("referrals:accept", ADVISERS_SEE_REFERRALS, kwargs=referral),
    Case(
        "referrals:accept",
        signed_in(404, adviser=302),
        kwargs=referral,
        method="post",
        data={"parent_body": "", "group": ""},
        label="post with no group falls back to the referral's parent body",
    ),
    Case("referrals:signpost", ADVISERS_SEE_REFERRALS, kwargs=referral),
    Case("referrals:decline", ADVISERS_SEE_REFERRALS, kwargs=referral),
    Case("referrals:more_information", ADVISERS_SEE_REFERRALS, kwargs=referral),
    Case("referrals:pipeline", ADVISERS_ONLY),
    Case("referrals:pipeline_csv", ADVISERS_ONLY, kwargs=lambda world: {"table": "budget"}),
    Case(
        "referrals:pipeline_csv",
        signed_in(403, adviser=404),
        kwargs=lambda world: {"table": "nothing"},
        label="unknown table",
    ),
    Case("referrals:sign_offs", ADVISERS_ONLY),
    Case("referrals:allocations", ADVISERS_ONLY),
    # Group A's people (and council A's officer, with whom it is shared) see journey A but cannot fund it.
    Case(
        "referrals:allocate",
        signed_in(404, adviser=200, staff=403, member=403, officer=403),
        kwargs=journey_a,
    ),
    Case(
        "referrals:allocate",
        signed_in(404, other_staff=403),
        kwargs=lambda world: {"journey_pk": world.objects["journey_b"].pk},
        label="a journey outside the programme",
    ),
    Case(
        "referrals:allocation_subsidy",
        ADVISERS_SEE_REFERRALS,
        kwargs=lambda world: {"pk": world.objects["allocation_a"].pk},
    ),
    Case(
        "referrals:allocation_subsidy",
        signed_in(404, adviser=200),
        kwargs=lambda world: {"pk": world.objects["allocation_a"].pk},
        method="post",
        label="post with nothing typed shows errors",
    ),
    Case(
        "referrals:mfa_notification_pdf",
        ADVISERS_SEE_REFERRALS,
        kwargs=lambda world: {"pk": world.objects["allocation_a"].pk},
    ),
    # Allocation A is notified and not given yet: there is no MFA confirmation to print.
    Case(
        "referrals:mfa_confirmation_pdf",
        signed_in(404),
        kwargs=lambda world: {"pk": world.objects["allocation_a"].pk},
        label="not given yet",
    ),
    Case("referrals:allocation_history", HISTORY, kwargs=lambda world: {"pk": world.objects["allocation_a"].pk}),
    Case(
        "referrals:allocation_reverse",
        ADVISERS_SEE_REFERRALS,
        kwargs=lambda world: {"pk": world.objects["allocation_a"].pk},
    ),
    Case("referrals:outcomes_public", everyone(200)),
    # Journey A is supported and in Building support: its people and the adviser read its returns; the council
    # it is shared with may not (403); nobody sends one before spin-out (403).
    Case("referrals:outcome_returns", OUTCOME_READERS, kwargs=journey_a),
    Case("referrals:outcome_return_add", BEFORE_SPIN_OUT, kwargs=journey_a),
    Case("referrals:outcome_return_add", BEFORE_SPIN_OUT, kwargs=journey_a, method="post", label="post"),
    Case("referrals:outcome_return_edit", BEFORE_SPIN_OUT, kwargs=outcome_a),
    Case(
        "referrals:outcome_return_edit",
        signed_in(404, officer=403),
        kwargs=lambda world: {**journey_a(world), "year": world.objects["outcome_a"].year + 1},
        label="a year with no return",
    ),
    Case(
        "referrals:outcome_returns",
        signed_in(404),
        kwargs=lambda world: {"journey_pk": world.objects["journey_b"].pk},
        label="a journey outside the programme",
    ),
]

# Mentoring. Journey A (group A's, supported, shared with council A) has a mentor from another mutual; another
# supported journey waits for one. Anyone with a staff account may offer to mentor; advisers approve and match.
STAFF_ACCOUNTS = signed_in(403, staff=200, member=200, other_staff=200)
# Journey A's mentoring page: its people and the adviser (and its mentor: tests/programme/test_mentoring.py);
# the council it is shared with 403; everyone else 404.
MENTORING = signed_in(404, staff=200, member=200, adviser=200, officer=403)
JOURNEY_A_READERS_403 = signed_in(404, staff=403, member=403, adviser=403, officer=403)


def mentoring_waiting(world):
    return {"pk": world.objects["mentoring_waiting"].pk}


def approved_offer(world):
    return {"pk": world.objects["mentoring_a"].offer_id}


def declined_offer(world):
    return {"pk": world.objects["offer_declined"].pk}


ROWS += [
    Case("referrals:mentor_offer", STAFF_ACCOUNTS),
    Case(
        "referrals:mentor_offer",
        STAFF_ACCOUNTS,
        method="post",
        label="post with nothing typed shows errors",
    ),
    Case("referrals:mentoring", ADVISERS_ONLY),
    Case(
        "referrals:mentor_offer_decide",
        ADVISERS_SEE_REFERRALS,
        kwargs=lambda world: {"pk": world.objects["offer_pending"].pk},
    ),
    Case(
        "referrals:mentor_offer_decide",
        ADVISERS_SEE_REFERRALS,
        kwargs=lambda world: {"pk": world.objects["offer_pending"].pk},
        method="post",
        label="post with no decision shows errors",
    ),
    Case("referrals:mentor_offer_history", HISTORY, kwargs=lambda world: {"pk": world.objects["offer_pending"].pk}),
    # Withdrawing an approval: advisers (the offer's own mentor 403: tests/programme/test_mentoring.py).
    Case("referrals:mentor_offer_withdraw", ADVISERS_SEE_REFERRALS, kwargs=approved_offer),
    Case(
        "referrals:mentor_offer_withdraw",
        ADVISERS_SEE_REFERRALS,
        kwargs=approved_offer,
        method="post",
        label="post with no reason shows errors",
    ),
    Case(
        "referrals:mentor_offer_withdraw",
        signed_in(404, adviser=302),
        kwargs=lambda world: {"pk": world.objects["offer_pending"].pk},
        label="not approved: back to the offer",
    ),
    # Approving again an offer not approved or withdrawn: advisers; everyone else, its mentor too, 404.
    Case("referrals:mentor_offer_reapprove", ADVISERS_SEE_REFERRALS, kwargs=declined_offer),
    Case(
        "referrals:mentor_offer_reapprove",
        ADVISERS_SEE_REFERRALS,
        kwargs=declined_offer,
        method="post",
        label="post with no reason shows errors",
    ),
    Case(
        "referrals:mentor_offer_reapprove",
        signed_in(404, adviser=302),
        kwargs=lambda world: {"pk": world.objects["offer_pending"].pk},
        label="waiting for a decision: back to the offer",
    ),
    Case(
        "referrals:mentor_offer_reapprove",
        signed_in(404, adviser=302),
        kwargs=approved_offer,
        label="approved: back to the offer",
    ),
    Case("referrals:mentoring_match", ADVISERS_SEE_REFERRALS, kwargs=mentoring_waiting),
    Case(
        "referrals:mentoring_match",
        ADVISERS_SEE_REFERRALS,
        kwargs=mentoring_waiting,
        method="post",
        label="post with no mentor chosen shows errors",
    ),
    Case(
        "referrals:mentoring_match",
        signed_in(404, adviser=302),
        kwargs=lambda world: {"pk": world.objects["mentoring_a"].pk},
        label="matched already: back to its page",
    ),
    Case("referrals:journey_mentoring", MENTORING, kwargs=journey_a),
    Case(
        "referrals:journey_mentoring",
        signed_in(404),
        kwargs=lambda world: {"journey_pk": world.objects["journey_b"].pk},
        label="a journey outside the programme",
    ),
    # Journey A has a mentor already: nobody asks for another.
    Case("referrals:mentoring_request", JOURNEY_A_READERS_403, kwargs=journey_a),
    # Members who may work on the journey log meetings (and its mentor).
    Case(
        "referrals:mentoring_meeting_new",
        signed_in(404, staff=200, member=200, adviser=403, officer=403),
        kwargs=journey_a,
    ),
    Case(
        "referrals:mentoring_meeting_new",
        signed_in(404, staff=200, member=200, adviser=403, officer=403),
        kwargs=journey_a,
        method="post",
        label="post with nothing typed shows errors",
    ),
    # Only the mentor writes the mentor's note.
    Case("referrals:mentoring_note", JOURNEY_A_READERS_403, kwargs=journey_a),
    # The lead, the adviser (and the mentor) end it.
    Case("referrals:mentoring_end", signed_in(404, staff=200, member=403, adviser=200, officer=403), kwargs=journey_a),
    Case(
        "referrals:mentoring_end",
        signed_in(404, staff=302, member=403, adviser=302, officer=403),
        kwargs=journey_a,
        method="post",
        data={"reason": "", "version": "2"},
        label="post ends it",
    ),
    Case("referrals:mentoring_history", HISTORY, kwargs=journey_a),
]
