"""Requesting packs: queued after commit, idempotent for unchanged data, one live pack per source, retry."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from journeys.models import Risk
from packs import services
from packs.models import BusinessPlanPack
from tests.journeys.factories import make_journey

pytestmark = pytest.mark.django_db
Status = BusinessPlanPack.Status


def test_a_request_queues_the_task_only_after_the_transaction_commits(
    journey, lead, packs_sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pack, created = services.pack_request(journey=journey, by=lead)
    assert created and pack.version == 1 and pack.status == Status.QUEUED
    assert packs_sent == []
    for callback in callbacks:
        callback()
    assert packs_sent == [pack.pk]
    assert list(pack.events.values_list("to_status", flat=True)) == ["queued"]


def test_a_request_for_unchanged_data_returns_the_existing_pack(
    journey, lead, packs_sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = services.pack_request(journey=journey, by=lead)
        again, created = services.pack_request(journey=journey, by=lead)
    assert again == first and not created
    assert packs_sent == [first.pk]
    assert BusinessPlanPack.objects.count() == 1


def test_a_request_after_the_data_changed_makes_a_new_version_and_keeps_the_old(journey, lead, packs_sent):
    first, _ = services.pack_request(journey=journey, by=lead)
    Risk.objects.create(journey=journey, title="New risk", owner="Lead", likelihood=2, impact=2, mitigation="Watch")
    second, created = services.pack_request(journey=journey, by=lead)
    assert created and second.version == 2
    assert BusinessPlanPack.objects.filter(journey=journey).count() == 2


def test_the_database_refuses_two_live_packs_of_the_same_data(journey, lead, packs_sent):
    first, _ = services.pack_request(journey=journey, by=lead)
    with pytest.raises(IntegrityError), transaction.atomic():
        BusinessPlanPack.objects.create(journey=journey, version=2, source_hash=first.source_hash)


def test_a_request_that_loses_the_race_returns_the_winners_pack(journey, lead, packs_sent, monkeypatch):
    winner, _ = services.pack_request(journey=journey, by=lead)
    real = services._live_pack
    calls = []

    def blind_first_time(*args):
        calls.append(1)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(services, "_live_pack", blind_first_time)  # as if the winner had not committed yet
    pack, created = services.pack_request(journey=journey, by=lead)
    assert pack == winner and not created
    assert BusinessPlanPack.objects.count() == 1


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_never_render_the_same_version_twice(packs_sent):
    journey = make_journey()
    lead = journey.group.memberships.get(role="lead").user
    results, barrier = [], threading.Barrier(4)

    def request():
        barrier.wait()
        try:
            results.append(services.pack_request(journey=journey, by=lead))
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    assert len({pack.pk for pack, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert BusinessPlanPack.objects.count() == 1
    assert len(packs_sent) == 1


def test_retrying_a_failed_pack_requeues_the_same_version(
    journey, lead, packs_sent, django_capture_on_commit_callbacks
):
    pack, _ = services.pack_request(journey=journey, by=lead)
    pack = services.pack_claim(pack_id=pack.pk, worker="test:1")
    services.pack_fail(pack=pack, reason="Bad data")
    with django_capture_on_commit_callbacks(execute=True):
        again = services.pack_retry(pack=BusinessPlanPack.objects.get(pk=pack.pk), by=lead)
    assert again.pk == pack.pk and again.status == Status.QUEUED and again.error == ""
    assert packs_sent[-1] == pack.pk
    assert list(again.events.values_list("to_status", flat=True)) == ["queued", "rendering", "failed", "queued"]


def test_retrying_after_the_data_changed_makes_a_new_version(journey, lead, packs_sent):
    pack, _ = services.pack_request(journey=journey, by=lead)
    services.pack_fail(pack=pack, reason="Bad data")
    Risk.objects.create(journey=journey, title="New risk", owner="Lead", likelihood=2, impact=2, mitigation="Watch")
    again = services.pack_retry(pack=BusinessPlanPack.objects.get(pk=pack.pk), by=lead)
    assert again.version == 2
    assert BusinessPlanPack.objects.get(pk=pack.pk).status == Status.FAILED


def test_a_ready_pack_cannot_go_back_to_the_queue(journey, lead, packs_sent):
    from django.core.exceptions import ValidationError

    pack, _ = services.pack_request(journey=journey, by=lead)
    pack.status = Status.READY
    with pytest.raises(ValidationError):
        pack.move_to(Status.QUEUED)
