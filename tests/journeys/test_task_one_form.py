"""The task page's one form: notes, status and a file are saved together, or nothing is and the
typed notes come back (issue #22, point 5: notes typed on a task vanished when evidence was uploaded)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journeys import services
from journeys.models import Evidence, Task
from tests.journeys.factories import PDF, task

EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60


def _post(client, journey, row, **data):
    url = reverse("journeys:task", args=[journey.pk, row.pk])
    return client.post(url, {"status": "in_progress", "notes": "", "version": row.version, **data})


def test_notes_and_a_file_sent_together_are_both_saved(client, journey, member):
    row = task(journey, "options-appraisal")
    client.force_login(member)
    response = _post(
        client, journey, row, notes="Met the finance lead", stay="1", file=SimpleUploadedFile("a.pdf", PDF)
    )
    assert response.status_code == 302 and response.url == reverse("journeys:task", args=[journey.pk, row.pk])
    row.refresh_from_db()
    assert (row.notes, row.status, row.updated_by) == ("Met the finance lead", "in_progress", member)
    assert list(Evidence.objects.filter(task=row).values_list("original_name", "uploaded_by")) == [("a.pdf", member.pk)]


def test_a_task_needing_evidence_is_completed_in_the_same_save_as_its_upload(client, journey, member):
    row = task(journey, "options-appraisal")
    client.force_login(member)
    response = _post(client, journey, row, status="completed", file=SimpleUploadedFile("appraisal.pdf", PDF))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == Task.Status.COMPLETED and row.evidence.count() == 1


def test_a_refused_file_saves_nothing_and_shows_the_typed_notes_again(client, journey, member):
    row = task(journey, "options-appraisal")
    client.force_login(member)
    response = _post(client, journey, row, notes="Typed, not yet saved", file=SimpleUploadedFile("a.pdf", EXE))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Typed, not yet saved" in html
    assert "Your notes are kept below" in html
    row.refresh_from_db()
    assert (row.notes, row.version, row.evidence.count()) == ("", 1, 0)


def test_the_upload_button_without_a_file_asks_for_one_and_keeps_the_notes(client, journey, member):
    row = task(journey, "options-appraisal")
    client.force_login(member)
    response = _post(client, journey, row, notes="Keep me", stay="1")
    assert response.status_code == 200
    assert "Select a file to upload" in response.content.decode() and "Keep me" in response.content.decode()
    row.refresh_from_db()
    assert row.notes == ""


def test_a_conflict_stores_neither_the_notes_nor_the_file(client, journey, lead, member):
    row = task(journey, "options-appraisal")
    services.task_update(task=row, by=lead, status="in_progress", notes="Lead's notes", version=1)
    client.force_login(member)
    url = reverse("journeys:task", args=[journey.pk, row.pk])
    response = client.post(
        url, {"status": "in_progress", "notes": "Mine", "version": 1, "file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert response.status_code == 409
    assert "Nothing was uploaded: choose the file again" in response.content.decode()
    row.refresh_from_db()
    assert (row.notes, row.evidence.count()) == ("Lead's notes", 0)


def test_a_save_that_fails_after_the_upload_leaves_no_file_behind(journey, member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    row = task(journey, "options-appraisal")
    with pytest.raises(ValueError):
        services.task_save(
            task=row, by=member, status="not-a-status", notes="x", version=1, file=SimpleUploadedFile("a.pdf", PDF)
        )
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    assert Evidence.objects.filter(task=row).count() == 0
