"""The public register's page of cards (challenges/register.py): read by a statement compiled once for each
combination of filters, a page at a time, and counted once per data version; it shows what the queryset shows,
follows every change on the next request, and no query string adds a key to the cache."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from challenges import access, stamps
from challenges import register as register_page
from challenges.models import DecisionOutcome, RejectionGround
from tests.factories import PublicBodyFactory

from .factories import DecisionFactory, ServiceFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
URL = reverse("challenges:register")


@pytest.fixture
def register():
    """31 published decisions: two councils, two outcomes, published in 2025 and 2026 (some on either side of
    midnight on New Year's Eve), and one recorded but not published."""
    councils = [
        ServiceFactory(council=PublicBodyFactory(name=name), name=f"{name} libraries")
        for name in ("Ashby Council", "Brent Vale Council")
    ]
    new_year = datetime(2026, 1, 1, tzinfo=LONDON)
    moments = [new_year - timedelta(microseconds=1), new_year] + [
        new_year + timedelta(days=days) for days in range(-200, 200, 14)
    ]
    decisions = []
    for index, moment in enumerate(moments):
        outcome = DecisionOutcome.ACCEPTED if index % 3 == 0 else DecisionOutcome.REJECTED
        decisions.append(
            DecisionFactory(
                eoi__service=councils[index % 2],
                eoi__body_name=f"Body {index:02d}",
                outcome=outcome,
                grounds=[] if outcome == DecisionOutcome.ACCEPTED else [RejectionGround.R9_FRIVOLOUS.value],
                published_at=moment,
            )
        )
    DecisionFactory(eoi__service=councils[0], eoi__body_name="Not yet published")
    return councils, decisions


def _orm(filters: register_page.Filters) -> list[int]:
    """The decisions the filters match, as the ORM reads them (the year as published_at__year)."""
    decisions = access.register_decisions()
    if filters.council is not None:
        decisions = decisions.filter(eoi__service__council_id=filters.council)
    if filters.outcome is not None:
        decisions = decisions.filter(outcome=filters.outcome)
    if filters.year is not None:
        decisions = decisions.filter(published_at__year=filters.year)
    return list(decisions.values_list("pk", flat=True))


def test_every_combination_of_filters_reads_the_pages_the_queryset_reads(register, django_assert_num_queries):
    councils, _decisions = register
    council = councils[1].council_id
    version = stamps.register_version()
    for filters in [
        register_page.Filters(),
        register_page.Filters(council=council),
        register_page.Filters(outcome=DecisionOutcome.REJECTED),
        register_page.Filters(year=2025),
        register_page.Filters(council=council, outcome=DecisionOutcome.ACCEPTED),
        register_page.Filters(council=council, year=2026),
        register_page.Filters(outcome=DecisionOutcome.REJECTED, year=2026),
        register_page.Filters(council=council, outcome=DecisionOutcome.REJECTED, year=2025),
    ]:
        expected = _orm(filters)
        assert expected, filters  # each combination matches something
        cards = register_page.Cards(filters, version)
        assert cards.count() == len(expected) == len(cards)
        for start in range(0, len(expected), 4):
            with django_assert_num_queries(1):
                page = cards[start : start + 4]
            assert [decision.pk for decision in page] == expected[start : start + 4], (filters, start)
            # What the cards print is read with them.
            with django_assert_num_queries(0):
                [(d.eoi.body_name, d.eoi.service.name, d.eoi.service.council.name) for d in page]


def test_a_year_is_the_site_time_zones_year(register):
    _councils, decisions = register
    last_of_2025, first_of_2026 = decisions[0], decisions[1]
    in_2025 = _orm(register_page.Filters(year=2025))
    assert last_of_2025.pk in in_2025 and first_of_2026.pk not in in_2025
    cards = register_page.Cards(register_page.Filters(year=2025), stamps.register_version())
    assert [decision.pk for decision in cards[0 : len(in_2025)]] == in_2025


def test_the_page_shows_the_count_and_follows_a_newly_published_decision(client, register):
    councils, _decisions = register
    assert "31 decisions" in client.get(URL).content.decode()
    html = client.get(URL, {"council": councils[0].council_id}).content.decode()
    assert "16 decisions" in html
    DecisionFactory(eoi__service=councils[0], eoi__body_name="Newest body", published_at=timezone.now())
    html = client.get(URL).content.decode()
    assert "32 decisions" in html and "Newest body" in html
    assert "17 decisions" in client.get(URL, {"council": councils[0].council_id}).content.decode()


def test_the_second_page_holds_the_rest(client, register):
    first = client.get(URL).context["page"]
    second = client.get(URL, {"page": 2}).context["page"]
    assert len(first.object_list) == 25 and len(second.object_list) == 6
    pks = [decision.pk for decision in [*first.object_list, *second.object_list]]
    assert pks == _orm(register_page.Filters())


def test_filters_that_cannot_be_applied_match_nothing_and_add_no_key(client, register):
    version = stamps.register_version()
    for query in ({"council": "999999"}, {"outcome": "MAYBE"}, {"year": "20255"}, {"council": "x' OR 1=1"}):
        response = client.get(URL, query)
        assert response.status_code == 200
        assert "No decisions match." in response.content.decode()
    assert cache.get(f"register-count:{version}:999999:None:None") is None
    assert cache.get(f"register-count:{version}:None:MAYBE:None") is None
    # A filter on the lists is counted and kept.
    client.get(URL, {"outcome": "ACCEPTED"})
    assert cache.get(f"register-count:{version}:None:ACCEPTED:None") == 11


def test_a_page_is_read_a_page_at_a_time(register):
    cards = register_page.Cards(register_page.Filters(), stamps.register_version())
    with pytest.raises(TypeError):
        cards[3]
    with pytest.raises(TypeError):
        cards[0:10:2]


def test_the_council_list_is_escaped_and_marks_the_chosen_council(client, register):
    odd = ServiceFactory(council=PublicBodyFactory(name='Smith & "Jones" <Borough>'))
    DecisionFactory(eoi__service=odd, published_at=timezone.now())
    html = client.get(URL).content.decode()
    assert f'<option value="{odd.council_id}">Smith &amp; &quot;Jones&quot; &lt;Borough&gt;</option>' in html
    assert " selected>" not in html
    html = client.get(URL, {"council": odd.council_id, "year": 2025}).content.decode()
    assert f'<option value="{odd.council_id}" selected>Smith &amp;' in html
    assert '<option value="2025" selected>2025</option>' in html
    assert html.count(" selected>") == 2
    assert "No decisions match." in html  # the council's one decision is of this year
