import pytest
from django.core.management import call_command

from accounts.models import PublicBody, User
from journeys.models import Membership, StaffGroup
from packs.models import BusinessPlanPack

pytestmark = pytest.mark.django_db

DEMO_EMAILS = {
    "lead@demo.test",
    "member@demo.test",
    "lead2@demo.test",
    "officer@demo.test",
    "officer2@demo.test",
    "adviser@demo.test",
    "body@demo.test",
    "admin@demo.test",
}


def _seed(*args):
    call_command("seed_demo", *args, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_it_creates_the_demo_bodies_and_accounts():
    _seed("--skip-packs")
    # The foundation's accounts; apps' demo data may add more (e.g. a third staff group).
    assert set(User.objects.values_list("email", flat=True)) >= DEMO_EMAILS
    assert set(PublicBody.objects.values_list("name", flat=True)) >= {
        "Northbridge City Council",
        "Eastvale Council",
        "Cabinet Office",
    }
    for user in User.objects.filter(email__in=DEMO_EMAILS):
        assert user.check_password("demo-pass-2026"), user.email
    officer = User.objects.get(email="officer@demo.test")
    assert officer.role == User.Role.OFFICER
    assert officer.public_body.name == "Northbridge City Council"
    assert User.objects.get(email="officer2@demo.test").public_body.name == "Eastvale Council"
    assert User.objects.get(email="adviser@demo.test").public_body.kind == PublicBody.Kind.CENTRAL
    assert User.objects.get(email="admin@demo.test").is_superuser
    lead_group = Membership.objects.get(user__email="lead@demo.test", role=Membership.Role.LEAD).group
    assert lead_group.parent_body.name == "Northbridge City Council"
    assert Membership.objects.filter(group=lead_group, user__email="member@demo.test").exists()
    other = Membership.objects.get(user__email="lead2@demo.test", role=Membership.Role.LEAD).group
    assert other != lead_group
    assert other.parent_body.name == "Eastvale Council"


def _counts():
    return (User.objects.count(), PublicBody.objects.count(), StaffGroup.objects.count(), Membership.objects.count())


def test_it_is_idempotent_and_skip_packs_leaves_out_only_the_packs():
    _seed("--skip-packs")
    counts = _counts()
    assert not BusinessPlanPack.objects.exists()
    _seed()
    assert _counts() == counts
    ready = BusinessPlanPack.objects.filter(status=BusinessPlanPack.Status.READY)
    assert sorted(ready.values_list("journey__group__name", "format")) == sorted(
        [("Northbridge Libraries Staff Group", BusinessPlanPack.Format.BUSINESS_PLAN)]
        + [("Riverside Community Therapy Team", format) for format in BusinessPlanPack.Format]
    )
    _seed()
    assert _counts() == counts
    assert BusinessPlanPack.objects.count() == 3
