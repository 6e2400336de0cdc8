import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from programme.models import Referral, ReferralEvent
from tests.programme.factories import enquiry_data, make_referral

URL = reverse("referrals:enquire")
YEAR = timezone.localdate().year


@pytest.fixture
def send(db, client, django_capture_on_commit_callbacks):
    def _send(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, enquiry_data(**overrides))

    return _send


def test_the_form_is_public(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert b"Leave this empty" in response.content
    assert b'tabindex="-1"' in response.content and b'autocomplete="off"' in response.content


def test_an_enquiry_gets_a_reference_a_confirmation_page_and_an_email(send, client, mailoutbox):
    response = send()
    assert response.status_code == 302 and response["Location"] == reverse("referrals:confirmation")
    referral = Referral.objects.get()
    assert referral.reference == f"MIS-{YEAR}-00001"
    assert referral.status == Referral.Status.NEW
    assert referral.parent_body_name == "Kingsmere County Council"
    assert ReferralEvent.objects.get().to_status == Referral.Status.NEW
    page = client.get(reverse("referrals:confirmation"))
    assert referral.reference in page.content.decode()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["rosa@example.test"]
    assert referral.reference in mailoutbox[0].subject
    assert referral.reference in mailoutbox[0].body
    assert referral.reference in mailoutbox[0].alternatives[0][0]


def test_references_are_sequential_within_the_year(db):
    first, second = make_referral(), make_referral()
    assert first.reference == f"MIS-{YEAR}-00001"
    assert second.reference == f"MIS-{YEAR}-00002"


def test_a_listed_parent_body_is_recorded_by_name(send, council):
    send(parent_body=str(council.pk), parent_body_name="")
    referral = Referral.objects.get()
    assert referral.parent_body == council
    assert referral.parent_body_name == council.name


def test_someone_else_cannot_see_the_confirmation(send, client):
    send()
    client.cookies.clear()
    response = client.get(reverse("referrals:confirmation"))
    assert response.status_code == 302 and response["Location"] == URL


def test_a_filled_honeypot_saves_nothing(send, mailoutbox):
    response = send(website="http://spam.example")
    assert response.status_code == 200
    assert not Referral.objects.exists()
    assert mailoutbox == []


def test_an_address_may_send_three_enquiries_a_day(send):
    for _ in range(3):
        assert send(contact_email="Rosa@Example.test").status_code == 302
    response = send(contact_email="rosa@example.test", organisation="Fourth try")
    assert response.status_code == 200
    assert "You have sent 3 enquiries from this email address" in response.content.decode()
    assert 'value="Fourth try"' in response.content.decode()  # what they typed is kept
    assert Referral.objects.count() == 3


def test_the_limit_resets_after_a_day(send):
    for _ in range(3):
        send()
    Referral.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    assert send().status_code == 302


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contact_email", "not-an-email", "Enter an email address in the correct format"),
        ("contact_name", "", "Enter your full name"),
        ("headcount", "many", "Enter the number of staff as a whole number"),
        ("annual_budget", "-5", "Enter the service&#x27;s annual budget of £0 or more"),
        ("parent_body_name", "", "Choose your parent public body, or type its name"),
        ("consent", "", "Confirm that we may contact you about your enquiry"),
        ("progress", "", "Select how far you have got"),
    ],
)
def test_bad_input_gets_a_clear_error_and_nothing_is_saved(send, field, value, message):
    response = send(**{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.content.decode().count("govuk-error-summary") >= 1
    assert not Referral.objects.exists()


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_enquiries_get_distinct_references():
    errors = []

    def submit(index):
        try:
            make_referral(contact_email=f"person{index}@example.test")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = sorted(Referral.objects.values_list("reference", flat=True))
    assert references == [f"MIS-{YEAR}-{n:05d}" for n in range(1, 11)]


def test_the_enquiry_asks_for_the_evidence_the_criteria_need_and_the_adviser_sees_it(send, adviser_client):
    page = adviser_client.get(URL).content.decode()
    for label in ("Who is your senior sponsor?", "What does the service&#x27;s commissioner think?", "Deadlines"):
        assert label in page
    send(
        sponsor="Jo Patel, Director of Adult Services",
        commissioner_position="supportive",
        staff_consultation="Two team meetings and a survey: 80% in favour",
        match_funding="£10,000 from the council towards legal advice",
        deadlines="The in-house service is reviewed in March",
    )
    referral = Referral.objects.get()
    assert referral.commissioner_position == Referral.CommissionerPosition.SUPPORTIVE
    detail = adviser_client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Jo Patel, Director of Adult Services" in detail and "They support it in principle" in detail
    assert "80% in favour" in detail and "£10,000 from the council" in detail and "reviewed in March" in detail
    assess_page = adviser_client.get(reverse("referrals:assess", args=[referral.pk])).content.decode()
    assert "Jo Patel, Director of Adult Services" in assess_page and "They support it in principle" in assess_page


def test_the_evidence_questions_are_optional(send):
    assert send().status_code == 302
    referral = Referral.objects.get()
    assert referral.sponsor == "" and referral.commissioner_position == ""
