"""Comments on a task or a section of the business plan: the staff group talking with each other, and with
the programme's adviser or the council when the author chooses (issue #22, point 5)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from mutuals_portal.lib.history import HistoricalRecords

from ..narrative import Section
from .journey import Journey
from .tasks import Task

COMMENT_MAX_LENGTH = 2000


class PlanTopic(models.TextChoices):
    """The parts of the business plan a comment can be about: its narrative sections and its other pages."""

    VISION = Section.VISION.value, Section.VISION.label
    OPTIONS = Section.OPTIONS.value, Section.OPTIONS.label
    SERVICE = Section.SERVICE.value, Section.SERVICE.label
    MARKET = Section.MARKET.value, Section.MARKET.label
    SOCIAL_VALUE = Section.SOCIAL_VALUE.value, Section.SOCIAL_VALUE.label
    PEOPLE = Section.PEOPLE.value, Section.PEOPLE.label
    EQUALITY = Section.EQUALITY.value, Section.EQUALITY.label
    STAKEHOLDERS = Section.STAKEHOLDERS.value, Section.STAKEHOLDERS.label
    TIMETABLE = Section.TIMETABLE.value, Section.TIMETABLE.label
    ASK = Section.ASK.value, Section.ASK.label
    STAFF_ENGAGEMENT = "staff_engagement", "Staff engagement (ballots and surveys)"
    LEGAL_FORM = "legal_form", "Legal form and ownership model"
    GOVERNANCE = "governance", "Governance: board seats"
    FINANCIAL_MODEL = "financial_model", "Financial model"
    RISKS = "risks", "Risk register"
    TRANSFER = "transfer", "Transfer plan"

    @property
    def slug(self) -> str:
        return self.value.replace("_", "-")

    @classmethod
    def from_slug(cls, slug: str) -> "PlanTopic | None":
        value = slug.replace("-", "_")
        return cls(value) if value in cls.values else None


class Comment(models.Model):
    """One comment. The group's members see every comment on their journey; the programme's adviser (a
    supported journey), the council's officers (a journey shared with them) and the group's mentor (matched by
    the programme) see those shared with them (journeys.access.comments_visible). Editing keeps the old text in
    the change history."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="comments")
    # Exactly one of: the task, or the part of the plan (a check constraint holds it).
    task = models.ForeignKey(Task, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    plan_topic = models.CharField("part of the business plan", max_length=30, choices=PlanTopic.choices, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField("comment", max_length=COMMENT_MAX_LENGTH)
    visible_to_adviser = models.BooleanField("the Mutuals Support Programme adviser can see it", default=False)
    visible_to_council = models.BooleanField("the council's officers can see it", default=False)
    # The mentor the Support Programme matched with the group, whoever that is while they are matched.
    visible_to_mentor = models.BooleanField("the group's mentor can see it", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Incremented on every edit through journeys.services.comment_edit (the form carries the version it read).
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(task__isnull=False, plan_topic="") | models.Q(task__isnull=True) & ~models.Q(plan_topic="")
                ),
                name="comment_on_a_task_or_a_plan_topic",
            )
        ]
        indexes = [
            models.Index(fields=["journey", "task"], name="comment_task_idx"),
            models.Index(fields=["journey", "plan_topic"], name="comment_topic_idx"),
        ]

    def __str__(self):
        return f"Comment by {self.author or 'a former user'} on {self.topic_title}"

    def get_absolute_url(self) -> str:
        """The comment itself, in its thread."""
        return f"{self._thread_page()}#comment-{self.pk}"

    def clean(self):
        if self.task_id is not None and self.task.journey_id != self.journey_id:
            raise ValidationError("The task belongs to another journey.")
        if not (self.body or "").strip():
            raise ValidationError({"body": "Enter a comment"})

    @property
    def audience_label(self) -> str:
        """Who can read it, in words: the group always; the adviser and the council as shared."""
        readers = ["the staff group"]
        if self.visible_to_adviser:
            readers.append("the programme's adviser")
        if self.visible_to_council:
            readers.append("the council")
        if self.visible_to_mentor:
            readers.append("the group's mentor")
        if len(readers) == 1:
            return "Seen by the staff group only"
        return "Seen by " + ", ".join(readers[:-1]) + " and " + readers[-1]

    def _thread_page(self) -> str:
        if self.task_id is not None:
            return reverse("journeys:task", args=[self.journey_id, self.task_id])
        return reverse("journeys:plan_comments", args=[self.journey_id, PlanTopic(self.plan_topic).slug])

    def thread_url(self) -> str:
        """The page that shows this comment's thread: the task page (at its comments), or the plan part's thread."""
        return self._thread_page() + ("#comments" if self.task_id is not None else "")

    @property
    def topic_title(self) -> str:
        if self.task_id is not None:
            return self.task.definition.title
        return PlanTopic(self.plan_topic).label if self.plan_topic else ""
