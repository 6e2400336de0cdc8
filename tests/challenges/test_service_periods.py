"""Minimum and maximum procurement periods per service (issue #19 point 3): each defaults to the council's,
is published on the service pages and in the API, and is frozen into each decision to accept, so that a later
change to the service or the council never moves a decision's window (Localism Act 2011 ss.83-84)."""

import html
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from challenges import services
from challenges.models import ChallengeableService, ChallengeSettings, Decision, EOIStatus, ProcurementExercise

from .factories import EOIFactory, ServiceFactory

pytestmark = pytest.mark.django_db

ACCEPT = {
    "outcome": "ACCEPTED",
    "grounds": [],
    "reasons": "",
    "wellbeing_considered": "on",
    "decision_maker": "Sam Patel, Head of Commissioning",
    "delegated_authority": "Officer scheme of delegation, paragraph 4.2",
}


@pytest.fixture
def council_periods(council):
    return ChallengeSettings.objects.create(council=council, procurement_min_days=30, procurement_max_days=90)


@pytest.fixture
def youth(council):
    return ServiceFactory(council=council, name="Youth clubs", description="Four youth clubs.", procurement_min_days=45)


def _form_data(service, **periods):
    data = {"name": service.name, "description": service.description, "published": "on"}
    return {**data, **{name: str(value) for name, value in periods.items()}}


def _text(response) -> str:
    """The page's text, with its markup and runs of white space reduced to single spaces."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _decide_and_publish(client, officer, eoi) -> Decision:
    response = client.post(reverse("challenges:eoi_decide", args=[eoi.pk]), ACCEPT)
    assert response.status_code == 302
    decision = Decision.objects.get(eoi=eoi)
    services.decision_publish(decision=decision, by=officer)
    eoi.refresh_from_db()
    return decision


# --- the model ------------------------------------------------------------------------------


def test_a_service_without_periods_takes_the_councils(council, council_periods):
    periods = ServiceFactory(council=council).procurement_periods()
    assert (periods.min_days, periods.max_days) == (30, 90)
    assert periods.source == "The council's default for its services"


def test_a_council_without_settings_gives_the_default_periods(council):
    periods = ServiceFactory(council=council).procurement_periods()
    assert (periods.min_days, periods.max_days) == (60, 365)


def test_a_service_with_both_periods_uses_its_own(council, council_periods):
    periods = ServiceFactory(council=council, procurement_min_days=10, procurement_max_days=20).procurement_periods()
    assert (periods.min_days, periods.max_days) == (10, 20)
    assert periods.source == "Set for this service"


def test_a_service_that_sets_one_period_takes_the_other_from_the_council(council, council_periods, youth):
    periods = youth.procurement_periods()
    assert (periods.min_days, periods.max_days) == (45, 90)
    assert (periods.min_set_for_service, periods.max_set_for_service) == (True, False)
    assert periods.source == "The minimum is set for this service; the maximum is the council's default"


def test_the_services_minimum_cannot_exceed_its_maximum(council):
    service = ServiceFactory.build(council=council, procurement_min_days=200, procurement_max_days=100)
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert error.value.message_dict["procurement_max_days"] == [
        "The maximum period must be the same as or longer than the minimum period"
    ]


def test_a_maximum_shorter_than_the_councils_minimum_is_refused(council, council_periods):
    service = ServiceFactory.build(council=council, procurement_max_days=20)
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert error.value.message_dict["procurement_max_days"] == [
        "The maximum period must be the same as or longer than the council's minimum period of 30 days, or set a "
        "minimum period for this service too"
    ]
    service.procurement_min_days = 10
    service.full_clean()


def test_a_minimum_longer_than_the_councils_maximum_is_refused(council, council_periods):
    service = ServiceFactory.build(council=council, procurement_min_days=120)
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert error.value.message_dict["procurement_min_days"] == [
        "The minimum period must be the same as or shorter than the council's maximum period of 90 days, or set a "
        "maximum period for this service too"
    ]


def test_the_database_refuses_a_minimum_above_the_maximum(council):
    service = ServiceFactory(council=council, procurement_min_days=10, procurement_max_days=20)
    with pytest.raises(IntegrityError), transaction.atomic():
        ChallengeableService.objects.filter(pk=service.pk).update(procurement_min_days=30)


def test_the_council_cannot_change_its_periods_under_a_service_that_relies_on_them(council, council_periods, youth):
    """Youth clubs set only a minimum (45 days): the council's maximum cannot drop below it."""
    council_periods.procurement_max_days = 40
    with pytest.raises(ValidationError) as error:
        council_periods.full_clean()
    assert error.value.message_dict["procurement_max_days"] == [
        "The maximum period must be the same as or longer than the minimum period set for Youth clubs (45 days): "
        "change the service first"
    ]
    ServiceFactory(council=council, name="Libraries", procurement_max_days=50)
    council_periods.procurement_min_days, council_periods.procurement_max_days = 60, 120
    with pytest.raises(ValidationError) as error:
        council_periods.full_clean()
    assert error.value.message_dict["procurement_min_days"] == [
        "The minimum period must be the same as or shorter than the maximum period set for Libraries (50 days): "
        "change the service first"
    ]


def test_the_councils_periods_form_names_the_service_in_the_way(signed_in, council, council_periods, youth):
    data = {"decision_period_days": "90", "procurement_min_days": "10", "procurement_max_days": "40"}
    response = signed_in.post(reverse("challenges:council_settings"), data)
    assert "minimum period set for Youth clubs (45 days): change the service first" in _text(response)
    council_periods.refresh_from_db()
    assert (council_periods.procurement_min_days, council_periods.procurement_max_days) == (30, 90)


# --- the officer's form ---------------------------------------------------------------------------


def test_the_service_form_says_which_council_default_applies_when_blank(signed_in, council, council_periods, youth):
    page = _text(signed_in.get(reverse("challenges:service_edit", args=[youth.pk])))
    assert "Procurement periods for this service" in page
    assert "Leave blank to use the council's minimum, currently 30 days." in page
    assert "Leave blank to use the council's maximum, currently 90 days." in page


@pytest.mark.parametrize(
    ("periods", "field", "message"),
    [
        (
            {"procurement_min_days": 200, "procurement_max_days": 100},
            "procurement_max_days",
            "The maximum period must be the same as or longer than the minimum period",
        ),
        (
            {"procurement_max_days": 20},
            "procurement_max_days",
            "The maximum period must be the same as or longer than the council's minimum period of 30 days",
        ),
        (
            {"procurement_min_days": 2000},
            "procurement_min_days",
            "The minimum period must be 1,095 days (3 years) or fewer",
        ),
        ({"procurement_max_days": 0}, "procurement_max_days", "The maximum period must be at least 1 day"),
        (
            {"procurement_min_days": "six weeks"},
            "procurement_min_days",
            "Enter the minimum period as a whole number of days, like 60",
        ),
    ],
)
def test_the_service_form_refuses_bad_periods_with_an_error_summary(
    signed_in, council, council_periods, youth, periods, field, message
):
    response = signed_in.post(reverse("challenges:service_edit", args=[youth.pk]), _form_data(youth, **periods))
    assert response.status_code == 200
    markup = response.content.decode()
    assert "govuk-error-summary" in markup and f'href="#id_{field}"' in markup
    assert _text(response).count(message) == 2  # in the summary and at the field
    youth.refresh_from_db()
    assert (youth.procurement_min_days, youth.procurement_max_days) == (45, None)


def test_an_officer_sets_and_clears_a_services_periods_and_the_history_says_who(signed_in, officer, council, youth):
    url = reverse("challenges:service_edit", args=[youth.pk])
    response = signed_in.post(url, _form_data(youth, procurement_min_days=20, procurement_max_days=180))
    assert response.status_code == 302
    youth.refresh_from_db()
    assert (youth.procurement_min_days, youth.procurement_max_days) == (20, 180)
    signed_in.post(url, _form_data(youth, procurement_min_days="", procurement_max_days=""))
    youth.refresh_from_db()
    assert (youth.procurement_min_days, youth.procurement_max_days) == (None, None)
    set_record, cleared_record = youth.history.order_by("history_date", "history_id")[1:]
    assert (set_record.procurement_min_days, set_record.procurement_max_days) == (20, 180)
    assert (cleared_record.procurement_min_days, cleared_record.procurement_max_days) == (None, None)
    assert set_record.history_user == cleared_record.history_user == officer
    assert set_record.history_date <= cleared_record.history_date


def test_a_new_service_can_be_created_with_its_own_periods(signed_in, council):
    data = {"name": "Parks", "description": "Parks.", "procurement_min_days": "90", "procurement_max_days": "400"}
    assert signed_in.post(reverse("challenges:service_create"), data).status_code == 302
    parks = council.challengeable_services.get()
    assert (parks.procurement_min_days, parks.procurement_max_days) == (90, 400)
    assert parks.history.get().history_user.public_body == council


# --- published ---------------------------------------------------------------------------


def test_the_service_page_publishes_the_services_periods(client, council, council_periods, youth):
    page = _text(client.get(reverse("challenges:service_detail", args=[youth.pk])))
    assert "Starts 45 to 90 days after the council accepts an expression of interest" in page
    assert "The minimum is set for this service; the maximum is the council's default." in page
    other = ServiceFactory(council=council, name="Libraries")
    page = _text(client.get(reverse("challenges:service_detail", args=[other.pk])))
    assert "Starts 30 to 90 days after the council accepts an expression of interest" in page
    assert "The council's default for its services." in page


def test_the_list_of_services_shows_each_services_periods(client, council, council_periods, youth):
    ServiceFactory(council=council, name="Libraries", procurement_min_days=5, procurement_max_days=25)
    page = _text(client.get(reverse("challenges:service_list")))
    assert "Starts 45 to 90 days after acceptance Minimum set for this service" in page
    assert "Starts 5 to 25 days after acceptance Set for this service" in page


def test_the_public_list_follows_a_change_to_the_councils_periods(client, council, council_periods, youth):
    url = reverse("challenges:service_list")
    first = client.get(url)
    council_periods.procurement_max_days = 120
    council_periods.save()
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and second["ETag"] != first["ETag"]
    assert "Starts 45 to 120 days" in _text(second)


def test_the_officers_list_shows_the_council_default_and_each_services_periods(signed_in, council, youth):
    ServiceFactory(council=council, name="Libraries")
    page = _text(signed_in.get(reverse("challenges:officer_services")))
    assert "60 to 365 days The council's default. A service can set its own periods." in page
    assert "45 to 365 days Minimum set for this service" in page
    assert "60 to 365 days Council's default" in page


def test_the_api_gives_each_services_periods_and_where_they_come_from(client, council, council_periods, youth):
    ServiceFactory(council=council, name="Libraries")
    results = client.get(reverse("api-service-list", kwargs={"version": "v1"})).json()["results"]
    periods = {service["name"]: service["procurement_periods"] for service in results}
    assert periods == {
        "Libraries": {
            "min_days": 30,
            "max_days": 90,
            "min_days_set_for_service": False,
            "max_days_set_for_service": False,
        },
        "Youth clubs": {
            "min_days": 45,
            "max_days": 90,
            "min_days_set_for_service": True,
            "max_days_set_for_service": False,
        },
    }


# --- frozen into each decision -------------------------------------------------------------


def test_the_decide_page_says_which_periods_an_acceptance_will_keep(signed_in, council, council_periods, youth):
    eoi = EOIFactory(service=youth, status=EOIStatus.UNDER_REVIEW)
    page = _text(signed_in.get(reverse("challenges:eoi_decide", args=[eoi.pk])))
    assert "If you accept, the procurement exercise must start 45 to 90 days after the decision" in page
    assert "(the periods for this service)" in page


def test_an_acceptance_keeps_the_services_periods_not_the_councils(signed_in, officer, council, council_periods):
    service = ServiceFactory(council=council, procurement_min_days=10, procurement_max_days=20)
    eoi = EOIFactory(service=service, status=EOIStatus.UNDER_REVIEW)
    decision = _decide_and_publish(signed_in, officer, eoi)
    assert (decision.procurement_min_days, decision.procurement_max_days) == (10, 20)


def test_an_acceptance_keeps_a_mixed_pair(signed_in, officer, council, council_periods, youth):
    eoi = EOIFactory(service=youth, status=EOIStatus.UNDER_REVIEW)
    decision = _decide_and_publish(signed_in, officer, eoi)
    assert (decision.procurement_min_days, decision.procurement_max_days) == (45, 90)


def test_later_changes_to_the_service_or_council_do_not_move_a_decisions_window(
    signed_in, officer, council, council_periods, youth
):
    eoi = EOIFactory(service=youth, status=EOIStatus.UNDER_REVIEW)
    decision = _decide_and_publish(signed_in, officer, eoi)
    today = timezone.localdate()
    window = (today + timedelta(45), today + timedelta(90))
    assert services.procurement_bounds(eoi) == window
    # Both change afterwards, through the officer's forms: the decision keeps its periods.
    signed_in.post(
        reverse("challenges:service_edit", args=[youth.pk]),
        _form_data(youth, procurement_min_days=1, procurement_max_days=500),
    )
    signed_in.post(
        reverse("challenges:council_settings"),
        {"decision_period_days": "90", "procurement_min_days": "5", "procurement_max_days": "600"},
    )
    youth.refresh_from_db()
    assert (youth.procurement_periods().min_days, youth.procurement_periods().max_days) == (1, 500)
    eoi.refresh_from_db()
    assert services.procurement_bounds(eoi) == window
    decision.refresh_from_db()
    assert decision.procurement_dates() == window
    page = _text(signed_in.get(reverse("challenges:eoi_review", args=[eoi.pk])))
    assert "45 to 90 days after acceptance (as set when decided)" in page
    # The procurement form refuses a start inside the new periods but outside the frozen window.
    url = reverse("challenges:procurement_record", args=[eoi.pk])
    procedure = {"procedure": "OPEN", "reserved_to_mutuals": "no", "social_value_considered": "yes"}
    for outside in (today + timedelta(44), today + timedelta(91)):
        refused = signed_in.post(url, {"starts_on": outside.strftime("%d/%m/%Y"), **procedure})
        assert f"The procurement must start between {window[0]:%-d %B %Y} and {window[1]:%-d %B %Y}" in _text(refused)
    assert not ProcurementExercise.objects.exists()
    signed_in.post(url, {"starts_on": window[1].strftime("%d/%m/%Y"), **procedure})
    assert ProcurementExercise.objects.get(eoi=eoi).starts_on == window[1]


def test_a_correction_keeps_the_periods_of_the_decision_it_corrects(officer, council, council_periods, youth):
    eoi = EOIFactory(service=youth, status=EOIStatus.UNDER_REVIEW)
    data = {key: value for key, value in ACCEPT.items() if key != "wellbeing_considered"}
    decision = services.decision_record(eoi=eoi, by=officer, wellbeing_considered=True, **data)
    decision = services.decision_publish(decision=decision, by=officer)
    youth.procurement_min_days, youth.procurement_max_days = 2, 3
    youth.save()
    correction = services.decision_correct(
        decision=decision, by=officer, reasons="", grounds=[], correction_note="The decision maker's title."
    )
    assert (correction.procurement_min_days, correction.procurement_max_days) == (45, 90)


def test_the_body_reads_the_periods_as_they_stood_at_the_decision(signed_in, officer, council, council_periods, youth):
    eoi = EOIFactory(service=youth, status=EOIStatus.UNDER_REVIEW)
    _decide_and_publish(signed_in, officer, eoi)
    youth.procurement_min_days = 1
    youth.save()
    body = Client()
    body.force_login(eoi.submitted_by)
    body_page = body.get(reverse("challenges:my_eoi_detail", args=[eoi.pk]))
    assert (
        "Under the periods that applied to this service when the council made this decision (45 to 90 days after "
        "acceptance)" in _text(body_page)
    )


# --- the public register --------------------------------------------------------------------


def test_the_register_shows_an_acceptances_periods_as_decided_in_every_format(
    client, signed_in, officer, council, council_periods, youth
):
    import csv
    import io

    accepted = EOIFactory(service=youth, status=EOIStatus.UNDER_REVIEW)
    _decide_and_publish(signed_in, officer, accepted)
    rejected = EOIFactory(service=youth, status=EOIStatus.UNDER_REVIEW)
    signed_in.post(
        reverse("challenges:eoi_decide", args=[rejected.pk]),
        {**ACCEPT, "outcome": "REJECTED", "grounds": ["R1_NONCOMPLIANT"], "reasons": "The EOI names no service."},
    )
    services.decision_publish(decision=Decision.objects.get(eoi=rejected), by=officer)
    # The service's periods change after the decisions: the register keeps those decided.
    signed_in.post(
        reverse("challenges:service_edit", args=[youth.pk]),
        _form_data(youth, procurement_min_days=1, procurement_max_days=500),
    )
    today = timezone.localdate()
    start, end = today + timedelta(45), today + timedelta(90)
    client.logout()

    page = _text(client.get(reverse("challenges:register")))
    assert page.count("Procurement to start") == 1
    assert (
        f"Procurement to start Between {start:%-d %B %Y} and {end:%-d %B %Y} (the council's periods at the "
        "decision: at least 45 and at most 90 days after accepting)"
    ) in page

    period = {"min_days": 45, "max_days": 90, "starts_from": start.isoformat(), "starts_by": end.isoformat()}
    rows = {row["reference"]: row for row in client.get(reverse("challenges:register_json")).json()["decisions"]}
    assert rows[accepted.reference]["procurement_period"] == period
    assert rows[rejected.reference]["procurement_period"] is None

    lines = list(csv.DictReader(io.StringIO(client.get(reverse("challenges:register_csv")).content.decode())))
    by_reference = {line["Reference"]: line for line in lines}
    cells = [
        "Procurement period: minimum days (at the decision)",
        "Procurement period: maximum days (at the decision)",
        "Procurement to start from",
        "Procurement to start by",
    ]
    assert [by_reference[accepted.reference][c] for c in cells] == ["45", "90", start.isoformat(), end.isoformat()]
    assert [by_reference[rejected.reference][c] for c in cells] == ["", "", "", ""]

    api = client.get(reverse("api-decision-list", kwargs={"version": "v1"})).json()
    by_reference = {row["reference"]: row for row in api["results"]}
    assert by_reference[accepted.reference]["procurement_period"] == period
    assert by_reference[rejected.reference]["procurement_period"] is None


# --- the service's change history --------------------------------------------------------------


def test_the_services_change_history_names_who_changed_its_periods_windows_and_intentions(
    signed_in, officer, council, youth
):
    signed_in.post(reverse("challenges:service_edit", args=[youth.pk]), _form_data(youth, procurement_min_days=60))
    signed_in.post(
        reverse("challenges:window_add", args=[youth.pk]),
        {
            "opens_on_0": "1",
            "opens_on_1": "4",
            "opens_on_2": "2027",
            "closes_on_0": "30",
            "closes_on_1": "4",
            "closes_on_2": "2027",
        },
    )
    url = reverse("challenges:service_history", args=[youth.pk])
    page = _text(signed_in.get(url))
    assert "Change history" in page and youth.name in page
    assert "minimum days from acceptance to procurement" in page.lower()
    assert "60" in page
    assert "Submission window" in page
    assert officer.full_name in page or officer.email in page
    # The service page links to it.
    assert url in signed_in.get(reverse("challenges:service_edit", args=[youth.pk])).content.decode()


def test_another_councils_officer_cannot_read_the_services_history(client, youth):
    from tests.factories import PublicBodyFactory, UserFactory

    stranger = UserFactory(role="officer", public_body=PublicBodyFactory(kind="council"))
    client.force_login(stranger)
    assert client.get(reverse("challenges:service_history", args=[youth.pk])).status_code == 404
