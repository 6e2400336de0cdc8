"""A declared conflict of interest blocks every decision step an officer takes on an EOI, not only
the decision (pen test #16, point 5): acknowledging, starting the review, deciding, publishing,
correcting, producing the notice and recording procurement. One rule, in challenges.access."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from challenges import access, services
from challenges.models import Decision, DecisionNotice, DecisionOutcome, EOIStatus, ProcurementExercise
from tests.factories import UserFactory

from .factories import ConflictFactory, DecisionFactory, EOIFactory

pytestmark = pytest.mark.django_db


def _eoi(service, status):
    return EOIFactory(service=service, status=status)


def _unpublished(service, officer):
    return DecisionFactory(eoi__service=service, decided_by=officer)


def _published(service, officer):
    return DecisionFactory(
        eoi__service=service, eoi__status=EOIStatus.REJECTED, decided_by=officer, published_at=timezone.now()
    )


def _accepted(service, officer):
    return DecisionFactory(
        eoi__service=service,
        eoi__status=EOIStatus.ACCEPTED,
        outcome=DecisionOutcome.ACCEPTED,
        grounds=[],
        decided_by=officer,
        published_at=timezone.now(),
    )


@dataclass
class Step:
    name: str
    make: object  # (service, officer) -> the EOI or decision the step acts on
    url: str  # URL name; its pk is the object's
    data: dict
    done: object  # obj -> did the step happen?

    def eoi_of(self, obj):
        return obj if not isinstance(obj, Decision) else obj.eoi


STEPS = [
    Step(
        "acknowledge",
        lambda s, o: _eoi(s, EOIStatus.RECEIVED),
        "challenges:eoi_acknowledge",
        {},
        lambda eoi: eoi.__class__.objects.get(pk=eoi.pk).status == EOIStatus.ACKNOWLEDGED,
    ),
    Step(
        "start review",
        lambda s, o: _eoi(s, EOIStatus.ACKNOWLEDGED),
        "challenges:eoi_start_review",
        {},
        lambda eoi: eoi.__class__.objects.get(pk=eoi.pk).status == EOIStatus.UNDER_REVIEW,
    ),
    Step(
        "decide",
        lambda s, o: _eoi(s, EOIStatus.UNDER_REVIEW),
        "challenges:eoi_decide",
        {
            "outcome": "REJECTED",
            "grounds": ["R9_FRIVOLOUS"],
            "reasons": "A repeat.",
            "wellbeing_considered": "on",
            "decision_maker": "Sam Patel, Head of Commissioning",
            "delegated_authority": "Officer scheme of delegation, paragraph 4.2",
        },
        lambda eoi: Decision.objects.filter(eoi=eoi).exists(),
    ),
    Step(
        "publish",
        _unpublished,
        "challenges:decision_publish",
        {},
        lambda decision: Decision.objects.get(pk=decision.pk).is_published,
    ),
    Step(
        "correct",
        _published,
        "challenges:decision_correct",
        {"grounds": ["R9_FRIVOLOUS"], "reasons": "Corrected reasons.", "correction_note": "Typo."},
        lambda decision: Decision.objects.filter(supersedes=decision).exists(),
    ),
    Step(
        "produce the notice",
        _published,
        "challenges:notice_retry",
        {},
        lambda decision: DecisionNotice.objects.filter(decision=decision).exists(),
    ),
    Step(
        "record procurement",
        lambda s, o: _accepted(s, o).eoi,
        "challenges:procurement_record",
        {
            "starts_on": (timezone.localdate() + timedelta(days=100)).strftime("%d/%m/%Y"),
            "social_value_considered": "yes",
            "social_value_notes": "Local jobs",
            "procedure": "OPEN",
            "reserved_to_mutuals": "no",
        },
        lambda eoi: ProcurementExercise.objects.filter(eoi=eoi).exists(),
    ),
]


@pytest.mark.parametrize("step", STEPS, ids=[step.name for step in STEPS])
def test_a_conflicted_officer_is_refused_every_step_and_nothing_changes(client, service, officer, step):
    obj = step.make(service, officer)
    eoi = step.eoi_of(obj)
    ConflictFactory(eoi=eoi, officer=officer)
    statuses_before = list(eoi.status_changes.values_list("pk", flat=True))
    client.force_login(officer)
    response = client.post(reverse(step.url, args=[obj.pk]), step.data)
    assert response.status_code == 403
    assert not step.done(obj)
    assert list(eoi.status_changes.values_list("pk", flat=True)) == statuses_before
    assert mail.outbox == []


@pytest.mark.parametrize("step", STEPS, ids=[step.name for step in STEPS])
def test_an_officer_without_a_conflict_takes_every_step(client, service, officer, step):
    obj = step.make(service, officer)
    # A colleague's conflict does not stop this officer.
    ConflictFactory(eoi=step.eoi_of(obj), officer=UserFactory(role=User.Role.OFFICER, public_body=service.council))
    client.force_login(officer)
    response = client.post(reverse(step.url, args=[obj.pk]), step.data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert step.done(obj)


def test_a_conflict_covering_the_body_blocks_its_other_eois(client, service, officer):
    earlier = _eoi(service, EOIStatus.REJECTED)
    ConflictFactory(eoi=earlier, officer=officer, covers_body=True)
    later = EOIFactory(service=service, status=EOIStatus.RECEIVED, submitted_by=earlier.submitted_by)
    assert access.officer_blocked_by_conflict(officer, later)
    client.force_login(officer)
    assert client.post(reverse("challenges:eoi_acknowledge", args=[later.pk])).status_code == 403
    later.refresh_from_db()
    assert later.status == EOIStatus.RECEIVED


@pytest.mark.parametrize(
    ("make", "button"),
    [
        (lambda s, o: _eoi(s, EOIStatus.RECEIVED), ">Acknowledge</button>"),
        (lambda s, o: _eoi(s, EOIStatus.ACKNOWLEDGED), ">Mark as under review</button>"),
        (lambda s, o: _eoi(s, EOIStatus.UNDER_REVIEW), ">Record a decision</a>"),
        (lambda s, o: _unpublished(s, o).eoi, ">Check and publish the decision</a>"),
        (lambda s, o: _published(s, o).eoi, ">Correct this decision</a>"),
        (lambda s, o: _accepted(s, o).eoi, ">Record the procurement exercise</a>"),
    ],
    ids=["acknowledge", "start review", "decide", "publish", "correct", "procurement"],
)
def test_the_review_page_offers_no_step_to_a_conflicted_officer(client, service, officer, make, button):
    eoi = make(service, officer)
    client.force_login(officer)
    url = reverse("challenges:eoi_review", args=[eoi.pk])
    assert button in client.get(url).content.decode()
    client.post(reverse("challenges:conflict_declare", args=[eoi.pk]), {"interest": "My cousin runs it."})
    page = client.get(url).content.decode()
    assert button not in page
    assert "a colleague must decide it" in page or "Nothing more to do" in page


def test_the_services_refuse_a_conflicted_officer_too(service, officer):
    eoi = _eoi(service, EOIStatus.RECEIVED)
    ConflictFactory(eoi=eoi, officer=officer)
    with pytest.raises(services.ConflictOfInterest):
        services.eoi_acknowledge(eoi=eoi, by=officer)
    decision = _unpublished(service, officer)
    ConflictFactory(eoi=decision.eoi, officer=officer)
    with pytest.raises(services.ConflictOfInterest):
        services.decision_publish(decision=decision, by=officer)
