"""Referrals from the Mutuals Information Service, their triage, and the Support Programme budget."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from accounts.models import PublicBody, Region
from journeys.models import Journey, StaffGroup
from mutuals_portal.lib.choices import ServiceArea
from mutuals_portal.lib.history import HistoricalRecords
from mutuals_portal.lib.prepared import PreparedModels

from . import workdays

POINTS = [MinValueValidator(0, "Enter a score from 0 to 3"), MaxValueValidator(3, "Enter a score from 0 to 3")]


class ReferenceCounter(models.Model):
    """The last referral number issued in a year (locked while the next one is taken)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class ReferralQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Referral.OPEN_STATUSES)

    def for_queue(self):
        return self.select_related("assigned_adviser", "parent_body", "assessment")


class Referral(models.Model):
    """An enquiry sent through the public form, and what triage made of it."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_PROGRESS = "in_progress", "In progress"
        MORE_INFO = "more_info", "Waiting for information"
        ACCEPTED = "accepted", "Accepted"
        SIGNPOSTED = "signposted", "Signposted"
        DECLINED = "declined", "Declined"

    class Progress(models.TextChoices):
        IDEA = "idea", "We are just starting to think about it"
        EXPLORING = "exploring", "We are exploring options with colleagues"
        SUPPORTED = "supported", "Our council or NHS body supports exploring a mutual"
        PLANNING = "planning", "We are writing a business case or plan"

    class CommissionerPosition(models.TextChoices):
        NOT_DISCUSSED = "not_discussed", "We have not discussed it with them yet"
        AWARE = "aware", "They know about it but have not said what they think"
        SUPPORTIVE = "supportive", "They support it in principle"
        AGREED = "agreed", "They have agreed in writing to commission the service from a mutual"

    OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.MORE_INFO)
    AWAITING_REPLY = (Status.NEW, Status.IN_PROGRESS)

    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    contact_name = models.CharField(max_length=150)
    contact_email = models.EmailField()
    organisation = models.CharField("organisation or team", max_length=200)
    service_name = models.CharField(max_length=200)
    service_area = models.CharField(max_length=40, choices=ServiceArea.choices)
    parent_body = models.ForeignKey(
        PublicBody, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    parent_body_name = models.CharField("parent public body", max_length=200)
    region = models.CharField(max_length=30, choices=Region.choices)
    headcount = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    annual_budget = models.DecimalField(
        "annual budget (GBP)", max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    progress = models.CharField("how far you have got", max_length=20, choices=Progress.choices)
    help_needed = models.TextField("what help you need")
    # What the enquiry tells us towards criteria T3-T5 and T8 (optional for the public; shown to the adviser).
    sponsor = models.CharField("senior sponsor", max_length=200, blank=True)
    commissioner_position = models.CharField(
        "commissioner's position", max_length=20, choices=CommissionerPosition.choices, blank=True
    )
    staff_consultation = models.TextField("how staff have been consulted", blank=True)
    match_funding = models.TextField("money or support the organisation can contribute", blank=True)
    deadlines = models.TextField("deadlines", blank=True)
    consent = models.BooleanField("consent to be contacted", default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    assigned_adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_referrals",
        limit_choices_to={"role": "adviser"},
    )
    staff_group = models.ForeignKey(
        StaffGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    signpost_destination = models.CharField(max_length=200, blank=True)
    decline_reason = models.TextField(blank=True)
    information_requested = models.TextField(blank=True)

    objects = ReferralQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        # The triage queue: open referrals, newest first.
        indexes = [models.Index(fields=["status", "-created_at"], name="referral_queue")]

    def __str__(self):
        return f"{self.reference} {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def age_days(self, today: date | None = None) -> int:
        return days_waiting(self.created_at, today or timezone.localdate())

    @property
    def received_on(self) -> date:
        return received_on_for(self.created_at)

    @property
    def reply_due_on(self) -> date:
        """The public form promises a reply within REFERRAL_REPLY_WORKING_DAYS working days."""
        return reply_due_for(self.created_at)

    @property
    def awaiting_reply(self) -> bool:
        """New or in progress: nobody has answered yet (asking for more information is an answer)."""
        return self.status in self.AWAITING_REPLY

    def is_overdue(self, today: date | None = None) -> bool:
        return self.awaiting_reply and reply_overdue(self.reply_due_on, today or timezone.localdate())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    def working_days_waiting(self, today: date | None = None) -> int:
        return workdays.working_days_between(self.received_on, today or timezone.localdate())


def received_on_for(created_at) -> date:
    """The day, in the site's time zone, a referral that arrived at `created_at` was received."""
    return timezone.localtime(created_at).date()


def days_waiting(created_at, today: date) -> int:
    """How many days ago, by the calendar of the site's time zone, a referral arrived at `created_at`."""
    return (today - received_on_for(created_at)).days


def reply_overdue(due_on: date, today: date) -> bool:
    """A reply still owed is overdue once its due date has passed."""
    return today > due_on


def reply_due_for(created_at) -> date:
    """When a referral that arrived at `created_at` is owed a reply: the public form promises one within
    REFERRAL_REPLY_WORKING_DAYS working days of the day it arrived (in the site's time zone)."""
    return workdays.add_working_days(received_on_for(created_at), settings.REFERRAL_REPLY_WORKING_DAYS)


class ReferralEvent(models.Model):
    """The referral's log: every status change or assignment, who made it and why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    from_status = models.CharField(max_length=20, choices=Referral.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Referral.Status.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.referral.reference}: {self.from_status or '-'} -> {self.to_status}"


class TriageAssessment(models.Model):
    """Gates T1-T2, criteria T3-T8 (0-3 points each), flags and the resulting score and band."""

    class Band(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="assessment")
    t1_definition = models.BooleanField("T1 meets, or will meet, the 3 definition tests")
    t2_england = models.BooleanField("T2 services delivered in England")
    t3_sponsor = models.PositiveSmallIntegerField(validators=POINTS)
    t4_commissioner = models.PositiveSmallIntegerField(validators=POINTS)
    t5_staff = models.PositiveSmallIntegerField(validators=POINTS)
    t6_viability = models.PositiveSmallIntegerField(validators=POINTS)
    t7_innovation = models.PositiveSmallIntegerField(validators=POINTS)
    t8_match = models.PositiveSmallIntegerField(validators=POINTS)
    mutual_over_five_years = models.BooleanField(default=False)
    retendered = models.BooleanField(default=False)
    requested_support = models.DecimalField(
        "support requested over 3 fiscal years (GBP)",
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    score = models.DecimalField(max_digits=5, decimal_places=1)
    band = models.CharField(max_length=10, choices=Band.choices)
    notes = models.TextField(blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    assessed_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["assessed_at"])

    def __str__(self):
        return f"{self.referral.reference}: {self.score} ({self.band})"

    @property
    def gates_passed(self) -> bool:
        return self.t1_definition and self.t2_england


class ScoreModeration(models.Model):
    """A second adviser's moderation of an assessment's criteria scores. The moderated scores become the
    assessment's (they count); the scores they replaced are kept here, so both stay on the record."""

    assessment = models.ForeignKey(TriageAssessment, on_delete=models.CASCADE, related_name="moderations")
    previous_points = models.JSONField("the scores before moderation")
    previous_score = models.DecimalField(max_digits=5, decimal_places=1)
    previous_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    points = models.JSONField("the moderated scores")
    score = models.DecimalField(max_digits=5, decimal_places=1)
    band = models.CharField(max_length=10, choices=TriageAssessment.Band.choices)
    reason = models.TextField()
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.assessment.referral.reference}: {self.previous_score} -> {self.score}"

    @property
    def previous_list(self) -> list:
        return list(self.previous_points.values())

    @property
    def points_list(self) -> list:
        return list(self.points.values())


class RubricDescriptor(models.Model):
    """What each score (0-3) means for one triage criterion, shown beside the radios so that two
    advisers score alike. Data, edited in the admin; seeded by a migration from DOMAIN.md's criteria."""

    code = models.CharField(
        "criterion",
        max_length=2,
        choices=[("T3", "T3"), ("T4", "T4"), ("T5", "T5"), ("T6", "T6"), ("T7", "T7"), ("T8", "T8")],
    )
    points = models.PositiveSmallIntegerField(validators=POINTS)
    text = models.CharField("descriptor", max_length=300)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "points"]
        constraints = [models.UniqueConstraint(fields=["code", "points"], name="one_descriptor_per_score")]

    def __str__(self):
        return f"{self.code} {self.points}: {self.text}"


class Programme(models.Model):
    """The Mutuals Support Programme budget."""

    name = models.CharField(max_length=200, unique=True)
    budget = models.DecimalField(
        "total budget (GBP)",
        max_digits=14,
        decimal_places=2,
        default=Decimal("10000000.00"),
        validators=[MinValueValidator(0)],
    )
    per_journey_cap = models.DecimalField(
        "most one journey may receive (GBP)",
        max_digits=12,
        decimal_places=2,
        default=Decimal("250000.00"),
        validators=[MinValueValidator(0)],
    )
    starts_on = models.DateField(default=date(2026, 4, 1))
    ends_on = models.DateField(default=date(2031, 3, 31))

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self):
        return self.name


# current_programme()'s two queries, compiled once per process (mutuals_portal.lib.prepared): the pipeline
# and the allocation pages ask on every request.
_STARTED_BY = PreparedModels(
    lambda today: Programme.objects.filter(starts_on__lte=today).order_by("-starts_on", "-id")[:1], kinds=("date",)
)
_LATEST = PreparedModels(lambda: Programme.objects.order_by("-id")[:1], arity=0)


def current_programme() -> "Programme | None":
    """The programme new allocations go to: the latest one that has started (or else the latest made)."""
    found = _STARTED_BY.objects(timezone.localdate()) or _LATEST.objects()
    return found[0] if found else None


class SupportAllocation(models.Model):
    """Money committed to a supported journey. Never deleted: a mistake is reversed by a negative correction."""

    class Category(models.TextChoices):
        LEGAL = "legal", "Legal"
        FINANCIAL = "financial", "Financial"
        BUSINESS_PLANNING = "business_planning", "Business planning"
        HR_PENSIONS = "hr_pensions", "HR and pensions"
        GOVERNANCE = "governance", "Governance"

    class Basis(models.TextChoices):
        MFA = "mfa", "Minimal financial assistance (Subsidy Control Act 2022, s.36)"
        OTHER = "other", "Another lawful basis, recorded below"

    class MfaStatus(models.TextChoices):
        NOTIFIED = "notified", "MFA notification given: waiting for the enterprise's written confirmation"
        GIVEN = "given", "Given as MFA: MFA confirmation issued"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="allocations")
    journey = models.ForeignKey(Journey, on_delete=models.PROTECT, related_name="support_allocations")
    category = models.CharField(max_length=20, choices=Category.choices)
    supplier = models.CharField(max_length=200)
    amount = models.DecimalField("amount (GBP)", max_digits=12, decimal_places=2)
    allocated_on = models.DateField(default=timezone.localdate)
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversal")
    reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    # Subsidy control (programme/subsidy.py). A correction copies its allocation's basis and has no MFA status.
    basis = models.CharField("subsidy control basis", max_length=10, choices=Basis.choices, default=Basis.MFA)
    basis_note = models.TextField("the other lawful basis", blank=True)
    mfa_status = models.CharField("MFA status", max_length=10, choices=MfaStatus.choices, blank=True)
    mfa_notified_on = models.DateField("MFA notification given on", null=True, blank=True)
    enterprise_confirmed_on = models.DateField("enterprise's written confirmation received on", null=True, blank=True)
    other_mfa_declared = models.DecimalField(
        "other MFA or SPEI assistance the enterprise declared in the period (GBP)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    given_on = models.DateField("given on (date of the MFA confirmation)", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # The row names its author (or whoever a service says acted): the history records it, whoever runs the code.
    history = HistoricalRecords(
        get_user=lambda instance, **kwargs: getattr(instance, "_history_user", None) or instance.created_by
    )

    class Meta:
        ordering = ["-allocated_on", "-id"]

    def __str__(self):
        return f"{self.get_category_display()} {self.amount} to {self.journey_id}"

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None

    @property
    def is_mfa(self) -> bool:
        return self.basis == self.Basis.MFA and not self.is_reversal

    @property
    def awaiting_confirmation(self) -> bool:
        return self.is_mfa and self.mfa_status == self.MfaStatus.NOTIFIED


def financial_year_of(day: date) -> int:
    """The UK financial year (1 April to 31 March) a day falls in, named by the year it starts: 2025 for 2025-26."""
    return day.year if (day.month, day.day) >= (4, 1) else day.year - 1


def financial_year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


PERCENT = [
    MinValueValidator(0, "Enter a percentage from 0 to 100"),
    MaxValueValidator(100, "Enter a percentage from 0 to 100"),
]


class OutcomeReturn(models.Model):
    """A supported mutual's figures for one financial year after spin-out (the programme's evidence base)."""

    # What a return reports (its year aside), in the order the form asks.
    FIGURES = (
        "staff_headcount",
        "turnover",
        "sickness_absence_days",
        "staff_turnover_percent",
        "user_satisfaction_percent",
        "contracts_won",
        "contracts_lost",
        "social_value_highlights",
    )

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="outcome_returns")
    year = models.PositiveIntegerField(
        "financial year", help_text="The year the financial year starts in: 2025 for 2025-26 (1 April to 31 March)"
    )
    staff_headcount = models.PositiveIntegerField("staff (headcount at the end of the year)")
    turnover = models.DecimalField(
        "turnover (GBP)", max_digits=14, decimal_places=2, validators=[MinValueValidator(0, "Enter 0 or more")]
    )
    sickness_absence_days = models.DecimalField(
        "sickness absence (average days per employee)",
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0, "Enter 0 or more"), MaxValueValidator(366, "Enter 366 days or fewer")],
    )
    staff_turnover_percent = models.DecimalField(
        "staff turnover (% of staff who left)", max_digits=5, decimal_places=1, validators=PERCENT
    )
    user_satisfaction_percent = models.DecimalField(
        "user satisfaction (% satisfied)", max_digits=5, decimal_places=1, null=True, blank=True, validators=PERCENT
    )
    contracts_won = models.PositiveIntegerField()
    contracts_lost = models.PositiveIntegerField()
    social_value_highlights = models.TextField(blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(
        get_user=lambda instance, **kwargs: getattr(instance, "_history_user", None) or instance.submitted_by
    )

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "year"], name="one_outcome_return_per_journey_year"),
        ]

    def __str__(self):
        return f"Outcome return {self.year_label} for journey {self.journey_id}"

    @property
    def year_label(self) -> str:
        return financial_year_label(self.year)


# Mentoring: people who led a spin-out mentor staff groups on the way (the pathfinder programme's mentors) ---


class MentoringTopic(models.TextChoices):
    STAFF_ENGAGEMENT = "staff_engagement", "Winning staff support and the ballot"
    COMMISSIONER = "commissioner", "Working with the council or commissioner"
    LEGAL_FORM = "legal_form", "Legal form, ownership and governance"
    BUSINESS_PLAN = "business_plan", "Business plan and finance"
    PENSIONS_TUPE = "pensions_tupe", "Pensions, TUPE and HR"
    CONTRACTS = "contracts", "Contracts and procurement"
    LEADERSHIP = "leadership", "Leading the change"


def topic_labels(values) -> list[str]:
    labels = dict(MentoringTopic.choices)
    return [labels.get(value, value) for value in values]


class MentorOfferQuerySet(models.QuerySet):
    def offered(self):
        """Approved by an adviser and not paused by the mentor: the offers an adviser may match."""
        return self.filter(status=MentorOffer.Status.APPROVED, active=True)

    def not_approved(self):
        """Not approved by an adviser, or approved and then withdrawn: an adviser may approve these again."""
        return self.filter(status__in=MentorOffer.NOT_APPROVED)


class MentorOffer(models.Model):
    """Someone who led a spin-out offers to mentor staff groups; an adviser approves the offer before it is made,
    and may later withdraw the approval (the mentor left their mutual, a conflict of interest).
    A profile on an ordinary account (one per person), not a role: mentors are staff of existing mutuals."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Not approved"
        WITHDRAWN = "withdrawn", "Approval withdrawn"

    NOT_APPROVED = (Status.DECLINED, Status.WITHDRAWN)

    mentor = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_offer")
    mutual_name = models.CharField("the mutual you work for", max_length=200)
    spin_out_role = models.CharField("your part in its spin-out", max_length=300)
    service_areas = models.JSONField("service areas you know", default=list)
    region = models.CharField(max_length=30, choices=Region.choices)
    topics = models.JSONField("topics you can help with", default=list)
    capacity = models.PositiveSmallIntegerField(
        "how many groups you can mentor at once",
        validators=[
            MinValueValidator(1, "Enter a number from 1 to 5"),
            MaxValueValidator(5, "Enter a number from 1 to 5"),
        ],
    )
    active = models.BooleanField("taking on new groups", default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    objects = MentorOfferQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["mutual_name", "id"]

    def __str__(self):
        return f"{self.mentor} ({self.mutual_name})"

    @property
    def topic_labels(self) -> list[str]:
        return topic_labels(self.topics)

    @property
    def service_area_labels(self) -> list[str]:
        labels = dict(ServiceArea.choices)
        return [labels.get(value, value) for value in self.service_areas]


class MentoringRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=MentoringRequest.Status.OPEN)

    def matched(self):
        return self.filter(status=MentoringRequest.Status.MATCHED)


class MentoringRequest(models.Model):
    """A staff group's request for a mentor and, once an adviser matches one, the mentoring itself."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a mentor"
        MATCHED = "matched", "Matched"
        ENDED = "ended", "Ended"

    CURRENT = (Status.OPEN, Status.MATCHED)

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="mentoring_requests")
    topics = models.JSONField("topics you want help with", default=list)
    note = models.TextField("what you would like from a mentor", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    offer = models.ForeignKey(MentorOffer, on_delete=models.PROTECT, null=True, blank=True, related_name="mentorings")
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    matched_at = models.DateTimeField(null=True, blank=True)
    mentor_note = models.TextField("mentor's note to the group", blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.TextField("why the mentoring ended", blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = MentoringRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One request waiting or one mentoring running per journey at a time.
            models.UniqueConstraint(
                fields=["journey"], condition=models.Q(status__in=["open", "matched"]), name="one_current_mentoring"
            ),
        ]
        indexes = [models.Index(fields=["offer", "status"], name="mentoring_offer_status")]

    def __str__(self):
        return f"Mentoring for journey {self.journey_id} ({self.get_status_display()})"

    @property
    def topic_labels(self) -> list[str]:
        return topic_labels(self.topics)


class MentoringMeeting(models.Model):
    """A meeting of a mentor and the group: when, what they talked about, a short note. Written once."""

    mentoring = models.ForeignKey(MentoringRequest, on_delete=models.CASCADE, related_name="meetings")
    met_on = models.DateField("date of the meeting")
    topics = models.JSONField("topics discussed", default=list)
    note = models.CharField("short note", max_length=500, blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-met_on", "-id"]

    def __str__(self):
        return f"Meeting on {self.met_on} (mentoring {self.mentoring_id})"

    @property
    def topic_labels(self) -> list[str]:
        return topic_labels(self.topics)
