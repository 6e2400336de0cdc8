import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from accounts.models import PublicBody
from journeys.models import Invitation, Journey, JourneyEvent, Membership, StaffGroup
from programme import services
from programme.models import Referral
from tests.factories import MembershipFactory, StaffGroupFactory
from tests.journeys.factories import make_journey
from tests.programme.factories import assess, make_referral


@pytest.fixture
def assessed(adviser, council):
    referral = make_referral(parent_body=council, organisation="Kingsmere Youth Workers", headcount=28)
    assess(referral, adviser)
    return referral


def _post(client, name, referral, data, capture):
    with capture(execute=True):
        return client.post(reverse(f"referrals:{name}", args=[referral.pk]), data)


def test_accepting_creates_a_supported_group_journey_and_invites_the_contact_as_lead(
    adviser_client, adviser, assessed, council, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    response = _post(
        adviser_client, "accept", assessed, {"group": "", "parent_body": ""}, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    assessed.refresh_from_db()
    assert assessed.status == Referral.Status.ACCEPTED
    group = assessed.staff_group
    assert (group.name, group.parent_body, group.headcount) == ("Kingsmere Youth Workers", council, 28)
    journey = group.journey
    assert journey.in_support_programme and journey.assigned_adviser == adviser
    assert journey.events.filter(kind=JourneyEvent.Kind.SETTINGS, summary__contains=assessed.reference).exists()
    invitation = Invitation.objects.get(group=group)
    assert (invitation.email, invitation.role) == (assessed.contact_email, Membership.Role.LEAD)
    subjects = sorted(message.subject for message in mailoutbox)
    assert any("Welcome to the Mutuals Support Programme" in s for s in subjects)
    assert any("invited you to join" in s for s in subjects)
    event = assessed.events.first()
    assert (event.actor, event.from_status, event.to_status) == (adviser, "in_progress", "accepted")


def test_accepting_twice_creates_one_journey(adviser, assessed):
    first = services.referral_accept(referral=assessed, by=adviser)
    second = services.referral_accept(referral=assessed, by=adviser)
    assert first == second
    assert Journey.objects.count() == 1 and StaffGroup.objects.count() == 1
    assert Invitation.objects.count() == 1
    assert assessed.events.filter(to_status="accepted").count() == 1


def test_accepting_can_link_an_existing_staff_group(adviser, assessed):
    journey = make_journey()
    journey = services.referral_accept(referral=assessed, by=adviser, group=journey.group)
    journey.refresh_from_db()
    assert journey.in_support_programme and journey.assigned_adviser == adviser
    assert StaffGroup.objects.count() == 1
    assessed.refresh_from_db()
    assert assessed.staff_group == journey.group


def test_linking_a_group_the_contact_already_leads_sends_no_invitation(adviser, assessed):
    group = StaffGroupFactory()
    MembershipFactory(group=group, user__email=assessed.contact_email, role=Membership.Role.LEAD)
    make_journey(group=group)
    services.referral_accept(referral=assessed, by=adviser, group=group)
    assert not Invitation.objects.exists()


def test_a_failed_gate_blocks_acceptance(adviser, council):
    referral = make_referral(parent_body=council)
    assess(referral, adviser, t1=False)
    with pytest.raises(ValidationError, match="gate"):
        services.referral_accept(referral=referral, by=adviser)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.IN_PROGRESS
    assert not Journey.objects.exists()


def test_an_unassessed_referral_cannot_be_accepted(adviser_client, council, django_capture_on_commit_callbacks):
    referral = make_referral(parent_body=council)
    response = _post(adviser_client, "accept", referral, {}, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Assess the referral before you accept it" in response.content.decode()
    assert not Journey.objects.exists()


def test_a_new_group_needs_a_parent_body(adviser_client, adviser, django_capture_on_commit_callbacks):
    referral = make_referral()  # parent body typed, not listed
    assess(referral, adviser)
    response = _post(adviser_client, "accept", referral, {}, django_capture_on_commit_callbacks)
    assert "Choose the parent public body of the new staff group" in response.content.decode()
    assert not StaffGroup.objects.exists()


def test_an_adviser_accepts_a_referral_from_a_council_that_is_not_listed(
    adviser_client, adviser, django_capture_on_commit_callbacks
):
    referral = make_referral(parent_body_name="Westshire County Council")
    assess(referral, adviser)
    page = adviser_client.get(reverse("referrals:accept", args=[referral.pk])).content.decode()
    assert 'name="parent_body_not_listed"' in page and 'value="Westshire County Council"' in page
    response = _post(
        adviser_client,
        "accept",
        referral,
        {"group": "", "parent_body": "", "parent_body_not_listed": "  Westshire   County Council "},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    body = referral.staff_group.parent_body
    # as at registration: the group works at once; the body waits for an administrator to check it
    assert (body.name, body.is_verified, body.kind) == ("Westshire County Council", False, PublicBody.Kind.NOT_KNOWN)
    assert referral.staff_group.journey.in_support_programme


def test_a_listed_body_and_a_typed_name_together_are_refused(
    adviser_client, adviser, council, django_capture_on_commit_callbacks
):
    referral = make_referral(parent_body_name="Westshire County Council")
    assess(referral, adviser)
    data = {"group": "", "parent_body": council.pk, "parent_body_not_listed": "Westshire County Council"}
    response = _post(adviser_client, "accept", referral, data, django_capture_on_commit_callbacks)
    assert "Either select the public body from the list or enter its name, not both" in response.content.decode()
    assert not StaffGroup.objects.exists() and not PublicBody.objects.filter(name__startswith="Westshire").exists()


def test_signposting_records_the_destination_and_emails_the_contact(
    adviser_client, assessed, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    _post(
        adviser_client,
        "signpost",
        assessed,
        {"destination": "Co-operatives UK", "note": "They run workshops"},
        django_capture_on_commit_callbacks,
    )
    assessed.refresh_from_db()
    assert assessed.status == Referral.Status.SIGNPOSTED
    assert assessed.signpost_destination == "Co-operatives UK"
    assert len(mailoutbox) == 1 and "Co-operatives UK" in mailoutbox[0].body
    assert "They run workshops" in mailoutbox[0].body


def test_declining_needs_a_reason_and_emails_it(
    adviser_client, assessed, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    response = _post(adviser_client, "decline", assessed, {"reason": ""}, django_capture_on_commit_callbacks)
    assert "Give the reason for declining" in response.content.decode()
    _post(adviser_client, "decline", assessed, {"reason": "Services are in Wales."}, django_capture_on_commit_callbacks)
    assessed.refresh_from_db()
    assert assessed.status == Referral.Status.DECLINED and assessed.decline_reason == "Services are in Wales."
    assert len(mailoutbox) == 1 and "Services are in Wales." in mailoutbox[0].body


def test_asking_for_information_emails_the_contact_and_the_referral_waits(
    adviser_client, assessed, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    _post(
        adviser_client,
        "more_information",
        assessed,
        {"message": "Who is your sponsor?"},
        django_capture_on_commit_callbacks,
    )
    assessed.refresh_from_db()
    assert assessed.status == Referral.Status.MORE_INFO
    assert "Who is your sponsor?" in mailoutbox[0].body
    assert "We need more information" in mailoutbox[0].subject
    assert assessed.is_open


@pytest.mark.parametrize("decide", ["signpost", "decline", "more_information"])
def test_a_decided_referral_cannot_be_decided_again(adviser, assessed, decide):
    services.referral_decline(referral=assessed, by=adviser, reason="No")
    calls = {
        "signpost": lambda: services.referral_signpost(referral=assessed, by=adviser, destination="X"),
        "decline": lambda: services.referral_decline(referral=assessed, by=adviser, reason="Again"),
        "more_information": lambda: services.referral_request_information(referral=assessed, by=adviser, message="?"),
    }
    with pytest.raises(ValidationError, match="cannot become"):
        calls[decide]()
    with pytest.raises(ValidationError):
        services.referral_accept(referral=assessed, by=adviser)


def test_decision_pages_redirect_once_decided(adviser_client, adviser, assessed):
    services.referral_decline(referral=assessed, by=adviser, reason="No")
    for name in ("accept", "signpost", "decline", "more_information", "assess"):
        response = adviser_client.get(reverse(f"referrals:{name}", args=[assessed.pk]))
        assert response.status_code == 302, name


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_advisers_accepting_at_the_same_moment_create_one_journey(adviser, other_adviser, council):
    referral = make_referral(parent_body=council)
    assess(referral, adviser)
    barrier = threading.Barrier(2)
    journeys, errors = [], []

    def accept(by):
        try:
            barrier.wait()
            journeys.append(services.referral_accept(referral=referral, by=by).pk)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(by,)) for by in (adviser, other_adviser)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(journeys)) == 1
    assert Journey.objects.count() == 1 and Invitation.objects.count() == 1
