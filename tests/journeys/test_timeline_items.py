"""The timeline's items are written in Python (journeys/templatetags/timeline_tags.py): they print what the
template they replaced printed, escaped the same way, times in the site's time zone (summer time too)."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string

from accounts.models import User
from journeys.models import JourneyEvent

# The include as it was written with the template language, kept here to compare with.
TEMPLATE_EVENTS = """{% if events %}
<ol class="govuk-list app-timeline">
  {% for event in events %}
  <li class="app-timeline__item">
    <p class="govuk-body govuk-!-margin-bottom-1"><strong>{{ event.summary }}</strong></p>
    <p class="govuk-body-s app-muted govuk-!-margin-bottom-1">\
{{ event.actor.full_name|default:event.actor.email|default:"System" }}, \
<time datetime="{{ event.created_at|date:'c' }}">{{ event.created_at|date:"j M Y, H:i" }}</time></p>
    {% if event.detail %}<p class="govuk-body-s govuk-!-margin-bottom-1">{{ event.detail|linebreaksbr }}</p>{% endif %}
  </li>
  {% endfor %}
</ol>
{% else %}
<p class="govuk-body">Nothing has happened yet.</p>
{% endif %}"""


def _event(summary, *, actor=None, detail="", at):
    event = JourneyEvent(summary=summary, actor=actor, detail=detail, kind=JourneyEvent.Kind.TASK)
    event.created_at = at
    return event


def _squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


UTC = datetime.UTC
PRIYA = User(full_name="Priya Shah", email="p@example.test")


@pytest.mark.parametrize(
    "events",
    [
        [],
        [
            _event(
                "Task completed: Hold a <staff> ballot & count",
                actor=PRIYA,
                at=datetime.datetime(2026, 7, 1, 23, 30, tzinfo=UTC),  # 2 July, 00:30 in London (summer time)
            ),
            _event(
                "Member joined",
                actor=User(full_name="", email="sam@example.test"),
                at=datetime.datetime(2026, 12, 4, 9, 5, tzinfo=UTC),
            ),
            _event(
                "Stage changed",
                actor=PRIYA,
                detail="Line one\nLine <two> & three",
                at=datetime.datetime(2026, 3, 29, 0, 59, tzinfo=UTC),
            ),
            _event("Imported", actor=User(full_name="", email=""), at=datetime.datetime(2025, 1, 9, 17, 0, tzinfo=UTC)),
        ],
    ],
)
def test_the_timeline_prints_what_the_template_printed(events):
    written = render_to_string("journeys/includes/events.html", {"events": events})
    template = Template(TEMPLATE_EVENTS).render(Context({"events": events}))
    assert _squeezed(written) == _squeezed(template)
    if events:
        assert "Hold a &lt;staff&gt; ballot &amp; count" in written
        assert '<time datetime="2026-07-02T00:30:00+01:00">2 Jul 2026, 00:30</time>' in written
        assert "Line one<br>Line &lt;two&gt; &amp; three" in written
        assert "System, " in written and "sam@example.test, " in written


def test_an_event_nobody_did_is_the_system_s():
    """The template could not print one (its lookup of the missing person's email failed)."""
    event = _event("Reminder sent", at=datetime.datetime(2026, 12, 4, 9, 5, tzinfo=UTC))
    written = render_to_string("journeys/includes/events.html", {"events": [event]})
    assert "System, <time" in _squeezed(written)
