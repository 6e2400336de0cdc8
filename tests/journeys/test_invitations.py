"""Invitations after the penetration test (issue #16, point 3): they expire, a lead can cancel or
resend one, a newer invitation to the same address replaces the older, and removing a member
withdraws the invitations they sent and any addressed to them."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from journeys import services
from journeys.models import Invitation, JourneyEvent, Membership
from tests.factories import MembershipFactory, UserFactory


def _link_path(message) -> str:
    link = re.search(r"http://\S+/journeys/invitations/\S+/", message.body).group(0)
    return "/" + link.split("/", 3)[3]


def _invite(journey, lead, email="new@example.test", role="member", capture=None):
    with capture(execute=True):
        invitation = services.invitation_create(group=journey.group, email=email, role=role, by=lead)
    return invitation, _link_path(mail.outbox[-1])


def _members_events(journey):
    return list(journey.events.filter(kind=JourneyEvent.Kind.MEMBERS).values_list("actor", "summary"))


# Expiry --------------------------------------------------------------------------------------


def test_an_invitation_expires_after_invitation_days(journey, lead, settings, django_capture_on_commit_callbacks):
    settings.INVITATION_DAYS = 3
    before = timezone.now()
    invitation, _path = _invite(journey, lead, capture=django_capture_on_commit_callbacks)
    assert before + timedelta(days=3) <= invitation.expires_at <= timezone.now() + timedelta(days=3)
    assert "expires in 3 days" in mail.outbox[-1].body


def test_invitations_last_14_days_by_default(journey, lead):
    from django.conf import settings

    assert settings.INVITATION_DAYS == 14
    invitation = Invitation.objects.create(group=journey.group, email="a@example.test", invited_by=lead)
    assert timedelta(days=13, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=14)


def test_an_expired_link_says_so_and_who_to_ask(client, journey, lead, django_capture_on_commit_callbacks):
    invitation, path = _invite(journey, lead, capture=django_capture_on_commit_callbacks)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert "This invitation has expired" in page
    assert "Ask Lena Lead or another lead of Libraries group to send you a new invitation" in page


def test_accepting_a_link_that_expired_while_the_form_was_open_creates_nothing(
    client, journey, lead, django_capture_on_commit_callbacks
):
    invitation, path = _invite(journey, lead, capture=django_capture_on_commit_callbacks)
    assert "Create your account" in client.get(path).content.decode()
    # The page was shown; the invitation expires before the form is sent.
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(
        path, {"full_name": "Nia New", "password1": "another-long-phrase-26", "password2": "another-long-phrase-26"}
    )
    assert response.status_code == 404
    assert "This invitation has expired" in response.content.decode()
    assert not User.objects.filter(email="new@example.test").exists()
    assert not Membership.objects.filter(group=journey.group, user__email="new@example.test").exists()


# A second invitation replaces the first ------------------------------------------------------


def test_a_second_invitation_to_the_same_address_replaces_the_first(
    client, journey, lead, django_capture_on_commit_callbacks
):
    first, old_path = _invite(journey, lead, email="Nia@Example.test", capture=django_capture_on_commit_callbacks)
    second, new_path = _invite(journey, lead, email="nia@example.TEST", capture=django_capture_on_commit_callbacks)
    assert old_path != new_path
    first.refresh_from_db()
    assert first.revoked_reason == Invitation.Revoked.REPLACED and first.revoked_by == lead
    assert list(Invitation.objects.open().filter(group=journey.group)) == [second]
    response = client.get(old_path)
    assert response.status_code == 404
    assert "A newer invitation to join Libraries group was sent" in response.content.decode()
    assert client.get(new_path).status_code == 200
    assert _members_events(journey)[0] == (
        lead.pk,
        "Invited nia@example.test as a member (the earlier invitation no longer works)",
    )


def test_the_database_refuses_two_open_invitations_to_one_address(journey, lead):
    Invitation.objects.create(group=journey.group, email="twice@example.test", invited_by=lead)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(group=journey.group, email="TWICE@example.test", invited_by=lead)


# Cancel and resend ---------------------------------------------------------------------------


def test_a_lead_cancels_an_invitation_and_its_link_stops_working(
    client, journey, lead, django_capture_on_commit_callbacks
):
    invitation, path = _invite(journey, lead, capture=django_capture_on_commit_callbacks)
    client.force_login(lead)
    members_page = client.get(reverse("journeys:members", args=[journey.pk])).content.decode()
    cancel_url = reverse("journeys:invitation_cancel", args=[journey.pk, invitation.pk])
    assert f'action="{cancel_url}"' in members_page
    response = client.post(cancel_url)
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_reason == Invitation.Revoked.CANCELLED
    assert invitation.revoked_by == lead and invitation.revoked_at is not None
    assert _members_events(journey)[0] == (lead.pk, "Cancelled the invitation to new@example.test")
    client.logout()
    response = client.get(path)
    assert response.status_code == 404
    assert "was cancelled" in response.content.decode()
    # Cancelling again: the invitation is no longer open.
    client.force_login(lead)
    assert client.post(cancel_url).status_code == 404


def test_a_lead_resends_an_invitation_with_a_new_link_and_expiry(
    client, journey, lead, django_capture_on_commit_callbacks
):
    invitation, old_path = _invite(journey, lead, capture=django_capture_on_commit_callbacks)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("journeys:invitation_resend", args=[journey.pk, invitation.pk]))
    assert response.status_code == 302
    new_path = _link_path(mail.outbox[-1])
    assert mail.outbox[-1].to == ["new@example.test"]
    assert new_path != old_path
    fresh = Invitation.objects.open().get(group=journey.group)
    assert fresh.pk != invitation.pk and fresh.expires_at > timezone.now() + timedelta(days=13)
    assert fresh.role == invitation.role
    assert _members_events(journey)[0] == (lead.pk, "Sent the invitation to new@example.test again, with a new link")
    client.logout()
    assert client.get(old_path).status_code == 404
    assert "Join Libraries group" in client.get(new_path).content.decode()


def test_resending_to_someone_who_has_joined_since_shows_an_error(client, journey, lead):
    invitation = Invitation.objects.create(group=journey.group, email="joined@example.test", invited_by=lead)
    MembershipFactory(group=journey.group, user__email="joined@example.test")
    client.force_login(lead)
    response = client.post(reverse("journeys:invitation_resend", args=[journey.pk, invitation.pk]))
    assert response.status_code == 409
    assert "This person is already a member of the group" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert Invitation.objects.open().get() == invitation


def test_only_a_lead_cancels_or_resends_and_only_by_post(client, journey, lead, member, other_journey):
    invitation = Invitation.objects.create(group=journey.group, email="x@example.test", invited_by=lead)
    cancel = reverse("journeys:invitation_cancel", args=[journey.pk, invitation.pk])
    resend = reverse("journeys:invitation_resend", args=[journey.pk, invitation.pk])
    client.force_login(member)
    members_page = client.get(reverse("journeys:members", args=[journey.pk])).content.decode()
    assert "x@example.test" in members_page
    assert cancel not in members_page and resend not in members_page
    assert client.post(cancel).status_code == 403
    assert client.post(resend).status_code == 403
    client.force_login(lead)
    assert client.get(cancel).status_code == 405
    # Another group's lead cannot reach it through their own journey.
    other_lead = other_journey.group.memberships.get().user
    client.force_login(other_lead)
    assert client.post(reverse("journeys:invitation_cancel", args=[other_journey.pk, invitation.pk])).status_code == 404
    assert Invitation.objects.open().get() == invitation


# Removing a member ---------------------------------------------------------------------------


def test_removing_a_member_withdraws_the_invitations_they_sent_and_those_to_their_address(
    client, journey, lead, django_capture_on_commit_callbacks
):
    second_lead = MembershipFactory(group=journey.group, role=Membership.Role.LEAD, user__email="leaver@example.test")
    sent_by_leaver, sent_path = _invite(
        journey, second_lead.user, email="friend@example.test", role="lead", capture=django_capture_on_commit_callbacks
    )
    # An invitation to the leaver's own address (say, sent again by mistake), and one unrelated.
    to_leaver = Invitation.objects.create(group=journey.group, email="LEAVER@example.test", invited_by=lead)
    unrelated, unrelated_path = _invite(
        journey, lead, email="other@example.test", capture=django_capture_on_commit_callbacks
    )
    client.force_login(lead)
    response = client.post(reverse("journeys:member_remove", args=[journey.pk, second_lead.pk]))
    assert response.status_code == 302
    for invitation in (sent_by_leaver, to_leaver):
        invitation.refresh_from_db()
        assert invitation.revoked_reason == Invitation.Revoked.MEMBER_REMOVED
        assert invitation.revoked_by == lead
    assert list(Invitation.objects.open()) == [unrelated]
    client.logout()
    assert client.get(sent_path).status_code == 404
    assert client.get(unrelated_path).status_code == 200
    event = journey.events.filter(kind=JourneyEvent.Kind.MEMBERS).first()
    assert event.actor == lead
    assert event.summary.endswith("was removed from the group; 2 open invitations withdrawn")
    assert set(event.detail.split(", ")) == {"friend@example.test", "LEAVER@example.test"}


def test_a_removed_lead_cannot_get_back_in_with_an_invitation_they_sent_themselves(
    client, journey, lead, django_capture_on_commit_callbacks
):
    leaver = MembershipFactory(group=journey.group, role=Membership.Role.LEAD).user
    _invitation, path = _invite(
        journey, leaver, email="backdoor@example.test", role="lead", capture=django_capture_on_commit_callbacks
    )
    services.membership_remove(membership=Membership.objects.get(user=leaver), by=lead)
    accomplice = UserFactory(email="backdoor@example.test")
    client.force_login(accomplice)
    assert client.post(path).status_code == 404
    assert not Membership.objects.filter(user=accomplice).exists()
