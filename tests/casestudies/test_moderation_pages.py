"""The moderation list is paginated, each list on its own."""

import pytest
from django.urls import reverse

from casestudies.models import CaseStudy
from tests.casestudies.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db


def test_the_moderation_lists_are_paginated_separately(client, world):
    for n in range(30):
        CaseStudyFactory(name=f"Draft mutual {n:02d}", status=CaseStudy.Status.DRAFT)
    CaseStudyFactory(name="Waiting mutual", status=CaseStudy.Status.IN_REVIEW)
    client.force_login(world.user("adviser"), backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(reverse("casestudies:moderation")).content.decode()
    assert "Waiting mutual" in html
    assert html.count("Draft mutual") == 25
    assert "draft_page=2" in html
    second = client.get(reverse("casestudies:moderation") + "?draft_page=2").content.decode()
    assert second.count("Draft mutual") >= 5
    assert "Waiting mutual" in second
