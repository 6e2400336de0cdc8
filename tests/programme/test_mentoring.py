"""Mentoring (#23 point 6): people who led a spin-out offer to mentor, an adviser approves the offer, a staff
group asks for a mentor, an adviser matches them within the mentor's capacity, meetings are logged, and the
matched mentor reads the group's journey read-only, only while the mentoring runs."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Region
from journeys.access import journeys_visible_to
from journeys.models import JourneyEvent, Membership
from mutuals_portal.lib.choices import ServiceArea
from notifications.access import notifications_visible_to
from notifications.models import Notification
from programme import dashboard, services
from programme.models import MentoringMeeting, MentoringRequest, MentorOffer
from tests.factories import MembershipFactory, UserFactory
from tests.journeys import matrix_rows as journey_matrix
from tests.journeys.factories import make_journey, task
from tests.programme.world import OFFER

MENTORING_URL = "referrals:journey_mentoring"

pytestmark = pytest.mark.django_db


def offer_data(**overrides) -> dict:
    data = {
        "mutual_name": "Brightwater Care Co-operative",
        "spin_out_role": "Led the staff ballot and the business case",
        "service_areas": [ServiceArea.ADULT_SOCIAL_CARE],
        "region": Region.NORTH_WEST,
        "topics": ["staff_engagement", "pensions_tupe"],
        "capacity": "2",
        "active": "on",
    }
    data.update(overrides)
    return data


def approved_offer(adviser, *, capacity=2, topics=("staff_engagement",), region="north_west", **user):
    mentor = UserFactory(**user)
    offer = services.mentor_offer_save(
        user=mentor, values={**OFFER, "capacity": capacity, "topics": list(topics), "region": region}
    )
    return services.mentor_offer_decide(offer=offer, by=adviser, approve=True, note="", version=offer.version)


def lead_of(journey):
    return Membership.objects.get(group=journey.group, role=Membership.Role.LEAD).user


def ask(journey, topics=("staff_engagement",)):
    return services.mentoring_request_create(journey=journey, by=lead_of(journey), topics=list(topics), note="")


def matched(journey, offer, adviser):
    mentoring = ask(journey)
    return services.mentoring_match(mentoring=mentoring, offer=offer, by=adviser, version=mentoring.version)


def signed_in(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def journey(adviser):
    journey = make_journey(supported=True)
    journey.assigned_adviser = adviser
    journey.save(update_fields=["assigned_adviser"])
    return journey


# Offers and approval -----------------------------------------------------------------------------


def test_someone_who_led_a_spin_out_offers_to_mentor_and_waits_for_approval(client):
    person = UserFactory(full_name="Grace Okafor")
    response = signed_in(client, person).post(reverse("referrals:mentor_offer"), offer_data())
    assert response.status_code == 302
    offer = MentorOffer.objects.get(mentor=person)
    assert offer.status == MentorOffer.Status.PENDING
    assert offer.topics == ["staff_engagement", "pensions_tupe"]
    assert offer.service_areas == [ServiceArea.ADULT_SOCIAL_CARE]
    assert offer.capacity == 2 and offer.active
    assert offer.history.get().history_user == person
    page = client.get(reverse("referrals:mentor_offer")).content.decode()
    assert "Waiting for approval" in page


def test_an_offer_with_no_topics_or_too_many_groups_shows_the_errors(client):
    response = signed_in(client, UserFactory()).post(
        reverse("referrals:mentor_offer"), offer_data(topics=[], capacity="9")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Choose at least one topic" in page
    assert "Enter a number from 1 to 5" in page
    assert not MentorOffer.objects.exists()


def test_an_offer_is_not_offered_to_groups_until_an_adviser_approves_it(adviser, journey):
    offer = services.mentor_offer_save(user=UserFactory(), values=OFFER)
    mentoring = ask(journey)
    assert services.offers_for(mentoring) == []
    with pytest.raises(ValidationError):
        services.mentoring_match(mentoring=mentoring, offer=offer, by=adviser, version=mentoring.version)
    services.mentor_offer_decide(offer=offer, by=adviser, approve=True, note="", version=offer.version)
    assert [o.pk for o in services.offers_for(mentoring)] == [offer.pk]


def test_an_adviser_approves_an_offer_and_the_mentor_is_told(client, adviser):
    offer = services.mentor_offer_save(user=UserFactory(), values=OFFER)
    url = reverse("referrals:mentor_offer_decide", args=[offer.pk])
    response = signed_in(client, adviser).post(url, {"decision": "approve", "note": "", "version": offer.version})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.APPROVED
    assert offer.decided_by == adviser
    notice = Notification.objects.get(recipient=offer.mentor, event_type="referrals.mentor_offer_decided")
    assert "approved" in notice.message
    # The history names the adviser who approved it.
    assert offer.history.first().history_user == adviser


def test_declining_an_offer_needs_a_reason(client, adviser):
    offer = services.mentor_offer_save(user=UserFactory(), values=OFFER)
    url = reverse("referrals:mentor_offer_decide", args=[offer.pk])
    response = signed_in(client, adviser).post(url, {"decision": "decline", "note": "", "version": offer.version})
    assert response.status_code == 200
    assert "Say why the offer is not approved" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.PENDING


def test_a_decision_on_an_offer_changed_since_it_was_read_is_refused(adviser):
    offer = services.mentor_offer_save(user=UserFactory(), values=OFFER)
    stale = offer.version
    services.mentor_offer_save(user=offer.mentor, values={**OFFER, "capacity": 3}, version=stale)
    with pytest.raises(ValidationError, match="changed this since"):
        services.mentor_offer_decide(offer=offer, by=adviser, approve=True, note="", version=stale)


# Requests ------------------------------------------------------------------------------------------


def test_a_lead_asks_for_a_mentor_and_the_adviser_is_told(client, adviser, journey):
    lead = lead_of(journey)
    url = reverse("referrals:mentoring_request", args=[journey.pk])
    response = signed_in(client, lead).post(url, {"topics": ["pensions_tupe"], "note": "Monthly calls suit us"})
    assert response.status_code == 302
    mentoring = MentoringRequest.objects.get(journey=journey)
    assert mentoring.status == MentoringRequest.Status.OPEN
    assert mentoring.topics == ["pensions_tupe"] and mentoring.requested_by == lead
    assert Notification.objects.filter(recipient=adviser, event_type="referrals.mentoring_requested").exists()
    assert JourneyEvent.objects.filter(journey=journey, summary__contains="mentor").exists()
    # One request at a time: the page is closed and the service refuses a second.
    assert client.get(url).status_code == 403
    with pytest.raises(ValidationError):
        ask(journey)


def test_a_member_who_is_not_the_lead_cannot_ask(client, journey):
    member = MembershipFactory(group=journey.group, role=Membership.Role.MEMBER).user
    url = reverse("referrals:mentoring_request", args=[journey.pk])
    assert signed_in(client, member).post(url, {"topics": ["pensions_tupe"]}).status_code == 403
    assert not MentoringRequest.objects.exists()


def test_a_request_with_no_topic_shows_the_error(client, journey):
    url = reverse("referrals:mentoring_request", args=[journey.pk])
    response = signed_in(client, lead_of(journey)).post(url, {"note": "Help"})
    assert response.status_code == 200
    assert "Choose at least one topic" in response.content.decode()


def test_a_journey_outside_the_programme_has_no_mentoring(client):
    journey = make_journey(supported=False)
    assert signed_in(client, lead_of(journey)).get(reverse(MENTORING_URL, args=[journey.pk])).status_code == 404
    with pytest.raises(ValidationError):
        ask(journey)


# Matching ------------------------------------------------------------------------------------------


def test_the_adviser_sees_mentors_with_room_best_fit_first(client, adviser, journey):
    journey.group.parent_body.region = Region.NORTH_WEST
    journey.group.parent_body.save()
    far = approved_offer(adviser, topics=["staff_engagement"], region="london", full_name="Far Away")
    near = approved_offer(adviser, topics=["staff_engagement"], region="north_west", full_name="Near By")
    wrong_topic = approved_offer(adviser, topics=["contracts"], region="north_west", full_name="Wrong Topic")
    full = approved_offer(adviser, capacity=1, topics=["staff_engagement"], full_name="Quite Full")
    matched(make_journey(supported=True), full, adviser)
    mentoring = ask(journey)
    assert [o.pk for o in services.offers_for(mentoring)] == [near.pk, far.pk, wrong_topic.pk]
    page = signed_in(client, adviser).get(reverse("referrals:mentoring_match", args=[mentoring.pk])).content.decode()
    assert page.index("Near By") < page.index("Far Away") < page.index("Wrong Topic")
    assert "Quite Full" not in page


def test_an_adviser_matches_a_mentor_and_both_sides_are_told(client, adviser, journey):
    offer = approved_offer(adviser)
    mentoring = ask(journey)
    url = reverse("referrals:mentoring_match", args=[mentoring.pk])
    response = signed_in(client, adviser).post(url, {"offer": offer.pk, "version": mentoring.version})
    assert response.status_code == 302
    mentoring.refresh_from_db()
    assert mentoring.status == MentoringRequest.Status.MATCHED
    assert mentoring.offer == offer and mentoring.matched_by == adviser
    assert Notification.objects.filter(recipient=offer.mentor, event_type="referrals.mentor_matched").exists()
    assert Notification.objects.filter(recipient=lead_of(journey), event_type="referrals.mentor_matched").exists()
    assert mentoring.history.first().history_user == adviser


def test_a_mentor_is_never_matched_beyond_their_capacity(adviser, journey):
    offer = approved_offer(adviser, capacity=1)
    matched(make_journey(supported=True), offer, adviser)
    mentoring = ask(journey)
    with pytest.raises(ValidationError, match="no room"):
        services.mentoring_match(mentoring=mentoring, offer=offer, by=adviser, version=mentoring.version)
    mentoring.refresh_from_db()
    assert mentoring.status == MentoringRequest.Status.OPEN


def test_a_mentor_cannot_lower_their_capacity_below_the_groups_they_mentor(adviser, journey):
    offer = approved_offer(adviser, capacity=2)
    matched(journey, offer, adviser)
    matched(make_journey(supported=True), offer, adviser)
    offer.refresh_from_db()
    with pytest.raises(ValidationError, match="at least that many"):
        services.mentor_offer_save(user=offer.mentor, values={**OFFER, "capacity": 1}, version=offer.version)


def test_a_paused_mentor_is_not_matched(adviser, journey):
    offer = approved_offer(adviser)
    services.mentor_offer_save(user=offer.mentor, values={**OFFER, "active": False}, version=offer.version)
    mentoring = ask(journey)
    assert services.offers_for(mentoring) == []
    with pytest.raises(ValidationError, match="not taking on groups"):
        services.mentoring_match(mentoring=mentoring, offer=offer, by=adviser, version=mentoring.version)


def test_a_match_on_a_request_changed_since_it_was_read_is_refused(adviser, journey):
    offer = approved_offer(adviser)
    mentoring = ask(journey)
    services.mentoring_end(mentoring=mentoring, by=lead_of(journey), reason="", version=mentoring.version)
    with pytest.raises(ValidationError):
        services.mentoring_match(mentoring=mentoring, offer=offer, by=adviser, version=mentoring.version)


def test_a_member_of_the_group_is_not_its_mentor(adviser, journey):
    offer = approved_offer(adviser)
    MembershipFactory(group=journey.group, user=offer.mentor)
    mentoring = ask(journey)
    assert services.offers_for(mentoring) == []
    with pytest.raises(ValidationError, match="belongs to the group"):
        services.mentoring_match(mentoring=mentoring, offer=offer, by=adviser, version=mentoring.version)


# What the matched mentor may read ------------------------------------------------------------------


def _statuses(client, world, user, rows):
    """Each row's status for `user`, each request rolled back (as the permission matrix does)."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    found = {}
    for case in rows:
        url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
        with transaction.atomic():
            found[case.id] = getattr(client, case.method)(url, case.data).status_code
            transaction.set_rollback(True)
    return found


# The journey pages where a mentor differs from the council officer journey A is shared with.
NOT_LIKE_THE_OFFICER = {
    "journeys:evidence_download": 403,  # evidence files may hold staff's personal data
    # The council's own part: its officers record its decisions and read the comments shared with the council
    # (journey A's lead shared one, not with the mentor); a mentor does neither. Both may comment.
    "journeys:council_decision_new": 403,
    "journeys:council_decision_new[post]": 403,
    "journeys:council_decision_edit": 403,
    "journeys:council_decision_edit[post]": 403,
    "journeys:council_decision_withdraw": 403,
    "journeys:council_decision_withdraw[post]": 403,
    "journeys:comment_edit": 404,
    "journeys:comment_delete": 404,
    "journeys:comment_delete[post]": 404,
}


def test_a_matched_mentor_reads_the_journey_as_the_council_it_is_shared_with_does(client, world):
    """Every journey page of the matrix: the mentor of journey A gets what council A's officer gets (read, but
    403 on every change), except the evidence files. Outcome returns and packs are not theirs either."""
    mentor = world.objects["mentoring_a"].offer.mentor
    found = _statuses(client, world, mentor, journey_matrix.ROWS)
    expected = {
        case.id: NOT_LIKE_THE_OFFICER.get(case.id, NOT_LIKE_THE_OFFICER.get(case.name, case.expect["officer"]))
        for case in journey_matrix.ROWS
    }
    assert found == expected
    assert found["journeys:overview"] == 200
    journey = world.objects["journey_a"]
    for name in ("referrals:outcome_returns", "packs:list", "journeys:members", "journeys:history"):
        assert client.get(reverse(name, args=[journey.pk])).status_code == 403, name


def test_a_mentor_who_is_not_matched_sees_no_journey(client, world):
    """An approved mentor of no group gets what any outsider (the body's representative) gets."""
    offer = approved_offer(world.user("adviser"))
    found = _statuses(client, world, offer.mentor, journey_matrix.ROWS)
    assert found == {case.id: case.expect["body"] for case in journey_matrix.ROWS}
    assert client.get(reverse(MENTORING_URL, args=[world.objects["journey_a"].pk])).status_code == 404


def test_ending_the_mentoring_takes_the_mentors_access_away_at_once(client, world):
    mentoring = world.objects["mentoring_a"]
    mentor = mentoring.offer.mentor
    journey = world.objects["journey_a"]
    overview = reverse("journeys:overview", args=[journey.pk])
    assert signed_in(client, mentor).get(overview).status_code == 200
    services.mentoring_end(mentoring=mentoring, by=world.user("staff"), reason="Done", version=mentoring.version)
    found = _statuses(client, world, mentor, journey_matrix.ROWS)
    assert found == {case.id: case.expect["body"] for case in journey_matrix.ROWS}
    assert client.get(reverse(MENTORING_URL, args=[journey.pk])).status_code == 404
    assert not journeys_visible_to(mentor).filter(pk=journey.pk).exists()  # nor in their list of journeys
    # The mentor is told, about nothing they may still open; their "you are now mentoring" leaves the inbox.
    notice = Notification.objects.get(recipient=mentor, event_type="referrals.mentoring_ended")
    assert notice.url == reverse("referrals:mentor_offer")
    inbox = {n.event_type for n in notifications_visible_to(mentor)}
    assert "referrals.mentoring_ended" in inbox and "referrals.mentor_matched" not in inbox
    assert Notification.objects.filter(recipient=mentor, event_type="referrals.mentor_matched").exists()


def test_a_mentor_cannot_change_the_journey(client, world):
    journey = world.objects["journey_a"]
    mentor = world.objects["mentoring_a"].offer.mentor
    row = task(journey, world.objects["task_a"].definition.slug)
    url = reverse("journeys:task", args=[journey.pk, row.pk])
    response = signed_in(client, mentor).post(url, {"status": "completed", "notes": "mentor", "version": row.version})
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.notes != "mentor"
    # The task page shows the evidence's names but no link to the files.
    page = client.get(url).content.decode()
    assert reverse("journeys:evidence_download", args=[journey.pk, world.objects["evidence_a"].pk]) not in page


def test_the_mentor_sees_the_groups_they_mentor_on_their_offer_page(client, world):
    mentoring = world.objects["mentoring_a"]
    page = signed_in(client, mentoring.offer.mentor).get(reverse("referrals:mentor_offer")).content.decode()
    assert world.objects["journey_a"].group.name in page
    assert reverse("journeys:overview", args=[mentoring.journey_id]) in page


# Meetings, the mentor's note, ending ----------------------------------------------------------------


def _meeting(when, **overrides):
    data = {
        "met_on_0": str(when.day),
        "met_on_1": str(when.month),
        "met_on_2": str(when.year),
        "topics": ["staff_engagement"],
        "note": "Planned the ballot timetable",
    }
    data.update(overrides)
    return data


def test_the_mentor_logs_a_meeting_and_the_group_sees_it(client, world):
    mentoring = world.objects["mentoring_a"]
    journey = world.objects["journey_a"]
    url = reverse("referrals:mentoring_meeting_new", args=[journey.pk])
    response = signed_in(client, mentoring.offer.mentor).post(url, _meeting(timezone.localdate()))
    assert response.status_code == 302
    meeting = MentoringMeeting.objects.get(mentoring=mentoring)
    assert meeting.logged_by == mentoring.offer.mentor and meeting.topics == ["staff_engagement"]
    page = signed_in(client, world.user("member")).get(reverse(MENTORING_URL, args=[journey.pk])).content.decode()
    assert "Planned the ballot timetable" in page


def test_a_meeting_in_the_future_is_refused(client, world):
    journey = world.objects["journey_a"]
    url = reverse("referrals:mentoring_meeting_new", args=[journey.pk])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = signed_in(client, world.user("staff")).post(url, _meeting(tomorrow))
    assert response.status_code == 200
    assert "must be today or in the past" in response.content.decode()
    assert not MentoringMeeting.objects.exists()


def test_the_mentor_writes_a_note_for_the_group(client, world):
    mentoring = world.objects["mentoring_a"]
    journey = world.objects["journey_a"]
    url = reverse("referrals:mentoring_note", args=[journey.pk])
    mentor_client = signed_in(client, mentoring.offer.mentor)
    assert mentor_client.post(url, {"note": "Talk to UNISON early", "version": mentoring.version}).status_code == 302
    # A second save from the same, now stale, page is refused.
    response = mentor_client.post(url, {"note": "Overwritten", "version": mentoring.version})
    assert "changed this since" in response.content.decode()
    mentoring.refresh_from_db()
    assert mentoring.mentor_note == "Talk to UNISON early"
    page = signed_in(client, world.user("staff")).get(reverse(MENTORING_URL, args=[journey.pk])).content.decode()
    assert "Talk to UNISON early" in page


def test_the_mentor_ends_the_mentoring_and_the_leads_are_told(client, world):
    mentoring = world.objects["mentoring_a"]
    journey = world.objects["journey_a"]
    url = reverse("referrals:mentoring_end", args=[journey.pk])
    response = signed_in(client, mentoring.offer.mentor).post(
        url, {"reason": "Moving on", "version": mentoring.version}
    )
    assert response.status_code == 302 and response["Location"] == reverse("referrals:mentor_offer")
    mentoring.refresh_from_db()
    assert mentoring.status == MentoringRequest.Status.ENDED and mentoring.end_reason == "Moving on"
    assert Notification.objects.filter(recipient=world.user("staff"), event_type="referrals.mentoring_ended").exists()
    assert client.get(reverse("journeys:overview", args=[journey.pk])).status_code == 404
    # The group may ask again.
    assert (
        signed_in(client, world.user("staff"))
        .get(reverse("referrals:mentoring_request", args=[journey.pk]))
        .status_code
        == 200
    )


# History and the pipeline -----------------------------------------------------------------------


def test_the_mentoring_history_shows_who_matched_and_who_ended_it(client, world):
    mentoring = world.objects["mentoring_a"]
    journey = world.objects["journey_a"]
    services.mentoring_end(mentoring=mentoring, by=world.user("staff"), reason="Done", version=mentoring.version)
    adviser = world.user("adviser")
    page = signed_in(client, adviser).get(reverse("referrals:mentoring_history", args=[journey.pk])).content.decode()
    # Names as the page writes them (a made-up name may hold an apostrophe).
    assert escape(adviser.full_name) in page and escape(world.user("staff").full_name) in page
    assert "Ended" in page
    offer_page = client.get(reverse("referrals:mentor_offer_history", args=[mentoring.offer_id])).content.decode()
    assert "Approved" in offer_page


def test_the_pipeline_shows_mentoring_coverage(client, adviser):
    offer = approved_offer(adviser, capacity=3)
    matched(make_journey(supported=True), offer, adviser)
    ask(make_journey(supported=True))
    make_journey(supported=True)
    ended = matched(make_journey(supported=True), offer, adviser)
    services.mentoring_end(mentoring=ended, by=adviser, reason="", version=ended.version)
    make_journey(supported=False)

    assert dashboard.pipeline(None)["mentoring"] == {"mentored": 1, "total": 4, "percent": 25, "waiting": 1}
    page = signed_in(client, adviser).get(reverse("referrals:pipeline")).content.decode()
    assert "of 4 supported journeys have a mentor now (25%)" in page


@pytest.mark.parametrize("size", [2, 12])
def test_the_pipeline_stays_within_its_query_budget_with_mentoring(
    client, adviser, programme, size, django_assert_num_queries
):
    offer = approved_offer(adviser, capacity=5)
    for index in range(size):
        journey = make_journey(supported=True)
        if index % 2 and index < 10:
            matched(journey, offer, adviser)
        else:
            ask(journey)
    signed_in(client, adviser)
    with django_assert_num_queries(11):  # the first of the day also counts the referrals per day
        assert client.get(reverse("referrals:pipeline")).status_code == 200
    with django_assert_num_queries(10):
        assert client.get(reverse("referrals:pipeline")).status_code == 200


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_matches_never_overfill_a_mentor(adviser):
    """Six advisers match six waiting groups to a mentor with room for two at the same moment: exactly two succeed."""
    offer = approved_offer(adviser, capacity=2)
    requests = [ask(make_journey(supported=True)) for _ in range(6)]
    barrier = threading.Barrier(len(requests))
    outcomes = []

    def attempt(mentoring):
        try:
            barrier.wait()
            services.mentoring_match(mentoring=mentoring, offer=offer, by=adviser, version=mentoring.version)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        except Exception as error:  # pragma: no cover - reported below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(mentoring,)) for mentoring in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok"] * 2 + ["refused"] * 4
    assert services.mentorings_running(offer) == 2


@pytest.mark.parametrize("status", ["spun_out", "paused"])
def test_a_lead_whose_journey_is_not_under_way_is_told_why_they_cannot_ask(client, db, status):
    journey = make_journey(supported=True)
    lead = Membership.objects.get(group=journey.group, role=Membership.Role.LEAD).user
    journey.status = status
    journey.save(update_fields=["status"])
    page = signed_in(client, lead).get(reverse(MENTORING_URL, args=[journey.pk])).content.decode()
    label = dict(journey.Status.choices)[status].lower()
    assert f"A group can ask for a mentor while its journey is under way, not once it is {label}." in page
    assert reverse("referrals:mentoring_request", args=[journey.pk]) not in page
    assert "Your group&#x27;s lead can ask for a mentor" not in page


def test_the_mentor_reads_the_comments_shared_with_them_and_comments_back(client, world):
    from journeys import services as journey_services
    from journeys.models import Comment

    journey = world.objects["journey_a"]
    mentoring = world.objects["mentoring_a"]
    mentor = mentoring.offer.mentor
    lead = world.user("staff")
    row = task(journey, world.objects["task_a"].definition.slug)
    journey_services.comment_add(journey=journey, by=lead, body="For our mentor", task=row, visible_to_mentor=True)
    journey_services.comment_add(journey=journey, by=lead, body="Between us", task=row)
    url = reverse("journeys:task", args=[journey.pk, row.pk])
    page = signed_in(client, mentor).get(url).content.decode()
    assert "For our mentor" in page and "Between us" not in page
    assert "You, as the group&#x27;s mentor, can." in page
    response = client.post(reverse("journeys:task_comments", args=[journey.pk, row.pk]), {"body": "Try the CIC route"})
    assert response.status_code == 302
    answer = Comment.objects.get(body="Try the CIC route")
    assert (answer.author, answer.visible_to_mentor, answer.visible_to_adviser) == (mentor, True, False)
    assert "Seen by the staff group and the group&#x27;s mentor" in signed_in(client, lead).get(url).content.decode()
    assert "Try the CIC route" not in signed_in(client, world.user("adviser")).get(url).content.decode()
    # The lead hears of it (a comment from outside the group).
    assert Notification.objects.filter(recipient=lead, event_type="journeys.comment_added").exists()
    # Once the mentoring ends, the comments go with the rest of the journey.
    services.mentoring_end(mentoring=mentoring, by=lead, reason="Done", version=mentoring.version)
    assert signed_in(client, mentor).get(url).status_code == 404


def test_a_comment_for_the_mentor_needs_a_supported_journey(db):
    from django.core.exceptions import ValidationError as Invalid

    from journeys import services as journey_services
    from journeys.models import Comment

    journey = make_journey()
    lead = Membership.objects.get(group=journey.group, role=Membership.Role.LEAD).user
    row = task(journey, "why-and-vision")
    with pytest.raises(Invalid, match="it has no mentor"):
        journey_services.comment_add(journey=journey, by=lead, body="Hi", task=row, visible_to_mentor=True)
    assert not Comment.objects.exists()
