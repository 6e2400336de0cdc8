"""Issue #23, point 4: the public readiness self-check. 12 questions mapped to T3-T8, an instant
result with next steps, guidance and case studies, and "send this as an enquiry" pre-filling the form.
Nothing is stored until the enquiry is sent."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from casestudies.models import CaseStudy
from programme import readiness, scoring
from programme.models import Referral
from tests.programme.factories import enquiry_data

pytestmark = pytest.mark.django_db

CHECK = reverse("referrals:readiness")
RESULT = reverse("referrals:readiness_result")
ENQUIRE = reverse("referrals:enquire")


def answers(points=3, **overrides) -> dict[str, int]:
    return {**{q.name: points for q in readiness.QUESTIONS}, **overrides}


def posted(values: dict[str, int], **extra) -> dict:
    return {**{name: str(value) for name, value in values.items()}, **extra}


def test_there_are_12_questions_two_for_each_criterion_t3_to_t8():
    codes = [q.code for q in readiness.QUESTIONS]
    assert len(codes) == 12
    assert {c.code: codes.count(c.code) for c in scoring.CRITERIA} == {f"T{n}": 2 for n in range(3, 9)}
    assert all(len(q.answers) == 4 for q in readiness.QUESTIONS)
    assert set(readiness.NEXT_STEPS) == {c.code for c in scoring.CRITERIA}


def test_a_criterion_takes_the_weaker_of_its_two_answers():
    result = readiness.result(answers(3, sponsor=0))
    points = {row.criterion.code: row.points for row in result.criteria}
    assert points == {"T3": 0, "T4": 3, "T5": 3, "T6": 3, "T7": 3, "T8": 3}
    assert result.score == 80  # T3 (weight 20) lost
    assert result.band == "high"
    assert [row.criterion.code for row in result.steps] == ["T3"]


def test_all_strong_answers_score_100_and_leave_no_next_step():
    result = readiness.result(answers(3))
    assert (result.score, result.band, result.steps) == (100, "high", [])


def test_weak_answers_are_an_early_stage_with_steps_weakest_first():
    result = readiness.result(answers(1, match_funding=0, business_case=2, costs=2))
    assert result.band == "low"
    assert [row.criterion.code for row in result.steps] == ["T8", "T3", "T4", "T5", "T7", "T6"]


def test_untrusted_session_answers_are_refused():
    assert readiness.clean_answers(answers(2)) == answers(2)
    assert readiness.clean_answers(answers(2, sponsor=4)) is None
    assert readiness.clean_answers(answers(2, sponsor="2")) is None
    assert readiness.clean_answers(answers(2, sponsor=True)) is None
    assert readiness.clean_answers({"sponsor": 1}) is None
    assert readiness.clean_answers("nothing") is None


def test_the_check_is_public_and_shows_every_question(client):
    response = client.get(CHECK)
    assert response.status_code == 200
    html = response.content.decode()
    for question in readiness.QUESTIONS:
        assert escape(question.text) in html
    assert 'name="contact_email"' not in html  # no personal data asked


def test_missing_answers_show_an_error_summary_and_keep_the_others(client):
    response = client.post(CHECK, posted(answers(2, sponsor=None) | {"sponsor": ""}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Select an answer to: Has a senior manager agreed to sponsor exploring a mutual?" in html
    assert re.search(r'id="id_costs_3"\s+value="2"\s+checked', html)
    assert readiness.SESSION_KEY not in client.session


def test_an_answer_out_of_range_is_refused(client):
    response = client.post(CHECK, posted(answers(2), costs="7"))
    assert response.status_code == 200
    assert "Select an answer to: Do you know what the service costs to run?" in response.content.decode()


def test_the_result_shows_next_steps_guidance_and_case_studies_and_nothing_is_stored(client):
    study = CaseStudy.objects.create(
        name="Kingsmere Youth Mutual",
        slug="kingsmere-youth",
        summary="A youth service mutual.",
        service_area="youth",
        status=CaseStudy.Status.PUBLISHED,
    )
    CaseStudy.objects.create(name="Draft mutual", slug="draft", summary="Not yet.", service_area="youth")
    response = client.post(CHECK, posted(answers(2, match_funding=0), service_area="youth"))
    assert response.status_code == 302 and response["Location"] == RESULT
    assert not Referral.objects.exists()

    html = client.get(RESULT).content.decode()
    assert "You have made a good start" in html
    assert "Ask your parent body for staff time" in html
    assert reverse("guidance", args=["six-stages"]) in html
    assert study.get_absolute_url() in html and "Draft mutual" not in html
    assert f"{ENQUIRE}?from=readiness" in html


def test_the_result_without_answers_goes_back_to_the_check(client):
    assert client.get(RESULT)["Location"] == CHECK


def test_changing_answers_starts_from_the_ones_given(client):
    client.post(CHECK, posted(answers(1), service_area="youth"))
    html = client.get(CHECK).content.decode()
    assert re.search(r'id="id_costs_2"\s+value="1"\s+checked', html)
    assert re.search(r'value="youth"\s+selected', html)


def test_send_as_an_enquiry_pre_fills_the_form_and_sending_forgets_the_answers(
    client, django_capture_on_commit_callbacks
):
    client.post(CHECK, posted(answers(2, commissioner=1), service_area="youth"))
    form = client.get(f"{ENQUIRE}?from=readiness").context["form"]
    assert form.initial["commissioner_position"] == "aware"
    assert form.initial["service_area"] == "youth"
    assert form.initial["progress"] == "planning"
    assert "From our readiness self-check" in form.initial["help_needed"]
    assert "They know about it but have not said what they think" in form.initial["help_needed"]
    # Only when asked: the plain form is empty.
    assert client.get(ENQUIRE).context["form"].initial == {}

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(ENQUIRE, enquiry_data()).status_code == 302
    assert readiness.SESSION_KEY not in client.session


def test_the_check_is_rate_limited_per_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "readiness": "2/hour"}
    statuses = [client.post(CHECK, posted(answers(1)), REMOTE_ADDR="203.0.113.7").status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert client.get(CHECK, REMOTE_ADDR="203.0.113.7").status_code == 200
