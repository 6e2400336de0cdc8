"""Right to Challenge events reach people through the notification service, and only people
who may see the expression of interest."""

import pytest

from accounts.models import User
from challenges import services
from challenges.models import EOIStatus
from notifications.models import Notification
from tests.factories import PublicBodyFactory, UserFactory

from .factories import DecisionFactory, EOIFactory, ServiceFactory, WindowFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(council):
    ours = UserFactory(email="ours@example.test", role=User.Role.OFFICER, public_body=council)
    theirs = UserFactory(
        email="theirs@example.test", role=User.Role.OFFICER, public_body=PublicBodyFactory(name="Elsewhere")
    )
    return ours, theirs


def test_submitting_tells_the_council_s_officers_and_the_body(council, officers):
    ours, theirs = officers
    service = ServiceFactory(council=council)
    WindowFactory(service=service)
    eoi = EOIFactory(service=service)
    services.eoi_submit(eoi_id=eoi.pk, by=eoi.submitted_by)

    officer_note = Notification.objects.get(recipient=ours)
    assert officer_note.event_type == "challenges.eoi_submitted"
    assert eoi.reference in officer_note.message
    assert officer_note.target == eoi
    assert not Notification.objects.filter(recipient=theirs).exists()  # another council never hears

    body_note = Notification.objects.get(recipient=eoi.submitted_by)
    assert body_note.event_type == "challenges.eoi_statutory"
    # The statutory letter is its own email: the in-app copy is not emailed a second time.
    assert body_note.email_status == Notification.Email.NONE


def test_acknowledgement_and_publication_reach_the_body_s_inbox(council, officers):
    ours, _ = officers
    eoi = EOIFactory(service=ServiceFactory(council=council), status=EOIStatus.RECEIVED)
    services.eoi_acknowledge(eoi=eoi, by=ours)
    assert "acknowledged your expression of interest" in Notification.objects.get(recipient=eoi.submitted_by).message

    decision = DecisionFactory(eoi__service__council=council, decided_by=ours)
    services.decision_publish(decision=decision, by=ours)
    note = Notification.objects.filter(recipient=decision.eoi.submitted_by).latest("created_at")
    assert "published its decision" in note.message and "rejected" in note.message
