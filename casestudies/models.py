from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Region
from mutuals_portal.lib.choices import LegalForm, OwnershipModel, ServiceArea

NOT_KNOWN = "Not known"


class CaseStudyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CaseStudy.Status.PUBLISHED)

    def awaiting_moderation(self):
        return self.filter(status__in=[CaseStudy.Status.DRAFT, CaseStudy.Status.IN_REVIEW])


class CaseStudy(models.Model):
    """The story of a real public service mutual. Unknown facts stay empty, never guessed."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"

    # from -> the states it may move to
    TRANSITIONS = {
        Status.DRAFT: {Status.IN_REVIEW, Status.PUBLISHED},
        Status.IN_REVIEW: {Status.PUBLISHED, Status.DRAFT},
        Status.PUBLISHED: {Status.DRAFT},
    }

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(help_text="One or two sentences shown in search results.")
    body = models.TextField("story", blank=True)
    service_area = models.CharField(max_length=40, choices=ServiceArea.choices)
    region = models.CharField(max_length=30, choices=Region.choices, blank=True)
    parent_body = models.CharField(
        "parent public body", max_length=200, blank=True, help_text="The council or NHS body it spun out of."
    )
    legal_form = models.CharField(max_length=30, choices=LegalForm.choices, blank=True)
    ownership_model = models.CharField(max_length=30, choices=OwnershipModel.choices, blank=True)
    year_spun_out = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    staff_count = models.PositiveIntegerField("number of staff", null=True, blank=True)
    annual_turnover = models.DecimalField(
        "annual turnover (GBP)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    outcomes = models.TextField(blank=True)
    lessons = models.TextField("lessons learned", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    contributed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributed_case_studies",
    )
    journey = models.OneToOneField(
        "journeys.Journey",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_study",
        help_text="The spun-out journey this case study was contributed from.",
    )
    # Filled by a database trigger on PostgreSQL (see migration 0002); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CaseStudyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "case studies"
        indexes = [
            models.Index(fields=["status", "name"]),
            # The newest matches of a very common search word (selectors.ranked_within_limit).
            models.Index(fields=["-published_at", "-id"], name="casestudy_newest_first"),
            # Related case studies (selectors.related_for), read in name order. The one by service
            # area also serves the library filtered by service area: its page, and its count from
            # the index alone.
            models.Index(fields=["service_area", "legal_form", "name"], name="casestudy_area_form_name"),
            models.Index(fields=["service_area", "status", "name"], name="casestudy_area_status_name"),
            models.Index(fields=["legal_form", "name"], name="casestudy_form_name"),
            # The API's Last-Modified (the newest change).
            models.Index(fields=["updated_at"], name="casestudy_updated_at"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("casestudies:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def decade(self) -> int | None:
        return None if self.year_spun_out is None else self.year_spun_out // 10 * 10

    def can_move_to(self, new_status: str) -> bool:
        return new_status in self.TRANSITIONS.get(self.status, set())

    @transaction.atomic
    def change_status(self, new_status: str, *, by, note: str = "") -> "StatusChange":
        """Move to `new_status` if the transition table allows it, and log who did it."""
        if not self.can_move_to(new_status):
            raise ValidationError(
                f"A case study cannot go from {self.get_status_display().lower()} "
                f"to {self.Status(new_status).label.lower()}."
            )
        old_status = self.status
        self.status = new_status
        fields = ["status", "updated_at"]
        if new_status == self.Status.PUBLISHED:
            self.published_at = timezone.now()
            fields.append("published_at")
        self.save(update_fields=fields)
        return StatusChange.objects.create(
            case_study=self, changed_by=by, from_status=old_status, to_status=new_status, note=note
        )


class Source(models.Model):
    """A published document a case study's facts come from."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(max_length=300)
    url = models.URLField("web address", max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class StatusChange(models.Model):
    """One change of a case study's status: who, when, from, to and why."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="status_changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=20, choices=CaseStudy.Status.choices)
    to_status = models.CharField(max_length=20, choices=CaseStudy.Status.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.case_study}: {self.from_status} -> {self.to_status}"
