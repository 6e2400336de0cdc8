"""Product content (issue #24): the sources still recorded without a web address. Sources read on
4 December 2026.

- Three titles now have the page a search of stored public pages showed for them, each page
  stating the fact it backs, and a fact citing it: the Health Service Journal's "one year on"
  comment (City Health Care Partnership), Ian Chisnall's blog (Epic CIC) and Co-operative News
  (Sunshine Care). Epic's outcome no longer says it "won" that contract: the blog gives its term and
  value, not how it was awarded.
- "Mutuals Portal project source documents (2011-2013)" is this project's own material, not a
  public source, so it is removed from the seven entries that listed it. What only it backed is
  either cited to a public page that says the same (Central Surrey Health's staff get no
  dividends; Explore York's Mutuals Support Programme help and Heritage Lottery Fund money;
  Harwich Connexions' start under the Market Towns Initiative) or removed, and so shown as not
  known (Aspire Sussex "grew, and absenteeism fell"; Harwich Connexions "owned by its employees,
  users and the community"; Oldham Care and Support's lesson, replaced by one from a public page).
- The Oldham Chronicle (2013) source keeps its title alone: no stored page of it was found.
- No registry number: no page found prints one for these entries.
"""

import datetime

from django.db import migrations

READ_ON = datetime.date(2026, 12, 4)
PROJECT_DOCUMENTS = "Mutuals Portal project source documents (2011-2013)"

# (slug, title recorded) -> (title, address of the page read)
SOURCE_PAGES = [
    (
        ("city-health-care-partnership", "Health Service Journal: Right to Request, one year on"),
        (
            "Health Service Journal (2011), comment by Andrew Burnell: The right to request primary care trust one "
            "year on",
            "https://www.hsj.co.uk/comment/the-right-to-request-primary-care-trust-one-year-on/5030491.article",
        ),
    ),
    (
        ("epic-cic", "Ian Chisnall blog: Epic CIC"),
        (
            "Ian Chisnall blog, 11 March 2017: End in sight for a mixed economy?",
            "https://ianchisnall.blog/2017/03/11/end-in-sight-for-a-mixed-economy/",
        ),
    ),
    (
        ("sunshine-care", "Co-operative News: Sunshine Care"),
        (
            "Co-operative News: Care co-operatives face struggle",
            "https://www.thenews.coop/36095/topic/democracy/care-co-operatives-face-struggle/",
        ),
    ),
]

# slug -> the position the project's own documents had in its list of sources
PROJECT_DOCUMENT_POSITIONS = {
    "aspire-sussex": 2,
    "central-surrey-health": 3,
    "explore-york": 4,
    "harwich-connexions": 1,
    "oldham-care-and-support": 2,
    "salford-community-leisure": 2,
    "sunshine-care": 2,
}

# New sources: key -> (slug, title, address)
NEW_SOURCES = {
    "YORK_MSP": (
        "explore-york",
        "GOV.UK news, 29 January 2013: First staff-led mutual library receives £100,000 backing",
        "https://gov.uk/government/news/first-staff-led-mutual-library-receives-100-000-backing",
    ),
    "YORK_HLF": (
        "explore-york",
        "Visit York, news release issued by City of York Council: £2m York Explore and Archives reopen (January "
        "2015)",
        "https://www.visityork.org/media/news/city-news-york-explore.aspx",
    ),
    "OLDHAM_CC": (
        "oldham-care-and-support",
        "Community Care: Becoming the M&S of social care: How Oldham council sought to overcome the budget pressure",
        "https://www.communitycare.co.uk/becoming-ms-social-care-oldham-council-sought-overcome-budget-pressure/",
    ),
}

CSH_HISTORY = "https://cshsurrey.co.uk/about-us/about-csh-surrey/our-history"
HARWICH_PAGE = (
    "https://www.essexruralpartnership.org.uk/Action_Groups/Community_Action_Group/Community_Case_Studies.aspx"
)

OLDHAM_LESSON_BEFORE = "Its lessons were about growth, finance models, market testing and business planning."
OLDHAM_LESSON = (
    "A company the council owns is another way to keep a service in-house under budget pressure: Oldham's director "
    "of adult social services said the council would otherwise have been forced to outsource most of its care "
    "services, so it moved them into two companies of its own and guaranteed the staff of Oldham Care and Support "
    "their council terms and conditions."
)

# slug -> facts: (topic, statement, as-at year or None, the address of the source it cites)
FACTS = {
    "city-health-care-partnership": [
        (
            "origin",
            "Its chief executive wrote on its first anniversary that it had been the first social enterprise to go "
            "live through the right-to-request scheme, the first right-to-request primary care trust provider "
            "service to become an independent, not-for-profit community interest company.",
            2011,
            SOURCE_PAGES[0][1][1],
        ),
    ],
    "epic-cic": [
        (
            "contract",
            "Its managing director, the council's former head of youth services, ran it with a five-year contract "
            "worth £21 million, which included running four youth clubs.",
            None,
            SOURCE_PAGES[1][1][1],
        ),
    ],
    "sunshine-care": [
        (
            "contract",
            "One of the second wave of the Government's Pathfinder mutuals; research on its experience found that "
            "small local care providers struggled to get onto the council's preferred providers list, the first "
            "place personal budget holders look for care, which left them effectively invisible.",
            None,
            SOURCE_PAGES[2][1][1],
        ),
    ],
    "central-surrey-health": [
        (
            "ownership",
            "Owned and run by its nurses, therapists and other employees, a bit like the John Lewis Partnership, "
            "except that they do not receive dividends.",
            None,
            CSH_HISTORY,
        ),
    ],
    "explore-york": [
        (
            "origin",
            "The Cabinet Office Mutuals Support Programme was to provide up to £100,000 of business planning and "
            "legal advice for the library and archive service's staff to form a mutual.",
            2013,
            NEW_SOURCES["YORK_MSP"][2],
        ),
        (
            "outcome",
            "Explore reopened its flagship York Explore library and the city archive in January 2015 after the "
            "Heritage Lottery Fund's Gateway to History project: a £1,574,200 lottery grant and £516,927 from the "
            "council.",
            2015,
            NEW_SOURCES["YORK_HLF"][2],
        ),
    ],
    "harwich-connexions": [
        (
            "origin",
            "Established in 2001 as part of the Government's Market Towns Initiative programme, after a health check "
            "of the town found falling services and employment and rising social deprivation.",
            2001,
            HARWICH_PAGE,
        ),
        (
            "origin",
            "Harwich Connexions Transport Co-operative was formally launched in 2003.",
            2003,
            HARWICH_PAGE,
        ),
        ("outcome", "An estimated 30,000 passengers used the transport service in 2011.", 2011, HARWICH_PAGE),
    ],
    "oldham-care-and-support": [
        (
            "ownership",
            "The council formed two companies and moved its in-house adult care services into them; Oldham Care and "
            "Support took over the existing business, and its staff were guaranteed their council terms and "
            "conditions.",
            None,
            NEW_SOURCES["OLDHAM_CC"][2],
        ),
        ("lesson", OLDHAM_LESSON, None, NEW_SOURCES["OLDHAM_CC"][2]),
    ],
}

EXPLORE_BODY_BEFORE_END = (
    "The mutual had help from the Cabinet Office's Mutuals Support Programme, and Heritage Lottery Fund money, on its "
    "way out of the council."
)
EXPLORE_BODY_END = (
    "On its way out of the council the Cabinet Office's Mutuals Support Programme offered up to 100,000 pounds of "
    "business planning and legal advice. The Heritage Lottery Fund's Gateway to History grant, with council money, "
    "paid for a new home for the city archive at York Explore, which Explore reopened in January 2015."
)
HARWICH_BODY_BEFORE = (
    "Harwich Connexions was set up in 2001 in Harwich, in the Tendring district of Essex, and started a community "
    "transport co-operative in 2003. Older documents describe it as owned by its employees, users and the community; "
    "our research found it to be community-led rather than a public-sector spin-out."
)
HARWICH_BODY = (
    "Harwich Connexions was set up in 2001 in Harwich, in the Tendring district of Essex, as part of the Government's "
    "Market Towns Initiative, after a health check of the town found falling services and employment. It launched a "
    "community transport co-operative in 2003. It grew out of the town's regeneration programme and did not spin "
    "out of the public sector. Our sources do not say who owns it."
)

# slug -> field -> (value before, value after); a field is changed only if it still has the value before
FIELDS = {
    # The blog gives the contract's term and value, not how it was awarded.
    "epic-cic": {
        "outcomes": (
            "It won a five-year contract worth 21 million pounds and saved about 400,000 pounds in its first year.",
            "It ran the council's youth services under a five-year contract worth 21 million pounds, which included "
            "four youth clubs, and saved about 400,000 pounds in its first year.",
        ),
    },
    "aspire-sussex": {
        "outcomes": (
            "It had an income of 3.8 million pounds in 2020-21 and more than 30,000 learners. It grew, and "
            "absenteeism fell.",
            "It had an income of 3.8 million pounds in 2020-21 and more than 30,000 learners.",
        ),
    },
    "harwich-connexions": {
        "summary": (
            "A community-led co-operative in Harwich, Essex, running community transport and regeneration projects. "
            "It did not spin out of the public sector.",
            "A community-led organisation in Harwich, Essex, running a community transport co-operative and "
            "regeneration projects. It did not spin out of the public sector.",
        ),
        "body": (HARWICH_BODY_BEFORE, HARWICH_BODY),
    },
    "oldham-care-and-support": {
        "lessons": (OLDHAM_LESSON_BEFORE, OLDHAM_LESSON),
        "not_a_mutual_reason": (
            "It is a company owned by Oldham Council, not by or with its staff. It is kept for its lessons on "
            "planning a staff mutual.",
            "It is a company owned by Oldham Council, not by or with its staff. It is kept for its lessons as a "
            "council-owned alternative to outsourcing.",
        ),
    },
}


def _change_fields(CaseStudy, before_index, after_index):
    for slug, fields in FIELDS.items():
        case_study = CaseStudy.objects.filter(slug=slug).first()
        if case_study is None:
            continue
        changed = []
        for name, values in fields.items():
            if getattr(case_study, name) == values[before_index]:
                setattr(case_study, name, values[after_index])
                changed.append(name)
        if changed:
            case_study.save(update_fields=changed)
    # Explore York: only the last paragraph of its story changes.
    explore = CaseStudy.objects.filter(slug="explore-york").first()
    endings = (EXPLORE_BODY_BEFORE_END, EXPLORE_BODY_END)
    before, after = endings[before_index], endings[after_index]
    if explore is not None and explore.body.endswith(before):
        explore.body = explore.body[: -len(before)] + after
        explore.save(update_fields=["body"])


def apply(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    Source = apps.get_model("casestudies", "Source")
    Fact = apps.get_model("casestudies", "Fact")
    for (slug, title), (new_title, new_url) in SOURCE_PAGES:
        Source.objects.filter(case_study__slug=slug, title=title, url="").update(
            title=new_title, url=new_url, date_read=READ_ON
        )
    Source.objects.filter(title=PROJECT_DOCUMENTS, url="", facts__isnull=True).delete()
    for slug, title, url in NEW_SOURCES.values():
        case_study = CaseStudy.objects.filter(slug=slug).first()
        if case_study is None or case_study.sources.filter(url=url).exists():
            continue
        position = (case_study.sources.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        Source.objects.create(case_study=case_study, title=title, url=url, date_read=READ_ON, position=position)
    for slug, facts in FACTS.items():
        case_study = CaseStudy.objects.filter(slug=slug).first()
        if case_study is None:
            continue
        position = case_study.facts.count()
        for topic, statement, year, url in facts:
            source = case_study.sources.filter(url=url).first()
            if source is None:  # an administrator has removed or changed the source: cite nothing unsourced
                continue
            Fact.objects.create(
                case_study=case_study,
                topic=topic,
                statement=statement,
                as_at_year=year,
                source=source,
                position=position,
            )
            position += 1
    _change_fields(CaseStudy, 0, 1)


def unapply(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    Source = apps.get_model("casestudies", "Source")
    Fact = apps.get_model("casestudies", "Fact")
    _change_fields(CaseStudy, 1, 0)
    for slug, facts in FACTS.items():
        Fact.objects.filter(case_study__slug=slug, statement__in=[fact[1] for fact in facts]).delete()
    for slug, _title, url in NEW_SOURCES.values():
        Source.objects.filter(case_study__slug=slug, url=url, facts__isnull=True).delete()
    for slug, position in PROJECT_DOCUMENT_POSITIONS.items():
        case_study = CaseStudy.objects.filter(slug=slug).first()
        if case_study is not None and not case_study.sources.filter(title=PROJECT_DOCUMENTS).exists():
            Source.objects.create(case_study=case_study, title=PROJECT_DOCUMENTS, position=position)
    for (slug, title), (new_title, new_url) in SOURCE_PAGES:
        Source.objects.filter(case_study__slug=slug, title=new_title, url=new_url, facts__isnull=True).update(
            title=title, url="", date_read=None
        )


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0017_source_pages_registers_and_your_healthcare")]

    operations = [migrations.RunPython(apply, unapply)]
