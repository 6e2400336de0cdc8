from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html

from accounts.middleware import session_seconds_left

# Navigation by role: (label, URL name). An entry whose URL does not exist yet is left
# out, so each feature's pages join the navigation as soon as their URLs are added.
PUBLIC_NAV = [
    ("Case studies", "casestudies:list"),
    ("Right to Challenge", "challenges:register"),
    ("Get help", "referrals:enquire"),
    ("Sign in", "login"),
]
ROLE_NAV = {
    "staff": [
        ("Your journey", "journeys:list"),
        ("Case studies", "casestudies:list"),
    ],
    "officer": [
        ("Expressions of interest", "challenges:eoi_list"),
        ("Shared journeys", "journeys:list"),
        ("Services", "challenges:officer_services"),
        ("Public register", "challenges:register"),
    ],
    "adviser": [
        ("Referrals", "referrals:queue"),
        ("Supported journeys", "journeys:list"),
        ("Pipeline", "referrals:pipeline"),
        ("Case studies", "casestudies:moderation"),
    ],
    "body": [
        ("Your expressions of interest", "challenges:my_eois"),
        ("Services open to challenge", "challenges:service_list"),
    ],
    "admin": [
        ("Admin", "admin:index"),
        ("Case studies", "casestudies:list"),
    ],
}
ACCOUNT_NAV = [("Your account", "account")]


def _resolve(entries, current_path):
    items = []
    for label, name in entries:
        try:
            href = reverse(name)
        except NoReverseMatch:
            continue
        active = current_path == href or (href != "/" and current_path.startswith(href))
        items.append({"text": label, "href": href, "active": active})
    return items


def navigation_for(user, current_path: str = "/", unread: int | None = None) -> list[dict]:
    if not user.is_authenticated:
        return _resolve(PUBLIC_NAV, current_path)
    role = "admin" if user.is_superuser else user.role
    items = _resolve(ROLE_NAV.get(role, []), current_path)
    if unread is not None:
        inbox = reverse("notifications:inbox")
        label = "Notifications"
        if unread:
            label = format_html(
                'Notifications <span class="app-count">{}<span class="govuk-visually-hidden"> unread</span></span>',
                unread,
            )
        items.append({"html": label, "href": inbox, "active": current_path.startswith(inbox)})
    return items + _resolve(ACCOUNT_NAV, current_path)


def unread_count(user) -> int:
    """On every page of a signed-in person: one count read from the (recipient, read_at) index,
    never cached (it is personal)."""
    from notifications.access import notifications_visible_to

    return notifications_visible_to(user).unread().count()


def portal(request):
    path = getattr(request, "path", "/")
    user = getattr(request, "user", None)
    is_signed_in = user is not None and user.is_authenticated
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SESSION_IDLE_SECONDS": session_seconds_left(request) if is_signed_in else settings.SESSION_COOKIE_AGE,
        "SESSION_IDLE_MINUTES": settings.SESSION_IDLE_MINUTES,
        "SESSION_TIMEOUT_WARNING_SECONDS": settings.SESSION_TIMEOUT_WARNING_SECONDS,
        # Lazy: a page or fragment rendered without the navigation (e.g. render_to_string with the
        # request) does not count notifications.
        "navigation": SimpleLazyObject(lambda: navigation_for(user, path, unread_count(user) if is_signed_in else None))
        if user is not None
        else [],
    }
