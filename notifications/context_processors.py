from django.utils.functional import SimpleLazyObject

from accounts.navigation import navigation_for

from .access import unread_count


def navigation(request):
    """The header's navigation, with the signed-in person's unread count. Lazy: a page or fragment
    rendered without the navigation (e.g. render_to_string with the request) counts nothing."""
    path = getattr(request, "path", "/")
    user = getattr(request, "user", None)
    if user is None:
        return {"navigation": []}
    return {
        "navigation": SimpleLazyObject(
            lambda: navigation_for(user, path, unread_count(user) if user.is_authenticated else None)
        )
    }
