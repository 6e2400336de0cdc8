"""Offers that an adviser did not approve, or whose approval was withdrawn, are listed on the advisers' mentoring
page, and an adviser may approve such an offer again, with a reason, without the mentor changing it first: recorded
with who and when, the mentor told. Mentorings a withdrawal ended stay ended (their groups ask again)."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from notifications.models import Notification
from programme import services
from programme.models import MentoringRequest, MentorOffer
from tests.factories import UserFactory
from tests.journeys.factories import make_journey
from tests.programme.test_mentoring import approved_offer, ask, matched, signed_in
from tests.programme.world import OFFER

pytestmark = pytest.mark.django_db

REASON = "The conflict of interest ended when Ruth's council contract finished"
MENTORING_URL = reverse("referrals:mentoring")


def reapprove_url(offer):
    return reverse("referrals:mentor_offer_reapprove", args=[offer.pk])


def offer_url(offer):
    return reverse("referrals:mentor_offer_decide", args=[offer.pk])


def declined_offer(adviser, note="We need to hear more about your spin-out first", **user):
    offer = services.mentor_offer_save(user=UserFactory(**user), values=OFFER)
    return services.mentor_offer_decide(offer=offer, by=adviser, approve=False, note=note, version=offer.version)


def withdrawn_offer(adviser, reason="Took a post with the commissioner", **user):
    offer, _ = services.mentor_offer_withdraw(
        offer=(offer := approved_offer(adviser, **user)), by=adviser, reason=reason, version=offer.version
    )
    return offer


def not_approved(kind, adviser, **kwargs):
    return declined_offer(adviser, **kwargs) if kind == "declined" else withdrawn_offer(adviser, **kwargs)


def reapprove(offer, adviser, note=REASON):
    offer.refresh_from_db()
    return services.mentor_offer_reapprove(offer=offer, by=adviser, note=note, version=offer.version)


def section(page: str) -> str:
    """The mentoring page's section of offers not approved or withdrawn."""
    return page.split('id="not-approved"', 1)[1]


# The service ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["declined", "withdrawn"])
def test_an_adviser_approves_an_offer_again_with_who_when_and_why_recorded(adviser, other_adviser, kind):
    offer = not_approved(kind, adviser)
    before = offer.version
    second = other_adviser
    started = timezone.now()
    offer = reapprove(offer, second, note=f"  {REASON}  ")
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.APPROVED
    assert offer.decided_by == second and started <= offer.decided_at <= timezone.now()
    assert offer.decision_note == REASON
    assert offer.version == before + 1
    # The offer's history: the new approval with who and when, the earlier decision kept.
    latest, earlier = offer.history.all()[:2]
    assert (latest.status, latest.history_user, latest.decision_note) == ("approved", second, REASON)
    assert started <= latest.history_date <= timezone.now()
    assert (earlier.status, earlier.history_user) == (kind, adviser)
    # Offered to groups again.
    assert MentorOffer.objects.offered().filter(pk=offer.pk).exists()
    waiting = ask(make_journey(supported=True))
    assert [o.pk for o in services.offers_for(waiting)] == [offer.pk]


@pytest.mark.parametrize(
    "kind, told",
    [
        # A declined offer was never approved: it is approved, not approved "again".
        ("declined", "Your offer to mentor staff groups was approved: an adviser will match you with a group"),
        ("withdrawn", "Your offer to mentor staff groups was approved again: an adviser will match you with a group"),
    ],
)
def test_the_mentor_is_told_their_offer_is_approved(adviser, kind, told):
    offer = not_approved(kind, adviser)
    before = set(Notification.objects.filter(recipient=offer.mentor).values_list("pk", flat=True))
    reapprove(offer, adviser)
    notice = Notification.objects.filter(recipient=offer.mentor).exclude(pk__in=before).get()
    assert notice.event_type == "referrals.mentor_offer_decided"
    assert notice.message == told
    assert notice.url == reverse("referrals:mentor_offer")


def test_approving_again_needs_a_reason(adviser):
    offer = declined_offer(adviser)
    with pytest.raises(ValidationError) as refused:
        reapprove(offer, adviser, note="   ")
    assert refused.value.message_dict == {"note": ["Say why you are approving the offer now"]}
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.DECLINED


def test_only_an_adviser_approves_an_offer_again(adviser):
    offer = declined_offer(adviser)
    told = Notification.objects.count()
    for someone in (offer.mentor, UserFactory()):
        with pytest.raises(ValidationError) as refused:
            reapprove(offer, someone)
        assert refused.value.messages == ["Only an adviser can approve an offer to mentor again"]
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.DECLINED
    assert Notification.objects.count() == told


def test_an_offer_waiting_for_a_decision_is_decided_not_approved_again(adviser):
    offer = services.mentor_offer_save(user=UserFactory(), values=OFFER)
    with pytest.raises(ValidationError) as refused:
        reapprove(offer, adviser)
    assert refused.value.messages == ["This offer is waiting for a decision: approve it or not instead"]
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.PENDING


def test_an_approved_offer_cannot_be_approved_again(adviser):
    offer = approved_offer(adviser)
    version = offer.version
    with pytest.raises(ValidationError) as refused:
        reapprove(offer, adviser)
    assert refused.value.messages == ["This offer is approved already"]
    offer.refresh_from_db()
    assert (offer.version, offer.decision_note) == (version, "")


def test_an_offer_approved_again_cannot_be_approved_again_twice(adviser):
    offer = withdrawn_offer(adviser)
    reapprove(offer, adviser)
    with pytest.raises(ValidationError, match="approved already"):
        reapprove(offer, adviser)


def test_approving_again_an_offer_changed_since_it_was_read_is_refused(adviser, other_adviser):
    offer = declined_offer(adviser)
    stale = offer.version
    second = other_adviser
    services.mentor_offer_reapprove(offer=offer, by=second, note="First", version=stale)  # another adviser, first
    with pytest.raises(ValidationError) as refused:
        services.mentor_offer_reapprove(offer=offer, by=adviser, note=REASON, version=stale)
    assert refused.value.messages == [services.CHANGED_SINCE]
    offer.refresh_from_db()
    assert (offer.decided_by, offer.decision_note) == (second, "First")


def test_mentorings_a_withdrawal_ended_stay_ended_and_their_groups_ask_again(adviser):
    offer = approved_offer(adviser, capacity=3)
    journey = make_journey(supported=True)
    mentoring = matched(journey, offer, adviser)
    offer, _ = services.mentor_offer_withdraw(offer=offer, by=adviser, reason="Conflict", version=offer.version)
    reapprove(offer, adviser)
    mentoring.refresh_from_db()
    assert mentoring.status == MentoringRequest.Status.ENDED
    assert services.mentorings_running(offer) == 0
    again = ask(journey)  # the group asks again and an adviser matches it
    assert again.status == MentoringRequest.Status.OPEN
    services.mentoring_match(mentoring=again, offer=offer, by=adviser, version=again.version)
    assert services.mentorings_running(offer) == 1


# Access ------------------------------------------------------------------------------------------------


def test_nobody_but_an_adviser_learns_of_the_page(client, adviser, council):
    offer = declined_offer(adviser)
    url = reapprove_url(offer)
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    officer = UserFactory(role=User.Role.OFFICER, public_body=council)
    for someone in (offer.mentor, UserFactory(), officer, UserFactory(role=User.Role.BODY)):
        signed_in(client, someone)
        assert client.get(url).status_code == 404
        assert client.post(url, {"note": "Approve me", "version": offer.version}).status_code == 404
    assert (
        signed_in(client, adviser).get(reverse("referrals:mentor_offer_reapprove", args=[offer.pk + 1000])).status_code
        == 404
    )
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.DECLINED


@pytest.mark.parametrize("state", ["pending", "approved"])
def test_an_offer_that_is_not_turned_down_sends_the_adviser_back_to_it(client, adviser, state):
    offer = (
        services.mentor_offer_save(user=UserFactory(), values=OFFER) if state == "pending" else approved_offer(adviser)
    )
    signed_in(client, adviser)
    assert reapprove_url(offer) not in client.get(offer_url(offer)).content.decode()
    response = client.post(reapprove_url(offer), {"note": REASON, "version": offer.version}, follow=True)
    assert response.redirect_chain == [(offer_url(offer), 302)]
    assert (
        "Only an offer not approved, or whose approval was withdrawn, can be approved again"
        in response.content.decode()
    )
    offer.refresh_from_db()
    assert offer.decision_note == ""


# The pages -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind, link", [("declined", "Approve the offer"), ("withdrawn", "Approve again")])
def test_the_offer_page_links_to_approving_it_again(client, adviser, kind, link):
    offer = not_approved(kind, adviser)
    page = signed_in(client, adviser).get(offer_url(offer)).content.decode()
    assert f'href="{reapprove_url(offer)}" data-module="govuk-button">{link}</a>' in page
    assert reverse("referrals:mentor_offer_withdraw", args=[offer.pk]) not in page


def test_the_confirmation_page_shows_the_offer_and_why_it_was_withdrawn(client, adviser):
    reason = "Took a post with <b>the commissioner</b> & left"
    offer = withdrawn_offer(adviser, reason=reason)
    response = signed_in(client, adviser).get(reapprove_url(offer))
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(offer.mentor.full_name) in page and escape(offer.mutual_name) in page
    assert "Why the approval was withdrawn" in page and escape(reason) in page and reason not in page
    assert "Approval withdrawn" in page
    assert "Mentorings that ended when the approval was withdrawn do not start again" in page
    assert '<h1 class="govuk-heading-xl">Approve the offer again</h1>' in page
    assert "will be offered again to staff groups" in page and ">Approve the offer again</button>" in page
    assert f'name="version" value="{offer.version}"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert '<textarea name="note"' in page


def test_the_confirmation_page_of_an_offer_not_approved_gives_its_reason(client, adviser):
    offer = declined_offer(adviser, note="No spin-out named")
    page = signed_in(client, adviser).get(reapprove_url(offer)).content.decode()
    assert "Why it was not approved" in page and "No spin-out named" in page
    assert "do not start again" not in page  # no mentoring ended with a decline
    # It was never approved: approved, not approved "again".
    assert '<h1 class="govuk-heading-xl">Approve the offer</h1>' in page
    assert "will be offered to staff groups" in page and ">Approve the offer</button>" in page
    assert "again" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_adviser_approves_an_offer_again_and_finds_it_among_the_mentors(client, adviser):
    offer = withdrawn_offer(adviser, full_name="Ruth Okafor")
    response = signed_in(client, adviser).post(reapprove_url(offer), {"note": REASON, "version": offer.version})
    assert response.status_code == 302 and response.url == offer_url(offer)
    page = client.get(offer_url(offer)).content.decode()
    assert "Ruth Okafor&#x27;s offer to mentor is approved again" in page
    assert escape(REASON) in page and escape(adviser.full_name) in page
    assert reapprove_url(offer) not in page  # approved: nothing to approve again, an approval to withdraw
    assert reverse("referrals:mentor_offer_withdraw", args=[offer.pk]) in page
    offer.refresh_from_db()
    assert (offer.status, offer.decided_by) == (MentorOffer.Status.APPROVED, adviser)
    mentoring = client.get(MENTORING_URL).content.decode()
    mentors, rest = mentoring.split('id="not-approved"', 1)
    assert offer_url(offer) in mentors and offer_url(offer) not in rest
    history = client.get(reverse("referrals:mentor_offer_history", args=[offer.pk])).content.decode()
    assert escape(REASON) in history and escape(adviser.full_name) in history


def test_approving_again_without_a_reason_shows_the_error_summary_and_changes_nothing(client, adviser):
    offer = declined_offer(adviser)
    response = signed_in(client, adviser).post(reapprove_url(offer), {"note": "  ", "version": offer.version})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert '<a href="#id_note">Say why you are approving the offer now</a>' in page
    assert page.count("Say why you are approving the offer now") == 2  # in the summary and by the question
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.DECLINED


def test_a_stale_form_is_refused_with_the_error_summary(client, adviser):
    offer = declined_offer(adviser)
    stale = offer.version
    services.mentor_offer_save(user=offer.mentor, values={**OFFER, "capacity": 3}, version=stale)  # back to pending
    services.mentor_offer_decide(offer=offer, by=adviser, approve=False, note="Still no", version=stale + 1)
    response = signed_in(client, adviser).post(reapprove_url(offer), {"note": REASON, "version": stale})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Someone else changed this since you opened the page" in page
    offer.refresh_from_db()
    assert (offer.status, offer.decision_note) == (MentorOffer.Status.DECLINED, "Still no")
    # The page now carries the version it shows: sent again, having checked it, the approval goes through.
    shown = re.search(r'name="version" value="(\d+)"', page).group(1)
    assert int(shown) == offer.version != stale
    assert client.post(reapprove_url(offer), {"note": REASON, "version": shown}).status_code == 302
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.APPROVED


# The advisers' list ---------------------------------------------------------------------------------------


def test_offers_not_approved_or_withdrawn_are_listed_with_their_reason_who_and_when(client, adviser, other_adviser):
    second = other_adviser
    declined = declined_offer(adviser, note="Tell us <script>alert(1)</script> more", full_name="Dee Clined")
    withdrawn = withdrawn_offer(second, reason="Left the mutual", full_name="Wyn Drawn")
    MentorOffer.objects.filter(pk=declined.pk).update(decided_at=timezone.now() - timedelta(days=3))
    approved = approved_offer(adviser, full_name="Abe Proved")
    pending = services.mentor_offer_save(user=UserFactory(full_name="Pen Ding"), values=OFFER)
    whole = signed_in(client, adviser).get(MENTORING_URL).content.decode()
    assert '<h2 class="govuk-heading-m" id="not-approved">Offers not approved or withdrawn</h2>' in whole
    page = section(whole)
    assert f'href="{offer_url(declined)}">Dee Clined</a>' in page
    assert f'href="{offer_url(withdrawn)}">Wyn Drawn</a>' in page
    assert offer_url(approved) not in page and offer_url(pending) not in page
    assert page.index("Wyn Drawn") < page.index("Dee Clined")  # the latest decision first
    assert ">Not approved</strong>" in page and ">Approval withdrawn</strong>" in page
    assert escape("Tell us <script>alert(1)</script> more") in page and "<script>alert(1)" not in page
    assert "Left the mutual" in page
    assert escape(OFFER["mutual_name"]) in page
    declined.refresh_from_db()
    withdrawn.refresh_from_db()
    assert f"{timezone.localtime(declined.decided_at):%-d %b %Y} by {escape(adviser.full_name)}" in page
    assert f"{timezone.localtime(withdrawn.decided_at):%-d %b %Y} by {escape(second.full_name)}" in page
    assert "No offer has been turned down" not in page


def test_the_list_says_when_no_offer_was_turned_down(client, adviser):
    approved_offer(adviser)
    page = section(signed_in(client, adviser).get(MENTORING_URL).content.decode())
    assert "No offer has been turned down or had its approval withdrawn." in page
    assert "<table" not in page


def test_the_list_shows_25_offers_a_page_with_its_own_page_number(client, adviser):
    offers = [declined_offer(adviser, note=f"Reason {index}") for index in range(26)]
    now = timezone.now()
    for index, offer in enumerate(offers):  # offer 0 decided last: first on the list
        MentorOffer.objects.filter(pk=offer.pk).update(decided_at=now - timedelta(hours=index))
    signed_in(client, adviser)
    first = section(client.get(MENTORING_URL).content.decode())
    assert sum(offer_url(offer) in first for offer in offers) == 25
    assert offer_url(offers[25]) not in first
    assert "?not_approved=2" in first
    second = section(client.get(MENTORING_URL, {"not_approved": 2, "offers": 1}).content.decode())
    assert [offer for offer in offers if offer_url(offer) in second] == [offers[25]]
    assert "offers=1" in second  # the other lists' page numbers are kept


def _queries_of_the_mentoring_page(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(MENTORING_URL).status_code == 200
    return len(captured)


def test_the_mentoring_page_makes_as_many_queries_for_many_offers_as_for_few(client, adviser):
    signed_in(client, adviser)

    def add_one_of_each():
        declined_offer(adviser)
        withdrawn_offer(adviser)
        approved = approved_offer(adviser, capacity=2)
        matched(make_journey(supported=True), approved, adviser)
        ask(make_journey(supported=True))
        services.mentor_offer_save(user=UserFactory(), values=OFFER)

    add_one_of_each()
    _queries_of_the_mentoring_page(client)  # the first request fills what a session keeps
    few = _queries_of_the_mentoring_page(client)
    for _ in range(7):
        add_one_of_each()
    many = _queries_of_the_mentoring_page(client)
    assert MentorOffer.objects.not_approved().count() == 16
    assert many == few
