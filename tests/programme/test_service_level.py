"""The enquiry form's promise: a reply within 10 working days (England and Wales bank holidays skipped)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from programme import tasks, workdays
from programme.models import Referral
from tests.programme.factories import make_referral

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("start", "count", "due"),
    [
        (date(2026, 12, 3), 10, date(2026, 12, 17)),  # two ordinary weeks
        # Christmas 2026: Fri 25 Dec and the substitute Boxing Day, Mon 28 Dec, are bank holidays.
        (date(2026, 12, 18), 10, date(2027, 1, 6)),  # New Year's Day, Fri 1 Jan 2027, skipped too
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        # Easter 2026: Good Friday 3 April and Easter Monday 6 April.
        (date(2026, 4, 2), 1, date(2026, 4, 7)),
        (date(2026, 3, 27), 10, date(2026, 4, 14)),
        (date(2026, 12, 5), 1, date(2026, 12, 7)),  # a Saturday enquiry: Monday is the first working day
    ],
)
def test_working_days_skip_weekends_and_bank_holidays(start, count, due):
    assert workdays.add_working_days(start, count) == due
    assert workdays.working_days_between(start, due) == count


def test_bank_holidays_come_from_the_package_without_a_network_call():
    holidays = workdays.bank_holidays()
    assert {date(2026, 12, 25), date(2026, 12, 28), date(2026, 4, 3), date(2026, 4, 6)} <= holidays
    assert not workdays.is_working_day(date(2026, 12, 28))
    assert workdays.is_working_day(date(2026, 12, 29))


def _received(referral, on: date, hour: int = 10):
    Referral.objects.filter(pk=referral.pk).update(created_at=datetime(on.year, on.month, on.day, hour, tzinfo=LONDON))
    referral.refresh_from_db()
    return referral


def test_a_referral_is_due_ten_working_days_after_it_arrives_and_overdue_after(db, settings):
    referral = _received(make_referral(), date(2026, 12, 18))
    assert referral.reply_due_on == date(2027, 1, 6)
    assert not referral.is_overdue(date(2027, 1, 6))
    assert referral.is_overdue(date(2027, 1, 7))
    settings.REFERRAL_REPLY_WORKING_DAYS = 5
    assert referral.reply_due_on == date(2026, 12, 29)  # 21-24 Dec, then 29 Dec


def test_asking_for_more_information_or_deciding_stops_the_clock(db):
    referral = _received(make_referral(), date(2026, 1, 5))
    assert referral.is_overdue(date(2026, 12, 3))
    for status in (Referral.Status.MORE_INFO, Referral.Status.ACCEPTED, Referral.Status.DECLINED):
        referral.status = status
        assert not referral.is_overdue(date(2026, 12, 3))


def test_the_queue_shows_the_due_date_and_an_overdue_tag(adviser_client):
    today = timezone.localdate()
    late = _received(make_referral(organisation="Late Team"), today - timedelta(days=40))
    fresh = _received(make_referral(organisation="Fresh Team"), today)
    page = adviser_client.get(reverse("referrals:queue")).content.decode()
    assert "Days waiting" in page and "Reply due" in page
    assert f"{late.reply_due_on:%-d %b %Y}" in page and f"{fresh.reply_due_on:%-d %b %Y}" in page
    assert page.count("govuk-tag--red") == 1 and ">Overdue<" in page
    detail = adviser_client.get(reverse("referrals:detail", args=[late.pk])).content.decode()
    assert "10 working days after it arrived" in detail and ">Overdue<" in detail


def test_the_enquiry_confirmation_names_the_reply_date(client, db):
    referral = _received(make_referral(), date(2026, 12, 18))
    session = client.session
    session["referrals.submitted"] = referral.pk
    session.save()
    page = client.get(reverse("referrals:confirmation")).content.decode()
    assert "reply within 10 working days, by 6 January 2027" in page


def test_the_daily_digest_tells_each_adviser_about_their_and_unassigned_referrals_once(
    adviser, other_adviser, monkeypatch
):
    monday = date(2026, 12, 7)
    monkeypatch.setattr(timezone, "localdate", lambda *args: monday)
    overdue = _received(make_referral(organisation="Overdue Team"), monday - timedelta(days=30))
    due = _received(make_referral(organisation="Due Team"), date(2026, 11, 24))  # due Tue 8 Dec
    Referral.objects.filter(pk=due.pk).update(assigned_adviser=other_adviser)
    _received(make_referral(organisation="Fresh Team"), monday)  # due 21 Dec: not yet
    asked = _received(make_referral(organisation="Asked Team"), monday - timedelta(days=30))
    Referral.objects.filter(pk=asked.pk).update(status=Referral.Status.MORE_INFO)

    assert tasks.send_reply_digest() == 2
    mine = Notification.objects.get(recipient=adviser, event_type="referrals.reply_digest")
    assert mine.message == f"Referrals waiting for a reply, yours or unassigned: 1 overdue ({overdue.reference})"
    theirs = Notification.objects.get(recipient=other_adviser, event_type="referrals.reply_digest").message
    assert f"1 overdue ({overdue.reference})" in theirs and f"1 due within 2 working days ({due.reference})" in theirs
    assert mine.url == reverse("referrals:queue")
    assert tasks.send_reply_digest() == 0  # once a day


def test_no_digest_on_a_bank_holiday(adviser, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 12, 28))
    _received(make_referral(), date(2026, 11, 2))
    assert tasks.send_reply_digest() == 0


def test_the_digest_is_scheduled_by_name(settings):
    from mutuals_portal.celery import app

    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "referrals.send_reply_digest" in names
    app.loader.import_default_modules()
    assert "referrals.send_reply_digest" in app.tasks
