"""Issue #22, point 3: the catalogue and the legal forms corrected to today's law (DOMAIN.md sections 2 and 5).

- The catalogue (journeys/catalogue_data.py) is applied again: the procurement route is chosen during
  the business plan, the legal entity is registered before the contract, and new tasks (advisers, equality
  impact assessment and consultation, VAT and tax, subsidy control, UK GDPR, shadow board, bank and payroll,
  safeguarding, working capital, contract terms) reach every existing journey as "not started".
- "Employee ownership trust" is an ownership model, not a legal form: a design that chose it as its legal
  form becomes a company limited by shares (the usual form an employee ownership trust owns) with the
  ownership model "employee ownership trust", and its notes say so, keeping its former ownership model so
  that the reverse restores it.
"""

from django.db import migrations, models

from journeys.catalogue_data import load_catalogue

MARK = "[Portal, issue #22] Legal form was 'Employee ownership trust', which is an ownership model, not a legal form"

# The rows of the tasks this migration changes, as they were before it (for the reverse).
BEFORE = {
    "assets-premises-it": {
        "guidance": "Leases, equipment, systems and support contracts from day one.",
        "needs_evidence": False,
        "order": 5,
        "required": True,
        "stage": "transfer",
        "title": "Arrange assets, premises, IT and back-office services",
    },
    "insurance": {
        "guidance": "Employer's liability, public liability and professional indemnity.",
        "needs_evidence": False,
        "order": 7,
        "required": True,
        "stage": "transfer",
        "title": "Arrange insurance",
    },
    "legal-form": {
        "guidance": "Record your choice in the legal form section. Being a mutual is not itself a legal form.",
        "needs_evidence": False,
        "order": 1,
        "required": True,
        "stage": "design",
        "title": "Choose a legal form and ownership model",
    },
    "needs-analysis": {
        "guidance": "List the people who use the service, who pays for it, and who should help govern it.",
        "needs_evidence": False,
        "order": 8,
        "required": True,
        "stage": "explore",
        "title": "Analyse needs: who uses the service, who pays and who should have a voice",
    },
    "options-appraisal": {
        "guidance": "Compare keeping the service in-house, outsourcing it, a shared service "
        "and a mutual, against the same criteria. Upload the appraisal.",
        "needs_evidence": True,
        "order": 7,
        "required": True,
        "stage": "explore",
        "title": "Compare delivery models (options appraisal)",
    },
    "pensions": {
        "guidance": "For example admitted-body status in the Local Government Pension Scheme, or Fair Deal.",
        "needs_evidence": False,
        "order": 4,
        "required": True,
        "stage": "transfer",
        "title": "Secure pension continuity",
    },
    "procurement-route": {
        "guidance": "Direct award, Community Right to Challenge or a competitive tender. "
        "Record it in the transfer plan.",
        "needs_evidence": False,
        "order": 1,
        "required": True,
        "stage": "transfer",
        "title": "Agree the procurement route",
    },
    "public-interest-decision": {
        "guidance": "Upload the decision.",
        "needs_evidence": True,
        "order": 8,
        "required": True,
        "stage": "business_plan",
        "title": "Get the commissioner's or council's public-interest decision",
    },
    "register-entity": {
        "guidance": "With Companies House or the Financial Conduct Authority. Upload the certificate.",
        "needs_evidence": True,
        "order": 6,
        "required": True,
        "stage": "transfer",
        "title": "Register the legal entity",
    },
    "regulator-registration": {
        "guidance": "Some services cannot start until the new provider is registered.",
        "needs_evidence": False,
        "order": 8,
        "required": False,
        "stage": "transfer",
        "title": "Register with regulators such as CQC or Ofsted, where relevant",
    },
    "shadow-running": {
        "guidance": "Run the new organisation alongside the council for a few months before go-live.",
        "needs_evidence": False,
        "order": 9,
        "required": False,
        "stage": "transfer",
        "title": "Run in shadow form",
    },
    "social-value-statement": {
        "guidance": "Describe the social, economic and environmental good the mutual will do.",
        "needs_evidence": False,
        "order": 5,
        "required": False,
        "stage": "design",
        "title": "Write a social value statement",
    },
    "tupe": {
        "guidance": "Give transferring staff the information the TUPE regulations require and consult "
        "them. Upload the information pack.",
        "needs_evidence": True,
        "order": 3,
        "required": True,
        "stage": "transfer",
        "title": "Inform and consult staff under TUPE",
    },
}

NEW_TASKS = [
    "appoint-advisers",
    "bank-payroll-hr",
    "contract-terms",
    "data-protection",
    "eia-consultation",
    "safeguarding-dbs",
    "shadow-board",
    "subsidy-control",
    "vat-tax",
    "working-capital",
]


def apply_catalogue(apps, schema_editor):
    StageDefinition = apps.get_model("journeys", "StageDefinition")
    TaskDefinition = apps.get_model("journeys", "TaskDefinition")
    load_catalogue(StageDefinition, TaskDefinition)
    Journey, Task = apps.get_model("journeys", "Journey"), apps.get_model("journeys", "Task")
    definitions = list(TaskDefinition.objects.all())
    for journey in Journey.objects.all():
        have = set(Task.objects.filter(journey=journey).values_list("definition_id", flat=True))
        Task.objects.bulk_create(
            [Task(journey=journey, definition=definition) for definition in definitions if definition.pk not in have]
        )


def restore_catalogue(apps, schema_editor):
    StageDefinition = apps.get_model("journeys", "StageDefinition")
    TaskDefinition = apps.get_model("journeys", "TaskDefinition")
    Task = apps.get_model("journeys", "Task")
    Task.objects.filter(definition__slug__in=NEW_TASKS).delete()
    TaskDefinition.objects.filter(slug__in=NEW_TASKS).delete()
    for slug, row in BEFORE.items():
        fields = {key: value for key, value in row.items() if key != "stage"}
        TaskDefinition.objects.filter(slug=slug).update(stage=StageDefinition.objects.get(stage=row["stage"]), **fields)


def eot_to_ownership_model(apps, schema_editor):
    MutualDesign = apps.get_model("journeys", "MutualDesign")
    for design in MutualDesign.objects.filter(legal_form="EOT"):
        note = f"{MARK}; the ownership model was {design.ownership_model}. Check the legal form with your adviser."
        design.notes = f"{design.notes}\n\n{note}" if design.notes else note
        design.legal_form = "CLS"
        design.ownership_model = "EMPLOYEE_OWNERSHIP_TRUST"
        design.save(update_fields=["notes", "legal_form", "ownership_model"])


def ownership_model_to_eot(apps, schema_editor):
    MutualDesign = apps.get_model("journeys", "MutualDesign")
    for design in MutualDesign.objects.filter(notes__contains=MARK):
        before, _, rest = design.notes.partition(MARK)
        former = rest.split("the ownership model was ", 1)[1].split(".", 1)[0]
        design.notes = before.rstrip("\n")
        design.legal_form = "EOT"
        design.ownership_model = former
        design.save(update_fields=["notes", "legal_form", "ownership_model"])
    # A design made afterwards with the new ownership model has no older equivalent.
    MutualDesign.objects.filter(ownership_model="EMPLOYEE_OWNERSHIP_TRUST").update(ownership_model="EMPLOYEE_OWNED")


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0009_plan_narrative_and_task_notes_for_the_plan"),
    ]

    operations = [
        migrations.AlterField(
            model_name="mutualdesign",
            name="legal_form",
            field=models.CharField(
                choices=[
                    ("CIC_CLG", "Community interest company limited by guarantee"),
                    ("CIC_CLS", "Community interest company limited by shares"),
                    ("CLS", "Company limited by shares (not for profit)"),
                    ("CLG", "Company limited by guarantee"),
                    ("COOP_SOC", "Co-operative society"),
                    ("CBS", "Community benefit society"),
                    ("CIO", "Charitable incorporated organisation (CIO)"),
                    ("CHARITY", "Charity"),
                    ("JV", "Mutual joint venture"),
                    ("LATC", "Council-owned company"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="mutualdesign",
            name="ownership_model",
            field=models.CharField(
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
        migrations.RunPython(apply_catalogue, restore_catalogue),
    ]
