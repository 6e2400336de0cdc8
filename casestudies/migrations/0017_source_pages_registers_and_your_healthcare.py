"""Product content (issue #24): the web addresses of sources recorded without one, registry numbers
only where a stored public page shows them, Your Healthcare's lesson from its own sources, and what
the sources say (and do not say) about MyTime Active's staff. Sources read on 4 December 2026.

- A source recorded without an address, or with a site's home page, gets the address of the page a
  search showed, when that page is the document the title names. Where the title names two
  documents, the one already cited with its address elsewhere in the entry is dropped from it.
  Where no page was found the source keeps its title alone (the page shows no link); a home page
  that is not the document named is removed rather than kept as a broken promise.
- A source that only repeats, without an address or with a home page, a document the same entry
  already cites with its address and date read, and that no fact cites, is dropped: the entry
  keeps the dated copy.
- Registry numbers: GLL's FCA society number (already recorded) is confirmed by a second copy of its
  accounts; MyTime Active's company and charity numbers and Libraries Unlimited's charity number
  are added from pages that print them. No other number was found on a stored page, so the others
  stay "not known".
"""

import datetime

from django.db import migrations

READ_ON = datetime.date(2026, 12, 4)

# (slug, title recorded, address recorded) -> (title, address of the page read; "" when none was found)
SOURCE_PAGES = [
    (
        "aspire-sussex",
        ("Louise Goldsmith blog, 2012: Aspire Sussex", ""),
        (
            "Louise Goldsmith blog, 19 September 2012: How Aspire aspired to a new future",
            "http://louisegoldsmith.blogspot.com/2012/09/how-aspire-aspired-to-new-future.html",
        ),
    ),
    (
        "oldham-care-and-support",
        ("Bdaily, 2013: Oldham Care and Support", ""),
        (
            "Bdaily, 2 October 2013: Oldham care now provided by two new companies",
            "https://bdaily.co.uk/articles/2013/10/02/oldham-care-now-provided-by-two-new-companies",
        ),
    ),
    (
        "your-healthcare",
        ("Slideshare: Your Healthcare", ""),
        (
            "Department of Health on Slideshare: Your healthcare – A social enterprise perspective",
            "http://www.slideshare.net/departmentofhealth/trans-prov-social-enterprise-view-brenda-hobson",
        ),
    ),
    (
        "central-surrey-health",
        ("Wikipedia: Central Surrey Health; The Sunday Times, 2012", ""),
        (
            "The Sunday Times, 18 March 2012: What the nurses ordered",
            "http://www.thesundaytimes.co.uk/sto/public/Appointments/article995432.ece",
        ),
    ),
    (
        "central-surrey-health",
        ("CSH Surrey: our history", "https://cshsurrey.co.uk/"),
        ("CSH Surrey: Our history", "https://cshsurrey.co.uk/about-us/about-csh-surrey/our-history"),
    ),
    (
        "central-surrey-health",
        ("CSH Surrey: news about Pathfinder mentors", "https://cshsurrey.co.uk/"),
        (
            "CSH Surrey news, September 2010: Central Surrey Health to mentor the Government's mutual Pathfinders",
            "https://cshsurrey.co.uk/news-room/news/csh-announced-mutuals-mentor",
        ),
    ),
    (
        "bromley-healthcare",
        ("Care Quality Commission: Bromley Healthcare; Civil Society: Serco", ""),
        (
            "Civil Society: Serco seeks help from social enterprise to run healthcare contract",
            "https://www.civilsociety.co.uk/news/serco-seeks-help-from-social-enterprise-to-run-healthcare-contract.html",
        ),
    ),
    # No page found: the part of the title the entry already cites is dropped; the home page of
    # another site is not the document named.
    (
        "epic-cic",
        ("Epic CIC: wind-down notice; Ian Chisnall blog", "https://epiccic.org.uk/"),
        ("Ian Chisnall blog: Epic CIC", ""),
    ),
    (
        "sunshine-care",
        ("Rochdale Online, 2011, and Co-operative News: Sunshine Care", "https://thenews.coop/"),
        ("Co-operative News: Sunshine Care", ""),
    ),
]

# (slug, title, address recorded, position, the address of the dated source that already cites the
# same document in that entry)
REPEATED_SOURCES = [
    (
        "explore-york",
        "Explore York Libraries and Archives",
        "https://exploreyork.org.uk/",
        0,
        "https://www.exploreyork.org.uk/explore-york-libraries-archives/",
    ),
    (
        "explore-york",
        "Explore York Archives",
        "https://archives.exploreyork.org.uk/",
        1,
        "https://archives.exploreyork.org.uk/index.php/explore-york-libraries-and-archives-mutual-ltd;isaar",
    ),
    (
        "explore-york",
        "City of York Council annual report 2022-23",
        "",
        2,
        "https://democracy.york.gov.uk/documents/s170523/Annex%20A_Explore%20Annual%20Report%202022-23.html",
    ),
    (
        "explore-york",
        "GOV.UK: Explore York case study",
        "",
        3,
        "https://www.gov.uk/government/case-studies/explore-york-libraries-and-archives",
    ),
    (
        "salford-community-leisure",
        "GM Active: Salford Community Leisure",
        "https://gmactive.co.uk/",
        1,
        "https://www.gmactive.co.uk/about/salford-leisure/",
    ),
    (
        "city-health-care-partnership",
        "Co-operative News: City Health Care Partnership",
        "https://thenews.coop/",
        1,
        "https://www.thenews.coop/119910/sector/community/providing-key-healthcare-services-employee-owned-city-health-care-partnership/",
    ),
    (
        "city-health-care-partnership",
        "Health Estate Journal: City Health Care Partnership",
        "",
        2,
        "https://healthestatejournal.com/story/6908/pathfinder-social-enterprise-transaction-shifts-focus",
    ),
    (
        "city-health-care-partnership",
        "Employee Ownership Association: City Health Care Partnership",
        "https://employeeownership.co.uk/",
        3,
        "https://employeeownership.co.uk/Site/content/All-About-EO/Case-Studies/city-healthcarepartnership.aspx",
    ),
    (
        "leading-lives",
        "workers.coop: Leading Lives",
        "https://workers.coop/",
        0,
        "https://www.workers.coop/resource/case-study-leading-lives/",
    ),
    (
        "leading-lives",
        "East Anglian Daily Times: Leading Lives",
        "https://eadt.co.uk/",
        1,
        "https://www.eadt.co.uk/news/business/leading-lives-co-operative-commended-as-a-model-of-employee-2171220",
    ),
    (
        "sirona-care-and-health",
        "Care Appointments: Sirona care and health",
        "",
        0,
        "https://careappointments.com/care-news/england/84795/new-body-to-run-bath-community-health-and-social-services-agreed",
    ),
    (
        "sirona-care-and-health",
        "Care Quality Commission: Sirona care and health",
        "",
        1,
        "https://www.cqc.org.uk/provider/1-290660061/inspection-summary",
    ),
    (
        "bromley-healthcare",
        "Bromley Healthcare: annual accounts",
        "https://bromleyhealthcare.org.uk/",
        0,
        "https://www.bromleyhealthcare.org.uk/?p=6742",
    ),
    (
        "inclusion-healthcare",
        "Third Sector: Inclusion Healthcare",
        "https://thirdsector.co.uk/",
        0,
        "https://www.thirdsector.co.uk/case-study-inclusion-healthcare/finance/article/1110480",
    ),
    (
        "inclusion-healthcare",
        "Third Sector: Inclusion Healthcare",
        "",
        1,
        "https://www.thirdsector.co.uk/case-study-inclusion-healthcare/finance/article/1110480",
    ),
    (
        "inclusion-healthcare",
        "Care Quality Commission: Inclusion Healthcare",
        "",
        2,
        "https://www.cqc.org.uk/location/1-572021031/inspection-summary",
    ),
    ("spiral-health", "Wikipedia: Spiral Health", "", 0, "https://en.wikipedia.org/wiki/Spiral_Health_CIC"),
    (
        "mytime-active",
        "London Borough of Bromley committee minutes: MyTime Active",
        "https://cds.bromley.gov.uk/",
        0,
        "https://cds.bromley.gov.uk/mgAi.aspx?ID=54653",
    ),
    (
        "epic-cic",
        "Children and Young People Now, 2016: youth mutuals",
        "",
        0,
        "https://www.cypnow.co.uk/other/article/first-youth-mutuals-prosper-by-extending-reach-and-expertise",
    ),
    (
        "sunshine-care",
        "Rochdale Online, 2013: Sunshine Care",
        "",
        0,
        "https://rochdaleonline.co.uk/news-features/2/news-headlines/81621/mp-praises-local-pioneers-in-cooperatives-debate",
    ),
    (
        "aspire-sussex",
        "Civil Society and FE Week: Aspire Sussex",
        "",
        1,
        "https://www.civilsociety.co.uk/news/charity-closes-after-a-decade-due-to-crippling-economic-climate.html",
    ),
]

# New sources: key -> (title, address)
NEW_SOURCES = {
    "YH_TRANSCRIPT": (
        "Your healthcare – A social enterprise perspective (transcript of the slides, copy on fdocuments.in)",
        "https://fdocuments.in/document/your-healthcare-a-social-enterprise-perspective.html",
    ),
    "YH_SEUK": (
        "Social Enterprise UK blog: A day on the Rapid Response Team (Your Healthcare)",
        "https://www.socialenterprise.org.uk/blogs/a-day-on-the-rapid-response-team/",
    ),
    "YH_CQC": (
        "Care Quality Commission: Your Healthcare Community Interest Company, inspection summary (updated 4 December "
        "2023)",
        "https://www.cqc.org.uk/provider/1-328569033/inspection-summary",
    ),
    "MYTIME_ACCOUNTS": (
        "Mytime Active: Report of the Trustees and financial statements for the year ended 31 March 2021 (copy on "
        "OpenCharities)",
        "https://opencharities.uk/ew/1102460/files/2021-03-31-accounts.md",
    ),
    "MYTIME_2014": (
        "London Borough of Bromley, committee minutes: Mytime Active Annual Report 2013/14",
        "https://cds.bromley.gov.uk/mgAi.aspx?ID=31464",
    ),
    "MYTIME_STRATEGY": (
        "Mytime Active: Our Strategic Direction",
        "http://mytimetrustee.co.uk/about-mytime-active/our-strategic-direction",
    ),
    "LU_STATEMENT": (
        "Libraries Unlimited, 9 December 2020: A statement from Libraries Unlimited",
        "https://www.librariesunlimited.org.uk/news/a-statement-from-libraries-unlimited-09-dec-20/",
    ),
    "GLL_2014": (
        "Greenwich Leisure Limited: Report of the Committee of Management and summary financial statements for the "
        "year ended 31 December 2014 (copy on pdfslide.us)",
        "https://pdfslide.us/documents/greenwich-leisure-limited-report-of-the-leisure-limited-society-members.html",
    ),
}

YH_SLIDES = "http://www.slideshare.net/departmentofhealth/trans-prov-social-enterprise-view-brenda-hobson"

YH_LESSON = (
    "Bring staff representatives in from the start, and expect it to take time. Your Healthcare's own account calls "
    "working with staff representatives and trade unions a fundamental plank of its process and of its success: "
    "managers and staff wrote the service specifications, staff helped choose the organisation's name, and leaders "
    "and the staff side worked out its mutual form and constitution together in workshops. It took from January "
    "2008 to August 2010, including 16 months in shadow form after its five-year contract was awarded."
)

# slug -> facts: (topic, statement, as-at year or None, the address of the source it cites)
FACTS = {
    "your-healthcare": [
        (
            "origin",
            "The successor organisation to NHS Kingston's Provider Services, and a first-wave Department of Health "
            "'Right to Request' social enterprise.",
            2010,
            YH_SLIDES,
        ),
        (
            "contract",
            "A five-year contract was awarded in March 2009; it ran in shadow form from April 2009 to July 2010 and "
            "Your Healthcare was established in August 2010.",
            2010,
            NEW_SOURCES["YH_TRANSCRIPT"][1],
        ),
        ("origin", "Spun out of the NHS in August 2010.", 2010, NEW_SOURCES["YH_SEUK"][1]),
        (
            "ownership",
            "Set up to benefit its owners, who are the people its services are for and its staff; it was to be "
            "governed by elected members of staff and of the community it serves.",
            2010,
            YH_SLIDES,
        ),
        ("staff", "About 550 staff.", None, YH_SLIDES),
        ("turnover", "A £25m business.", None, YH_SLIDES),
        (
            "staff",
            "Staff transferred under TUPE, keeping Agenda for Change terms and NHS pensions.",
            2010,
            NEW_SOURCES["YH_TRANSCRIPT"][1],
        ),
        (
            "status",
            "Rated Good overall; a not-for-profit social enterprise delivering health and social care community "
            "services for residents in Kingston and Richmond.",
            2023,
            NEW_SOURCES["YH_CQC"][1],
        ),
        ("lesson", YH_LESSON, None, NEW_SOURCES["YH_TRANSCRIPT"][1]),
    ],
    "mytime-active": [
        (
            "legal_form",
            "A charitable company: registered company number 04809606 (England and Wales), registered charity number "
            "1102460.",
            2021,
            NEW_SOURCES["MYTIME_ACCOUNTS"][1],
        ),
        (
            "ownership",
            "Its profits are not distributed to shareholders but carried forward for reinvestment.",
            2014,
            NEW_SOURCES["MYTIME_2014"][1],
        ),
        (
            "staff",
            "In writing the strategy its board commissioned in December 2014, the directors involved the trustees, "
            "the senior management group and the wider group of general managers and heads of department.",
            None,
            NEW_SOURCES["MYTIME_STRATEGY"][1],
        ),
    ],
    "libraries-unlimited": [
        (
            "legal_form",
            "A registered charity (number 1170092) responsible for running Devon and Torbay Libraries.",
            2020,
            NEW_SOURCES["LU_STATEMENT"][1],
        ),
    ],
    "gll-greenwich-leisure": [
        (
            "legal_form",
            "Its report for 2014 gives its registered number as IP27793R (England and Wales).",
            2014,
            NEW_SOURCES["GLL_2014"][1],
        ),
    ],
    "central-surrey-health": [
        (
            "origin",
            "After three months in shadow form within the primary care trust, Central Surrey Health was formally "
            "established on 1 October 2006.",
            2006,
            "https://cshsurrey.co.uk/about-us/about-csh-surrey/our-history",
        ),
        (
            "outcome",
            "Selected by the Cabinet Office to mentor staff of the Government's twelve mutual Pathfinder projects.",
            2010,
            "https://cshsurrey.co.uk/news-room/news/csh-announced-mutuals-mentor",
        ),
        (
            "ownership",
            "Owned by the 750 or so nurses and therapists it employs; it runs four community hospitals and provides "
            "services at a fifth.",
            2012,
            "http://www.thesundaytimes.co.uk/sto/public/Appointments/article995432.ece",
        ),
    ],
    "bromley-healthcare": [
        (
            "contract",
            "Described as a £45m-a-year community interest company when it agreed to support Serco in running "
            "Suffolk Community Healthcare.",
            None,
            "https://www.civilsociety.co.uk/news/serco-seeks-help-from-social-enterprise-to-run-healthcare-contract.html",
        ),
    ],
    "aspire-sussex": [
        (
            "origin",
            "Launched in September 2012 as a staff-run social enterprise delivering adult and community learning "
            "across West Sussex on behalf of the County Council.",
            2012,
            "http://louisegoldsmith.blogspot.com/2012/09/how-aspire-aspired-to-new-future.html",
        ),
    ],
    "oldham-care-and-support": [
        (
            "ownership",
            "Oldham Council set up two companies to deliver its adult social care, Oldham Care and Support and Oldham "
            "Care and Support at Home, both owned entirely by the council.",
            2013,
            "https://bdaily.co.uk/articles/2013/10/02/oldham-care-now-provided-by-two-new-companies",
        ),
    ],
}

# slug -> new sources to add, in order
SOURCES_ADDED = {
    "your-healthcare": ["YH_TRANSCRIPT", "YH_SEUK", "YH_CQC"],
    "mytime-active": ["MYTIME_ACCOUNTS", "MYTIME_2014", "MYTIME_STRATEGY"],
    "libraries-unlimited": ["LU_STATEMENT"],
    "gll-greenwich-leisure": ["GLL_2014"],
}

YH_BODY = (
    "Your Healthcare took over NHS Kingston's community health services (its provider services) in August 2010, one "
    "of the first wave of NHS 'Right to Request' social enterprises. Its staff transferred with their NHS terms and "
    "pensions.\n\n"
    "It was set up for the benefit of its owners, the people who use its services and its staff, and to be governed "
    "by elected members of both. It serves people registered with a Kingston GP and people in Richmond with a "
    "learning disability. At the start it was a business of about 25 million pounds a year with about 550 staff."
)

MYTIME_BODY_BEFORE = (
    "MyTime Active took over leisure services from the London Borough of Bromley in 2004. It is a registered charity "
    "and social enterprise, and now also runs golf and wellbeing services. It had 850 staff in 2018."
)
MYTIME_BODY = (
    MYTIME_BODY_BEFORE + "\n\nIts profits are not distributed to shareholders but reinvested. Our sources do not say "
    "whether its staff are members of the charity or have seats on its board, so its ownership model is shown as not "
    "known. What they do say is that its general managers and heads of department were involved in writing the "
    "strategy its board commissioned in December 2014."
)

# slug -> field -> (value before, value after); a field is changed only if it still has the value before
FIELDS = {
    "your-healthcare": {
        "summary": (
            "Community health services in Kingston upon Thames, provided since 2010 by a community interest company "
            "whose members are staff and service users.",
            "Community health services in Kingston upon Thames, provided since August 2010 by a social enterprise set "
            "up to be owned and governed by its staff and the people who use its services.",
        ),
        "body": (
            "Your Healthcare CIC left NHS Kingston in 2010. It is a community interest company whose members include "
            "both staff and people who use its services. It has about 550 staff.",
            YH_BODY,
        ),
        "lessons": ("", YH_LESSON),
        "first_contract_route": ("", "transfer"),
        "trading_status": ("", "trading"),
        "trading_status_year": (None, 2023),
        "where_now": (
            "",
            "In December 2023 the Care Quality Commission rated Your Healthcare Good overall and described it as a "
            "not-for-profit social enterprise delivering community health and social care services in Kingston and "
            "Richmond.",
        ),
    },
    "mytime-active": {
        "body": (MYTIME_BODY_BEFORE, MYTIME_BODY),
        "companies_house_number": ("", "04809606"),
        "charity_number": ("", "1102460"),
    },
    "libraries-unlimited": {
        "legal_form": ("", "CHARITY"),
        "charity_number": ("", "1170092"),
        "trading_status": ("", "trading"),
        "trading_status_year": (None, 2020),
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


def apply(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    Source = apps.get_model("casestudies", "Source")
    Fact = apps.get_model("casestudies", "Fact")
    for slug, (title, url), (new_title, new_url) in SOURCE_PAGES:
        Source.objects.filter(case_study__slug=slug, title=title, url=url, facts__isnull=True).update(
            title=new_title, url=new_url, date_read=READ_ON if new_url else None
        )
    for slug, title, url, _position, kept_url in REPEATED_SOURCES:
        if Source.objects.filter(case_study__slug=slug, url=kept_url).exclude(date_read=None).exists():
            Source.objects.filter(case_study__slug=slug, title=title, url=url, facts__isnull=True).delete()
    for slug, keys in SOURCES_ADDED.items():
        case_study = CaseStudy.objects.filter(slug=slug).first()
        if case_study is None:
            continue
        start = (case_study.sources.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        for offset, key in enumerate(keys):
            title, url = NEW_SOURCES[key]
            Source.objects.create(
                case_study=case_study, title=title, url=url, date_read=READ_ON, position=start + offset
            )
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
    for slug, keys in SOURCES_ADDED.items():
        Source.objects.filter(case_study__slug=slug, url__in=[NEW_SOURCES[key][1] for key in keys]).delete()
    for slug, title, url, position, _kept_url in REPEATED_SOURCES:
        case_study = CaseStudy.objects.filter(slug=slug).first()
        if case_study is not None and not case_study.sources.filter(title=title, url=url).exists():
            Source.objects.create(case_study=case_study, title=title, url=url, position=position)
    for slug, (title, url), (new_title, new_url) in SOURCE_PAGES:
        Source.objects.filter(case_study__slug=slug, title=new_title, url=new_url, facts__isnull=True).update(
            title=title, url=url, date_read=None
        )


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0016_draft_retention")]

    operations = [migrations.RunPython(apply, unapply)]
