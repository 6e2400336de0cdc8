"""The business plan's narrative sections: edit pages, check-your-answers page, task notes, history."""

import pytest
from django.urls import reverse

from journeys import narrative, services
from journeys.models import JourneyEvent, PlanNarrative, Task
from journeys.narrative_read import narrative_for


def _edit(journey, slug):
    return reverse("journeys:narrative_edit", args=[journey.pk, slug])


def _section(journey, key):
    return next(s for s in narrative_for(journey) if s["key"] == key)


def test_every_section_has_a_page_that_saves_its_words_with_history(client, journey, member):
    client.force_login(member)
    for spec in narrative.SPECS:
        page = client.get(_edit(journey, spec.slug))
        assert page.status_code == 200, spec.slug
        assert spec.guidance[0][:40] in page.content.decode()
        for part in spec.parts:  # each answer's word-count hint
            assert f"Aim for about {part.words} words." in page.content.decode(), (spec.slug, part.name)
        data = {"version": "0", **{part.name: f"{part.label} for {spec.slug}: three more words" for part in spec.parts}}
        response = client.post(_edit(journey, spec.slug), data)
        assert response.status_code == 302, (spec.slug, response.context and response.context["form"].errors)
    rows = PlanNarrative.objects.filter(journey=journey)
    assert rows.count() == len(narrative.SPECS)
    vision = rows.get(section="vision")
    assert vision.answers["vision"] == "Vision for vision: three more words"
    assert vision.version == 1 and vision.updated_by == member
    assert vision.history.get().history_user == member
    assert JourneyEvent.objects.filter(
        journey=journey, summary="Updated the business plan: Vision and case for change"
    ).exists()
    summary = client.get(reverse("journeys:narrative", args=[journey.pk])).content.decode()
    assert "10 of 10 sections started" in summary
    assert "Case for change for vision: three more words" in summary
    assert "8 words (about 400 suggested)" in summary
    for spec in narrative.SPECS:  # every section on the check-your-answers page
        assert f'id="{spec.slug}"' in summary and spec.title in summary, spec.slug


def test_a_second_editor_cannot_silently_overwrite_the_first(client, journey, member, lead):
    services.narrative_save(journey=journey, section="vision", answers={"vision": "First"}, by=lead, version=0)
    client.force_login(member)
    response = client.post(_edit(journey, "vision"), {"version": "0", "vision": "Second"})
    assert response.status_code == 409
    assert "Someone else saved this section" in response.content.decode()
    assert PlanNarrative.objects.get(journey=journey, section="vision").answers["vision"] == "First"
    # The page now carries the current version: saving again is deliberate and works.
    assert response.context["form"]["version"].value() == 1
    assert client.post(_edit(journey, "vision"), {"version": "1", "vision": "Second"}).status_code == 302
    assert PlanNarrative.objects.get(journey=journey, section="vision").answers["vision"] == "Second"


def test_words_are_counted_and_only_a_pasted_document_is_refused(client, journey, member):
    client.force_login(member)
    long = " ".join(["word"] * (narrative.MAX_WORDS + 1))
    response = client.post(_edit(journey, "equality"), {"version": "0", "equality": long})
    assert response.status_code == 200
    assert "Equality impact must be 1,500 words or fewer (it has 1,501)" in response.content.decode()
    assert not PlanNarrative.objects.filter(journey=journey).exists()
    within = " ".join(["word"] * 700)  # far over the suggested 300: a hint, not a limit
    assert client.post(_edit(journey, "equality"), {"version": "0", "equality": within}).status_code == 302
    assert _section(journey, "equality")["parts"][0]["words"] == 700


def test_the_options_appraisal_is_named_then_scored_and_keeps_scores_by_name(client, journey, member):
    client.force_login(member)
    url = _edit(journey, "options")
    names = {"criterion_1": "Cost", "criterion_2": "Quality", "option_1": "Stay in-house", "option_2": "Mutual"}
    response = client.post(url, {"version": "0", **names})
    assert response.status_code == 302 and response.url == url  # now score them
    page = client.get(url).content.decode()
    assert "Scores for Mutual (0 to 5)" in page
    scores = {"score_1_1": "2", "score_1_2": "3", "score_2_1": "4", "score_2_2": "5", "preferred": "2"}
    response = client.post(url, {"version": "1", **names, **scores, "why": "Best value"})
    assert response.status_code == 302
    table = _section(journey, "options")["options"]
    assert table["criteria"] == ["Cost", "Quality"]
    assert [(r["name"], r["scores"], r["total"]) for r in table["rows"]] == [
        ("Stay in-house", ["2", "3"], 5),
        ("Mutual", ["4", "5"], 9),
    ]
    assert table["preferred"] == "Mutual" and table["out_of"] == 10
    # Removing the first criterion keeps the scores given against the second.
    response = client.post(
        url, {"version": "2", **names, **scores, "criterion_1": "", "criterion_2": "Quality", "why": "Best value"}
    )
    table = _section(journey, "options")["options"]
    assert table["criteria"] == ["Quality"]
    assert [r["scores"] for r in table["rows"]] == [["3"], ["5"]]


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ({"score_1_1": "6"}, "Enter a score for A against Cost from 0 to 5"),
        ({"score_1_1": "x"}, "Enter a score for A against Cost as a whole number from 0 to 5"),
        ({"preferred": "2", "option_2": ""}, "The preferred option has no name"),
    ],
)
def test_the_options_appraisal_refuses_bad_scores(client, journey, member, lead, extra, error):
    answers = {"criteria": ["Cost"], "options": [{"name": "A", "scores": [None]}, {"name": "B", "scores": [None]}]}
    services.narrative_save(journey=journey, section="options", answers=answers, by=lead, version=0)
    client.force_login(member)
    data = {"version": "1", "criterion_1": "Cost", "option_1": "A", "option_2": "B", **extra}
    response = client.post(_edit(journey, "options"), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert PlanNarrative.objects.get(journey=journey, section="options").version == 1


def test_stakeholders_and_milestones(client, journey, member):
    client.force_login(member)
    response = client.post(
        _edit(journey, "stakeholders"),
        {"version": "0", "commissioner_position": "supports", "commissioner_notes": "Said yes in May"},
    )
    assert response.status_code == 302
    people = _section(journey, "stakeholders")["stakeholders"]
    assert people[0] == {"who": "The commissioner", "position": "Supports", "notes": "Said yes in May"}
    assert people[2]["position"] == "Not known"
    dates = {
        "milestone_1": "Go-live",
        "milestone_date_1_0": "1",
        "milestone_date_1_1": "4",
        "milestone_date_1_2": "2028",
        "milestone_2": "Cabinet decision",
        "milestone_date_2_0": "14",
        "milestone_date_2_1": "1",
        "milestone_date_2_2": "2028",
    }
    assert client.post(_edit(journey, "timetable"), {"version": "0", **dates}).status_code == 302
    assert _section(journey, "timetable")["milestones"] == [
        {"name": "Cabinet decision", "date": "14 January 2028"},
        {"name": "Go-live", "date": "1 April 2028"},
    ]
    response = client.post(_edit(journey, "timetable"), {"version": "1", "milestone_3": "Board appointed"})
    assert "Enter the date of milestone 3" in response.content.decode()


def test_task_notes_marked_for_the_plan_are_quoted_in_their_section(client, journey, member):
    task = Task.objects.filter(journey=journey).first()
    client.force_login(member)
    response = client.post(
        reverse("journeys:task", args=[journey.pk, task.pk]),
        {
            "status": "in_progress",
            "notes": "Staff told us the waiting list doubled",
            "plan_section": "vision",
            "version": task.version,
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.plan_section == "vision"
    assert _section(journey, "vision")["notes"] == [
        {"task": task.definition.title, "notes": "Staff told us the waiting list doubled", "words": 7}
    ]
    page = client.get(_edit(journey, "vision")).content.decode()
    assert "Staff told us the waiting list doubled" in page and task.definition.title in page
    # Unmarked, the notes leave the plan.
    client.post(
        reverse("journeys:task", args=[journey.pk, task.pk]),
        {"status": "in_progress", "notes": "Staff told us", "plan_section": "", "version": task.version},
    )
    assert _section(journey, "vision")["notes"] == []


def test_readers_see_the_summary_but_not_the_change_links(client, journey, adviser, member):
    journey.in_support_programme = True
    journey.save()
    services.narrative_save(journey=journey, section="ask", answers={"ask": "A contract"}, by=member, version=0)
    client.force_login(adviser)
    page = client.get(reverse("journeys:narrative", args=[journey.pk])).content.decode()
    assert "A contract" in page
    assert _edit(journey, "ask") not in page
    assert client.post(_edit(journey, "ask"), {"version": "1", "ask": "Mine"}).status_code == 403


def test_the_narrative_downloads_as_a_word_document(client, journey, member, officer):
    import io

    from docx import Document

    from journeys.demo_narrative import DEMO_NARRATIVE, fill_narrative

    fill_narrative(journey, member)
    client.force_login(member)
    response = client.get(reverse("journeys:narrative_docx", args=[journey.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert 'filename="business-plan-narrative-libraries-group-' in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [spec.title for spec in narrative.SPECS]
    text = "\n".join(p.text for p in document.paragraphs)
    assert DEMO_NARRATIVE["vision"]["vision"] in text
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert numbered[0].startswith("Agree that the community therapy service transfers") and len(numbered) == 4
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["Staff-led mutual (preferred)", "5", "4", "5", "4", "3", "21"] in cells
    assert ["20 January 2027", "Cabinet decision"] in cells
    assert document.core_properties.title == "Business plan narrative: Libraries group"
    # The officer may read the journey only when it is shared.
    client.force_login(officer)
    assert client.get(reverse("journeys:narrative_docx", args=[journey.pk])).status_code == 404
