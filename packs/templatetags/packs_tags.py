from django import template

from packs import access
from packs.models import BusinessPlanPack

register = template.Library()


@register.filter
def may_see_packs(journey_access) -> bool:
    """For the journey overview (journeys sit below packs): the rule in packs/access.py, not a copy."""
    return access.may_see_packs(journey_access)


@register.simple_tag
def latest_pack(journey_access):
    """The journey's latest ready pack, for the adviser's sign-off page (journeys sit below packs);
    None when there is none or when this person may not see the packs (packs/access.py)."""
    if not access.may_see_packs(journey_access):
        return None
    return (
        BusinessPlanPack.objects.filter(journey=journey_access.journey, status=BusinessPlanPack.Status.READY)
        .order_by("-version")
        .first()
    )
