"""Create demo public bodies, accounts and data. Safe to run again: it never duplicates."""

import importlib

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Feedback, PublicBody, Region, User

DEMO_PASSWORD = "demo-pass-2026"
DEMO_APPS = ["journeys", "programme", "packs", "casestudies", "challenges"]

DEMO_SOURCE = "Demo data: a made-up body for trying the portal"
PUBLIC_BODIES = [
    {
        "name": "Northbridge City Council",
        "kind": PublicBody.Kind.COUNCIL,
        "tier": PublicBody.Tier.UNITARY,
        "region": Region.NORTH_WEST,
        "source": DEMO_SOURCE,
    },
    {
        # A unitary council: it has the adult social care functions its demo groups' services need (a
        # shire district has none), as well as leisure (the Right to Challenge demo).
        "name": "Eastvale Council",
        "kind": PublicBody.Kind.COUNCIL,
        "tier": PublicBody.Tier.UNITARY,
        "region": Region.EAST,
        "source": DEMO_SOURCE,
    },
    {"name": "Cabinet Office", "kind": PublicBody.Kind.CENTRAL, "region": Region.LONDON, "source": DEMO_SOURCE},
    # Typed in by someone whose council was not listed: waits for an administrator to check it.
    {
        "name": "Westshire County Council",
        "kind": PublicBody.Kind.COUNCIL,
        "region": Region.SOUTH_WEST,
        "source": "Typed in as not listed (demo)",
        "is_verified": False,
    },
]

DEMO_FEEDBACK = [
    ("satisfied", "The task list made it clear what to do next."),
    ("dissatisfied", "My council was not in the list at first."),
]

# email, full name, role, public body, superuser
DEMO_USERS = [
    ("lead@demo.test", "Priya Shah", User.Role.STAFF, "Northbridge City Council", False),
    ("member@demo.test", "Tom Walsh", User.Role.STAFF, "Northbridge City Council", False),
    ("lead2@demo.test", "Grace Okafor", User.Role.STAFF, "Eastvale Council", False),
    ("officer@demo.test", "Helen Price", User.Role.OFFICER, "Northbridge City Council", False),
    ("officer2@demo.test", "Daniel Hughes", User.Role.OFFICER, "Eastvale Council", False),
    ("adviser@demo.test", "Samira Begum", User.Role.ADVISER, "Cabinet Office", False),
    ("body@demo.test", "Martin Kerr", User.Role.BODY, None, False),
    ("admin@demo.test", "Alex Morgan", User.Role.ADMIN, None, True),
]


class Command(BaseCommand):
    help = "Create the demo councils, Cabinet Office, accounts and staff groups (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-packs",
            action="store_true",
            help="Leave out the demo's rendered business-plan packs (PDF rendering takes most of the run; "
            "the browser tests that never open a pack use it).",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        # Real councils from the committed, sourced starter file (accounts/data/public_bodies.csv).
        call_command("load_public_bodies", stdout=self.stdout)
        bodies = {}
        for spec in PUBLIC_BODIES:
            defaults = {key: value for key, value in spec.items() if key != "name"}
            body, _ = PublicBody.objects.update_or_create(name=spec["name"], defaults=defaults)
            bodies[body.name] = body

        users = {}
        for email, name, role, body_name, superuser in DEMO_USERS:
            user = User.objects.filter(email=email).first() or User(email=email)
            user.full_name = name
            user.role = role
            user.public_body = bodies.get(body_name)
            user.is_superuser = superuser
            user.is_staff = superuser
            user.is_active = True
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
            users[email] = user

        # Feedback for administrators to read in the admin (made-up answers, as the rest of the demo).
        for satisfaction, comments in DEMO_FEEDBACK:
            Feedback.objects.get_or_create(satisfaction=satisfaction, comments=comments, defaults={"page": "/"})

        # Each app adds its own demo data in <app>/demo.py: seed(bodies=..., users=..., stdout=...).
        for app_label in DEMO_APPS:
            if app_label == "packs" and options["skip_packs"]:
                continue
            try:
                module = importlib.import_module(f"{app_label}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app_label}.demo":
                    raise
                continue
            module.seed(bodies=bodies, users=users, stdout=self.stdout)

        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Sign in with any of these (password {DEMO_PASSWORD}):"))
        for email, _name, role, body_name, _ in DEMO_USERS:
            where = f", {body_name}" if body_name else ""
            self.stdout.write(f"  {email:<22} {User.Role(role).label}{where}")
