"""Comments on tasks and plan sections (issue #22, point 5): the group's members see every comment on their
journey; the adviser (supported journey) and the council (shared journey) see the comments shared with them
and their own side's; only the author changes or deletes a comment (confirmed, kept in the change history);
bad input is refused with the error summary and nothing saved; the people following a thread are told."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journeys import services
from journeys.access import comments_visible, get_journey_for_user
from journeys.models import Comment, PlanTopic
from journeys.models.comments import COMMENT_MAX_LENGTH
from notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory
from tests.journeys.factories import make_journey, task


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _task_url(journey, row) -> str:
    return reverse("journeys:task", args=[journey.pk, row.pk])


def _comment(client, journey, row, body, audience=()):
    return client.post(
        reverse("journeys:task_comments", args=[journey.pk, row.pk]), {"body": body, "audience": list(audience)}
    )


@pytest.fixture
def open_journey(journey):
    """The journey in the Support Programme and shared with its council."""
    journey.in_support_programme = True
    journey.shared_with_council = True
    journey.save(update_fields=["in_support_programme", "shared_with_council"])
    return journey


# Who reads what ---------------------------------------------------------------------------------


def test_a_members_comment_is_for_the_group_unless_they_share_it(client, open_journey, lead, member, adviser, officer):
    journey = open_journey
    row = task(journey, "why-and-vision")
    client.force_login(member)
    response = _comment(client, journey, row, "Draft vision is in the shared drive")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _task_url(journey, row) + f"#comment-{comment.pk}"
    assert (comment.author, comment.task, comment.visible_to_adviser, comment.visible_to_council) == (
        member,
        row,
        False,
        False,
    )
    client.force_login(lead)
    assert "Draft vision is in the shared drive" in _text(client.get(_task_url(journey, row)))
    for reader in (adviser, officer):
        client.force_login(reader)
        page = _text(client.get(_task_url(journey, row)))
        assert "Draft vision" not in page and "No comments yet." in page
        assert "Draft vision" not in _text(client.get(reverse("journeys:comments", args=[journey.pk])))


def test_shared_with_the_adviser_it_reaches_the_adviser_not_the_council(client, open_journey, member, adviser, officer):
    row = task(open_journey, "why-and-vision")
    client.force_login(member)
    _comment(client, open_journey, row, "Can you check our options appraisal?", audience=["adviser"])
    assert Comment.objects.get().audience_label == "Seen by the staff group and the programme's adviser"
    client.force_login(adviser)
    assert "Can you check our options appraisal?" in _text(client.get(_task_url(open_journey, row)))
    client.force_login(officer)
    assert "Can you check our options appraisal?" not in _text(client.get(_task_url(open_journey, row)))


def test_shared_with_the_council_it_reaches_its_officers(client, open_journey, member, adviser, officer):
    row = task(open_journey, "why-and-vision")
    client.force_login(member)
    _comment(client, open_journey, row, "Cabinet paper due in March", audience=["council"])
    client.force_login(officer)
    assert "Cabinet paper due in March" in _text(client.get(_task_url(open_journey, row)))
    client.force_login(adviser)
    assert "Cabinet paper due in March" not in _text(client.get(_task_url(open_journey, row)))
    # Another council's officer does not see the journey at all.
    stranger = UserFactory(role="officer", public_body=make_journey().group.parent_body)
    client.force_login(stranger)
    assert client.get(reverse("journeys:task_comments", args=[open_journey.pk, row.pk])).status_code == 404


def test_the_advisers_comment_is_the_advisers_and_the_groups_and_the_councils_when_chosen(
    client, open_journey, lead, adviser, officer
):
    row = task(open_journey, "why-and-vision")
    client.force_login(adviser)
    page = _text(client.get(_task_url(open_journey, row)))
    # The adviser is offered the council only: their own side always reads their comment.
    assert "Officers of the council the journey is shared with" in page
    assert "The Mutuals Support Programme adviser" not in page
    assert "You and other advisers can." in page
    _comment(client, open_journey, row, "Look at the Your Healthcare case study")
    comment = Comment.objects.get()
    assert (comment.visible_to_adviser, comment.visible_to_council) == (True, False)
    client.force_login(lead)
    assert "Look at the Your Healthcare case study" in _text(client.get(_task_url(open_journey, row)))
    client.force_login(officer)
    assert "Look at the Your Healthcare" not in _text(client.get(_task_url(open_journey, row)))


def test_a_journey_neither_supported_nor_shared_offers_no_one_else(client, journey, lead):
    row = task(journey, "why-and-vision")
    client.force_login(lead)
    page = _text(client.get(_task_url(journey, row)))
    assert "Who else can read it?" not in page and 'name="body"' in page
    # A forged choice is ignored: the comment stays with the group.
    response = _comment(client, journey, row, "Hello", audience=["adviser", "council"])
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.visible_to_adviser, comment.visible_to_council) == (False, False)


def test_a_choice_not_offered_is_refused_on_the_page(client, open_journey, adviser):
    row = task(open_journey, "why-and-vision")
    client.force_login(adviser)
    # The adviser is offered the council only.
    response = _comment(client, open_journey, row, "Hello", audience=["adviser"])
    assert response.status_code == 200
    assert "Select who can read the comment from the list" in _text(response)
    assert not Comment.objects.exists()


def test_the_service_refuses_an_audience_that_cannot_see_the_journey(journey, lead):
    row = task(journey, "why-and-vision")
    with pytest.raises(Exception) as refused:
        services.comment_add(journey=journey, by=lead, body="Hi", task=row, visible_to_council=True)
    assert "not shared with the council" in str(refused.value)
    assert not Comment.objects.exists()


def test_stopping_sharing_hides_the_councils_comments_from_its_officers_at_once(client, open_journey, lead, officer):
    row = task(open_journey, "why-and-vision")
    services.comment_add(journey=open_journey, by=lead, body="For the council", task=row, visible_to_council=True)
    client.force_login(officer)
    assert client.get(reverse("journeys:comments", args=[open_journey.pk])).status_code == 200
    open_journey.shared_with_council = False
    open_journey.save(update_fields=["shared_with_council"])
    assert client.get(reverse("journeys:comments", args=[open_journey.pk])).status_code == 404


def test_a_paused_journeys_readers_may_still_comment(client, open_journey, member):
    # Commenting changes nothing in the plan: a member talks about a paused journey too.
    open_journey.status = open_journey.Status.PAUSED
    open_journey.save(update_fields=["status"])
    row = task(open_journey, "why-and-vision")
    client.force_login(member)
    assert _comment(client, open_journey, row, "When do we restart?").status_code == 302


# Bad input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", "Enter a comment"),
        ("   \n  ", "Enter a comment"),
        ("x" * (COMMENT_MAX_LENGTH + 1), f"The comment must be {COMMENT_MAX_LENGTH} characters or fewer"),
    ],
)
def test_an_empty_or_overlong_comment_is_refused_on_the_page(client, journey, lead, body, error):
    row = task(journey, "why-and-vision")
    client.force_login(lead)
    response = _comment(client, journey, row, body)
    assert response.status_code == 200
    html = _text(response)
    assert "There is a problem" in html and error in html
    assert "<title>Error: Comments: Write down why you want to spin out and your vision" in html
    assert not Comment.objects.exists()


def test_a_comment_is_shown_as_text_not_markup(client, journey, lead):
    row = task(journey, "why-and-vision")
    client.force_login(lead)
    _comment(client, journey, row, '<script>alert("x")</script>\nSecond line')
    html = client.get(_task_url(journey, row)).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Second line" in html
    assert '<script>alert("x")' not in html


def test_a_comment_is_about_a_task_or_a_part_of_the_plan_never_both_nor_neither(journey, lead):
    row = task(journey, "why-and-vision")
    for fields in ({"task": row, "plan_topic": "risks"}, {"task": None, "plan_topic": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Comment.objects.create(journey=journey, author=lead, body="x", **fields)


# Changing and deleting ----------------------------------------------------------------------------


def test_the_author_changes_their_comment_and_the_history_keeps_the_old_words(client, open_journey, member):
    row = task(open_journey, "why-and-vision")
    comment = services.comment_add(journey=open_journey, by=member, body="First words", task=row)
    client.force_login(member)
    url = reverse("journeys:comment_edit", args=[open_journey.pk, comment.pk])
    assert "First words" in _text(client.get(url))
    response = client.post(url, {"body": "Better words", "audience": ["adviser"], "version": 1})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.body, comment.visible_to_adviser, comment.version) == ("Better words", True, 2)
    assert comment.edited_at is not None
    versions = list(comment.history.order_by("history_date"))
    assert [v.body for v in versions] == ["First words", "Better words"]
    assert all(v.history_user == member for v in versions)
    assert "(changed " in _text(client.get(_task_url(open_journey, row)))


def test_a_stale_change_is_refused_and_the_newer_words_kept(client, journey, lead):
    row = task(journey, "why-and-vision")
    comment = services.comment_add(journey=journey, by=lead, body="One", task=row)
    services.comment_edit(
        comment=comment, by=lead, body="Two", visible_to_adviser=False, visible_to_council=False, version=1
    )
    client.force_login(lead)
    response = client.post(
        reverse("journeys:comment_edit", args=[journey.pk, comment.pk]), {"body": "Three", "version": 1}
    )
    assert response.status_code == 409
    assert "changed in another window" in _text(response)
    comment.refresh_from_db()
    assert comment.body == "Two"


def test_only_the_author_changes_or_deletes_a_comment(client, journey, lead, member):
    row = task(journey, "why-and-vision")
    comment = services.comment_add(journey=journey, by=lead, body="The lead's comment", task=row)
    client.force_login(member)
    page = _text(client.get(_task_url(journey, row)))
    assert "The lead&#x27;s comment" in page
    assert reverse("journeys:comment_edit", args=[journey.pk, comment.pk]) not in page
    assert client.get(reverse("journeys:comment_edit", args=[journey.pk, comment.pk])).status_code == 403
    assert client.post(reverse("journeys:comment_delete", args=[journey.pk, comment.pk])).status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()
    # Nor can anyone reach it through another journey.
    client.force_login(lead)
    other = make_journey(lead=lead)
    assert client.get(reverse("journeys:comment_edit", args=[other.pk, comment.pk])).status_code == 404


def test_deleting_asks_first_then_the_history_records_who_deleted_it(client, journey, lead):
    row = task(journey, "why-and-vision")
    comment = services.comment_add(journey=journey, by=lead, body="Wrong thread", task=row)
    client.force_login(lead)
    url = reverse("journeys:comment_delete", args=[journey.pk, comment.pk])
    confirm = _text(client.get(url))
    assert "Are you sure you want to delete your comment on Write down why you want to spin out" in confirm
    assert "Wrong thread" in confirm
    assert Comment.objects.filter(pk=comment.pk).exists()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == _task_url(journey, row) + "#comments"
    assert not Comment.objects.filter(pk=comment.pk).exists()
    deleted = Comment.history.filter(id=comment.pk, history_type="-").get()
    assert deleted.history_user == lead and deleted.body == "Wrong thread"


def test_a_removed_members_comments_stay_and_they_can_no_longer_change_them(client, journey, lead, member):
    row = task(journey, "why-and-vision")
    comment = services.comment_add(journey=journey, by=member, body="Before I left", task=row)
    services.membership_remove(membership=member.memberships.get(group=journey.group), by=lead)
    client.force_login(member)
    assert client.get(reverse("journeys:comment_edit", args=[journey.pk, comment.pk])).status_code == 404
    client.force_login(lead)
    assert "Before I left" in _text(client.get(_task_url(journey, row)))


# The plan's threads -----------------------------------------------------------------------------


def test_a_plan_page_has_its_thread_and_the_narrative_summary_counts_each_sections(client, journey, lead):
    client.force_login(lead)
    url = reverse("journeys:plan_comments", args=[journey.pk, "risks"])
    response = client.post(url, {"body": "Add the pension deficit risk"})
    comment = Comment.objects.get()
    assert (comment.plan_topic, comment.task) == (PlanTopic.RISKS, None)
    assert response["Location"] == url + f"#comment-{comment.pk}"
    assert "Add the pension deficit risk" in _text(client.get(reverse("journeys:risks", args=[journey.pk])))
    thread = _text(client.get(url))
    assert "Comments on Risk register" in thread and "Add the pension deficit risk" in thread
    # A narrative section's thread, counted on the summary page.
    services.comment_add(journey=journey, by=lead, body="Shorter, please", plan_topic=PlanTopic.VISION)
    services.comment_add(journey=journey, by=lead, body="And a quote", plan_topic=PlanTopic.VISION)
    summary = _text(client.get(reverse("journeys:narrative", args=[journey.pk])))
    hidden = '<span class="govuk-visually-hidden"> on'
    assert f"Comments (2){hidden} vision and case for change</span>" in summary
    assert f"Comments (0){hidden} options appraisal</span>" in summary


@pytest.mark.parametrize(
    ("topic", "page"),
    [
        ("staff-engagement", "journeys:ballots"),
        ("legal-form", "journeys:design"),
        ("governance", "journeys:governance"),
        ("financial-model", "journeys:finance"),
        ("transfer", "journeys:transfer"),
    ],
)
def test_each_plan_page_shows_its_own_thread(client, journey, lead, topic, page):
    client.force_login(lead)
    client.post(reverse("journeys:plan_comments", args=[journey.pk, topic]), {"body": f"About {topic}"})
    assert f"About {topic}" in _text(client.get(reverse(page, args=[journey.pk])))
    assert f"About {topic}" not in _text(client.get(reverse("journeys:risks", args=[journey.pk])))


# Every comment on a journey -----------------------------------------------------------------------


def test_the_journeys_comments_page_lists_what_the_reader_may_read_newest_first_in_pages(
    client, open_journey, lead, adviser
):
    row = task(open_journey, "why-and-vision")
    for n in range(26):
        services.comment_add(
            journey=open_journey, by=lead, body=f"Note {n:02d}", task=row, visible_to_adviser=n % 2 == 0
        )
    client.force_login(lead)
    first = _text(client.get(reverse("journeys:comments", args=[open_journey.pk])))
    assert first.index("Note 25") < first.index("Note 24") and "Note 00" not in first
    assert "Note 00" in _text(client.get(reverse("journeys:comments", args=[open_journey.pk]) + "?page=2"))
    client.force_login(adviser)
    page = _text(client.get(reverse("journeys:comments", args=[open_journey.pk])))
    assert "Note 24" in page and "Note 25" not in page


# Telling people ---------------------------------------------------------------------------------


def test_the_task_owner_and_the_threads_earlier_authors_who_may_read_it_are_told(open_journey, lead, member, adviser):
    row = task(open_journey, "why-and-vision")
    services.task_update(
        task=row, by=lead, status=row.status, notes="", version=row.version, owner=member, due_on=services.KEEP
    )
    row = task(open_journey, "why-and-vision")  # as the comment pages read it: with its owner
    Notification.objects.all().delete()
    services.comment_add(journey=open_journey, by=adviser, body="Adviser here", task=row)
    # The owner, and the lead (an adviser's comment reaches the group's leads).
    assert set(Notification.objects.values_list("recipient__email", "event_type")) == {
        (member.email, "journeys.comment_added"),
        (lead.email, "journeys.comment_added"),
    }
    Notification.objects.all().delete()
    # A comment for the group only is not announced to the adviser who wrote earlier in the thread.
    services.comment_add(journey=open_journey, by=lead, body="Between us", task=row)
    assert list(Notification.objects.values_list("recipient__email", flat=True)) == [member.email]
    note = Notification.objects.get()
    assert (
        note.message
        == "Lena Lead commented on \u201cWrite down why you want to spin out and your vision\u201d (Libraries group)"
    )
    assert "Between us" not in note.message
    Notification.objects.all().delete()
    services.comment_add(journey=open_journey, by=lead, body="Over to you", task=row, visible_to_adviser=True)
    assert set(Notification.objects.values_list("recipient__email", flat=True)) == {member.email, adviser.email}


# Cost ---------------------------------------------------------------------------------------------


def test_the_task_pages_queries_do_not_grow_with_its_comments(client, journey, lead, member):
    row = task(journey, "why-and-vision")
    client.force_login(lead)
    url = _task_url(journey, row)
    services.comment_add(journey=journey, by=member, body="One", task=row)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    others = [MembershipFactory(group=journey.group).user for _ in range(3)]
    for n in range(10):
        services.comment_add(journey=journey, by=others[n % 3], body=f"More {n}", task=row)
    with CaptureQueriesContext(connection) as eleven:
        client.get(url)
    assert len(eleven) == len(one)


def test_the_access_rule_is_one_query_for_each_kind_of_reader(journey, lead, django_assert_num_queries):
    access = get_journey_for_user(lead, journey.pk)
    with django_assert_num_queries(1):
        list(comments_visible(access))


def test_a_thread_read_by_its_compiled_statement_is_what_the_rule_lets_each_reader_read(
    open_journey, lead, adviser, officer
):
    """The task page's and the plan pages' threads (journeys.access.comment_thread: a statement for each kind of
    reader and thread, compiled once) hold exactly comments_visible's comments on that task or topic."""
    from journeys.access import comment_thread

    row, other_row = open_journey.tasks.order_by("pk")[:2]
    for index, (adviser_too, council_too) in enumerate([(False, False), (True, False), (False, True), (True, True)]):
        services.comment_add(
            journey=open_journey,
            by=lead,
            body=f"On the task {index}",
            task=row,
            visible_to_adviser=adviser_too,
            visible_to_council=council_too,
        )
    services.comment_add(journey=open_journey, by=lead, body="Another task", task=other_row, visible_to_adviser=True)
    services.comment_add(
        journey=open_journey, by=lead, body="The risks", plan_topic=PlanTopic.RISKS, visible_to_council=True
    )
    expected_counts = {lead: (4, 1), adviser: (2, 0), officer: (2, 1)}
    for reader, (on_task, on_risks) in expected_counts.items():
        access = get_journey_for_user(reader, open_journey.pk)
        visible = comments_visible(access)
        thread = comment_thread(access, task_pk=row.pk)
        assert [c.pk for c in thread] == list(
            visible.filter(task=row).order_by("created_at", "id").values_list("pk", flat=True)
        )
        assert len(thread) == on_task and all(c.author.pk == lead.pk for c in thread)
        risks = comment_thread(access, topic=PlanTopic.RISKS.value)
        assert [c.pk for c in risks] == list(visible.filter(plan_topic=PlanTopic.RISKS).values_list("pk", flat=True))
        assert len(risks) == on_risks
