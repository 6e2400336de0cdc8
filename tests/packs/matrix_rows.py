"""Business-plan packs: members of the group and advisers of a supported journey see them; members request.

Group A's journey is supported and shared with council A: its officer may read the journey but not its
packs (403). Group B's journey is private to group B.
"""

from tests.matrix import Case, signed_in

SEE = signed_in(404, staff=200, member=200, officer=403, adviser=200)
REQUEST = signed_in(404, staff=302, member=302, officer=403, adviser=403)
GROUP_B_ONLY = signed_in(404, other_staff=200)


def journey(key):
    return lambda w: {"pk": w.objects[key].pk}


def pack(journey_key, pack_key):
    return lambda w: {"pk": w.objects[journey_key].pk, "pack_pk": w.objects[pack_key].pk}


BOTH = {"formats": ["business_plan", "decision_paper"]}

ROWS = [
    Case("packs:list", SEE, kwargs=journey("journey_a")),
    Case("packs:list", GROUP_B_ONLY, kwargs=journey("journey_b"), label="private journey of group B"),
    Case("packs:request", signed_in(405), kwargs=journey("journey_a")),
    Case("packs:request", REQUEST, kwargs=journey("journey_a"), method="post", label="post", data=BOTH),
    Case(
        "packs:request",
        signed_in(404, other_staff=302),
        kwargs=journey("journey_b"),
        method="post",
        label="post to group B's journey",
        data=BOTH,
    ),
    Case("packs:retry", signed_in(405), kwargs=pack("journey_a", "failed_pack_a")),
    Case("packs:retry", REQUEST, kwargs=pack("journey_a", "failed_pack_a"), method="post", label="post"),
    Case("packs:download", SEE, kwargs=pack("journey_a", "pack_a")),
    Case("packs:page", SEE, kwargs=pack("journey_a", "pack_a")),
    Case("packs:page", GROUP_B_ONLY, kwargs=pack("journey_b", "pack_b"), label="group B's pack"),
    Case(
        "packs:page",
        signed_in(404, officer=403),
        kwargs=lambda w: {"pk": w.objects["journey_a"].pk, "pack_pk": w.objects["pack_b"].pk},
        label="group B's pack through group A's journey",
    ),
    Case("packs:download", GROUP_B_ONLY, kwargs=pack("journey_b", "pack_b"), label="group B's pack"),
    Case(
        "packs:download",
        signed_in(404, officer=403),
        kwargs=lambda w: {"pk": w.objects["journey_a"].pk, "pack_pk": w.objects["pack_b"].pk},
        label="group B's pack through group A's journey",
    ),
]
