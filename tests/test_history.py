"""mutuals_portal.lib.history: history records turned into rows people can read."""

import pytest
from django.urls import reverse

from journeys import services as journey_services
from journeys.models import Journey, StaffGroup, Stage
from mutuals_portal.lib.history import Source, acting, history_page
from programme import services as referral_services
from programme.models import Referral, TriageAssessment
from tests.factories import StaffGroupFactory, UserFactory
from tests.journeys.factories import make_journey
from tests.programme.factories import make_referral

pytestmark = pytest.mark.django_db


def test_a_deleted_object_shows_its_deletion_newest_first_with_who_did_each_step():
    editor = UserFactory(full_name="Eddie Editor")
    group = StaffGroupFactory(name="Old name", headcount=10)
    group.name, group.headcount = "New name", 12
    acting(group, editor).save()
    pk = group.pk
    acting(group, editor).delete()
    entries = history_page([Source(StaffGroup.history.filter(id=pk), "Staff group")], 1).object_list
    assert [(e.action, e.who) for e in entries] == [
        ("Deleted", "Eddie Editor"),
        ("Changed", "Eddie Editor"),
        ("Created", "System"),
    ]
    assert entries[0].changes == []
    assert [(c.label, c.old, c.new) for c in entries[1].changes] == [
        ("Name", "Old name", "New name"),
        ("Headcount", "10", "12"),
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
        ("First group", "Changed"),
        ("Second group", "Created"),
        ("First group", "Created"),
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


def test_a_creation_lists_the_values_given_including_zero_but_not_a_plain_no():
    referral = make_referral()
    assessment = TriageAssessment(
        t1_definition=True,
        t2_england=True,
        t3_sponsor=0,
        t4_commissioner=1,
        t5_staff=1,
        t6_viability=1,
        t7_innovation=1,
        t8_match=1,
    )
    referral_services.assessment_save(referral=referral, assessment=assessment, by=UserFactory(role="adviser"))
    entry = history_page([Source(TriageAssessment.history.filter(referral_id=referral.pk), "Assessment")], 1)
    shown = {c.label: c.new for c in entry.object_list[0].changes}
    assert shown["T3 sponsor"] == "0" and shown["T2 services delivered in England"] == "Yes"
    assert "Retendered" not in shown and "Mutual over five years" not in shown  # False: not worth a line


def test_a_partial_save_of_a_stale_copy_records_the_row_as_stored_not_the_stale_values():
    lead = UserFactory(full_name="Lena Lead")
    journey = make_journey(lead=lead)
    stale = Journey.objects.get(pk=journey.pk)
    journey.change_stage(to_stage=Stage.SUPPORT, by=lead)
    journey_services.journey_share(journey=stale, by=lead, shared=True)  # still thinks the stage is explore
    latest = Journey.history.filter(id=journey.pk).first()
    assert (latest.stage, latest.shared_with_council, latest.history_user) == (Stage.SUPPORT, True, lead)
    entry = history_page([Source(Journey.history.filter(id=journey.pk), "Journey")], 1).object_list[0]
    assert [(c.label, c.old, c.new) for c in entry.changes] == [("Shared with council", "No", "Yes")]
