"""The API's URLs for every role. Scoped endpoints answer anonymous clients with a JSON 403
(an API never redirects to a login page); someone outside the scope gets 404."""

from tests.matrix import Case, everyone

V1 = {"version": "v1"}
SIGNED_IN_JSON = everyone(200, anonymous=403)
OFFICERS_ONLY = everyone(403, officer=200, other_officer=200)

ROWS = [
    Case("api-schema", everyone(200)),
    Case("api-docs", everyone(200)),
    Case("performance", everyone(200)),
    Case("performance_csv", everyone(200)),
    Case("api-root", everyone(200), kwargs=lambda world: V1),
    Case("api-case-study-list", everyone(200), kwargs=lambda world: V1),
    Case(
        "api-case-study-detail",
        everyone(200),
        kwargs=lambda world: {**V1, "slug": world.objects["cs_published"].slug},
        label="published",
    ),
    # The API publishes only published case studies, even to their contributor or a moderator.
    Case(
        "api-case-study-detail",
        everyone(404),
        kwargs=lambda world: {**V1, "slug": world.objects["cs_draft"].slug},
        label="draft",
    ),
    Case("api-decision-list", everyone(200), kwargs=lambda world: V1),
    Case("api-service-list", everyone(200), kwargs=lambda world: V1),
    Case("api-stage-list", everyone(200), kwargs=lambda world: V1),
    Case("api-enumerations", everyone(200), kwargs=lambda world: V1),
    Case("api-outcome-list", everyone(200), kwargs=lambda world: V1),
    Case("api-journey-list", SIGNED_IN_JSON, kwargs=lambda world: V1),
    # Group A's journey: its members, the adviser (it is supported) and council A's officer
    # (it is shared with the council) see it; nobody else.
    Case(
        "api-journey-detail",
        everyone(404, anonymous=403, staff=200, member=200, officer=200, adviser=200),
        kwargs=lambda world: {**V1, "pk": world.objects["journey_a"].pk},
        label="group A",
    ),
    Case("api-council-eoi-list", OFFICERS_ONLY, kwargs=lambda world: V1),
    Case(
        "api-council-eoi-detail",
        everyone(403, officer=200, other_officer=404),
        kwargs=lambda world: {**V1, "pk": world.objects["received_a"].pk},
        label="council A's",
    ),
    Case(
        "api-council-eoi-detail",
        everyone(403, officer=404, other_officer=404),
        kwargs=lambda world: {**V1, "pk": world.objects["draft_a"].pk},
        label="a draft is never the council's",
    ),
]
