"""Data retention for unfinished drafts (issue #25, point 9): a draft expression of interest or case study
nobody has changed for STALE_DRAFT_DAYS is deleted, with its documents, after an email to its author
STALE_DRAFT_WARNING_DAYS before. The clock is fixed: every step is given `now`."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings

from accounts.models import SecurityEvent
from casestudies import retention as casestudy_retention
from casestudies.models import CaseStudy
from challenges import retention as eoi_retention
from challenges.models import Attachment, EOIStatus, ExpressionOfInterest
from mutuals_portal.settings import CELERY_BEAT_SCHEDULE
from tests.casestudies.factories import CaseStudyFactory
from tests.challenges.factories import EOIFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def periods(settings):
    settings.STALE_DRAFT_DAYS = 180
    settings.STALE_DRAFT_WARNING_DAYS = 30
    settings.SITE_URL = "https://mutuals.example"


def _age(obj, days):
    """Set the draft's last change `days` before NOW (updated_at is auto_now, so through an update)."""
    type(obj).objects.filter(pk=obj.pk).update(updated_at=NOW - timedelta(days=days))
    obj.refresh_from_db()
    return obj


def _run(step, when, capture):
    with capture(execute=True):
        return step(now=when)


def _eoi_with_document(days):
    eoi = EOIFactory()
    attachment = Attachment.objects.create(
        eoi=eoi,
        kind=Attachment.Kind.ACCOUNTS,
        file=ContentFile(b"%PDF-1.7 accounts", name="accounts.pdf"),
        original_name="accounts.pdf",
        uploaded_by=eoi.submitted_by,
    )
    return _age(eoi, days), attachment.file.name


def test_a_draft_eoi_is_warned_then_deleted_with_its_documents(django_capture_on_commit_callbacks, mailoutbox):
    stale, stored = _eoi_with_document(155)
    recent = _age(EOIFactory(), 100)
    assert default_storage.exists(stored)

    result = _run(eoi_retention.expire_stale_drafts, NOW, django_capture_on_commit_callbacks)
    assert result == {"deleted": 0, "warned": 1}
    stale.refresh_from_db()
    assert stale.retention_warned_at == NOW
    assert stale.updated_at == NOW - timedelta(days=155), "the warning is not a change to the draft"
    [email] = mailoutbox
    assert email.to == [stale.submitted_by.email]
    assert "will be deleted on 31 December 2026" in email.subject
    assert f"your draft expression of interest in {stale.service.name}" in email.body
    assert f"https://mutuals.example/challenges/my/{stale.pk}/edit/" in email.body
    warned = SecurityEvent.objects.get(kind=SecurityEvent.Kind.DRAFT_WARNED)
    assert (warned.user, warned.path) == (stale.submitted_by, f"/challenges/my/{stale.pk}/edit/")

    # Run again the next day: nothing new (one warning per period), nothing deleted yet.
    assert _run(eoi_retention.expire_stale_drafts, NOW + timedelta(days=1), django_capture_on_commit_callbacks) == {
        "deleted": 0,
        "warned": 0,
    }
    assert len(mailoutbox) == 1

    later = NOW + timedelta(days=30)
    assert _run(eoi_retention.expire_stale_drafts, later, django_capture_on_commit_callbacks)["deleted"] == 1
    assert not ExpressionOfInterest.objects.filter(pk=stale.pk).exists()
    assert not Attachment.objects.filter(eoi_id=stale.pk).exists()
    assert not default_storage.exists(stored)
    deleted = SecurityEvent.objects.get(kind=SecurityEvent.Kind.DRAFT_DELETED)
    assert (deleted.user, deleted.path) == (stale.submitted_by, f"/challenges/my/{stale.pk}/edit/")
    assert ExpressionOfInterest.objects.filter(pk=recent.pk).exists()


def test_changing_a_draft_after_the_warning_keeps_it_and_starts_the_count_again(
    django_capture_on_commit_callbacks, mailoutbox
):
    draft = _age(EOIFactory(), 160)
    _run(eoi_retention.expire_stale_drafts, NOW, django_capture_on_commit_callbacks)
    # The body opens the draft and saves a change 10 days after the warning.
    ExpressionOfInterest.objects.filter(pk=draft.pk).update(updated_at=NOW + timedelta(days=10))

    result = _run(eoi_retention.expire_stale_drafts, NOW + timedelta(days=40), django_capture_on_commit_callbacks)
    assert result == {"deleted": 0, "warned": 0}
    assert ExpressionOfInterest.objects.filter(pk=draft.pk).exists()

    # Unchanged again for more than 150 days: a new warning, and deletion 30 days after it.
    second = NOW + timedelta(days=10 + 151)
    assert _run(eoi_retention.expire_stale_drafts, second, django_capture_on_commit_callbacks)["warned"] == 1
    assert len(mailoutbox) == 2
    final = second + timedelta(days=30)
    assert _run(eoi_retention.expire_stale_drafts, final, django_capture_on_commit_callbacks)["deleted"] == 1


def test_sent_eois_and_drafts_without_an_author_are_never_touched(django_capture_on_commit_callbacks, mailoutbox):
    sent = _age(EOIFactory(status=EOIStatus.RECEIVED), 900)
    withdrawn = _age(EOIFactory(status=EOIStatus.WITHDRAWN), 900)
    orphan = _age(EOIFactory(submitted_by=None), 900)
    for when in (NOW, NOW + timedelta(days=31)):
        assert _run(eoi_retention.expire_stale_drafts, when, django_capture_on_commit_callbacks) == {
            "deleted": 0,
            "warned": 0,
        }
    assert set(ExpressionOfInterest.objects.values_list("pk", flat=True)) == {sent.pk, withdrawn.pk, orphan.pk}
    assert mailoutbox == []


def test_a_draft_case_study_is_warned_then_deleted_and_others_stay(django_capture_on_commit_callbacks, mailoutbox):
    contributor = UserFactory()
    draft = _age(CaseStudyFactory(status=CaseStudy.Status.DRAFT, contributed_by=contributor, name="Bridge Care"), 170)
    in_review = _age(CaseStudyFactory(status=CaseStudy.Status.IN_REVIEW, contributed_by=contributor), 900)
    published = _age(CaseStudyFactory(status=CaseStudy.Status.PUBLISHED, contributed_by=contributor), 900)
    seeded = _age(CaseStudyFactory(status=CaseStudy.Status.DRAFT, contributed_by=None), 900)

    assert _run(casestudy_retention.expire_stale_drafts, NOW, django_capture_on_commit_callbacks) == {
        "deleted": 0,
        "warned": 1,
    }
    [email] = mailoutbox
    assert email.to == [contributor.email]
    assert "your draft case study \u201cBridge Care\u201d" in email.body
    assert f"/case-studies/{draft.slug}/edit/" in email.body

    later = NOW + timedelta(days=30)
    assert _run(casestudy_retention.expire_stale_drafts, later, django_capture_on_commit_callbacks)["deleted"] == 1
    assert not CaseStudy.objects.filter(pk=draft.pk).exists()
    assert CaseStudy.objects.filter(pk__in=[in_review.pk, published.pk, seeded.pk]).count() == 3


def test_the_periods_come_from_settings(settings, django_capture_on_commit_callbacks, mailoutbox):
    settings.STALE_DRAFT_DAYS = 60
    settings.STALE_DRAFT_WARNING_DAYS = 7
    draft = _age(EOIFactory(), 54)
    assert _run(eoi_retention.expire_stale_drafts, NOW, django_capture_on_commit_callbacks)["warned"] == 1
    assert "7 days from now" in mailoutbox[0].body
    assert (
        _run(eoi_retention.expire_stale_drafts, NOW + timedelta(days=6), django_capture_on_commit_callbacks)["deleted"]
        == 0
    )
    assert (
        _run(eoi_retention.expire_stale_drafts, NOW + timedelta(days=7), django_capture_on_commit_callbacks)["deleted"]
        == 1
    )
    assert not ExpressionOfInterest.objects.filter(pk=draft.pk).exists()


def test_both_jobs_run_monthly_and_the_privacy_notice_states_the_periods(client):
    tasks = {entry["task"]: entry["schedule"] for entry in CELERY_BEAT_SCHEDULE.values()}
    for task in ("challenges.expire_stale_drafts", "casestudies.expire_stale_drafts"):
        assert tasks[task].day_of_month == {1}
    with override_settings(STALE_DRAFT_DAYS=120, STALE_DRAFT_WARNING_DAYS=14):
        page = client.get("/privacy/").content.decode()
    assert "a draft case study for 120 days, we delete it" in page
    assert "We email the person who started it 14 days before" in page
