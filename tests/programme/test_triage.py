from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Region
from notifications.models import Notification
from programme import services
from programme.models import Referral, ReferralEvent, TriageAssessment
from programme.views import QUEUE_ORDER
from tests.programme.factories import STRONG, assess, make_referral

QUEUE = reverse("referrals:queue")


def assess_data(**overrides):
    data = {"t1_definition": "yes", "t2_england": "yes", "requested_support": "120000", "notes": "Good call"}
    data.update({field: str(points) for field, points in STRONG.items()})
    data.update(overrides)
    return data


def test_the_queue_lists_open_referrals_oldest_first(adviser_client, adviser):
    first, second = make_referral(organisation="First"), make_referral(organisation="Second")
    decided = make_referral(organisation="Decided")
    services.referral_decline(referral=decided, by=adviser, reason="Out of scope")
    response = adviser_client.get(QUEUE)
    content = response.content.decode()
    assert content.index(first.reference) < content.index(second.reference)
    assert decided.reference not in content
    assert "2 referrals" in content


def test_the_queue_filters_by_region_band_and_assignee(adviser_client, adviser):
    london = make_referral(region=Region.LONDON)
    north = make_referral(region=Region.NORTH_EAST)
    scored = make_referral()
    assess(scored, adviser)  # strong: high band, assigned to nobody
    services.referral_assign(referral=north, adviser=adviser, by=adviser)

    def refs(**params):
        return {r.reference for r in adviser_client.get(QUEUE, params).context["page"].object_list}

    assert refs(region=Region.LONDON) == {london.reference}
    assert refs(band="high") == {scored.reference}
    assert refs(band="none") == {london.reference, north.reference}
    assert refs(mine="on") == {north.reference}
    assert refs(status="all") == {london.reference, north.reference, scored.reference}


def test_the_queue_sorts_by_score(adviser_client, adviser):
    low, high = make_referral(), make_referral()
    assess(low, adviser, points=dict.fromkeys(STRONG, 0))
    assess(high, adviser)
    unscored = make_referral()
    rows = list(adviser_client.get(QUEUE, {"sort": "score"}).context["page"].object_list)
    assert rows == [high, low, unscored]


def test_the_queue_as_opened_reads_what_the_orm_reads_in_each_order(adviser_client, adviser):
    """The queue without filters (statements compiled once) lists and counts the open referrals as the ORM does."""
    referrals = [make_referral(organisation=f"Body {index}") for index in range(4)]
    assess(referrals[1], adviser)
    services.referral_decline(referral=referrals[2], by=adviser, reason="Out of scope")
    open_ones = Referral.objects.open()
    for sort, order in QUEUE_ORDER.items():
        page = adviser_client.get(QUEUE, {"sort": sort, "status": "open"}).context["page"]
        assert [r.pk for r in page.object_list] == list(open_ones.order_by(*order).values_list("pk", flat=True))
        assert page.paginator.count == 3
    # A referral decided since is gone from the next page load.
    services.referral_decline(referral=referrals[3], by=adviser, reason="Out of scope")
    assert adviser_client.get(QUEUE).context["page"].paginator.count == 2


def test_the_queue_paginates(adviser_client):
    for _ in range(27):
        make_referral()
    page = adviser_client.get(QUEUE).context["page"]
    assert len(page.object_list) == 25 and page.paginator.num_pages == 2
    assert len(adviser_client.get(QUEUE, {"page": 2}).context["page"].object_list) == 2


@pytest.mark.parametrize("size", [3, 30])
def test_the_queue_uses_a_constant_number_of_queries(adviser_client, adviser, django_assert_num_queries, size):
    for index in range(size):
        referral = make_referral()
        if index % 2:
            assess(referral, adviser)
    with django_assert_num_queries(5):
        assert adviser_client.get(QUEUE).status_code == 200


def test_assign_to_me_moves_a_new_referral_into_progress_and_logs_it(adviser_client, adviser):
    referral = make_referral()
    response = adviser_client.post(reverse("referrals:assign", args=[referral.pk]), {"next": QUEUE})
    assert response["Location"] == QUEUE
    referral.refresh_from_db()
    assert referral.assigned_adviser == adviser
    assert referral.status == Referral.Status.IN_PROGRESS
    event = referral.events.first()
    assert (event.actor, event.from_status, event.to_status) == (adviser, "new", "in_progress")
    assert "Assigned to Ada Adviser" in event.note


def test_assigning_another_adviser_notifies_them(adviser, other_adviser):
    referral = make_referral()
    services.referral_assign(referral=referral, adviser=other_adviser, by=adviser)
    notification = Notification.objects.get(recipient=other_adviser)
    assert notification.event_type == "referrals.assigned"
    assert referral.reference in notification.message


def test_an_assessment_is_scored_banded_and_moves_the_referral_on(adviser_client, adviser):
    referral = make_referral()
    response = adviser_client.post(reverse("referrals:assess", args=[referral.pk]), assess_data())
    assert response.status_code == 302
    assessment = TriageAssessment.objects.get(referral=referral)
    assert assessment.score == Decimal("86.7") and assessment.band == "high"
    assert assessment.gates_passed and assessment.assessed_by == adviser
    referral.refresh_from_db()
    assert referral.status == Referral.Status.IN_PROGRESS
    assert "score 86.7 (high)" in referral.events.first().note
    page = adviser_client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "86.7" in page and "Accept into the programme" in page


@pytest.mark.parametrize("bad", ["4", "-1", "x"])
def test_a_score_outside_0_to_3_gets_a_clear_error(adviser_client, bad):
    referral = make_referral()
    response = adviser_client.post(reverse("referrals:assess", args=[referral.pk]), assess_data(t5_staff=bad))
    assert response.status_code == 200
    assert "Score T5 from 0 to 3" in response.content.decode()
    assert not TriageAssessment.objects.exists()


def test_the_service_refuses_points_outside_0_to_3(adviser):
    referral = make_referral()
    with pytest.raises(Exception, match="Enter a score from 0 to 3"):
        assess(referral, adviser, points={**STRONG, "t8_match": 5})
    assert not TriageAssessment.objects.exists()


def test_a_missing_gate_answer_gets_a_clear_error(adviser_client):
    referral = make_referral()
    data = assess_data()
    del data["t2_england"]
    response = adviser_client.post(reverse("referrals:assess", args=[referral.pk]), data)
    assert "Select yes if the services are delivered in England" in response.content.decode()


def test_flags_show_on_the_referral(adviser_client, adviser):
    referral = make_referral()
    assess(referral, adviser, retendered=True, requested_support=Decimal("500000"))
    page = adviser_client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Ineligible for the programme" in page
    assert "limit for minimal financial assistance" in page and "de minimis" not in page


def test_a_failed_gate_hides_accept(adviser_client, adviser):
    referral = make_referral()
    assess(referral, adviser, t2=False)
    page = adviser_client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "A gate failed, so this referral cannot be accepted" in page
    assert reverse("referrals:accept", args=[referral.pk]) not in page


def test_every_change_is_logged(adviser):
    referral = make_referral()
    assess(referral, adviser)
    services.referral_request_information(referral=referral, by=adviser, message="Who is your sponsor?")
    assess(referral, adviser)
    steps = [(e.from_status, e.to_status) for e in ReferralEvent.objects.filter(referral=referral).order_by("id")]
    assert steps == [("", "new"), ("new", "in_progress"), ("in_progress", "more_info"), ("more_info", "in_progress")]
