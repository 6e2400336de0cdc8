"""Product content (issue #24): lessons written from the sources already cited for seven more
entries, each lesson also recorded as a fact citing its source; and Explore York's own account of
its 2018 tender. Sources read on 3 December 2026."""

import datetime

from django.db import migrations

READ_ON = datetime.date(2026, 12, 3)

# slug -> (lesson, the web address of the entry's source it comes from)
LESSONS = {
    "city-health-care-partnership": (
        "Co-ownership needs tending after the spin-out: in August 2013 CHCP relaunched its staff shareholder "
        "scheme as 'It's everybody's business' to remind staff that the company is theirs, and the share of staff "
        "who are shareholders rose.",
        "https://employeeownership.co.uk/Site/content/All-About-EO/Case-Studies/city-healthcarepartnership.aspx",
    ),
    "knowsley-youth-mutual": (
        "Build it with the people it serves: the mutual was developed in consultation with staff and young "
        "people, who its shadow board said would remain the key influencers on how it grows.",
        "https://www.cypnow.co.uk/content/news/second-youth-service-mutual-gets-go-ahead",
    ),
    "east-coast-community-healthcare": (
        "Staff ownership can be built into governance without paying dividends: two staff directors nominated by "
        "colleagues sit on the board and a shareholder council represents staff, while surpluses are reinvested.",
        "https://www.ecch.org/news/posts/ecch-is-finalist-for-national-award/",
    ),
    "gll-greenwich-leisure": (
        "When a council can afford neither to keep a service nor wants to privatise it, a co-operative society can "
        "join public service values to the freedom to grow: GLL was designed on co-operative principles for "
        "exactly that choice.",
        "https://bccm.coop/about-co-ops-mutuals/case-studies/greenwich-leisure-limited/",
    ),
    "achieving-for-children": (
        "The councils chose a company they own rather than a shared service for the freedom to do things "
        "differently, bring in outside expertise and trade, while keeping accountability through council ownership.",
        "https://www.communitycare.co.uk/2015/12/11/entrepreneurial-approach-can-create-true-champions-children/",
    ),
    "chiltern-rangers": (
        "A small spin-out can choose a legal form that keeps its founders in control while it grows: as a community "
        "interest company limited by guarantee its two founders kept a high level of control, with an interim "
        "board, and it pledged half of any operating profit to local charities.",
        "https://www.sharedassets.org.uk/resources/case-study-chiltern-rangers-cic",
    ),
    "independence-matters": (
        "Test staff support openly: when the council said staff backed the move, the union UNISON said that was "
        "not what its members told it.",
        "https://www.edp24.co.uk/news/local-council/controversy-over-new-norfolk-care-shake-up-idea-539068",
    ),
}

EXPLORE_SOURCE = (
    "Explore York Libraries and Archives: About Explore",
    "https://www.exploreyork.org.uk/explore-york-libraries-archives/",
)


def apply(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    Source = apps.get_model("casestudies", "Source")
    Fact = apps.get_model("casestudies", "Fact")
    for slug, (lesson, url) in LESSONS.items():
        case_study = CaseStudy.objects.filter(slug=slug).first()
        source = Source.objects.filter(case_study=case_study, url=url).first() if case_study else None
        if source is None:
            continue
        case_study.lessons = lesson
        case_study.save()
        Fact.objects.create(
            case_study=case_study,
            topic="lesson",
            statement=lesson,
            as_at_year=None,
            source=source,
            position=case_study.facts.count(),
        )
    explore = CaseStudy.objects.filter(slug="explore-york").first()
    if explore is not None:
        title, url = EXPLORE_SOURCE
        source = Source.objects.create(
            case_study=explore, title=title, url=url, date_read=READ_ON, position=explore.sources.count()
        )
        Fact.objects.create(
            case_study=explore,
            topic="contract",
            statement="The initial contract ran from May 2014 to 31 March 2019; after a competitive tendering "
            "process in 2018 Explore was the successful bidder for a new fifteen-year contract from April 2019 to "
            "March 2034.",
            as_at_year=2018,
            source=source,
            position=explore.facts.count(),
        )


def unapply(apps, schema_editor):
    Fact = apps.get_model("casestudies", "Fact")
    Source = apps.get_model("casestudies", "Source")
    Fact.objects.filter(case_study__slug__in=LESSONS, topic="lesson").delete()
    Fact.objects.filter(case_study__slug="explore-york", source__url=EXPLORE_SOURCE[1]).delete()
    Source.objects.filter(case_study__slug="explore-york", url=EXPLORE_SOURCE[1]).delete()


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0011_more_mutuals")]

    operations = [migrations.RunPython(apply, unapply)]
