from django.core.management import call_command

from notifications.services import notify
from programme import access
from programme.models import Referral, SupportAllocation, TriageAssessment
from tests.programme.factories import assess, make_referral


def test_only_advisers_may_see_referrals(world):
    referral = world.objects["referral"]
    for role in ["staff", "member", "other_staff", "officer", "other_officer", "body", "admin"]:
        assert not access.can_see(world.user(role), referral), role
        assert not access.referrals_visible_to(world.user(role)).exists(), role
    assert access.can_see(world.user("adviser"), referral)
    assert access.can_see(world.user("adviser"), world.objects["allocation_a"])


def test_a_notification_about_a_referral_is_withheld_from_a_non_adviser(world):
    assert (
        notify(recipient=world.user("staff"), event="referrals.assigned", obj=world.objects["referral"], message="x")
        is None
    )
    assert notify(
        recipient=world.user("adviser"), event="referrals.assigned", obj=world.objects["referral"], message="x"
    )


def test_the_demo_data_is_idempotent_and_spans_statuses(db):
    call_command("seed_demo", "--skip-packs", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", "--skip-packs", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Referral.objects.count() == 25
    assert set(Referral.objects.values_list("status", flat=True)) == set(Referral.Status.values)
    assert Referral.objects.values("region").distinct().count() >= 8
    assert TriageAssessment.objects.count() >= 10
    riverside = Referral.objects.get(status="accepted").staff_group.journey
    total = sum(a.amount for a in SupportAllocation.objects.filter(journey=riverside))
    programme = SupportAllocation.objects.filter(journey=riverside).first().programme
    assert programme.per_journey_cap * 9 / 10 < total < programme.per_journey_cap


def test_the_factory_assessment_is_high(adviser):
    assert assess(make_referral(), adviser).band == "high"
