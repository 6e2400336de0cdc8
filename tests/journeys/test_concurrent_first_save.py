"""The first save of a one-per-journey record is race-safe (pen test #16, point 6): two people
saving a plan section (or starting a journey, or contributing its case study) at the same moment
used to give one of them a 500 from the unique constraint. Now the journey's (or group's) row is
locked first and the second save updates the row the first created."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from casestudies import services as casestudy_services
from casestudies.models import CaseStudy
from journeys import services
from journeys.finance import services as finance_services
from journeys.finance.models import FinancialModel
from journeys.models import Journey, Membership, MutualDesign, Stage, Task, TransferPlan
from mutuals_portal.lib.choices import LegalForm, OwnershipModel
from tests.factories import MembershipFactory, StaffGroupFactory
from tests.journeys.factories import make_journey

TRANSFER = {
    "procurement_route": "open",
    "right_to_challenge": "on",
    "contract_length_months": "60",
    "contract_value": "12500000",
    "go_live_on_0": "1",
    "go_live_on_1": "4",
    "go_live_on_2": "2028",
    "tupe_headcount": "88",
    "pension_arrangement": "lgps_admitted",
    "lgps_security": "bond",
}

# (label, URL name, model, two different posts, the service the view calls)
SECTIONS = [
    (
        "legal form",
        "journeys:design_edit",
        MutualDesign,
        [
            {"legal_form": LegalForm.CBS, "ownership_model": OwnershipModel.MULTI_STAKEHOLDER},
            {"legal_form": LegalForm.CIC_CLS, "ownership_model": OwnershipModel.EMPLOYEE_OWNED},
        ],
    ),
    ("transfer plan", "journeys:transfer_edit", TransferPlan, [TRANSFER, {**TRANSFER, "tupe_headcount": "90"}]),
]


def test_a_form_opened_before_someone_else_saved_the_section_updates_their_row(journey, lead):
    """The same race, one step at a time: the second request read "no section yet" before the first saved."""
    stale = MutualDesign(journey=journey, legal_form=LegalForm.CIC_CLS, ownership_model=OwnershipModel.EMPLOYEE_OWNED)
    first = MutualDesign(journey=journey, legal_form=LegalForm.CBS, ownership_model=OwnershipModel.MULTI_STAKEHOLDER)
    services.plan_section_save(journey=journey, obj=first, by=lead, summary="first")
    services.plan_section_save(journey=journey, obj=stale, by=lead, summary="second")
    row = MutualDesign.objects.get(journey=journey)
    assert (row.pk, row.legal_form) == (first.pk, LegalForm.CIC_CLS)


def _in_parallel(count, work):
    """Run `work(i)` in `count` threads that start it at the same moment; each thread's outcome."""
    outcomes = [None] * count

    def run(i):
        try:
            outcomes[i] = work(i)
        except Exception as error:  # reported by the caller's assertion
            outcomes[i] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _both_at_the_barrier(monkeypatch, module, name, parties=2):
    """Hold each call of module.name until `parties` calls have arrived: every request has read
    "no row yet" and then they all write at once."""
    barrier = threading.Barrier(parties)
    original = getattr(module, name)

    def held(*args, **kwargs):
        barrier.wait(timeout=60)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, held)


def _clients(journey, count=2):
    people = [journey.group.memberships.get(role=Membership.Role.LEAD).user]
    people += [MembershipFactory(group=journey.group).user for _ in range(count - 1)]
    clients = []
    for person in people:
        client = Client(raise_request_exception=False)
        client.force_login(person)
        clients.append(client)
    return clients


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("label", "url_name", "model", "posts"), SECTIONS, ids=[s[0] for s in SECTIONS])
def test_two_first_saves_of_a_plan_section_at_once_give_no_500_and_one_row(monkeypatch, label, url_name, model, posts):
    journey = make_journey()
    clients = _clients(journey)
    url = reverse(url_name, args=[journey.pk])
    _both_at_the_barrier(monkeypatch, services, "plan_section_save")

    statuses = _in_parallel(2, lambda i: clients[i].post(url, posts[i]).status_code)

    assert statuses == [302, 302], statuses
    assert model.objects.filter(journey=journey).count() == 1


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_first_saves_of_the_financial_model_at_once_give_one_row_and_a_conflict_page(monkeypatch):
    """Both read "no model yet"; the first creates it, the second is shown the first's values (409), not a 500."""
    journey = make_journey()
    clients = _clients(journey)
    url = reverse("journeys:finance_assumptions", args=[journey.pk])
    _both_at_the_barrier(monkeypatch, finance_services, "assumptions_save")
    posts = [{"years": "3", "contract_price": "1000000"}, {"years": "5", "contract_price": "2000000"}]

    statuses = _in_parallel(2, lambda i: clients[i].post(url, posts[i]).status_code)

    assert sorted(statuses) == [302, 409], statuses
    model = FinancialModel.objects.get(journey=journey)
    assert (model.years, model.version) in [(3, 1), (5, 1)]


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_members_contributing_the_case_study_at_once_give_no_500_and_one_draft(monkeypatch):
    journey = make_journey()
    Journey.objects.filter(pk=journey.pk).update(stage=Stage.SPUN_OUT)
    clients = _clients(journey)
    url = reverse("casestudies:contribute", args=[journey.pk])
    _both_at_the_barrier(monkeypatch, casestudy_services, "case_study_contribute")
    form = {"name": "Race Mutual", "summary": "Run by its staff.", "service_area": "libraries"}

    statuses = _in_parallel(2, lambda i: clients[i].post(url, form).status_code)

    assert statuses == [302, 302], statuses
    assert CaseStudy.objects.filter(journey=journey).count() == 1


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_starting_a_group_s_journey_several_times_at_once_gives_one_journey():
    """As the referral triage and a lead might: six callers released at the same moment."""
    group = StaffGroupFactory()
    lead = MembershipFactory(group=group, role=Membership.Role.LEAD).user
    barrier = threading.Barrier(6)

    def start(_i):
        barrier.wait(timeout=60)
        return services.journey_start(group=group, by=lead).pk

    outcomes = _in_parallel(6, start)

    journey = Journey.objects.get(group=group)
    assert outcomes == [journey.pk] * 6
    definitions = Task.objects.filter(journey=journey).values_list("definition", flat=True)
    assert len(definitions) == len(set(definitions)) > 0
    assert journey.events.count() == 1  # "started its journey", once
