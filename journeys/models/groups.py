from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import PublicBody
from mutuals_portal.lib.choices import ServiceArea
from mutuals_portal.lib.history import HistoricalRecords


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
    # Set by groupdata.deletion.staff_group_delete: the group's personal data is gone and nobody
    # sees it on the portal any more; its statutory and public-money records remain.
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = StaffGroupQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        # The few deleted groups, so that counting live journeys can leave out their ids instead of
        # joining every group (programme/dashboard.py).
        indexes = [
            models.Index(fields=["id"], condition=models.Q(deleted_at__isnull=False), name="staffgroup_deleted_idx")
        ]

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


def invitation_expiry():
    """When an invitation sent now stops working: INVITATION_DAYS (14 by default) from now."""
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither accepted nor withdrawn (it may have expired: a lead can still resend it)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def pending(self):
        """Open and not expired: its link still works."""
        return self.open().filter(expires_at__gt=timezone.now())

    def for_address(self, email: str):
        return self.filter(email__iexact=email)


class Invitation(models.Model):
    """An email invitation to join a staff group; accepted once, through a signed link, before it expires.

    At most one open invitation per group and address: a new one (or a resend) withdraws the
    earlier one, whose link then stops working. Removing a member withdraws the invitations they
    sent and any addressed to them; a lead may cancel one.
    """

    class Revoked(models.TextChoices):
        CANCELLED = "cancelled", "Cancelled by a lead"
        REPLACED = "replaced", "Replaced by a newer invitation"
        MEMBER_REMOVED = "member_removed", "Withdrawn when a member was removed"

    group = models.ForeignKey(StaffGroup, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField("withdrawn at", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_reason = models.CharField("why withdrawn", max_length=20, choices=Revoked.choices, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "group",
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_address",
            )
        ]

    def __str__(self):
        return f"Invitation for {self.email} to {self.group}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
