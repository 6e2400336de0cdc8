"""API clients can sign in with a token instead of a session (pen test #16, point 8): tokens are
created and revoked by their owner, expire after API_TOKEN_DAYS, honour the second factor for the
roles that must use it, and a bad token gets 401 in JSON."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ApiToken, SecurityEvent
from tests.factories import api_token_for

pytestmark = pytest.mark.django_db

JOURNEYS = "/api/v1/journeys/"


def _get(client, key):
    return client.get(JOURNEYS, HTTP_AUTHORIZATION=f"Token {key}")


def _refused_in_json(response, words: str):
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"] == "Token"
    assert words in response.json()["detail"]


def test_a_token_signs_an_api_client_in_as_its_user(client, world):
    key = api_token_for(world.user("staff"))
    anonymous = client.get(JOURNEYS)
    assert anonymous.status_code == 403
    response = _get(client, key)
    assert response.status_code == 200
    assert response.json()["count"] == 1  # only the staff member's own journey


def test_a_wrong_token_is_refused_with_401_in_json(client, world):
    _refused_in_json(_get(client, "not-a-real-token"), "Invalid token")


def test_an_expired_token_gets_401_in_json(client, world):
    user = world.user("staff")
    key = api_token_for(user)
    ApiToken.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(seconds=1))
    _refused_in_json(_get(client, key), "expired")


def test_tokens_expire_after_api_token_days(client, world, settings):
    settings.API_TOKEN_DAYS = 7
    client.force_login(world.user("staff"), backend="django.contrib.auth.backends.ModelBackend")
    before = timezone.now()
    response = client.post(reverse("api_tokens"))
    token = ApiToken.objects.get()
    assert timedelta(days=7) <= token.expires_at - before < timedelta(days=7, minutes=1)
    assert "7 days" in response.content.decode()


def test_the_owner_creates_a_token_sees_it_once_and_revokes_it(client, world):
    user = world.user("staff")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.post(reverse("api_tokens"))
    assert page.status_code == 200
    html = page.content.decode()
    key = html.split('id="new-api-token">')[1].split("<")[0]
    assert ApiToken.objects.get().key_digest != key  # only a digest is kept
    assert key not in client.get(reverse("api_tokens")).content.decode()  # shown once
    api = client.__class__()
    assert _get(api, key).status_code == 200
    token = ApiToken.objects.get()
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 302
    _refused_in_json(_get(api, key), "revoked")
    kinds = set(SecurityEvent.objects.filter(user=user).values_list("kind", flat=True))
    assert {SecurityEvent.Kind.API_TOKEN_CREATED, SecurityEvent.Kind.API_TOKEN_REVOKED} <= kinds


def test_nobody_revokes_someone_elses_token(client, world):
    key = api_token_for(world.user("staff"))
    token = ApiToken.objects.get()
    client.force_login(world.user("member"), backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    assert _get(client.__class__(), key).status_code == 200


def _officer_with_device(world):
    officer = world.user("officer")
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    officer.two_factor_enabled = True
    officer.save(update_fields=["two_factor_enabled"])
    return officer, device


def test_a_role_that_must_use_two_factor_gets_a_token_only_after_the_second_factor(client, world, settings):
    settings.TWO_FACTOR_REQUIRED = True
    officer, device = _officer_with_device(world)
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    # Password only: no token.
    response = client.post(reverse("api_tokens"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
    assert not ApiToken.objects.exists()
    # With the code from the app: a token, marked as made after the second factor.
    client.post(reverse("two_factor_verify"), {"code": f"{totp(device.bin_key):06d}"})
    assert client.post(reverse("api_tokens")).status_code == 200
    token = ApiToken.objects.get()
    assert token.with_second_factor


def test_a_token_made_without_the_second_factor_stops_working_once_the_role_requires_it(client, world, settings):
    officer = world.user("officer")
    settings.TWO_FACTOR_REQUIRED = False
    key = api_token_for(officer)  # made when two-factor was not required
    assert client.get("/api/v1/council/eois/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    settings.TWO_FACTOR_REQUIRED = True
    _refused_in_json(
        client.get("/api/v1/council/eois/", HTTP_AUTHORIZATION=f"Token {key}"), "two-factor authentication"
    )
    made_with_code = api_token_for(officer, with_second_factor=True)
    assert client.get("/api/v1/council/eois/", HTTP_AUTHORIZATION=f"Token {made_with_code}").status_code == 200


def test_a_deactivated_users_token_is_refused(client, world):
    user = world.user("staff")
    key = api_token_for(user)
    user.is_active = False
    user.save()
    assert _get(client, key).status_code == 401


def test_responses_to_a_token_are_not_stored(client, world):
    response = _get(client, api_token_for(world.user("staff")))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
