"""A member of the public searches the case-study library, narrows it by a facet and reads a
case study; an adviser publishes a draft. Every page passes axe-core's WCAG 2.2 A/AA rules."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_the_public_finds_explore_york_narrows_by_legal_form_and_reads_it(
    demo_data, live_server, watched_page, assert_accessible
):
    page = watched_page
    page.goto(f"{live_server.url}/")
    page.locator(".govuk-service-navigation").get_by_role("link", name="Case studies").click()
    assert page.locator("h1").inner_text() == "Case studies of public service mutuals"
    assert_accessible(page)

    page.get_by_label("Search case studies").fill("libraries York")
    page.get_by_role("button", name="Search").click()
    assert "q=libraries+York" in page.url
    results = page.locator("ul[aria-labelledby=results-heading] h3")
    assert results.first.inner_text() == "Explore York Libraries and Archives"
    expect(page.locator("main mark").nth(1)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Community benefit society (1)").check()
    page.get_by_role("button", name="Apply filters").click()
    assert "legal_form=CBS" in page.url
    assert "q=libraries+York" in page.url
    expect(page.locator("ul[aria-labelledby=results-heading] h3")).to_have_count(1)
    assert_accessible(page)

    page.get_by_role("link", name="Explore York Libraries and Archives").click()
    assert page.locator("h1").inner_text() == "Explore York Libraries and Archives"
    facts = page.locator(".govuk-summary-list")
    assert "City of York Council" in facts.inner_text()
    assert "Not known" in facts.inner_text()  # turnover is not known
    expect(page.get_by_role("heading", name="Sources", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Related case studies")).to_be_visible()
    assert_accessible(page)


def test_an_empty_search_and_bad_filters_show_help(demo_data, live_server, watched_page, assert_accessible):
    page = watched_page
    page.goto(f"{live_server.url}/case-studies/?q=%3Cscript%3Ezebra&legal_form=MADE_UP&page=40")
    assert "We ignored filters we do not recognise" in page.locator("main").inner_text()
    assert "No case studies match your search" in page.locator("main").inner_text()
    assert page.get_by_label("Search case studies").input_value() == "<script>zebra"
    assert_accessible(page)


def test_an_adviser_publishes_a_draft_from_the_moderation_list(demo_data, live_server, watched_page, assert_accessible):
    page = watched_page
    page.goto(f"{live_server.url}/accounts/login/?next=/accounts/")
    page.get_by_label("Email address").fill("adviser@demo.test")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/accounts/")

    page.locator(".govuk-service-navigation").get_by_role("link", name="Case studies").click()
    assert page.locator("h1").inner_text() == "Moderate case studies"
    assert_accessible(page)

    page.get_by_role("link", name="Northbridge Libraries (demo)").click()
    assert_accessible(page)
    page.get_by_role("link", name="Preview the case study page").click()
    assert "Only advisers and the person who contributed it can see it" in page.locator("main").inner_text()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("button", name="Return to draft").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)

    page.get_by_role("button", name="Publish to the library").click()
    assert "is published" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Edit the case study").click()
    assert page.locator("h1").inner_text() == "Edit Northbridge Libraries (demo)"
    assert_accessible(page)


def test_the_public_uses_the_map_and_its_table_to_reach_a_regions_mutuals(
    demo_data, live_server, watched_page, assert_accessible
):
    page = watched_page
    page.goto(f"{live_server.url}/case-studies/")
    page.get_by_role("link", name="See the mutuals on a map of England's regions").click()
    assert page.locator("h1").inner_text() == "Public service mutuals by region"
    assert_accessible(page)

    hexagon = page.locator("svg.app-hex-map a[aria-label^='North West:']")
    label = hexagon.get_attribute("aria-label")
    count = int(label.split(": ")[1].split(" ")[0])
    row = page.locator("#regions-table tr", has_text="North West")
    assert row.locator("td").inner_text() == str(count)

    hexagon.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/case-studies/?region=north_west&kind=mutual")
    heading = page.locator("#results-heading").inner_text()
    assert heading.startswith(f"{count} case stud")
    assert_accessible(page)


def test_a_case_study_shows_a_citation_next_to_each_fact(demo_data, live_server, watched_page, assert_accessible):
    page = watched_page
    page.goto(f"{live_server.url}/case-studies/central-surrey-health/")
    expect(page.get_by_role("heading", name="Facts and their sources")).to_be_visible()
    page.locator(".govuk-summary-list sup a").first.click()
    assert "#source-" in page.url
    assert "Read on 3 December 2026" in page.locator("main").inner_text()
    assert_accessible(page)
