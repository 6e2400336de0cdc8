"""The officers' list and the register work out their rows in Python (challenges/rows.py) and build their
selects as strings: they print what the templates' filters and includes printed, and filter as before."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from challenges.models import EOIStatus
from challenges.rows import long_dates, short_dates

from .factories import DecisionFactory, EOIFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "value",
    [
        date(2026, 1, 1),
        date(2026, 9, 30),
        date(987, 12, 5),  # a year of three digits: padded, as the filter pads it
        datetime(2026, 6, 30, 23, 30, tzinfo=UTC),  # already 1 July in London (summer time)
        datetime(2026, 12, 31, 23, 30, tzinfo=UTC),  # still 31 December in London (GMT)
        None,
    ],
)
def test_the_rows_print_dates_as_the_date_filter_does(value):
    filtered = Template('{{ value|date:"j F Y" }}|{{ value|date:"j M Y" }}').render(Context({"value": value}))
    shown = f"{long_dates()(value)}|{short_dates()(value)}"
    assert shown == filtered


def test_the_workspace_counts_what_its_filters_match_without_changing_the_headline_numbers(signed_in, service):
    today = timezone.localdate()
    EOIFactory(service=service, status=EOIStatus.UNDER_REVIEW, decision_due_on=today - timedelta(days=1))
    EOIFactory(service=service, status=EOIStatus.UNDER_REVIEW, decision_due_on=today + timedelta(days=40))
    EOIFactory(service=service, status=EOIStatus.REJECTED, decision_due_on=today - timedelta(days=1))
    EOIFactory(service=ServiceFactory(), status=EOIStatus.UNDER_REVIEW)  # another council's
    response = signed_in.get(reverse("challenges:eoi_list"), {"status": "overdue"})
    assert response.context["page"].paginator.count == 1
    assert [row["reference"] for row in response.context["rows"]] == [
        e.reference for e in response.context["page"].object_list
    ]
    assert "1 expression of interest:" in response.content.decode()
    assert (response.context["awaiting_decision"], response.context["overdue"]) == (2, 1)
    everything = signed_in.get(reverse("challenges:eoi_list"))
    assert everything.context["page"].paginator.count == 3


def test_the_register_filters_only_by_a_council_on_its_list(client, service):
    listed = DecisionFactory(eoi__service=service, published_at=timezone.now())
    unlisted = ServiceFactory()  # a council without a published decision
    for council in (str(unlisted.council.pk), f"0{service.council.pk}", "abc"):
        response = client.get(reverse("challenges:register"), {"council": council})
        assert list(response.context["page"]) == []
        assert "Choose filters from the lists" in response.content.decode()
    response = client.get(reverse("challenges:register"), {"council": str(service.council.pk)})
    assert [d.pk for d in response.context["page"]] == [listed.pk]
    assert f'<option value="{service.council.pk}" selected>{service.council.name}</option>' in response.content.decode()


def test_an_answer_row_links_to_its_field_on_the_draft_only_when_asked():
    template = Template(
        '{% load challenges_tags %}{% answer_row "Users\' needs" value "body_type" %}'
        '{% answer_row "Phone" "" "contact_phone" True %}{% answer_row "Capability" "" "capability" %}'
    )
    shown = template.render(Context({"value": "Line one\n<b>two</b>", "change": True, "edit_url": "/edit/?a=1&b=2"}))
    assert "Users' needs</dt>" in shown  # the template's own text, as an include printed it
    assert "Line one<br>&lt;b&gt;two&lt;/b&gt;" in shown
    link = 'href="/edit/?a=1&amp;b=2#id_body_type_1">Change<span class="govuk-visually-hidden"> users\' needs</span>'
    assert link in shown
    assert "Not given" in shown and '<strong class="govuk-tag govuk-tag--red">Missing</strong>' in shown
    assert "govuk-summary-list__row--no-actions" not in shown
    read_only = template.render(Context({"value": "x"}))
    assert "Change" not in read_only and read_only.count("govuk-summary-list__row--no-actions") == 3
