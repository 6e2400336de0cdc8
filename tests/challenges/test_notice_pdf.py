"""A real Celery worker renders the decision notice with WeasyPrint; its text holds the grounds' words."""

import subprocess
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.files.storage import default_storage

from accounts.models import User
from challenges import services
from challenges.models import DecisionNotice, DecisionOutcome, EOIStatus, RejectionGround
from challenges.tasks import render_decision_notice
from mutuals_portal.celery import app as celery_app
from tests.factories import PublicBodyFactory, UserFactory

from .factories import EOIFactory, ServiceFactory

PDFTOTEXT = "/usr/bin/pdftotext"


@pytest.fixture
def isolated_broker(tmp_path, monkeypatch):
    """Our own queue folder, so the worker never picks up `make run`'s messages."""
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        for folder in ("queue", "control"):
            (tmp_path / folder).mkdir()
        monkeypatch.setitem(
            celery_app.conf,
            "broker_transport_options",
            {
                "data_folder_in": str(tmp_path / "queue"),
                "data_folder_out": str(tmp_path / "queue"),
                "control_folder": str(tmp_path / "control"),
                "store_processed": False,
            },
        )


def _pdf_text(name: str) -> str:
    with default_storage.open(name, "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-")
    result = subprocess.run([PDFTOTEXT, "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def _published_rejection():
    council = PublicBodyFactory(name="Notice Council")
    officer = UserFactory(role=User.Role.OFFICER, public_body=council, full_name="Nora Officer")
    eoi = EOIFactory(
        service=ServiceFactory(council=council, name="Allotments"),
        status=EOIStatus.UNDER_REVIEW,
        body_name="<b>Allotment</b> Friends & Co",
        contact_name="Pat <script>x</script>",
    )
    decision = services.decision_record(
        eoi=eoi,
        by=officer,
        outcome=DecisionOutcome.REJECTED,
        grounds=[RejectionGround.R9_FRIVOLOUS, RejectionGround.R6_ALREADY_PROCURING],
        reasons="The service is already out to tender <i>since March</i>.",
        wellbeing_considered=True,
        decision_maker="Sam Patel, Head of Commissioning",
        delegated_authority="Officer scheme of delegation, paragraph 4.2",
        key_decision_reference="KD/2026/031",
    )
    return services.decision_publish(decision=decision, by=officer)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_notice_with_the_grounds_in_full_words(isolated_broker):
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        decision = _published_rejection()  # publishing queues the render after commit
        notice = DecisionNotice.objects.get(decision=decision)
        deadline = time.monotonic() + 60
        while notice.status not in (DecisionNotice.Status.READY, DecisionNotice.Status.FAILED):
            assert time.monotonic() < deadline, f"notice still {notice.status}"
            time.sleep(0.3)
            notice.refresh_from_db()
    assert notice.status == DecisionNotice.Status.READY, notice.error
    assert notice.file.name.startswith("challenges/notices/")
    assert "notice" not in notice.file.name.rsplit("/", 1)[1]  # a random name, not a guessable one
    text = _pdf_text(notice.file.name)
    # Each ground by its paragraph of the Schedule to SI 2012/1647.
    assert "Paragraph 9 of the Schedule (R9): the expression of interest is frivolous or vexatious" in text
    assert "Paragraph 6 of the Schedule (R6): the service is already the subject of a procurement exercise" in text
    # Who decided, under what authority, and what the body can do next.
    assert "Decision maker Sam Patel, Head of Commissioning" in text
    assert "Delegated authority Officer scheme of delegation, paragraph 4.2" in text
    assert "Key decision reference KD/2026/031" in text
    assert "There is no right of appeal" in text and "judicial review" in text
    assert "You can take part in that exercise" in text  # R6: the live tender
    assert "Decision: Rejected" in text
    assert "Notice Council" in text
    # Typed markup is printed as text, not interpreted.
    assert "<b>Allotment</b> Friends & Co" in text
    assert "<i>since March</i>" in text


@pytest.mark.django_db
def test_a_ready_notice_is_not_rendered_again(monkeypatch):
    decision = _published_rejection()
    notice = DecisionNotice.objects.get(decision=decision)
    render_decision_notice.run(notice.pk)
    notice.refresh_from_db()
    first_name = notice.file.name
    monkeypatch.setattr("challenges.tasks.render_notice_pdf", lambda notice: pytest.fail("rendered twice"))
    assert render_decision_notice.run(notice.pk) == "ready"
    notice.refresh_from_db()
    assert notice.file.name == first_name


@pytest.mark.django_db
def test_a_failed_render_is_recorded_with_a_message(monkeypatch):
    decision = _published_rejection()
    notice = DecisionNotice.objects.get(decision=decision)

    def broken(notice):
        raise ValueError("bad template")

    monkeypatch.setattr("challenges.tasks.render_notice_pdf", broken)
    assert render_decision_notice.run(notice.pk).startswith("failed")
    notice.refresh_from_db()
    assert notice.status == DecisionNotice.Status.FAILED
    assert "could not be produced" in notice.error


@pytest.mark.django_db
def test_the_notice_is_a_tagged_pdf_with_its_page_numbers_as_artefacts():
    from challenges.tasks import render_notice_pdf
    from tests.pdf_ua import check_tagged, page_furniture_is_artifact

    decision = _published_rejection()
    notice = DecisionNotice.objects.get(decision=decision)
    pdf = check_tagged(render_notice_pdf(notice), title=f"Decision notice {decision.eoi.reference}")
    assert page_furniture_is_artifact(pdf, 1)
