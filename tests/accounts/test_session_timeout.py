import time
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import UserSession
from mutuals_portal.lib.prepared import as_written
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START = time.time()


@contextmanager
def freeze(seconds_later: float):
    """The renewal middleware's clock, `seconds_later` than the start of the test module."""
    with mock.patch("accounts.middleware.now", return_value=START + seconds_later):
        yield


def _expiry(client):
    return UserSession.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).expire_date


def test_sessions_end_after_the_idle_period_and_keep_alive_renews_them(client, settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    with freeze(0):
        client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
        client.get(reverse("account"))
    first_expiry = _expiry(client)
    assert first_expiry - timezone.now() <= timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with freeze(5):
        client.post(reverse("keep_alive"))
    assert _expiry(client) > first_expiry


def test_a_session_in_use_is_written_at_most_once_a_renewal_period(client, settings):
    with freeze(0):
        client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
        client.get(reverse("account"))
    first_expiry = _expiry(client)
    with freeze(settings.SESSION_RENEW_AFTER_SECONDS - 1), CaptureQueriesContext(connection) as queries:
        client.get(reverse("account"))
    # Read on every request (one SELECT by key), written only once a renewal period.
    table = UserSession._meta.db_table
    written = [as_written(q["sql"]) for q in queries]
    assert not [sql for sql in written if table in sql and not sql.lstrip().startswith("SELECT")]
    assert _expiry(client) == first_expiry
    with freeze(settings.SESSION_RENEW_AFTER_SECONDS + 1):
        client.get(reverse("account"))
    assert _expiry(client) > first_expiry


def test_the_warning_counts_down_from_the_last_renewal(client, settings):
    with freeze(0):
        client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
        client.get(reverse("account"))
    with freeze(40):
        html = client.get(reverse("home")).content.decode()
    left = int(html.split('data-idle-seconds="')[1].split('"')[0])
    assert settings.SESSION_COOKIE_AGE - 41 <= left <= settings.SESSION_COOKIE_AGE - 39


def test_signed_in_pages_carry_the_timeout_warning_dialog(client, settings):
    client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(reverse("home")).content.decode()
    assert 'id="session-timeout-dialog"' in html
    left = int(html.split('data-idle-seconds="')[1].split('"')[0])
    assert settings.SESSION_COOKIE_AGE - 5 <= left <= settings.SESSION_COOKIE_AGE  # renewed at sign-in
    assert 'data-warning-seconds="120"' in html
    assert "You’re about to be signed out" in html


def test_anonymous_pages_have_no_timeout_dialog(client):
    assert "session-timeout-dialog" not in client.get(reverse("home")).content.decode()


def test_the_login_page_explains_a_timed_out_session(client, settings):
    html = client.get(reverse("login") + "?timed_out=1").content.decode()
    assert f"had not used the service for {settings.SESSION_IDLE_MINUTES} minutes" in html


def test_keep_alive_refuses_an_expired_session(client):
    assert client.post(reverse("keep_alive")).status_code == 401
