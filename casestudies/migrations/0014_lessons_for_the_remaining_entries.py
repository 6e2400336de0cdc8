"""Product content (issue #24): lessons for seven of the eight published entries that still had
none, each written from one of the entry's own sources and recorded as a fact citing it. Two
sources recorded only as a site's home page get the address of the page actually read. Your
Healthcare keeps a blank lesson: its only source (a Slideshare deck) has no address we could
read. Sources read on 3 December 2026."""

import datetime

from django.db import migrations

READ_ON = datetime.date(2026, 12, 3)

# slug -> (source title, the home page it was recorded with, the page actually read)
SOURCE_PAGES = {
    "anglian-community-enterprise": (
        "BSSEC: Anglian Community Enterprise",
        "https://bssec.org.uk/",
        "http://bssec.org.uk/anglian-community-enterprise/",
    ),
    "harwich-connexions": (
        "Essex Rural Partnership: Harwich Connexions",
        "https://essexruralpartnership.org.uk/",
        "https://www.essexruralpartnership.org.uk/Action_Groups/Community_Action_Group/Community_Case_Studies.aspx",
    ),
}

# slug -> (lesson, the web address of the entry's source it comes from)
LESSONS = {
    "anglian-community-enterprise": (
        "Expect a large spin-out to be asked whether it is really a social enterprise: when ACE started with "
        "1,082 staff and contracts worth £35m, the sector debated whether such spin-outs strengthen social "
        "enterprise or open the door to privatisation.",
        SOURCE_PAGES["anglian-community-enterprise"][2],
    ),
    "bromley-healthcare": (
        "Reinvesting every profit keeps the social purpose visible while the business grows: Bromley Healthcare "
        "puts all its profits back into services, has given funds to its own charity, and now holds contracts in "
        "Bexley, Greenwich and Lewisham as well as Bromley.",
        "https://www.bromleyhealthcare.org.uk/?p=6742",
    ),
    "harwich-connexions": (
        "Grants can start community projects but may not keep them going: Harwich Connexions turned a £250,000 "
        "Market Towns Initiative grant into 35 projects, yet the Tourist Information Centre it reopened had to "
        "close in 2010 when its funding was cut.",
        SOURCE_PAGES["harwich-connexions"][2],
    ),
    "locala-community-partnerships": (
        "Members can share in how surpluses are used: Locala puts any surplus back into its services or into "
        "local groups, and its employee and community members vote on which community projects its fund "
        "should support.",
        "https://www.locala.org.uk/news-and-events/news-item/article/"
        "community-fund-open-for-applications-deadline-5-march-2018/",
    ),
    "mytime-active": (
        "Ask the community before designing services: Mytime Active asked 2,500 people in Bromley about their "
        "relationship with wellbeing and what stops them changing their habits, and built its wellbeing work "
        "on the answers.",
        "https://cds.bromley.gov.uk/mgAi.aspx?ID=54653",
    ),
    "salford-community-leisure": (
        "Membership makes community ownership real: staff, library and gym members and local residents each "
        "hold one 1p share and can vote at the annual general meeting, and about 1,000 members sit on an online "
        "advisory board consulted on major decisions.",
        "https://salfordcommunityleisure.co.uk/about-us/community/",
    ),
    "spiral-health": (
        "Staff involvement can be what sets a spin-out apart: after visiting the Bispham unit, the chair of the "
        "Mutuals Taskforce called Spiral a pioneer for its ways of involving and engaging staff.",
        "http://www.spiralhealth.org.uk/cabinet-officers-inspired-by-visit-to-new-bispham-rehabilitation-unit-"
        "social-enterprise/",
    ),
}


def apply(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    Source = apps.get_model("casestudies", "Source")
    Fact = apps.get_model("casestudies", "Fact")
    for slug, (title, home_page, page) in SOURCE_PAGES.items():
        Source.objects.filter(case_study__slug=slug, title=title, url=home_page).update(url=page, date_read=READ_ON)
    for slug, (lesson, url) in LESSONS.items():
        case_study = CaseStudy.objects.filter(slug=slug, lessons="").first()
        source = Source.objects.filter(case_study=case_study, url=url).first() if case_study else None
        if source is None:
            continue
        case_study.lessons = lesson
        case_study.save(update_fields=["lessons"])
        Fact.objects.create(
            case_study=case_study,
            topic="lesson",
            statement=lesson,
            as_at_year=None,
            source=source,
            position=case_study.facts.count(),
        )


def unapply(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    Source = apps.get_model("casestudies", "Source")
    Fact = apps.get_model("casestudies", "Fact")
    for slug, (lesson, _url) in LESSONS.items():
        Fact.objects.filter(case_study__slug=slug, topic="lesson", statement=lesson).delete()
        CaseStudy.objects.filter(slug=slug, lessons=lesson).update(lessons="")
    for slug, (title, home_page, page) in SOURCE_PAGES.items():
        Source.objects.filter(case_study__slug=slug, title=title, url=page).update(url=home_page, date_read=None)


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0013_legal_form_cio_ownership_trust")]

    operations = [migrations.RunPython(apply, unapply)]
