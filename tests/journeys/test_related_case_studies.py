"""The journey overview points staff groups at published case studies like theirs."""

import pytest
from django.urls import reverse

from casestudies.models import CaseStudy
from journeys.models import Journey, MutualDesign, Stage
from mutuals_portal.lib.choices import LegalForm, ServiceArea

pytestmark = pytest.mark.django_db


def _overview(client, world, role="staff"):
    client.force_login(world.user(role), backend="django.contrib.auth.backends.ModelBackend")
    journey = Journey.objects.get(group=world.objects["group_a"])
    return journey, client.get(reverse("journeys:overview", args=[journey.pk])).content.decode()


def test_the_overview_lists_published_case_studies_in_the_same_service_area(client, world):
    world.objects["group_a"].service_area = ServiceArea.LIBRARIES
    world.objects["group_a"].save()
    _, html = _overview(client, world)
    assert "Mutuals like yours" in html
    assert "Explore York Libraries" in html  # product content: a published library mutual


def test_a_draft_case_study_is_never_suggested(client, world):
    world.objects["group_a"].service_area = ServiceArea.LIBRARIES
    world.objects["group_a"].save()
    CaseStudy.objects.filter(service_area=ServiceArea.LIBRARIES).update(status="draft")
    _, html = _overview(client, world)
    assert "Mutuals like yours" not in html


def test_the_legal_form_also_finds_related_case_studies(client, world):
    journey = Journey.objects.get(group=world.objects["group_a"])
    world.objects["group_a"].service_area = ServiceArea.OTHER
    world.objects["group_a"].save()
    MutualDesign.objects.create(journey=journey, legal_form=LegalForm.COOP_SOC, ownership_model="EMPLOYEE_OWNED")
    _, html = _overview(client, world)
    assert "Leading Lives" in html


def test_a_spun_out_group_is_invited_to_write_its_case_study(client, world):
    journey = Journey.objects.get(group=world.objects["group_a"])
    journey.stage = Stage.SPUN_OUT
    journey.save(update_fields=["stage"])
    _, html = _overview(client, world)
    assert reverse("casestudies:contribute", args=[journey.pk]) in html
    journey.stage = Stage.TRANSFER
    journey.save(update_fields=["stage"])
    _, html = _overview(client, world)
    assert "Write your case study" not in html


@pytest.mark.parametrize("limit", [3, 5])  # 3: the overview's statements compiled once; 5: built each time
def test_closest_first_then_by_name_in_each_tier_for_each_shape(limit):
    from casestudies.selectors import related_for
    from tests.casestudies.factories import CaseStudyFactory

    CaseStudy.objects.all().delete()
    published = CaseStudy.Status.PUBLISHED
    for name, area, form in [
        ("Zeta both", ServiceArea.LIBRARIES, LegalForm.COOP_SOC),
        ("Alpha area", ServiceArea.LIBRARIES, LegalForm.CIC_CLG),
        ("Beta form", ServiceArea.OTHER, LegalForm.COOP_SOC),
        ("Gamma area", ServiceArea.LIBRARIES, LegalForm.CIC_CLG),
        ("Aardvark neither", ServiceArea.OTHER, LegalForm.CIC_CLG),
    ]:
        CaseStudyFactory(name=name, service_area=area, legal_form=form, status=published)
    CaseStudyFactory(name="Abacus draft", service_area=ServiceArea.LIBRARIES, status=CaseStudy.Status.DRAFT)

    def names(*args):
        return [row.name for row in related_for(*args, limit=limit)]

    both = ["Zeta both", "Alpha area", "Gamma area", "Beta form"][:limit]
    assert names(ServiceArea.LIBRARIES, LegalForm.COOP_SOC) == both
    assert names(ServiceArea.LIBRARIES, None) == ["Alpha area", "Gamma area", "Zeta both"]
    assert names(None, LegalForm.COOP_SOC) == ["Beta form", "Zeta both"]
    assert names(None, None) == []
    # Asked again with other values: the statement kept runs with them.
    assert names(ServiceArea.OTHER, LegalForm.CIC_CLG)[:3] == ["Aardvark neither", "Beta form", "Alpha area"]
