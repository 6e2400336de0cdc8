"""The business plan's narrative sections: what each asks for, its guidance and word-count hints.

Kept as data so the edit pages, the check-your-answers page, the packs and the DOCX read the
same list. The risks section is not here: it comes from the risk register.
"""

import re
from dataclasses import dataclass, field

from django.db import models

# A field's hard limit: far above any suggestion, it only stops a pasted document.
MAX_WORDS = 1500
OPTIONS = 4  # options in the appraisal
CRITERIA = 5  # criteria in the appraisal
SCORE_MAX = 5
MILESTONES = 10


class Section(models.TextChoices):
    VISION = "vision", "Vision and case for change"
    OPTIONS = "options", "Options appraisal"
    SERVICE = "service", "The service, its users and quality"
    MARKET = "market", "Market, competitors and SWOT"
    SOCIAL_VALUE = "social_value", "Social value and impact"
    PEOPLE = "people", "People, TUPE and pensions"
    EQUALITY = "equality", "Equality impact"
    STAKEHOLDERS = "stakeholders", "Stakeholders"
    TIMETABLE = "timetable", "Implementation timetable"
    ASK = "ask", "The ask and recommendations"


class Position(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    OPEN = "open", "Open to it, with conditions"
    NEUTRAL = "neutral", "Neutral"
    OPPOSES = "opposes", "Opposes"
    NOT_KNOWN = "not_known", "Not known"


STAKEHOLDER_GROUPS = [
    ("commissioner", "The commissioner"),
    ("service_users", "Service users"),
    ("council_members", "Council members"),
]


@dataclass(frozen=True)
class Part:
    """One free-text answer of a section."""

    name: str
    label: str
    hint: str
    words: int  # the suggested length

    @property
    def hint_text(self) -> str:
        return f"{self.hint} Aim for about {self.words} words."


@dataclass(frozen=True)
class SectionSpec:
    key: Section
    guidance: tuple[str, ...]
    parts: tuple[Part, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        return self.key.label

    @property
    def slug(self) -> str:
        return self.key.value.replace("_", "-")


SPECS = [
    SectionSpec(
        Section.VISION,
        (
            "Say what the mutual will be for and why the service should leave the council now. Readers are "
            "cabinet members, the board and investors: start with the outcome for the people who use the service.",
            "The case for change names the problem with the current arrangement and the evidence for it.",
        ),
        (
            Part("vision", "Vision", "What the service will be like in five years, in plain words.", 150),
            Part(
                "case_for_change",
                "Case for change",
                "What is wrong with the current arrangement, what evidence shows it, and why a mutual would fix it.",
                400,
            ),
        ),
    ),
    SectionSpec(
        Section.OPTIONS,
        (
            "Compare the realistic options, including staying with the council (the baseline, or 'do nothing'). "
            "HM Treasury's Green Book asks for a long list narrowed to a short list, each option scored against "
            "the same criteria.",
            "Name up to 5 criteria and up to 4 options, save, then score each option from 0 (does not meet the "
            "criterion) to 5 (meets it fully).",
        ),
        (
            Part("summary", "How the options were compared", "Who scored them, when, and on what evidence.", 200),
            Part("why", "Why the preferred option", "The reasons, including what it costs and what it risks.", 200),
        ),
    ),
    SectionSpec(
        Section.SERVICE,
        ("Describe the service the mutual will deliver under contract, who uses it and how quality is measured.",),
        (
            Part("specification", "Service specification", "What is delivered, where, when and to what standard.", 300),
            Part("users", "Who uses the service", "Numbers, needs and how users are involved.", 200),
            Part(
                "kpis",
                "Key performance indicators and quality measures",
                "The measures in the contract and any the mutual adds; give current values where known.",
                200,
            ),
        ),
    ),
    SectionSpec(
        Section.MARKET,
        ("Show that you know who else provides or could provide the service, and where the mutual stands.",),
        (
            Part("market", "The market", "Who buys this service, how much, and how that is changing.", 250),
            Part("competitors", "Competitors", "Other providers and how the mutual compares.", 200),
            Part("strengths", "Strengths", "What the mutual does well.", 80),
            Part("weaknesses", "Weaknesses", "What it must improve.", 80),
            Part("opportunities", "Opportunities", "Work it could win or develop.", 80),
            Part("threats", "Threats", "What could take work or money away.", 80),
        ),
    ),
    SectionSpec(
        Section.SOCIAL_VALUE,
        (
            "Commissioners must consider social value when they buy services (Public Services (Social Value) "
            "Act 2012). Say what the mutual adds beyond the contract and how you will show it.",
        ),
        (
            Part(
                "social_value", "Social value", "Local jobs, volunteering, reinvested surplus, community benefit.", 250
            ),
            Part(
                "measurement",
                "How impact will be measured",
                "The measures, the baseline, who collects them and how often they are reported.",
                200,
            ),
        ),
    ),
    SectionSpec(
        Section.PEOPLE,
        (
            "Readers want to know who will run the mutual and what happens to staff. Staff transfer under TUPE "
            "with their terms and conditions; say what is agreed on pensions.",
        ),
        (
            Part("team", "The leadership team", "Who leads the mutual and their experience.", 200),
            Part(
                "board_skills", "The board and its skills", "Who sits on the board, the skills it has and lacks.", 200
            ),
            Part(
                "staff_side",
                "Union and staff-side position",
                "What the recognised unions and staff representatives have said, and when.",
                150,
            ),
            Part(
                "tupe_pensions",
                "TUPE and pensions summary",
                "Who transfers, consultation so far, and the pension arrangement agreed or proposed.",
                200,
            ),
        ),
    ),
    SectionSpec(
        Section.EQUALITY,
        (
            "The council must have due regard to the public sector equality duty (Equality Act 2010, section 149) "
            "when it decides. Summarise the equality impact assessment for staff and service users.",
        ),
        (
            Part(
                "equality",
                "Equality impact",
                "Groups affected, likely effects, and what the mutual will do about them.",
                300,
            ),
        ),
    ),
    SectionSpec(
        Section.STAKEHOLDERS,
        ("Record where the people who decide or are affected stand, and how you know.",),
        (Part("others", "Other stakeholders", "Partners, other providers, the local community.", 150),),
    ),
    SectionSpec(
        Section.TIMETABLE,
        ("List the milestones from decision to go-live, with dates. Up to 10.",),
        (Part("notes", "Notes on the timetable", "Dependencies and what could move the dates.", 150),),
    ),
    SectionSpec(
        Section.ASK,
        (
            "Say exactly what you ask of the reader: a decision, a contract, a loan or grant, and by when. "
            "Recommendations come first in a council decision paper.",
        ),
        (
            Part("ask", "The ask", "What you need, from whom, how much and by when.", 200),
            Part(
                "recommendations",
                "Recommendations",
                "One recommendation a line, each a decision the reader can take.",
                150,
            ),
        ),
    ),
]

BY_KEY = {spec.key.value: spec for spec in SPECS}
BY_SLUG = {spec.slug: spec for spec in SPECS}

_WORD = re.compile(r"\S+")


def word_count(text: str) -> int:
    return len(_WORD.findall(text or ""))


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
