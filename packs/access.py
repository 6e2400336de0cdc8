"""Who may see and request business-plan packs. The only place for these rules.

Members of the group, and advisers of a journey in the Support Programme, see the packs; only
members request them. An officer who may read a shared journey gets 403 (packs are not shared);
anyone who cannot see the journey gets 404. Files are served only through `pack_download`.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from journeys.access import JourneyAccess, get_journey_for_user, journeys_visible_to
from journeys.models import Membership

from .models import BusinessPlanPack


def packs_visible_to(user):
    """The packs of the journeys the user sees (journeys.access), less those an officer sees only
    because the group shared its journey with the council: packs are not shared."""
    journeys = journeys_visible_to(user)
    if not user.is_authenticated:
        return BusinessPlanPack.objects.none()
    if not user.is_adviser:
        journeys = journeys.filter(group__in=Membership.objects.filter(user=user).values("group"))
    return BusinessPlanPack.objects.filter(journey__in=journeys.values("pk"))


def may_see_packs(access: JourneyAccess) -> bool:
    return access.is_member or access.is_adviser


def may_request(access: JourneyAccess) -> bool:
    return access.is_member


def get_packs_access(user, journey_pk) -> JourneyAccess:
    """The journey's access for the packs pages: 404 if the journey is hidden, 403 if only the packs are."""
    access = get_journey_for_user(user, journey_pk)
    if not may_see_packs(access):
        raise PermissionDenied
    return access


def get_pack_for_user(user, journey_pk, pack_pk) -> tuple[JourneyAccess, BusinessPlanPack]:
    access = get_packs_access(user, journey_pk)
    pack = BusinessPlanPack.objects.filter(pk=pack_pk, journey=access.journey).first()
    if pack is None:
        raise Http404("No such pack")
    pack.journey = access.journey
    return access, pack


def notification_targets(user) -> list:
    """For the inbox: notifications about a pack show only while its recipient may see the packs."""
    return [(BusinessPlanPack, lambda: packs_visible_to(user))]


def can_see(user, obj) -> bool:
    """For the notification service: may `user` see this pack?"""
    return isinstance(obj, BusinessPlanPack) and packs_visible_to(user).filter(pk=obj.pk).exists()
