"""Product content (issue #24): registry numbers for two more entries, each from a stored public page
that prints it for that organisation, cited as a source read on 4 December 2026.

- Achieving for Children: the cover of its Annual Report and Statement of Accounts 2014/15
  ("Achieving for Children Community interest company ... Registration Number 08878185"), its
  Companies House number.
- Locala Community Partnerships: its report to the Government's payment practices reporting
  service ("LOCALA COMMUNITY PARTNERSHIPS C.I.C. Company number: 07584906").

A search of stored public pages found no page printing a Companies House, FCA society or charity
number for any other entry (or only for a body with a similar name, which is not recorded), so
their numbers stay "not known".
"""

import datetime

from django.db import migrations

READ_ON = datetime.date(2026, 12, 4)

# slug -> (field, number, source title, source address, the legal form fact that cites it)
NUMBERS = {
    "achieving-for-children": (
        "companies_house_number",
        "08878185",
        "Achieving for Children Community interest company: Annual Report and Statement of Accounts 2014/15 (copy on "
        "pdfslide.net)",
        "https://pdfslide.net/documents/annual-report-and-statement-of-report-and-statement-of-accounts-201415-"
        "financial.html",
        "A community interest company: its annual report and accounts for 2014/15 give its registration number as "
        "08878185.",
        2015,
    ),
    "locala-community-partnerships": (
        "companies_house_number",
        "07584906",
        "GOV.UK, Check payment practices: Locala Community Partnerships C.I.C., report for 1 October 2023 to 31 March "
        "2024",
        "https://check-payment-practices.service.gov.uk/report/83114",
        "Locala Community Partnerships C.I.C., company number 07584906, as given in its report on payment practices "
        "for October 2023 to March 2024.",
        2024,
    ),
}


def apply(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    Source = apps.get_model("casestudies", "Source")
    Fact = apps.get_model("casestudies", "Fact")
    for slug, (field, number, title, url, statement, year) in NUMBERS.items():
        case_study = CaseStudy.objects.filter(slug=slug).first()
        if case_study is None or getattr(case_study, field) not in ("", number):
            continue  # an administrator has recorded another number: leave it for them
        source = case_study.sources.filter(url=url).first()
        if source is None:
            position = (case_study.sources.order_by("-position").values_list("position", flat=True).first() or 0) + 1
            source = Source.objects.create(
                case_study=case_study, title=title, url=url, date_read=READ_ON, position=position
            )
        if not case_study.facts.filter(statement=statement).exists():
            Fact.objects.create(
                case_study=case_study,
                topic="legal_form",
                statement=statement,
                as_at_year=year,
                source=source,
                position=case_study.facts.count(),
            )
        if getattr(case_study, field) != number:
            setattr(case_study, field, number)
            case_study.save(update_fields=[field])


def unapply(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    Source = apps.get_model("casestudies", "Source")
    Fact = apps.get_model("casestudies", "Fact")
    for slug, (field, number, _title, url, statement, _year) in NUMBERS.items():
        Fact.objects.filter(case_study__slug=slug, statement=statement).delete()
        Source.objects.filter(case_study__slug=slug, url=url, facts__isnull=True).delete()
        CaseStudy.objects.filter(slug=slug, **{field: number}).update(**{field: ""})


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0019_oldham_without_an_unlinked_source")]

    operations = [migrations.RunPython(apply, unapply)]
