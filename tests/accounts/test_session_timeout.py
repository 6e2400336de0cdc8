import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sessions_end_after_the_idle_period_and_each_request_renews_them(client, settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    client.get(reverse("account"))
    first_expiry = client.session.get_expiry_date()
    client.post(reverse("keep_alive"))
    assert client.session.get_expiry_date() >= first_expiry


def test_signed_in_pages_carry_the_timeout_warning_dialog(client, settings):
    client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(reverse("home")).content.decode()
    assert 'id="session-timeout-dialog"' in html
    assert f'data-idle-seconds="{settings.SESSION_COOKIE_AGE}"' in html
    assert 'data-warning-seconds="120"' in html
    assert "You’re about to be signed out" in html


def test_anonymous_pages_have_no_timeout_dialog(client):
    assert "session-timeout-dialog" not in client.get(reverse("home")).content.decode()


def test_the_login_page_explains_a_timed_out_session(client, settings):
    html = client.get(reverse("login") + "?timed_out=1").content.decode()
    assert f"had not used the service for {settings.SESSION_IDLE_MINUTES} minutes" in html


def test_keep_alive_refuses_an_expired_session(client):
    assert client.post(reverse("keep_alive")).status_code == 401
