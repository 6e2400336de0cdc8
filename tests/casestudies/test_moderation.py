"""Contributors send drafts for review; advisers edit, publish or return them; every change is logged."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from casestudies import services
from casestudies.models import CaseStudy, StatusChange
from notifications.models import Notification

from .factories import CaseStudyFactory, SourceFactory


@pytest.fixture
def in_review(world):
    return CaseStudyFactory(
        name="Riverside Care", status=CaseStudy.Status.IN_REVIEW, contributed_by=world.user("staff")
    )


def test_the_moderation_list_shows_drafts_and_case_studies_in_review(world, client_for, in_review):
    draft = CaseStudyFactory(name="Early Draft", status=CaseStudy.Status.DRAFT)
    response = client_for(world.user("adviser")).get(reverse("casestudies:moderation"))
    assert set(response.context["in_review"]) == {in_review, world.objects["cs_in_review"]}
    assert draft in response.context["drafts"]
    assert not any(cs.is_published for cs in response.context["drafts"])


def test_a_staff_member_cannot_open_moderation(world, client_for):
    assert client_for(world.user("staff")).get(reverse("casestudies:moderation")).status_code == 403


def test_an_adviser_publishes_a_case_study_and_the_change_is_logged(
    world, client_for, in_review, django_capture_on_commit_callbacks
):
    adviser = world.user("adviser")
    # The email is queued only once the transaction commits (not run here: no broker needed).
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(adviser).post(
            reverse("casestudies:publish", args=[in_review.slug]), {"publish-note": "Checked the sources."}
        )
    assert len(callbacks) == 1
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == CaseStudy.Status.PUBLISHED
    assert in_review.published_at is not None
    change = StatusChange.objects.get(case_study=in_review)
    assert (change.changed_by, change.from_status, change.to_status, change.note) == (
        adviser,
        "in_review",
        "published",
        "Checked the sources.",
    )
    notice = Notification.objects.get(event_type="casestudies.moderated")
    assert notice.recipient == world.user("staff")
    assert notice.message == "Your case study Riverside Care has been published: Checked the sources."
    assert notice.url == in_review.get_absolute_url()
    # Now public.
    assert client_for(None).get(in_review.get_absolute_url()).status_code == 200


def test_returning_needs_comments(world, client_for, in_review):
    response = client_for(world.user("adviser")).post(
        reverse("casestudies:return", args=[in_review.slug]), {"return-note": "  "}
    )
    assert response.status_code == 200
    assert "Enter your comments for the contributor" in response.content.decode()
    assert response.content.decode().count("Error: ") == 1
    in_review.refresh_from_db()
    assert in_review.status == CaseStudy.Status.IN_REVIEW
    assert not StatusChange.objects.filter(case_study=in_review).exists()


def test_an_adviser_returns_a_case_study_with_comments_the_contributor_can_read(
    world, client_for, in_review, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        client_for(world.user("adviser")).post(
            reverse("casestudies:return", args=[in_review.slug]), {"return-note": "Please add a source."}
        )
    in_review.refresh_from_db()
    assert in_review.status == CaseStudy.Status.DRAFT
    notice = Notification.objects.get(event_type="casestudies.moderated")
    assert notice.recipient == world.user("staff")
    assert "returned to you with comments: Please add a source." in notice.message
    page = client_for(world.user("staff")).get(in_review.get_absolute_url()).content.decode()
    assert "Please add a source." in page


def test_the_contributor_edits_and_resubmits_a_returned_draft(world, client_for):
    staff = world.user("staff")
    draft = world.objects["cs_draft"]
    client = client_for(staff)
    data = {
        "name": "Matrix Draft",
        "summary": "Better summary.",
        "service_area": "libraries",
        "sources_text": "Annual report 2024 | https://example.org/report\nCouncil minutes",
    }
    assert client.post(reverse("casestudies:edit", args=[draft.slug]), data).status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "Better summary."
    assert [(s.title, s.url) for s in draft.sources.all()] == [
        ("Annual report 2024", "https://example.org/report"),
        ("Council minutes", ""),
    ]
    assert client.post(reverse("casestudies:submit", args=[draft.slug])).status_code == 302
    draft.refresh_from_db()
    assert draft.status == CaseStudy.Status.IN_REVIEW
    assert draft.status_changes.get().changed_by == staff
    # Every adviser is told (the world has two: the second moderates triage scores).
    notices = Notification.objects.filter(event_type="casestudies.submitted")
    assert world.user("adviser") in {notice.recipient for notice in notices}
    assert {notice.recipient.role for notice in notices} == {User.Role.ADVISER}
    assert {notice.url for notice in notices} == {reverse("casestudies:review", args=[draft.slug])}
    # Once in review, the contributor can no longer change it.
    assert client.get(reverse("casestudies:edit", args=[draft.slug])).status_code == 403


def test_a_bad_edit_keeps_what_was_typed_and_saves_nothing(world, client_for):
    case_study = world.objects["cs_published"]
    SourceFactory(case_study=case_study, title="Kept source")
    response = client_for(world.user("adviser")).post(
        reverse("casestudies:edit", args=[case_study.slug]),
        {
            "name": "New name typed",
            "summary": "",
            "service_area": "libraries",
            "year_spun_out": "1850",
            "staff_count": "lots",
            "sources_text": "Report | not-a-url",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Enter a summary" in content
    assert "Year spun out must be between 1990" in content
    assert "Number of staff must be a whole number" in content
    assert "Web address on line 1 must start with https://" in content
    assert 'value="New name typed"' in content
    assert "Edit Matrix Published</h1>" in content
    assert "<title>Error: " in content
    case_study.refresh_from_db()
    assert case_study.name == "Matrix Published"
    assert [s.title for s in case_study.sources.all()] == ["Kept source"]


def test_an_adviser_adds_a_case_study_as_a_draft(world, client_for):
    response = client_for(world.user("adviser")).post(
        reverse("casestudies:create"),
        {"name": "Moderation", "summary": "A new one.", "service_area": "youth", "annual_turnover": "1200000"},
    )
    case_study = CaseStudy.objects.get(name="Moderation")
    assert response.status_code == 302
    assert case_study.status == CaseStudy.Status.DRAFT
    assert case_study.slug == "moderation-case-study"  # never clashes with the moderation page
    assert case_study.annual_turnover == 1200000


def test_publishing_twice_is_refused_with_a_message(world, client_for):
    published = world.objects["cs_published"]
    response = client_for(world.user("adviser")).post(
        reverse("casestudies:publish", args=[published.slug]), follow=True
    )
    assert "cannot go from published to published" in response.content.decode()
    assert not published.status_changes.exists()


def test_the_transition_table_refuses_a_jump_and_logs_nothing(world):
    draft = world.objects["cs_draft"]
    with pytest.raises(ValidationError):
        services.case_study_submit(case_study=world.objects["cs_in_review"], by=world.user("adviser"))
    assert draft.can_move_to(CaseStudy.Status.IN_REVIEW)
    assert not StatusChange.objects.exists()


def test_an_outsider_cannot_publish_a_draft_they_cannot_see(world, client_for, in_review):
    response = client_for(world.user("officer")).post(reverse("casestudies:publish", args=[in_review.slug]))
    assert response.status_code == 404
    in_review.refresh_from_db()
    assert in_review.status == CaseStudy.Status.IN_REVIEW


def test_the_contributor_cannot_publish_their_own_case_study(world, client_for, in_review):
    response = client_for(world.user("staff")).post(reverse("casestudies:publish", args=[in_review.slug]))
    assert response.status_code == 403
    in_review.refresh_from_db()
    assert in_review.status == CaseStudy.Status.IN_REVIEW


def test_no_notification_goes_to_the_adviser_who_made_the_change_themselves(
    world, client_for, django_capture_on_commit_callbacks
):
    adviser = world.user("adviser")
    client = client_for(adviser)
    client.post(reverse("casestudies:create"), {"name": "Own Work", "summary": "s", "service_area": "youth"})
    case_study = CaseStudy.objects.get(name="Own Work")
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("casestudies:publish", args=[case_study.slug]))
    case_study.refresh_from_db()
    assert case_study.status == CaseStudy.Status.PUBLISHED
    assert not Notification.objects.filter(event_type="casestudies.moderated").exists()


def test_a_stale_copy_cannot_publish_twice(world, in_review):
    stale = CaseStudy.objects.get(pk=in_review.pk)
    services.case_study_publish(case_study=in_review, by=world.user("adviser"))
    with pytest.raises(ValidationError):
        services.case_study_publish(case_study=stale, by=world.user("admin"))
    assert in_review.status_changes.count() == 1
