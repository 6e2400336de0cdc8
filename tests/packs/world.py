"""Packs for the permission matrix: a ready and a failed pack of group A's journey, a ready pack of group B's."""

from django.core.files.base import ContentFile

from packs.models import BusinessPlanPack

PDF = b"%PDF-1.7\n% matrix pack\n%%EOF\n"


def _pack(journey, version, status, by):
    pack = BusinessPlanPack.objects.create(
        journey=journey, version=version, status=status, requested_by=by, source_hash=f"hash-{version}"
    )
    if status == BusinessPlanPack.Status.READY:
        pack.file.save("pack.pdf", ContentFile(PDF), save=False)
        pack.page_count, pack.file_size = 1, len(PDF)
        pack.save()
    else:
        pack.error = "Something in the plan data could not be laid out."
        pack.save(update_fields=["error"])
    return pack


def extend(world):
    journey_a, journey_b = world.objects["journey_a"], world.objects["journey_b"]
    world.objects.update(
        pack_a=_pack(journey_a, 1, BusinessPlanPack.Status.READY, world.user("staff")),
        failed_pack_a=_pack(journey_a, 2, BusinessPlanPack.Status.FAILED, world.user("member")),
        pack_b=_pack(journey_b, 1, BusinessPlanPack.Status.READY, world.user("other_staff")),
    )
