"""Any relevant service may be challenged (Localism Act 2011 s.81; issue #19 point 1): an unlisted service
described by the body and linked by an officer, excluded services with their Schedule 2 basis (R1
pre-filled), and submission periods that never block (s.82: outside one the council may refuse)."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from challenges import services
from challenges.models import ChallengeableService, EOIStatus, EOIStatusChange, ExpressionOfInterest
from tests.factories import PublicBodyFactory, signed_in_client

from .factories import EOIFactory, ServiceFactory, WindowFactory

pytestmark = pytest.mark.django_db

EXCLUSION = "Schedule 2, paragraph 1: services for a named person with complex health and social care needs"


def test_a_body_describes_an_unlisted_service_and_nothing_is_created_until_it_saves(body, council):
    client = signed_in_client(body)
    url = reverse("challenges:eoi_start_unlisted")
    page = client.get(url).content.decode()
    assert council.name in page and "not only the services on its list" in page
    assert not ExpressionOfInterest.objects.exists() and not ChallengeableService.objects.exists()
    refused = client.post(url, {"council": council.pk, "name": "", "description": ""})
    assert "govuk-error-summary" in refused.content.decode()
    assert "Enter the name of the service" in refused.content.decode()
    assert not ChallengeableService.objects.exists()
    token = str(uuid.uuid4())
    data = {
        "council": council.pk,
        "name": "Mobile library",
        "description": "The van visiting rural villages.",
        "token": token,
    }
    response = client.post(url, data)
    eoi = ExpressionOfInterest.objects.get()
    assert response["Location"] == reverse("challenges:eoi_edit", args=[eoi.pk])
    assert client.post(url, data).status_code == 302  # a double click: the same draft
    assert ExpressionOfInterest.objects.count() == 1
    service = eoi.service
    assert service.council == council and service.described_by_body and not service.published
    assert service.name == "Mobile library"
    # Not on the public list.
    assert "Mobile library" not in Client().get(reverse("challenges:service_list")).content.decode()


def test_an_officer_links_an_unlisted_service_eoi_to_a_listed_service(council, officer, body):
    listed = ServiceFactory(council=council, name="Library outreach")
    described = ServiceFactory(council=council, name="Mobile library", published=False, described_by_body=True)
    eoi = EOIFactory(service=described, submitted_by=body, status=EOIStatus.RECEIVED)
    client = signed_in_client(officer)
    assert "Link it to a service record" in client.get(reverse("challenges:eoi_review", args=[eoi.pk])).content.decode()
    url = reverse("challenges:eoi_link_service", args=[eoi.pk])
    refused = client.post(url, {})
    assert "Select a service, or confirm the body" in refused.content.decode()
    assert client.post(url, {"service": str(listed.pk)}).status_code == 302
    eoi.refresh_from_db()
    assert eoi.service == listed
    assert not ChallengeableService.objects.filter(pk=described.pk).exists()
    change = EOIStatusChange.objects.get(eoi=eoi)
    assert change.changed_by == officer and "Linked to the service record Library outreach" in change.note


def test_linked_to_a_service_whose_period_was_closed_it_is_flagged_as_sent_outside_the_period(council, officer, body):
    """s.82: the body's description has no submission periods, so the question is asked of the service it is
    linked to; the officer is then offered the choice to consider it or refuse it (R1)."""
    youth = ServiceFactory(council=council, name="Youth clubs")
    WindowFactory(service=youth, opens_on=date(2024, 9, 1), closes_on=date(2024, 10, 31))
    described = ServiceFactory(council=council, name="Youth work", published=False, described_by_body=True)
    eoi = EOIFactory(service=described, submitted_by=body, status=EOIStatus.RECEIVED, received_on=date(2025, 1, 6))
    assert not eoi.outside_period
    services.eoi_link_service(eoi=eoi, by=officer, service=youth)
    eoi.refresh_from_db()
    assert eoi.service == youth and eoi.outside_period and not eoi.considered_outside_period
    change = EOIStatusChange.objects.get(eoi=eoi)
    assert change.note == "Linked to the service record Youth clubs, whose submission periods it was sent outside"
    review = signed_in_client(officer).get(reverse("challenges:eoi_review", args=[eoi.pk])).content.decode()
    assert "Sent outside the service's submission periods" in review and ">Consider it</button>" in review


def test_linked_to_a_service_open_when_it_was_received_it_is_not_flagged(council, officer, body):
    libraries = ServiceFactory(council=council, name="Library outreach")
    WindowFactory(service=libraries, opens_on=date(2025, 1, 1), closes_on=date(2025, 2, 28))
    described = ServiceFactory(council=council, published=False, described_by_body=True)
    eoi = EOIFactory(service=described, submitted_by=body, status=EOIStatus.RECEIVED, received_on=date(2025, 1, 6))
    services.eoi_link_service(eoi=eoi, by=officer, service=libraries)
    eoi.refresh_from_db()
    assert eoi.service == libraries and not eoi.outside_period
    assert EOIStatusChange.objects.get(eoi=eoi).note == "Linked to the service record Library outreach"


def test_an_officer_confirms_the_bodys_description_as_a_new_service_record(council, officer, body):
    described = ServiceFactory(council=council, name="Mobile library", published=False, described_by_body=True)
    eoi = EOIFactory(service=described, submitted_by=body, status=EOIStatus.RECEIVED)
    client = signed_in_client(officer)
    url = reverse("challenges:eoi_link_service", args=[eoi.pk])
    refused = client.post(url, {"service": "new", "name": ""})
    assert "Enter the name of the new service record" in refused.content.decode()
    client.post(url, {"service": "new", "name": "Mobile library service", "description": "Two vans."})
    described.refresh_from_db()
    assert not described.described_by_body and described.name == "Mobile library service"
    assert client.get(url).status_code == 302  # already linked


def test_a_service_of_another_council_cannot_be_linked(council, officer, body):
    elsewhere = ServiceFactory(council=PublicBodyFactory(name="Elsewhere"))
    described = ServiceFactory(council=council, published=False, described_by_body=True)
    eoi = EOIFactory(service=described, submitted_by=body, status=EOIStatus.RECEIVED)
    with pytest.raises(ValidationError):
        services.eoi_link_service(eoi=eoi, by=officer, service=elsewhere)
    eoi.refresh_from_db()
    assert eoi.service == described
    # And the link page offers only the council's own confirmed services.
    page = signed_in_client(officer).get(reverse("challenges:eoi_link_service", args=[eoi.pk])).content.decode()
    assert elsewhere.name not in page


def test_an_excluded_service_needs_its_basis_and_its_eoi_starts_as_an_r1_rejection(council, officer, body):
    service = ServiceFactory(council=council, name="Care packages")
    client = signed_in_client(officer)
    edit = reverse("challenges:service_edit", args=[service.pk])
    data = {"name": service.name, "description": service.description, "published": "on", "excluded": "on"}
    refused = client.post(edit, {**data, "exclusion_basis": ""})
    assert "Give the basis of the exclusion in Schedule 2 to SI 2012/1313" in refused.content.decode()
    service.refresh_from_db()
    assert not service.excluded
    client.post(edit, {**data, "exclusion_basis": EXCLUSION})
    service.refresh_from_db()
    assert service.excluded and service.exclusion_basis == EXCLUSION
    # Who excluded it and when is kept (the refused attempt left no record).
    latest, *earlier = service.history.order_by("-history_date", "-history_id")
    assert (latest.history_user, latest.excluded, len(earlier)) == (officer, True, 1)
    assert EXCLUSION in Client().get(reverse("challenges:service_detail", args=[service.pk])).content.decode()
    eoi = EOIFactory(service=service, submitted_by=body, status=EOIStatus.UNDER_REVIEW)
    form = client.get(reverse("challenges:eoi_decide", args=[eoi.pk])).context["form"]
    assert form.initial["outcome"] == "REJECTED" and form.initial["grounds"] == ["R1_NONCOMPLIANT"]
    assert EXCLUSION in form.initial["reasons"]


def test_outside_a_period_the_officer_chooses_to_consider_or_refuse(council, officer, body):
    service = ServiceFactory(council=council)
    WindowFactory(service=service, opens_on=date(2024, 9, 1), closes_on=date(2024, 10, 31))
    late = EOIFactory(
        service=service,
        submitted_by=body,
        status=EOIStatus.ACKNOWLEDGED,
        outside_period=True,
        received_on=date(2025, 1, 6),
    )
    client = signed_in_client(officer)
    review = client.get(reverse("challenges:eoi_review", args=[late.pk])).content.decode()
    assert "The council may refuse to consider it" in review and ">Consider it</button>" in review
    refuse = client.get(reverse("challenges:eoi_decide", args=[late.pk])).context["form"].initial
    assert refuse["grounds"] == ["R1_NONCOMPLIANT"] and "6 January 2025, outside the periods" in refuse["reasons"]
    assert client.post(reverse("challenges:eoi_consider_outside_period", args=[late.pk])).status_code == 302
    late.refresh_from_db()
    assert late.considered_outside_period
    assert EOIStatusChange.objects.filter(eoi=late, changed_by=officer, note__contains="will consider it").exists()
    assert client.get(reverse("challenges:eoi_decide", args=[late.pk])).context["form"].initial == {}
    # Choosing twice changes nothing.
    client.post(reverse("challenges:eoi_consider_outside_period", args=[late.pk]))
    assert EOIStatusChange.objects.filter(eoi=late).count() == 1
