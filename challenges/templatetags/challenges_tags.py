"""For the journey overview (journeys sit below challenges and never import them): the staff group's
expressions of interest under the Community Right to Challenge, by the rules in challenges/access.py."""

from django import template

from challenges import access

register = template.Library()


@register.inclusion_tag("challenges/includes/journey_eois.html")
def journey_challenges(journey_access):
    return {
        "journey": journey_access.journey,
        "eois": list(access.journey_eois(journey_access)),
        "can_start": access.can_start_from_journey(journey_access),
        "is_member": journey_access.is_member,
    }
