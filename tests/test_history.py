"""mutuals_portal.history: history records turned into rows people can read."""

import pytest
from django.urls import reverse

from journeys.models import StaffGroup
from journeys.referrals.models import Referral
from mutuals_portal.history import Source, acting, history_page
from tests.factories import StaffGroupFactory, UserFactory
from tests.referrals.factories import make_referral

pytestmark = pytest.mark.django_db


def test_a_deleted_object_shows_its_deletion_newest_first_with_who_did_each_step():
    editor = UserFactory(full_name="Eddie Editor")
    group = StaffGroupFactory(name="Old name", headcount=10)
    group.name, group.headcount = "New name", 12
    acting(group, editor).save()
    pk = group.pk
    acting(group, editor).delete()
    entries = history_page([Source(StaffGroup.history.filter(id=pk), "Staff group")], 1).object_list
    assert [(e.action, e.who) for e in entries] == [("Deleted", "Eddie Editor"), ("Changed", "Eddie Editor"),
                                                   ("Created", "System")]
    assert entries[0].changes == []
    assert [(c.label, c.old, c.new) for c in entries[1].changes] == [
        ("Name", "Old name", "New name"), ("Headcount", "10", "12")
    ]


def test_a_link_to_an_object_that_no_longer_exists_says_so():
    group = StaffGroupFactory(name="Gone group")
    referral = make_referral()
    referral.staff_group = group
    referral.save(update_fields=["staff_group"])
    group_pk = group.pk
    StaffGroup.objects.filter(pk=group_pk).delete()
    entries = history_page([Source(Referral.history.filter(id=referral.pk), "Referral")], 1).object_list
    assert [(c.label, c.old, c.new) for c in entries[0].changes] == [
        ("Staff group", "Not set", f"No longer exists (#{group_pk})")
    ]


def test_rows_of_several_sources_are_merged_in_time_order():
    first, second = StaffGroupFactory(name="First"), StaffGroupFactory(name="Second")
    first.name = "First again"
    first.save()
    sources = [
        Source(StaffGroup.history.filter(id=first.pk), "First group"),
        Source(StaffGroup.history.filter(id=second.pk), "Second group"),
    ]
    entries = history_page(sources, 1).object_list
    assert [(e.subject, e.action) for e in entries] == [
        ("First group", "Changed"), ("Second group", "Created"), ("First group", "Created")
    ]


def test_admins_read_the_full_history_in_the_django_admin_too(client):
    admin = UserFactory(role="admin", is_superuser=True, is_staff=True)
    editor = UserFactory(full_name="Eddie Editor")
    group = StaffGroupFactory(name="Old name")
    group.name = "New name"
    acting(group, editor).save()
    client.force_login(admin)
    response = client.get(reverse("admin:journeys_staffgroup_history", args=[group.pk]))
    assert response.status_code == 200
    assert "Eddie Editor" in response.content.decode()
