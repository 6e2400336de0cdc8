"""The officer's EOI review page reads each kind of thing once, however many partners, questions, conflict
declarations and steps the EOI has (issue #17: a measured page stays within 12 queries; `make bench` counts
one more here for the officer's second factor). The conflict rule is asked once for the whole page and
still sees a declaration covering every EOI of the body made on another of its EOIs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from challenges.models import EOIStatus, EOIStatusChange, InfoRequest
from tests.factories import UserFactory

from .factories import ConflictFactory, EOIFactory, PartnerFactory, ServiceFactory

pytestmark = pytest.mark.django_db

# Session and user, then the EOI (with its service, council, window and staff group link), its decisions,
# partners, the conflict declarations (with the conflict rule), the unread count, questions, documents, steps.
REVIEW_QUERIES = 10


def _eoi_with(n, council, officer):
    eoi = EOIFactory(service=ServiceFactory(council=council), status=EOIStatus.RECEIVED)
    asker = UserFactory(role=User.Role.OFFICER, public_body=council)
    for index in range(n):
        PartnerFactory(eoi=eoi, name=f"Partner {index}")
        InfoRequest.objects.create(eoi=eoi, question=f"Question {index}", asked_by=asker)
        ConflictFactory(eoi=eoi, officer=UserFactory(role=User.Role.OFFICER, public_body=council))
        EOIStatusChange.objects.create(eoi=eoi, from_status=EOIStatus.DRAFT, to_status=EOIStatus.RECEIVED)
    return eoi


def _review(client, eoi):
    url = reverse("challenges:eoi_review", args=[eoi.pk])
    client.get(url)  # warm-up: session renewal and first-request work
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_the_review_page_costs_the_same_few_queries_however_much_the_eoi_holds(client, council, officer):
    client.force_login(officer)
    _small, small = _review(client, _eoi_with(1, council, officer))
    _large, large = _review(client, _eoi_with(5, council, officer))

    assert small == large <= REVIEW_QUERIES


def test_a_declaration_on_another_eoi_of_the_body_still_blocks_and_is_not_listed_here(client, council, officer):
    eoi = _eoi_with(2, council, officer)
    client.force_login(officer)
    response, _queries = _review(client, eoi)
    assert b">Acknowledge</button>" in response.content

    other = EOIFactory(service=eoi.service, submitted_by=eoi.submitted_by, status=EOIStatus.RECEIVED)
    ConflictFactory(eoi=other, officer=officer, covers_body=True, interest="I chair the body's board.")
    response, queries = _review(client, eoi)

    assert b">Acknowledge</button>" not in response.content
    assert "I chair the body" not in response.content.decode()
    assert response.content.decode().count("My sister is a trustee.") == 2
    assert queries <= REVIEW_QUERIES
