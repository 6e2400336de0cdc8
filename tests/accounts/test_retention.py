"""Data retention for accounts (issue #25, point 9): unused accounts are warned, then closed. The
clock is fixed: every step is given `now`."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from accounts import retention
from accounts.models import SecurityEvent
from tests.factories import UserFactory, post_and_run_commit_hooks

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def periods(settings):
    settings.DORMANT_ACCOUNT_DAYS = 730
    settings.DORMANT_WARNING_DAYS = 30


def _user(last_login_days_ago=None, joined_days_ago=800, **fields):
    return UserFactory(
        date_joined=NOW - timedelta(days=joined_days_ago),
        last_login=None if last_login_days_ago is None else NOW - timedelta(days=last_login_days_ago),
        **fields,
    )


def _run_commit_hooks(django_capture_on_commit_callbacks, step, when):
    with django_capture_on_commit_callbacks(execute=True):
        return step(now=when)


def test_an_unused_account_is_warned_then_closed_30_days_later(django_capture_on_commit_callbacks, mailoutbox):
    dormant = _user(last_login_days_ago=710)
    recent = _user(last_login_days_ago=100)
    assert _run_commit_hooks(django_capture_on_commit_callbacks, retention.warn_dormant, NOW) == 1
    assert [m.to for m in mailoutbox] == [[dormant.email]]
    assert "will be closed in 30 days" in mailoutbox[0].subject
    # Not closed before the warning has had its 30 days, nor warned twice.
    assert retention.deactivate_dormant(now=NOW + timedelta(days=29)) == 0
    assert retention.warn_dormant(now=NOW + timedelta(days=29)) == 0
    assert retention.deactivate_dormant(now=NOW + timedelta(days=30)) == 1
    dormant.refresh_from_db()
    recent.refresh_from_db()
    assert not dormant.is_active and recent.is_active
    assert SecurityEvent.objects.filter(user=dormant, kind=SecurityEvent.Kind.DORMANT_WARNED).count() == 1
    assert SecurityEvent.objects.filter(user=dormant, kind=SecurityEvent.Kind.DORMANT_DEACTIVATED).count() == 1


def test_signing_in_after_the_warning_keeps_the_account(client):
    user = _user(last_login_days_ago=710)
    retention.warn_dormant(now=NOW)
    type(user).objects.filter(pk=user.pk).update(last_login=NOW + timedelta(days=5))
    assert retention.deactivate_dormant(now=NOW + timedelta(days=30)) == 0
    user.refresh_from_db()
    assert user.is_active


def test_an_account_never_signed_in_to_counts_from_when_it_was_made():
    never = _user(last_login_days_ago=None, joined_days_ago=705)
    young = _user(last_login_days_ago=None, joined_days_ago=10)
    assert retention.warn_dormant(now=NOW) == 1
    never.refresh_from_db()
    young.refresh_from_db()
    assert never.dormancy_warned_at == NOW and young.dormancy_warned_at is None


def test_administrators_are_never_closed_this_way():
    _user(last_login_days_ago=900, role="admin")
    _user(last_login_days_ago=900, is_superuser=True, is_staff=True)
    assert retention.warn_dormant(now=NOW) == 0
    assert retention.deactivate_dormant(now=NOW + timedelta(days=60)) == 0


def test_a_closed_account_cannot_sign_in(client):
    user = _user(last_login_days_ago=710)
    retention.warn_dormant(now=NOW)
    retention.deactivate_dormant(now=NOW + timedelta(days=31))
    response = post_and_run_commit_hooks(client, reverse("login"), {"username": user.email, "password": "x"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_the_monthly_job_is_scheduled_and_the_privacy_notice_states_the_period(settings, client):
    job = settings.CELERY_BEAT_SCHEDULE["monthly-data-retention"]
    assert job["task"] == "accounts.apply_retention"
    html = client.get(reverse("privacy")).content.decode()
    assert "730 days" in html and "30 days" in html
