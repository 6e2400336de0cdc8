"""Pen test #16, point 7: registration and the enquiry form are limited per client address (the
real client behind the TLS proxy: accounts.security.client_ip), the enquiry form's daily limit
counts name+tag@ as name@, and the enquiry confirmation echoes no free text."""

import pytest
from django.urls import reverse

from accounts.models import PendingRegistration, SecurityEvent
from journeys.models import StaffGroup
from programme.models import Referral
from tests.factories import PublicBodyFactory
from tests.programme.factories import enquiry_data

pytestmark = pytest.mark.django_db

REGISTER = reverse("journeys:register")
SIGNUP = reverse("challenges:body_signup")
ENQUIRE = reverse("referrals:enquire")
PROXY = "10.9.0.2"


def _group(n, council):
    return {
        "full_name": "Rosa Diaz",
        "email": f"rosa{n}@example.test",
        "password1": "a-long-pass-phrase-2026",
        "password2": "a-long-pass-phrase-2026",
        "name": f"Group {n}",
        "service_name": "Youth Service",
        "service_area": "youth",
        "parent_body": council.pk,
        "headcount": "28",
        "annual_budget": "910000",
    }


def test_registration_is_limited_per_address_with_a_govuk_429_page(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "registration": "3/hour"}
    council = PublicBodyFactory()
    for n in range(3):
        assert client.post(REGISTER, _group(n, council), REMOTE_ADDR="203.0.113.5").status_code == 302
    refused = client.post(REGISTER, _group(3, council), REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "<title>Too many attempts" in html and "govuk-heading-xl" in html
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert PendingRegistration.objects.count() == 3  # nothing kept from the refused one
    # The limit counts the body signup form too (the same scope) ...
    body = {
        "full_name": "Sam",
        "email": "sam@example.test",
        "body_name": "B",
        "body_type": "VCB",
        "password": "a-long-unusual-passphrase",
    }
    assert client.post(SIGNUP, body, REMOTE_ADDR="203.0.113.5").status_code == 429
    # ... and only that address: another one registers.
    assert client.post(REGISTER, _group(4, council), REMOTE_ADDR="198.51.100.9").status_code == 302
    assert client.get(REGISTER, REMOTE_ADDR="203.0.113.5").status_code == 200  # reading the form is not counted
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.RATE_LIMITED).count() == 1  # the first refusal
    assert not StaffGroup.objects.exists()


def test_behind_the_proxy_each_client_has_its_own_limit_and_a_forged_header_does_not_escape_it(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "enquiry": "2/hour"}

    sent = []

    def send(forwarded):
        sent.append(forwarded)  # a new mailbox each time: only the address limit applies
        data = enquiry_data(contact_email=f"person{len(sent)}@example.test")
        return client.post(ENQUIRE, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)

    assert [send(f"1.1.1.{n}, 203.0.113.5").status_code for n in range(3)] == [302, 302, 429]
    assert send("198.51.100.9").status_code == 302  # another client behind the same proxy
    assert Referral.objects.count() == 3


def test_the_daily_enquiry_limit_counts_plus_tags_and_case_as_one_mailbox(client, django_capture_on_commit_callbacks):
    for address in ["rosa+one@example.test", "Rosa+Two@Example.TEST", "rosa@example.test"]:
        assert client.post(ENQUIRE, enquiry_data(contact_email=address)).status_code == 302
    refused = client.post(ENQUIRE, enquiry_data(contact_email="rosa+three@example.test"))
    assert refused.status_code == 200
    assert "You have sent 3 enquiries from this email address" in refused.content.decode()
    # Another mailbox on the same domain, or with the same name elsewhere, is not counted.
    assert client.post(ENQUIRE, enquiry_data(contact_email="rosalind@example.test")).status_code == 302
    assert client.post(ENQUIRE, enquiry_data(contact_email="rosa@example.org")).status_code == 302


def test_the_enquiry_confirmation_email_has_only_the_reference_and_the_organisation(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    data = enquiry_data(
        contact_name="Click https://evil.example now",
        service_name="Visit evil.example for a prize",
        help_needed="Free text that must not be echoed",
        organisation="Kingsmere Youth Team",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(ENQUIRE, data).status_code == 302
    referral = Referral.objects.get()
    message = mailoutbox[0]
    for text in (message.subject, message.body, message.alternatives[0][0]):
        assert "evil.example" not in text and "must not be echoed" not in text
    assert referral.reference in message.body and "Kingsmere Youth Team" in message.body
