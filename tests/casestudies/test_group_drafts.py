"""A case study contributed from a journey follows the staff group's membership (pen test #16,
point 4): a member removed from the group loses the draft; a lead of the group can take it over."""

import pytest
from django.urls import reverse

from casestudies import access
from casestudies.models import CaseStudy
from journeys import services as journey_services
from journeys.models import JourneyEvent, Membership
from notifications.models import Notification
from notifications.services import notify
from tests.casestudies.factories import CaseStudyFactory
from tests.factories import MembershipFactory, UserFactory
from tests.journeys.factories import make_journey

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(journey):
    return MembershipFactory(group=journey.group, user__full_name="Wren Writer").user


@pytest.fixture
def draft(journey, writer):
    return CaseStudyFactory(
        name="Our Mutual", slug="our-mutual", status=CaseStudy.Status.DRAFT, contributed_by=writer, journey=journey
    )


def _remove(journey, person, by):
    journey_services.membership_remove(membership=Membership.objects.get(group=journey.group, user=person), by=by)


def test_a_removed_member_loses_their_draft(client, journey, lead, writer, draft):
    client.force_login(writer)
    assert client.get(reverse("casestudies:detail", args=[draft.slug])).status_code == 200  # now cached
    assert client.get(reverse("casestudies:edit", args=[draft.slug])).status_code == 200

    _remove(journey, writer, lead)

    assert client.get(reverse("casestudies:detail", args=[draft.slug])).status_code == 404
    assert client.get(reverse("casestudies:edit", args=[draft.slug])).status_code == 404
    response = client.post(
        reverse("casestudies:edit", args=[draft.slug]), {"name": "Defaced", "summary": "x", "service_area": "libraries"}
    )
    assert response.status_code == 404
    assert client.post(reverse("casestudies:submit", args=[draft.slug])).status_code == 404
    draft.refresh_from_db()
    assert (draft.name, draft.status) == ("Our Mutual", CaseStudy.Status.DRAFT)
    assert not access.visible_to(writer).filter(pk=draft.pk).exists()


def test_a_removed_member_is_no_longer_told_about_the_draft(client, journey, lead, writer, draft):
    notify(recipient=writer, event="casestudies.moderated", obj=draft, message="Our Mutual was returned to you")
    _remove(journey, writer, lead)
    client.force_login(writer)
    assert "Our Mutual was returned" not in client.get(reverse("notifications:inbox")).content.decode()
    assert not Notification.objects.filter(recipient=writer).exists()


def test_a_case_study_not_from_a_journey_stays_with_its_contributor(client, writer):
    own = CaseStudyFactory(slug="independent", status=CaseStudy.Status.DRAFT, contributed_by=writer)
    Membership.objects.filter(user=writer).delete()
    client.force_login(writer)
    assert client.get(reverse("casestudies:edit", args=[own.slug])).status_code == 200


def test_a_lead_takes_over_the_draft_of_a_member_who_left(client, journey, lead, writer, draft):
    _remove(journey, writer, lead)
    client.force_login(lead)
    page = client.get(reverse("casestudies:detail", args=[draft.slug])).content.decode()
    assert "Take over this draft" in page
    assert client.get(reverse("casestudies:edit", args=[draft.slug])).status_code == 403  # not theirs yet

    response = client.post(reverse("casestudies:take_over", args=[draft.slug]))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.contributed_by == lead
    event = journey.events.filter(kind=JourneyEvent.Kind.SETTINGS).first()
    assert event.actor == lead
    assert event.summary == f"{lead.full_name} took over the case study Our Mutual from Wren Writer"
    assert client.get(reverse("casestudies:edit", args=[draft.slug])).status_code == 200
    assert "Take over this draft" not in client.get(reverse("casestudies:detail", args=[draft.slug])).content.decode()
    assert client.post(reverse("casestudies:submit", args=[draft.slug])).status_code == 302


def test_a_lead_may_take_over_from_a_member_still_in_the_group(client, journey, lead, writer, draft):
    client.force_login(lead)
    assert client.post(reverse("casestudies:take_over", args=[draft.slug])).status_code == 302
    client.force_login(writer)
    assert client.get(reverse("casestudies:edit", args=[draft.slug])).status_code == 404


def test_only_the_group_s_leads_take_over_and_never_a_published_case_study(client, journey, lead, writer, draft):
    other_member = MembershipFactory(group=journey.group).user
    stranger_lead = make_journey().group.memberships.get().user
    adviser = UserFactory(role="adviser")
    for person, status in ((writer, 403), (other_member, 404), (stranger_lead, 404), (adviser, 403)):
        client.force_login(person)
        assert client.post(reverse("casestudies:take_over", args=[draft.slug])).status_code == status, person
    draft.refresh_from_db()
    assert draft.contributed_by == writer
    CaseStudy.objects.filter(pk=draft.pk).update(status=CaseStudy.Status.PUBLISHED)
    client.force_login(lead)
    assert client.post(reverse("casestudies:take_over", args=[draft.slug])).status_code == 403
    assert client.get(reverse("casestudies:take_over", args=[draft.slug])).status_code == 405


def test_another_member_who_goes_to_contribute_is_told_who_has_the_draft(client, journey, lead, writer, draft):
    from journeys.models import Journey, Stage

    Journey.objects.filter(pk=journey.pk).update(stage=Stage.SPUN_OUT)
    url = reverse("casestudies:contribute", args=[journey.pk])
    other_member = MembershipFactory(group=journey.group).user
    client.force_login(other_member)

    response = client.post(url, {"name": "Second", "summary": "Again.", "service_area": "libraries"}, follow=True)

    assert response.redirect_chain[0] == (reverse("journeys:overview", args=[journey.pk]), 302)
    assert "Someone in your group has already started its case study" in response.content.decode()
    assert CaseStudy.objects.filter(journey=journey).count() == 1
    client.force_login(lead)
    assert client.get(url).url == draft.get_absolute_url()
