from django.conf import settings
from django.urls import NoReverseMatch, reverse

# Navigation by role: (label, URL name). An entry whose URL does not exist yet is left
# out, so each feature's pages join the navigation as soon as their URLs are added.
PUBLIC_NAV = [
    ("Case studies", "casestudies:list"),
    ("Right to Challenge", "challenges:register"),
    ("Get help", "journeys:enquire"),
    ("Sign in", "login"),
]
ROLE_NAV = {
    "staff": [
        ("Your journey", "journeys:list"),
        ("Case studies", "casestudies:list"),
    ],
    "officer": [
        ("Expressions of interest", "challenges:eoi_list"),
        ("Services", "challenges:officer_services"),
        ("Public register", "challenges:register"),
    ],
    "adviser": [
        ("Referrals", "journeys:referral_list"),
        ("Pipeline", "journeys:pipeline"),
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


def navigation_for(user, current_path: str = "/") -> list[dict]:
    if not user.is_authenticated:
        return _resolve(PUBLIC_NAV, current_path)
    role = "admin" if user.is_superuser else user.role
    return _resolve(ROLE_NAV.get(role, []) + ACCOUNT_NAV, current_path)


def portal(request):
    path = getattr(request, "path", "/")
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "navigation": navigation_for(user, path) if user is not None else [],
    }
