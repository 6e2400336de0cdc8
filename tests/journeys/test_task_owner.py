"""A task's owner and due date (issue #22, point 5): set on the task page by those who may work on the
journey, a member of the group as owner, a due date not in the past when set, every change on the
timeline; shown on the task list with an "Overdue" tag, and in "Your tasks"."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from journeys import services
from journeys.models import Journey, JourneyEvent, Membership, Task
from notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory
from tests.journeys.factories import PDF, make_journey, task


def _today() -> date:
    return timezone.localdate()


def _date(name: str, day: date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _post(client, journey, row, **data):
    url = reverse("journeys:task", args=[journey.pk, row.pk])
    return client.post(url, {"status": row.status, "notes": row.notes, "version": row.version, **data})


def _set(row, by, *, owner=services.KEEP, due_on=services.KEEP):
    """Set the owner or due date through the service, keeping the rest (a fresh copy of the row)."""
    row = task(row.journey, row.definition.slug)
    return services.task_update(
        task=row, by=by, status=row.status, notes=row.notes, version=row.version, owner=owner, due_on=due_on
    )


def _overdue(row, *, owner, days=3):
    """A due date set earlier that has now passed (the service refuses a past date when it is set)."""
    Task.objects.filter(pk=row.pk).update(owner=owner, due_on=_today() - timedelta(days=days))


def _text(response) -> str:
    return " ".join(response.content.decode().split())


# Setting them on the task page ----------------------------------------------------------------


def test_a_member_gives_a_task_an_owner_and_a_due_date_and_the_timeline_records_who_and_when(
    client, journey, lead, member
):
    member.full_name = "Mo Member"
    member.save()
    row = task(journey, "why-and-vision")
    due = _today() + timedelta(days=30)
    client.force_login(lead)
    response = _post(client, journey, row, owner=str(member.pk), **_date("due_on", due))
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.owner, row.due_on, row.updated_by, row.version) == (member, due, lead, 2)
    event = journey.events.get(kind=JourneyEvent.Kind.TASK)
    assert event.actor == lead and event.created_at is not None
    assert event.summary == (
        f"Write down why you want to spin out and your vision: owner set to Mo Member; "
        f"due {due.day} {due.strftime('%B %Y')}"
    )
    # The page shows them again, ready to change.
    html = _text(client.get(reverse("journeys:task", args=[journey.pk, row.pk])))
    assert f'<option value="{member.pk}" selected>Mo Member</option>' in html
    assert f'name="due_on_0" type="text" inputmode="numeric" spellcheck="false" value="{due.day}"' in html
    assert '<option value="">No owner</option>' in html and "Lena Lead (you)" in html


def test_the_owner_is_told_unless_they_took_the_task_on_themselves(journey, lead, member):
    row = task(journey, "why-and-vision")
    _set(row, lead, owner=member, due_on=_today() + timedelta(days=7))
    told = Notification.objects.get(event_type="journeys.task_assigned")
    assert told.recipient == member
    assert told.message.startswith("Lena Lead made you the owner of: Write down why you want to spin out")
    assert told.url == reverse("journeys:task", args=[journey.pk, row.pk])
    _set(task(journey, "name-senior-sponsor"), member, owner=member)
    assert Notification.objects.filter(event_type="journeys.task_assigned").count() == 1


def test_the_owner_must_be_a_member_of_the_group(client, journey, lead, other_journey):
    outsider = Membership.objects.get(group=other_journey.group).user
    row = task(journey, "why-and-vision")
    client.force_login(lead)
    response = _post(client, journey, row, notes="Typed notes", owner=str(outsider.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and 'href="#id_owner">Choose a member of the group as the owner' in html
    assert "Typed notes" in html  # kept for the next try
    row.refresh_from_db()
    assert (row.owner, row.notes, row.version) == (None, "", 1)
    # The service refuses it too, whoever calls it.
    with pytest.raises(ValidationError, match="Choose a member of the group"):
        _set(row, lead, owner=outsider)
    assert not journey.events.filter(kind=JourneyEvent.Kind.TASK).exists()


def test_a_due_date_in_the_past_is_refused_with_an_error_summary(client, journey, lead):
    row = task(journey, "why-and-vision")
    client.force_login(lead)
    response = _post(client, journey, row, notes="Draft", **_date("due_on", _today() - timedelta(days=1)))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_due_on">The due date must be today or in the future' in html
    assert "govuk-input--error" in html
    row.refresh_from_db()
    assert (row.due_on, row.notes) == (None, "")
    with pytest.raises(ValidationError, match="today or in the future"):
        _set(row, lead, due_on=_today() - timedelta(days=1))
    # Today is fine.
    assert _set(row, lead, due_on=_today()).due_on == _today()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"due_on_0": "31", "due_on_1": "2", "due_on_2": "2030"}, "The due date must be a real date"),
        ({"due_on_0": "3", "due_on_1": "", "due_on_2": "2030"}, "Enter the month"),
        ({"due_on_0": "3", "due_on_1": "Smarch", "due_on_2": "2030"}, "Enter the month as a number or a name"),
        ({"due_on_0": "1", "due_on_1": "1", "due_on_2": "2999"}, "The due date must be within 10 years"),
    ],
)
def test_a_due_date_that_cannot_be_a_due_date_is_explained(client, journey, lead, typed, message):
    row = task(journey, "why-and-vision")
    client.force_login(lead)
    response = _post(client, journey, row, **typed)
    assert response.status_code == 200
    assert message in response.content.decode()
    row.refresh_from_db()
    assert row.due_on is None and row.version == 1


def test_a_month_may_be_typed_as_a_name(client, journey, lead):
    row = task(journey, "why-and-vision")
    client.force_login(lead)
    year = _today().year + 1
    assert _post(client, journey, row, due_on_0="3", due_on_1="March", due_on_2=str(year)).status_code == 302
    row.refresh_from_db()
    assert row.due_on == date(year, 3, 3)


def test_an_overdue_task_keeps_its_passed_due_date_when_its_notes_are_saved(client, journey, lead):
    row = task(journey, "why-and-vision")
    _overdue(row, owner=lead, days=5)
    row = task(journey, "why-and-vision")
    client.force_login(lead)
    response = _post(client, journey, row, notes="Nearly there", owner=str(lead.pk), **_date("due_on", row.due_on))
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.notes, row.due_on) == ("Nearly there", _today() - timedelta(days=5))
    assert journey.events.get(kind=JourneyEvent.Kind.TASK).summary.endswith(": notes updated")


def test_owner_and_due_date_can_be_cleared_and_the_timeline_says_so(client, journey, lead, member):
    row = _set(task(journey, "why-and-vision"), lead, owner=member, due_on=_today() + timedelta(days=3))
    client.force_login(lead)
    response = _post(client, journey, row, owner="", due_on_0="", due_on_1="", due_on_2="")
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.owner, row.due_on) == (None, None)
    latest = journey.events.filter(kind=JourneyEvent.Kind.TASK).first()
    name = member.full_name or member.email
    assert latest.summary.endswith(f": owner removed (was {name}); due date removed")


def test_a_status_change_and_a_new_owner_are_one_timeline_entry(journey, lead, member):
    row = task(journey, "why-and-vision")
    services.task_update(task=row, by=lead, status="in_progress", notes="Go", version=1, owner=member)
    name = member.full_name or member.email
    assert [e.summary for e in journey.events.filter(kind=JourneyEvent.Kind.TASK)] == [
        f"Write down why you want to spin out and your vision: in progress; owner set to {name}"
    ]


def test_a_page_from_before_owners_existed_leaves_them_as_they_are(client, journey, lead, member):
    """A form with no owner or due date fields (an old page, another client) does not clear them."""
    due = _today() + timedelta(days=10)
    row = _set(task(journey, "why-and-vision"), lead, owner=member, due_on=due)
    client.force_login(lead)
    assert _post(client, journey, row, notes="Only the notes").status_code == 302
    row.refresh_from_db()
    assert (row.notes, row.owner, row.due_on) == ("Only the notes", member, due)


def test_the_owner_and_due_date_are_saved_with_an_upload_in_one_go(client, journey, member):
    row = task(journey, "options-appraisal")
    due = _today() + timedelta(days=14)
    client.force_login(member)
    response = _post(
        client,
        journey,
        row,
        stay="1",
        owner=str(member.pk),
        file=SimpleUploadedFile("appraisal.pdf", PDF),
        **_date("due_on", due),
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.owner, row.due_on, row.evidence.count()) == (member, due, 1)


def test_a_refused_owner_keeps_the_upload_out_too(client, journey, member, other_journey):
    outsider = Membership.objects.get(group=other_journey.group).user
    row = task(journey, "options-appraisal")
    client.force_login(member)
    response = _post(client, journey, row, owner=str(outsider.pk), file=SimpleUploadedFile("a.pdf", PDF))
    assert response.status_code == 200
    row.refresh_from_db()
    assert (row.owner, row.evidence.count(), row.version) == (None, 0, 1)


def test_a_stale_page_cannot_overwrite_a_newer_owner(client, journey, lead, member):
    row = task(journey, "why-and-vision")
    _set(row, member, owner=member)
    client.force_login(lead)
    response = _post(client, journey, row, owner=str(lead.pk))  # read at version 1
    assert response.status_code == 409
    row.refresh_from_db()
    assert row.owner == member


# Who may set them -----------------------------------------------------------------------------


@pytest.mark.parametrize("reader", ["adviser", "officer"])
def test_readers_see_the_owner_and_due_date_but_cannot_change_them(client, journey, lead, member, reader, request):
    Journey.objects.filter(pk=journey.pk).update(in_support_programme=True, shared_with_council=True)
    due = _today() + timedelta(days=20)
    row = _set(task(journey, "why-and-vision"), lead, owner=member, due_on=due)
    user = request.getfixturevalue(reader)
    client.force_login(user)
    html = _text(client.get(reverse("journeys:task", args=[journey.pk, row.pk])))
    name = member.full_name or member.email
    assert f'<dt class="govuk-summary-list__key">Owner</dt> <dd class="govuk-summary-list__value">{name}</dd>' in html
    assert f"{due.day} {due.strftime('%B %Y')}" in html
    assert 'name="owner"' not in html and 'name="due_on_0"' not in html
    response = _post(client, journey, row, owner=str(lead.pk))
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.owner == member


def test_a_paused_journey_cannot_have_owners_changed(client, journey, lead, member):
    Journey.objects.filter(pk=journey.pk).update(status=Journey.Status.PAUSED)
    row = task(journey, "why-and-vision")
    client.force_login(lead)
    assert _post(client, journey, row, owner=str(member.pk)).status_code == 403


# Removing a member ----------------------------------------------------------------------------


def test_removing_a_member_leaves_their_tasks_with_no_owner_and_says_so(journey, lead, member):
    name = member.full_name or member.email
    first = _set(task(journey, "why-and-vision"), lead, owner=member, due_on=_today() + timedelta(days=3))
    second = _set(task(journey, "name-senior-sponsor"), lead, owner=member)
    kept = _set(task(journey, "options-appraisal"), lead, owner=lead)
    services.membership_remove(membership=Membership.objects.get(group=journey.group, user=member), by=lead)
    for row in (first, second):
        row.refresh_from_db()
        assert row.owner is None and row.updated_by == lead
    assert first.due_on is not None  # the date stays with the task, for its next owner
    kept.refresh_from_db()
    assert kept.owner == lead
    event = journey.events.filter(kind=JourneyEvent.Kind.MEMBERS).first()
    assert event.summary == f"{name} was removed from the group; 2 tasks they owned have no owner now"
    assert event.detail == "Write down why you want to spin out and your vision, Name a senior sponsor"


def test_a_removed_member_cannot_be_made_owner_again(client, journey, lead, member):
    services.membership_remove(membership=Membership.objects.get(group=journey.group, user=member), by=lead)
    row = task(journey, "why-and-vision")
    client.force_login(lead)
    response = _post(client, journey, row, owner=str(member.pk))
    assert response.status_code == 200 and "Choose a member of the group as the owner" in response.content.decode()
    html = client.get(reverse("journeys:task", args=[journey.pk, row.pk])).content.decode()
    assert f'<option value="{member.pk}"' not in html


# The task list and "Your tasks" ---------------------------------------------------------------


def test_the_task_list_shows_owner_due_date_and_an_overdue_tag(client, journey, lead, member):
    member.full_name = "Mo Member"
    member.save()
    soon = _today() + timedelta(days=4)
    _set(task(journey, "why-and-vision"), lead, owner=member, due_on=soon)
    late = task(journey, "name-senior-sponsor")
    _overdue(late, owner=lead, days=2)
    done = task(journey, "look-at-live-mutuals")
    services.task_update(task=done, by=lead, status="completed", notes="", version=done.version)
    _overdue(done, owner=lead, days=9)
    client.force_login(lead)
    html = _text(client.get(reverse("journeys:overview", args=[journey.pk])))
    row = task(journey, "why-and-vision")
    assert f'aria-describedby="task-{row.pk}-hint task-{row.pk}-status">Write down why you want to spin out' in html
    assert f'id="task-{row.pk}-hint">Owner: Mo Member. Due {soon.day} {soon.strftime("%B %Y")}</div>' in html
    late_due = _today() - timedelta(days=2)
    assert (
        f"Owner: Lena Lead. Due {late_due.day} {late_due.strftime('%B %Y')} "
        '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in html
    )
    # A completed task is not overdue, whatever its date.
    assert html.count("govuk-tag--red") == 2  # the late task in the list and in "Your tasks"


def test_your_tasks_on_the_overview_lists_what_you_own_soonest_first(client, journey, lead, member):
    _set(task(journey, "why-and-vision"), lead, owner=lead, due_on=_today() + timedelta(days=10))
    _overdue(task(journey, "name-senior-sponsor"), owner=lead, days=1)
    _set(task(journey, "options-appraisal"), lead, owner=lead)  # no due date: last
    _set(task(journey, "look-at-live-mutuals"), lead, owner=member, due_on=_today())  # someone else's
    client.force_login(lead)
    html = _text(client.get(reverse("journeys:overview", args=[journey.pk])))
    section = html[html.index('id="your-tasks"') : html.index("Tasks by stage")]
    titles = [
        "Name a senior sponsor",
        "Write down why you want to spin out",
        "options",
    ]
    positions = [section.lower().index(t.lower()) for t in titles]
    assert positions == sorted(positions)
    assert "Look at" not in section and 'govuk-tag--red">Overdue' in section
    assert "No due date" in section
    # The member sees theirs; a reader who is not a member has no such section.
    client.force_login(member)
    html = _text(client.get(reverse("journeys:overview", args=[journey.pk])))
    section = html[html.index('id="your-tasks"') : html.index("Tasks by stage")]
    assert "already running" in section and "senior sponsor" not in section.lower()


def test_your_tasks_has_an_empty_state(client, journey, lead):
    client.force_login(lead)
    html = _text(client.get(reverse("journeys:overview", args=[journey.pk])))
    assert "You do not own any tasks that are still to do" in html
    html = _text(client.get(reverse("journeys:list")))
    assert "Your tasks" in html and "You do not own any tasks that are still to do" in html


def test_your_tasks_on_the_home_page_spans_your_journeys(client, journey, lead):
    second = make_journey()
    MembershipFactory(group=second.group, user=lead)
    _set(task(journey, "why-and-vision"), lead, owner=lead, due_on=_today() + timedelta(days=8))
    _set(task(second, "tupe"), lead, owner=lead, due_on=_today() + timedelta(days=2))
    _overdue(task(second, "pensions"), owner=lead, days=4)
    done = _set(task(journey, "name-senior-sponsor"), lead, owner=lead)
    services.task_update(task=done, by=lead, status="completed", notes="", version=done.version)
    stranger_task = task(make_journey(), "why-and-vision")
    _overdue(stranger_task, owner=UserFactory(), days=1)
    client.force_login(lead)
    response = client.get(reverse("journeys:list"))
    assert response.status_code == 200
    html = _text(response)
    section = html[html.index('id="your-tasks"') : html.index("Your staff groups")]
    order = [
        section.index(reverse("journeys:task", args=[j.pk, task(j, s).pk]))
        for j, s in [
            (second, "pensions"),
            (second, "tupe"),
            (journey, "why-and-vision"),
        ]
    ]
    assert order == sorted(order)
    assert second.group.name in section and journey.group.name in section
    assert section.count("Overdue") == 1
    assert reverse("journeys:task", args=[journey.pk, done.pk]) not in section  # completed
    assert reverse("journeys:task", args=[stranger_task.journey_id, stranger_task.pk]) not in section


def test_advisers_and_officers_have_no_your_tasks(client, journey, adviser, officer):
    for user in (adviser, officer):
        client.force_login(user)
        assert 'id="your-tasks"' not in client.get(reverse("journeys:list")).content.decode()


# Query counts ---------------------------------------------------------------------------------


def test_owners_and_due_dates_add_no_query_per_task_to_the_overview(client, journey, lead, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(lead)
    url = reverse("journeys:overview", args=[journey.pk])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    people = [lead, member] + [MembershipFactory(group=journey.group).user for _ in range(3)]
    for i, row in enumerate(Task.objects.filter(journey=journey)):
        Task.objects.filter(pk=row.pk).update(owner=people[i % len(people)], due_on=_today() + timedelta(days=i - 5))
    with CaptureQueriesContext(connection) as after:
        html = client.get(url).content.decode()
    assert "Overdue" in html
    assert len(after.captured_queries) == len(before.captured_queries)


@pytest.mark.parametrize("size", [1, 12])
def test_the_home_page_costs_the_same_queries_however_many_tasks_you_own(client, lead, size, django_assert_num_queries):
    for _ in range(size):
        journey = make_journey()
        MembershipFactory(group=journey.group, user=lead)
        for slug in ("why-and-vision", "tupe"):
            Task.objects.filter(pk=task(journey, slug).pk).update(owner=lead, due_on=_today() - timedelta(days=1))
    client.force_login(lead)
    with django_assert_num_queries(6):
        html = client.get(reverse("journeys:list")).content.decode()
    assert html.count("govuk-tag--red") == 2 * size


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_member_removed_while_being_given_a_task_does_not_keep_it(monkeypatch):
    """The save that makes someone owner holds their membership row until it commits: a removal that
    starts after the check waits for it, then unsets the owner. Without the lock the removal would finish
    first and the save would give the task to someone no longer in the group."""
    import threading

    from django.db import connection

    journey = make_journey()
    lead = journey.group.memberships.get(role=Membership.Role.LEAD).user
    member = MembershipFactory(group=journey.group).user
    row = task(journey, "why-and-vision")
    checked, removed = threading.Event(), threading.Event()
    original = services._check_owner

    def check_then_let_the_removal_try(*args, **kwargs):
        original(*args, **kwargs)
        checked.set()
        removed.wait(timeout=3)  # the removal cannot finish while this save holds the lock: it times out

    monkeypatch.setattr(services, "_check_owner", check_then_let_the_removal_try)
    errors = []

    def give():
        try:
            _set(row, lead, owner=member)
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    def remove():
        try:
            checked.wait(timeout=30)
            services.membership_remove(membership=Membership.objects.get(user=member), by=lead)
            removed.set()
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=give), threading.Thread(target=remove)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert not Membership.objects.filter(user=member).exists()
    assert task(journey, "why-and-vision").owner is None
