"""Guidance pages (issue #25, point 3): each names its sources and is linked from where people start."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("slug", "must_say", "source"),
    [
        (
            "what-is-a-public-service-mutual",
            ["has left the public sector", "significant degree of staff influence or control", "not a legal form"],
            "legislation.gov.uk/ukpga/2023/54/section/33",
        ),
        (
            "six-stages",
            ["Step 1: Exploring options", "Step 6: Spun out", "at least 28 days before the transfer"],
            "Start a public service mutual",
        ),
        (
            "right-to-challenge",
            ["27 June 2012", "2 or more employees", "frivolous or vexatious", "no statutory appeal"],
            "legislation.gov.uk/ukpga/2011/20/section/81",
        ),
    ],
)
def test_each_guide_explains_and_names_its_sources(client, slug, must_say, source):
    html = client.get(reverse("guidance", args=[slug])).content.decode()
    for text in must_say:
        assert text in html
    sources = html.split('id="sources"', 1)[1]
    assert source in sources


def test_the_rejection_grounds_are_the_ten_statutory_ones(client):
    html = client.get(reverse("guidance", args=["right-to-challenge"])).content.decode()
    grounds = html.split("The grounds for rejecting", 1)[1].split("</ol>", 1)[0]
    assert grounds.count("<li>") == 10


def test_guidance_is_linked_from_the_navigation_home_and_registration(client):
    index = reverse("guidance_index")
    nav = client.get(reverse("home")).content.decode().split('class="govuk-service-navigation', 1)[1]
    assert f'href="{index}"' in nav.split("</section>", 1)[0]
    assert reverse("guidance", args=["six-stages"]) in client.get(reverse("journeys:register")).content.decode()
    assert (
        reverse("guidance", args=["right-to-challenge"])
        in client.get(reverse("start", args=["community-groups"])).content.decode()
    )


def test_every_task_links_to_its_stage_in_the_guidance_and_the_challenge_forms_to_theirs(client, journey, lead):
    """Issue #25, point 3: guidance linked from tasks and forms, each link landing on a section that exists."""
    from challenges.models import EOIStatus
    from journeys.models import Stage, StageDefinition
    from tests.challenges.factories import BodyUserFactory, EOIFactory, ServiceFactory
    from tests.factories import UserFactory

    stages_html = client.get(reverse("guidance", args=["six-stages"])).content.decode()
    challenge_html = client.get(reverse("guidance", args=["right-to-challenge"])).content.decode()
    definitions = list(StageDefinition.objects.order_by("order"))
    assert len(definitions) == len(Stage)
    for definition in definitions:
        assert f'id="{definition.guidance_anchor}"' in stages_html

    client.force_login(lead)
    for task in journey.tasks.select_related("definition__stage"):
        html = client.get(reverse("journeys:task", args=[journey.pk, task.pk])).content.decode()
        anchor = task.definition.stage.guidance_anchor
        assert f'href="{reverse("guidance", args=["six-stages"])}#{anchor}"' in html

    body = BodyUserFactory()
    service = ServiceFactory(published=True)
    client.force_login(body)
    html = client.get(reverse("challenges:eoi_start", args=[service.pk])).content.decode()
    assert f'href="{reverse("guidance", args=["right-to-challenge"])}#community-groups"' in html
    assert 'id="community-groups"' in challenge_html

    eoi = EOIFactory(service=service, status=EOIStatus.UNDER_REVIEW)
    officer = UserFactory(role="officer", public_body=service.council)
    client.force_login(officer)
    html = client.get(reverse("challenges:eoi_decide", args=[eoi.pk])).content.decode()
    assert f'href="{reverse("guidance", args=["right-to-challenge"])}#councils"' in html
    assert 'id="councils"' in challenge_html
