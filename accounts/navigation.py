"""The header's navigation for each role: URL names only, so it imports no other app."""

from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from mutuals_portal.lib.urls import path_to

# Navigation by role: (label, URL name). An entry whose URL does not exist yet is left
# out, so each feature's pages join the navigation as soon as their URLs are added.
PUBLIC_NAV = [
    ("Case studies", "casestudies:list"),
    ("Right to Challenge", "challenges:register"),
    ("Guidance", "guidance_index"),
    ("Get help", "referrals:enquire"),
    ("Sign in", "login"),
]
ROLE_NAV = {
    "staff": [
        ("Your journey", "journeys:list"),
        ("Case studies", "casestudies:list"),
        ("Offer mentoring", "referrals:mentor_offer"),
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
        ("Mentoring", "referrals:mentoring"),
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

# Where each role lands after signing in: its own journey, workspace or queue, not "Your account".
ROLE_HOME = {
    "staff": "journeys:list",
    "officer": "challenges:eoi_list",
    "adviser": "referrals:queue",
    "body": "challenges:my_eois",
    "admin": "admin:index",
}


def home_url_for(user) -> str:
    """The URL of a signed-in person's home: their journey, their council's EOIs, the referral queue,
    their expressions of interest or the admin. An officer not (or no longer) tied to a council, or a
    role whose home does not exist, lands on their account."""
    role = "admin" if user.is_superuser else user.role
    if role == "officer" and not user.is_officer:
        role = None
    try:
        return reverse(ROLE_HOME[role])
    except (KeyError, NoReverseMatch):
        return reverse("account")


def _resolve(entries, current_path):
    """The entries whose URLs exist; the one the current page is under is active. When one entry's URL is
    under another's (the adviser's Mentoring, /programme/mentoring/, under Pipeline, /programme/), only the
    longest that contains the page is: one current item, as the header shows it."""
    items = []
    for label, name in entries:
        try:
            href = path_to(name)  # reversed once per process
        except NoReverseMatch:
            continue
        items.append({"text": label, "href": href, "active": False})
    within = [item for item in items if _is_within(current_path, item["href"])]
    if within:
        max(within, key=lambda item: len(item["href"]))["active"] = True
    return items


def _is_within(path: str, href: str) -> bool:
    return path == href or (href != "/" and path.startswith(href))


def navigation_for(user, current_path: str = "/", unread: int | None = None) -> list[dict]:
    if not user.is_authenticated:
        return _resolve(PUBLIC_NAV, current_path)
    role = "admin" if user.is_superuser else user.role
    items = _resolve(ROLE_NAV.get(role, []), current_path)
    if unread is not None:
        inbox = path_to("notifications:inbox")
        label = "Notifications"
        if unread:
            label = format_html(
                'Notifications <span class="app-count">{}<span class="govuk-visually-hidden"> unread</span></span>',
                unread,
            )
        items.append({"html": label, "href": inbox, "active": current_path.startswith(inbox)})
    return items + _resolve(ACCOUNT_NAV, current_path)
