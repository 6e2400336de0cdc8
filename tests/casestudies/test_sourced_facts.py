"""Issue #24: corrections, sourced facts, trading status, registers and the mutuals' count."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casestudies import services
from casestudies.forms import CaseStudyForm
from casestudies.models import CaseStudy, Fact, Source

from .factories import CaseStudyFactory, SourceFactory

READ_ON = datetime.date(2026, 12, 3)
LIST = reverse("casestudies:list")


def _sources(case_study):
    return {source.url: source for source in case_study.sources.all()}


def test_central_surrey_health_lost_a_bid_for_new_work_and_kept_its_own_services(db):
    csh = CaseStudy.objects.get(slug="central-surrey-health")
    assert "retendered" not in csh.outcomes + csh.lessons
    assert "kept its own services" in csh.outcomes
    assert "Assura" in csh.outcomes
    contract_sources = {fact.source.url for fact in csh.facts.filter(topic=Fact.Topic.CONTRACT)}
    assert "https://www.bmj.com/content/344/bmj.e2605" in contract_sources
    assert any("hsj.co.uk" in url for url in contract_sources)
    assert csh.first_contract_route == "transfer"


def test_sunshine_care_is_a_new_co_operative_with_no_parent_body_and_not_counted_as_a_mutual(db):
    sunshine = CaseStudy.objects.get(slug="sunshine-care")
    assert sunshine.parent_body == ""
    assert sunshine.is_public_service_mutual is False
    assert "No public service left the public sector" in sunshine.not_a_mutual_reason
    assert sunshine.first_contract_route == "new_organisation"
    origin = sunshine.facts.filter(topic=Fact.Topic.ORIGIN)
    assert {fact.source.url for fact in origin} >= {
        "https://rochdaleonline.co.uk/news-features/1/business-news/56789/sun-continues-to-shine-for-care-company"
    }


def test_explore_york_says_its_15_year_contract_was_won_by_competitive_tender_in_2018(db):
    explore = CaseStudy.objects.get(slug="explore-york")
    assert "open tender in 2018" in explore.outcomes
    assert "15-year" in explore.outcomes
    assert explore.lessons
    tender = explore.facts.get(source__url__contains="contractsfinder.service.gov.uk")
    assert tender.as_at_year == 2018
    assert "open procedure" in tender.statement


def test_salfords_venue_count_without_a_date_is_gone(db):
    salford = CaseStudy.objects.get(slug="salford-community-leisure")
    assert "60" not in salford.outcomes + salford.body + salford.summary
    assert not salford.facts.filter(statement__contains="60").exists()


def test_closed_mutuals_have_a_trading_status_with_its_source(db):
    spiral = CaseStudy.objects.get(slug="spiral-health")
    assert (spiral.trading_status, spiral.trading_status_year) == ("closed", 2019)
    assert spiral.facts.get(topic=Fact.Topic.STATUS).source.url == "https://en.wikipedia.org/wiki/Spiral_Health_CIC"
    assert CaseStudy.objects.get(slug="epic-cic").trading_status == "closed"
    aspire = CaseStudy.objects.get(slug="aspire-sussex")
    assert aspire.trading_status == "closed"
    assert aspire.trading_status_year is None  # no source we could confirm gives the date


def test_every_added_fact_cites_a_source_with_a_web_address_and_the_date_read(db):
    facts = Fact.objects.select_related("source", "case_study")
    assert facts.count() >= 40
    for fact in facts:
        assert fact.source.case_study_id == fact.case_study_id, fact.statement
        assert fact.source.url.startswith("http"), fact.statement
        assert fact.source.date_read == READ_ON, fact.statement


def test_the_entries_that_are_not_mutuals_are_labelled_with_a_reason(db):
    others = CaseStudy.objects.filter(is_public_service_mutual=False)
    assert set(others.values_list("slug", flat=True)) == {
        "oldham-care-and-support",
        "harwich-connexions",
        "sunshine-care",
        "achieving-for-children",
    }
    assert all(other.not_a_mutual_reason for other in others)


def test_the_kind_facet_counts_mutuals_without_the_entries_that_are_not(client, db):
    response = client.get(LIST)
    kind = next(facet for facet in response.context["facets"] if facet["key"] == "kind")
    counts = {option["value"]: option["count"] for option in kind["options"]}
    published = CaseStudy.objects.published()
    assert counts["mutual"] == published.filter(is_public_service_mutual=True).count()
    assert counts["other"] == 4
    mutuals = client.get(LIST, {"kind": "mutual"})
    assert "sunshine-care" not in [row["case_study"].slug for row in mutuals.context["rows"]]


def test_kind_has_no_not_known_value(client, db):
    response = client.get(LIST, {"kind": "unknown"})
    assert response.status_code == 200
    assert response.context["query"].ignored == ["Type of organisation: unknown"]


def test_the_detail_page_puts_a_citation_next_to_each_fact(client, db):
    response = client.get(reverse("casestudies:detail", args=["spiral-health"]))
    html = response.content.decode()
    sources = list(CaseStudy.objects.get(slug="spiral-health").sources.all())
    wiki = next(number for number, source in enumerate(sources, start=1) if "wikipedia" in source.url)
    assert f'href="#source-{wiki}"' in html
    assert f'id="source-{wiki}"' in html
    assert "Read on 3 December 2026" in html
    assert "Closed (stopped trading) in 2019" in html
    assert "Where are they now" in html
    assert "Community interest company (shares or guarantee not known)" in html


def test_the_detail_page_labels_an_entry_that_is_not_a_mutual(client, db):
    response = client.get(reverse("casestudies:detail", args=["sunshine-care"]))
    assert "Not a public service mutual." in response.content.decode()


def test_registry_numbers_link_to_the_register(client, db):
    case_study = CaseStudyFactory(companies_house_number="01234567", charity_number="1234567")
    links = case_study.registry_links()
    assert links[0]["url"] == "https://find-and-update.company-information.service.gov.uk/company/01234567"
    assert links[1]["url"] == "https://register-of-charities.charitycommission.gov.uk/"
    response = client.get(case_study.get_absolute_url())
    assert 'href="https://find-and-update.company-information.service.gov.uk/company/01234567"' in (
        response.content.decode()
    )


def test_a_company_number_must_have_eight_characters(db):
    case_study = CaseStudyFactory.build(companies_house_number="123")
    with pytest.raises(ValidationError) as error:
        case_study.full_clean(exclude=["slug"])
    assert "companies_house_number" in error.value.message_dict


def test_a_fact_must_cite_a_source_of_its_own_case_study(db):
    case_study, other = CaseStudyFactory(), CaseStudyFactory()
    fact = Fact(case_study=case_study, topic="staff", statement="12 staff.", source=SourceFactory(case_study=other))
    with pytest.raises(ValidationError):
        fact.full_clean()


def test_editing_the_sources_keeps_the_ones_facts_cite_and_their_date_read(db):
    explore = CaseStudy.objects.get(slug="explore-york")
    cited = [(s.title, s.url) for s in explore.sources.filter(facts__isnull=False).distinct()]
    services.case_study_update(case_study=explore, fields={}, sources=[*cited, ("A new source", "")])
    explore.refresh_from_db()
    assert explore.facts.count() == 10
    assert explore.sources.filter(date_read=READ_ON).count() == len(cited)
    assert explore.sources.filter(title="A new source").exists()


def test_the_form_refuses_to_drop_a_source_a_fact_cites(db):
    explore = CaseStudy.objects.get(slug="explore-york")
    form = CaseStudyForm(
        instance=explore,
        data={
            "name": explore.name,
            "summary": explore.summary,
            "service_area": explore.service_area,
            "sources_text": "",
        },
    )
    assert not form.is_valid()
    assert "Keep the sources that published facts cite" in form.errors["sources_text"][0]


def test_a_case_study_with_facts_can_still_be_deleted(db):
    CaseStudy.objects.get(slug="explore-york").delete()
    assert not Source.objects.filter(case_study__slug="explore-york").exists()


def test_administrators_see_the_facts_and_only_this_case_studys_sources_in_the_admin(world, client_for):
    explore = CaseStudy.objects.get(slug="explore-york")
    response = client_for(world.user("admin")).get(reverse("admin:casestudies_casestudy_change", args=[explore.pk]))
    assert response.status_code == 200
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.model is Fact)
    choices = set(formset.formset.forms[0].fields["source"].queryset)
    assert choices == set(explore.sources.all())
    assert "straight fight with another bidder" in response.content.decode()


def test_the_csv_export_says_whether_each_entry_is_a_mutual_and_still_trades(client, db):
    response = client.get(reverse("casestudies:export_csv"), {"q": "Spiral"})
    text = b"".join(response.streaming_content).decode()
    assert "Trading status" in text.splitlines()[0]
    assert "Closed (stopped trading)" in text


def test_corrected_figures_say_the_year_they_describe(client, db):
    csh = CaseStudy.objects.get(slug="central-surrey-health")
    assert (csh.staff_count, csh.staff_count_year) == (770, 2011)
    aspire = CaseStudy.objects.get(slug="aspire-sussex")
    assert aspire.annual_turnover_year == 2021
    html = client.get(csh.get_absolute_url()).content.decode()
    assert "770 (as at 2011)" in html


def test_a_value_that_is_not_known_has_no_citation_next_to_it(client, db):
    html = client.get(reverse("casestudies:detail", args=["sunshine-care"])).content.decode()
    row = html.split("Year spun out</dt>", 1)[1].split("</dd>", 1)[0]
    assert "Not known" in row
    assert "#source-" not in row


def test_the_library_has_at_least_30_entries_across_the_service_areas(db):
    published = CaseStudy.objects.published()
    assert published.count() >= 30
    areas = set(published.values_list("service_area", flat=True))
    assert {"community_health", "adult_social_care", "libraries", "leisure", "youth", "children", "housing"} <= areas


def test_every_entry_added_for_issue_24_cites_at_least_two_sources(db):
    for slug in [
        "libraries-unlimited",
        "rochdale-boroughwide-housing",
        "gll-greenwich-leisure",
        "mycsp",
        "care-plus-group",
    ]:
        case_study = CaseStudy.objects.get(slug=slug)
        assert case_study.sources.filter(date_read=READ_ON).count() >= 2, slug


def test_each_lesson_added_from_a_source_is_cited_to_it(db):
    lessons = Fact.objects.filter(topic=Fact.Topic.LESSON).select_related("case_study", "source")
    assert lessons.count() >= 8
    for fact in lessons:
        assert fact.source.date_read == READ_ON
    gll = CaseStudy.objects.get(slug="gll-greenwich-leisure")
    assert gll.facts.get(topic=Fact.Topic.LESSON).statement == gll.lessons
    with_lessons = CaseStudy.objects.published().exclude(lessons="").count()
    assert with_lessons >= 22


def test_only_your_healthcare_is_left_without_a_lesson_and_each_new_lesson_cites_the_page_read(db):
    # Your Healthcare's only source has no web address to read a lesson from (migration 0013).
    assert list(CaseStudy.objects.published().filter(lessons="").values_list("slug", flat=True)) == ["your-healthcare"]
    for slug in ("anglian-community-enterprise", "harwich-connexions", "spiral-health", "mytime-active"):
        case_study = CaseStudy.objects.get(slug=slug)
        lesson = case_study.facts.get(topic=Fact.Topic.LESSON)
        assert lesson.statement == case_study.lessons
        assert urlsplit(lesson.source.url).path.strip("/"), slug  # a page, not a site's home page
        assert lesson.source.date_read == READ_ON


def _form_data(case_study, **changes):
    data = {
        "name": case_study.name,
        "summary": case_study.summary,
        "service_area": case_study.service_area,
        "sources_text": "\n".join(f"{s.title} | {s.url}" if s.url else s.title for s in case_study.sources.all()),
    }
    data.update(changes)
    return data


def test_an_adviser_records_status_registers_and_that_an_entry_is_not_a_mutual(world, client_for):
    spiral = CaseStudy.objects.get(slug="spiral-health")
    facts_before = spiral.facts.count()
    client = client_for(world.user("adviser"))
    response = client.post(
        reverse("casestudies:edit", args=[spiral.slug]),
        _form_data(
            spiral,
            trading_status="dissolved",
            trading_status_year="2020",
            companies_house_number=" ab123456 ",
            not_a_mutual="on",
            not_a_mutual_reason="Test reason.",
            where_now="Dissolved.",
        ),
    )
    assert response.status_code == 302
    spiral.refresh_from_db()
    assert (spiral.trading_status, spiral.trading_status_year) == ("dissolved", 2020)
    assert spiral.companies_house_number == "AB123456"
    assert spiral.is_public_service_mutual is False
    assert spiral.facts.count() == facts_before > 0  # the facts and their sources are kept


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"not_a_mutual": "on"}, "not_a_mutual_reason", "Say why it is not a public service mutual"),
        ({"trading_status_year": "2019"}, "trading_status", "Select a trading status for the year you entered"),
        ({"trading_status": "closed", "trading_status_year": "1066"}, "trading_status_year", "between 1990"),
        ({"companies_house_number": "123"}, "companies_house_number", "Enter the 8-character company number"),
        ({"charity_number": "12"}, "charity_number", "Enter the registered charity number"),
        ({"staff_count_year": "soon"}, "staff_count_year", "Year of the number of staff must be a year"),
    ],
)
def test_bad_status_and_register_input_is_refused_with_a_clear_message(world, client_for, changes, field, message):
    spiral = CaseStudy.objects.get(slug="spiral-health")
    before = CaseStudy.objects.values().get(pk=spiral.pk)
    response = client_for(world.user("adviser")).post(
        reverse("casestudies:edit", args=[spiral.slug]), _form_data(spiral, **changes)
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert "govuk-error-summary" in response.content.decode()
    assert CaseStudy.objects.values().get(pk=spiral.pk) == before


def test_only_a_registry_number_a_source_shows_is_recorded_and_it_is_cited(client, db):
    gll = CaseStudy.objects.get(slug="gll-greenwich-leisure")
    gll.full_clean()
    assert gll.fca_society_number == "27793R"
    cited = gll.facts.get(statement__contains="IP27793R")
    assert cited.source.url and cited.source.date_read == READ_ON
    assert "27793R" in client.get(gll.get_absolute_url()).content.decode()
    others = CaseStudy.objects.exclude(pk=gll.pk)
    assert not others.exclude(companies_house_number="", fca_society_number="", charity_number="").exists()
