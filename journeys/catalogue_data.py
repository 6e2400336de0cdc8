"""The stage catalogue (DOMAIN.md section 2's stage table, corrected to today's law in section 5).

Admins edit it afterwards in the Django admin. Migration 0003 seeded it; the data migration
catalogue_2025 applies the corrections of issue #22 to existing databases. Each task's guidance ends
with its source."""

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
                "appoint-advisers",
                "Appoint legal, HR and finance advisers",
                OPT,
                False,
                "You will need a lawyer (legal form, rules, contract, TUPE), HR advice (staff transfer, "
                "pensions) and finance advice (business plan, VAT and tax). Grants such as the Mutuals "
                "Interim Support Fund have paid for this advice. Record who you appointed and for what.\n"
                "Source: gov.uk, Mutuals Interim Support Fund; gov.uk, Mutuals Support Programme 2.",
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
                "Record your choice in the legal form section. Being a mutual is not itself a legal form. "
                "Companies and community interest companies (CICs) register at Companies House; a CIC is also "
                "regulated by the CIC Regulator (asset lock, yearly CIC34 report). Co-operative and community "
                "benefit societies register with the Financial Conduct Authority (a charitable community "
                "benefit society is an exempt charity). A charitable incorporated organisation (CIO) registers "
                "with the Charity Commission. An employee ownership trust is an ownership model, not a legal "
                "form.\nSource: gov.uk, Start a public service mutual: the process; Companies Act 2006; Co-operative "
                "and Community Benefit Societies Act 2014; Charities Act 2011 Part 11 (CIOs).",
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
                "shadow-board",
                "Set up a shadow board and brief directors on their duties",
                REQ,
                False,
                "Appoint the first board in shadow form before the transfer. Directors of a company owe "
                "duties to the company, not to the council or to one group of staff: to act within its "
                "constitution, promote its success, use independent judgement, reasonable care, skill and "
                "diligence, and avoid conflicts of interest. A society's rules set its board members' duties. "
                "Council officers who sit on the board must manage the conflict with their council role.\n"
                "Source: Companies Act 2006 sections 171 to 177 (legislation.gov.uk/ukpga/2006/46).",
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
                "working-capital",
                "Plan working capital",
                REQ,
                False,
                "Work out the cash the mutual needs to pay wages and suppliers before the first contract "
                "payments arrive (often paid monthly in arrears), and where it will come from: reserves, an "
                "advance from the commissioner, a loan or a grant.\n"
                "Source: gov.uk, Mutuals Interim Support Fund (business planning and financial modelling); "
                "Co-operative Councils' Innovation Network, Want to set up a mutual?",
            ),
            (
                "vat-tax",
                "Work out the VAT and tax position, including business rates relief",
                REQ,
                False,
                "A council can recover VAT that a new organisation may not, so check with a tax adviser how "
                "VAT falls on the contract and on your costs. Check corporation tax, and whether the mutual "
                "can get business rates relief: charities get mandatory relief of 80 % and the council may "
                "give discretionary relief to not-for-profit bodies.\n"
                "Source: Value Added Tax Act 1994 section 33; Local Government Finance Act 1988 sections 43 "
                "and 47.",
            ),
            (
                "subsidy-control",
                "Check council support against subsidy control",
                REQ,
                False,
                "Support from the council below market rates (a lease below the market rent, a start-up grant, "
                "free back-office services, a loan at a low rate) may be a subsidy. Up to 315,000 pounds over the "
                "current and two previous financial years can be given as minimal financial assistance, with "
                "the notice the Act requires; above that the council must assess the subsidy against the "
                "subsidy control principles.\n"
                "Source: Subsidy Control Act 2022 sections 36 and 37 (legislation.gov.uk/ukpga/2022/23).",
            ),
            (
                "procurement-route",
                "Agree the procurement route",
                REQ,
                False,
                "Decide with the commissioner, during the business plan, how the contract will be awarded under "
                "the Procurement Act 2023: a competitive flexible or open procedure; a competition reserved to "
                "public service mutuals (section 33); a direct award, only on a justification in the Act; or, "
                "for NHS health care services, the Provider Selection Regime. An accepted Community Right to "
                "Challenge starts an open competition: it is not a route to a contract. Record the route in the "
                "transfer plan.\nSource: Procurement Act 2023 section 33 and Schedule 5 "
                "(legislation.gov.uk/ukpga/2023/54); Health Care Services (Provider Selection Regime) Regulations "
                "2023; Localism Act 2011 sections 81 to 84.",
            ),
            (
                "eia-consultation",
                "Carry out an equality impact assessment and public consultation before the council decides",
                REQ,
                EV,
                "The council must have due regard to equality when it decides, so assess the effect of the "
                "change on people with protected characteristics before the decision. Consult service users "
                "and the public where the law or a promise requires it, while the proposal is still open, and "
                "give the answers to the decision-makers. Upload the assessment.\n"
                "Source: Equality Act 2010 section 149 (public sector equality duty).",
            ),
            (
                "public-interest-decision",
                "Get the commissioner's or council's public-interest decision",
                REQ,
                EV,
                "The cabinet or board decision to support the spin-out and award the contract, taken after the "
                "equality impact assessment and any consultation. Upload the decision.\n"
                "Source: gov.uk, Start a public service mutual: the process; Equality Act 2010 section 149 (the "
                "public sector equality duty).",
            ),
        ],
    ),
    (
        "transfer",
        "Contract and transfer",
        "Agree the contract and move people, pensions and assets across.",
        [
            (
                "register-entity",
                "Register the legal entity",
                REQ,
                EV,
                "Register the new organisation before the contract is signed: the contract, the staff and the "
                "pension admission agreement pass to it. Companies and CICs register at Companies House (a CIC "
                "with the CIC Regulator's approval); co-operative and community benefit societies with the "
                "Financial Conduct Authority; a CIO with the Charity Commission. Upload the certificate.\n"
                "Source: Companies Act 2006; Companies (Audit, Investigations and Community Enterprise) Act 2004 Part "
                "2 (CICs); Co-operative and Community Benefit Societies Act 2014; Charities Act 2011 Part 11 (CIOs).",
            ),
            (
                "contract-length-value",
                "Agree the contract length and value",
                REQ,
                False,
                "Record them in the transfer plan.",
            ),
            (
                "contract-terms",
                "Agree the contract terms: KPIs, step-in and exit",
                REQ,
                False,
                "Agree how performance is measured (key performance indicators: at least three must be set and "
                "published for a contract worth more than 5 million pounds, though light-touch contracts are "
                "exempt), when the commissioner may step in, and what happens at the end: handing back staff, "
                "assets and records, and notice periods.\n"
                "Source: Procurement Act 2023 section 52.",
            ),
            (
                "tupe",
                "Inform and consult staff representatives under TUPE",
                REQ,
                EV,
                "The council (as the old employer) and the mutual must inform and, where measures are planned, "
                "consult the appropriate representatives of affected staff (the recognised union, or elected "
                "representatives) in good time. The council must give the mutual the employee liability "
                "information at least 28 days before the transfer. Record both dates in the transfer plan and "
                "upload the information pack.\n"
                "Source: Transfer of Undertakings (Protection of Employment) Regulations 2006 regulations 11 and 13 "
                "(legislation.gov.uk/uksi/2006/246).",
            ),
            (
                "pensions",
                "Secure pension continuity",
                REQ,
                False,
                "Council staff keep access to the Local Government Pension Scheme through an admission "
                "agreement: the mutual becomes an admission body, a bond or a council guarantee covers the "
                "fund's risk, and a cessation valuation (and possibly a debt) arises when the last active member "
                "leaves. Central government and NHS staff keep access to their public service scheme under New "
                "Fair Deal. Record the arrangement in the transfer plan.\n"
                "Source: Local Government Pension Scheme Regulations 2013 (SI 2013/2356) Schedule 2 Part 3 (admission "
                "bodies) and regulation 64 (exit valuation); HM Treasury, Fair Deal for staff pensions (October 2013).",
            ),
            (
                "assets-premises-it",
                "Arrange assets, premises, IT and back-office services",
                REQ,
                False,
                "Leases, equipment, systems and support contracts from day one.",
            ),
            (
                "bank-payroll-hr",
                "Open a bank account and set up payroll and HR systems",
                REQ,
                False,
                "The mutual pays its staff from the transfer date: open a bank account, register as an employer "
                "with HMRC for PAYE, and set up payroll, pension contributions and HR records.\n"
                "Source: HMRC, Register as an employer (gov.uk).",
            ),
            (
                "data-protection",
                "Plan UK GDPR compliance and the transfer of service users' records",
                REQ,
                False,
                "The mutual becomes a controller of personal data: pay the data protection fee to the "
                "Information Commissioner, agree with the council which records transfer and on what lawful "
                "basis, and write privacy notices and a records policy.\n"
                "Source: UK GDPR; Data Protection Act 2018; Data Protection (Charges and Information) "
                "Regulations 2018.",
            ),
            (
                "safeguarding-dbs",
                "Set up safeguarding and DBS checks, where relevant",
                OPT,
                False,
                "Where staff work with children or adults who need care and support, the mutual needs its own "
                "safeguarding policy and lead, and must check staff in regulated activity with the Disclosure "
                "and Barring Service as their new employer.\n"
                "Source: Safeguarding Vulnerable Groups Act 2006.",
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
                "Some services cannot start until the new provider is registered: for example adult social "
                "care and community health with the Care Quality Commission. Registration can take months, so "
                "apply early, alongside the business plan.\n"
                "Source: Health and Social Care Act 2008 section 10.",
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
