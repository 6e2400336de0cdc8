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
