"""Right to Challenge open data: the published register of decisions and the services open to challenge."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from challenges.models import DecisionOutcome, EOIStatus, RejectionGround
from tests.challenges.factories import DecisionFactory, ServiceFactory, WindowFactory
from tests.factories import PublicBodyFactory

DECISIONS = reverse("api-decision-list", kwargs={"version": "v1"})
SERVICES = reverse("api-service-list", kwargs={"version": "v1"})


@pytest.fixture
def councils(db):
    return PublicBodyFactory(name="Northbridge City Council"), PublicBodyFactory(name="Eastvale District Council")


@pytest.fixture
def register(councils):
    north, east = councils
    now = timezone.now()
    rejected = DecisionFactory(
        eoi__service__council=north, eoi__body_name="Friends of the Park", published_at=now - timedelta(days=1)
    )
    accepted = DecisionFactory(
        eoi__service__council=east,
        eoi__status=EOIStatus.ACCEPTED,
        outcome=DecisionOutcome.ACCEPTED,
        grounds=[],
        published_at=now,
    )
    old = DecisionFactory(eoi__service__council=north, published_at=now.replace(year=2019))
    unpublished = DecisionFactory(eoi__service__council=north)
    superseded = DecisionFactory(eoi__service__council=east, published_at=now - timedelta(days=3))
    correction = DecisionFactory(eoi=superseded.eoi, supersedes=superseded, published_at=now - timedelta(days=2))
    return {
        "rejected": rejected,
        "accepted": accepted,
        "old": old,
        "unpublished": unpublished,
        "superseded": superseded,
        "correction": correction,
    }


def _ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_it_lists_published_current_decisions_newest_first(client, register):
    ids = _ids(client.get(DECISIONS))
    r = register
    assert ids == [r["accepted"].pk, r["rejected"].pk, r["correction"].pk, r["old"].pk]


def test_a_decision_shows_its_grounds_in_full(client, register):
    row = next(row for row in client.get(DECISIONS).json()["results"] if row["id"] == register["rejected"].pk)
    assert row["grounds"] == [{"code": "R9", "label": RejectionGround.R9_FRIVOLOUS.label}]
    assert row["outcome"] == "REJECTED"
    assert row["outcome_label"] == "Rejected"
    assert row["council"]["name"] == "Northbridge City Council"
    assert row["body_name"] == "Friends of the Park"
    assert row["reference"] == register["rejected"].eoi.reference
    assert row["corrects_earlier_decision"] is False


def test_it_filters_by_council_outcome_and_year(client, register, councils):
    north, east = councils
    r = register
    assert _ids(client.get(DECISIONS, {"council": north.pk})) == [r["rejected"].pk, r["old"].pk]
    assert _ids(client.get(DECISIONS, {"outcome": "ACCEPTED"})) == [r["accepted"].pk]
    assert _ids(client.get(DECISIONS, {"year": 2019})) == [r["old"].pk]
    assert _ids(client.get(DECISIONS, {"council": east.pk, "outcome": "REJECTED"})) == [r["correction"].pk]
    assert _ids(client.get(DECISIONS, {"council": 999999})) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"council": "north"}, "council"),
        ({"outcome": "MAYBE"}, "outcome"),
        ({"year": 2011}, "year"),
        ({"year": "soon"}, "year"),
        ({"council": ""}, "council"),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_field(client, register, params, field):
    response = client.get(DECISIONS, params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_services_open_to_challenge_are_the_published_ones_with_windows(client, councils):
    north, east = councils
    open_service = ServiceFactory(council=north, name="Parks")
    window = WindowFactory(service=open_service)
    later = WindowFactory(
        service=open_service,
        opens_on=window.closes_on + timedelta(days=100),
        closes_on=window.closes_on + timedelta(days=130),
    )
    any_time = ServiceFactory(council=east, name="Leisure centres")
    ServiceFactory(council=north, name="Hidden", published=False)
    rows = client.get(SERVICES).json()["results"]
    assert [row["name"] for row in rows] == ["Leisure centres", "Parks"]
    parks = rows[1]
    assert parks["council"] == {"id": north.pk, "name": "Northbridge City Council"}
    assert parks["windows"] == [
        {"opens_on": window.opens_on.isoformat(), "closes_on": window.closes_on.isoformat()},
        {"opens_on": later.opens_on.isoformat(), "closes_on": later.closes_on.isoformat()},
    ]
    assert parks["accepting_now"] is True
    assert rows[0]["windows"] == [] and rows[0]["accepting_now"] is True
    assert [row["id"] for row in client.get(SERVICES, {"council": east.pk}).json()["results"]] == [any_time.pk]
    assert client.get(SERVICES, {"council": "east"}).status_code == 400


def test_services_say_whether_excluded_and_show_the_councils_intention(councils):
    from challenges.models import StaffMutualIntention
    from tests.factories import UserFactory

    north, _east = councils
    excluded = ServiceFactory(
        council=north, name="Care packages", excluded=True, exclusion_basis="Schedule 2 paragraph 1: NHS"
    )
    planned = ServiceFactory(council=north, name="Parks")
    StaffMutualIntention.objects.create(
        service=planned,
        statement="The council intends to consider the parks team's mutual.",
        proposed_body="Parks team mutual",
        published_on=timezone.localdate() - timedelta(days=10),
        where_published="Cabinet report",
        recorded_by=UserFactory(),
    )
    from django.test import Client

    rows = {row["name"]: row for row in Client().get(SERVICES).json()["results"]}
    assert (rows[excluded.name]["excluded"], rows[excluded.name]["exclusion_basis"]) == (
        True,
        "Schedule 2 paragraph 1: NHS",
    )
    assert (rows[planned.name]["excluded"], rows[planned.name]["exclusion_basis"]) == (False, None)
    assert rows[excluded.name]["staff_mutual_intention"] is None
    assert rows[planned.name]["staff_mutual_intention"]["proposed_body"] == "Parks team mutual"


def test_decisions_say_how_the_eoi_came_and_how_often_the_council_asked_for_more(client, register):
    from challenges.models import InfoRequest
    from tests.factories import UserFactory

    eoi = register["rejected"].eoi
    eoi.route = "EMAIL"
    eoi.save(update_fields=["route"])
    asker = UserFactory()
    for question in ("Accounts?", "Constitution?"):
        InfoRequest.objects.create(eoi=eoi, question=question, asked_by=asker)
    rows = {row["id"]: row for row in client.get(DECISIONS).json()["results"]}
    assert (rows[register["rejected"].pk]["route"], rows[register["rejected"].pk]["info_requests_count"]) == (
        "EMAIL",
        2,
    )
    assert rows[register["accepted"].pk]["info_requests_count"] == 0
    assert "Accounts?" not in json.dumps(rows)
