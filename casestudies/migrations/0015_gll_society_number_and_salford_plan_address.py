"""Product content (issue #24): GLL's society number, as printed on its own report and summary
financial statements for 2013 ("Registered Company number: IP27793R", the FCA Mutuals Public
Register's 27793R), recorded with that source; and the address of the copy of Salford Community
Leisure's 2003 outline business plan, a source recorded without one. Both read on 3 December 2026.

Only numbers a stored public page shows for that exact organisation are added; the other entries'
registry numbers stay blank ("not known")."""

import datetime

from django.db import migrations

READ_ON = datetime.date(2026, 12, 3)

GLL_SOURCE = (
    "Greenwich Leisure Limited: Report of the Committee of Management and summary financial statements for "
    "the year ended 31 December 2013 (copy on thesis.dislib.info)",
    "http://www.thesis.dislib.info/as-economy/204319-1-registered-company-number-ip27793r-england-and-wales-"
    "registered.php",
)
GLL_NUMBER = "27793R"
GLL_FACT = (
    "Greenwich Leisure Limited is a society for the benefit of the community registered under the Industrial "
    "and Provident Societies Acts, registered number IP27793R (FCA society number 27793R)."
)

SALFORD_PLAN = (
    "Salford Community Leisure business plan, 2003 (copy on studylib)",
    "https://studylib.net/doc/16023847/salford-community-leisure-limited-outline-business-plan",
)


def apply(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    Source = apps.get_model("casestudies", "Source")
    Fact = apps.get_model("casestudies", "Fact")
    gll = CaseStudy.objects.filter(slug="gll-greenwich-leisure", fca_society_number="").first()
    if gll is not None:
        title, url = GLL_SOURCE
        source = Source.objects.create(
            case_study=gll, title=title, url=url, date_read=READ_ON, position=gll.sources.count()
        )
        Fact.objects.create(
            case_study=gll,
            topic="legal_form",
            statement=GLL_FACT,
            as_at_year=2013,
            source=source,
            position=gll.facts.count(),
        )
        gll.fca_society_number = GLL_NUMBER
        gll.save(update_fields=["fca_society_number"])
    title, url = SALFORD_PLAN
    Source.objects.filter(case_study__slug="salford-community-leisure", title=title, url="").update(
        url=url, date_read=READ_ON
    )


def unapply(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    Source = apps.get_model("casestudies", "Source")
    Fact = apps.get_model("casestudies", "Fact")
    Fact.objects.filter(case_study__slug="gll-greenwich-leisure", statement=GLL_FACT).delete()
    Source.objects.filter(case_study__slug="gll-greenwich-leisure", url=GLL_SOURCE[1]).delete()
    CaseStudy.objects.filter(slug="gll-greenwich-leisure", fca_society_number=GLL_NUMBER).update(fca_society_number="")
    title, url = SALFORD_PLAN
    Source.objects.filter(case_study__slug="salford-community-leisure", title=title, url=url).update(
        url="", date_read=None
    )


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0014_lessons_for_the_remaining_entries")]

    operations = [migrations.RunPython(apply, unapply)]
