import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from journeys.models import GateRequest, Journey, Stage
from mutuals_portal.lib.csv_export import safe_cell
from mutuals_portal.lib.prepared import PreparedValues
from programme import dashboard, services
from programme.models import Referral
from tests.factories import StaffGroupFactory
from tests.journeys.factories import make_journey
from tests.programme.factories import make_referral

PIPELINE = reverse("referrals:pipeline")


def _at_stage(stage, *, days_quiet=0, supported=True):
    journey = make_journey(supported=supported)
    Journey.objects.filter(pk=journey.pk).update(
        stage=stage, last_activity_at=timezone.now() - timedelta(days=days_quiet)
    )
    return Journey.objects.get(pk=journey.pk)


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def figures(adviser, programme):
    """Hand-made data: 3 explore, 1 design, 2 transfer supported journeys (one explore stalled), 1 unsupported."""
    journeys = [_at_stage(Stage.EXPLORE) for _ in range(2)]
    journeys.append(_at_stage(Stage.EXPLORE, days_quiet=61))
    journeys.append(_at_stage(Stage.DESIGN, days_quiet=59))
    journeys += [_at_stage(Stage.TRANSFER) for _ in range(2)]
    _at_stage(Stage.SPUN_OUT, supported=False)
    GateRequest.objects.create(journey=journeys[3], from_stage=Stage.DESIGN, to_stage=Stage.BUSINESS_PLAN)
    services.allocation_create(
        programme=programme, journey=journeys[0], category="legal", supplier="A", amount=Decimal("1000"), by=adviser
    )
    allocation = services.allocation_create(
        programme=programme, journey=journeys[1], category="legal", supplier="B", amount=Decimal("500"), by=adviser
    )
    services.allocation_reverse(allocation=allocation, by=adviser, reason="Duplicate")
    services.allocation_create(
        programme=programme,
        journey=journeys[1],
        category="governance",
        supplier="C",
        amount=Decimal("250.5"),
        by=adviser,
    )
    now = timezone.now()
    for status, days in [("new", 1), ("new", 8), ("new", 40), ("in_progress", 100), ("declined", 6)]:
        referral = make_referral()
        Referral.objects.filter(pk=referral.pk).update(status=status, created_at=now - timedelta(days=days, hours=1))
    return journeys


def test_journeys_by_stage_count_supported_journeys_only(figures):
    counts = {row["stage"]: row["count"] for row in dashboard.journeys_by_stage()}
    assert counts == {
        "Exploring options": 3,
        "Building support": 0,
        "Designing the mutual": 1,
        "Business plan": 0,
        "Contract and transfer": 2,
        "Spun out": 0,
    }


def test_stalled_journeys_are_quiet_for_60_days(figures):
    assert list(dashboard.stalled_journeys()) == [figures[2]]


def test_budget_by_category_nets_reversals(figures, programme):
    budget = dashboard.budget_by_category(programme)
    rows = {row["category"]: row["allocated"] for row in budget["rows"]}
    assert rows["Legal"] == Decimal("1000") and rows["Governance"] == Decimal("250.5")
    assert rows["Financial"] == 0
    assert budget["allocated"] == Decimal("1250.5")
    assert budget["remaining"] == Decimal("10000000") - Decimal("1250.5")


def test_referrals_by_status_and_age(figures):
    rows = {row["status"]: row["counts"] for row in dashboard.referrals_by_status_and_age()}
    assert rows["New"] == [1, 1, 1, 0]
    assert rows["In progress"] == [0, 0, 0, 1]
    assert rows["Declined"] == [1, 0, 0, 0]
    assert rows["Accepted"] == [0, 0, 0, 0]


def test_the_page_shows_an_svg_chart_with_a_table_and_the_waiting_sign_off(adviser_client, figures):
    content = adviser_client.get(PIPELINE).content.decode()
    assert '<svg role="img" aria-labelledby="stages-chart-title"' in content
    assert "Exploring options 3," in content  # the chart's text alternative
    assert content.count("<rect ") == 6
    assert reverse("journeys:gate_decide", args=[figures[3].pk, figures[3].gate_requests.get().pk]) in content
    assert "£1,250.50" in content


def test_the_chart_scales_bars_to_the_biggest_count():
    chart = dashboard.bar_chart([{"short": "A", "count": 4}, {"short": "B", "count": 2}, {"short": "C", "count": 0}])
    heights = [bar.height for bar in chart["bars"]]
    assert heights[0] == 2 * heights[1] and heights[2] == 0
    assert all(bar.y + bar.height == chart["baseline"] for bar in chart["bars"])


@pytest.mark.parametrize("table", ["stages", "stalled", "sign-offs", "budget", "referrals"])
def test_each_table_exports_as_csv(adviser_client, figures, table):
    response = adviser_client.get(reverse("referrals:pipeline_csv", args=[table]))
    assert response["Content-Type"].startswith("text/csv")
    assert f"programme-{table}-" in response["Content-Disposition"]
    rows = _csv(response)
    assert len(rows) >= 2


def test_csv_cells_that_look_like_formulas_are_neutralised(adviser_client, adviser):
    group = StaffGroupFactory(name='=HYPERLINK("http://evil")')
    journey = make_journey(group=group, supported=True)
    Journey.objects.filter(pk=journey.pk).update(last_activity_at=timezone.now() - timedelta(days=90))
    rows = _csv(adviser_client.get(reverse("referrals:pipeline_csv", args=["stalled"])))
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'


@pytest.mark.parametrize(
    ("value", "cell"),
    [("=1+1", "'=1+1"), ("+44", "'+44"), ("-3", "'-3"), ("@SUM", "'@SUM"), ("Plain", "Plain"), (None, "")],
)
def test_csv_cells_are_neutralised(value, cell):
    assert safe_cell(value) == cell


@pytest.mark.parametrize("size", [2, 20])
def test_the_dashboard_uses_a_constant_number_of_queries(
    adviser_client, adviser, programme, size, django_assert_num_queries
):
    for index in range(size):
        journey = _at_stage(Stage.EXPLORE, days_quiet=90 if index % 2 else 0)
        GateRequest.objects.create(journey=journey, from_stage=Stage.EXPLORE, to_stage=Stage.SUPPORT)
        services.allocation_create(
            programme=programme, journey=journey, category="legal", supplier="A", amount=Decimal("10"), by=adviser
        )
        make_referral()
    # The first request of the day (or after a change to referrals) also counts the referrals per day.
    with django_assert_num_queries(11):
        assert adviser_client.get(PIPELINE).status_code == 200
    with django_assert_num_queries(10):
        assert adviser_client.get(PIPELINE).status_code == 200


@pytest.mark.parametrize("size", [2, 20])
def test_the_allocations_page_uses_a_constant_number_of_queries(
    adviser_client, adviser, programme, size, django_assert_num_queries
):
    for _ in range(size):
        journey = make_journey(supported=True)
        allocation = services.allocation_create(
            programme=programme, journey=journey, category="legal", supplier="A", amount=Decimal("10"), by=adviser
        )
        services.allocation_reverse(allocation=allocation, by=adviser, reason="Test")
    with django_assert_num_queries(8):
        assert adviser_client.get(reverse("referrals:allocations")).status_code == 200


def test_the_sign_off_queue_lists_supported_journeys_waiting(adviser_client):
    supported = make_journey(supported=True)
    unsupported = make_journey()
    GateRequest.objects.create(journey=supported, from_stage=Stage.EXPLORE, to_stage=Stage.SUPPORT)
    GateRequest.objects.create(journey=unsupported, from_stage=Stage.EXPLORE, to_stage=Stage.SUPPORT)
    gates = list(adviser_client.get(reverse("referrals:sign_offs")).context["gates"])
    assert [gate.journey for gate in gates] == [supported]


def test_the_dashboard_shows_the_longest_stalled_journeys_and_the_csv_has_them_all(
    adviser_client, programme, monkeypatch
):
    monkeypatch.setattr(dashboard, "STALLED_SHOWN", 2)
    shown = PreparedValues(lambda before: dashboard._stalled_shown(before, 2), kinds=("datetime",))
    monkeypatch.setattr(dashboard, "_STALLED_SHOWN", shown)
    oldest, older, _old = [_at_stage(Stage.EXPLORE, days_quiet=days) for days in (300, 200, 100)]
    response = adviser_client.get(PIPELINE)
    assert [journey["pk"] for journey in response.context["stalled"]] == [oldest.pk, older.pk]
    assert "3 journeys have stalled. These are the 2 with the longest wait" in response.content.decode()
    rows = _csv(adviser_client.get(reverse("referrals:pipeline_csv", args=["stalled"])))
    assert len(rows) == 1 + 3
