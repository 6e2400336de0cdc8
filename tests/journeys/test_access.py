from django.urls import reverse

from accounts.models import User
from journeys import services
from journeys.access import journeys_visible_to
from journeys.models import Journey
from tests.factories import PublicBodyFactory, UserFactory


def test_members_see_only_their_own_journeys(journey, other_journey, lead, member):
    assert list(journeys_visible_to(lead)) == [journey]
    assert list(journeys_visible_to(member)) == [journey]


def test_an_officer_sees_a_journey_only_while_its_group_shares_it(client, journey, lead, officer):
    assert not journeys_visible_to(officer).exists()
    services.journey_share(journey=journey, by=lead, shared=True)
    assert list(journeys_visible_to(officer)) == [journey]
    client.force_login(officer)
    html = client.get(reverse("journeys:overview", args=[journey.pk])).content.decode()
    assert "You can read it but not change the group's work" in html
    services.journey_share(journey=journey, by=lead, shared=False)
    assert client.get(reverse("journeys:overview", args=[journey.pk])).status_code == 404


def test_an_officer_of_another_council_never_sees_a_shared_journey(journey, lead):
    services.journey_share(journey=journey, by=lead, shared=True)
    elsewhere = UserFactory(role=User.Role.OFFICER, public_body=PublicBodyFactory(name="Elsewhere"))
    assert not journeys_visible_to(elsewhere).exists()


def test_advisers_see_supported_journeys_only(journey, other_journey, adviser):
    assert not journeys_visible_to(adviser).exists()
    Journey.objects.filter(pk=journey.pk).update(in_support_programme=True)
    assert list(journeys_visible_to(adviser)) == [journey]


def test_a_read_only_officer_cannot_change_a_task(client, journey, lead, officer):
    services.journey_share(journey=journey, by=lead, shared=True)
    client.force_login(officer)
    task = journey.tasks.first()
    response = client.post(
        reverse("journeys:task", args=[journey.pk, task.pk]), {"status": "completed", "notes": "x", "version": 1}
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == "not_started"


def test_the_list_shows_each_role_its_journeys(client, journey, other_journey, lead, adviser):
    Journey.objects.filter(pk=journey.pk).update(in_support_programme=True)
    for user in (lead, adviser):
        client.force_login(user)
        html = client.get(reverse("journeys:list")).content.decode()
        assert journey.group.name in html and other_journey.group.name not in html


def test_sharing_is_logged_on_the_timeline(client, journey, lead):
    client.force_login(lead)
    response = client.post(reverse("journeys:sharing", args=[journey.pk]), {"shared": "yes"})
    assert response.status_code == 302
    journey.refresh_from_db()
    assert journey.shared_with_council
    assert journey.events.filter(summary__startswith="Journey shared with").exists()


def test_a_paused_journey_is_read_only_even_for_members(client, journey, member):
    Journey.objects.filter(pk=journey.pk).update(status=Journey.Status.PAUSED)
    client.force_login(member)
    assert client.get(reverse("journeys:ballot_new", args=[journey.pk])).status_code == 403
    assert client.get(reverse("journeys:overview", args=[journey.pk])).status_code == 200


def test_a_spun_out_group_still_works_on_its_final_tasks(client, journey, member):
    Journey.objects.filter(pk=journey.pk).update(stage="spun_out", status=Journey.Status.SPUN_OUT)
    task = journey.tasks.get(definition__slug="go-live")
    client.force_login(member)
    response = client.post(
        reverse("journeys:task", args=[journey.pk, task.pk]), {"status": "completed", "notes": "", "version": 1}
    )
    assert response.status_code == 302


def test_the_one_journey_rule_agrees_with_the_list_rule(journey, other_journey, lead, member, officer, adviser):
    """get_journey_for_user checks one loaded journey with may_see; lists use journeys_visible_to."""
    from django.http import Http404

    from journeys.access import get_journey_for_user

    outsider = UserFactory(role=User.Role.OFFICER, public_body=PublicBodyFactory(name="Elsewhere"))
    states = [
        {},
        {"shared_with_council": True},
        {"in_support_programme": True},
        {"shared_with_council": True, "in_support_programme": True},
    ]
    for state in states:
        reset = {"shared_with_council": False, "in_support_programme": False}
        Journey.objects.filter(pk=journey.pk).update(**{**reset, **state})
        for deleted in (False, True):
            journey.group.deleted_at = "2026-01-01T00:00Z" if deleted else None
            journey.group.save(update_fields=["deleted_at"])
            for user in (lead, member, officer, adviser, outsider):
                listed = journeys_visible_to(user).filter(pk=journey.pk).exists()
                try:
                    get_journey_for_user(user, journey.pk)
                    found = True
                except Http404:
                    found = False
                assert found == listed, (state, deleted, user.role)
    assert journeys_visible_to(lead).filter(pk=other_journey.pk).exists() is False
