"""Demo data: a fictional staff group's draft case study waiting for an adviser's review.

The real case studies are product content loaded by a data migration, not demo data."""

from accounts.models import Region
from mutuals_portal.lib.choices import LegalForm, OwnershipModel, ServiceArea

from . import services
from .models import CaseStudy, Fact

DEMO_SLUG = "northbridge-libraries-demo"


def seed(*, bodies, users, stdout):
    if CaseStudy.objects.filter(slug=DEMO_SLUG).exists():
        return
    lead = users["lead@demo.test"]
    case_study = services.case_study_create(
        by=lead,
        fields={
            "name": "Northbridge Libraries (demo)",
            "summary": "A fictional example: Northbridge's library staff plan to run the city's libraries and "
            "archive as a community benefit society.",
            "body": "This is demo content for trying out moderation. It describes no real organisation.",
            "service_area": ServiceArea.LIBRARIES,
            "region": Region.NORTH_WEST,
            "parent_body": "Northbridge City Council",
            "legal_form": LegalForm.CBS,
            "ownership_model": OwnershipModel.MULTI_STAKEHOLDER,
            "year_spun_out": None,
            "staff_count": 96,
            "annual_turnover": None,
            "outcomes": "",
            "lessons": "",
        },
        sources=[("Northbridge City Council cabinet report on the library service (fictional, demo only)", "")],
    )
    # A sourced fact with its as-at year, as the real entries have (issue #24).
    Fact.objects.create(
        case_study=case_study,
        topic=Fact.Topic.STAFF,
        statement="96 library staff would transfer (fictional figure).",
        as_at_year=2026,
        source=case_study.sources.get(),
    )
    services.case_study_submit(case_study=case_study, by=lead)
    stdout.write("  Case studies: a demo draft is waiting for review at /case-studies/moderation/")
