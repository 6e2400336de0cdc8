"""Who may see what in accounts."""


def can_see(user, obj) -> bool:
    """A person may see their own account; administrators may see any."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or getattr(obj, "pk", None) == user.pk
