"""The council asks the body for more information; the body answers on its EOI (issue #19 point 4).
Asking is never a ground to reject."""

import pytest
from django.core import mail
from django.urls import reverse

from challenges import services
from challenges.models import EOIStatus, EOIStatusChange, InfoRequest
from tests.factories import signed_in_client

from .factories import BodyUserFactory, EOIFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eoi(officer, body):
    return EOIFactory(
        service=ServiceFactory(council=officer.public_body), submitted_by=body, status=EOIStatus.ACKNOWLEDGED
    )


def test_the_council_asks_and_the_body_answers_on_its_eoi(officer, body, eoi, django_capture_on_commit_callbacks):
    officer_client = signed_in_client(officer)
    url = reverse("challenges:info_request", args=[eoi.pk])
    refused = officer_client.post(url, {"question": ""})
    assert "Say what information you need" in refused.content.decode()
    assert not InfoRequest.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert officer_client.post(url, {"question": "Send your last two years' accounts."}).status_code == 302
    info = InfoRequest.objects.get()
    assert info.asked_by == officer and not info.is_answered
    assert [m.to for m in mail.outbox] == [[eoi.contact_email]]
    assert "Send your last two years' accounts." in mail.outbox[0].body
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.ACKNOWLEDGED  # asking changes nothing else
    body_client = signed_in_client(body)
    page = body_client.get(reverse("challenges:my_eoi_detail", args=[eoi.pk])).content.decode()
    assert "Send your last two years&#x27; accounts." in page and "Not answered yet" in page
    answer_url = reverse("challenges:info_answer", args=[eoi.pk, info.pk])
    assert "Enter your answer" in body_client.post(answer_url, {"answer": " "}).content.decode()
    assert body_client.post(answer_url, {"answer": "Attached to our email of today."}).status_code == 302
    info.refresh_from_db()
    assert info.is_answered and info.answered_by == body and info.answer == "Attached to our email of today."
    review = officer_client.get(reverse("challenges:eoi_review", args=[eoi.pk])).content.decode()
    assert "Attached to our email of today." in review
    notes = list(EOIStatusChange.objects.filter(eoi=eoi).values_list("note", "changed_by"))
    assert notes == [
        ("The council asked for more information", officer.pk),
        ("The body answered the council's request", body.pk),
    ]
    # Answering twice changes nothing.
    body_client.post(answer_url, {"answer": "Again"})
    info.refresh_from_db()
    assert info.answer == "Attached to our email of today."


def test_another_body_cannot_answer_and_no_request_after_the_decision(officer, body, eoi):
    info = services.info_request(eoi=eoi, by=officer, question="Who are your trustees?")
    stranger = BodyUserFactory()
    assert signed_in_client(stranger).get(reverse("challenges:info_answer", args=[eoi.pk, info.pk])).status_code == 404
    with pytest.raises(services.ValidationError):
        services.info_answer(request=info, by=stranger, answer="Me")
    decided = EOIFactory(service=eoi.service, submitted_by=body, status=EOIStatus.REJECTED)
    with pytest.raises(services.ValidationError):
        services.info_request(eoi=decided, by=officer, question="Anything?")


def test_an_unanswered_request_is_said_not_to_be_a_ground_on_the_decision_page(officer, eoi):
    services.info_request(eoi=eoi, by=officer, question="Who are your trustees?")
    page = signed_in_client(officer).get(reverse("challenges:eoi_decide", args=[eoi.pk])).content.decode()
    assert "An unanswered request for more information is not, by itself, a ground to reject" in page
