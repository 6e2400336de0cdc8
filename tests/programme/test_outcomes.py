"""Outcomes after spin-out: yearly returns, the yearly reminder and the published aggregate figures."""

from datetime import datetime, timedelta
from decimal import Decimal
from statistics import mean, median

import pytest
from django.urls import reverse
from django.utils import timezone

from journeys.models import JourneyEvent, Membership, StageChange
from notifications.models import Notification
from notifications.tasks import send_notification_email
from programme import outcomes, tasks
from programme.models import OutcomeReturn, financial_year_label, financial_year_of
from tests.factories import MembershipFactory
from tests.journeys.factories import make_journey

THIS_YEAR = financial_year_of(timezone.localdate())
LAST_YEAR = THIS_YEAR - 1


def spin_out(journey, *, years_ago=3):
    """Move a journey to Spun out, dated `years_ago` years back (the portal itself never back-dates)."""
    lead = Membership.objects.filter(group=journey.group, role=Membership.Role.LEAD).first().user
    while journey.next_stage is not None:
        journey.change_stage(to_stage=journey.next_stage, by=lead, note="test")
    when = timezone.now() - timedelta(days=365 * years_ago)
    StageChange.objects.filter(journey=journey).update(changed_at=when)
    return journey


def answers(**overrides):
    values = {
        "year": str(LAST_YEAR),
        "staff_headcount": "120",
        "turnover": "4,250,000",
        "sickness_absence_days": "7.5",
        "staff_turnover_percent": "12.5",
        "user_satisfaction_percent": "",
        "contracts_won": "2",
        "contracts_lost": "0",
        "social_value_highlights": "Twelve apprenticeships",
    }
    values.update(overrides)
    return values


def values_for(**overrides):
    values = {
        "staff_headcount": 100,
        "turnover": Decimal("1000000"),
        "sickness_absence_days": Decimal("5.0"),
        "staff_turnover_percent": Decimal("10.0"),
        "user_satisfaction_percent": None,
        "contracts_won": 1,
        "contracts_lost": 0,
        "social_value_highlights": "",
    }
    values.update(overrides)
    return values


@pytest.fixture
def spun_out_a(world):
    OutcomeReturn.objects.all().delete()  # the matrix world's own return: these tests start with none
    return spin_out(world.objects["journey_a"])


# Submitting and reading returns ---------------------------------------------------------------


def test_the_lead_of_a_spun_out_supported_journey_sends_a_return_logged_with_who_and_when(
    spun_out_a, world, client_for
):
    lead = world.user("staff")
    url = reverse("referrals:outcome_return_add", args=[spun_out_a.pk])
    response = client_for(lead).post(url, answers())
    assert response.status_code == 302
    assert response.url == reverse("referrals:outcome_returns", args=[spun_out_a.pk])
    outcome = OutcomeReturn.objects.get(journey=spun_out_a, year=LAST_YEAR)
    assert outcome.turnover == Decimal("4250000") and outcome.user_satisfaction_percent is None
    assert outcome.submitted_by == lead
    assert outcome.history.get().history_user == lead
    event = JourneyEvent.objects.filter(journey=spun_out_a).first()
    assert event.actor == lead
    assert event.summary == f"Submitted the outcome return for {financial_year_label(LAST_YEAR)}"

    page = client_for(world.user("adviser")).get(reverse("referrals:outcome_returns", args=[spun_out_a.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert financial_year_label(LAST_YEAR) in html and "£4,250,000" in html and "Twelve apprenticeships" in html
    assert reverse("referrals:outcome_return_edit", args=[spun_out_a.pk, LAST_YEAR]) not in html  # read-only


def test_a_member_corrects_a_return_and_the_history_keeps_both_versions(spun_out_a, world, client_for):
    from programme import services

    services.outcome_return_save(
        journey=spun_out_a, year=LAST_YEAR, by=world.user("staff"), values=values_for(), new=True
    )
    member = world.user("member")
    url = reverse("referrals:outcome_return_edit", args=[spun_out_a.pk, LAST_YEAR])
    data = answers(staff_headcount="130")
    del data["year"]
    assert client_for(member).post(url, data).status_code == 302
    outcome = OutcomeReturn.objects.get(journey=spun_out_a, year=LAST_YEAR)
    assert outcome.staff_headcount == 130 and outcome.submitted_by == member
    history = list(outcome.history.order_by("history_date"))
    assert [(h.staff_headcount, h.history_user) for h in history] == [(100, world.user("staff")), (130, member)]
    assert JourneyEvent.objects.filter(journey=spun_out_a, summary__startswith="Corrected the outcome return").exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("adviser", 403), ("officer", 403), ("other_staff", 404), ("other_officer", 404), ("body", 404)],
)
def test_only_the_groups_people_may_send_a_return(spun_out_a, world, client_for, role, status):
    url = reverse("referrals:outcome_return_add", args=[spun_out_a.pk])
    assert client_for(world.user(role)).post(url, answers()).status_code == status
    assert not OutcomeReturn.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(spun_out_a, client):
    response = client.get(reverse("referrals:outcome_returns", args=[spun_out_a.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_before_spin_out_the_returns_page_shows_and_sending_is_refused(world, client_for):
    journey = world.objects["journey_a"]  # in Building support
    OutcomeReturn.objects.all().delete()
    lead = world.user("staff")
    page = client_for(lead).get(reverse("referrals:outcome_returns", args=[journey.pk]))
    assert page.status_code == 200 and "No returns yet" in page.content.decode()
    assert "once the journey reaches the Spun out stage" in page.content.decode()
    assert client_for(lead).get(reverse("referrals:outcome_return_add", args=[journey.pk])).status_code == 403


def test_a_journey_outside_the_programme_has_no_returns(world, client_for):
    journey = spin_out(world.objects["journey_b"])
    url = reverse("referrals:outcome_returns", args=[journey.pk])
    assert client_for(world.user("other_staff")).get(url).status_code == 404


def test_the_empty_state_invites_the_first_return_and_says_last_years_is_due(spun_out_a, world, client_for):
    html = client_for(world.user("staff")).get(reverse("referrals:outcome_returns", args=[spun_out_a.pk])).content
    html = html.decode()
    assert "No returns yet" in html and f"Your return for {financial_year_label(LAST_YEAR)} has not been sent" in html
    assert reverse("referrals:outcome_return_add", args=[spun_out_a.pk]) in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"staff_turnover_percent": "101"}, "staff_turnover_percent", "Enter a percentage from 0 to 100"),
        ({"user_satisfaction_percent": "-1"}, "user_satisfaction_percent", "Enter a percentage from 0 to 100"),
        ({"staff_headcount": "-3"}, "staff_headcount", "Enter 0 or more"),
        ({"sickness_absence_days": "-0.5"}, "sickness_absence_days", "Enter 0 or more"),
        ({"turnover": "lots"}, "turnover", "Enter the turnover for the year in pounds"),
        ({"contracts_won": ""}, "contracts_won", "Enter the number of contracts won (0 if none)"),
        ({"year": str(THIS_YEAR + 1)}, "year", f"enter {THIS_YEAR} or earlier"),
        ({"year": str(THIS_YEAR - 5)}, "year", f"Enter {THIS_YEAR - 3} or later"),
    ],
)
def test_bad_answers_are_refused_with_a_message_and_nothing_is_saved(
    spun_out_a, world, client_for, overrides, field, message
):
    response = client_for(world.user("staff")).post(
        reverse("referrals:outcome_return_add", args=[spun_out_a.pk]), answers(**overrides)
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert any(message in error for error in response.context["form"].errors[field])
    assert not OutcomeReturn.objects.exists()


def test_a_second_return_for_the_same_year_is_refused(spun_out_a, world, client_for):
    from programme import services

    services.outcome_return_save(
        journey=spun_out_a, year=LAST_YEAR, by=world.user("staff"), values=values_for(), new=True
    )
    response = client_for(world.user("staff")).post(
        reverse("referrals:outcome_return_add", args=[spun_out_a.pk]), answers(staff_headcount="999")
    )
    assert response.status_code == 200
    assert "You have already sent the return" in response.context["form"].errors["year"][0]
    assert OutcomeReturn.objects.get().staff_headcount == 100


# The yearly reminder ------------------------------------------------------------------------------


def test_the_reminder_tells_each_lead_once_a_year_and_emails_them(db, mailoutbox):
    journey = spin_out(make_journey(supported=True))
    lead = Membership.objects.get(group=journey.group, role=Membership.Role.LEAD).user
    MembershipFactory(group=journey.group)  # a member: not reminded
    spin_out(make_journey(supported=False))  # outside the programme
    make_journey(supported=True)  # not spun out
    recent = spin_out(make_journey(supported=True), years_ago=0)  # spun out this year: nothing due yet
    assert outcomes.spun_out_year(recent) == THIS_YEAR

    assert tasks.remind_outcome_returns() == 1
    notification = Notification.objects.get(event_type="referrals.outcome_return_due")
    assert notification.recipient == lead
    assert financial_year_label(LAST_YEAR) in notification.message
    assert notification.url == reverse("referrals:outcome_returns", args=[journey.pk])
    assert send_notification_email(notification.pk) == "sent"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [lead.email]

    assert tasks.remind_outcome_returns() == 0  # once a year


def test_no_reminder_once_last_years_return_is_in(db):
    from programme import services

    journey = spin_out(make_journey(supported=True))
    lead = Membership.objects.get(group=journey.group, role=Membership.Role.LEAD).user
    services.outcome_return_save(journey=journey, year=LAST_YEAR, by=lead, values=values_for(), new=True)
    assert tasks.remind_outcome_returns() == 0
    assert not Notification.objects.exists()


def test_the_reminder_is_scheduled_by_name(settings):
    from mutuals_portal.celery import app

    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "referrals.remind_outcome_returns" in names
    app.loader.import_default_modules()
    assert "referrals.remind_outcome_returns" in app.tasks


# Published aggregate figures -----------------------------------------------------------------------


ROWS_SHOWN = [  # (headcount, turnover, sickness, staff turnover, won, lost), one mutual each
    (120, "4250000", "7.5", "12.5", 2, 0),
    (40, "900000", "4.0", "8.0", 0, 1),
    (300, "12500000.50", "9.1", "15.0", 5, 2),
    (75, "2100000", "6.2", "10.4", 1, 0),
    (18, "480000", "3.3", "22.0", 0, 0),
    (64, "1750000", "5.0", "9.9", 3, 1),
]
ROWS_HIDDEN = [(50, "1000000", "5.0", "10.0", 1, 0)] * 4


def _returns(rows, year):
    from programme import services

    for headcount, turnover, sickness, staff_turnover, won, lost in rows:
        journey = spin_out(make_journey(supported=True), years_ago=5)
        lead = Membership.objects.get(group=journey.group, role=Membership.Role.LEAD).user
        values = values_for(
            staff_headcount=headcount,
            turnover=Decimal(turnover),
            sickness_absence_days=Decimal(sickness),
            staff_turnover_percent=Decimal(staff_turnover),
            contracts_won=won,
            contracts_lost=lost,
        )
        services.outcome_return_save(journey=journey, year=year, by=lead, values=values, new=True)


@pytest.fixture
def published(db):
    _returns(ROWS_SHOWN, LAST_YEAR)
    _returns(ROWS_HIDDEN, LAST_YEAR - 1)


def _expected():
    return {
        "returns": 6,
        "total_staff": sum(r[0] for r in ROWS_SHOWN),
        "median_turnover": median(Decimal(r[1]) for r in ROWS_SHOWN).quantize(Decimal("0.01")),
        "mean_sickness": round(mean(float(r[2]) for r in ROWS_SHOWN), 1),
        "mean_staff_turnover": round(mean(float(r[3]) for r in ROWS_SHOWN), 1),
        "won": sum(r[4] for r in ROWS_SHOWN),
        "lost": sum(r[5] for r in ROWS_SHOWN),
    }


def test_the_api_publishes_a_years_figures_and_withholds_a_year_with_too_few_returns(published, client):
    expected = _expected()
    body = client.get(reverse("api-outcome-list", kwargs={"version": "v1"})).json()
    assert body["min_returns"] == 5
    shown, hidden = body["years"]
    assert shown == {
        "year": LAST_YEAR,
        "label": financial_year_label(LAST_YEAR),
        "shown": True,
        "returns": expected["returns"],
        "total_staff": expected["total_staff"],
        "median_turnover": str(expected["median_turnover"]),
        "mean_sickness_absence_days": f"{expected['mean_sickness']:.1f}",
        "mean_staff_turnover_percent": f"{expected['mean_staff_turnover']:.1f}",
        "contracts_won": expected["won"],
        "contracts_lost": expected["lost"],
    }
    assert hidden["year"] == LAST_YEAR - 1 and hidden["shown"] is False
    assert all(hidden[key] is None for key in ("returns", "total_staff", "median_turnover", "contracts_won"))


def test_the_public_page_shows_the_figures_and_says_why_a_year_is_not_shown(published, client):
    expected = _expected()
    html = client.get(reverse("referrals:outcomes_public")).content.decode()
    assert f'<td class="govuk-table__cell govuk-table__cell--numeric">{expected["total_staff"]}</td>' in html
    assert f"£{expected['median_turnover']:,.0f}" in html
    assert f"{expected['mean_staff_turnover']:.1f}%" in html
    assert "Fewer than 5 returns: not shown, so that no mutual can be identified" in html
    assert financial_year_label(LAST_YEAR - 1) in html


def test_the_threshold_is_a_setting(published, client, settings):
    settings.OUTCOME_MIN_RETURNS = 7
    years = client.get(reverse("api-outcome-list", kwargs={"version": "v1"})).json()["years"]
    assert [year["shown"] for year in years] == [False, False]
    settings.OUTCOME_MIN_RETURNS = 4
    years = client.get(reverse("api-outcome-list", kwargs={"version": "v1"})).json()["years"]
    assert [year["shown"] for year in years] == [True, True]


def test_returns_of_a_journey_that_left_the_programme_do_not_count(published, client):
    journey = OutcomeReturn.objects.filter(year=LAST_YEAR).first().journey
    type(journey).objects.filter(pk=journey.pk).update(in_support_programme=False)
    years = client.get(reverse("api-outcome-list", kwargs={"version": "v1"})).json()["years"]
    assert years[0]["returns"] == 5


def test_no_returns_yet(db, client):
    assert "No returns have been sent yet" in client.get(reverse("referrals:outcomes_public")).content.decode()


def test_the_financial_year_starts_on_1_april():
    assert financial_year_of(datetime(2026, 3, 31).date()) == 2025
    assert financial_year_of(datetime(2026, 4, 1).date()) == 2026
    assert financial_year_label(2025) == "2025-26" and financial_year_label(2099) == "2099-00"


def test_the_spun_out_journeys_overview_links_to_its_returns_for_its_people_and_the_adviser(
    spun_out_a, world, client_for
):
    link = reverse("referrals:outcome_returns", args=[spun_out_a.pk])
    overview = reverse("journeys:overview", args=[spun_out_a.pk])
    for role in ("staff", "member", "adviser"):
        assert link in client_for(world.user(role)).get(overview).content.decode(), role
    assert link not in client_for(world.user("officer")).get(overview).content.decode()
