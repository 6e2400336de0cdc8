"""The stage catalogue as first seeded (DOMAIN.md's stage table). Admins edit it afterwards."""

REQ, OPT = True, False  # required, optional
EV = True  # needs evidence

# stage code, title, summary, [(slug, title, required, needs evidence, guidance)]
CATALOGUE = [
    (
        "explore",
        "Exploring options",
        "Work out why you might spin out, what the options are, and who needs a voice.",
        [
            (
                "why-and-vision",
                "Write down why you want to spin out and your vision",
                REQ,
                False,
                "Say in a few paragraphs what is wrong or could be better, what a mutual would let you do, "
                "and what the service will look like in five years.",
            ),
            (
                "starters-checklist",
                "Work through the starter's checklist",
                OPT,
                False,
                "Check you have the basics: a service that could stand alone, staff who want to lead it, "
                "and a commissioner willing to talk.",
            ),
            (
                "look-at-live-mutuals",
                "Look at mutuals that are already running",
                OPT,
                False,
                "Read case studies of mutuals in your service area and note what worked and what did not.",
            ),
            (
                "name-senior-sponsor",
                "Name a senior sponsor",
                REQ,
                False,
                "A chief executive or director of your parent body who will champion the spin-out. "
                "Record their name and role in the notes.",
            ),
            (
                "early-staff-discussion",
                "Hold an early discussion with staff",
                REQ,
                False,
                "Tell colleagues what you are exploring and collect their questions and worries.",
            ),
            (
                "review-current-service",
                "Review the current service",
                REQ,
                False,
                "Describe what the service does today, what it costs, and how well it performs.",
            ),
            (
                "options-appraisal",
                "Compare delivery models (options appraisal)",
                REQ,
                EV,
                "Compare keeping the service in-house, outsourcing it, a shared service and a mutual, "
                "against the same criteria. Upload the appraisal.",
            ),
            (
                "needs-analysis",
                "Analyse needs: who uses the service, who pays and who should have a voice",
                REQ,
                False,
                "List the people who use the service, who pays for it, and who should help govern it.",
            ),
        ],
    ),
    (
        "support",
        "Building support",
        "Bring staff, unions, service users and the commissioner with you.",
        [
            (
                "staff-engagement-sessions",
                "Run staff engagement sessions",
                REQ,
                False,
                "Hold sessions where every affected colleague can hear the plan and ask questions.",
            ),
            (
                "union-consultation",
                "Consult the trade unions",
                REQ,
                False,
                "Meet the recognised unions early and record their position.",
            ),
            (
                "staff-ballot",
                "Run a staff survey or ballot",
                REQ,
                EV,
                "Ask eligible staff whether they support the spin-out. Record the result in the "
                "staff engagement section and upload the returning officer's report.",
            ),
            (
                "user-community-engagement",
                "Engage service users and the community",
                OPT,
                False,
                "Ask service users and local groups what matters to them in a new organisation.",
            ),
            (
                "commissioner-support",
                "Get in-principle support from the commissioner or parent body",
                REQ,
                EV,
                "For example a cabinet or board decision. Upload the minute or letter.",
            ),
        ],
    ),
    (
        "design",
        "Designing the mutual",
        "Choose the legal form, ownership model and governance of the new organisation.",
        [
            (
                "legal-form",
                "Choose a legal form and ownership model",
                REQ,
                False,
                "Record your choice in the legal form section. Being a mutual is not itself a legal form.",
            ),
            (
                "rules-articles",
                "Draft the rules or articles",
                REQ,
                EV,
                "Your governing document, usually drafted with a lawyer. Upload the draft.",
            ),
            (
                "staff-membership",
                "Decide how staff become members",
                REQ,
                False,
                "For example each member of staff holds a 1 pound share.",
            ),
            (
                "board-mix",
                "Decide the board mix and staff directors",
                REQ,
                False,
                "Record seats by constituency in the governance section.",
            ),
            (
                "social-value-statement",
                "Write a social value statement",
                OPT,
                False,
                "Describe the social, economic and environmental good the mutual will do.",
            ),
        ],
    ),
    (
        "business_plan",
        "Business plan",
        "Show the new organisation can pay its way for at least three years.",
        [
            (
                "service-specification",
                "Agree the service specification",
                REQ,
                False,
                "What the commissioner will buy, and how performance will be measured.",
            ),
            (
                "baseline-costs",
                "Establish baseline costs",
                REQ,
                EV,
                "What the service costs today, including overheads the council provides. Upload the analysis.",
            ),
            (
                "business-plan-model",
                "Write the business plan and a financial model of at least 3 years",
                REQ,
                EV,
                "Enter the forecast in the financial forecast section and upload the full model.",
            ),
            (
                "market-testing",
                "Test the market",
                OPT,
                False,
                "Find out who else could run the service and how you compare.",
            ),
            (
                "resources-needed",
                "List the resources you need: money, property and systems",
                REQ,
                False,
                "Include start-up costs, buildings, IT and back-office services.",
            ),
            (
                "investment-readiness",
                "Check investment readiness",
                OPT,
                False,
                "Whether you can raise working capital or loans if you need them.",
            ),
            (
                "risk-register",
                "Build a risk register",
                REQ,
                False,
                "Record risks with their likelihood, impact, owner and mitigation in the risk register section.",
            ),
            (
                "public-interest-decision",
                "Get the commissioner's or council's public-interest decision",
                REQ,
                EV,
                "Upload the decision.",
            ),
        ],
    ),
    (
        "transfer",
        "Contract and transfer",
        "Agree the contract and move people, pensions and assets across.",
        [
            (
                "procurement-route",
                "Agree the procurement route",
                REQ,
                False,
                "Direct award, Community Right to Challenge or a competitive tender. Record it in the transfer plan.",
            ),
            (
                "contract-length-value",
                "Agree the contract length and value",
                REQ,
                False,
                "Record them in the transfer plan.",
            ),
            (
                "tupe",
                "Inform and consult staff under TUPE",
                REQ,
                EV,
                "Give transferring staff the information the TUPE regulations require and consult them. "
                "Upload the information pack.",
            ),
            (
                "pensions",
                "Secure pension continuity",
                REQ,
                False,
                "For example admitted-body status in the Local Government Pension Scheme, or Fair Deal.",
            ),
            (
                "assets-premises-it",
                "Arrange assets, premises, IT and back-office services",
                REQ,
                False,
                "Leases, equipment, systems and support contracts from day one.",
            ),
            (
                "register-entity",
                "Register the legal entity",
                REQ,
                EV,
                "With Companies House or the Financial Conduct Authority. Upload the certificate.",
            ),
            (
                "insurance",
                "Arrange insurance",
                REQ,
                False,
                "Employer's liability, public liability and professional indemnity.",
            ),
            (
                "regulator-registration",
                "Register with regulators such as CQC or Ofsted, where relevant",
                OPT,
                False,
                "Some services cannot start until the new provider is registered.",
            ),
            (
                "shadow-running",
                "Run in shadow form",
                OPT,
                False,
                "Run the new organisation alongside the council for a few months before go-live.",
            ),
        ],
    ),
    (
        "spun_out",
        "Spun out",
        "Go live and look after the mutual in its first years.",
        [
            ("go-live", "Go live", REQ, False, "The day the contract starts and staff transfer."),
            (
                "first-year-monitoring",
                "Monitor the first year",
                REQ,
                False,
                "Track performance against the contract and the business plan.",
            ),
            (
                "publish-case-study",
                "Publish a case study",
                OPT,
                False,
                "Help others by sharing what you learned in the case-study library.",
            ),
        ],
    ),
]


def load_catalogue(StageDefinition, TaskDefinition):
    """Create or update the catalogue rows (used by the data migration and by demo data)."""
    for order, (code, title, summary, tasks) in enumerate(CATALOGUE, start=1):
        stage, _ = StageDefinition.objects.update_or_create(
            stage=code, defaults={"title": title, "summary": summary, "order": order}
        )
        for task_order, (slug, task_title, required, needs_evidence, guidance) in enumerate(tasks, start=1):
            TaskDefinition.objects.update_or_create(
                slug=slug,
                defaults={
                    "stage": stage,
                    "title": task_title,
                    "guidance": guidance,
                    "required": required,
                    "needs_evidence": needs_evidence,
                    "order": task_order,
                },
            )
