"""Who may see what in accounts."""


def can_see(user, obj) -> bool:
    """A person may see their own account; administrators may see any."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or getattr(obj, "pk", None) == user.pk


def get_api_token_for_user(user, pk):
    """One of the person's own API tokens (404 for anyone else's: tokens are never shared)."""
    from django.shortcuts import get_object_or_404

    from .models import ApiToken

    return get_object_or_404(ApiToken, pk=pk, user=user)
