"""An adviser withdraws a mentor's approval (the mentor left their mutual, a conflict of interest): with a reason,
recorded with who and when; the mentor is no longer offered to groups, and the mentorings they run end with the
reason, so their read access to those journeys ends at once. The groups' leads and the mentor are told."""

import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from journeys.models import JourneyEvent
from notifications.models import Notification
from programme import services
from programme.models import MentoringRequest, MentorOffer
from tests.factories import UserFactory
from tests.journeys.factories import make_journey
from tests.programme.test_mentoring import approved_offer, ask, lead_of, matched, signed_in
from tests.programme.world import OFFER

pytestmark = pytest.mark.django_db

REASON = "Ruth has left Larkspur and now works for the council commissioning this service"


def withdraw_url(offer):
    return reverse("referrals:mentor_offer_withdraw", args=[offer.pk])


def withdraw(offer, adviser, reason=REASON):
    offer.refresh_from_db()
    return services.mentor_offer_withdraw(offer=offer, by=adviser, reason=reason, version=offer.version)


# The service ---------------------------------------------------------------------------------------


def test_a_withdrawn_mentor_is_no_longer_offered_for_new_matches(adviser):
    offer = approved_offer(adviser)
    waiting = ask(make_journey(supported=True))
    assert [o.pk for o in services.offers_for(waiting)] == [offer.pk]
    withdraw(offer, adviser)
    assert services.offers_for(waiting) == []
    assert not MentorOffer.objects.offered().filter(pk=offer.pk).exists()
    with pytest.raises(ValidationError, match="not taking on groups"):
        services.mentoring_match(mentoring=waiting, offer=offer, by=adviser, version=waiting.version)
    waiting.refresh_from_db()
    assert waiting.status == MentoringRequest.Status.OPEN


def test_the_withdrawal_is_recorded_with_who_when_and_why_and_the_approval_stays_in_the_history(adviser):
    offer = approved_offer(adviser)
    approved_version = offer.version
    offer, ended = withdraw(offer, adviser, reason=f"  {REASON}  ")
    assert ended == []
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.WITHDRAWN
    assert offer.decided_by == adviser and offer.decided_at is not None
    assert offer.decision_note == REASON
    assert offer.version == approved_version + 1
    latest, before = offer.history.all()[:2]
    assert (latest.status, latest.history_user, latest.decision_note) == ("withdrawn", adviser, REASON)
    assert (before.status, before.history_user) == ("approved", adviser)
    notice = Notification.objects.get(recipient=offer.mentor, message__contains="withdrew")
    assert notice.message == "An adviser withdrew the approval of your offer to mentor"


def test_withdrawing_ends_the_mentorings_the_mentor_runs_with_the_reason(adviser):
    offer = approved_offer(adviser, capacity=3)
    first, second = make_journey(supported=True), make_journey(supported=True)
    running = [matched(first, offer, adviser), matched(second, offer, adviser)]
    earlier = matched(make_journey(supported=True), offer, adviser)
    services.mentoring_end(mentoring=earlier, by=adviser, reason="Finished", version=earlier.version)
    _, ended = withdraw(offer, adviser)
    assert sorted(m.pk for m in ended) == sorted(m.pk for m in running)
    for mentoring in running:
        mentoring.refresh_from_db()
        assert mentoring.status == MentoringRequest.Status.ENDED
        assert mentoring.ended_by == adviser and mentoring.ended_at is not None
        assert mentoring.end_reason == f"The mentor's approval was withdrawn: {REASON}"
        assert mentoring.history.first().history_user == adviser
        lead = lead_of(mentoring.journey)
        notice = Notification.objects.get(recipient=lead, event_type="referrals.mentoring_ended")
        assert "withdrew their approval" in notice.message and REASON not in notice.message
        assert notice.url == reverse("referrals:journey_mentoring", args=[mentoring.journey_id])
        assert JourneyEvent.objects.filter(
            journey=mentoring.journey, actor=adviser, summary="Mentoring ended: the mentor's approval was withdrawn"
        ).exists()
    earlier.refresh_from_db()
    assert earlier.end_reason == "Finished"  # an ended mentoring is left as it was
    assert services.mentorings_running(offer) == 0
    notice = Notification.objects.get(recipient=offer.mentor, message__contains="withdrew")
    assert (
        notice.message
        == "An adviser withdrew the approval of your offer to mentor: your mentoring of 2 groups has ended"
    )


def test_a_withdrawal_needs_a_reason(adviser):
    offer = approved_offer(adviser)
    with pytest.raises(ValidationError) as refused:
        withdraw(offer, adviser, reason="   ")
    assert refused.value.message_dict == {"reason": ["Say why you are withdrawing the approval"]}
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.APPROVED


def test_a_withdrawal_on_an_offer_changed_since_it_was_read_is_refused(adviser):
    offer = approved_offer(adviser)
    stale = offer.version
    services.mentor_offer_save(user=offer.mentor, values={**OFFER, "capacity": 3}, version=stale)
    with pytest.raises(ValidationError, match="changed this since"):
        services.mentor_offer_withdraw(offer=offer, by=adviser, reason=REASON, version=stale)
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.APPROVED


@pytest.mark.parametrize("approve", [None, False], ids=["pending", "declined"])
def test_only_an_approval_that_stands_can_be_withdrawn(adviser, approve):
    offer = services.mentor_offer_save(user=UserFactory(), values=OFFER)
    if approve is not None:
        offer = services.mentor_offer_decide(offer=offer, by=adviser, approve=approve, note="No", version=offer.version)
    with pytest.raises(ValidationError, match="not approved, so there is no approval to withdraw"):
        withdraw(offer, adviser)


def test_an_approval_cannot_be_withdrawn_twice(adviser):
    offer = approved_offer(adviser)
    withdraw(offer, adviser)
    with pytest.raises(ValidationError, match="no approval to withdraw"):
        withdraw(offer, adviser)


def test_only_an_adviser_withdraws_an_approval(adviser):
    offer = approved_offer(adviser)
    with pytest.raises(ValidationError, match="Only an adviser"):
        withdraw(offer, UserFactory())
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.APPROVED


def test_a_mentor_whose_approval_was_withdrawn_changes_their_offer_and_it_waits_for_approval_again(adviser):
    offer = approved_offer(adviser)
    offer, _ = withdraw(offer, adviser)
    offer = services.mentor_offer_save(
        user=offer.mentor, values={**OFFER, "mutual_name": "Another Care Mutual"}, version=offer.version
    )
    assert offer.status == MentorOffer.Status.PENDING
    assert (offer.decided_by, offer.decision_note) == (None, "")
    assert services.offers_for(ask(make_journey(supported=True))) == []


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_match_at_the_moment_of_a_withdrawal_never_leaves_a_withdrawn_mentor_mentoring(adviser):
    """A match and a withdrawal of the same mentor at once: whichever goes first, no mentoring runs afterwards."""
    offer = approved_offer(adviser)
    waiting = ask(make_journey(supported=True))
    barrier = threading.Barrier(2)
    outcomes = {}

    def attempt(name, action):
        try:
            barrier.wait()
            action()
            outcomes[name] = "ok"
        except ValidationError as error:
            outcomes[name] = error.messages[0]
        except Exception as error:  # pragma: no cover - reported below
            outcomes[name] = repr(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=attempt,
            args=(
                "match",
                lambda: services.mentoring_match(mentoring=waiting, offer=offer, by=adviser, version=waiting.version),
            ),
        ),
        threading.Thread(
            target=attempt,
            args=(
                "withdraw",
                lambda: services.mentor_offer_withdraw(offer=offer, by=adviser, reason=REASON, version=offer.version),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes["withdraw"] == "ok"
    assert outcomes["match"] in ("ok", "This mentor is not taking on groups now: choose another")
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.WITHDRAWN
    assert services.mentorings_running(offer) == 0


# Access ------------------------------------------------------------------------------------------------


def test_the_mentor_sees_their_offer_but_may_not_withdraw_its_approval(client, adviser):
    offer = approved_offer(adviser)
    mentor_client = signed_in(client, offer.mentor)
    assert mentor_client.get(reverse("referrals:mentor_offer")).status_code == 200
    assert mentor_client.get(withdraw_url(offer)).status_code == 403
    response = mentor_client.post(withdraw_url(offer), {"reason": "I quit", "version": offer.version})
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.APPROVED


def test_another_mentor_or_an_anonymous_person_learns_nothing_of_the_offer(client, adviser):
    offer = approved_offer(adviser)
    other = approved_offer(adviser, email="other-mentor@example.test")
    response = client.get(withdraw_url(offer))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    other_client = signed_in(client, other.mentor)
    assert other_client.get(withdraw_url(offer)).status_code == 404
    assert other_client.post(withdraw_url(offer), {"reason": "x", "version": offer.version}).status_code == 404
    assert other_client.get(reverse("referrals:mentor_offer_withdraw", args=[offer.pk + 1000])).status_code == 404
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.APPROVED


# The pages -----------------------------------------------------------------------------------------------


def test_the_adviser_finds_the_withdrawal_on_the_approved_offer_only(client, adviser):
    offer = approved_offer(adviser)
    decide_url = reverse("referrals:mentor_offer_decide", args=[offer.pk])
    page = signed_in(client, adviser).get(decide_url).content.decode()
    assert withdraw_url(offer) in page and "Withdraw the approval" in page
    pending = services.mentor_offer_save(user=UserFactory(), values=OFFER)
    page = client.get(reverse("referrals:mentor_offer_decide", args=[pending.pk])).content.decode()
    assert withdraw_url(pending) not in page
    # A pending offer has no approval to withdraw: back to the offer, with a message.
    response = client.get(withdraw_url(pending), follow=True)
    assert response.redirect_chain == [(reverse("referrals:mentor_offer_decide", args=[pending.pk]), 302)]
    assert "there is no approval to withdraw" in response.content.decode()


def test_the_confirmation_page_names_the_mentorings_that_will_end(client, adviser):
    offer = approved_offer(adviser)
    journey = make_journey(supported=True)
    matched(journey, offer, adviser)
    page = signed_in(client, adviser).get(withdraw_url(offer)).content.decode()
    assert "The mentoring of this group will end now, with your reason recorded" in page
    assert escape(journey.group.name) in page
    assert "will no longer be able to read its journey" in page
    assert "can ask for another mentor" in page
    alone = approved_offer(adviser, email="alone@example.test")
    page = client.get(withdraw_url(alone)).content.decode()
    assert "mentors no group now, so no mentoring ends" in page


def test_a_withdrawal_without_a_reason_shows_the_error_summary_and_changes_nothing(client, adviser):
    offer = approved_offer(adviser)
    mentoring = matched(make_journey(supported=True), offer, adviser)
    response = signed_in(client, adviser).post(withdraw_url(offer), {"reason": "  ", "version": offer.version})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert '<a href="#id_reason">Say why you are withdrawing the approval</a>' in page
    assert page.count("Say why you are withdrawing the approval") == 2  # in the summary and by the question
    offer.refresh_from_db()
    mentoring.refresh_from_db()
    assert offer.status == MentorOffer.Status.APPROVED
    assert mentoring.status == MentoringRequest.Status.MATCHED


def test_a_stale_withdrawal_form_is_refused_with_the_error_summary(client, adviser):
    offer = approved_offer(adviser)
    stale = offer.version
    services.mentor_offer_save(user=offer.mentor, values={**OFFER, "capacity": 3}, version=stale)
    response = signed_in(client, adviser).post(withdraw_url(offer), {"reason": REASON, "version": stale})
    assert response.status_code == 200
    assert "Someone else changed this since you opened the page" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.APPROVED
    # The page now carries the version it shows: sent again, having checked it, the withdrawal goes through.
    shown = re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1)
    assert int(shown) == offer.version != stale
    again = client.post(withdraw_url(offer), {"reason": REASON, "version": shown})
    assert again.status_code == 302
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.WITHDRAWN


def test_the_adviser_withdraws_an_approval_and_the_mentor_loses_the_journey_at_once(client, world):
    mentoring = world.objects["mentoring_a"]
    offer, journey, adviser = mentoring.offer, world.objects["journey_a"], world.user("adviser")
    mentor = offer.mentor
    overview = reverse("journeys:overview", args=[journey.pk])
    assert signed_in(client, mentor).get(overview).status_code == 200
    response = signed_in(client, adviser).post(withdraw_url(offer), {"reason": REASON, "version": offer.version})
    decide_url = reverse("referrals:mentor_offer_decide", args=[offer.pk])
    assert response.status_code == 302 and response.url == decide_url
    page = client.get(decide_url).content.decode()
    assert f"Approval of {escape(mentor.full_name)}&#x27;s offer withdrawn: 1 mentoring ended" in page
    assert "Approval withdrawn" in page and escape(REASON) in page
    assert withdraw_url(offer) not in page  # nothing left to withdraw
    mentoring.refresh_from_db()
    assert mentoring.status == MentoringRequest.Status.ENDED
    # The mentor's read access went with it; the group may ask for another mentor.
    assert signed_in(client, mentor).get(overview).status_code == 404
    mentor_page = client.get(reverse("referrals:mentor_offer")).content.decode()
    assert "Approval withdrawn" in mentor_page and escape(REASON) in mentor_page
    lead_client = signed_in(client, world.user("staff"))
    assert lead_client.get(reverse("referrals:mentoring_request", args=[journey.pk])).status_code == 200
    # The offer's change history names the adviser and the withdrawal.
    history = signed_in(client, adviser).get(reverse("referrals:mentor_offer_history", args=[offer.pk]))
    text = history.content.decode()
    assert "Approval withdrawn" in text and escape(adviser.full_name) in text
    # Off the advisers' list of mentors to match, and on their list of offers not approved or withdrawn.
    mentors, not_approved = client.get(reverse("referrals:mentoring")).content.decode().split('id="not-approved"', 1)
    assert decide_url not in mentors and decide_url in not_approved
