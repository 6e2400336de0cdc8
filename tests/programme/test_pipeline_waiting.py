"""Issue #23, point 2: the pipeline shows the referrals waiting for a reply, due and overdue, with a
sortable "days waiting" column; the queue's column sorts the same way."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mutuals_portal.lib.prepared import as_written
from programme import dashboard, tasks
from programme.models import Referral
from tests.programme.factories import make_referral

pytestmark = pytest.mark.django_db

PIPELINE = reverse("referrals:pipeline")
QUEUE = reverse("referrals:queue")


def _received(days_ago: int, status=Referral.Status.NEW, **overrides) -> Referral:
    referral = make_referral(**overrides)
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - timedelta(days=days_ago), status=status)
    return Referral.objects.get(pk=referral.pk)


@pytest.fixture
def waiting(db):
    old = _received(40, organisation="Forty days team")
    new = _received(0, organisation="Today team")
    _received(50, organisation="Asked for more", status=Referral.Status.MORE_INFO)  # answered: not waiting
    _received(60, organisation="Declined team", status=Referral.Status.DECLINED)
    return old, new


def test_the_figures_count_overdue_and_due_as_the_digest_does(waiting):
    old, _new = waiting
    figures = dashboard.awaiting_reply()
    overdue, due = tasks.referrals_due(timezone.localdate())
    assert (figures["overdue"], figures["due_soon"]) == (len(overdue), len(due)) == (1, 0)
    assert figures["total"] == 2
    assert [r["organisation"] for r in figures["rows"]] == ["Forty days team", "Today team"]
    assert [r["organisation"] for r in dashboard.awaiting_reply("shortest")["rows"]] == [
        "Today team",
        "Forty days team",
    ]
    assert dashboard.awaiting_reply("nonsense")["order"] == "longest"


def test_the_pipeline_lists_them_with_due_dates_and_an_overdue_tag(adviser_client, waiting):
    old, new = waiting
    html = adviser_client.get(PIPELINE).content.decode()
    section = html[html.index('id="waiting"') : html.index("Referrals by status and age")]
    assert "<strong>1</strong> overdue" in section
    assert section.index(old.reference) < section.index(new.reference)
    assert "Overdue" in section and f"{new.reply_due_on:%-d %b %Y}" in section
    assert "Asked for more" not in section and "Declined team" not in section
    assert 'aria-sort="descending"' in section and "?waiting=shortest#waiting" in section

    html = adviser_client.get(PIPELINE, {"waiting": "shortest"}).content.decode()
    section = html[html.index('id="waiting"') : html.index("Referrals by status and age")]
    assert section.index(new.reference) < section.index(old.reference)
    assert 'aria-sort="ascending"' in section and "?waiting=longest#waiting" in section


def test_the_queue_days_waiting_header_toggles_the_order_and_keeps_the_filters(adviser_client, waiting):
    html = adviser_client.get(QUEUE, {"region": "south_east"}).content.decode()
    link = re.search(r'aria-sort="descending"><a class="govuk-link" href="\?([^"]+)">Days waiting', html)
    assert link and "sort=newest" in link.group(1) and "region=south_east" in link.group(1)
    html = adviser_client.get(QUEUE, {"sort": "newest"}).content.decode()
    assert re.search(r'aria-sort="ascending"><a class="govuk-link" href="\?sort=oldest">Days waiting', html)


@pytest.mark.parametrize("today", ["2026-12-23", "2026-12-29", "2027-01-04", "2027-03-30", "2027-04-06"])
def test_selecting_by_arrival_date_agrees_with_each_referrals_reply_date(today):
    """The queries select overdue and due-soon referrals by arrival date; across Christmas and Easter they
    pick exactly the referrals whose own reply date (working days, bank holidays) says so."""
    from datetime import date, datetime, time

    today = date.fromisoformat(today)
    for days_ago in range(0, 40):
        arrived = timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(23, 30)))
        referral = make_referral(organisation=f"Arrived {days_ago} days before")
        Referral.objects.filter(pk=referral.pk).update(created_at=arrived)
    overdue, due = tasks.referrals_due(today)
    soon = tasks.workdays.add_working_days(today, tasks.DUE_SOON_WORKING_DAYS)
    waiting = list(Referral.objects.filter(status__in=Referral.AWAITING_REPLY))
    assert {r.pk for r in overdue} == {r.pk for r in waiting if r.reply_due_on < today}
    assert {r.pk for r in due} == {r.pk for r in waiting if today <= r.reply_due_on <= soon}
    assert overdue and due  # the window of 40 days has both


def test_the_pipeline_reads_the_referrals_figures_in_one_query_whatever_their_number(adviser_client, waiting):
    """Issue #17: the age table and the waiting figures come from one grouped query (with the counts per day
    kept from the first request of the day, or after a change to referrals); the page's query count does not
    grow with the referrals (12 at most in `make bench`, which adds the adviser's second factor)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    adviser_client.get(PIPELINE)
    with CaptureQueriesContext(connection) as before:
        adviser_client.get(PIPELINE)
    for days in (1, 3, 12, 45):
        _received(days, organisation=f"{days} days team")
    with CaptureQueriesContext(connection) as counting:
        adviser_client.get(PIPELINE)
    with CaptureQueriesContext(connection) as after:
        html = adviser_client.get(PIPELINE).content.decode()

    def referral_queries(captured):
        written = [as_written(q["sql"]) for q in captured.captured_queries]
        return [sql for sql in written if 'FROM "referrals_referral"' in sql]

    assert len(referral_queries(counting)) == 3  # the counts per day, the live figures, and the rows shown
    assert len(referral_queries(after)) == 2  # the live figures, and the rows shown
    assert len(after) == len(before) == len(counting) - 1 <= 11
    assert "<strong>2</strong> overdue" in html  # forty and forty-five days
