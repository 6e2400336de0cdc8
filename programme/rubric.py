"""The scoring rubric's starting descriptors (the 0-3 meaning of each criterion T3-T8).

DOMAIN.md section 2 gives the criteria and weights (from the MIS and MSP2 eligibility sources); it
publishes no descriptors, so these are the portal's proposal, written from each criterion's wording.
A migration copies them into RubricDescriptor rows, which administrators then edit in the admin.
Reviewed against DOMAIN.md (#23, point 3): no ballot threshold is claimed (the sources give none), T4 names the
contract routes of today's law, T6 asks for the risk register the business-plan gate asks for, and T8 keeps
full marks for cash committed in writing (the criterion is cash match funding).
"""

# The first wording of the descriptors changed by that review: migration 0008 replaces a row still worded so.
REWORDED = {
    ("T4", 2): "The commissioner supports it in principle and a likely contract route is identified",
    ("T5", 3): "A staff ballot or survey shows majority support, unions engaged, and a design that gives staff control "
    "(for example staff membership and staff directors)",
    (
        "T6",
        3,
    ): "A business case with a forecast of at least three years, identified contract income and a risk assessment",
    ("T8", 2): "In-kind support or a small cash contribution committed",
}

DESCRIPTORS = {
    "T3": [
        "No senior sponsor named and no sign of support from the parent body",
        "A senior manager is interested, but no sponsor is named and the parent body has not discussed it",
        "A senior sponsor (chief executive or director) is named; the parent body supports it in principle",
        "A named senior sponsor, and the parent body has formally agreed to explore a mutual "
        "(for example a cabinet or board decision)",
    ],
    "T4": [
        "The commissioner is unaware or opposed; no contract route identified",
        "The commissioner is aware but undecided; no contract route considered yet",
        "The commissioner supports it in principle and a likely contract route is identified (for example a "
        "contract reserved for public service mutuals, Procurement Act 2023 s.33, or a competitive procedure; "
        "a Right to Challenge is not a route to a contract)",
        "The commissioner has agreed in writing, with a contract route and a timetable",
    ],
    "T5": [
        "Staff have not been told or consulted",
        "Informal talks with some staff; no consultation with unions or staff representatives",
        "Staff and their representatives consulted (sessions or a survey); first ideas for staff ownership or control",
        "A staff ballot or survey result is recorded and shows staff support, trade unions are engaged, and a design "
        "gives staff control (for example staff membership and staff directors)",
    ],
    "T6": [
        "No business case or financial information",
        "Budget and cost figures only; no business case",
        "An outline business case with income and costs; the market position is understood",
        "A business case with a forecast of at least three years, identified contract income and a risk register",
    ],
    "T7": [
        "No plans to change the service",
        "General aims to improve the service, with nothing specific",
        "Specific plans to transform the service, with some measures of social impact",
        "Clear, evidenced plans to transform the service and to measure its social impact and social value",
    ],
    "T8": [
        "No match funding",
        "Match funding is being sought; nothing committed",
        "Cash offered but not yet committed in writing, or support in kind only (such as staff time)",
        "Cash match funding committed in writing by the parent body or another funder",
    ],
}


def reword_descriptors(model) -> int:
    """Replace the first wording with the reviewed one where nobody has edited the row since; how many."""
    changed = 0
    for (code, points), old in REWORDED.items():
        changed += model.objects.filter(code=code, points=points, text=old).update(text=DESCRIPTORS[code][points])
    return changed


def ensure_descriptors(model) -> int:
    """Create any missing descriptor row (never overwrites an edited one); how many were created."""
    created = 0
    for code, texts in DESCRIPTORS.items():
        for points, text in enumerate(texts):
            created += model.objects.get_or_create(code=code, points=points, defaults={"text": text})[1]
    return created
