"""Demo data, rendered in-process: a ready business-plan pack for the Northbridge journey (lead@demo.test),
and both formats for Riverside (lead3@demo.test), whose business plan has every narrative section."""

from accounts.models import User
from journeys.models import Journey

from .models import BusinessPlanPack
from .services import pack_render_now


def seed(*, bodies, users, stdout):
    plans = [("lead@demo.test", [BusinessPlanPack.Format.BUSINESS_PLAN]), ("lead3@demo.test", BusinessPlanPack.Format)]
    for email, formats in plans:
        lead = users.get(email) or User.objects.filter(email=email).first()
        journey = Journey.objects.filter(group__memberships__user=lead).first() if lead else None
        if journey is None:
            continue
        for format in formats:
            ready = BusinessPlanPack.objects.filter(
                journey=journey, format=format, status=BusinessPlanPack.Status.READY
            )
            if not ready.exists():
                pack = pack_render_now(journey=journey, by=lead, format=format)
                stdout.write(f"  {pack.format_name} v{pack.version} for {journey.group.name}: {pack.status}\n")
