"""The scoring rubric: what 0-3 means for each criterion, kept as data and shown beside the radios."""

from django.contrib.admin.sites import site
from django.urls import reverse

from programme import scoring
from programme.models import RubricDescriptor
from programme.rubric import DESCRIPTORS
from tests.programme.factories import make_referral


def test_the_migration_seeds_four_descriptors_for_every_criterion(db):
    assert {c.code for c in scoring.CRITERIA} == set(DESCRIPTORS)
    for criterion in scoring.CRITERIA:
        rows = RubricDescriptor.objects.filter(code=criterion.code).order_by("points")
        assert [r.points for r in rows] == [0, 1, 2, 3]
        assert [r.text for r in rows] == DESCRIPTORS[criterion.code]


def test_the_assessment_form_shows_each_descriptor_beside_its_radio(adviser_client):
    referral = make_referral()
    page = adviser_client.get(reverse("referrals:assess", args=[referral.pk])).content.decode()
    for code, texts in DESCRIPTORS.items():
        for points, text in enumerate(texts):
            assert text.replace("'", "&#x27;") in page, (code, points)
    assert "3 – strong: Cash match funding committed in writing" in page


def test_an_edited_descriptor_shows_on_the_next_form(adviser_client):
    RubricDescriptor.objects.filter(code="T8", points=0).update(text="Nothing committed, in cash or in kind")
    referral = make_referral()
    page = adviser_client.get(reverse("referrals:assess", args=[referral.pk])).content.decode()
    assert "0 – none: Nothing committed, in cash or in kind" in page


def test_administrators_edit_the_text_but_cannot_add_or_delete_scores(admin_client, db):
    descriptor = RubricDescriptor.objects.get(code="T3", points=2)
    url = reverse("admin:referrals_rubricdescriptor_change", args=[descriptor.pk])
    response = admin_client.post(url, {"text": "A named director sponsors it"})
    assert response.status_code == 302
    descriptor.refresh_from_db()
    assert descriptor.text == "A named director sponsors it" and descriptor.points == 2
    assert descriptor.history.count() == 1
    model_admin = site._registry[RubricDescriptor]
    assert not model_admin.has_add_permission(None) and not model_admin.has_delete_permission(None)
