"""Database set-up for search, demo data and the shared enumerations."""

import io

import pytest
from django.db import connection

from casestudies import demo
from casestudies.models import CaseStudy
from mutuals_portal.lib.choices import LegalForm, OwnershipModel

from .factories import CaseStudyFactory


@pytest.mark.needs_postgres
def test_postgres_has_a_gin_index_on_the_search_vector(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'casestudies_casestudy' AND indexdef ILIKE '%gin%'"
        )
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("search_vector" in definition for definition in definitions)


@pytest.mark.needs_postgres
def test_postgres_weights_the_name_above_the_summary_and_story(db):
    case_study = CaseStudyFactory(name="Orchard", summary="Pears", body="Plums", outcomes="Cherries")
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM casestudies_casestudy WHERE id = %s", [case_study.pk])
        vector = cursor.fetchone()[0]
    assert "'orchard':1A" in vector
    assert "'pear':2B" in vector
    assert "'plum':3C" in vector or "'plum':3" in vector
    assert "'cherri':4" in vector


def test_the_search_vector_is_filled_only_where_postgres_can_use_it(db):
    case_study = CaseStudyFactory(name="Orchard")
    case_study.refresh_from_db()
    if connection.vendor == "postgresql":
        assert "orchard" in case_study.search_vector
    else:
        assert case_study.search_vector is None


def test_demo_data_can_be_seeded_twice_without_duplicates(world):
    users = {"lead@demo.test": world.user("staff")}
    demo.seed(bodies={}, users=users, stdout=io.StringIO())
    demo.seed(bodies={}, users=users, stdout=io.StringIO())
    draft = CaseStudy.objects.get(slug=demo.DEMO_SLUG)
    assert draft.status == CaseStudy.Status.IN_REVIEW
    assert draft.status_changes.count() == 1
    assert draft.facts.get().source == draft.sources.get()


def test_every_legal_form_and_ownership_model_has_plain_english_help():
    assert set(LegalForm.help_texts()) == set(LegalForm)
    assert set(OwnershipModel.help_texts()) == set(OwnershipModel)
    assert all(text.endswith(".") for text in LegalForm.help_texts().values())


def test_the_admin_lists_and_opens_case_studies_with_status_read_only(world, client_for):
    client = client_for(world.user("admin"))
    assert client.get("/admin/casestudies/casestudy/").status_code == 200
    response = client.get(f"/admin/casestudies/casestudy/{world.objects['cs_published'].pk}/change/")
    assert response.status_code == 200
    assert 'name="status"' not in response.content.decode()
    assert client.get("/admin/casestudies/casestudy/add/").status_code == 200
