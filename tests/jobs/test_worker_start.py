"""A worker killed outright leaves renders marked as in progress; a worker starting on the same host sends
them again at once (Celery's worker_ready signal), instead of waiting for the broker or the 10-minute sweep."""

import socket
import subprocess

import pytest
from celery.signals import worker_ready
from django.utils import timezone

from challenges import services as challenge_services
from challenges.models import DecisionNotice
from packs import services as pack_services
from packs.models import BusinessPlanPack
from tests.challenges.factories import DecisionFactory
from tests.journeys.factories import make_journey


@pytest.mark.django_db(transaction=True)
def test_a_worker_starting_sends_again_the_renders_of_a_dead_worker_on_its_host(packs_sent, notices_sent):
    journey = make_journey()
    pack, _ = pack_services.pack_request(journey=journey, by=journey.group.memberships.get(role="lead").user)
    notice = DecisionNotice.objects.create(decision=DecisionFactory(published_at=timezone.now()))
    killed = subprocess.Popen(["true"])
    killed.wait()
    dead = f"{socket.gethostname()}:{killed.pid}"
    pack_services.pack_claim(pack_id=pack.pk, worker=dead)
    challenge_services.notice_claim(notice_id=notice.pk, worker=dead)
    packs_sent.clear()
    notices_sent.clear()

    worker_ready.send(sender=None)

    assert (packs_sent, notices_sent) == ([pack.pk], [notice.pk])
    pack.refresh_from_db()
    notice.refresh_from_db()
    assert pack.status == BusinessPlanPack.Status.QUEUED and notice.status == DecisionNotice.Status.QUEUED
