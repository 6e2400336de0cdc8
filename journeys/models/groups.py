from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from mutuals_portal.accounts.models import PublicBody
from mutuals_portal.choices import ServiceArea
from mutuals_portal.history import HistoricalRecords


class StaffGroupQuerySet(models.QuerySet):
    def live(self):
        """Groups that have not been deleted (a deleted group stays as an anonymised shell)."""
        return self.filter(deleted_at__isnull=True)


class StaffGroup(models.Model):
    """Employees of a public body who are exploring a spin-out together."""

    name = models.CharField(max_length=200)
    service_name = models.CharField(max_length=200)
    service_description = models.TextField(blank=True)
    service_area = models.CharField(max_length=40, choices=ServiceArea.choices)
    parent_body = models.ForeignKey(
        PublicBody, on_delete=models.PROTECT, related_name="staff_groups", verbose_name="parent public body"
    )
    headcount = models.PositiveIntegerField(validators=[MinValueValidator(2)])
    annual_budget = models.DecimalField(
        "annual budget (GBP)", max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by journeys.deletion.staff_group_delete: the group's personal data is gone and nobody
    # sees it on the portal any more; its statutory and public-money records remain.
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = StaffGroupQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Membership(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        MEMBER = "member", "Member"

    group = models.ForeignKey(StaffGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "-role", "joined_at"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) in {self.group}"


class Invitation(models.Model):
    """An email invitation to join a staff group; accepted once, through a signed link."""

    group = models.ForeignKey(StaffGroup, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.email} to {self.group}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None
