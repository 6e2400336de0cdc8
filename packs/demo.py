"""Demo data: a ready business-plan pack for the Northbridge journey (lead@demo.test), rendered in-process."""

from journeys.models import Journey

from .models import BusinessPlanPack
from .services import pack_render_now


def seed(*, bodies, users, stdout):
    lead = users["lead@demo.test"]
    journey = Journey.objects.filter(group__memberships__user=lead).first()
    if journey is None:
        return
    if not BusinessPlanPack.objects.filter(journey=journey, status=BusinessPlanPack.Status.READY).exists():
        pack = pack_render_now(journey=journey, by=lead)
        stdout.write(f"  Business-plan pack v{pack.version} for {journey.group.name}: {pack.status}\n")
