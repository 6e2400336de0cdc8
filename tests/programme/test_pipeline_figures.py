"""The pipeline's referral figures: the referrals that arrived before today are counted per day, kept in the
cache under the referral figures' version and the day, and the rest read live (programme/dashboard.py).
The figures are those the rules give when counted directly, at any moment, and every change to a referral
shows on the next request."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mutuals_portal.lib.cache import version
from programme import dashboard
from programme.models import Referral
from programme.tasks import due_conditions
from tests.programme.factories import make_referral

PIPELINE = reverse("referrals:pipeline")
# Days ago (and 5 minutes): either side of each age bucket's boundary (by an hour), of the reply dates (10
# working days) and of the days counted one by one (COUNTED_DAYS).
AGES = [0, 0.3, 1, 6, 6.96, 7.04, 8, 10, 11, 12, 13, 14, 15, 16, 29, 29.96, 30.04, 31, 60, 89, 89.96, 90.04, 91, 92, 93]
AGES += [100, 200, 400]


def _arrived(days_ago: float, status: str = Referral.Status.NEW) -> Referral:
    referral = make_referral()
    referral.status = status
    referral.created_at = timezone.now() - timedelta(days=days_ago, minutes=5)
    referral.save(update_fields=["status", "created_at"])
    return referral


def _page(client) -> tuple[dict, dict]:
    context = client.get(PIPELINE).context
    ages = {row["status"]: row["counts"] for row in context["referrals"]}
    awaiting = context["awaiting"]
    return ages, {key: awaiting[key] for key in ("total", "overdue", "due_soon")}


def _counted_afresh(now) -> dict:
    """Each figure counted directly by its rule (as the advisers' digest and the queue count them), per status."""
    today = timezone.localdate(now)
    overdue, due = due_conditions(today)
    referrals = Referral.objects.filter(created_at__lte=now)
    counts = {}
    for status in referrals.values_list("status", flat=True).distinct():
        mine = referrals.filter(status=status)
        counts[status] = {
            "status": status,
            "total": mine.count(),
            "overdue": mine.filter(overdue).count(),
            "due": mine.filter(due).count(),
            **{
                f"under{index}": mine.filter(created_at__gt=now - timedelta(days=end)).count()
                for index, (_label, _start, end) in enumerate(dashboard.AGE_BUCKETS)
                if end is not None
            },
        }
    return counts


@pytest.fixture
def referrals(db):
    statuses = list(Referral.Status)
    return [_arrived(days, statuses[index % len(statuses)]) for index, days in enumerate(AGES)]


def test_the_cached_figures_are_those_counted_afresh(referrals, django_assert_num_queries):
    now = timezone.now()
    with django_assert_num_queries(2):
        first = dashboard._referral_counts(now, timezone.localdate(now))  # counts the days, keeps them
    with django_assert_num_queries(1):
        again = dashboard._referral_counts(now, timezone.localdate(now))  # reads today's and 3 days' live
    assert first == again == _counted_afresh(now)
    assert sum(row["total"] for row in again.values()) == len(AGES)


@pytest.mark.parametrize(
    "later",
    [
        timedelta(hours=1),
        timedelta(hours=7, minutes=13),
        timedelta(days=1),
        timedelta(days=3, hours=17),
        timedelta(days=40),
    ],
)
def test_the_figures_stay_right_as_time_passes(referrals, later):
    """Age buckets and reply dates move on with the clock; so does the cut-off, and the cache key with it."""
    now = timezone.now()
    dashboard._referral_counts(now, timezone.localdate(now))
    then = now + later
    cached = dashboard._referral_counts(then, timezone.localdate(then))
    assert cached == _counted_afresh(then)


def test_a_status_change_shows_on_the_next_request(adviser_client):
    referral = _arrived(200)
    ages, awaiting = _page(adviser_client)
    assert ages["New"] == [0, 0, 0, 1] and awaiting == {"total": 1, "overdue": 1, "due_soon": 0}
    _page(adviser_client)  # from the cache
    referral.status = Referral.Status.DECLINED
    referral.save(update_fields=["status", "updated_at"])
    ages, awaiting = _page(adviser_client)
    assert ages["New"] == [0, 0, 0, 0] and ages["Declined"] == [0, 0, 0, 1]
    assert awaiting == {"total": 0, "overdue": 0, "due_soon": 0}


def test_a_new_and_a_deleted_referral_show_on_the_next_request(adviser_client):
    old = _arrived(150)
    assert _page(adviser_client)[0]["New"] == [0, 0, 0, 1]
    _arrived(120, Referral.Status.ACCEPTED)
    assert _page(adviser_client)[0]["Accepted"] == [0, 0, 0, 1]
    old.delete()
    assert _page(adviser_client)[0]["New"] == [0, 0, 0, 0]


def test_a_save_that_changes_no_figure_keeps_the_version(db):
    referral = _arrived(120)
    before = version(dashboard.REFERRAL_FIGURES)
    referral.organisation = "Renamed"
    referral.save(update_fields=["organisation", "updated_at"])
    assert version(dashboard.REFERRAL_FIGURES) == before


def test_writes_without_signals_say_so(adviser_client):
    """QuerySet.update and bulk_create send no signal: code that changes the figures that way calls
    referral_figures_changed (as bench/seed.py does)."""
    referral = _arrived(120)
    assert _page(adviser_client)[0]["New"] == [0, 0, 0, 1]
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.SIGNPOSTED)
    dashboard.referral_figures_changed()
    ages = _page(adviser_client)[0]
    assert ages["New"] == [0, 0, 0, 0] and ages["Signposted"] == [0, 0, 0, 1]


def test_the_version_moves_again_when_the_write_commits(db, django_capture_on_commit_callbacks):
    """Figures another request reads from the old rows before the commit are not kept under the new version."""
    before = version(dashboard.REFERRAL_FIGURES)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _arrived(120)
        during = version(dashboard.REFERRAL_FIGURES)
        assert during != before
    bumps = [callback for callback in callbacks if getattr(callback, "args", None) == (dashboard.REFERRAL_FIGURES,)]
    assert len(bumps) == 1  # one per transaction, however many writes
    assert version(dashboard.REFERRAL_FIGURES) != during
