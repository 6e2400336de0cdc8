import itertools

import pytest
from django.core.exceptions import ValidationError

from journeys.models import Journey, JourneyEvent, Stage, StageChange

ORDER = list(Stage)
ALLOWED = {(ORDER[i], ORDER[i + 1]) for i in range(5)} | {(ORDER[i + 1], ORDER[i]) for i in range(5)}


@pytest.mark.parametrize(("from_stage", "to_stage"), list(itertools.product(ORDER, ORDER)))
def test_the_transition_table_allows_only_one_step_forward_or_back(from_stage, to_stage):
    assert Journey.is_allowed_move(from_stage, to_stage) == ((from_stage, to_stage) in ALLOWED)


@pytest.mark.parametrize(("from_stage", "to_stage"), sorted(set(itertools.product(ORDER, ORDER)) - ALLOWED))
def test_a_forbidden_move_is_refused_and_nothing_is_logged(journey, lead, from_stage, to_stage):
    Journey.objects.filter(pk=journey.pk).update(stage=from_stage)
    journey.refresh_from_db()
    with pytest.raises(ValidationError):
        journey.change_stage(to_stage=to_stage, by=lead, note="reason")
    journey.refresh_from_db()
    assert journey.stage == from_stage
    assert not StageChange.objects.filter(journey=journey).exists()


@pytest.mark.parametrize(("from_stage", "to_stage"), sorted(ALLOWED))
def test_an_allowed_move_changes_the_stage_and_writes_a_log_row(journey, lead, from_stage, to_stage):
    Journey.objects.filter(pk=journey.pk).update(stage=from_stage)
    journey.refresh_from_db()
    journey.change_stage(to_stage=to_stage, by=lead, note="reason")
    journey.refresh_from_db()
    assert journey.stage == to_stage
    change = StageChange.objects.get(journey=journey)
    assert (change.from_stage, change.to_stage, change.changed_by, change.note) == (
        from_stage,
        to_stage,
        lead,
        "reason",
    )
    assert journey.events.filter(kind=JourneyEvent.Kind.STAGE).count() == 1


def test_going_back_needs_a_reason(journey, lead):
    journey.change_stage(to_stage=Stage.SUPPORT, by=lead)
    with pytest.raises(ValidationError, match="reason"):
        journey.change_stage(to_stage=Stage.EXPLORE, by=lead, note="  ")
    journey.refresh_from_db()
    assert journey.stage == Stage.SUPPORT


def test_reaching_spun_out_marks_the_journey_spun_out(journey, lead):
    Journey.objects.filter(pk=journey.pk).update(stage=Stage.TRANSFER)
    journey.refresh_from_db()
    journey.change_stage(to_stage=Stage.SPUN_OUT, by=lead)
    assert journey.status == Journey.Status.SPUN_OUT
    journey.change_stage(to_stage=Stage.TRANSFER, by=lead, note="Contract start delayed")
    assert journey.status == Journey.Status.ACTIVE
