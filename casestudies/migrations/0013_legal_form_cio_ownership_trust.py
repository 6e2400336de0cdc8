"""Issue #22: the CIO is a legal form; an employee ownership trust is an ownership model, not a legal form.

A case study recorded with the legal form "Employee ownership trust" keeps that fact as its ownership
model and its legal form becomes not known (blank) until a source says which form it has."""

from django.db import migrations, models


def eot_to_ownership_model(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    CaseStudy.objects.filter(legal_form="EOT").update(legal_form="", ownership_model="EMPLOYEE_OWNERSHIP_TRUST")


def ownership_model_to_eot(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    CaseStudy.objects.filter(legal_form="", ownership_model="EMPLOYEE_OWNERSHIP_TRUST").update(
        legal_form="EOT", ownership_model="EMPLOYEE_OWNED"
    )
    CaseStudy.objects.filter(ownership_model="EMPLOYEE_OWNERSHIP_TRUST").update(ownership_model="EMPLOYEE_OWNED")


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0012_lessons_from_sources"),
    ]

    operations = [
        migrations.AlterField(
            model_name="casestudy",
            name="legal_form",
            field=models.CharField(
                blank=True,
                choices=[
                    ("CIC_CLG", "Community interest company limited by guarantee"),
                    ("CIC_CLS", "Community interest company limited by shares"),
                    ("CIC", "Community interest company (shares or guarantee not known)"),
                    ("CLS", "Company limited by shares (not for profit)"),
                    ("CLG", "Company limited by guarantee"),
                    ("COOP_SOC", "Co-operative society"),
                    ("CBS", "Community benefit society"),
                    ("CIO", "Charitable incorporated organisation (CIO)"),
                    ("CHARITY", "Charity"),
                    ("JV", "Mutual joint venture"),
                    ("LATC", "Council-owned company"),
                ],
                max_length=30,
            ),
        ),
        migrations.AlterField(
            model_name="casestudy",
            name="ownership_model",
            field=models.CharField(
                blank=True,
                choices=[
                    ("EMPLOYEE_OWNED", "Employee-owned"),
                    ("EMPLOYEE_OWNERSHIP_TRUST", "Employee ownership trust"),
                    ("MULTI_STAKEHOLDER", "Multi-stakeholder"),
                    ("STAFF_INFLUENCE_NO_SHARES", "Staff influence without shares"),
                    ("COUNCIL_OWNED", "Council-owned"),
                ],
                max_length=30,
            ),
        ),
        migrations.RunPython(eot_to_ownership_model, ownership_model_to_eot),
    ]
