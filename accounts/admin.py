from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from mutuals_portal.lib.admin_safety import SafeAutocompleteMixin

from .forms import AdminUserChangeForm, AdminUserCreationForm
from .models import ApiToken, Feedback, PublicBody, SecurityEvent, User


@admin.register(PublicBody)
class PublicBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "tier", "region", "ons_code", "is_verified"]
    list_filter = ["is_verified", "kind", "tier", "region"]
    search_fields = ["name", "ons_code"]
    actions = ["mark_listed"]

    @admin.action(description="Mark the selected bodies as listed (checked against an official register)")
    def mark_listed(self, request, queryset):
        # The admin's own log (LogEntry) records who did it and when.
        for body in queryset.filter(is_verified=False):
            body.is_verified = True
            body.save(update_fields=["is_verified"])
            self.log_change(request, body, "Marked as listed")


@admin.register(User)
class UserAdmin(SafeAutocompleteMixin, BaseUserAdmin):
    add_form = AdminUserCreationForm
    form = AdminUserChangeForm
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "public_body", "is_active", "is_staff"]
    list_filter = ["role", "is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "full_name"]
    autocomplete_fields = ["public_body"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "role", "public_body"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "role", "public_body", "usable_password", "password1", "password2"],
            },
        ),
    ]


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail of sign-ins and refused access."""

    list_display = ["created_at", "kind", "username", "user", "ip_address", "method", "path"]
    list_filter = ["kind"]
    search_fields = ["username", "user__email", "ip_address", "path"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owners (the key is shown to them once); an administrator may
    only look and revoke."""

    list_display = ["prefix", "user", "created_at", "expires_at", "revoked_at", "with_second_factor"]
    list_filter = ["with_second_factor"]
    search_fields = ["user__email", "prefix"]
    fields = ["prefix", "user", "created_at", "expires_at", "revoked_at", "with_second_factor"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        from . import api_tokens

        for token in queryset.filter(revoked_at__isnull=True):
            api_tokens.revoke(request, token)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Feedback is read, never edited: administrators see what people said."""

    list_display = ["created_at", "satisfaction", "comments", "page"]
    list_filter = ["satisfaction", "created_at"]
    search_fields = ["comments"]
    readonly_fields = ["satisfaction", "comments", "page", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
