import re
import time

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from tests.factories import TEST_PASSWORD, PublicBodyFactory, UserFactory

pytestmark = pytest.mark.django_db


def code_for(device, steps_ahead=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def sign_in(client, email, password=TEST_PASSWORD):
    return client.post(reverse("login"), {"username": email, "password": password})


def turn_on(client, user):
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert response.status_code == 302
    return device


def test_a_person_turns_on_two_factor_with_a_code_from_their_app(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the deliberate wrong code
    user = UserFactory(email="priya@example.test")
    sign_in(client, user.email)
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code
    key = re.search(r'<code class="app-secret-key">([A-Z2-7 ]+)</code>', page).group(1)
    assert len(key.replace(" ", "")) == 32
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    wrong = client.post(reverse("two_factor_setup"), {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert "The code is not correct or has expired" in wrong.content.decode()
    user.refresh_from_db()
    assert not user.two_factor_enabled

    client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    user.refresh_from_db()
    device.refresh_from_db()
    assert user.two_factor_enabled and device.confirmed
    assert client.get(reverse("account")).status_code == 200


def test_signing_in_with_two_factor_asks_for_the_code_before_anything_else(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = UserFactory(email="priya@example.test")
    sign_in(client, user.email)
    device = turn_on(client, user)
    client.post(reverse("logout"))

    sign_in(client, user.email)
    response = client.get(reverse("account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))
    assert client.post(reverse("two_factor_verify"), {"code": "12ab"}).status_code == 200
    device.refresh_from_db()
    response = client.post(reverse("two_factor_verify") + "?next=/accounts/", {"code": code_for(device, 1)})
    assert response["Location"] == "/accounts/"
    assert client.get(reverse("account")).status_code == 200


def test_a_reused_code_is_refused(client):
    user = UserFactory(email="priya@example.test")
    sign_in(client, user.email)
    device = turn_on(client, user)
    used = code_for(device)
    client.post(reverse("logout"))
    sign_in(client, user.email)
    response = client.post(reverse("two_factor_verify"), {"code": used})
    assert "The code is not correct or has expired" in response.content.decode()


def test_the_next_link_cannot_send_people_to_another_site(client):
    user = UserFactory(email="priya@example.test")
    sign_in(client, user.email)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("two_factor_setup") + "?next=https://evil.example/", {"code": code_for(device)})
    assert response["Location"] == reverse("role_home")


def test_roles_that_require_two_factor_must_set_it_up_first(client, settings):
    settings.TWO_FACTOR_REQUIRED = True
    council = PublicBodyFactory(name="Northbridge City Council")
    officer = UserFactory(email="officer@example.test", role=User.Role.OFFICER, public_body=council)
    sign_in(client, officer.email)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "Your role needs two-factor authentication" in page
    device = TOTPDevice.objects.get(user=officer)
    client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert client.get(reverse("home")).status_code == 200
    # and they cannot turn it off
    assert client.post(reverse("two_factor_disable")).status_code == 403


def test_staff_are_not_forced_but_may_turn_it_off(client, settings):
    settings.TWO_FACTOR_REQUIRED = True
    user = UserFactory(email="priya@example.test")
    sign_in(client, user.email)
    assert client.get(reverse("home")).status_code == 200
    turn_on(client, user)
    client.post(reverse("two_factor_disable"))
    user.refresh_from_db()
    assert not user.two_factor_enabled
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_the_account_page_shows_the_two_factor_status(client):
    user = UserFactory(email="priya@example.test")
    sign_in(client, user.email)
    assert "Turn on<span" in client.get(reverse("account")).content.decode()
    turn_on(client, user)
    html = client.get(reverse("account")).content.decode()
    assert "govuk-tag--green" in html and "Turn off<span" in html


def test_wrong_codes_slow_down_guessing(client):
    user = UserFactory(email="priya@example.test")
    sign_in(client, user.email)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    right = code_for(device)
    wrong = "000000" if right != "000000" else "111111"
    client.post(reverse("two_factor_setup"), {"code": wrong})
    response = client.post(reverse("two_factor_setup"), {"code": right})
    assert "Too many wrong codes" in response.content.decode()
    user.refresh_from_db()
    assert not user.two_factor_enabled


def _signed_in_naming(client, user, persistent_id):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = persistent_id
    session.save()


def test_the_authenticator_named_in_the_session_counts_only_when_it_is_the_person_s_own_and_confirmed(client):
    """accounts.middleware.OTPMiddleware reads an authenticator app's device by a statement compiled once:
    as django_otp does, the device counts only for its own person and once confirmed, and a session naming
    any other is treated as not yet past its second factor (and forgets the device)."""
    owner = UserFactory(email="owner@example.test", two_factor_enabled=True)
    other = UserFactory(email="other@example.test", two_factor_enabled=True)
    confirmed = TOTPDevice.objects.create(user=owner, name="Phone", confirmed=True)
    unconfirmed = TOTPDevice.objects.create(user=owner, name="New phone", confirmed=False)
    label = TOTPDevice.model_label()
    verify = reverse("two_factor_verify")

    _signed_in_naming(client, owner, confirmed.persistent_id)
    assert client.get(reverse("account")).status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY] == confirmed.persistent_id

    for person, named in [
        (owner, unconfirmed.persistent_id),
        (other, confirmed.persistent_id),  # someone else's
        (owner, f"{label}/{2**31 - 1}"),  # an id no device has
        (owner, f"{label}/{2**31 + confirmed.pk}"),  # past a device id's range: read as django_otp reads it
        (owner, "otp_static.staticdevice/1"),  # a kind of device this portal does not have
    ]:
        _signed_in_naming(client, person, named)
        response = client.get(reverse("account"))
        assert response.status_code == 302 and response["Location"].startswith(verify), named
        assert DEVICE_ID_SESSION_KEY not in client.session, named
