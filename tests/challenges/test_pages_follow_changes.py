"""The officer workspace, the EOI review page and the public register: each shows a change on the
next GET, to the right person only; access is decided in every request. The register's filter
lists are kept in the cache (public data) and follow every change they show."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from challenges.models import EOIStatus
from tests.factories import PublicBodyFactory, UserFactory

from .factories import DecisionFactory, EOIFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _html(client, url, **query) -> str:
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def test_officers_of_two_councils_each_see_their_own_workspace(client, officer, service):
    other_officer = UserFactory(role=User.Role.OFFICER, public_body=PublicBodyFactory(name="Other Council"))
    EOIFactory(service=service, status=EOIStatus.RECEIVED, body_name="Ours")
    EOIFactory(service=ServiceFactory(council=other_officer.public_body), status=EOIStatus.RECEIVED, body_name="Theirs")
    url = reverse("challenges:eoi_list")
    for person, shown, hidden in ((officer, "Ours", "Theirs"), (other_officer, "Theirs", "Ours")):
        client.force_login(person)
        html = _html(client, url)
        assert shown in html
        assert hidden not in html


def test_the_review_page_follows_acknowledgement_and_shows_the_flash_message_once(client, officer, service):
    client.force_login(officer)
    eoi = EOIFactory(service=service, status=EOIStatus.RECEIVED)
    url = reverse("challenges:eoi_review", args=[eoi.pk])
    assert "Acknowledge</button>" in _html(client, url)
    response = client.post(reverse("challenges:eoi_acknowledge", args=[eoi.pk]), follow=True)
    html = response.content.decode()
    assert f"{eoi.reference} acknowledged" in html
    assert "Acknowledge</button>" not in html
    assert f"{eoi.reference} acknowledged" not in _html(client, url)


def test_an_officer_who_moves_council_loses_its_eois_at_once(client, officer, service):
    eoi = EOIFactory(service=service, status=EOIStatus.RECEIVED)
    url = reverse("challenges:eoi_review", args=[eoi.pk])
    client.force_login(officer)
    _html(client, url)
    client.force_login(UserFactory(role=User.Role.OFFICER, public_body=PublicBodyFactory(name="Elsewhere")))
    assert client.get(url).status_code == 404
    client.force_login(officer)
    officer.public_body = PublicBodyFactory(name="New Council")
    officer.save()
    # The move ends their sessions (accounts.sessions); signed in again, the EOI is not theirs.
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(officer)
    assert client.get(url).status_code == 404


def test_the_register_shows_a_newly_published_decision_and_its_council_in_the_filter(client, service):
    url = reverse("challenges:register")
    DecisionFactory(eoi__service=service, eoi__body_name="Early body", published_at=timezone.now())
    assert "Early body" in _html(client, url)
    other = ServiceFactory(council=PublicBodyFactory(name="Later Council"))
    decision = DecisionFactory(eoi__service=other, eoi__body_name="Later body")
    html = _html(client, url)
    assert "Later body" not in html  # recorded, not yet published
    assert f'<option value="{other.council_id}"' not in html
    decision.published_at = timezone.now()
    decision.save()
    html = _html(client, url)
    assert "Later body" in html
    assert f'<option value="{other.council_id}"' in html


def test_the_register_follows_renamed_services_and_councils(client, service, council):
    url = reverse("challenges:register")
    DecisionFactory(eoi__service=service, eoi__body_name="Rejected body", published_at=timezone.now())
    assert "Rejected body" in _html(client, url, outcome="REJECTED")
    assert "Rejected body" not in _html(client, url, outcome="ACCEPTED")
    service.name = "Renamed service"
    service.save()
    assert "Renamed service" in _html(client, url)
    council.name = "Renamed Council"
    council.save()
    html = _html(client, url)
    assert f'<option value="{council.pk}">Renamed Council</option>' in " ".join(html.split())
