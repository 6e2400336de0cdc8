"""The pack is a tagged PDF/UA-1 document: structure, language, title, bookmarks, alt text, artefacts."""

import pikepdf
import pytest

from packs.services import render_pack_pdf
from tests.pdf_ua import ancestors, check_tagged, outline_titles, page_furniture_is_artifact, structure, tag

from .factories import full_journey
from .pdf_tools import page_texts

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            journey = full_journey(risks=30, years=5)
            pdf = render_pack_pdf(journey, version=2)
            transaction.set_rollback(True)
    return pdf


def test_the_pack_is_tagged_with_language_title_and_artefacts(rendered):
    pdf = check_tagged(rendered.content, title="Business plan: Riverside Community Therapies (version 2)")
    tags = [tag(e) for e in structure(pdf)]
    assert tags.count("H1") == 1 and "H2" in tags and "Table" in tags and "TH" in tags
    # The running header and footer are artefacts, and still printed.
    assert page_furniture_is_artifact(pdf, 3)
    assert "Page 3 of" in page_texts(rendered.content)[2]


def test_bookmarks_follow_the_headings_in_page_order(rendered):
    titles = outline_titles(
        check_tagged(rendered.content, title="Business plan: Riverside Community Therapies (version 2)")
    )
    sections = ["Contents", "Executive summary", "The service today", "Financial model", "Risk register"]
    positions = [titles.index(title) for title in sections]
    assert positions == sorted(positions)


def test_every_chart_has_alt_text_and_a_table_in_its_section(rendered):
    pdf = check_tagged(rendered.content, title="Business plan: Riverside Community Therapies (version 2)")
    elements = structure(pdf)
    figures = [e for e in elements if tag(e) == "Figure"]
    assert len(figures) >= 5  # ballots, board, risks and the model's charts
    for figure in figures:
        section = next(a for a in ancestors(figure) if tag(a) == "Sect")
        inside = [e for e in elements if any(a.objgen == section.objgen for a in ancestors(e))]
        assert any(tag(e) == "Table" for e in inside), str(figure.Alt)


def test_no_structure_element_is_left_outside_the_tree(rendered):
    # The margin boxes' text is an artefact; the elements WeasyPrint made for it are not left in the file.
    pdf = check_tagged(rendered.content, title="Business plan: Riverside Community Therapies (version 2)")
    reachable = {e.objgen for e in structure(pdf)}
    loose = [
        o
        for o in pdf.objects
        if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem" and o.objgen not in reachable
    ]
    assert not loose
    assert len(reachable) > 100
