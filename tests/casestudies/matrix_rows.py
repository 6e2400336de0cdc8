from tests.matrix import LOGIN, Case, everyone, signed_in


def slug_of(key):
    return lambda world: {"slug": world.objects[key].slug}


# Only advisers and admins moderate; a contributor may see (not moderate) their own draft.
ROWS = [
    Case("casestudies:list", everyone(200)),
    Case(
        "casestudies:list",
        everyone(200),
        data={"q": "'\"<b>", "legal_form": "NOPE", "page": "999"},
        label="bad input",
    ),
    Case("casestudies:map", everyone(200)),
    Case("casestudies:export_csv", everyone(200)),
    Case("casestudies:export_json", everyone(200)),
    Case("casestudies:detail", everyone(200), kwargs=slug_of("cs_published"), label="published"),
    Case(
        "casestudies:detail",
        everyone(404, staff=200, adviser=200, admin=200),
        kwargs=slug_of("cs_draft"),
        label="draft",
    ),
    Case("casestudies:moderation", signed_in(403, adviser=200, admin=200)),
    Case("casestudies:create", signed_in(403, adviser=200, admin=200)),
    Case("casestudies:edit", signed_in(403, adviser=200, admin=200), kwargs=slug_of("cs_published"), label="published"),
    Case(
        "casestudies:edit",
        signed_in(404, staff=200, adviser=200, admin=200),
        kwargs=slug_of("cs_draft"),
        label="own draft",
    ),
    Case(
        "casestudies:edit",
        signed_in(404, other_staff=403, adviser=200, admin=200),
        kwargs=slug_of("cs_in_review"),
        label="in review",
    ),
    Case(
        "casestudies:review",
        signed_in(404, other_staff=403, adviser=200, admin=200),
        kwargs=slug_of("cs_in_review"),
        label="in review",
    ),
    Case(
        "casestudies:publish",
        signed_in(405),
        kwargs=slug_of("cs_in_review"),
        label="get is refused",
    ),
    Case(
        "casestudies:publish",
        signed_in(404, other_staff=403, adviser=302, admin=302),
        kwargs=slug_of("cs_in_review"),
        method="post",
        label="in review",
    ),
    Case(
        "casestudies:return",
        signed_in(404, other_staff=403, adviser=302, admin=302),
        kwargs=slug_of("cs_in_review"),
        method="post",
        data={"return-note": "Please add your sources."},
        label="in review",
    ),
    Case(
        "casestudies:submit",
        signed_in(404, staff=302, adviser=302, admin=302),
        kwargs=slug_of("cs_draft"),
        method="post",
        label="own draft",
    ),
    Case(
        "casestudies:submit",
        everyone(403, anonymous=LOGIN),
        kwargs=slug_of("cs_published"),
        method="post",
        label="published",
    ),
]


def group_draft(world):
    """A draft contributed from group B's journey by another of its members (made for the row only:
    group B's journey stays free for the contribution tests)."""
    from casestudies.models import CaseStudy
    from tests.casestudies.factories import CaseStudyFactory
    from tests.factories import MembershipFactory

    draft = CaseStudyFactory(
        name="Matrix Group Draft",
        slug="matrix-group-draft",
        status=CaseStudy.Status.DRAFT,
        contributed_by=MembershipFactory(group=world.objects["group_b"], user__email="writer-b@example.test").user,
        journey=world.objects["journey_b"],
    )
    return {"slug": draft.slug}


# A draft contributed from group B's journey by another of its members: group B's lead sees it and
# may take it over (by POST); advisers see it but only the group's leads take it over.
ROWS += [
    Case(
        "casestudies:detail",
        everyone(404, other_staff=200, adviser=200, admin=200),
        kwargs=group_draft,
        label="group's draft",
    ),
    Case("casestudies:take_over", signed_in(405), kwargs=group_draft, label="get is refused"),
    Case(
        "casestudies:take_over",
        signed_in(404, other_staff=302, adviser=403, admin=403),
        kwargs=group_draft,
        method="post",
        label="group's draft",
    ),
    Case(
        "casestudies:take_over",
        signed_in(403, anonymous=LOGIN),
        kwargs=slug_of("cs_published"),
        method="post",
        label="published",
    ),
]

# Group A's journey is at "support", not "spun_out": those who can see it may not contribute yet.
ROWS.append(
    Case(
        "casestudies:contribute",
        signed_in(404, staff=403, member=403, officer=403, adviser=403),
        kwargs=lambda world: {"journey_pk": world.objects["journey_a"].pk},
        label="journey not spun out",
    )
)
