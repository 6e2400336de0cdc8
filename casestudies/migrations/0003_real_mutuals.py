"""Product content: case studies of real public service mutuals, present in every install.

Written in our own words from the facts gathered in the project's domain reference
(DOMAIN.md sections 3 and 4). A fact the sources do not confirm is left empty, and the
site shows it as "Not known". Each case study lists the sources its facts come from.
"""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

SOURCES = {
    "S22": ("GOV.UK: Start a public service mutual: the process", ""),
    "S24": ("The Guardian, 6 December 2011, and civilsociety.co.uk: Mutuals Support Programme launch", ""),
    "S25": ("Mutuals Information Service tender notice", ""),
    "S27": ("GOV.UK: Mutuals Support Programme: 2 years on", ""),
    "S28": ("CSH Surrey: news about Pathfinder mentors", "https://cshsurrey.co.uk/"),
    "S31": ("Health Service Journal: Right to Request, one year on", ""),
    "S32": ("Third Sector: Inclusion Healthcare", ""),
    "S36": ("workers.coop: Leading Lives", "https://workers.coop/"),
    "S37": ("GOV.UK: Explore York case study", ""),
    "S38": ("Employee Ownership Association: City Health Care Partnership", "https://employeeownership.co.uk/"),
    "S39": ("The Guardian, 2013: five lessons from public service mutuals", ""),
    "S42": ("CSH Surrey: our history", "https://cshsurrey.co.uk/"),
    "S43": ("Third Sector: Inclusion Healthcare", "https://thirdsector.co.uk/"),
    "S44": ("Rochdale Online, 2013: Sunshine Care", ""),
    "S47": ("Explore York Libraries and Archives", "https://exploreyork.org.uk/"),
    "S48": ("Explore York Archives", "https://archives.exploreyork.org.uk/"),
    "S49": ("City of York Council annual report 2022-23", ""),
    "S50": ("Bdaily, 2013: Oldham Care and Support", ""),
    "S51": ("Oldham Chronicle, 2013: Oldham Care and Support", ""),
    "S52": ("Salford Community Leisure business plan, 2003 (copy on studylib)", ""),
    "S53": ("GM Active: Salford Community Leisure", "https://gmactive.co.uk/"),
    "S54": ("Essex Rural Partnership: Harwich Connexions", "https://essexruralpartnership.org.uk/"),
    "S55": ("Rochdale Online, 2011, and Co-operative News: Sunshine Care", "https://thenews.coop/"),
    "S56": ("Wikipedia: Central Surrey Health; The Sunday Times, 2012", ""),
    "S57": ("Louise Goldsmith blog, 2012: Aspire Sussex", ""),
    "S58": ("Civil Society and FE Week: Aspire Sussex", ""),
    "S59": ("Co-operative News: City Health Care Partnership", "https://thenews.coop/"),
    "S60": ("Health Estate Journal: City Health Care Partnership", ""),
    "S61": ("Slideshare: Your Healthcare", ""),
    "S62": ("BSSEC: Anglian Community Enterprise", "https://bssec.org.uk/"),
    "S63": ("Wikipedia: Spiral Health", ""),
    "S64": ("Spiral Health", "https://spiralhealth.org.uk/"),
    "S65": ("London Borough of Bromley committee minutes: MyTime Active", "https://cds.bromley.gov.uk/"),
    "S66": ("MyTime Active", "https://mytimeactive.co.uk/"),
    "S67": ("Care Quality Commission: Inclusion Healthcare", ""),
    "S68": ("East Anglian Daily Times: Leading Lives", "https://eadt.co.uk/"),
    "S69": ("Children and Young People Now, 2016: youth mutuals", ""),
    "S70": ("Epic CIC: wind-down notice; Ian Chisnall blog", "https://epiccic.org.uk/"),
    "S71": ("Bromley Healthcare: annual accounts", "https://bromleyhealthcare.org.uk/"),
    "S72": ("Care Quality Commission: Bromley Healthcare; Civil Society: Serco", ""),
    "S73": ("Care Appointments: Sirona care and health", ""),
    "S74": ("Care Quality Commission: Sirona care and health", ""),
    "PROJECT": ("Mutuals Portal project source documents (2011-2013)", ""),
}

CASE_STUDIES = [
    {
        "name": "Explore York Libraries and Archives",
        "slug": "explore-york",
        "summary": "York's public libraries and archives, run since 2014 by a charitable community benefit "
        "society owned by its staff and the local community.",
        "body": "City of York Council's library and archive service left the council on 1 May 2014 to become "
        "Explore York Libraries and Archives Mutual. It was set up as a community benefit society, formerly "
        "called an industrial and provident society, and HMRC recognises it as charitable.\n\n"
        "Ownership is shared: about a third of the members are staff and two thirds come from the community. "
        "About 90 people moved across at the start, and the organisation later described itself as employing "
        "more than 100.\n\n"
        "The mutual had help from the Cabinet Office's Mutuals Support Programme, and Heritage Lottery Fund "
        "money, on its way out of the council.",
        "service_area": "libraries",
        "region": "yorkshire",
        "parent_body": "City of York Council",
        "legal_form": "CBS",
        "ownership_model": "MULTI_STAKEHOLDER",
        "year_spun_out": 2014,
        "staff_count": 90,
        "annual_turnover": None,
        "outcomes": "The council first gave Explore a five-year contract, followed by a fifteen-year contract "
        "running from 2019 to 2034. In 2022-23 the service cost 3.8 million pounds and had about 725,000 visits.",
        "lessons": "",
        "sources": ["S47", "S48", "S49", "S37", "PROJECT"],
    },
    {
        "name": "Salford Community Leisure",
        "slug": "salford-community-leisure",
        "summary": "Leisure centres, libraries and cultural venues in Salford, run since 2003 by a charitable "
        "community benefit society that staff, users and the community can join.",
        "body": "Salford City Council moved its leisure, library and culture services into Salford Community "
        "Leisure on 1 October 2003. It is a community benefit society with charitable status.\n\n"
        "It is owned by its employees, its users and the local community, and staff can become members. "
        "It employs more than 500 people.",
        "service_area": "leisure",
        "region": "north_west",
        "parent_body": "Salford City Council",
        "legal_form": "CBS",
        "ownership_model": "MULTI_STAKEHOLDER",
        "year_spun_out": 2003,
        "staff_count": 500,
        "annual_turnover": None,
        "outcomes": "It runs more than 60 venues, including leisure centres, libraries and community buildings.",
        "lessons": "",
        "sources": ["S52", "S53", "PROJECT"],
    },
    {
        "name": "Central Surrey Health",
        "slug": "central-surrey-health",
        "summary": "The first NHS spin-out: community nurses and therapists in Surrey who left their primary care "
        "trust in 2006 to form a not-for-profit company co-owned by its staff.",
        "body": "Central Surrey Health (CSH Surrey) was set up on 1 October 2006 by community nursing and therapy "
        "staff of East Elmbridge and Mid Surrey Primary Care Trust. It was the first NHS spin-out.\n\n"
        "It is a not-for-profit company limited by shares. Its staff co-own it and it pays no dividends. "
        "It employed about 650 to 750 people. Before going live it ran for three months in shadow form, and it "
        "later mentored other Pathfinder mutuals.",
        "service_area": "community_health",
        "region": "south_east",
        "parent_body": "East Elmbridge and Mid Surrey Primary Care Trust",
        "legal_form": "CLS",
        "ownership_model": "EMPLOYEE_OWNED",
        "year_spun_out": 2006,
        "staff_count": 650,
        "annual_turnover": None,
        "outcomes": "Its first contract was worth about 20 million pounds a year. It set up a community fund. "
        "It lost the contract when it was retendered in 2011.",
        "lessons": "Contracts can be lost as well as won: CSH lost its first contract when it was retendered "
        "in 2011.",
        "sources": ["S42", "S56", "S28", "PROJECT"],
    },
    {
        "name": "City Health Care Partnership",
        "slug": "city-health-care-partnership",
        "summary": "Community health services in Hull, provided since 2010 by a community interest company wholly "
        "co-owned by its staff through 1 pound shares.",
        "body": "City Health Care Partnership CIC left NHS Hull in 2010. It was the first organisation to go live "
        "under the NHS Right to Request.\n\n"
        "It is a community interest company limited by shares. It is 100% co-owned by its staff, each holding "
        "a 1 pound share. It has employed between about 1,900 and 2,500 people.",
        "service_area": "community_health",
        "region": "yorkshire",
        "parent_body": "NHS Hull",
        "legal_form": "CIC_CLS",
        "ownership_model": "EMPLOYEE_OWNED",
        "year_spun_out": 2010,
        "staff_count": 1900,
        "annual_turnover": None,
        "outcomes": "It provides more than 75 services.",
        "lessons": "",
        "sources": ["S31", "S59", "S60", "S38"],
    },
    {
        "name": "Leading Lives",
        "slug": "leading-lives",
        "summary": "Support for people with learning disabilities in Suffolk, provided since 2012 by a co-operative "
        "wholly owned by its employees.",
        "body": "Suffolk County Council's learning-disability support services became Leading Lives in July 2012. "
        "It is a co-operative society and is 100% employee-owned: about 90% of eligible staff are members.\n\n"
        "It started with about 300 staff and later grew to more than 500.",
        "service_area": "adult_social_care",
        "region": "east",
        "parent_body": "Suffolk County Council",
        "legal_form": "COOP_SOC",
        "ownership_model": "EMPLOYEE_OWNED",
        "year_spun_out": 2012,
        "staff_count": 300,
        "annual_turnover": Decimal("10000000.00"),
        "outcomes": "It has a turnover of about 10 million pounds and supports about 1,200 people. Sickness "
        "absence fell by 58%.",
        "lessons": "",
        "sources": ["S36", "S68"],
    },
    {
        "name": "Sirona care and health",
        "slug": "sirona-care-and-health",
        "summary": "Community health and adult social care in Bath and North East Somerset, run since 2011 by a "
        "community interest company with no shareholders, where staff influence decisions.",
        "body": "Sirona care and health CIC took over community health and adult social care services from Bath "
        "and North East Somerset Council and NHS Bath and North East Somerset on 1 October 2011.\n\n"
        "It is a community interest company limited by guarantee, so it has no shareholders. Staff influence "
        "how it is run, and its board includes the council, the NHS, staff and patients. It had about 1,700 "
        "staff at launch.",
        "service_area": "community_health",
        "region": "south_west",
        "parent_body": "Bath and North East Somerset Council and NHS Bath and North East Somerset",
        "legal_form": "CIC_CLG",
        "ownership_model": "STAFF_INFLUENCE_NO_SHARES",
        "year_spun_out": 2011,
        "staff_count": 1700,
        "annual_turnover": None,
        "outcomes": "It ran about 50 million pounds of services. In 2020 it began providing services across "
        "Bristol, North Somerset and South Gloucestershire.",
        "lessons": "",
        "sources": ["S73", "S74"],
    },
    {
        "name": "Bromley Healthcare",
        "slug": "bromley-healthcare",
        "summary": "Community health services in the London Borough of Bromley, provided since 2011 by an "
        "employee-owned community interest company.",
        "body": "Bromley Healthcare CIC left Bromley Primary Care Trust on 1 April 2011. It is a community "
        "interest company and employee-owned: more than 75% of its staff are shareholders.\n\n"
        "It employs more than 1,000 people.",
        "service_area": "community_health",
        "region": "london",
        "parent_body": "Bromley Primary Care Trust",
        "legal_form": "",
        "ownership_model": "EMPLOYEE_OWNED",
        "year_spun_out": 2011,
        "staff_count": 1000,
        "annual_turnover": Decimal("45000000.00"),
        "outcomes": "Its income is about 45 million pounds a year.",
        "lessons": "",
        "sources": ["S71", "S72"],
    },
    {
        "name": "Your Healthcare",
        "slug": "your-healthcare",
        "summary": "Community health services in Kingston upon Thames, provided since 2010 by a community interest "
        "company whose members are staff and service users.",
        "body": "Your Healthcare CIC left NHS Kingston in 2010. It is a community interest company whose members "
        "include both staff and people who use its services. It has about 550 staff.",
        "service_area": "community_health",
        "region": "london",
        "parent_body": "NHS Kingston",
        "legal_form": "",
        "ownership_model": "MULTI_STAKEHOLDER",
        "year_spun_out": 2010,
        "staff_count": 550,
        "annual_turnover": Decimal("25000000.00"),
        "outcomes": "It became a business worth about 25 million pounds.",
        "lessons": "",
        "sources": ["S61"],
    },
    {
        "name": "Anglian Community Enterprise",
        "slug": "anglian-community-enterprise",
        "summary": "Community health services in north Essex, provided by a community interest company that left "
        "North Essex Primary Care Trust.",
        "body": "Anglian Community Enterprise CIC took over community health services from North Essex Primary Care "
        "Trust. Sources place the move in early 2011 but we have not confirmed the date. It is a community "
        "interest company with 1,082 staff.",
        "service_area": "community_health",
        "region": "east",
        "parent_body": "North Essex Primary Care Trust",
        "legal_form": "",
        "ownership_model": "",
        "year_spun_out": None,
        "staff_count": 1082,
        "annual_turnover": None,
        "outcomes": "It holds about 35 million pounds of contracts for 40 services.",
        "lessons": "",
        "sources": ["S62"],
    },
    {
        "name": "Inclusion Healthcare",
        "slug": "inclusion-healthcare",
        "summary": "Primary care for people who are homeless in Leicester, provided by a small staff-led community "
        "interest company that the whole team backed.",
        "body": "Inclusion Healthcare CIC provides primary care for homeless people. It came out of Leicester "
        "Primary Care Trust: the process began in 2009, and sources suggest it went live around 2011.\n\n"
        "It is a staff-led community interest company. The whole team, 12 people, supported the move and "
        "transferred. It was one of the Pathfinder mutuals.",
        "service_area": "primary_care",
        "region": "east_midlands",
        "parent_body": "Leicester Primary Care Trust",
        "legal_form": "",
        "ownership_model": "",
        "year_spun_out": None,
        "staff_count": 12,
        "annual_turnover": None,
        "outcomes": "The Care Quality Commission rated it Outstanding in 2014.",
        "lessons": "",
        "sources": ["S43", "S32", "S67"],
    },
    {
        "name": "Spiral Health",
        "slug": "spiral-health",
        "summary": "Intermediate care and rehabilitation beds in Blackpool, run by a staff co-owned community interest "
        "company from 2012 until it closed in 2019.",
        "body": "Spiral Health CIC was set up by staff of Blackpool Teaching Hospitals NHS Foundation Trust to run "
        "intermediate care and rehabilitation. Most sources give 1 April 2012 as its start (one 2011 press item "
        "says April 2011).\n\n"
        "It was a community interest company co-owned by its 121 staff and ran 40 beds. It closed on "
        "31 January 2019.",
        "service_area": "community_health",
        "region": "north_west",
        "parent_body": "Blackpool Teaching Hospitals NHS Foundation Trust",
        "legal_form": "",
        "ownership_model": "EMPLOYEE_OWNED",
        "year_spun_out": 2012,
        "staff_count": 121,
        "annual_turnover": None,
        "outcomes": "It ran 40 intermediate care beds. It closed on 31 January 2019.",
        "lessons": "",
        "sources": ["S63", "S64"],
    },
    {
        "name": "MyTime Active",
        "slug": "mytime-active",
        "summary": "Leisure, golf and wellbeing services that left the London Borough of Bromley in 2004 and are "
        "run by a registered charity and social enterprise.",
        "body": "MyTime Active took over leisure services from the London Borough of Bromley in 2004. It is a "
        "registered charity and social enterprise, and now also runs golf and wellbeing services. It had "
        "850 staff in 2018.",
        "service_area": "leisure",
        "region": "london",
        "parent_body": "London Borough of Bromley",
        "legal_form": "CHARITY",
        "ownership_model": "",
        "year_spun_out": 2004,
        "staff_count": 850,
        "annual_turnover": Decimal("32600000.00"),
        "outcomes": "Its revenue was 32.6 million pounds in 2015-16.",
        "lessons": "",
        "sources": ["S65", "S66"],
    },
    {
        "name": "Epic CIC",
        "slug": "epic-cic",
        "summary": "Youth services in Kensington and Chelsea, run by an employee-led community interest company from "
        "2014 until it was wound up in 2020.",
        "body": "Epic CIC took over youth services from the Royal Borough of Kensington and Chelsea in 2014. It was "
        "an employee-led community interest company. It was wound up in 2020.",
        "service_area": "youth",
        "region": "london",
        "parent_body": "Royal Borough of Kensington and Chelsea",
        "legal_form": "",
        "ownership_model": "",
        "year_spun_out": 2014,
        "staff_count": None,
        "annual_turnover": None,
        "outcomes": "It won a five-year contract worth 21 million pounds and saved about 400,000 pounds in its "
        "first year.",
        "lessons": "",
        "sources": ["S69", "S70"],
    },
    {
        "name": "Sunshine Care",
        "slug": "sunshine-care",
        "summary": "Home care in Rochdale from an employee-owned co-operative in which staff get a vote after six "
        "months.",
        "body": "Sunshine Care is an employee-owned co-operative providing home care in Rochdale. Sources differ on "
        "whether it started in 2009 or 2010. It was in the second wave of Pathfinder mutuals.\n\n"
        "Staff get a vote after six months. It had 34 staff in 2013.",
        "service_area": "adult_social_care",
        "region": "north_west",
        "parent_body": "Rochdale Council",
        "legal_form": "",
        "ownership_model": "EMPLOYEE_OWNED",
        "year_spun_out": None,
        "staff_count": 34,
        "annual_turnover": None,
        "outcomes": "It provides about 600 hours of care a week.",
        "lessons": "",
        "sources": ["S44", "S55", "PROJECT"],
    },
    {
        "name": "Aspire Sussex",
        "slug": "aspire-sussex",
        "summary": "Adult and community learning in West Sussex, provided from 2012 by a staff-led social "
        "enterprise that later became a charity.",
        "body": "West Sussex County Council's adult and community learning service became Aspire Sussex in "
        "September 2012. It started as a staff-led social enterprise and later became a charity. It had 215 "
        "staff in 2021.\n\n"
        "Reports say it went into administration around late 2022; we have not confirmed the date.",
        "service_area": "learning",
        "region": "south_east",
        "parent_body": "West Sussex County Council",
        "legal_form": "CHARITY",
        "ownership_model": "",
        "year_spun_out": 2012,
        "staff_count": 215,
        "annual_turnover": Decimal("3800000.00"),
        "outcomes": "It had an income of 3.8 million pounds in 2020-21 and more than 30,000 learners. It grew, "
        "and absenteeism fell.",
        "lessons": "",
        "sources": ["S57", "S58", "PROJECT"],
    },
    {
        "name": "Oldham Care and Support",
        "slug": "oldham-care-and-support",
        "summary": "An arm's-length adult social care provider owned by Oldham Council, now MioCare. It is a "
        "council-owned company, not a staff mutual.",
        "body": "Oldham Council set up Oldham Care and Support in 2013 as a council-owned company to provide adult "
        "social care at arm's length. It is now known as MioCare.\n\n"
        "It is included here because it received 46,000 pounds from the Mutuals Support Programme in 2013 to "
        "plan a staff mutual, but it remains owned by the council.",
        "service_area": "adult_social_care",
        "region": "north_west",
        "parent_body": "Oldham Council",
        "legal_form": "LATC",
        "ownership_model": "COUNCIL_OWNED",
        "year_spun_out": 2013,
        "staff_count": None,
        "annual_turnover": None,
        "outcomes": "",
        "lessons": "Its lessons were about growth, finance models, market testing and business planning.",
        "sources": ["S50", "S51", "PROJECT"],
    },
    {
        "name": "Harwich Connexions",
        "slug": "harwich-connexions",
        "summary": "A community-led co-operative in Harwich, Essex, running community transport and regeneration "
        "projects. It did not spin out of the public sector.",
        "body": "Harwich Connexions was set up in 2001 in Harwich, in the Tendring district of Essex, and started a "
        "community transport co-operative in 2003. Older documents describe it as owned by its employees, users "
        "and the community; our research found it to be community-led rather than a public-sector spin-out.",
        "service_area": "transport",
        "region": "east",
        "parent_body": "",
        "legal_form": "",
        "ownership_model": "",
        "year_spun_out": None,
        "staff_count": None,
        "annual_turnover": None,
        "outcomes": "Its community transport carried about 30,000 passengers in 2011.",
        "lessons": "",
        "sources": ["S54", "PROJECT"],
    },
]


def load(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    Source = apps.get_model("casestudies", "Source")
    now = timezone.now()
    for spec in CASE_STUDIES:
        spec = dict(spec)
        source_keys = spec.pop("sources")
        case_study, _ = CaseStudy.objects.update_or_create(
            slug=spec["slug"], defaults={**spec, "status": "published", "published_at": now}
        )
        case_study.sources.all().delete()
        for position, key in enumerate(source_keys):
            title, url = SOURCES[key]
            Source.objects.create(case_study=case_study, title=title, url=url, position=position)


def unload(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    CaseStudy.objects.filter(slug__in=[spec["slug"] for spec in CASE_STUDIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0002_search_vector_trigger")]

    operations = [migrations.RunPython(load, unload)]
