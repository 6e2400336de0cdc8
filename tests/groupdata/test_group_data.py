"""Subject access: a lead downloads everything the portal holds about their group as a zip."""

import csv
import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groupdata import export
from journeys.models import JourneyEvent
from tests.groupdata.group_data import DUE_ON, PACK_PDF, fill_group

pytestmark = pytest.mark.django_db


def download(client, user, journey):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("groupdata:group_data_download", args=[journey.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return response, zipfile.ZipFile(io.BytesIO(body))


def read_json(archive, name):
    return json.loads(archive.read(name))


def test_a_lead_downloads_a_zip_named_after_the_group_and_the_day(client, filled):
    response, archive = download(client, filled.lead, filled.journey)
    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="mutuals-portal-alpha-group-data-{today}.zip"'
    assert response["Cache-Control"] == "private, no-store"
    assert archive.testzip() is None  # every member's CRC checks out


def test_the_zip_holds_a_readme_and_every_file(client, filled):
    _, archive = download(client, filled.lead, filled.journey)
    names = set(archive.namelist())
    tables = [
        "members",
        "invitations",
        "tasks",
        "evidence",
        "plan/ballots",
        "plan/board",
        "plan/risks",
        "stage_changes",
        "gate_decisions",
        "timeline",
        "business_plan_packs",
        "support_allocations",
        "notifications",
    ]
    single = ["group.json", "journey.json", "stages.json", "plan/legal_form.json", "plan/forecast.json"]
    expected = {"README.txt", *single, "plan/forecast_lines.csv", "referral.json"}
    expected |= {f"{table}.{ext}" for table in tables for ext in ("json", "csv")}
    assert expected <= names
    readme = archive.read("README.txt").decode()
    assert "Group: Alpha group" in readme
    for name in sorted(names - {"README.txt"}):
        assert name in readme  # the README lists every file of the download


def test_the_json_files_hold_the_groups_values(client, filled):
    _, archive = download(client, filled.lead, filled.journey)
    assert read_json(archive, "group.json")["service_description"] == "Alpha service description"
    journey = read_json(archive, "journey.json")
    assert journey["stage_name"] == "Building support"
    assert journey["in_mutuals_support_programme"] is True
    members = read_json(archive, "members.json")
    assert [(m["name"], m["email"], m["role"]) for m in members] == [
        ("Alpha Lead", "alpha-lead@example.test", "Lead"),
        ("Alpha Member", "alpha-member@example.test", "Member"),
    ]
    assert all(m["joined_at"] for m in members)
    assert [i["email"] for i in read_json(archive, "invitations.json")] == ["alpha-invitee@example.test"]
    stages = read_json(archive, "stages.json")
    assert [s["where"] for s in stages] == ["done", "current", "later", "later", "later", "later"]
    ballot_task = next(t for t in read_json(archive, "tasks.json") if t["notes"])
    assert ballot_task == {
        **ballot_task,
        "notes": "Alpha task notes",
        "status": "In progress",
        "owner": "Alpha Member",
        "due_on": DUE_ON.isoformat(),
        "updated_by": "Alpha Member",
    }
    assert read_json(archive, "plan/ballots.json")[0]["votes_for"] == 40
    assert read_json(archive, "plan/legal_form.json")["why_this_choice"] == "Alpha design notes"
    assert read_json(archive, "plan/board.json") == [{"constituency": "Staff", "seats": 3}]
    forecast = read_json(archive, "plan/forecast.json")
    assert forecast["lines"][0]["label"] == "Alpha contract"
    assert forecast["lines"][0]["2027-28"] == "1200.50"
    model = read_json(archive, "plan/financial_model.json")
    assert model["assumptions"]["basis"] == "Alpha basis"
    assert model["assumptions"]["contract_price"] == "2500000.00"
    assert model["lines"] == [
        {
            "kind": "Cost",
            "label": "Alpha supplies",
            "source": "Budget",
            "Year 1": "0.00",
            "Year 2": "7.25",
            "Year 3": "0.00",
        }
    ]
    assert read_json(archive, "plan/risks.json")[0]["owner"] == "Alpha Owner"
    assert read_json(archive, "plan/transfer_plan.json")["staff_transferring_under_tupe"] == 40
    assert read_json(archive, "stage_changes.json")[0]["note"] == "Alpha stage note"
    gates = read_json(archive, "gate_decisions.json")
    assert {g["status"] for g in gates} == {"Approved", "Waiting for sign-off"}
    assert next(g for g in gates if g["status"] == "Approved")["comments"] == "Alpha adviser comments"
    assert any(e["summary"].startswith("Evidence added") for e in read_json(archive, "timeline.json"))
    referral = read_json(archive, "referral.json")[0]
    assert (referral["contact_name"], referral["help_needed"]) == ("Alpha Contact", "Alpha help needed")
    assert read_json(archive, "support_allocations.json")[0]["amount_gbp"] == "1000.00"
    council = filled.journey.group.parent_body.name
    assert {n["message"] for n in read_json(archive, "notifications.json")} == {
        "Alpha moved on",
        "Alpha pack ready",
        f"{council} recorded a decision: Cabinet or key decision",
    }
    [decision] = read_json(archive, "council_decisions.json")
    assert (decision["decision"], decision["reference"], decision["notes"]) == (
        "Cabinet or key decision",
        "Alpha-KD",
        "Alpha council notes",
    )
    assert (decision["council"], decision["recorded_by"], decision["status"]) == (council, "Alpha Officer", "Recorded")


def test_the_advisers_internal_triage_notes_and_scores_are_not_in_it(client, filled):
    _, archive = download(client, filled.lead, filled.journey)
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Alpha internal triage notes" not in everything
    assert b"t3_sponsor" not in everything


def test_the_evidence_files_and_the_pack_are_in_it_byte_for_byte(client, filled):
    _, archive = download(client, filled.lead, filled.journey)
    rows = read_json(archive, "evidence.json")
    assert [row["file_name"] for row in rows] == ["Alpha minutes.pdf", "../../etc/passwd.pdf"]
    for row, content in zip(rows, filled.evidence_bytes, strict=True):
        assert archive.read(row["file_in_this_zip"]) == content
    # An uploader's file name never becomes a path outside the evidence folder.
    assert all(name.startswith("evidence/") and ".." not in name for name in archive.namelist() if "passwd" in name)
    pack_row = read_json(archive, "business_plan_packs.json")[0]
    assert pack_row["file_in_this_zip"] == f"packs/{filled.pack.download_name}"
    assert archive.read(pack_row["file_in_this_zip"]) == PACK_PDF


def test_another_groups_data_never_appears(client, filled):
    other = fill_group(tag="Bravo")
    _, archive = download(client, filled.lead, filled.journey)
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Alpha" in everything
    assert b"Bravo" not in everything
    assert b"bravo" not in everything
    assert other.evidence_bytes[0] not in everything


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(client, filled):
    task_row = filled.evidence[0].task
    task_row.refresh_from_db()
    task_row.notes = '=HYPERLINK("http://evil.example","click")'
    task_row.save(update_fields=["notes"])
    _, archive = download(client, filled.lead, filled.journey)
    rows = list(csv.DictReader(io.StringIO(archive.read("tasks.csv").decode("utf-8-sig"))))
    notes = [row["notes"] for row in rows if row["notes"]]
    assert notes == ['\'=HYPERLINK("http://evil.example","click")']
    assert next(t for t in read_json(archive, "tasks.json") if t["notes"])["notes"].startswith("=HYPERLINK")


def test_every_download_is_logged_on_the_timeline_with_who_and_when(client, filled):
    download(client, filled.lead, filled.journey)
    event = JourneyEvent.objects.filter(journey=filled.journey, kind=JourneyEvent.Kind.DATA).get()
    assert event.actor == filled.lead
    assert "Downloaded all of the group's data" in event.summary
    assert (timezone.now() - event.created_at).total_seconds() < 60


def test_a_missing_stored_file_is_listed_not_fatal(client, filled):
    gone = filled.evidence[0]
    gone.file.storage.delete(gone.file.name)
    _, archive = download(client, filled.lead, filled.journey)
    row = read_json(archive, "evidence.json")[0]
    assert row["file_in_this_zip"] == "(the stored file is missing)"
    assert "Alpha minutes.pdf" in archive.read("README.txt").decode().split("Files we could not find")[1]
    assert archive.read(read_json(archive, "evidence.json")[1]["file_in_this_zip"]) == filled.evidence_bytes[1]


def test_a_big_file_is_sent_in_pieces_not_held_whole(client, filled, settings):
    from journeys import services
    from tests.journeys.factories import pdf_file

    big = b"%PDF-1.4\n" + bytes(range(256)) * 8 * 1024 * 3  # 6 MiB that hardly compresses
    big = bytes((b * 7919 + i) % 256 for i, b in enumerate(big))  # break the repetition
    services.evidence_add(task=filled.evidence[0].task, by=filled.lead, file=pdf_file("big.pdf", b"%PDF-1.4\n" + big))
    client.force_login(filled.lead, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("groupdata:group_data_download", args=[filled.journey.pk]))
    chunks = list(response.streaming_content)
    assert max(len(chunk) for chunk in chunks) < 1024 * 1024
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert b"%PDF-1.4\n" + big in {archive.read(name) for name in archive.namelist() if name.endswith("big.pdf")}


def _add_more(filled, n):
    """n more rows in every table of the download."""
    from datetime import date

    from django.core.files.base import ContentFile

    from journeys import services
    from journeys.models import Ballot, ForecastLine, GateRequest, Risk, Stage
    from notifications.models import Notification
    from packs.models import BusinessPlanPack
    from tests.factories import MembershipFactory
    from tests.journeys.factories import pdf_file

    journey, lead = filled.journey, filled.lead
    task_row = filled.evidence[0].task
    for i in range(n):
        member = MembershipFactory(group=journey.group).user
        services.invitation_create(group=journey.group, email=f"more{i}@example.test", role="member", by=lead)
        services.evidence_add(task=task_row, by=member, file=pdf_file(f"more{i}.pdf"))
        Ballot.objects.create(journey=journey, held_on=date(2026, 6, 1), eligible=9, votes_for=5, votes_against=1)
        Risk.objects.create(journey=journey, title=f"Risk {i}", owner="X", likelihood=1, impact=1, mitigation="-")
        ForecastLine.objects.create(forecast=journey.forecast, kind="cost", label=f"Cost {i}")
        journey.change_stage(to_stage=Stage.EXPLORE, by=lead, note="back")
        journey.change_stage(to_stage=Stage.SUPPORT, by=lead, note="on")
        GateRequest.objects.create(
            journey=journey, from_stage="explore", to_stage="support", status="returned", requested_by=member
        )
        pack = BusinessPlanPack.objects.create(
            journey=journey, version=i + 100, status="ready", requested_by=member, source_hash=f"more-{i}"
        )
        pack.file.save("pack.pdf", ContentFile(b"%PDF-1.7 more"), save=True)
        notification = Notification(recipient=member, event_type="journeys.stage_changed", message=f"More {i}")
        notification.target = journey
        notification.save()


def test_the_number_of_queries_does_not_grow_with_the_data(client, filled):
    def queries():
        client.force_login(filled.lead, backend="django.contrib.auth.backends.ModelBackend")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("groupdata:group_data_download", args=[filled.journey.pk]))
            b"".join(response.streaming_content)
        return len(captured)

    queries()  # warm the content-type cache
    few = queries()
    _add_more(filled, 10)
    assert queries() == few
    # About one query per kind of record: 42 with comments, after launch, council decisions and mentoring.
    assert few <= 45


def test_the_data_page_explains_the_download_and_links_to_deletion(client, filled):
    client.force_login(filled.lead, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("groupdata:group_data", args=[filled.journey.pk])).content.decode()
    assert '<h1 class="govuk-heading-xl">Your group\'s data</h1>' in page
    assert reverse("groupdata:group_data_download", args=[filled.journey.pk]) in page
    assert reverse("groupdata:group_delete", args=[filled.journey.pk]) in page


def test_the_members_page_links_to_the_data_page_for_a_lead_only(client, filled):
    url = reverse("journeys:members", args=[filled.journey.pk])
    link = reverse("groupdata:group_data", args=[filled.journey.pk])
    client.force_login(filled.lead, backend="django.contrib.auth.backends.ModelBackend")
    assert link in client.get(url).content.decode()
    client.force_login(filled.member, backend="django.contrib.auth.backends.ModelBackend")
    assert link not in client.get(url).content.decode()


def test_a_member_who_is_not_a_lead_gets_403_and_nothing_is_logged(client, filled):
    client.force_login(filled.member, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("groupdata:group_data_download", args=[filled.journey.pk])).status_code == 403
    assert not JourneyEvent.objects.filter(kind=JourneyEvent.Kind.DATA).exists()


def test_the_adviser_of_the_journey_gets_404(client, filled):
    client.force_login(filled.adviser, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("journeys:overview", args=[filled.journey.pk])).status_code == 200
    assert client.get(reverse("groupdata:group_data_download", args=[filled.journey.pk])).status_code == 404


def test_the_file_name_uses_a_slug_of_the_group_name():
    class Group:
        name = "Ünïcode & <Friends> / Team"

    class Journey:
        group = Group()

    assert export.export_filename(Journey(), on=timezone.datetime(2026, 3, 4).date()) == (
        "mutuals-portal-unicode-friends-team-data-2026-03-04.zip"
    )
