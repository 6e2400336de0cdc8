"""The public readiness self-check: 12 questions, two for each triage criterion T3-T8 (DOMAIN.md section 2).

Each answer is worth 0-3 points, in the same sense as the rubric's descriptors (programme/rubric.py); a
criterion takes the lower of its two answers (a strong answer does not hide a gap), and the weighted
total comes from scoring.score, so the self-check and an adviser's triage read the same way.
The answers are kept only in the visitor's session until they send an enquiry: nothing is stored.
"""

from dataclasses import dataclass

from . import scoring

SESSION_KEY = "referrals.readiness"


@dataclass(frozen=True)
class Question:
    name: str
    code: str  # the criterion, T3-T8
    text: str
    hint: str
    answers: tuple[str, str, str, str]  # what 0, 1, 2 and 3 points mean


QUESTIONS = [
    Question(
        "sponsor",
        "T3",
        "Has a senior manager agreed to sponsor exploring a mutual?",
        "A sponsor is a director or chief executive of your council or NHS body who backs the idea",
        (
            "No, not yet",
            "A senior manager is interested, but has not agreed to sponsor it",
            "Yes, a director or chief executive is our named sponsor",
            "Yes, and they have taken it to the council's cabinet or the NHS body's board",
        ),
    ),
    Question(
        "parent_body",
        "T3",
        "What has your council or NHS body said about exploring a mutual?",
        "Your parent body is the organisation that employs you now",
        (
            "It has not discussed it",
            "It has discussed it informally",
            "It supports exploring a mutual in principle",
            "It has formally decided to explore a mutual, for example by a cabinet or board decision",
        ),
    ),
    Question(
        "commissioner",
        "T4",
        "What does the service's commissioner think?",
        "The commissioner decides who provides the service and pays for it",
        (
            "We have not discussed it with them yet",
            "They know about it but have not said what they think",
            "They support it in principle",
            "They have agreed in writing to commission the service from a mutual",
        ),
    ),
    Question(
        "contract_route",
        "T4",
        "Do you know how the mutual would get its contract for the service?",
        "For example a contract reserved for public service mutuals (Procurement Act 2023, section 33), "
        "a competitive tender, or a direct award the law allows",
        (
            "We have not thought about it",
            "We have discussed it, but no route has been identified",
            "A likely route has been identified with the commissioner",
            "The route and a timetable have been agreed with the commissioner",
        ),
    ),
    Question(
        "staff_told",
        "T5",
        "How have staff been involved so far?",
        "",
        (
            "Staff have not been told",
            "We have had informal talks with some staff",
            "All staff have been told and consulted, including trade unions or staff representatives",
            "A staff survey or ballot shows that most staff support it",
        ),
    ),
    Question(
        "staff_control",
        "T5",
        "Have you worked out how staff would own or control the mutual?",
        "For example staff as members or shareholders, and staff directors on the board",
        (
            "Not yet",
            "We have some first ideas",
            "We have drawn up options and discussed them with staff",
            "Staff have agreed a design that gives them control",
        ),
    ),
    Question(
        "costs",
        "T6",
        "Do you know what the service costs to run?",
        "",
        (
            "No",
            "We know its budget, but not all its costs",
            "We know its full costs, including overheads such as buildings, IT and payroll",
            "We know its full costs and have forecast its income and costs for at least three years",
        ),
    ),
    Question(
        "business_case",
        "T6",
        "Have you written a business case or business plan for the mutual?",
        "",
        (
            "No",
            "We have started one",
            "We have an outline business case with income, costs and the market for the service",
            "We have a business plan with a forecast of at least three years, contract income and a risk register",
        ),
    ),
    Question(
        "improvements",
        "T7",
        "Do you have plans to change or improve the service as a mutual?",
        "",
        (
            "No, the service would carry on as it is",
            "We have general aims to improve it",
            "We have specific plans to change the service",
            "We have specific plans, backed by evidence from the people who use the service and staff",
        ),
    ),
    Question(
        "social_impact",
        "T7",
        "Do you measure the difference the service makes to people and the community?",
        "This is the service's social impact, or social value",
        (
            "No",
            "We collect some feedback",
            "We have some measures of social impact",
            "We have measures and a plan to report the mutual's social impact or social value",
        ),
    ),
    Question(
        "match_funding",
        "T8",
        "Will your council, NHS body or another funder put money towards the advice you need?",
        "This is match funding: the Support Programme pays for advice alongside it",
        (
            "No",
            "We are asking, but nothing is committed",
            "Staff time or other support in kind is committed, or a small cash sum",
            "Cash is committed in writing",
        ),
    ),
    Question(
        "resources",
        "T8",
        "Has your parent body agreed to give staff time to work on the mutual?",
        "",
        (
            "No",
            "We are asking",
            "Some staff time is agreed",
            "Staff time and a budget for the work are agreed in writing",
        ),
    ),
]

# What to do next, for a criterion short of 3 points, and the guidance that helps.
NEXT_STEPS = {
    "T3": (
        "Find a senior sponsor, such as a director, and ask your council or NHS body to agree in principle "
        "to explore a mutual",
        "six-stages",
    ),
    "T4": (
        "Talk to the commissioner early: what they think, and how the service's contract could reach a mutual",
        "six-stages",
    ),
    "T5": (
        "Tell staff and their trade unions about the idea, consult them, and think about how staff would "
        "own or control the mutual",
        "what-is-a-public-service-mutual",
    ),
    "T6": (
        "Work out what the service costs to run in full, then start an outline business case",
        "six-stages",
    ),
    "T7": (
        "Write down how the service would change as a mutual and how you would measure its social impact",
        "what-is-a-public-service-mutual",
    ),
    "T8": (
        "Ask your parent body for staff time, and for money towards the professional advice you will need",
        "six-stages",
    ),
}

BANDS = {
    "high": (
        "You look ready to apply",
        "Your answers suggest you could be referred to the Mutuals Support Programme. Send an enquiry "
        "and an adviser will check your answers with you.",
    ),
    "medium": (
        "You have made a good start",
        "Some things are in place. The steps below would make your case stronger. You can still send an "
        "enquiry now: an adviser can tell you what to do first.",
    ),
    "low": (
        "You are at an early stage",
        "Most groups start here. The steps below and the guidance will help you build support. You can "
        "send an enquiry for advice at any time.",
    ),
}


@dataclass(frozen=True)
class CriterionResult:
    criterion: scoring.Criterion
    points: int
    next_step: str
    guide: str


@dataclass(frozen=True)
class Result:
    score: object
    band: str
    heading: str
    summary: str
    criteria: list[CriterionResult]

    @property
    def steps(self) -> list[CriterionResult]:
        """The criteria short of full marks, weakest first (then in the criteria's order)."""
        return sorted((row for row in self.criteria if row.points < scoring.MAX_POINTS), key=lambda row: row.points)


def clean_answers(raw) -> dict[str, int] | None:
    """The answers from the session (or anywhere else untrusted), or None unless all 12 are there, each 0-3."""
    if not isinstance(raw, dict):
        return None
    answers = {}
    for question in QUESTIONS:
        value = raw.get(question.name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= scoring.MAX_POINTS:
            return None
        answers[question.name] = value
    return answers


def result(answers: dict[str, int]) -> Result:
    points = {}
    for criterion in scoring.CRITERIA:
        points[criterion.field] = min(answers[q.name] for q in QUESTIONS if q.code == criterion.code)
    total = scoring.score(points)
    band = scoring.band(total)
    heading, summary = BANDS[band]
    rows = [
        CriterionResult(
            criterion=c, points=points[c.field], next_step=NEXT_STEPS[c.code][0], guide=NEXT_STEPS[c.code][1]
        )
        for c in scoring.CRITERIA
    ]
    return Result(score=total, band=band, heading=heading, summary=summary, criteria=rows)


# The enquiry form's fields these answers fill in (the visitor can change them before sending).
COMMISSIONER_POSITIONS = ["not_discussed", "aware", "supportive", "agreed"]


def enquiry_initial(answers: dict[str, int]) -> dict:
    by_name = {q.name: q for q in QUESTIONS}

    def said(name: str) -> str:
        return by_name[name].answers[answers[name]]

    outcome = result(answers)
    if answers["business_case"] >= 2:
        progress = "planning"
    elif answers["parent_body"] >= 2:
        progress = "supported"
    elif answers["staff_told"] >= 1 or answers["sponsor"] >= 1:
        progress = "exploring"
    else:
        progress = "idea"
    lines = [f"From our readiness self-check ({outcome.heading.lower()}):"]
    lines += [f"- {q.text} {said(q.name)}" for q in QUESTIONS]
    return {
        "commissioner_position": COMMISSIONER_POSITIONS[answers["commissioner"]],
        "progress": progress,
        "staff_consultation": f"{said('staff_told')}. {said('staff_control')}.",
        "match_funding": f"{said('match_funding')}. Staff time: {said('resources').lower()}.",
        "help_needed": "\n".join(lines),
    }
