"""/performance/ (#25, point 4): the four mandatory measures by month, from the portal's records."""

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Feedback, PendingRegistration
from api import performance
from challenges.models import EOIStatus, ExpressionOfInterest, Route
from tests.challenges.factories import EOIFactory

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 11, 20).date()


def _at(month, day=5):
    return timezone.make_aware(datetime(2026, month, day, 12))


def _registration(kind, month, done):
    return PendingRegistration.objects.create(
        kind=kind,
        email=f"{kind}{PendingRegistration.objects.count()}@example.test",
        key_digest=f"{kind}-{PendingRegistration.objects.count()}",
        payload={},
        created_at=_at(month),
        completed_at=_at(month, 6) if done else None,
    )


def _eoi(month, *, route=Route.ONLINE, sent=True):
    eoi = EOIFactory(status=EOIStatus.RECEIVED if sent else EOIStatus.DRAFT, route=route)
    ExpressionOfInterest.objects.filter(pk=eoi.pk).update(created_at=_at(month))


@pytest.fixture
def records():
    for satisfaction in ["very_satisfied", "satisfied", "dissatisfied", "neither"]:
        Feedback.objects.create(satisfaction=satisfaction, created_at=_at(10))
    Feedback.objects.create(satisfaction="satisfied", created_at=_at(11))
    _registration("staff_group", 10, done=True)
    _registration("staff_group", 10, done=True)
    _registration("staff_group", 10, done=False)
    _registration("relevant_body", 11, done=True)
    _eoi(10)
    _eoi(10, sent=False)
    _eoi(10, route=Route.EMAIL)
    _eoi(10, route=Route.POST)
    _eoi(9)  # before... still within the twelve months
    Feedback.objects.create(satisfaction="satisfied", created_at=_at(1, 1).replace(year=2025))  # too old


def test_each_measure_by_month(records, settings):
    settings.PERFORMANCE_MONTHLY_COST = "3000"
    months = {m.start.month: m for m in performance.measures(TODAY)}
    assert len(months) == 12 and min(m.start for m in months.values()).isoformat() == "2025-12-01"
    october, november = months[10], months[11]
    assert (october.responses, october.satisfied, october.satisfaction) == (4, 2, Decimal("50.0"))
    assert november.satisfaction == Decimal("100.0")
    assert months[8].satisfaction is None  # nothing to measure is "no data", never 0 %
    assert october.completion("staff_group") == Decimal("66.7")
    assert october.completion("eoi") == Decimal("50.0")  # one sent, one left as a draft
    assert november.completion("relevant_body") == Decimal("100.0")
    assert (october.online, october.offline, october.take_up) == (1, 2, Decimal("33.3"))
    assert october.transactions == 3  # two registrations confirmed, one EOI sent online
    assert october.cost_per_transaction == Decimal("1000.00")
    assert months[8].cost_per_transaction is None


def test_the_cost_is_not_known_until_it_is_configured(records, settings):
    settings.PERFORMANCE_MONTHLY_COST = ""
    assert all(m.cost_per_transaction is None for m in performance.measures(TODAY))


def test_the_page_shows_charts_with_tables_and_the_csv_has_every_measure(client, records, settings):
    settings.PERFORMANCE_MONTHLY_COST = "3000"
    Feedback.objects.create(satisfaction="very_satisfied")  # this month, whatever the date
    Feedback.objects.create(satisfaction="very_dissatisfied")
    response = client.get(reverse("performance"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="app-chart"') == 6  # satisfaction, take-up, three completion rates, cost
    for heading in ("User satisfaction", "Digital take-up", "Completion rate", "Cost per transaction"):
        assert f">{heading}</h2>" in html
    assert "<caption" in html and "no data" in html
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=60"}
    again = client.get(reverse("performance"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    download = client.get(reverse("performance_csv"))
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert len(rows) == 12
    this_month = rows[-1]
    assert this_month["month"] == timezone.localdate().strftime("%Y-%m")
    assert (this_month["feedback answers"], this_month["user satisfaction %"]) == ("2", "50.0")
    assert set(rows[0]) >= {
        "user satisfaction %",
        "eoi completion rate %",
        "digital take-up %",
        "cost per transaction GBP",
    }


def test_a_new_answer_changes_the_pages_etag(client, records):
    first = client.get(reverse("performance"))["ETag"]
    Feedback.objects.create(satisfaction="satisfied")
    assert client.get(reverse("performance"))["ETag"] != first
