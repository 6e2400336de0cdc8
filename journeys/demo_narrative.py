"""The demo business-plan journey's narrative (Riverside, fictional): every section filled in,
so both pack formats print complete. People, places and figures here are invented."""

from accounts.models import User

from . import services
from .models import Journey, PlanNarrative, Task

DEMO_NARRATIVE: dict[str, dict] = {
    "vision": {
        "vision": (
            "By 2032 every adult in Riverside who needs therapy at home is seen within ten working days, by a team "
            "that owns the service it runs and answers to the people who use it."
        ),
        "case_for_change": (
            "Waiting times for home-based therapy have risen from 12 to 31 working days since 2023 (the team's "
            "own referral log). Recruitment takes five months through the council's central process, and two in "
            "five posts have been filled by agency staff at about 1.6 times the cost.\n"
            "Staff have designed three changes the council's systems cannot take up quickly: self-referral for "
            "falls prevention, weekend clinics and a shared caseload with the two GP practices in Eastvale. A "
            "mutual contracted by the council could make them within its first year."
        ),
    },
    "options": {
        "summary": (
            "The steering group (six therapists, two service users and the council's commissioning lead) scored "
            "the options at a workshop on 12 May, using the team's activity data and the financial model."
        ),
        "why": (
            "The staff-led mutual scores highest on quality and staff retention and costs the council less than "
            "staying in-house. Its main risk, pensions, is covered by admitted-body status in the Local "
            "Government Pension Scheme."
        ),
        "criteria": ["Quality of care", "Cost to the council", "Staff retention", "Speed of change", "Risk"],
        "options": [
            {"name": "Stay with the council (baseline)", "scores": [2, 3, 2, 1, 4]},
            {"name": "Staff-led mutual", "scores": [5, 4, 5, 4, 3]},
            {"name": "Transfer to the NHS trust", "scores": [3, 3, 2, 2, 3]},
            {"name": "Competitive tender", "scores": [3, 4, 1, 2, 2]},
        ],
        "preferred": "2",
    },
    "service": {
        "specification": (
            "Occupational therapy and physiotherapy for adults at home and in four community clinics, 8am to 8pm "
            "on weekdays and 9am to 1pm on Saturdays, under the council's draft service specification of March."
        ),
        "users": (
            "About 4,200 adults a year, most over 70; a third after a hospital discharge. A users' panel of twelve "
            "meets every two months and will hold two seats on the board."
        ),
        "kpis": (
            "Contract measures: first visit within 10 working days (today 31); 85% of goals met at discharge "
            "(today 78%); complaints answered within 20 days. The mutual adds staff turnover below 12% a year."
        ),
    },
    "market": {
        "market": (
            "Eastvale Council spends about £2.7m a year on community therapy; the neighbouring councils "
            "buy similar services from NHS trusts and two independent providers."
        ),
        "competitors": (
            "Two independent providers (fictional here: Northgate Therapy Ltd and Harbour Care CIC) work in "
            "neighbouring areas; neither has a local base or community clinics in Eastvale."
        ),
        "strengths": "An experienced local team; good links with GP practices; strong staff support (93% in favour).",
        "weaknesses": "No trading history; back-office services to buy in; a small reserve in year one.",
        "opportunities": "Falls-prevention work for the NHS; private clinics in the evenings; training placements.",
        "threats": "A tighter council budget; pension costs; national pay awards above the contract's uplift.",
    },
    "social_value": {
        "social_value": (
            "Local jobs (94% of staff live in Eastvale), two apprenticeships a year, a volunteer befriending "
            "scheme for people waiting for therapy, and any surplus reinvested in the service under the asset lock."
        ),
        "measurement": (
            "A baseline taken in the last quarter before transfer; measures reported to the board each quarter and "
            "to the council each year, using the council's social value framework."
        ),
    },
    "people": {
        "team": (
            "Owen Fletcher, team lead (fictional), 18 years in community therapy; a clinical lead for each "
            "profession; a finance and operations manager to be recruited before go-live."
        ),
        "board_skills": (
            "Nine seats: four staff, two service users, one commissioner and two independents chosen for finance "
            "and governance. A skills audit found gaps in finance and law, which the independents will fill."
        ),
        "staff_side": (
            "UNISON and the Chartered Society of Physiotherapy were consulted from the start; both said in June that "
            "they do not oppose the transfer, on condition that terms, conditions and pensions are protected."
        ),
        "tupe_pensions": (
            "All 64 staff transfer under TUPE with their terms and conditions. The mutual will apply to be an "
            "admitted body in the Local Government Pension Scheme, so members keep their pensions; the actuary's "
            "contribution rate is in the financial model."
        ),
    },
    "equality": {
        "equality": (
            "The equality impact assessment found no group of staff or users worse off if the contract keeps the "
            "same eligibility and charges. Older and disabled people are most affected by waiting times and should "
            "benefit most. Part-time staff (41%) keep their hours; the mutual will publish its pay gap each year."
        ),
    },
    "stakeholders": {
        "commissioner_position": "supports",
        "commissioner_notes": "The commissioning lead backed the preferred option at the May workshop.",
        "service_users_position": "supports",
        "service_users_notes": "The users' panel voted 10 to 2 in favour; they asked for seats on the board.",
        "council_members_position": "open",
        "council_members_notes": "The cabinet member wants assurance on pensions and a break clause.",
        "others": "The two GP practices will share caseloads; the NHS trust has offered a back-office service.",
    },
    "timetable": {
        "notes": "Go-live depends on the cabinet decision and the pension fund's admission agreement.",
        "milestones": [
            {"name": "Cabinet decision", "date": "2027-01-20"},
            {"name": "Community interest company registered", "date": "2027-02-15"},
            {"name": "TUPE consultation starts", "date": "2027-02-22"},
            {"name": "Admission agreement with the pension fund signed", "date": "2027-03-19"},
            {"name": "Contract signed", "date": "2027-03-26"},
            {"name": "Go-live", "date": "2027-04-01"},
        ],
    },
    "ask": {
        "ask": (
            "A five-year contract from the council at £2,700,000 in year one and £300,000 of working capital from "
            "it, repaid in year three; a start-up grant of £150,000 from the Mutuals Support Programme; and a "
            "£150,000 working-capital loan from a social investor."
        ),
        "recommendations": (
            "Agree that the community therapy service transfers to Riverside Community Therapy CIC on 1 April 2027.\n"
            "Run a competition for a contract of up to five years reserved to public service mutuals (Procurement "
            "Act 2023, section 33), with a break clause after three years.\n"
            "Agree an admission agreement for the mutual in the Local Government Pension Scheme.\n"
            "Delegate the contract's final terms to the Director of Adult Social Services."
        ),
    },
}


def fill_narrative(journey: Journey, by: User) -> None:
    """Write each demo section the journey does not have yet, and mark one task note for the plan."""
    saved = set(PlanNarrative.objects.filter(journey=journey).values_list("section", flat=True))
    for section, answers in DEMO_NARRATIVE.items():
        if section not in saved:
            services.narrative_save(journey=journey, section=section, answers=answers, by=by, version=0)
    note = Task.objects.filter(journey=journey, definition__slug="service-specification").first()
    if note is not None and note.notes and not note.plan_section:
        Task.objects.filter(pk=note.pk).update(plan_section="service")
