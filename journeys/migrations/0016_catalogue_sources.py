"""The catalogue's guidance names public sources, not the team's own notes: each "Source:" line that cited
DOMAIN.md now cites the law, the regulator or the gov.uk guidance behind it. A guidance text an administrator
has changed since (it no longer holds the old line) is left as it is."""

from django.db import migrations

SOURCES = {
    "appoint-advisers": (
        "Source: DOMAIN.md section 2 (Mutuals Support Programme and Mutuals Interim Support Fund).",
        "Source: gov.uk, Mutuals Interim Support Fund; gov.uk, Mutuals Support Programme 2.",
    ),
    "legal-form": (
        "Source: DOMAIN.md section 2 (legal forms and ownership model).",
        "Source: gov.uk, Start a public service mutual: the process; Companies Act 2006; Co-operative and "
        "Community Benefit Societies Act 2014; Charities Act 2011 Part 11 (CIOs).",
    ),
    "shadow-board": (
        "Source: Companies Act 2006 sections 171 to 177; DOMAIN.md section 4 (conflicts of interest).",
        "Source: Companies Act 2006 sections 171 to 177 (legislation.gov.uk/ukpga/2006/46).",
    ),
    "working-capital": (
        "Source: DOMAIN.md section 2 (business plan; investment readiness).",
        "Source: gov.uk, Mutuals Interim Support Fund (business planning and financial modelling); Co-operative "
        "Councils' Innovation Network, Want to set up a mutual?",
    ),
    "subsidy-control": (
        "Source: Subsidy Control Act 2022 sections 36 and 37 (DOMAIN.md section 5).",
        "Source: Subsidy Control Act 2022 sections 36 and 37 (legislation.gov.uk/ukpga/2022/23).",
    ),
    "procurement-route": (
        "Source: DOMAIN.md sections 1 and 5; Procurement Act 2023 section 33.",
        "Source: Procurement Act 2023 section 33 and Schedule 5 (legislation.gov.uk/ukpga/2023/54); Health Care "
        "Services (Provider Selection Regime) Regulations 2023; Localism Act 2011 sections 81 to 84.",
    ),
    "public-interest-decision": (
        "Source: DOMAIN.md section 2 (stage table).",
        "Source: gov.uk, Start a public service mutual: the process; Equality Act 2010 section 149 (the public "
        "sector equality duty).",
    ),
    "register-entity": (
        "Source: DOMAIN.md section 2 (legal forms).",
        "Source: Companies Act 2006; Companies (Audit, Investigations and Community Enterprise) Act 2004 Part 2 "
        "(CICs); Co-operative and Community Benefit Societies Act 2014; Charities Act 2011 Part 11 (CIOs).",
    ),
    "tupe": (
        "Source: TUPE Regulations 2006 regulations 11 and 13 (DOMAIN.md section 5).",
        "Source: Transfer of Undertakings (Protection of Employment) Regulations 2006 regulations 11 and 13 "
        "(legislation.gov.uk/uksi/2006/246).",
    ),
    "pensions": (
        "Source: DOMAIN.md section 5 (pensions on transfer).",
        "Source: Local Government Pension Scheme Regulations 2013 (SI 2013/2356) Schedule 2 Part 3 (admission "
        "bodies) and regulation 64 (exit valuation); HM Treasury, Fair Deal for staff pensions (October 2013).",
    ),
    "bank-payroll-hr": (
        "Source: DOMAIN.md section 2 (resources and back-office services).",
        "Source: HMRC, Register as an employer (gov.uk).",
    ),
}


def _swap(apps, *, forwards: bool) -> None:
    TaskDefinition = apps.get_model("journeys", "TaskDefinition")
    for slug, (old, new) in SOURCES.items():
        before, after = (old, new) if forwards else (new, old)
        for definition in TaskDefinition.objects.filter(slug=slug, guidance__contains=before):
            definition.guidance = definition.guidance.replace(before, after)
            definition.save(update_fields=["guidance"])


def forwards(apps, schema_editor):
    _swap(apps, forwards=True)


def backwards(apps, schema_editor):
    _swap(apps, forwards=False)


class Migration(migrations.Migration):
    dependencies = [("journeys", "0015_after_launch")]

    operations = [migrations.RunPython(forwards, backwards)]
