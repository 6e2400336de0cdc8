"""Create demo public bodies, accounts and data. Safe to run again: it never duplicates."""

import importlib
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import PublicBody, Region, User
from journeys.models import Membership, StaffGroup
from mutuals_portal.lib.choices import ServiceArea

DEMO_PASSWORD = "demo-pass-2026"
DEMO_APPS = ["journeys", "programme", "packs", "casestudies", "challenges"]

PUBLIC_BODIES = [
    {"name": "Northbridge City Council", "kind": PublicBody.Kind.COUNCIL, "region": Region.NORTH_WEST},
    {"name": "Eastvale District Council", "kind": PublicBody.Kind.COUNCIL, "region": Region.EAST},
    {"name": "Cabinet Office", "kind": PublicBody.Kind.CENTRAL, "region": Region.LONDON},
]

# email, full name, role, public body, superuser
DEMO_USERS = [
    ("lead@demo.test", "Priya Shah", User.Role.STAFF, "Northbridge City Council", False),
    ("member@demo.test", "Tom Walsh", User.Role.STAFF, "Northbridge City Council", False),
    ("lead2@demo.test", "Grace Okafor", User.Role.STAFF, "Eastvale District Council", False),
    ("officer@demo.test", "Helen Price", User.Role.OFFICER, "Northbridge City Council", False),
    ("officer2@demo.test", "Daniel Hughes", User.Role.OFFICER, "Eastvale District Council", False),
    ("adviser@demo.test", "Samira Begum", User.Role.ADVISER, "Cabinet Office", False),
    ("body@demo.test", "Martin Kerr", User.Role.BODY, None, False),
    ("admin@demo.test", "Alex Morgan", User.Role.ADMIN, None, True),
]

STAFF_GROUPS = [
    {
        "name": "Northbridge Libraries Staff Group",
        "service_name": "Northbridge Libraries and Archives",
        "service_description": "Eleven branch libraries, a mobile library and the city archive.",
        "service_area": ServiceArea.LIBRARIES,
        "parent_body": "Northbridge City Council",
        "headcount": 96,
        "annual_budget": Decimal("3850000.00"),
        "lead": "lead@demo.test",
        "members": ["member@demo.test"],
    },
    {
        "name": "Eastvale Home Care Team",
        "service_name": "Eastvale Reablement and Home Care",
        "service_description": "Short-term reablement and long-term home care across the district.",
        "service_area": ServiceArea.ADULT_SOCIAL_CARE,
        "parent_body": "Eastvale District Council",
        "headcount": 42,
        "annual_budget": Decimal("1420000.00"),
        "lead": "lead2@demo.test",
        "members": [],
    },
]


class Command(BaseCommand):
    help = "Create the demo councils, Cabinet Office, accounts and staff groups (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        bodies = {}
        for spec in PUBLIC_BODIES:
            body, _ = PublicBody.objects.update_or_create(
                name=spec["name"], defaults={"kind": spec["kind"], "region": spec["region"]}
            )
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

        for spec in STAFF_GROUPS:
            group, _ = StaffGroup.objects.update_or_create(
                name=spec["name"],
                defaults={
                    "service_name": spec["service_name"],
                    "service_description": spec["service_description"],
                    "service_area": spec["service_area"],
                    "parent_body": bodies[spec["parent_body"]],
                    "headcount": spec["headcount"],
                    "annual_budget": spec["annual_budget"],
                },
            )
            Membership.objects.update_or_create(
                group=group, user=users[spec["lead"]], defaults={"role": Membership.Role.LEAD}
            )
            for email in spec["members"]:
                Membership.objects.update_or_create(
                    group=group, user=users[email], defaults={"role": Membership.Role.MEMBER}
                )

        # Each app adds its own demo data in <app>/demo.py: seed(bodies=..., users=..., stdout=...).
        for app_label in DEMO_APPS:
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
