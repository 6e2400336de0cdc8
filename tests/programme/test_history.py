"""The change history of referrals, their triage assessments and support allocations: each change
recorded with who made it, shown to advisers and admins only."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import User
from programme import services
from programme.models import Referral, SupportAllocation, TriageAssessment
from tests.factories import UserFactory
from tests.history_tools import history_rows
from tests.programme.factories import enquiry_data, make_referral
from tests.programme.test_triage import assess_data

pytestmark = pytest.mark.django_db


def test_an_enquiry_then_assignment_and_assessment_on_the_pages_are_recorded_with_their_authors(client, adviser):
    assert client.post(reverse("referrals:enquire"), enquiry_data()).status_code == 302
    referral = Referral.objects.get()
    client.force_login(adviser)
    assert client.post(reverse("referrals:assign", args=[referral.pk])).status_code == 302
    url = reverse("referrals:assess", args=[referral.pk])
    assert client.post(url, assess_data(t3_sponsor="1")).status_code == 302
    assert client.post(url, assess_data(t3_sponsor="3", notes="Sponsor confirmed")).status_code == 302

    assert referral.history.last().history_user is None  # sent by the public
    assert referral.history.first().history_user == adviser
    assessment = TriageAssessment.objects.get(referral=referral)
    assert [r.history_user for r in assessment.history.all()] == [adviser, adviser]

    rows = history_rows(client.get(reverse("referrals:history", args=[referral.pk])))
    assert len(rows) == 4
    assert "Ada Adviser Assessment changed" in rows[0]
    assert "T3 sponsor: 1 changed to 3" in rows[0] and "Notes: Good call changed to Sponsor confirmed" in rows[0]
    assert "Ada Adviser Assessment created" in rows[1]
    assert "T1 meets, or will meet, the 3 definition tests: Yes" in rows[1]
    assert "Ada Adviser Referral changed" in rows[2]
    assert "Status: New changed to In progress" in rows[2]
    assert "Assigned adviser: Not set changed to Ada Adviser" in rows[2]
    assert "System Referral created" in rows[3]
    assert "How far you have got: We are exploring options with colleagues" in rows[3]  # a choice, by its label


def test_the_referral_page_links_to_its_history(adviser_client):
    referral = make_referral()
    page = adviser_client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert reverse("referrals:history", args=[referral.pk]) in page and "View change history" in page


def test_an_allocation_and_its_correction_made_on_the_pages_show_in_its_history(
    adviser_client, adviser, programme, supported_journey
):
    url = reverse("referrals:allocate", args=[supported_journey.pk])
    data = {"category": "legal", "supplier": "Law firm", "amount": "1500.50", "basis": "mfa"}
    assert adviser_client.post(url, data).status_code == 302
    allocation = SupportAllocation.objects.get()
    reverse_url = reverse("referrals:allocation_reverse", args=[allocation.pk])
    assert adviser_client.post(reverse_url, {"reason": "Paid twice"}).status_code == 302
    assert {r.history_user for r in SupportAllocation.history.all()} == {adviser}

    allocations_page = adviser_client.get(reverse("referrals:allocations")).content.decode()
    assert reverse("referrals:allocation_history", args=[allocation.pk]) in allocations_page
    rows = history_rows(adviser_client.get(reverse("referrals:allocation_history", args=[allocation.pk])))
    assert len(rows) == 2
    assert "Ada Adviser Correction created" in rows[0]
    assert "Amount (GBP): -1,500.50" in rows[0] and "Reason: Paid twice" in rows[0]
    assert "Ada Adviser Allocation created" in rows[1]
    assert "Category: Legal" in rows[1] and "Amount (GBP): 1,500.50" in rows[1]
    assert f"Journey: {supported_journey.group.name}" in rows[1]


def test_an_allocation_made_outside_a_request_is_recorded_as_its_creators(adviser, programme, supported_journey):
    allocation = services.allocation_create(
        programme=programme,
        journey=supported_journey,
        category="legal",
        supplier="Law firm",
        amount=Decimal("100"),
        by=adviser,
    )
    assert allocation.history.get().history_user == adviser


def test_only_advisers_and_admins_may_read_referral_and_allocation_history(
    client, adviser, programme, supported_journey
):
    referral = make_referral()
    allocation = services.allocation_create(
        programme=programme,
        journey=supported_journey,
        category="legal",
        supplier="Law firm",
        amount=Decimal("100"),
        by=adviser,
    )
    urls = [
        reverse("referrals:history", args=[referral.pk]),
        reverse("referrals:allocation_history", args=[allocation.pk]),
    ]
    lead = supported_journey.group.memberships.get().user
    expected = {
        None: "login",
        UserFactory(role=User.Role.OFFICER): 404,
        lead: 404,  # the journey's own lead does not see the programme's books
        adviser: 200,
        UserFactory(role=User.Role.ADMIN, is_superuser=True, is_staff=True): 200,
    }
    for url in urls:
        for user, status in expected.items():
            client.logout()
            if user is not None:
                client.force_login(user)
            response = client.get(url)
            if status == "login":
                assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
            else:
                assert response.status_code == status, (url, user)


def test_a_referral_with_no_recorded_history_says_so(adviser_client):
    referral = make_referral()
    Referral.history.filter(id=referral.pk).delete()  # as for a referral older than the history
    response = adviser_client.get(reverse("referrals:history", args=[referral.pk]))
    assert "No changes have been recorded yet." in response.content.decode()


def test_the_history_page_issues_the_same_number_of_queries_however_long_the_history(
    adviser_client, adviser, django_assert_max_num_queries
):
    def queries_for(reassessments: int) -> int:
        referral = make_referral()
        for number in range(reassessments):
            assessment = TriageAssessment(
                t1_definition=True,
                t2_england=True,
                t3_sponsor=number % 4,
                t4_commissioner=1,
                t5_staff=1,
                t6_viability=1,
                t7_innovation=1,
                t8_match=1,
            )
            services.assessment_save(referral=referral, assessment=assessment, by=adviser)
        services.referral_assign(referral=referral, adviser=adviser, by=adviser)
        with django_assert_max_num_queries(11) as captured:  # 11 today, short or long
            assert adviser_client.get(reverse("referrals:history", args=[referral.pk])).status_code == 200
        return len(captured.captured_queries)

    assert queries_for(2) == queries_for(40)
