"""No CSV download can carry a spreadsheet formula, whatever people typed (hypothesis).

Hostile text is stored where each export reads it, the real download is fetched and parsed
back: no cell starts with a formula character, and every stored value is still there (only
an apostrophe in front when one was needed).
"""

import csv
import io
import zipfile
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from challenges.models import EOIStatus
from journeys.models import Journey, Risk, Task
from mutuals_portal.lib.csv_export import FORMULA_STARTS, safe_cell
from tests.casestudies.factories import CaseStudyFactory
from tests.challenges.factories import DecisionFactory, EOIFactory
from tests.factories import StaffGroupFactory
from tests.journeys.factories import make_journey

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_characters = st.characters(exclude_categories=("Cs",))
# What spreadsheets run, in front of anything; then any text at all.
cell_text = st.builds(
    lambda start, rest: start + rest,
    st.sampled_from(["", *FORMULA_STARTS, " =", "'=", '"=', "＝"]),
    st.one_of(
        st.sampled_from(['HYPERLINK("http://example.invalid","x")', "cmd|' /C calc'!A0", "SUM(A1:A9)", "1+1"]),
        st.text(_characters, max_size=60),
    ),
)
# A database text column cannot hold NUL (PostgreSQL refuses it; the forms refuse it too).
stored_text = cell_text.map(lambda text: text.replace("\0", "")).filter(lambda text: text.strip())


def _rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))


def _assert_safe_and_kept(rows, values):
    cells = [cell for row in rows[1:] for cell in row]
    dangerous = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert not dangerous, f"cells a spreadsheet would run: {dangerous}"
    for value in values:
        assert safe_cell(value) in cells, f"{value!r} is not in the export as {safe_cell(value)!r}"


@given(text=st.one_of(cell_text, st.none(), st.integers(), st.decimals(allow_nan=False)))
@settings(max_examples=300, database=None, derandomize=True)
def test_a_safe_cell_never_starts_a_formula_and_loses_nothing(text):
    cell = safe_cell(text)
    original = "" if text is None else str(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (original, "'" + original)
    assert cell == original or original.startswith(FORMULA_STARTS)
    written = io.StringIO(newline="")
    csv.writer(written).writerow([cell, "next"])
    assert next(csv.reader(io.StringIO(written.getvalue(), newline=""))) == [cell, "next"]


def _in_rollback(check):
    with transaction.atomic():
        try:
            check()
        finally:
            transaction.set_rollback(True)


@pytest.mark.django_db
@FUZZ
@given(name=stored_text, summary=stored_text, lessons=stored_text)
def test_the_case_study_library_csv_neutralises_formulas(client, name, summary, lessons):
    def check():
        CaseStudyFactory(name=name[:200], summary=summary, lessons=lessons)
        response = client.get(reverse("casestudies:export_csv"))
        assert response.status_code == 200
        _assert_safe_and_kept(_rows(response), [name[:200], summary, lessons])

    _in_rollback(check)


@FUZZ
@given(body=stored_text, reasons=stored_text)
def test_the_public_register_csv_neutralises_formulas(client, world, body, reasons):
    def check():
        DecisionFactory(
            eoi__service=world.objects["service_a"],
            eoi__body_name=body[:200],
            reasons=reasons,
            published_at=timezone.now(),
        )
        response = client.get(reverse("challenges:register_csv"))
        assert response.status_code == 200
        _assert_safe_and_kept(_rows(response), [body[:200], reasons])

    _in_rollback(check)


@FUZZ
@given(body=stored_text)
def test_the_officers_eoi_csv_neutralises_formulas(client_for, world, body):
    def check():
        EOIFactory(service=world.objects["service_a"], body_name=body[:200], status=EOIStatus.RECEIVED)
        response = client_for(world.user("officer")).get(reverse("challenges:eoi_export"))
        assert response.status_code == 200
        _assert_safe_and_kept(_rows(response), [body[:200]])

    _in_rollback(check)


@FUZZ
@given(name=stored_text)
def test_the_programme_csv_neutralises_formulas(client_for, world, name):
    def check():
        journey = make_journey(group=StaffGroupFactory(name=name[:200]), supported=True)
        Journey.objects.filter(pk=journey.pk).update(last_activity_at=timezone.now() - timedelta(days=90))
        response = client_for(world.user("adviser")).get(reverse("referrals:pipeline_csv", args=["stalled"]))
        assert response.status_code == 200
        _assert_safe_and_kept(_rows(response), [name[:200]])

    _in_rollback(check)


@FUZZ
@given(notes=stored_text, title=stored_text)
def test_the_group_data_download_neutralises_formulas(client_for, world, notes, title):
    def check():
        journey = world.objects["journey_a"]
        Task.objects.filter(pk=world.objects["task_a"].pk).update(notes=notes)
        Risk.objects.create(journey=journey, title=title[:200], owner="Lead", likelihood=1, impact=1, mitigation="-")
        response = client_for(world.user("staff")).get(reverse("groupdata:group_data_download", args=[journey.pk]))
        assert response.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        rows = []
        for name in archive.namelist():
            if name.endswith(".csv"):
                text = archive.read(name).decode("utf-8-sig")
                rows += list(csv.reader(io.StringIO(text, newline="")))[1:]
        _assert_safe_and_kept([[], *rows], [notes, title[:200]])

    _in_rollback(check)
