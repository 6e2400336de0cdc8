"""The optional virus scan of uploads (CLAMD_ADDRESS), against a fake clamd on a real socket."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import SecurityEvent
from journeys.models import Evidence
from mutuals_portal.lib import virus_scan
from tests.fake_clamd import EICAR, FakeClamd, unused_tcp_address
from tests.journeys.factories import PDF, task

INFECTED_PDF = PDF + EICAR + b"\n"
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def clamd(settings):
    with FakeClamd() as server:
        settings.CLAMD_ADDRESS = server.address
        yield server


def _upload(client, journey, content, name="report.pdf"):
    row = task(journey, "options-appraisal")
    return client.post(
        reverse("journeys:evidence_upload", args=[journey.pk, row.pk]), {"file": SimpleUploadedFile(name, content)}
    )


def _stored_files(settings) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "evidence"
    return list(folder.iterdir()) if folder.exists() else []


def test_a_clean_file_is_streamed_to_clamd_in_instream_chunks(clamd):
    content = b"%PDF-1.4\n" + b"x" * (virus_scan.CHUNK_BYTES + 10)
    result = virus_scan.scan(ContentFile(content, name="plan.pdf"))
    assert result == virus_scan.ScanResult(scanned=True, infected=False)
    assert clamd.commands == [b"zINSTREAM\0"]
    assert clamd.streams == [content]
    assert clamd.chunk_sizes == [[virus_scan.CHUNK_BYTES, len(content) - virus_scan.CHUNK_BYTES, 0]]


def test_the_eicar_test_file_is_reported_with_its_signature(clamd):
    result = virus_scan.scan(ContentFile(EICAR, name="eicar.pdf"))
    assert result.infected and result.signature == "Eicar-Test-Signature"


def test_clamd_on_a_unix_socket_is_used_too(settings, tmp_path):
    with FakeClamd(unix_path=tmp_path / "clamd.sock") as server:
        settings.CLAMD_ADDRESS = server.address
        assert virus_scan.scan(ContentFile(EICAR)).infected
        assert not virus_scan.scan(ContentFile(PDF)).infected
    assert server.address.startswith("unix://") and server.connections == 2


def test_an_unreachable_or_erroring_clamd_is_a_scan_error(settings):
    settings.CLAMD_ADDRESS = unused_tcp_address()
    with pytest.raises(virus_scan.ScanError):
        virus_scan.scan(ContentFile(PDF))
    with FakeClamd(reply=b"INSTREAM size limit exceeded. ERROR\0") as server:
        settings.CLAMD_ADDRESS = server.address
        with pytest.raises(virus_scan.ScanError, match="no verdict"):
            virus_scan.scan(ContentFile(PDF))


def test_with_no_address_set_nothing_is_scanned_and_no_connection_is_made(settings, client, journey, member):
    with FakeClamd() as server:
        settings.CLAMD_ADDRESS = ""
        assert virus_scan.scan(ContentFile(INFECTED_PDF)) == virus_scan.ScanResult(scanned=False)
        client.force_login(member)
        assert _upload(client, journey, PDF).status_code == 302
    assert server.connections == 0
    assert Evidence.objects.count() == 1


def test_a_clean_upload_is_scanned_and_kept(clamd, client, journey, member):
    client.force_login(member)
    assert _upload(client, journey, PDF).status_code == 302
    assert clamd.streams == [PDF]
    assert Evidence.objects.get().original_name == "report.pdf"


def test_an_infected_upload_is_refused_recorded_and_not_kept(clamd, client, journey, member, settings, caplog):
    client.force_login(member)
    with caplog.at_level(logging.WARNING, logger="journeys.uploads"):
        response = _upload(client, journey, INFECTED_PDF)
    assert "Virus scanner found Eicar-Test-Signature in an upload" in caplog.text
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The selected file contains a virus. It has not been uploaded" in html
    assert "Eicar" not in html and "clamd" not in html.lower()  # no internals
    assert not Evidence.objects.exists() and not _stored_files(settings)
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.UPLOAD_INFECTED)
    assert event.user == member
    assert event.path == reverse("journeys:evidence_upload", args=[journey.pk, task(journey, "options-appraisal").pk])


def test_an_unreachable_scanner_refuses_the_upload_until_it_answers(settings, client, journey, member):
    settings.CLAMD_ADDRESS = unused_tcp_address()
    client.force_login(member)
    response = _upload(client, journey, PDF)
    assert response.status_code == 200
    assert "The file could not be checked for viruses. Try again later." in response.content.decode()
    assert not Evidence.objects.exists() and not _stored_files(settings)
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.UPLOAD_INFECTED).exists()


def test_a_file_refused_for_its_content_never_reaches_the_scanner(clamd, client, journey, member):
    client.force_login(member)
    response = _upload(client, journey, b"MZ\x90\x00 an executable", name="report.pdf")
    assert "content does not match its name" in response.content.decode()
    assert clamd.connections == 0


def test_a_scanner_address_without_tcp_or_unix_stops_the_portal_from_starting():
    env = {**os.environ, "CLAMD_ADDRESS": "clamav:3310", "DJANGO_SETTINGS_MODULE": "mutuals_portal.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "CLAMD_ADDRESS must look like tcp://host:3310 or unix:///path/to/clamd.sock" in result.stderr
