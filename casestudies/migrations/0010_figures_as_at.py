"""Product content: the year each corrected figure describes (issue #24), from the sources cited
in migration 0008 (read on 3 December 2026), and a lesson kept to what its source says."""

from decimal import Decimal

from django.db import migrations

FIGURES = {
    # slug: staff count, its year, turnover, its year (None: not known, or no year given)
    "central-surrey-health": (770, 2011, None, None),  # HSJ 2011: employed 770 staff since 2006
    "sunshine-care": (34, 2013, None, None),  # Rochdale Online, 23 July 2013
    "aspire-sussex": (215, 2021, Decimal("3800000.00"), 2021),  # Civil Society: as of 31 July 2021
    "bromley-healthcare": (1000, 2021, Decimal("45000000.00"), None),  # CQC (2021 inspection)
    "explore-york": (90, 2014, None, None),  # about 90 people moved across at the start (2014)
}

CSH_LESSON = (
    "A strong reputation did not win a much larger contract. In the 2011 Surrey tender, the Health "
    "Service Journal reported, the winner beat two local social enterprises because they lacked GP "
    "support and because NHS Surrey asked the contractor for a 10 million pound bond as surety."
)


def apply(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    for slug, (staff, staff_year, turnover, turnover_year) in FIGURES.items():
        case_study = CaseStudy.objects.filter(slug=slug).first()
        if case_study is None:
            continue
        case_study.staff_count, case_study.staff_count_year = staff, staff_year
        case_study.annual_turnover, case_study.annual_turnover_year = turnover, turnover_year
        if slug == "central-surrey-health":
            case_study.lessons = CSH_LESSON
        case_study.save()


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0009_figure_years")]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
