import logging

import pytest
from django.urls import reverse

from accounts.audit import clean
from accounts.models import SecurityEvent
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_in_and_sign_out_are_recorded_with_who_and_where(client):
    user = UserFactory(email="priya@example.test")
    client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD}, REMOTE_ADDR="10.1.2.3")
    client.post(reverse("logout"))
    events = list(SecurityEvent.objects.order_by("created_at", "id").values_list("kind", "user_id", "ip_address"))
    assert events[0] == ("login", user.pk, "10.1.2.3")
    assert events[-1][0:2] == ("logout", user.pk)


def test_a_failed_sign_in_records_the_email_entered(client):
    client.post(reverse("login"), {"username": "nobody@example.test", "password": "wrong"})
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOGIN_FAILED)
    assert event.username == "nobody@example.test"
    assert event.user is None
    assert event.path == reverse("login")


def test_typed_newlines_cannot_forge_a_log_line(client, caplog):
    forged = "x@example.test\n2026-11-22 INFO security event=login user_id=1"
    with caplog.at_level(logging.INFO, logger="mutuals_portal.security"):
        client.post(reverse("login"), {"username": forged, "password": "wrong"})
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOGIN_FAILED)
    assert "\n" not in event.username
    messages = [record.getMessage() for record in caplog.records if record.name == "mutuals_portal.security"]
    assert messages and all("\n" not in message for message in messages)
    assert clean("a\r\nb\x1b[31m\u2028c", 50) == "a??b?[31m?c"


def test_a_lockout_is_recorded(client, settings):
    UserFactory(email="priya@example.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "priya@example.test", "password": "wrong"})
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKED_OUT, username="priya@example.test").exists()


def test_refused_access_is_recorded(client):
    user = UserFactory(email="priya@example.test")
    # Turning off two-factor is refused (403) for a role that needs it.
    from django.test import override_settings

    user.role = "officer"
    with override_settings(TWO_FACTOR_REQUIRED=True):
        user.two_factor_enabled = False
        user.save()
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        user.two_factor_enabled = True
        user.save()
        # Signed in after the role change (a role change ends the person's sessions).
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        assert client.post(reverse("two_factor_disable")).status_code == 403
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PERMISSION_DENIED)
    assert event.user == user
    assert event.path == reverse("two_factor_disable")


def test_the_audit_trail_is_read_only_in_the_admin(client):
    admin = UserFactory(email="admin@example.test", is_superuser=True, is_staff=True, role="admin")
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    client.post(reverse("login"), {"username": "x@example.test", "password": "y"})
    assert client.get(reverse("admin:accounts_securityevent_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_securityevent_add")).status_code == 403
