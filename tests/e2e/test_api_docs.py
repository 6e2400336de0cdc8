"""The API documentation page works in a real browser under the site's Content-Security-Policy,
loading nothing from outside the site; its "Try it out" reaches the live API; axe finds nothing."""

import pytest
from django.core.management import call_command

from casestudies.models import CaseStudy
from tests.casestudies.factories import CaseStudyFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # The real case studies come from a data migration, which an earlier transactional test may have flushed.
    if not CaseStudy.objects.filter(slug="explore-york").exists():
        CaseStudyFactory(name="Explore York Libraries and Archives", slug="explore-york", summary="Libraries.")


def test_the_documentation_lists_every_operation_and_tries_a_search(
    demo_data, live_server, watched_page, assert_accessible
):
    page = watched_page
    outside = []
    page.on(
        "request", lambda request: outside.append(request.url) if not request.url.startswith(live_server.url) else None
    )
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock-summary")
    paths = [path.replace("\u200b", "") for path in page.locator(".opblock-summary-path").all_inner_texts()]
    assert "/api/v1/case-studies/" in paths and "/api/v1/outcomes/" in paths
    # Every operation of the schema is on the page, once.
    schema = page.request.get(f"{live_server.url}/api/schema/", headers={"Accept": "application/json"}).json()
    operations = [path for path, methods in schema["paths"].items() for method in methods if method == "get"]
    assert sorted(paths) == sorted(operations)
    assert_accessible(page)

    page.locator(".opblock-summary", has_text="Search the case-study library").click()
    page.get_by_role("button", name="Try it out").click()
    page.locator("input[placeholder='q']").fill("library")
    page.get_by_role("button", name="Execute").click()
    body = page.locator(".live-responses-table .highlight-code").first
    body.wait_for()
    assert "Explore York Libraries and Archives" in body.inner_text()
    assert_accessible(page)
    assert outside == [], outside
