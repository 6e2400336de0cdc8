"""Correcting and deleting ballots, risks, financial model lines and board seats (issue #22, point 5):
a confirmation page before a deletion, and every change in the journey's history with who and when."""

from datetime import date

from django.urls import reverse

from journeys import services
from journeys.finance.models import FinanceLine, FinancialModel
from journeys.models import Ballot, BoardSeat, Risk


def _ballot(journey, by, **figures):
    values = {"eligible": 40, "votes_for": 30, "votes_against": 5, **figures}
    return services.ballot_record(ballot=Ballot(journey=journey, held_on=date(2026, 3, 1), **values), by=by)


def _risk(journey, by):
    risk = Risk(journey=journey, title="Pension deficit", owner="Lead", likelihood=3, impact=4, mitigation="Bond")
    return services.plan_section_save(journey=journey, obj=risk, by=by, summary="Added a risk")


def _history_html(client, journey):
    return client.get(reverse("journeys:history", args=[journey.pk])).content.decode()


def test_a_ballot_is_corrected_and_the_history_keeps_the_old_figures_and_who(client, journey, lead, member):
    ballot = _ballot(journey, lead)
    client.force_login(member)
    url = reverse("journeys:ballot_edit", args=[journey.pk, ballot.pk])
    assert 'value="30"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "kind": "ballot",
            "held_on_0": "1",
            "held_on_1": "3",
            "held_on_2": "2026",
            "eligible": "40",
            "votes_for": "32",
            "votes_against": "3",
        },
    )
    assert response.status_code == 302
    ballot.refresh_from_db()
    assert (ballot.votes_for, ballot.recorded_by) == (32, lead)  # who recorded it first stays
    latest = ballot.history.first()
    assert (latest.history_type, latest.history_user, latest.votes_for) == ("~", member, 32)
    assert ballot.history.last().votes_for == 30
    assert journey.events.filter(summary__startswith="Corrected a staff ballot", actor=member).exists()
    assert "Staff ballot" in _history_html(client, journey)


def test_an_impossible_correction_saves_nothing(client, journey, lead):
    ballot = _ballot(journey, lead)
    client.force_login(lead)
    url = reverse("journeys:ballot_edit", args=[journey.pk, ballot.pk])
    data = {"kind": "ballot", "held_on_0": "1", "held_on_1": "3", "held_on_2": "2026"}
    response = client.post(url, {**data, "eligible": "10", "votes_for": "30", "votes_against": "5"})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    ballot.refresh_from_db()
    assert (ballot.eligible, ballot.history.count()) == (40, 1)


def test_a_ballot_is_deleted_only_after_the_confirmation_page(client, journey, lead, member):
    ballot = _ballot(journey, lead)
    client.force_login(member)
    url = reverse("journeys:ballot_delete", args=[journey.pk, ballot.pk])
    page = client.get(url)
    assert "Are you sure you want to delete the ballot held on 1 March 2026?" in page.content.decode()
    assert Ballot.objects.filter(pk=ballot.pk).exists()
    assert client.post(url).status_code == 302
    assert not Ballot.objects.filter(pk=ballot.pk).exists()
    deleted = Ballot.history.filter(id=ballot.pk, history_type="-").get()
    assert deleted.history_user == member
    assert journey.events.filter(summary="Deleted the ballot held on 1 March 2026", actor=member).exists()


def test_a_ballot_of_another_journey_is_not_found(client, journey, lead, member):
    from tests.journeys.factories import make_journey

    other = make_journey()
    ballot = _ballot(other, other.group.memberships.first().user)
    client.force_login(member)
    assert client.get(reverse("journeys:ballot_edit", args=[journey.pk, ballot.pk])).status_code == 404
    assert client.post(reverse("journeys:ballot_delete", args=[journey.pk, ballot.pk])).status_code == 404
    assert Ballot.objects.filter(pk=ballot.pk).exists()


def test_a_risk_is_changed_and_deleted_after_confirmation_with_its_history(client, journey, lead, member):
    risk = _risk(journey, lead)
    client.force_login(member)
    edit = reverse("journeys:risk_edit", args=[journey.pk, risk.pk])
    data = {"title": "Pension deficit", "owner": "Finance lead", "likelihood": "2", "impact": "5", "mitigation": "Bond"}
    assert client.post(edit, data).status_code == 302
    risk.refresh_from_db()
    assert (risk.owner, risk.history.first().history_user) == ("Finance lead", member)

    delete = reverse("journeys:risk_delete", args=[journey.pk, risk.pk])
    assert "Are you sure you want to delete the risk" in client.get(delete).content.decode()
    assert Risk.objects.filter(pk=risk.pk).exists()
    assert client.post(delete).status_code == 302
    assert Risk.history.filter(id=risk.pk, history_type="-").get().history_user == member
    assert "Risk" in _history_html(client, journey)


def test_a_financial_model_line_is_changed_and_deleted_after_confirmation(client, journey, lead, member):
    model = FinancialModel.objects.create(journey=journey, basis="Budget book", contract_price=100000)
    line = FinanceLine.objects.create(model=model, kind="income", label="Training", source="Price list", year_1=100)
    client.force_login(member)
    edit = reverse("journeys:finance_line_edit", args=[journey.pk, line.pk])
    response = client.post(
        edit, {"kind": "income", "label": "Training courses", "source": "Price list", "year_1": "250"}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.label, line.year_1, line.history.first().history_user) == ("Training courses", 250, member)

    delete = reverse("journeys:finance_line_delete", args=[journey.pk, line.pk])
    assert "Are you sure you want to delete the income line" in client.get(delete).content.decode()
    assert FinanceLine.objects.filter(pk=line.pk).exists()
    client.post(delete)
    assert FinanceLine.history.filter(id=line.pk, history_type="-").get().history_user == member


def test_board_seats_changed_and_removed_are_in_the_history_with_who(journey, lead, member):
    services.board_save(journey=journey, seats={"staff": 4, "users": 2}, by=lead)
    services.board_save(journey=journey, seats={"staff": 5}, by=member)
    staff = BoardSeat.objects.get(journey=journey, constituency="staff")
    assert [(h.history_type, h.seats, h.history_user) for h in staff.history.order_by("history_id")] == [
        ("+", 4, lead),
        ("~", 5, member),
    ]
    removed = BoardSeat.history.filter(journey_id=journey.pk, constituency="users", history_type="-").get()
    assert removed.history_user == member
