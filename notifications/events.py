"""The declared list of events the portal tells people about.

Each event has a plain-English name, a default delivery, and whether people may turn
it off (statutory messages to a relevant body and security messages may not).

A reminder is not something that happened but something still to do (an overdue task): each daily
summary lists it again until it is done, so it is emailed in the summary or not at all, never
"straight away" (notifications.digest).
"""

from dataclasses import dataclass

from django.db import models


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "Email me straight away"
    DIGEST = "digest", "Include in a daily summary email"
    OFF = "off", "Do not email me (show in the portal only)"


@dataclass(frozen=True)
class EventType:
    code: str
    name: str
    default: str
    can_turn_off: bool = True
    description: str = ""
    reminder: bool = False

    @property
    def deliveries(self) -> list[str]:
        """The choices a person has for this event."""
        choices = [value for value, _label in Delivery.choices]
        if self.reminder:
            choices.remove(Delivery.IMMEDIATE)
        if not self.can_turn_off:
            choices.remove(Delivery.OFF)
        return choices


EVENT_TYPES: list[EventType] = [
    EventType(
        "security.password_changed",
        "Your password was changed",
        Delivery.IMMEDIATE,
        can_turn_off=False,
        description="Security message: we always email you when your password changes.",
    ),
    EventType("journeys.member_joined", "Someone joined your staff group", Delivery.DIGEST),
    EventType("journeys.task_completed", "A task on your journey was completed", Delivery.DIGEST),
    EventType("journeys.task_assigned", "Someone made you the owner of a task", Delivery.DIGEST),
    EventType("journeys.council_decision", "Your council recorded or withdrew a decision", Delivery.DIGEST),
    EventType(
        "journeys.task_overdue",
        "Your tasks that are past their due date",
        Delivery.DIGEST,
        reminder=True,
        description="Listed in each daily summary until they are completed or given a new due date.",
    ),
    EventType("journeys.gate_requested", "A stage sign-off was requested", Delivery.IMMEDIATE),
    EventType("journeys.gate_decided", "A stage sign-off was approved or returned", Delivery.IMMEDIATE),
    EventType("journeys.stage_changed", "Your journey moved to another stage", Delivery.IMMEDIATE),
    EventType(
        "journeys.comment_added",
        "Someone commented on a task or plan section you follow",
        Delivery.DIGEST,
        description=(
            "A comment on a task you own or on a thread you commented on; for a group's leads, "
            "any comment from its adviser or council."
        ),
    ),
    EventType("journeys.stalled", "A journey has had no activity for 60 days", Delivery.DIGEST),
    EventType(
        "journeys.retender_planning",
        "Your mutual's contract ends in 18 or 12 months: plan for its re-tender",
        Delivery.IMMEDIATE,
    ),
    EventType("challenges.eoi_submitted", "An expression of interest was submitted", Delivery.IMMEDIATE),
    EventType(
        "challenges.eoi_statutory",
        "Statutory notice about your expression of interest",
        Delivery.IMMEDIATE,
        can_turn_off=False,
        description="Acknowledgements and decisions the council must send you under the Localism Act 2011.",
    ),
    EventType("challenges.deadline_reminder", "A Right to Challenge deadline is near or passed", Delivery.IMMEDIATE),
    EventType("challenges.info_answered", "A body answered a request for more information", Delivery.IMMEDIATE),
    EventType("referrals.assigned", "A referral was assigned to you", Delivery.IMMEDIATE),
    EventType("referrals.reply_digest", "Referrals due for a reply or overdue (each working day)", Delivery.IMMEDIATE),
    EventType(
        "referrals.outcome_return_due",
        "Your mutual's yearly outcome return is due",
        Delivery.IMMEDIATE,
        description="Once a year, after the financial year ends, if your mutual has not sent its return.",
    ),
    EventType("referrals.mentor_offer_decided", "Your offer to mentor was approved or not", Delivery.IMMEDIATE),
    EventType("referrals.mentoring_requested", "A staff group asked for a mentor", Delivery.IMMEDIATE),
    EventType("referrals.mentor_matched", "A mentor and a staff group were matched", Delivery.IMMEDIATE),
    EventType("referrals.mentoring_ended", "A mentoring ended", Delivery.IMMEDIATE),
    EventType("packs.finished", "A business-plan pack is ready or failed", Delivery.OFF),
    EventType("casestudies.moderated", "Your case study was published or returned", Delivery.IMMEDIATE),
    EventType("casestudies.submitted", "A case study was sent for review", Delivery.DIGEST),
]

EVENTS: dict[str, EventType] = {event.code: event for event in EVENT_TYPES}


def get_event(code: str) -> EventType:
    try:
        return EVENTS[code]
    except KeyError:
        raise ValueError(f"Unknown notification event type: {code!r}. Declare it in notifications/events.py.") from None
