"""Community Right to Challenge (Localism Act 2011, Part 5 Chapter 2).

Services a council opens to challenge, the windows for expressions of interest (EOIs),
the EOIs themselves with their statutory contents, decisions on statutory grounds,
conflict declarations, procurement exercises, decision notices and reminders.
"""

import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from accounts.models import PublicBody
from mutuals_portal.lib.history import HistoricalRecords

ACKNOWLEDGEMENT_DAYS = 30
REMINDER_DAYS_BEFORE = 7


class BodyType(models.TextChoices):
    """Relevant bodies that may submit an EOI (Localism Act 2011 s.81(6))."""

    VCB = "VCB", "Voluntary or community body"
    CHARITY = "CHARITY", "Charity"
    PARISH = "PARISH", "Parish or town council"
    STAFF2 = "STAFF2", "Two or more employees of the council"
    SOS_OTHER = "SOS_OTHER", "Another body specified by the Secretary of State"


class RejectionGround(models.TextChoices):
    """The grounds on which an EOI may be rejected (SI 2012/1647, Schedule)."""

    R1_NONCOMPLIANT = (
        "R1_NONCOMPLIANT",
        "R1: the expression of interest does not comply with section 81(1) of the Localism Act 2011 or the "
        "regulations (wrong body type, not in writing, missing required content, or outside the submission window)",
    )
    R2_INFO_INADEQUATE = (
        "R2_INFO_INADEQUATE",
        "R2: the information in the expression of interest is inadequate or inaccurate in a material respect",
    )
    R3_UNSUITABLE = (
        "R3_UNSUITABLE",
        "R3: the relevant body, a member of its consortium or a named sub-contractor is unsuitable "
        "to provide the service",
    )
    R4_SERVICE_STOPPING = (
        "R4_SERVICE_STOPPING",
        "R4: the council has decided, with evidence in writing, to stop providing the service",
    )
    R5_NHS_INTEGRATION = (
        "R5_NHS_INTEGRATION",
        "R5: the users of the service also receive an integrated NHS service, and keeping the services "
        "integrated is critical to their well-being",
    )
    R6_ALREADY_PROCURING = (
        "R6_ALREADY_PROCURING",
        "R6: the service is already the subject of a procurement exercise",
    )
    R7_NEGOTIATING = (
        "R7_NEGOTIATING",
        "R7: the council is in negotiations with a third party, at least partly in writing, to provide the service",
    )
    R8_STAFF_MUTUAL_PUBLISHED = (
        "R8_STAFF_MUTUAL_PUBLISHED",
        "R8: the council has published its intention to consider provision of the service by a body that two or "
        "more specified employees propose to set up",
    )
    R9_FRIVOLOUS = "R9_FRIVOLOUS", "R9: the expression of interest is frivolous or vexatious"
    R10_UNLAWFUL = (
        "R10_UNLAWFUL",
        "R10: accepting the expression of interest would be likely to lead to a breach of the law or of a "
        "statutory duty",
    )

    @property
    def short(self) -> str:
        return self.value.split("_", 1)[0]

    @property
    def paragraph(self) -> int:
        """R1..R10 are paragraphs 1 to 10 of the Schedule to SI 2012/1647 (legislation.gov.uk/uksi/2012/1647)."""
        return int(self.short[1:])

    @property
    def citation(self) -> str:
        return f"paragraph {self.paragraph} of the Schedule to SI 2012/1647"


class ChallengeSettings(models.Model):
    """A council's published periods for the Right to Challenge."""

    council = models.OneToOneField(
        PublicBody, on_delete=models.CASCADE, related_name="challenge_settings", primary_key=True
    )
    decision_period_days = models.PositiveIntegerField(
        "decision period (days)",
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text="Days from receipt (or from the window's close) to a decision.",
    )
    procurement_min_days = models.PositiveIntegerField(
        "minimum days from acceptance to procurement",
        default=60,
        validators=[MaxValueValidator(1095)],
    )
    procurement_max_days = models.PositiveIntegerField(
        "maximum days from acceptance to procurement",
        default=365,
        validators=[MinValueValidator(1), MaxValueValidator(1095)],
    )

    class Meta:
        verbose_name = "Right to Challenge settings"
        verbose_name_plural = "Right to Challenge settings"

    def __str__(self):
        return f"Right to Challenge settings for {self.council}"

    def clean(self):
        low, high = self.procurement_min_days, self.procurement_max_days
        if low is None or high is None:
            return
        if low > high:
            raise ValidationError(
                {"procurement_max_days": "The maximum period must be the same as or longer than the minimum period"}
            )
        if self.council_id is not None:
            self._check_services_keep_their_periods(low, high)

    def _check_services_keep_their_periods(self, low: int, high: int) -> None:
        """A service that sets only one of its periods takes the other from here: a change that would leave
        such a service with a minimum longer than its maximum is refused, naming the services."""
        services = ChallengeableService.objects.filter(council_id=self.council_id).order_by("name")
        errors = {}
        own_minimum = list(services.filter(procurement_max_days__isnull=True, procurement_min_days__gt=high))
        if own_minimum:
            errors["procurement_max_days"] = (
                "The maximum period must be the same as or longer than the minimum period set for "
                f"{_service_periods(own_minimum, 'procurement_min_days')}: change the service first"
            )
        own_maximum = list(services.filter(procurement_min_days__isnull=True, procurement_max_days__lt=low))
        if own_maximum:
            errors["procurement_min_days"] = (
                "The minimum period must be the same as or shorter than the maximum period set for "
                f"{_service_periods(own_maximum, 'procurement_max_days')}: change the service first"
            )
        if errors:
            raise ValidationError(errors)

    @classmethod
    def for_council(cls, council: PublicBody) -> "ChallengeSettings":
        """The council's settings, or the defaults (unsaved) until it sets its own. Uses the row a query
        joined with select_related("council__challenge_settings") when there is one."""
        found = getattr(council, "_challenge_settings_cache", None)
        if found is None:
            joined = PublicBody.challenge_settings.related  # type: ignore[attr-defined]
            if joined.is_cached(council):
                found = joined.get_cached_value(council) or cls(council=council)
            else:
                found = cls.objects.filter(council=council).first() or cls(council=council)
            council._challenge_settings_cache = found
        return found


def format_days(number: int) -> str:
    return f"{number:,} day" if number == 1 else f"{number:,} days"


def _service_periods(services: list["ChallengeableService"], field: str) -> str:
    named = [f"{service.name} ({format_days(getattr(service, field))})" for service in services[:3]]
    more = len(services) - len(named)
    return ", ".join(named) + (f" and {more} more" if more else "")


@dataclass(frozen=True)
class ProcurementPeriods:
    """The minimum and maximum days from accepting an EOI to starting the procurement exercise that apply to
    a service: its own, or the council's where it sets none (Localism Act 2011 ss.83-84; DOMAIN.md §1)."""

    min_days: int
    max_days: int
    min_set_for_service: bool
    max_set_for_service: bool

    @property
    def source(self) -> str:
        """Where the periods come from, in words, for the service pages."""
        if self.min_set_for_service and self.max_set_for_service:
            return "Set for this service"
        if self.min_set_for_service:
            return "The minimum is set for this service; the maximum is the council's default"
        if self.max_set_for_service:
            return "The maximum is set for this service; the minimum is the council's default"
        return "The council's default for its services"

    @property
    def short_source(self) -> str:
        """The same, for a table cell."""
        if self.min_set_for_service and self.max_set_for_service:
            return "Set for this service"
        if self.min_set_for_service:
            return "Minimum set for this service"
        if self.max_set_for_service:
            return "Maximum set for this service"
        return "Council's default"


DEVOLVED_REGIONS = {"wales", "scotland", "northern_ireland"}


def not_a_relevant_authority(council: PublicBody) -> str:
    """Why the council's services cannot be challenged, or "" when they can (or it is not known that they
    cannot). The Right to Challenge applies in England only (Localism Act 2011 s.81), to county, district,
    unitary, metropolitan borough and London borough councils (s.81(2)) and fire and rescue authorities
    (SI 2012/1647 reg 3). A body whose region or tier is not recorded is not refused on that account."""
    outside_england = council.region in DEVOLVED_REGIONS or (council.ons_code[:1] not in ("", "E"))
    if outside_england:
        return (
            f"{council.name} is not in England: the Community Right to Challenge applies only to English "
            "councils and fire and rescue authorities"
        )
    if council.tier and council.tier not in PublicBody.RELEVANT_AUTHORITY_TIERS:
        return (
            f"{council.name} is not a relevant authority under the Community Right to Challenge (county, district, "
            "unitary, metropolitan borough and London borough councils, and fire and rescue authorities)"
        )
    return ""


class ServiceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def for_council(self, council):
        return self.filter(council=council)


class ChallengeableService(models.Model):
    council = models.ForeignKey(
        PublicBody,
        on_delete=models.PROTECT,
        related_name="challengeable_services",
        limit_choices_to={"kind": PublicBody.Kind.COUNCIL},
    )
    name = models.CharField(max_length=200)
    description = models.TextField()
    current_provider = models.CharField(max_length=200, blank=True)
    annual_value = models.DecimalField(
        "annual value (GBP)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    contract_end = models.DateField("contract end date", null=True, blank=True)
    published = models.BooleanField(default=False)
    # Every relevant service may be challenged (s.81): a body can describe one the council has not listed.
    # The record is then the body's description until an officer links the EOI to a service or confirms it.
    described_by_body = models.BooleanField("described by a body, not yet confirmed by an officer", default=False)
    # Excluded services (s.81(5), SI 2012/1313 reg 4 and Schedule 2): kept as data with their basis.
    excluded = models.BooleanField("excluded from the Right to Challenge", default=False)
    exclusion_basis = models.CharField(
        "basis of the exclusion",
        max_length=300,
        blank=True,
        help_text="The paragraph of Schedule 2 to SI 2012/1313 that excludes the service, and why it applies.",
    )
    # The periods from acceptance to procurement for this service; empty: the council's (ChallengeSettings).
    # The statutory guidance asks councils to allow for the nature, scale and complexity of the service.
    procurement_min_days = models.PositiveIntegerField(
        "minimum days from acceptance to procurement",
        null=True,
        blank=True,
        validators=[MaxValueValidator(1095)],
    )
    procurement_max_days = models.PositiveIntegerField(
        "maximum days from acceptance to procurement",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1095)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Officers' changes (published, excluded and its basis, periods): who and when (the request's user).
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["council__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(procurement_min_days__isnull=True)
                | models.Q(procurement_max_days__isnull=True)
                | models.Q(procurement_min_days__lte=models.F("procurement_max_days")),
                name="service_procurement_min_not_above_max",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.council})"

    def clean(self):
        errors = self._procurement_period_errors()
        if self.excluded and not self.exclusion_basis.strip():
            errors["exclusion_basis"] = "Give the basis of the exclusion in Schedule 2 to SI 2012/1313"
        if not self.excluded and self.exclusion_basis.strip():
            errors["exclusion_basis"] = "Only give a basis when the service is excluded"
        if errors:
            raise ValidationError(errors)

    def procurement_periods(self) -> ProcurementPeriods:
        """The periods that apply to this service: its own, each defaulting to the council's."""
        own_min, own_max = self.procurement_min_days, self.procurement_max_days
        if own_min is not None and own_max is not None:
            return ProcurementPeriods(own_min, own_max, min_set_for_service=True, max_set_for_service=True)
        council = ChallengeSettings.for_council(self.council)
        return ProcurementPeriods(
            min_days=council.procurement_min_days if own_min is None else own_min,
            max_days=council.procurement_max_days if own_max is None else own_max,
            min_set_for_service=own_min is not None,
            max_set_for_service=own_max is not None,
        )

    def _procurement_period_errors(self) -> dict[str, str]:
        own_min, own_max = self.procurement_min_days, self.procurement_max_days
        if (own_min is None and own_max is None) or self.council_id is None:
            return {}
        periods = self.procurement_periods()
        if periods.min_days <= periods.max_days:
            return {}
        if own_min is not None and own_max is not None:
            return {"procurement_max_days": "The maximum period must be the same as or longer than the minimum period"}
        if own_max is not None:
            return {
                "procurement_max_days": "The maximum period must be the same as or longer than the council's "
                f"minimum period of {format_days(periods.min_days)}, or set a minimum period for this service too"
            }
        return {
            "procurement_min_days": "The minimum period must be the same as or shorter than the council's "
            f"maximum period of {format_days(periods.max_days)}, or set a maximum period for this service too"
        }

    def sorted_windows(self) -> list["SubmissionWindow"]:
        """Windows in date order (uses a prefetch when there is one)."""
        return sorted(self.windows.all(), key=lambda window: window.opens_on)

    def window_on(self, day: date) -> "SubmissionWindow | None":
        for window in self.sorted_windows():
            if window.opens_on <= day <= window.closes_on:
                return window
        return None

    def accepts_on(self, day: date) -> bool:
        """With no window set, EOIs may be submitted at any time (s.82)."""
        return not self.sorted_windows() or self.window_on(day) is not None

    def next_window(self, day: date) -> "SubmissionWindow | None":
        upcoming = [window for window in self.sorted_windows() if window.opens_on > day]
        return upcoming[0] if upcoming else None


class StaffMutualIntentionQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(withdrawn_at__isnull=True)


class StaffMutualIntention(models.Model):
    """The council's published intention to consider provision of a service by a body that two or more
    specified employees propose to set up: the basis of rejection ground R8 (paragraph 8 of the Schedule to
    SI 2012/1647). Optionally linked to the staff group's journey, when the group shares it with the council."""

    service = models.ForeignKey(ChallengeableService, on_delete=models.PROTECT, related_name="staff_mutual_intentions")
    journey = models.ForeignKey(
        "journeys.Journey",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_mutual_intentions",
        help_text="The staff group's journey, shared with the council.",
    )
    statement = models.TextField(
        "the published intention",
        help_text="What the council published: that it intends to consider provision of the service by a body "
        "that two or more of its employees propose to set up, and who they are (by team or role).",
    )
    proposed_body = models.CharField(
        "the proposed body", max_length=200, help_text="For example, the parks team's proposed mutual."
    )
    published_on = models.DateField("date the council published its intention")
    where_published = models.CharField(
        "where it was published", max_length=300, help_text="For example, the cabinet report and its web address."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = StaffMutualIntentionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "-pk"]

    def __str__(self):
        return f"Intention to consider a staff mutual for {self.service.name} ({self.published_on:%-d %B %Y})"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None

    @property
    def citation(self) -> str:
        return (
            f"{self.service.council.name} published on {self.published_on:%-d %B %Y} ({self.where_published}) its "
            f"intention to consider provision of {self.service.name} by {self.proposed_body}"
        )


class SubmissionWindow(models.Model):
    service = models.ForeignKey(ChallengeableService, on_delete=models.CASCADE, related_name="windows")
    opens_on = models.DateField()
    closes_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["opens_on"]

    def __str__(self):
        return f"{self.opens_on:%-d %B %Y} to {self.closes_on:%-d %B %Y}"

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "The closing date must be the same as or after the opening date"})


class RelevantBodyProfile(models.Model):
    """The body a self-registered relevant-body user represents."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="body_profile")
    body_name = models.CharField(max_length=200)
    body_type = models.CharField(max_length=20, choices=BodyType.choices)

    def __str__(self):
        return self.body_name


class EOIStatus(models.TextChoices):
    DRAFT = "DRAFT", "Draft"
    RECEIVED = "RECEIVED", "Received"
    ACKNOWLEDGED = "ACKNOWLEDGED", "Acknowledged"
    UNDER_REVIEW = "UNDER_REVIEW", "Under review"
    ACCEPTED = "ACCEPTED", "Accepted"
    ACCEPTED_MODIFIED = "ACCEPTED_MODIFIED", "Accepted with modification"
    REJECTED = "REJECTED", "Rejected"
    PROCUREMENT_STARTED = "PROCUREMENT_STARTED", "Procurement started"
    WITHDRAWN = "WITHDRAWN", "Withdrawn"


# The only status changes allowed; every change goes through services.eoi_transition.
TRANSITIONS: dict[str, set[str]] = {
    EOIStatus.DRAFT: {EOIStatus.RECEIVED, EOIStatus.WITHDRAWN},
    EOIStatus.RECEIVED: {EOIStatus.ACKNOWLEDGED, EOIStatus.WITHDRAWN},
    EOIStatus.ACKNOWLEDGED: {EOIStatus.UNDER_REVIEW, EOIStatus.WITHDRAWN},
    EOIStatus.UNDER_REVIEW: {
        EOIStatus.ACCEPTED,
        EOIStatus.ACCEPTED_MODIFIED,
        EOIStatus.REJECTED,
        EOIStatus.WITHDRAWN,
    },
    EOIStatus.ACCEPTED: {EOIStatus.PROCUREMENT_STARTED},
    EOIStatus.ACCEPTED_MODIFIED: {EOIStatus.PROCUREMENT_STARTED},
    EOIStatus.REJECTED: set(),
    EOIStatus.PROCUREMENT_STARTED: set(),
    EOIStatus.WITHDRAWN: set(),
}

AWAITING_ACKNOWLEDGEMENT = {EOIStatus.RECEIVED}
AWAITING_DECISION = {EOIStatus.RECEIVED, EOIStatus.ACKNOWLEDGED, EOIStatus.UNDER_REVIEW}
DECIDED = {EOIStatus.ACCEPTED, EOIStatus.ACCEPTED_MODIFIED, EOIStatus.REJECTED, EOIStatus.PROCUREMENT_STARTED}
WITHDRAWABLE = {s for s, targets in TRANSITIONS.items() if EOIStatus.WITHDRAWN in targets}

STATUS_TAG_COLOURS = {
    EOIStatus.DRAFT: "grey",
    EOIStatus.RECEIVED: "",
    EOIStatus.ACKNOWLEDGED: "turquoise",
    EOIStatus.UNDER_REVIEW: "yellow",
    EOIStatus.ACCEPTED: "green",
    EOIStatus.ACCEPTED_MODIFIED: "teal",
    EOIStatus.REJECTED: "red",
    EOIStatus.PROCUREMENT_STARTED: "purple",
    EOIStatus.WITHDRAWN: "grey",
}


class Route(models.TextChoices):
    """Every written route counts (s.81(1)(b)): the portal, email or post."""

    ONLINE = "ONLINE", "Online, through this service"
    EMAIL = "EMAIL", "By email"
    POST = "POST", "By post"


def original_upload_to(instance, filename):
    # A random name: the scanned original is served only through an access-checked view.
    suffix = PurePath(filename).suffix.lower()
    return f"challenges/originals/{uuid.uuid4().hex}{suffix}"


class EOIQuerySet(models.QuerySet):
    def submitted(self):
        return self.exclude(status=EOIStatus.DRAFT)

    def for_council(self, council):
        return self.filter(service__council=council)

    def overdue(self, today: date | None = None):
        return self.filter(overdue_condition(today or timezone.localdate()))

    def due_soon(self, today: date | None = None):
        """A deadline in the next 7 days (not yet passed)."""
        return self.filter(due_soon_condition(today or timezone.localdate()))


def soon_after(today: date) -> date:
    """The last day that counts as due soon: REMINDER_DAYS_BEFORE days after `today`."""
    return today + timedelta(days=REMINDER_DAYS_BEFORE)


def overdue_condition(today: date) -> models.Q:
    """An EOI past its acknowledgement or decision deadline (the one it is waiting for)."""
    return models.Q(status__in=AWAITING_ACKNOWLEDGEMENT, acknowledgement_due_on__lt=today) | models.Q(
        status__in=AWAITING_DECISION, decision_due_on__lt=today
    )


def due_soon_condition(today: date, soon: date | None = None) -> models.Q:
    """An EOI whose awaited deadline falls in the next 7 days (not yet passed). `soon`: the last of those days,
    soon_after(today) (given by a caller whose query is compiled once with stand-ins for both days)."""
    soon = soon or soon_after(today)
    return models.Q(status__in=AWAITING_ACKNOWLEDGEMENT, acknowledgement_due_on__range=(today, soon)) | models.Q(
        status__in=AWAITING_DECISION, decision_due_on__range=(today, soon)
    )


class ExpressionOfInterest(models.Model):
    service = models.ForeignKey(ChallengeableService, on_delete=models.PROTECT, related_name="eois")
    # The body's account; empty for an EOI that came by email or post and an officer recorded.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="eois", null=True, blank=True
    )
    route = models.CharField("how it was sent", max_length=10, choices=Route.choices, default=Route.ONLINE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="The officer who recorded an expression of interest received by email or post.",
    )
    original_document = models.FileField(upload_to=original_upload_to, blank=True)
    original_document_name = models.CharField(max_length=255, blank=True)
    # A token from the form that created the draft: a repeated post finds the same EOI.
    creation_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    body_type = models.CharField(max_length=20, choices=BodyType.choices, blank=True)
    body_name = models.CharField(max_length=200, blank=True)
    registration_number = models.CharField(
        max_length=50, blank=True, help_text="Charity or company number, if the body has one."
    )
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)

    # The statutory contents (SI 2012/1313 Schedule 1).
    financial_resources = models.TextField("financial resources", blank=True)
    capability = models.TextField("capability to provide the service", blank=True)
    service_and_area = models.TextField("the service and its geographical area", blank=True)
    outcomes_wellbeing = models.TextField("outcomes: well-being of the area", blank=True)
    outcomes_users_needs = models.TextField("outcomes: meeting service users' needs", blank=True)
    staff_engagement = models.TextField("engaging other affected employees", blank=True)

    status = models.CharField(max_length=20, choices=EOIStatus.choices, default=EOIStatus.DRAFT)
    window = models.ForeignKey(SubmissionWindow, on_delete=models.SET_NULL, null=True, blank=True, related_name="eois")
    received_on = models.DateField(null=True, blank=True)
    # Sent while the service had submission periods but none was open (s.82): the council may refuse to
    # consider it (R1) or consider it; `considered_outside_period` records that it chose to consider it.
    outside_period = models.BooleanField("sent outside the submission periods", default=False)
    considered_outside_period = models.BooleanField(
        "the council chose to consider it although it was sent outside the periods", default=False
    )
    acknowledgement_due_on = models.DateField(null=True, blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    decision_due_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When the author of a draft unchanged for a long time was told it will be deleted (challenges.retention).
    retention_warned_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = EOIQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["creation_token", "updated_at"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "expression of interest"
        verbose_name_plural = "expressions of interest"
        indexes = [models.Index(fields=["status", "decision_due_on"])]

    def __str__(self):
        return f"EOI {self.reference}: {self.body_name or 'unnamed body'} for {self.service.name}"

    @property
    def reference(self) -> str:
        return f"EOI-{self.pk:05d}" if self.pk else "EOI-new"

    @property
    def notify_address(self) -> str:
        """Where the body is written to by email: its contact, or its account ("" for a posted EOI with none)."""
        return self.contact_email or (self.submitted_by.email if self.submitted_by_id else "")

    @property
    def status_colour(self) -> str:
        return STATUS_TAG_COLOURS[self.status]

    @property
    def needs_staff_engagement(self) -> bool:
        return self.body_type == BodyType.STAFF2

    @property
    def deadlines_run_from(self) -> tuple[str, date] | None:
        """What the 30 days (and the decision period) run from, in words, and that day; None before receipt."""
        if self.received_on is None:
            return None
        start = deadlines_start(received_on=self.received_on, window=self.window)
        if start == self.received_on:
            return "the day it was received", start
        return "the close of the submission period it was sent in", start

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS[self.status]

    def is_acknowledgement_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status in AWAITING_ACKNOWLEDGEMENT
            and self.acknowledgement_due_on is not None
            and self.acknowledgement_due_on < today
        )

    def is_decision_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status in AWAITING_DECISION and self.decision_due_on is not None and self.decision_due_on < today

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    def is_overdue_on(self, today: date) -> bool:
        """Past the deadline it is waiting for (a list asks this of each row with one `today`)."""
        return self.is_acknowledgement_overdue(today) or self.is_decision_overdue(today)

    @property
    def is_due_soon(self) -> bool:
        return self.is_due_soon_on(timezone.localdate())

    def is_due_soon_on(self, today: date) -> bool:
        due = self.next_due_on
        return due is not None and today <= due <= soon_after(today)

    @property
    def next_due_on(self) -> date | None:
        if self.status in AWAITING_ACKNOWLEDGEMENT:
            return self.acknowledgement_due_on
        if self.status in AWAITING_DECISION:
            return self.decision_due_on
        return None

    def missing_statutory_content(self, partners=None) -> dict[str, str]:
        """Field name -> error message, for each required item that is not given yet. `partners`: the EOI's
        partners when the caller has read them already (else they are read here)."""
        missing = {}
        required = [
            ("body_type", "Select the type of body"),
            ("body_name", "Enter the name of the body"),
            ("contact_name", "Enter the name of a contact"),
            ("contact_email", "Enter the contact's email address"),
            ("financial_resources", "Describe the financial resources of the body"),
            (
                "capability",
                "Give evidence that the body will be able to provide the service by the time of procurement",
            ),
            ("service_and_area", "Describe the service and its geographical area"),
            (
                "outcomes_wellbeing",
                "Describe how the body will promote or improve the social, economic or "
                "environmental well-being of the area",
            ),
            ("outcomes_users_needs", "Describe how the body will meet the needs of the service's users"),
        ]
        for field, message in required:
            if not str(getattr(self, field)).strip():
                missing[field] = message
        if self.needs_staff_engagement and not self.staff_engagement.strip():
            missing["staff_engagement"] = "Describe how the body will engage other affected employees of the council"
        partners = self.partners.all() if partners is None else partners
        without_evidence = [p.name for p in partners if not p.capability.strip()]
        if without_evidence:
            missing["partners"] = (
                f"Give evidence that {', '.join(without_evidence)} will be able to provide or help provide the service "
                "by the time of procurement (remove and add each one again with its evidence)"
            )
        return missing

    def current_decision(self) -> "Decision | None":
        """The latest decision that has not been superseded (uses a prefetch when there is one)."""
        return current_decision_of(list(self.decisions.all()))


def current_decision_of(decisions: list["Decision"]) -> "Decision | None":
    """The one rule for an EOI's current decision, from its decisions already read: the latest one
    that no correction has superseded."""
    superseded = {d.supersedes_id for d in decisions if d.supersedes_id}
    current = [d for d in decisions if d.pk not in superseded]
    return max(current, key=lambda d: (d.decided_at, d.pk)) if current else None


def deadlines_start(*, received_on: date, window: SubmissionWindow | None) -> date:
    """The one rule for when the deadlines run from: the close of the submission period the EOI was sent
    in, or the day it was received when there is no period (DOMAIN.md section 1, "Acknowledgement")."""
    return window.closes_on if window is not None and window.closes_on > received_on else received_on


def compute_due_dates(*, received_on: date, window: SubmissionWindow | None, decision_period_days: int):
    """Acknowledgement (30 days) and decision (the council's period) run from receipt or the window's close."""
    start = deadlines_start(received_on=received_on, window=window)
    return start + timedelta(days=ACKNOWLEDGEMENT_DAYS), start + timedelta(days=decision_period_days)


class Partner(models.Model):
    """A consortium member or sub-contractor; the statutory information is needed for each."""

    class Kind(models.TextChoices):
        CONSORTIUM = "consortium", "Consortium member"
        SUBCONTRACTOR = "subcontractor", "Sub-contractor"

    eoi = models.ForeignKey(ExpressionOfInterest, on_delete=models.CASCADE, related_name="partners")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    registration_number = models.CharField(max_length=50, blank=True)
    financial_resources = models.TextField("financial resources")
    # SI 2012/1313 Sch 1 para 1: paras 2 (financial resources) *and* 3 (capability) for each member and
    # sub-contractor. Blank only on rows added before it was asked for; such an EOI cannot be sent.
    capability = models.TextField("capability to provide or help provide the service", blank=True)

    class Meta:
        ordering = ["kind", "name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"


class JourneyEOI(models.Model):
    """An EOI a staff group sent from its journey, as "two or more employees of the authority" (Localism Act
    2011 s.81(6)(d)). The EOI is the council's record like any other; this row ties it to the journey both ways
    and holds how many employees support it (with the EOI's staff-engagement answer, SI 2012/1313 Sch 1)."""

    eoi = models.OneToOneField(ExpressionOfInterest, on_delete=models.CASCADE, related_name="journey_link")
    journey = models.ForeignKey("journeys.Journey", on_delete=models.PROTECT, related_name="challenge_eois")
    supporting_employees = models.PositiveIntegerField(
        "how many employees of the council support it",
        validators=[MinValueValidator(2), MaxValueValidator(1_000_000)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "staff group's expression of interest"
        verbose_name_plural = "staff groups' expressions of interest"

    def __str__(self):
        return f"{self.eoi.reference} from journey {self.journey_id}"


def attachment_upload_to(instance, filename):
    # A random name: attachments are served only through an access-checked view.
    suffix = PurePath(filename).suffix.lower()
    return f"challenges/attachments/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A document sent with an EOI (accounts, constitution, letters): by the body while it drafts, or by an
    officer recording an EOI that came by email or post. Checked like journey evidence (journeys.uploads)."""

    class Kind(models.TextChoices):
        ACCOUNTS = "accounts", "Accounts"
        CONSTITUTION = "constitution", "Constitution or governing document"
        LETTER = "letter", "Letter (for example, of support)"
        OTHER = "other", "Another document"

    eoi = models.ForeignKey(ExpressionOfInterest, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("what it is", max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=attachment_upload_to)
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return f"{self.original_name} ({self.get_kind_display()}) on {self.eoi.reference}"


class InfoRequest(models.Model):
    """The council asks the body for more information. Asking is never a ground to reject (SI 2012/1647
    lists the grounds; an unanswered request is not one of them)."""

    eoi = models.ForeignKey(ExpressionOfInterest, on_delete=models.CASCADE, related_name="info_requests")
    question = models.TextField("what the council asks for")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self):
        return f"Request for information on {self.eoi.reference}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class EOIStatusChange(models.Model):
    eoi = models.ForeignKey(ExpressionOfInterest, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=EOIStatus.choices)
    to_status = models.CharField(max_length=20, choices=EOIStatus.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    # Steps the body must not see yet: a decision recorded or amended before it is published.
    officer_only = models.BooleanField(default=False)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.eoi.reference}: {self.from_status} -> {self.to_status}"


class DecisionOutcome(models.TextChoices):
    ACCEPTED = "ACCEPTED", "Accept"
    ACCEPTED_MODIFIED = "ACCEPTED_MODIFIED", "Accept with modification"
    REJECTED = "REJECTED", "Reject"


OUTCOME_RESULT_LABELS = {
    DecisionOutcome.ACCEPTED: "Accepted",
    DecisionOutcome.ACCEPTED_MODIFIED: "Accepted with modification",
    DecisionOutcome.REJECTED: "Rejected",
}


class DecisionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def on_register(self):
        """Published decisions without a published correction."""
        # `supersedes IS NOT NULL` says nothing new to the rule, but lets PostgreSQL read the few corrections
        # from the index on `supersedes` instead of every published decision (the register's count: 5.7 ms
        # -> 2.2 ms at 11,000 decisions).
        corrected = Decision.objects.filter(
            supersedes=models.OuterRef("pk"), supersedes__isnull=False, published_at__isnull=False
        )
        return self.published().exclude(models.Exists(corrected))


class PublishedDecisionError(ValidationError):
    pass


class Decision(models.Model):
    """A decision on an EOI. Once published it never changes: a correction supersedes it."""

    eoi = models.ForeignKey(ExpressionOfInterest, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=20, choices=DecisionOutcome.choices)
    grounds = models.JSONField(default=list, blank=True, help_text="Rejection grounds (codes R1..R10).")
    reasons = models.TextField(blank=True)
    modification = models.TextField(blank=True)
    modification_agreed = models.BooleanField("the body agreed to the modification", default=False)
    wellbeing_considered = models.BooleanField(
        "considered whether accepting would promote or improve the area's well-being", default=False
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    decision_maker = models.CharField(
        "decision maker",
        max_length=200,
        blank=True,
        help_text="Name and job title of the person who took the decision.",
    )
    delegated_authority = models.CharField(
        "delegated authority",
        max_length=300,
        blank=True,
        help_text="The power the decision maker acted under, for example the officer scheme of delegation "
        "and its paragraph, or a cabinet resolution.",
    )
    key_decision_reference = models.CharField("key decision reference", max_length=100, blank=True)
    # The service's periods (its own, or the council's) as they stood when the decision was made
    # (accepted decisions only): later changes to the service or the council never move the window.
    procurement_min_days = models.PositiveIntegerField(
        "minimum days from acceptance to procurement", null=True, blank=True
    )
    procurement_max_days = models.PositiveIntegerField(
        "maximum days from acceptance to procurement", null=True, blank=True
    )
    # Ground R8: the council's published intention the decision relies on, cited as it stood when decided.
    r8_intention = models.TextField("the published intention ground R8 relies on", blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    supersedes = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections")
    correction_note = models.TextField(blank=True)

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        # The public register, newest first (access.register_decisions).
        indexes = [models.Index(fields=["-published_at", "-id"], name="decision_register_order")]

    def __str__(self):
        return f"{self.get_outcome_display()} {self.eoi.reference}"

    def save(self, *args, **kwargs):
        # Integrity guard, not workflow: a published decision is never rewritten.
        if self.pk and Decision.objects.filter(pk=self.pk, published_at__isnull=False).exists():
            raise PublishedDecisionError("A published decision cannot be changed; record a correction instead.")
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def result_label(self) -> str:
        return OUTCOME_RESULT_LABELS[self.outcome]

    def ground_labels(self) -> list[str]:
        return [RejectionGround(code).label for code in self.grounds]

    def ground_codes(self) -> list[str]:
        return [RejectionGround(code).short for code in self.grounds]

    def cited_grounds(self) -> list[dict]:
        """Each ground with its paragraph of the Schedule to SI 2012/1647, for the notice and the pages."""
        return [
            {
                "code": g.short,
                "paragraph": g.paragraph,
                "citation": g.citation,
                "label": g.label,
                "text": self._ground_text(g),
            }
            for g in (RejectionGround(code) for code in self.grounds)
        ]

    def _ground_text(self, ground: "RejectionGround") -> str:
        text = ground.label.split(": ", 1)[1]
        if ground == RejectionGround.R8_STAFF_MUTUAL_PUBLISHED and self.r8_intention:
            text = f"{text}. {self.r8_intention}."
        return text

    def procurement_dates(self) -> tuple[date, date] | None:
        """For an acceptance: the first and last procurement start dates under the periods frozen at the decision."""
        if not self.is_acceptance or self.procurement_min_days is None or self.procurement_max_days is None:
            return None
        decided_on = timezone.localdate(self.decided_at)
        return (
            decided_on + timedelta(days=self.procurement_min_days),
            decided_on + timedelta(days=self.procurement_max_days),
        )

    @property
    def is_acceptance(self) -> bool:
        return self.outcome in (DecisionOutcome.ACCEPTED, DecisionOutcome.ACCEPTED_MODIFIED)

    def procurement_period(self) -> dict | None:
        """For the register: an acceptance's periods as they stood at the decision, and the dates they give
        for starting the procurement exercise (the periods the Localism Act 2011 ss.83-84 require); None otherwise."""
        dates = self.procurement_dates()
        if dates is None:
            return None
        return {
            "min_days": self.procurement_min_days,
            "max_days": self.procurement_max_days,
            "starts_from": dates[0],
            "starts_by": dates[1],
        }

    def clean(self):
        errors = {}
        valid = set(RejectionGround.values)
        if not isinstance(self.grounds, list) or any(code not in valid for code in self.grounds):
            errors["grounds"] = "Select grounds from the statutory list"
        elif self.outcome == DecisionOutcome.REJECTED and not self.grounds:
            errors["grounds"] = "Select at least one ground for rejecting the expression of interest"
        elif self.outcome != DecisionOutcome.REJECTED and self.grounds:
            errors["grounds"] = "Grounds are only given when rejecting an expression of interest"
        if self.outcome in (DecisionOutcome.REJECTED, DecisionOutcome.ACCEPTED_MODIFIED) and not self.reasons.strip():
            errors["reasons"] = "Enter the reasons for the decision"
        if self.outcome == DecisionOutcome.ACCEPTED_MODIFIED:
            if not self.modification.strip():
                errors["modification"] = "Describe the modification"
            if not self.modification_agreed:
                errors["modification_agreed"] = "A modification can only be made when the body has agreed to it"
        elif self.modification.strip() or self.modification_agreed:
            errors["modification"] = "A modification is only recorded when accepting with modification"
        r8 = RejectionGround.R8_STAFF_MUTUAL_PUBLISHED.value
        if isinstance(self.grounds, list) and r8 in self.grounds and not self.r8_intention.strip():
            errors["grounds"] = (
                "Ground R8 needs the council's published intention to consider provision by a staff mutual"
            )
        if not self.decision_maker.strip():
            errors["decision_maker"] = "Enter the name and job title of the decision maker"
        if not self.delegated_authority.strip():
            errors["delegated_authority"] = "Enter the delegated authority the decision maker acted under"
        if not self.wellbeing_considered:
            errors["wellbeing_considered"] = (
                "Confirm that you considered whether accepting would promote or improve the area's well-being"
            )
        if errors:
            raise ValidationError(errors)


class ConflictDeclaration(models.Model):
    """An officer's declared interest; it stops them deciding the EOI (or any EOI from the body)."""

    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflicts")
    eoi = models.ForeignKey(ExpressionOfInterest, on_delete=models.CASCADE, related_name="conflicts")
    covers_body = models.BooleanField(
        "the interest is in the body itself (covers all its expressions of interest)", default=False
    )
    interest = models.TextField("nature of the interest")
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["declared_at"]

    def __str__(self):
        return f"{self.officer} on {self.eoi.reference}"


# The Procurement Act 2023 came into force on 24 February 2025; a procurement begun before then continues
# under the Public Contracts Regulations 2015. NHS health care services are arranged under the Health Care
# Services (Provider Selection Regime) Regulations 2023 from 1 January 2024 (DOMAIN.md §5, [S77], [S79]).
PROCUREMENT_ACT_IN_FORCE = date(2025, 2, 24)
PROVIDER_SELECTION_REGIME_IN_FORCE = date(2024, 1, 1)
# s.33(3) Procurement Act 2023: a contract reserved to public service mutuals lasts 5 years at most.
RESERVED_CONTRACT_MAX_YEARS = 5
# A Find a Tender notice identifier: a six-digit serial, a hyphen and the four-digit year of publication,
# e.g. 041267-2026 (the release id in the service's OCDS data, find-tender.service.gov.uk/api/1.0).
# Find a Tender opened on 1 January 2021, so the year is 2021 or later.
FIND_A_TENDER_NOTICE = r"^(\d{6})-(\d{4})$"
FIND_A_TENDER_FIRST_YEAR = 2021


class ProcurementProcedure(models.TextChoices):
    """How the contract is procured after an accepted EOI (DOMAIN.md §5)."""

    OPEN = "OPEN", "Open procedure (Procurement Act 2023 s.20(2)(a))"
    COMPETITIVE_FLEXIBLE = "COMPETITIVE_FLEXIBLE", "Competitive flexible procedure (Procurement Act 2023 s.20(2)(b))"
    DIRECT_AWARD = "DIRECT_AWARD", "Direct award on a justification in Schedule 5 (Procurement Act 2023 s.41)"
    NHS_PSR = (
        "NHS_PSR",
        "NHS health care: the Provider Selection Regime (Health Care Services (Provider Selection Regime) "
        "Regulations 2023)",
    )
    PCR_2015 = "PCR_2015", "Public Contracts Regulations 2015 (a procurement begun before 24 February 2025)"


COMPETITIVE_PROCEDURES = {ProcurementProcedure.OPEN, ProcurementProcedure.COMPETITIVE_FLEXIBLE}


class ProcurementResult(models.TextChoices):
    AWARDED = "AWARDED", "Contract awarded"
    NOT_AWARDED = "NOT_AWARDED", "No contract awarded"


class ProcurementExercise(models.Model):
    """The procurement that must follow an accepted EOI, and what it led to."""

    # What is recorded only when a contract was awarded.
    AWARD_FIELDS = (
        "awarded_on",
        "winning_supplier",
        "winner_is_challenger",
        "contract_value",
        "contract_starts_on",
        "contract_ends_on",
    )

    eoi = models.OneToOneField(ExpressionOfInterest, on_delete=models.PROTECT, related_name="procurement")
    starts_on = models.DateField("procurement start date")
    # Blank only on exercises recorded before the procedure was asked for.
    procedure = models.CharField(max_length=30, choices=ProcurementProcedure.choices, blank=True)
    reserved_to_mutuals = models.BooleanField(
        "contract reserved to public service mutuals (Procurement Act 2023 s.33)", default=False
    )
    direct_award_justification = models.TextField("direct award justification (Schedule 5)", blank=True)
    notice_identifier = models.CharField("Find a Tender notice identifier", max_length=20, blank=True)
    notice_published_on = models.DateField("notice published on", null=True, blank=True)
    social_value_considered = models.BooleanField("social value considered", default=False)
    social_value_notes = models.TextField("social value notes", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    # The outcome: what the challenge led to.
    result = models.CharField(max_length=20, choices=ProcurementResult.choices, blank=True)
    result_notes = models.TextField("why no contract was awarded", blank=True)
    awarded_on = models.DateField("award date", null=True, blank=True)
    winning_supplier = models.CharField(max_length=200, blank=True)
    winner_is_challenger = models.BooleanField("the challenging body won", null=True, blank=True)
    contract_value = models.DecimalField(
        "total contract value (GBP)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    contract_starts_on = models.DateField("contract start date", null=True, blank=True)
    contract_ends_on = models.DateField("contract end date", null=True, blank=True)
    result_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    result_recorded_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    def __str__(self):
        return f"Procurement for {self.eoi.reference} from {self.starts_on}"

    @property
    def has_result(self) -> bool:
        return bool(self.result)

    @property
    def term_months(self) -> int | None:
        """The contract's term in whole months (a part month counts), from its start and end dates."""
        if self.contract_starts_on is None or self.contract_ends_on is None:
            return None
        start, end = self.contract_starts_on, self.contract_ends_on + timedelta(days=1)
        months = (end.year - start.year) * 12 + (end.month - start.month)
        return months + (1 if end.day > start.day else 0)

    @property
    def notice_url(self) -> str:
        return (
            f"https://www.find-tender.service.gov.uk/Notice/{self.notice_identifier}" if self.notice_identifier else ""
        )

    def clean(self):
        errors: dict[str, str] = {}
        procedure = self.procedure
        if procedure:
            if procedure == ProcurementProcedure.PCR_2015:
                if self.starts_on and self.starts_on >= PROCUREMENT_ACT_IN_FORCE:
                    errors["procedure"] = (
                        "A procurement starting on or after 24 February 2025 follows the Procurement Act 2023"
                    )
            elif procedure == ProcurementProcedure.NHS_PSR:
                if self.starts_on and self.starts_on < PROVIDER_SELECTION_REGIME_IN_FORCE:
                    errors["procedure"] = "The Provider Selection Regime applies from 1 January 2024"
            elif self.starts_on and self.starts_on < PROCUREMENT_ACT_IN_FORCE:
                errors["procedure"] = (
                    "The Procurement Act 2023 applies to procurements starting on or after 24 February 2025"
                )
            if procedure == ProcurementProcedure.DIRECT_AWARD and not self.direct_award_justification.strip():
                errors["direct_award_justification"] = "Give the justification in Schedule 5 for the direct award"
            if procedure != ProcurementProcedure.DIRECT_AWARD and self.direct_award_justification.strip():
                errors["direct_award_justification"] = "Only give a justification for a direct award"
            if self.reserved_to_mutuals and procedure not in COMPETITIVE_PROCEDURES:
                errors["reserved_to_mutuals"] = (
                    "A contract is reserved to public service mutuals (s.33) only in an open or competitive "
                    "flexible procedure"
                )
        if self.notice_identifier:
            match = re.match(FIND_A_TENDER_NOTICE, self.notice_identifier)
            if match is None or int(match.group(2)) < FIND_A_TENDER_FIRST_YEAR:
                errors["notice_identifier"] = (
                    "Enter the Find a Tender notice identifier as 6 digits, a hyphen and the year, like 012345-2026"
                )
            elif self.notice_published_on is None:
                errors["notice_published_on"] = "Enter the date the notice was published"
            elif int(match.group(2)) != self.notice_published_on.year:
                errors["notice_identifier"] = "The year in the notice identifier must be the year it was published"
        elif self.notice_published_on is not None:
            errors["notice_identifier"] = "Enter the Find a Tender notice identifier"
        if self.notice_published_on and self.starts_on and self.notice_published_on < self.starts_on:
            errors["notice_published_on"] = "The notice cannot be published before the procurement starts"
        errors.update(self._result_errors())
        if errors:
            raise ValidationError(errors)

    def _result_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        award_fields = (
            self.awarded_on,
            self.winning_supplier.strip() or None,
            self.winner_is_challenger,
            self.contract_value,
            self.contract_starts_on,
            self.contract_ends_on,
        )
        if self.result != ProcurementResult.AWARDED:
            if any(value is not None for value in award_fields):
                errors["result"] = "Award details are only recorded when a contract was awarded"
            if self.result == ProcurementResult.NOT_AWARDED and not self.result_notes.strip():
                errors["result_notes"] = "Explain why no contract was awarded"
            if not self.result and self.result_notes.strip():
                errors["result_notes"] = "Select the outcome of the procurement"
            return errors
        if self.awarded_on is None:
            errors["awarded_on"] = "Enter the award date"
        elif self.starts_on and self.awarded_on < self.starts_on:
            errors["awarded_on"] = "The award date cannot be before the procurement started"
        if not self.winning_supplier.strip():
            errors["winning_supplier"] = "Enter the name of the winning supplier"
        if self.winner_is_challenger is None:
            errors["winner_is_challenger"] = "Select yes if the challenging body won the contract"
        if self.contract_value is None:
            errors["contract_value"] = "Enter the total contract value"
        if self.contract_starts_on is None:
            errors["contract_starts_on"] = "Enter the contract start date"
        elif self.awarded_on and self.contract_starts_on < self.awarded_on:
            errors["contract_starts_on"] = "The contract cannot start before it was awarded"
        if self.contract_ends_on is None:
            errors["contract_ends_on"] = "Enter the contract end date"
        elif self.contract_starts_on and self.contract_ends_on <= self.contract_starts_on:
            errors["contract_ends_on"] = "The contract end date must be after its start date"
        elif (
            self.reserved_to_mutuals
            and self.term_months is not None
            and self.term_months > RESERVED_CONTRACT_MAX_YEARS * 12
        ):
            errors["contract_ends_on"] = (
                "A contract reserved to public service mutuals lasts 5 years at most (Procurement Act 2023 s.33)"
            )
        return errors


def notice_upload_to(instance, filename):
    # A random name: the file is served only through an access-checked view.
    return f"challenges/notices/{uuid.uuid4().hex}.pdf"


class DecisionNotice(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="notice")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to=notice_upload_to, blank=True)
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    rendered_by = models.CharField("worker (host:pid)", max_length=120, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Notice for {self.decision}"


class ReminderSent(models.Model):
    """One row per EOI per deadline per kind, so a reminder is never sent twice."""

    class Kind(models.TextChoices):
        ACK_SOON = "ack_soon", "Acknowledgement due in 7 days"
        ACK_OVERDUE = "ack_overdue", "Acknowledgement overdue"
        DECISION_SOON = "decision_soon", "Decision due in 7 days"
        DECISION_OVERDUE = "decision_overdue", "Decision overdue"

    eoi = models.ForeignKey(ExpressionOfInterest, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["eoi", "kind", "due_on"], name="one_reminder_per_eoi_deadline")]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.eoi.reference}"


def procurement_outcome(eoi) -> dict | None:
    """What an accepted challenge led to, for the register's downloads (public data, no personal data)."""
    exercise = getattr(eoi, "procurement", None) if eoi.status == EOIStatus.PROCUREMENT_STARTED else None
    if exercise is None:
        return None
    awarded = exercise.result == ProcurementResult.AWARDED
    return {
        "starts_on": exercise.starts_on.isoformat(),
        "procedure": exercise.procedure or None,
        "procedure_label": exercise.get_procedure_display() or None,
        "reserved_to_public_service_mutuals": exercise.reserved_to_mutuals,
        "direct_award_justification": exercise.direct_award_justification or None,
        "notice_identifier": exercise.notice_identifier or None,
        "notice_published_on": exercise.notice_published_on.isoformat() if exercise.notice_published_on else None,
        "result": exercise.result or None,
        "result_notes": exercise.result_notes or None,
        "awarded_on": exercise.awarded_on.isoformat() if awarded else None,
        "winning_supplier": exercise.winning_supplier if awarded else None,
        "winner_is_challenger": exercise.winner_is_challenger if awarded else None,
        "contract_value": str(exercise.contract_value) if awarded else None,
        "contract_starts_on": exercise.contract_starts_on.isoformat() if awarded else None,
        "contract_ends_on": exercise.contract_ends_on.isoformat() if awarded else None,
        "term_months": exercise.term_months if awarded else None,
    }
