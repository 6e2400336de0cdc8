from django import template

from packs import access

register = template.Library()


@register.filter
def may_see_packs(journey_access) -> bool:
    """For the journey overview (journeys sit below packs): the rule in packs/access.py, not a copy."""
    return access.may_see_packs(journey_access)
