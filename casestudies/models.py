from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Region
from mutuals_portal.lib.choices import LegalForm, OwnershipModel, ServiceArea

NOT_KNOWN = "Not known"

# A case study may know only that an organisation is a community interest company (the register
# entry or its accounts say so) without knowing whether it is limited by shares or by guarantee.
CIC_UNSPECIFIED = "CIC"
LEGAL_FORM_CHOICES = [
    *LegalForm.choices[:2],
    (CIC_UNSPECIFIED, "Community interest company (shares or guarantee not known)"),
    *LegalForm.choices[2:],
]
LEGAL_FORM_HELP = {
    **LegalForm.help_texts(),
    CIC_UNSPECIFIED: "A company for social purposes, with an asset lock, regulated by the Regulator of Community "
    "Interest Companies. Our sources do not say whether it is limited by shares or by guarantee.",
}


class TradingStatus(models.TextChoices):
    TRADING = "trading", "Trading"
    CLOSED = "closed", "Closed (stopped trading)"
    DISSOLVED = "dissolved", "Dissolved"
    MERGED = "merged", "Merged"
    TAKEN_OVER = "taken_over", "Taken over"


class ContractRoute(models.TextChoices):
    """How the organisation got its first contract for the service."""

    TRANSFER = "transfer", "Transfer from the public body"
    DIRECT_AWARD = "direct_award", "Direct award"
    TENDER = "tender", "Competitive tender"
    RIGHT_TO_CHALLENGE = "right_to_challenge", "Community Right to Challenge"
    NEW_ORGANISATION = "new_organisation", "No service transferred (a new organisation)"


# Companies House has a page per company number. The FCA's Mutuals Public Register and the Charity
# Commission's register address their pages by internal ids, not by the public number, so we link to
# the register's search and show the number to search for.
REGISTERS = {
    "companies_house_number": (
        "Companies House company number",
        "https://find-and-update.company-information.service.gov.uk/company/{}",
        True,
    ),
    "fca_society_number": ("FCA Mutuals Public Register society number", "https://mutuals.fca.org.uk/", False),
    "charity_number": (
        "Charity Commission registered charity number",
        "https://register-of-charities.charitycommission.gov.uk/",
        False,
    ),
}


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
    legal_form = models.CharField(max_length=30, choices=LEGAL_FORM_CHOICES, blank=True)
    ownership_model = models.CharField(max_length=30, choices=OwnershipModel.choices, blank=True)
    year_spun_out = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    staff_count = models.PositiveIntegerField("number of staff", null=True, blank=True)
    staff_count_year = models.PositiveSmallIntegerField(
        "number of staff as at (year)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    annual_turnover = models.DecimalField(
        "annual turnover (GBP)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    annual_turnover_year = models.PositiveSmallIntegerField(
        "annual turnover as at (year)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text="The year, or the year a financial year ends in, that the turnover describes.",
    )
    outcomes = models.TextField(blank=True)
    lessons = models.TextField("lessons learned", blank=True)
    is_public_service_mutual = models.BooleanField(
        default=True,
        help_text="Untick for an organisation kept for its lessons that is not a public service mutual "
        "(it is then left out of the counts of mutuals).",
    )
    not_a_mutual_reason = models.TextField("why it is not a public service mutual", blank=True)
    trading_status = models.CharField(max_length=20, choices=TradingStatus.choices, blank=True)
    trading_status_year = models.PositiveSmallIntegerField(
        "year of the trading status",
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text="The year it closed, merged or was taken over, or the year a source last saw it trading.",
    )
    first_contract_route = models.CharField(
        "how the first contract was awarded", max_length=30, choices=ContractRoute.choices, blank=True
    )
    companies_house_number = models.CharField(
        max_length=8, blank=True, validators=[RegexValidator(r"^[A-Z0-9]{8}$", "Enter the 8-character company number.")]
    )
    fca_society_number = models.CharField(
        "FCA society number", max_length=10, blank=True, validators=[RegexValidator(r"^[0-9]{1,7}R?$")]
    )
    charity_number = models.CharField(max_length=10, blank=True, validators=[RegexValidator(r"^[0-9]{6,8}$")])
    where_now = models.TextField("where are they now", blank=True)
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
    # When the contributor of a draft unchanged for a long time was told it will be deleted (casestudies.retention).
    retention_warned_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CaseStudyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "case studies"
        indexes = [
            models.Index(fields=["status", "name"]),
            # The newest matches of a very common search word (selectors.ranked_page).
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

    def registry_links(self) -> list[dict]:
        """Its registry identifiers, each with the public register's page (or search) to check it on."""
        links = []
        for field, (label, url, per_number) in REGISTERS.items():
            number = getattr(self, field)
            if number:
                links.append({"label": label, "number": number, "url": url.format(number), "direct": per_number})
        return links

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
    date_read = models.DateField(null=True, blank=True, help_text="When we read it (empty: not recorded).")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class Fact(models.Model):
    """One published fact about a case study, with the source it comes from and, for a figure,
    the year it describes."""

    class Topic(models.TextChoices):
        ORIGIN = "origin", "How and when it started"
        LEGAL_FORM = "legal_form", "Legal form"
        OWNERSHIP = "ownership", "Ownership"
        STAFF = "staff", "Staff"
        TURNOVER = "turnover", "Turnover and income"
        CONTRACT = "contract", "Contracts"
        OUTCOME = "outcome", "Outcomes"
        STATUS = "status", "Trading status"
        LESSON = "lesson", "Lessons"

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="facts")
    topic = models.CharField(max_length=20, choices=Topic.choices)
    statement = models.TextField()
    as_at_year = models.PositiveSmallIntegerField(
        "as at (year)", null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    source = models.ForeignKey(Source, on_delete=models.RESTRICT, related_name="facts")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.statement

    def clean(self):
        if self.source_id and self.case_study_id and self.source.case_study_id != self.case_study_id:
            raise ValidationError({"source": "Choose one of this case study's own sources."})


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
