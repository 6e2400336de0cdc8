"""A relevant body registers, drafts, checks, submits and withdraws an expression of interest."""

import uuid
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from challenges.models import BodyType, EOIStatus, ExpressionOfInterest, Partner, RelevantBodyProfile
from tests.factories import PublicBodyFactory, confirm_registration, post_and_run_commit_hooks

from .factories import BodyUserFactory, EOIFactory, ServiceFactory, WindowFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def body_user():
    user = BodyUserFactory(email="group@example.test", full_name="Ann Green")
    RelevantBodyProfile.objects.create(user=user, body_name="Green Lanes Trust", body_type=BodyType.CHARITY)
    return user


@pytest.fixture
def service():
    return ServiceFactory(council=PublicBodyFactory(name="Journey Council"), name="Parks and green spaces")


def test_a_body_creates_its_own_account(client):
    response = confirm_registration(
        client,
        reverse("challenges:body_signup"),
        {
            "full_name": "Sam Reed",
            "email": "Sam@Example.test",
            "body_name": "Reed Community Group",
            "body_type": "VCB",
            "password": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("challenges:service_list")
    user = User.objects.get(email="sam@example.test")
    assert user.role == User.Role.BODY
    assert user.body_profile.body_name == "Reed Community Group"
    assert user.body_profile.body_type == BodyType.VCB
    assert client.get(reverse("challenges:my_eois")).status_code == 200


def test_signup_errors_keep_what_was_typed_and_create_nothing(client):
    BodyUserFactory(email="taken@example.test")
    response = client.post(
        reverse("challenges:body_signup"),
        {"full_name": "Sam Reed", "email": "taken@example.test", "body_name": "", "body_type": "", "password": "short"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "already exists" not in content  # never says whether the address has an account
    assert "Enter the name of the body you represent" in content
    assert "Select the type of body" in content
    assert 'value="Sam Reed"' in content
    assert response.context["form"].errors["password"]
    assert User.objects.filter(email="taken@example.test").count() == 1
    assert content.count("<title>Error: ") == 1


def test_signup_with_an_address_that_has_an_account_answers_the_same_and_tells_its_owner(client, mailoutbox):
    owner = BodyUserFactory(email="taken@example.test")
    data = {
        "full_name": "Sam Reed",
        "body_name": "Reed Community Group",
        "body_type": "VCB",
        "password": "a-long-unusual-passphrase",
    }
    url = reverse("challenges:body_signup")
    new = post_and_run_commit_hooks(client, url, {**data, "email": "new@example.test"})
    taken = post_and_run_commit_hooks(client, url, {**data, "email": "Taken@Example.test"})
    assert new["Location"] == taken["Location"] == reverse("registration_check_email")
    assert User.objects.filter(email="taken@example.test").get() == owner
    assert not User.objects.filter(email="new@example.test").exists()  # not before the link is followed
    assert [m.to for m in mailoutbox] == [["new@example.test"], ["taken@example.test"]]
    assert "Someone tried to register" in mailoutbox[1].subject


def test_start_shows_the_form_and_creates_nothing_until_the_body_saves(client, body_user, service):
    client.force_login(body_user)
    url = reverse("challenges:eoi_start", args=[service.pk])
    page = client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Express an interest in Parks and green spaces" in content
    assert 'value="Green Lanes Trust"' in content  # the profile fills the form in, unsaved
    assert not ExpressionOfInterest.objects.exists()
    # Saving the form as it came (only what the profile filled in) saves nothing either.
    initial = {
        "token": str(uuid.uuid4()),
        "body_type": BodyType.CHARITY,
        "body_name": "Green Lanes Trust",
        "contact_name": "Ann Green",
        "contact_email": "group@example.test",
    }
    refused = client.post(url, initial)
    assert refused.status_code == 200
    assert "Answer at least one question before you save" in refused.content.decode()
    assert not ExpressionOfInterest.objects.exists()


def test_the_first_save_with_an_answer_creates_the_draft_once(client, body_user, service):
    client.force_login(body_user)
    token = str(uuid.uuid4())
    url = reverse("challenges:eoi_start", args=[service.pk])
    data = {
        "token": token,
        "body_type": BodyType.CHARITY,
        "body_name": "Green Lanes Trust",
        "contact_name": "Ann Green",
        "contact_email": "group@example.test",
        "financial_resources": "Reserves of 20,000 GBP.",
    }
    first = client.post(url, data)
    second = client.post(url, data)  # a double click: the same draft
    eoi = ExpressionOfInterest.objects.get(submitted_by=body_user)
    assert first["Location"] == second["Location"] == reverse("challenges:eoi_check", args=[eoi.pk])
    assert eoi.status == EOIStatus.DRAFT
    assert eoi.body_name == "Green Lanes Trust"
    assert eoi.body_type == BodyType.CHARITY
    assert eoi.financial_resources == "Reserves of 20,000 GBP."
    partner = client.post(url, {**data, "token": str(uuid.uuid4()), "add_partner": "1"})
    second_eoi = ExpressionOfInterest.objects.exclude(pk=eoi.pk).get()
    assert partner["Location"] == reverse("challenges:eoi_partner_add", args=[second_eoi.pk])


def test_the_service_page_starts_with_a_link_not_a_form_that_creates(client, body_user, service):
    client.force_login(body_user)
    content = client.get(reverse("challenges:service_detail", args=[service.pk])).content.decode()
    assert f'href="{reverse("challenges:eoi_start", args=[service.pk])}"' in content
    assert not ExpressionOfInterest.objects.exists()


def test_the_draft_saves_partial_answers_and_goes_to_check(client, body_user, service):
    eoi = EOIFactory(service=service, submitted_by=body_user, capability="")
    client.force_login(body_user)
    response = client.post(
        reverse("challenges:eoi_edit", args=[eoi.pk]),
        {
            "body_type": "PARISH",
            "body_name": "Upton Parish Council",
            "contact_name": "Ann",
            "contact_email": "ann@example.test",
            "financial_resources": "Precept of 40k.",
            "save": "1",
        },
    )
    assert response["Location"] == reverse("challenges:eoi_check", args=[eoi.pk])
    eoi.refresh_from_db()
    assert eoi.body_name == "Upton Parish Council"
    assert eoi.capability == ""
    page = client.get(response["Location"]).content.decode()
    assert "Upton Parish Council" in page
    assert "Missing" in page


def test_a_bad_email_in_the_draft_shows_an_error_and_keeps_the_text(client, body_user, service):
    eoi = EOIFactory(service=service, submitted_by=body_user)
    client.force_login(body_user)
    response = client.post(
        reverse("challenges:eoi_edit", args=[eoi.pk]),
        {"body_name": "Typed name", "contact_email": "not-an-email", "financial_resources": "kept"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter an email address in the correct format" in content
    assert 'value="Typed name"' in content
    eoi.refresh_from_db()
    assert eoi.body_name != "Typed name"


def test_submitting_with_missing_content_lists_each_missing_item(client, body_user, service):
    eoi = EOIFactory(
        service=service,
        submitted_by=body_user,
        body_type=BodyType.STAFF2,
        financial_resources="",
        outcomes_wellbeing="",
    )
    client.force_login(body_user)
    response = client.post(reverse("challenges:eoi_submit", args=[eoi.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Describe the financial resources of the body" in content
    assert "Describe how the body will promote or improve the social, economic or environmental well-being" in content
    assert "Describe how the body will engage other affected employees of the council" in content
    assert "<title>Error: " in content
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.DRAFT


def test_sending_outside_a_period_is_warned_about_then_received_and_flagged(client, body_user, service):
    """s.82: outside a period the council *may* refuse to consider it; nothing is refused up front."""
    WindowFactory(service=service, opens_on=date(2024, 9, 1), closes_on=date(2024, 10, 31))
    eoi = EOIFactory(service=service, submitted_by=body_user)
    client.force_login(body_user)
    check = client.get(reverse("challenges:eoi_check", args=[eoi.pk])).content.decode()
    assert "the council may refuse to consider it" in check and "1 September 2024 to 31 October 2024" in check
    response = client.post(reverse("challenges:eoi_submit", args=[eoi.pk]))
    assert response.status_code == 302
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.RECEIVED and eoi.outside_period and eoi.window is None


def test_a_submission_is_confirmed_by_email_once_even_when_clicked_twice(
    client, body_user, service, django_capture_on_commit_callbacks
):
    eoi = EOIFactory(service=service, submitted_by=body_user)
    client.force_login(body_user)
    url = reverse("challenges:eoi_submit", args=[eoi.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
        second = client.post(url)
    assert first.status_code == second.status_code == 302
    assert ExpressionOfInterest.objects.filter(submitted_by=body_user).count() == 1
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.RECEIVED
    assert len(mail.outbox) == 1
    assert eoi.reference in mail.outbox[0].subject
    assert eoi.decision_due_on.strftime("%-d %B %Y") in mail.outbox[0].body


def test_a_body_adds_and_removes_a_consortium_member(client, body_user, service):
    eoi = EOIFactory(service=service, submitted_by=body_user)
    client.force_login(body_user)
    url = reverse("challenges:eoi_partner_add", args=[eoi.pk])
    refused = client.post(url, {"kind": "consortium", "name": "Partner Ltd", "financial_resources": ""})
    assert "Describe the organisation&#x27;s financial resources" in refused.content.decode()
    # SI 2012/1313 Sch 1 para 1: capability evidence (para 3) for each member too, not only finances.
    assert "Give evidence that the organisation will be able to provide" in refused.content.decode()
    assert not Partner.objects.exists()
    client.post(
        url,
        {
            "kind": "consortium",
            "name": "Partner Ltd",
            "financial_resources": "Turnover 1m.",
            "capability": "Runs two libraries.",
        },
    )
    partner = Partner.objects.get(eoi=eoi)
    check = client.get(reverse("challenges:eoi_check", args=[eoi.pk])).content.decode()
    assert "Partner Ltd" in check and "Turnover 1m." in check and "Runs two libraries." in check
    client.post(reverse("challenges:eoi_partner_remove", args=[eoi.pk, partner.pk]))
    assert not Partner.objects.exists()


def test_a_body_cannot_edit_a_submitted_eoi(client, body_user, service):
    eoi = EOIFactory(service=service, submitted_by=body_user, status=EOIStatus.RECEIVED)
    client.force_login(body_user)
    response = client.post(reverse("challenges:eoi_edit", args=[eoi.pk]), {"body_name": "Changed"})
    assert response.status_code == 403
    eoi.refresh_from_db()
    assert eoi.body_name != "Changed"


def test_a_body_withdraws_and_the_change_is_logged(client, body_user, service):
    eoi = EOIFactory(service=service, submitted_by=body_user, status=EOIStatus.ACKNOWLEDGED)
    client.force_login(body_user)
    client.post(reverse("challenges:eoi_withdraw", args=[eoi.pk]))
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.WITHDRAWN
    assert eoi.status_changes.get().changed_by == body_user


def test_a_body_sees_only_its_own_eois(client, body_user, service):
    mine = EOIFactory(service=service, submitted_by=body_user, body_name="Mine")
    EOIFactory(service=service, body_name="Somebody else's")
    client.force_login(body_user)
    content = client.get(reverse("challenges:my_eois")).content.decode()
    assert mine.reference in content
    assert "Somebody else" not in content


def test_html_typed_by_a_body_is_shown_as_text(client, body_user, service):
    eoi = EOIFactory(
        service=service, submitted_by=body_user, body_name="<script>alert(1)</script>", capability="<b>bold</b>"
    )
    client.force_login(body_user)
    content = client.get(reverse("challenges:eoi_check", args=[eoi.pk])).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "&lt;b&gt;bold&lt;/b&gt;" in content


def test_unpublished_services_cannot_be_challenged(client, body_user):
    hidden = ServiceFactory(published=False)
    client.force_login(body_user)
    assert client.get(reverse("challenges:eoi_start", args=[hidden.pk])).status_code == 404
    data = {"token": "", "financial_resources": "Reserves."}
    assert client.post(reverse("challenges:eoi_start", args=[hidden.pk]), data).status_code == 404
    assert not ExpressionOfInterest.objects.exists()


def test_the_public_services_list_filters_by_council_and_hides_unpublished(client):
    north = ServiceFactory(council=PublicBodyFactory(name="North Council"), name="North pools")
    ServiceFactory(council=PublicBodyFactory(name="South Council"), name="South parks")
    ServiceFactory(council=north.council, name="North secret", published=False)
    everything = client.get(reverse("challenges:service_list")).content.decode()
    assert "North pools" in everything and "South parks" in everything
    assert "North secret" not in everything
    filtered = client.get(reverse("challenges:service_list"), {"council": north.council.pk}).content.decode()
    assert "North pools" in filtered and "South parks" not in filtered


def test_accept_and_send_shows_a_confirmation_with_the_reference_and_when_the_30_days_run(client, body_user, service):
    window = WindowFactory(
        service=service,
        opens_on=timezone.localdate() - timedelta(days=5),
        closes_on=timezone.localdate() + timedelta(days=10),
    )
    eoi = EOIFactory(service=service, submitted_by=body_user)
    client.force_login(body_user)
    response = client.post(reverse("challenges:eoi_submit", args=[eoi.pk]))
    assert response["Location"] == reverse("challenges:eoi_sent", args=[eoi.pk])
    page = client.get(response["Location"]).content.decode()
    eoi.refresh_from_db()
    assert "govuk-panel--confirmation" in page and eoi.reference in page
    # The copy names what the 30 days run from, and the date shown agrees with it.
    assert f"within 30 days of the close of the submission period it was sent in ({window.closes_on:%-d %B %Y})" in page
    assert eoi.acknowledgement_due_on == window.closes_on + timedelta(days=30)
    assert f"by {eoi.acknowledgement_due_on:%-d %B %Y}" in page
    detail = client.get(reverse("challenges:my_eoi_detail", args=[eoi.pk])).content.decode()
    assert f"30 days from the close of the submission period it was sent in ({window.closes_on:%-d %B %Y})" in detail


def test_without_a_period_the_30_days_run_from_receipt_on_every_page_and_email(
    client, body_user, service, mailoutbox, django_capture_on_commit_callbacks
):
    eoi = EOIFactory(service=service, submitted_by=body_user)
    client.force_login(body_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("challenges:eoi_submit", args=[eoi.pk]))
    eoi.refresh_from_db()
    today = timezone.localdate()
    assert eoi.received_on == today and eoi.acknowledgement_due_on == today + timedelta(days=30)
    expected = f"30 days of the day it was received ({today:%-d %B %Y}), so by {eoi.acknowledgement_due_on:%-d %B %Y}"
    assert expected in client.get(reverse("challenges:eoi_sent", args=[eoi.pk])).content.decode()
    assert expected in mailoutbox[0].body
    detail = client.get(reverse("challenges:my_eoi_detail", args=[eoi.pk])).content.decode()
    assert f"30 days from the day it was received ({today:%-d %B %Y})" in detail


def test_a_partner_without_capability_evidence_stops_the_eoi_being_sent(client, body_user, service):
    """A member added before the evidence was asked for: the body is told to give it before sending."""
    from .factories import PartnerFactory

    eoi = EOIFactory(service=service, submitted_by=body_user)
    PartnerFactory(eoi=eoi, name="Old Partner Ltd", capability="")
    client.force_login(body_user)
    response = client.post(reverse("challenges:eoi_submit", args=[eoi.pk]))
    assert "Give evidence that Old Partner Ltd will be able to provide" in response.content.decode()
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.DRAFT
