"""The triage queue's tags: a referral's status, its score band and when a reply is due."""

from datetime import timedelta

import pytest
from django.utils import timezone

from programme.models import Referral, TriageAssessment
from programme.templatetags.referral_tags import band_tag, referral_status_tag, reply_due


@pytest.mark.parametrize(
    ("status", "colour", "label"),
    [
        ("new", "blue", "New"),
        ("in_progress", "light-blue", "In progress"),
        ("more_info", "yellow", "Waiting for information"),
        ("accepted", "green", "Accepted"),
        ("declined", "red", "Declined"),
    ],
)
def test_each_status_has_its_colour(status, colour, label):
    html = referral_status_tag(Referral(status=status))
    assert (
        html == f'<strong class="govuk-tag govuk-tag--{colour}">{Referral(status=status).get_status_display()}</strong>'
    )
    assert label.split()[0] in html


@pytest.mark.parametrize(
    ("assessment", "expected"),
    [
        (None, '<span class="app-muted">Not scored</span>'),
        ("", '<span class="app-muted">Not scored</span>'),
        (TriageAssessment(band="high"), '<strong class="govuk-tag govuk-tag--green">High</strong>'),
        (TriageAssessment(band="medium"), '<strong class="govuk-tag govuk-tag--yellow">Medium</strong>'),
        (TriageAssessment(band="low"), '<strong class="govuk-tag govuk-tag--grey">Low</strong>'),
    ],
)
def test_the_band_or_not_scored(assessment, expected):
    assert band_tag(assessment) == expected


def test_a_reply_is_due_and_flagged_once_overdue():
    fresh = Referral(status="new", created_at=timezone.now())
    assert reply_due(fresh) == fresh.reply_due_on.strftime("%-d %b %Y")
    old = Referral(status="in_progress", created_at=timezone.now() - timedelta(days=60))
    assert reply_due(old).endswith('<br><strong class="govuk-tag govuk-tag--red">Overdue</strong>')


def test_no_reply_is_owed_once_answered_or_decided():
    assert reply_due(Referral(status="more_info", created_at=timezone.now())) == (
        '<span class="app-muted">Waiting for the contact</span>'
    )
    assert reply_due(Referral(status="accepted", created_at=timezone.now())) == '<span class="app-muted">Decided</span>'
