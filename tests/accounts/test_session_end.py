"""Sessions end in the database, whatever the cache does (pen test #16, point 2): signing out, a
password change or reset, deactivation or a role change end them; a session ends SESSION_ABSOLUTE_HOURS
after sign-in however busy it is; no signed-in response may be stored by a browser or proxy."""

import time
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client
from django.urls import reverse

from accounts.models import SecurityEvent, UserSession
from journeys.models import Evidence
from tests.factories import TEST_PASSWORD, UserFactory
from tests.journeys.factories import PDF, task

pytestmark = pytest.mark.django_db

COOKIE = django_settings.SESSION_COOKIE_NAME
ACCOUNT = reverse("account")


class OutageCache(LocMemCache):
    """Local memory standing in for Redis, with an outage switch: while `down`, reads miss and
    writes and deletes are lost, as with mutuals_portal.lib.cache.FailSoftRedisCache."""

    down = False

    def get(self, key, default=None, version=None):
        return default if self.down else super().get(key, default, version)

    def set(self, *args, **kwargs):
        if not self.down:
            super().set(*args, **kwargs)

    def add(self, *args, **kwargs):
        return False if self.down else super().add(*args, **kwargs)

    def delete(self, *args, **kwargs):
        return False if self.down else super().delete(*args, **kwargs)

    def has_key(self, *args, **kwargs):
        return False if self.down else super().has_key(*args, **kwargs)


def _sign_in(client, user):
    response = client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client.cookies[COOKIE].value


def _replay(cookie) -> Client:
    replayed = Client()
    replayed.cookies[COOKIE] = cookie
    return replayed


def _is_sign_in_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_cookie_replayed_after_sign_out_gets_the_sign_in_page_though_the_cache_failed_at_sign_out(client, settings):
    settings.CACHES = {"default": {"BACKEND": "tests.accounts.test_session_end.OutageCache", "LOCATION": "outage"}}
    user = UserFactory(email="replay@example.test")
    cookie = _sign_in(client, user)
    assert client.get(ACCOUNT).status_code == 200
    OutageCache.down = True
    try:
        client.post(reverse("logout"))
    finally:
        OutageCache.down = False  # the cache comes back, still holding whatever it held
    replayed = _replay(cookie)
    assert _is_sign_in_redirect(replayed.get(ACCOUNT))
    # A write with the old cookie is refused too.
    response = replayed.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "replayed-pass-123", "new_password2": "replayed-pass-123"},
    )
    assert _is_sign_in_redirect(response)
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)
    assert not UserSession.objects.filter(session_key=cookie).exists()


def test_a_cookie_replayed_after_sign_out_with_the_cache_unreachable_gets_the_sign_in_page(client, settings):
    # A port nothing listens on: every cache call fails (softly).
    settings.CACHES = {
        "default": {
            "BACKEND": "mutuals_portal.lib.cache.FailSoftRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    user = UserFactory(email="replay@example.test")
    cookie = _sign_in(client, user)
    assert client.get(ACCOUNT).status_code == 200
    client.post(reverse("logout"))
    assert _is_sign_in_redirect(_replay(cookie).get(ACCOUNT))


def test_a_password_change_ends_the_other_sessions_and_rotates_this_one(client):
    user = UserFactory(email="change@example.test")
    elsewhere = Client()
    other_cookie = _sign_in(elsewhere, user)
    old_cookie = _sign_in(client, user)
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "a-brand-new-pass-99", "new_password2": "a-brand-new-pass-99"},
    )
    assert response.status_code == 302
    assert client.cookies[COOKIE].value != old_cookie  # rotated
    assert client.get(ACCOUNT).status_code == 200  # still signed in here
    assert _is_sign_in_redirect(_replay(other_cookie).get(ACCOUNT))
    assert _is_sign_in_redirect(_replay(old_cookie).get(ACCOUNT))
    assert list(UserSession.objects.filter(user_id=user.pk).values_list("session_key", flat=True)) == [
        client.cookies[COOKIE].value
    ]
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SESSIONS_ENDED, user=user).exists()


def test_a_password_reset_ends_every_session(client, mailoutbox):
    user = UserFactory(email="reset@example.test")
    cookie = _sign_in(Client(), user)
    client.post(reverse("password_reset"), {"email": user.email})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/accounts/reset/" in line)
    form_page = client.get(link.split("testserver", 1)[1], follow=True)
    new_password = {"new_password1": "a-brand-new-pass-99", "new_password2": "a-brand-new-pass-99"}
    done = client.post(form_page.redirect_chain[-1][0], new_password)
    assert done.status_code == 302
    assert _is_sign_in_redirect(_replay(cookie).get(ACCOUNT))
    assert not UserSession.objects.filter(user_id=user.pk).exists()


@pytest.mark.parametrize(
    "change", [{"is_active": False}, {"role": "body"}, {"is_staff": True}], ids=["deactivated", "role", "admin"]
)
def test_revoking_access_in_the_admin_ends_the_persons_sessions(client, change):
    admin = UserFactory(email="admin@example.test", is_superuser=True, is_staff=True, role="admin")
    user = UserFactory(email="revoked@example.test", full_name="Rev Oked")
    cookie = _sign_in(Client(), user)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "public_body": "",
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    for field, value in change.items():
        if value is False:
            data.pop(field)
        elif value is True:
            data[field] = "on"
        else:
            data[field] = value
    response = client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _is_sign_in_redirect(_replay(cookie).get(ACCOUNT))
    assert not UserSession.objects.filter(user_id=user.pk).exists()


def test_an_ordinary_save_of_the_user_keeps_their_sessions(client):
    user = UserFactory(email="kept@example.test")
    cookie = _sign_in(client, user)
    user.full_name = "A New Name"
    user.save()
    assert _replay(cookie).get(ACCOUNT).status_code == 200


def test_a_session_ends_at_the_absolute_lifetime_however_busy(client, settings):
    settings.SESSION_ABSOLUTE_HOURS = 12
    start = time.time()
    user = UserFactory(email="busy@example.test")
    with mock.patch("accounts.middleware.now", return_value=start):
        cookie = _sign_in(client, user)
    # Busy all day: renewed every few minutes, never idle.
    for minutes in range(0, 12 * 60, 25):
        with mock.patch("accounts.middleware.now", return_value=start + minutes * 60):
            assert client.get(ACCOUNT).status_code == 200
    with mock.patch("accounts.middleware.now", return_value=start + 12 * 3600 + 1):
        response = client.get(ACCOUNT)
        assert _is_sign_in_redirect(response)
        page = client.get(response["Location"])
    assert "signed in for 12 hours" in page.content.decode()
    assert not UserSession.objects.filter(session_key=cookie).exists()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SESSION_EXPIRED, user=user).exists()


def test_the_timeout_warning_counts_down_to_the_absolute_end_when_it_comes_first(client, settings):
    settings.SESSION_ABSOLUTE_HOURS = 12
    start = time.time()
    with mock.patch("accounts.middleware.now", return_value=start):
        client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    with mock.patch("accounts.middleware.now", return_value=start + 12 * 3600 - 100):
        html = client.get(reverse("home")).content.decode()
    left = int(html.split('data-idle-seconds="')[1].split('"')[0])
    assert 95 <= left <= 100


# Cache-Control ------------------------------------------------------------------------------


def test_every_signed_in_page_is_private_and_not_stored(client):
    client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    for url in (ACCOUNT, reverse("home"), reverse("casestudies:list")):
        assert client.get(url)["Cache-Control"] == "private, no-store", url


def test_a_public_cache_header_is_overridden_for_a_signed_in_person(client):
    url = reverse("api-case-study-list", kwargs={"version": "v1"})
    assert "public" in client.get(url)["Cache-Control"]  # anonymous: the view's own header
    client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(url)["Cache-Control"] == "private, no-store"


def test_anonymous_public_pages_are_never_marked_no_store(client):
    for url in (reverse("home"), reverse("casestudies:list"), reverse("api-case-study-list", kwargs={"version": "v1"})):
        response = client.get(url)
        assert "no-store" not in response.get("Cache-Control", ""), url
    # Even with a session cookie that signs nobody in (say, after signing out).
    client.cookies[COOKIE] = "not-a-session"
    assert "no-store" not in client.get(reverse("home")).get("Cache-Control", "")


def test_evidence_downloads_are_not_stored(client, journey, lead):
    from django.core.files.uploadedfile import SimpleUploadedFile

    row = task(journey, "options-appraisal")
    client.force_login(lead)
    client.post(
        reverse("journeys:evidence_upload", args=[journey.pk, row.pk]),
        {"file": SimpleUploadedFile("Appraisal.pdf", PDF, content_type="application/pdf")},
    )
    evidence = Evidence.objects.get()
    response = client.get(reverse("journeys:evidence_download", args=[journey.pk, evidence.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_decision_notice_downloads_are_not_stored(world, client_for):
    decision = world.objects["published_decision_a"]
    response = client_for(world.user("body")).get(reverse("challenges:notice_download", args=[decision.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_an_api_request_at_the_absolute_lifetime_gets_401_in_json(client, settings):
    settings.SESSION_ABSOLUTE_HOURS = 12
    start = time.time()
    with mock.patch("accounts.middleware.now", return_value=start):
        _sign_in(client, UserFactory(email="api@example.test"))
    with mock.patch("accounts.middleware.now", return_value=start + 12 * 3600):
        response = client.get("/api/v1/journeys/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Your session has ended. Sign in again."


def test_a_session_is_read_by_its_key_and_an_expired_one_is_no_session():
    """The store reads the row by a statement compiled once (accounts/sessions.py): another key, an
    expired row or a deleted one is no session, as with Django's database store."""
    import datetime

    from django.utils import timezone

    from accounts.sessions import SessionStore

    person = UserFactory()
    store = SessionStore()
    store["_auth_user_id"] = str(person.pk)
    store.create()
    key = store.session_key
    assert SessionStore(key).load()["_auth_user_id"] == str(person.pk)
    other = SessionStore()
    other.create()
    assert SessionStore(other.session_key).load() == {}  # another session, empty: not this one's data

    UserSession.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    expired = SessionStore(key)
    assert expired.load() == {} and expired.session_key is None
    UserSession.objects.filter(session_key=key).update(expire_date=timezone.now() + datetime.timedelta(hours=1))
    assert SessionStore(key).load()["_auth_user_id"] == str(person.pk)
    UserSession.objects.filter(session_key=key).delete()
    assert SessionStore(key).load() == {}
