import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from journeys import services
from journeys.gates import missing_for_stage
from journeys.models import Evidence, JourneyEvent, Stage, Task
from mutuals_portal.lib.prepared import as_written
from tests.journeys.factories import advance_to, pdf_file, task


def test_a_member_updates_a_task_and_the_version_goes_up(journey, member):
    row = task(journey, "why-and-vision")
    updated = services.task_update(task=row, by=member, status="in_progress", notes="Draft", version=row.version)
    assert (updated.status, updated.notes, updated.updated_by, updated.version) == ("in_progress", "Draft", member, 2)
    assert journey.events.filter(kind=JourneyEvent.Kind.TASK, actor=member).exists()


def test_a_stale_version_is_a_conflict_and_nothing_is_overwritten(journey, lead, member):
    row = task(journey, "why-and-vision")
    services.task_update(task=row, by=lead, status="in_progress", notes="Lead's notes", version=1)
    with pytest.raises(services.TaskConflict) as conflict:
        services.task_update(task=row, by=member, status="completed", notes="Member's notes", version=1)
    assert conflict.value.current.notes == "Lead's notes"
    row.refresh_from_db()
    assert (row.notes, row.status, row.version) == ("Lead's notes", "in_progress", 2)


def test_the_task_page_explains_a_conflict_and_keeps_what_was_typed(client, journey, lead, member):
    row = task(journey, "why-and-vision")
    services.task_update(task=row, by=lead, status="in_progress", notes="Lead's notes", version=1)
    client.force_login(member)
    url = reverse("journeys:task", args=[journey.pk, row.pk])
    response = client.post(url, {"status": "completed", "notes": "Member's notes", "version": 1})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this task while you were editing it" in html
    assert "Lead&#x27;s notes" in html and "Member&#x27;s notes" in html
    assert 'name="version" value="2"' in html
    # Saving again after seeing the other change is allowed.
    response = client.post(url, {"status": "in_progress", "notes": "Member's notes", "version": 2})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.notes == "Member's notes"


def test_a_task_that_needs_evidence_cannot_be_completed_without_it(journey, lead):
    row = task(journey, "options-appraisal")
    with pytest.raises(ValidationError, match="Upload evidence"):
        services.task_update(task=row, by=lead, status="completed", notes="", version=row.version)
    services.evidence_add(task=row, by=lead, file=pdf_file())
    services.task_update(task=row, by=lead, status="completed", notes="", version=row.version)
    row.refresh_from_db()
    assert row.status == Task.Status.COMPLETED


def test_a_task_of_a_later_stage_can_be_started_and_completed_early(client, journey, lead):
    """Workstreams run in parallel: pensions, TUPE and registration alongside the business case."""
    row = task(journey, "tupe")
    assert journey.stage == Stage.EXPLORE
    client.force_login(lead)
    url = reverse("journeys:task", args=[journey.pk, row.pk])
    html = client.get(url).content.decode()
    assert "This task belongs to a later stage, Contract and transfer. You can work on it now" in html
    assert 'name="status"' in html
    services.evidence_add(task=row, by=lead, file=pdf_file())
    response = client.post(url, {"status": "completed", "notes": "Pack sent", "version": row.version})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.notes) == (Task.Status.COMPLETED, "Pack sent")


def test_the_gate_stays_sequential_when_later_tasks_are_done(journey, lead):
    """Completing every later-stage task does not let a journey leave a stage whose own tasks are open."""
    for row in Task.objects.filter(journey=journey).exclude(definition__stage__stage=Stage.EXPLORE):
        row.status = Task.Status.COMPLETED
        row.save()
    missing = missing_for_stage(journey)
    assert "Complete the task: Write down why you want to spin out and your vision" in missing
    assert all("Contract and transfer" not in item for item in missing)


def test_a_completed_task_can_be_reopened_but_not_reset_directly(journey, lead):
    row = task(journey, "why-and-vision")
    services.task_update(task=row, by=lead, status="completed", notes="", version=1)
    with pytest.raises(ValidationError, match="Choose a status"):
        services.task_update(task=row, by=lead, status="not_started", notes="", version=2)
    services.task_update(task=row, by=lead, status="in_progress", notes="", version=2)


def test_a_task_of_another_journey_is_not_found(client, journey, other_journey, lead):
    row = task(other_journey, "why-and-vision")
    client.force_login(lead)
    assert client.get(reverse("journeys:task", args=[journey.pk, row.pk])).status_code == 404


def test_the_overview_shows_the_task_list_by_stage(client, journey, lead):
    services.task_update(task=task(journey, "why-and-vision"), by=lead, status="in_progress", notes="", version=1)
    client.force_login(lead)
    html = client.get(reverse("journeys:overview", args=[journey.pk])).content.decode()
    assert "Current stage" in html
    assert "In progress" in html and "Not started" in html and "Cannot start yet" not in html
    assert "0 of 6 required tasks completed" in html
    # Later stages are open to work, with their stage named and their progress counted.
    assert (
        "Later stage" in html
        and "You can start these tasks now; they count when you leave Contract and transfer" in html
    )
    assert reverse("journeys:task", args=[journey.pk, task(journey, "tupe").pk]) in html
    assert "None started yet. You can start any task of a later stage now" in html
    assert "Write down why you want to spin out and your vision: in progress" in html  # timeline


def test_the_overview_counts_work_started_on_later_stages(client, journey, lead):
    services.task_update(task=task(journey, "pensions"), by=lead, status="in_progress", notes="", version=1)
    client.force_login(lead)
    html = client.get(reverse("journeys:overview", args=[journey.pk])).content.decode()
    assert "1 task of later stages started or completed" in html


def _grow(journey, user, n):
    """Add n evidence files and n timeline events."""
    row = task(journey, "options-appraisal")
    for i in range(n):
        services.evidence_add(task=row, by=user, file=pdf_file(f"file-{i}.pdf"))
        journey.log(user, JourneyEvent.Kind.TASK, f"Event {i}")


@pytest.mark.parametrize("size", [1, 15])
def test_the_overview_page_issues_a_constant_number_of_queries(client, journey, lead, size, django_assert_num_queries):
    _grow(journey, lead, size)
    advance_to(journey, Stage.SUPPORT, lead)
    client.force_login(lead)
    with django_assert_num_queries(11):
        assert client.get(reverse("journeys:overview", args=[journey.pk])).status_code == 200


@pytest.mark.parametrize("size", [1, 15])
def test_the_task_page_issues_a_constant_number_of_queries(client, journey, lead, size, django_assert_num_queries):
    _grow(journey, lead, size)
    row = task(journey, "options-appraisal")
    client.force_login(lead)
    with django_assert_num_queries(9):
        assert client.get(reverse("journeys:task", args=[journey.pk, row.pk])).status_code == 200
    assert Evidence.objects.filter(task=row).count() == size


def test_the_overview_reads_the_stages_with_the_tasks_and_still_shows_a_stage_without_tasks(client, journey, lead):
    """The stage headings come with the tasks' query; a stage with no task for this journey (a catalogue
    stage added after the journey began) is still shown, read from the catalogue."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from journeys.models import StageDefinition

    client.force_login(lead)
    url = reverse("journeys:overview", args=[journey.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as full:
        client.get(url)
    written = [as_written(q["sql"]) for q in full.captured_queries]
    assert not [sql for sql in written if sql.startswith('SELECT "journeys_stagedefinition"')]

    Task.objects.filter(journey=journey, definition__stage__stage=Stage.SPUN_OUT).delete()
    with CaptureQueriesContext(connection) as partial:
        html = client.get(url).content.decode()
    assert len(partial) == len(full) + 1
    titles = list(StageDefinition.objects.order_by("order").values_list("title", flat=True))
    assert len(titles) == len(Stage)
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)


def test_the_overview_shows_a_waiting_sign_off_read_with_the_plan_facts(client, journey, lead):
    """The sign-off request waiting for an adviser comes with the plan facts' query, not a query of its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from journeys.models import GateRequest

    GateRequest.objects.create(journey=journey, from_stage=Stage.EXPLORE, to_stage=Stage.SUPPORT, requested_by=lead)
    client.force_login(lead)
    url = reverse("journeys:overview", args=[journey.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = " ".join(client.get(url).content.decode().split())
    request = GateRequest.objects.get()
    assert (
        f"Sign-off of Exploring options was requested on {request.requested_at:%-d %B %Y} and is waiting for an "
        "adviser." in html
    )
    assert not [q for q in queries.captured_queries if as_written(q["sql"]).startswith('SELECT "journeys_gaterequest"')]
    GateRequest.objects.update(status=GateRequest.Status.RETURNED)
    assert "is waiting for an adviser" not in client.get(url).content.decode()


def test_overview_and_task_pages_cost_the_same_queries_as_data_grows(client, journey, lead):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(lead)
    row = task(journey, "options-appraisal")
    urls = [reverse("journeys:overview", args=[journey.pk]), reverse("journeys:task", args=[journey.pk, row.pk])]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            result.append(len(ctx.captured_queries))
        return result

    _grow(journey, lead, 2)
    small = counts()
    _grow(journey, lead, 20)
    assert counts() == small


def test_completing_a_task_tells_the_rest_of_the_group(journey, lead, member):
    from notifications.models import Notification

    row = task(journey, "why-and-vision")
    services.task_update(task=row, by=member, status="completed", notes="", version=row.version)
    told = Notification.objects.get(event_type="journeys.task_completed")
    assert told.recipient == lead
    assert told.url == reverse("journeys:task", args=[journey.pk, row.pk])
