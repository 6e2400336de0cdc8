from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from mutuals_portal.lib.history import HistoricalRecords, acting

from .groups import StaffGroup


class Stage(models.TextChoices):
    """The six stages of a journey, in order."""

    EXPLORE = "explore", "Exploring options"
    SUPPORT = "support", "Building support"
    DESIGN = "design", "Designing the mutual"
    BUSINESS_PLAN = "business_plan", "Business plan"
    TRANSFER = "transfer", "Contract and transfer"
    SPUN_OUT = "spun_out", "Spun out"

    @classmethod
    def ordered(cls) -> list["Stage"]:
        return list(cls)

    @classmethod
    def index(cls, stage) -> int:
        return list(cls).index(cls(stage))


STAGE_ORDER = list(Stage)
# The transition table: forward one stage at a time (through a gate), back one stage (with a reason).
FORWARD = dict(zip(STAGE_ORDER, STAGE_ORDER[1:], strict=False))
BACK = {b: a for a, b in zip(STAGE_ORDER, STAGE_ORDER[1:], strict=False)}


class JourneyQuerySet(models.QuerySet):
    def with_group(self):
        return self.select_related("group", "group__parent_body", "assigned_adviser")

    def live(self):
        """Journeys of groups that have not been deleted."""
        return self.filter(group__deleted_at__isnull=True)


class Journey(models.Model):
    """A staff group's way through the six stages."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        SPUN_OUT = "spun_out", "Spun out"
        STOPPED = "stopped", "Stopped"

    group = models.OneToOneField(StaffGroup, on_delete=models.CASCADE, related_name="journey")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.EXPLORE)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    in_support_programme = models.BooleanField("in the Mutuals Support Programme", default=False)
    assigned_adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advised_journeys",
        limit_choices_to={"role": "adviser"},
    )
    shared_with_council = models.BooleanField(
        default=False, help_text="Officers of the parent public body may read the journey."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(default=timezone.now)

    objects = JourneyQuerySet.as_manager()
    # last_activity_at is bookkeeping (touched on every task or plan change), not a change to the journey.
    history = HistoricalRecords(excluded_fields=["last_activity_at"])

    class Meta:
        ordering = ["group__name"]
        indexes = [
            # The programme pipeline's stalled journeys, longest wait first: the first 25 read in index order.
            models.Index(
                fields=["last_activity_at", "id"],
                condition=models.Q(in_support_programme=True, status="active"),
                name="journey_supported_active_idx",
            )
        ]

    def __str__(self):
        return f"{self.group.name}: {self.get_stage_display()}"

    @property
    def stage_index(self) -> int:
        return Stage.index(self.stage)

    @property
    def next_stage(self) -> Stage | None:
        return FORWARD.get(Stage(self.stage))

    @property
    def previous_stage(self) -> Stage | None:
        return BACK.get(Stage(self.stage))

    @staticmethod
    def is_allowed_move(from_stage, to_stage) -> bool:
        from_stage, to_stage = Stage(from_stage), Stage(to_stage)
        return FORWARD.get(from_stage) == to_stage or BACK.get(from_stage) == to_stage

    def change_stage(self, *, to_stage, by, note: str = "") -> "StageChange":
        """Move to a neighbouring stage and log it. Who may do so is decided by journeys.access."""
        to_stage = Stage(to_stage)
        if not self.is_allowed_move(self.stage, to_stage):
            raise ValidationError(f"A journey cannot move from {self.get_stage_display()} to {to_stage.label}.")
        going_back = BACK.get(Stage(self.stage)) == to_stage
        if going_back and not note.strip():
            raise ValidationError("Give a reason for going back a stage.")
        change = StageChange.objects.create(
            journey=self, from_stage=self.stage, to_stage=to_stage, changed_by=by, note=note
        )
        self.stage = to_stage
        fields = ["stage", "last_activity_at"]
        if to_stage == Stage.SPUN_OUT:
            self.status = self.Status.SPUN_OUT
            fields.append("status")
        elif self.status == self.Status.SPUN_OUT:
            self.status = self.Status.ACTIVE
            fields.append("status")
        self.last_activity_at = timezone.now()
        acting(self, by).save(update_fields=fields)
        verb = "moved back" if going_back else "moved"
        self.log(
            by,
            JourneyEvent.Kind.STAGE,
            f"Journey {verb} from {Stage(change.from_stage).label} to {to_stage.label}",
            detail=note,
        )
        return change

    def log(self, actor, kind, summary: str, *, detail: str = "") -> "JourneyEvent":
        # Summaries quote what people typed (a file name, a risk): cut to fit the column, which
        # PostgreSQL enforces (a 250-character file name made "Evidence added to ..." too long).
        limit = JourneyEvent._meta.get_field("summary").max_length
        if len(summary) > limit:
            summary = summary[: limit - 1] + "…"
        return JourneyEvent.objects.create(journey=self, actor=actor, kind=kind, summary=summary, detail=detail)


class StageChange(models.Model):
    """One row per stage change: from, to, who, when and why."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    # The row names its author: the history records it, whoever runs the code.
    history = HistoricalRecords(get_user=lambda instance, **kwargs: instance.changed_by)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.journey.group.name}: {self.from_stage} -> {self.to_stage}"

    def save(self, *args, **kwargs):
        # Integrity guard, not workflow: the stage log is append-only, so its history is only ever a creation.
        if not self._state.adding:
            raise ValidationError("A stage change is never edited; a new stage change records a correction.")
        super().save(*args, **kwargs)


class JourneyEvent(models.Model):
    """The journey's timeline: who did what, when."""

    class Kind(models.TextChoices):
        STARTED = "started", "Journey started"
        TASK = "task", "Task"
        EVIDENCE = "evidence", "Evidence"
        GATE = "gate", "Stage gate"
        COUNCIL = "council", "Council decision"
        STAGE = "stage", "Stage change"
        MEMBERS = "members", "Members"
        PLAN = "plan", "Plan"
        SETTINGS = "settings", "Settings"
        DATA = "data", "Data"
        AFTER_LAUNCH = "after_launch", "After launch"

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.summary


class GateRequest(models.Model):
    """A lead's request to leave a stage; an adviser (supported journeys) or the lead decides."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for sign-off"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned with comments"
        CONFIRMED = "confirmed", "Confirmed by the lead"

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="gate_requests")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["journey"], condition=models.Q(status="pending"), name="one_pending_gate_per_journey"
            )
        ]

    def __str__(self):
        return f"{self.journey.group.name}: leave {self.from_stage} ({self.status})"
