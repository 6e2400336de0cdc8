"""The client's address behind the TLS proxy (pen test #16, point 9): X-Forwarded-For is believed
only from a trusted proxy, so one attacker cannot lock a victim out everywhere by forging the header,
and clients behind the proxy are not all counted as the proxy."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import SecurityEvent
from accounts.security import client_ip
from tests.factories import TEST_PASSWORD, UserFactory

PROXY = "10.9.0.2"


def _ip(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert _ip("198.51.100.7", "203.0.113.1") == "198.51.100.7"
    settings.TRUSTED_PROXIES = []
    assert _ip("198.51.100.7", "203.0.113.1") == "198.51.100.7"


def test_through_a_trusted_proxy_the_right_most_untrusted_address_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.9.0.0/24"]
    assert _ip(PROXY, "203.0.113.1") == "203.0.113.1"
    # The client wrote "1.2.3.4" itself; the proxy appended the address it really came from.
    assert _ip(PROXY, "1.2.3.4, 203.0.113.1") == "203.0.113.1"
    # Two of our proxies in a row.
    assert _ip(PROXY, "1.2.3.4, 203.0.113.1, 10.9.0.5") == "203.0.113.1"
    # No header: the proxy itself (a health check, say).
    assert _ip(PROXY) == PROXY
    # Garbage written by the client, left of the proxy's entry, changes nothing.
    assert _ip(PROXY, "not-an-address, 203.0.113.1") == "203.0.113.1"
    assert _ip(PROXY, "2001:db8::1") == "2001:db8::1"


def test_a_proxy_count_trusts_that_many_hops(settings):
    settings.TRUSTED_PROXIES = []
    settings.TRUSTED_PROXY_COUNT = 1
    assert _ip(PROXY, "1.2.3.4, 203.0.113.1") == "203.0.113.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert _ip(PROXY, "1.2.3.4, 203.0.113.1, 10.9.0.5") == "203.0.113.1"


def _fail(client, email, forwarded, password="wrong"):
    return client.post(
        reverse("login"),
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
def test_two_clients_behind_the_proxy_are_locked_out_separately(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    UserFactory(email="victim@example.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, "victim@example.test", "203.0.113.66")
    assert _fail(client, "victim@example.test", "203.0.113.66", TEST_PASSWORD).status_code == 429
    # The victim, elsewhere, behind the same proxy, still signs in.
    assert _fail(client, "victim@example.test", "198.51.100.7", TEST_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_an_attacker_forging_the_header_cannot_lock_the_victim_out_at_their_address(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    UserFactory(email="victim@example.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        # The attacker pretends to be the victim's address; the proxy appends the attacker's own.
        _fail(client, "victim@example.test", "198.51.100.7, 203.0.113.66")
    assert _fail(client, "victim@example.test", "198.51.100.7", TEST_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_audit_trail_records_the_real_client(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    _fail(client, "nobody@example.test", "1.2.3.4, 203.0.113.9")
    assert SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOGIN_FAILED).ip_address == "203.0.113.9"


@pytest.mark.django_db
def test_the_api_throttle_counts_the_client_not_a_forged_header(client, settings, monkeypatch):
    from django.core.cache.backends.locmem import LocMemCache

    monkeypatch.setattr(SimpleRateThrottle, "cache", LocMemCache("client-ip-tests", {}))
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "600/minute"})
    url = reverse("api-stage-list", kwargs={"version": "v1"})
    statuses = [
        client.get(url, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(3)
    ]
    assert statuses == [200, 200, 429]
