"""The OpenAPI schema is valid and complete, and the documentation page needs nothing from outside."""

import re

import yaml
from django.core.management import call_command
from django.urls import reverse


def test_the_schema_generates_and_validates_with_no_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/",
        "/api/v1/case-studies/",
        "/api/v1/case-studies/{slug}/",
        "/api/v1/decisions/",
        "/api/v1/services/",
        "/api/v1/stages/",
        "/api/v1/enumerations/",
        "/api/v1/outcomes/",
        "/api/v1/journeys/",
        "/api/v1/journeys/{id}/",
        "/api/v1/council/eois/",
        "/api/v1/council/eois/{id}/",
    }


def test_every_operation_documents_its_json_errors(client, db):
    schema = client.get(reverse("api-schema"), headers={"accept": "application/json"}).json()
    documented = {path: set(operations["get"]["responses"]) for path, operations in schema["paths"].items()}
    for path, statuses in documented.items():
        assert "429" in statuses, path
        if "{" in path or "Paginated" in str(schema["paths"][path]["get"]["responses"]["200"]):
            assert "404" in statuses, path  # an unknown id, or a page past the last
    for path in ("/api/v1/case-studies/", "/api/v1/decisions/", "/api/v1/services/", "/api/v1/journeys/"):
        assert "400" in documented[path], path
    for path in ("/api/v1/journeys/", "/api/v1/journeys/{id}/", "/api/v1/council/eois/"):
        assert "403" in documented[path], path


def test_the_case_study_search_documents_the_pages_facets(client, db):
    schema = client.get(reverse("api-schema"), headers={"accept": "application/json"}).json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/case-studies/"]["get"]["parameters"]}
    assert parameters == {
        "q",
        "service_area",
        "legal_form",
        "ownership_model",
        "region",
        "decade",
        "kind",
        "sort",
        "page",
        "page_size",
    }


def test_the_documentation_page_loads_only_this_sites_files(client, db):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    assert all(url.startswith("/") and not url.startswith("//") for url in urls), urls
    assert "<script>" not in html and "style=" not in html
