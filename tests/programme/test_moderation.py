"""Issue #23, point 3: a second adviser moderates an assessment's scores. Both are kept, the moderated
scores count, the history shows it on the referral; the adviser who assessed cannot moderate their own."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from programme import rubric, services
from programme.models import RubricDescriptor, ScoreModeration, TriageAssessment
from tests.programme.factories import STRONG, assess, make_referral

pytestmark = pytest.mark.django_db

WEAKER = {**STRONG, "t4_commissioner": 1}


@pytest.fixture
def assessed(adviser):
    return assess(make_referral(), adviser)


def _post(reason="The commissioner has not agreed in writing", **points) -> dict:
    return {**{field: str(value) for field, value in {**STRONG, **points}.items()}, "reason": reason}


def test_a_second_adviser_moderates_and_the_moderated_score_counts(assessed, other_adviser, adviser):
    before = assessed.score
    moderation = services.assessment_moderate(
        assessment=assessed, by=other_adviser, points=WEAKER, reason="No written agreement"
    )
    assessed.refresh_from_db()
    assert assessed.t4_commissioner == 1 and assessed.score == moderation.score < before
    assert moderation.previous_score == before and moderation.previous_points == STRONG
    assert moderation.previous_assessed_by == adviser and moderation.moderated_by == other_adviser
    assert assessed.assessed_by == adviser  # the first assessor stays on the record
    event = assessed.referral.events.first()
    assert event.actor == other_adviser and f"{before} to {moderation.score}" in event.note
    assert assessed.history.first().history_user == other_adviser


def test_the_adviser_who_assessed_cannot_moderate_their_own(assessed, adviser):
    with pytest.raises(ValidationError, match="another adviser must moderate"):
        services.assessment_moderate(assessment=assessed, by=adviser, points=WEAKER, reason="Second thoughts")
    assert not ScoreModeration.objects.exists()


def test_a_moderation_needs_a_reason_and_scores_from_0_to_3(assessed, other_adviser):
    with pytest.raises(ValidationError):
        services.assessment_moderate(assessment=assessed, by=other_adviser, points=WEAKER, reason="  ")
    with pytest.raises(ValidationError):
        services.assessment_moderate(
            assessment=assessed, by=other_adviser, points={**WEAKER, "t8_match": 4}, reason="Why"
        )
    assessed.refresh_from_db()
    assert assessed.t4_commissioner == 3 and not ScoreModeration.objects.exists()


def test_a_moderated_assessment_cannot_be_silently_re_assessed(assessed, adviser, other_adviser):
    services.assessment_moderate(assessment=assessed, by=other_adviser, points=WEAKER, reason="No agreement")
    with pytest.raises(ValidationError, match="has been moderated"):
        assess(assessed.referral, adviser)
    assert TriageAssessment.objects.get(pk=assessed.pk).t4_commissioner == 1


def test_the_moderation_page_as_each_adviser(client, assessed, adviser, other_adviser):
    url = reverse("referrals:moderate", args=[assessed.referral.pk])
    client.force_login(adviser)
    assert client.get(url).status_code == 403
    detail = client.get(reverse("referrals:detail", args=[assessed.referral.pk])).content.decode()
    assert url not in detail

    client.force_login(other_adviser)
    detail = client.get(reverse("referrals:detail", args=[assessed.referral.pk])).content.decode()
    assert url in detail
    page = client.get(url)
    assert page.status_code == 200
    assert "govuk-error-summary" in client.post(url, _post(reason="")).content.decode()
    assert not ScoreModeration.objects.exists()

    response = client.post(url, _post(t4_commissioner=1))
    assert response.status_code == 302
    html = client.get(reverse("referrals:detail", args=[assessed.referral.pk])).content.decode()
    assert "The scores above are the moderated ones" in html
    assert "The commissioner has not agreed in writing" in html
    assert "Ben Adviser" in html and "Change the assessment" not in html


def test_descriptors_say_nothing_the_sources_do_not():
    texts = " ".join(" ".join(values) for values in rubric.DESCRIPTORS.values())
    assert "majority" not in texts  # DOMAIN.md: staff ballot thresholds are unknown
    assert "Procurement Act 2023" in texts and "risk register" in texts


def test_the_migration_rewords_only_untouched_descriptors():
    RubricDescriptor.objects.filter(code="T5", points=3).update(text=rubric.REWORDED[("T5", 3)])
    RubricDescriptor.objects.filter(code="T8", points=2).update(text="Our own wording")
    assert rubric.reword_descriptors(RubricDescriptor) == 1
    assert RubricDescriptor.objects.get(code="T5", points=3).text == rubric.DESCRIPTORS["T5"][3]
    assert RubricDescriptor.objects.get(code="T8", points=2).text == "Our own wording"
