import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from journeys import services
from journeys.models import Invitation, Membership
from notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory


def _invite(client, journey, lead, email="new@example.test", role="member", capture=None):
    client.force_login(lead)
    with capture(execute=True):
        response = client.post(reverse("journeys:member_invite", args=[journey.pk]), {"email": email, "role": role})
    assert response.status_code == 302
    link = re.search(r"http://\S+/journeys/invitations/\S+/", mail.outbox[-1].body).group(0)
    return link.split("localhost:8000")[-1] if "localhost:8000" in link else link


def test_a_lead_invites_by_email_and_a_newcomer_creates_an_account(
    client, journey, lead, django_capture_on_commit_callbacks
):
    path = _invite(client, journey, lead, capture=django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == ["new@example.test"]
    client.logout()
    response = client.get(path)
    assert "Create your account" in response.content.decode()
    response = client.post(
        path, {"full_name": "Nia New", "password1": "another-long-phrase-26", "password2": "another-long-phrase-26"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.test")
    assert Membership.objects.get(group=journey.group, user=user).role == Membership.Role.MEMBER
    assert Notification.objects.get(event_type="journeys.member_joined").recipient == lead
    # Single use.
    client.logout()
    assert client.get(path).status_code == 404


def test_an_existing_account_is_linked_after_signing_in(client, journey, lead, django_capture_on_commit_callbacks):
    existing = UserFactory(email="known@example.test")
    path = _invite(
        client, journey, lead, email="known@example.test", role="lead", capture=django_capture_on_commit_callbacks
    )
    client.logout()
    assert "You already have an account" in client.get(path).content.decode()
    client.force_login(existing)
    assert client.post(path).status_code == 302
    assert Membership.objects.get(group=journey.group, user=existing).role == Membership.Role.LEAD


def test_someone_signed_in_with_another_account_cannot_accept(
    client, journey, lead, django_capture_on_commit_callbacks
):
    path = _invite(client, journey, lead, capture=django_capture_on_commit_callbacks)
    intruder = UserFactory(email="intruder@example.test")
    client.force_login(intruder)
    response = client.post(path)
    assert "this invitation was sent to new@example.test" in response.content.decode()
    assert not Membership.objects.filter(user=intruder).exists()


def test_an_expired_invitation_does_not_work(client, journey, lead):
    invitation = Invitation.objects.create(group=journey.group, email="late@example.test", invited_by=lead)
    token = services.invitation_token(invitation)
    assert services.invitation_from_token(token) == invitation
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert services.invitation_from_token(token) is None
    assert client.get(reverse("journeys:invitation_accept", args=[token])).status_code == 404


def test_a_tampered_token_does_not_work(journey, lead):
    invitation = Invitation.objects.create(group=journey.group, email="a@example.test", invited_by=lead)
    token = services.invitation_token(invitation)
    assert services.invitation_from_token(token[:-2] + "xx") is None


def test_inviting_an_existing_member_is_refused(client, journey, lead, member):
    client.force_login(lead)
    response = client.post(
        reverse("journeys:member_invite", args=[journey.pk]), {"email": member.email, "role": "member"}
    )
    assert response.status_code == 200
    assert "already a member" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_member_cannot_invite(client, journey, member):
    client.force_login(member)
    response = client.post(
        reverse("journeys:member_invite", args=[journey.pk]), {"email": "x@example.test", "role": "lead"}
    )
    assert response.status_code == 403


def test_the_last_lead_cannot_be_removed(client, journey, lead, member):
    lead_membership = Membership.objects.get(group=journey.group, user=lead)
    with pytest.raises(ValidationError, match="at least one lead"):
        services.membership_remove(membership=lead_membership, by=lead)
    client.force_login(lead)
    response = client.post(reverse("journeys:member_remove", args=[journey.pk, lead_membership.pk]))
    assert response.status_code == 400
    assert "A group must keep at least one lead" in response.content.decode()
    assert Membership.objects.filter(pk=lead_membership.pk).exists()


def test_a_lead_removes_a_member_or_another_lead(client, journey, lead, member):
    second_lead = MembershipFactory(group=journey.group, role=Membership.Role.LEAD).user
    client.force_login(lead)
    member_row = Membership.objects.get(user=member)
    assert client.post(reverse("journeys:member_remove", args=[journey.pk, member_row.pk])).status_code == 302
    lead_row = Membership.objects.get(user=second_lead, group=journey.group)
    assert client.post(reverse("journeys:member_remove", args=[journey.pk, lead_row.pk])).status_code == 302
    assert list(journey.group.memberships.values_list("user", flat=True)) == [lead.pk]
    # The removed member no longer sees the journey.
    client.force_login(member)
    assert client.get(reverse("journeys:overview", args=[journey.pk])).status_code == 404


def test_a_membership_of_another_group_is_not_found(client, journey, other_journey, lead):
    other = other_journey.group.memberships.get()
    client.force_login(lead)
    assert client.post(reverse("journeys:member_remove", args=[journey.pk, other.pk])).status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_a_line_break_in_the_group_name_cannot_break_or_add_email_headers(
    client, journey, lead, django_capture_on_commit_callbacks
):
    journey.group.name = "Libraries\r\nBcc: victim@example.test"
    journey.group.save(update_fields=["name"])
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("journeys:member_invite", args=[journey.pk]), {"email": "new@example.test", "role": "member"}
        )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "Lena Lead invited you to join Libraries Bcc: victim@example.test on Mutuals Portal"
    assert message.bcc == [] and message.to == ["new@example.test"]


def test_a_lead_makes_a_member_a_lead_and_the_timeline_says_who(client, journey, lead, member):
    membership = Membership.objects.get(group=journey.group, user=member)
    client.force_login(lead)
    members_page = client.get(reverse("journeys:members", args=[journey.pk])).content.decode()
    assert reverse("journeys:member_promote", args=[journey.pk, membership.pk]) in members_page
    response = client.post(reverse("journeys:member_promote", args=[journey.pk, membership.pk]), follow=True)
    assert "is now a lead of the group" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Membership.Role.LEAD
    assert journey.events.filter(summary__endswith="was made a lead", actor=lead).exists()


def test_a_member_cannot_make_themselves_a_lead(client, journey, member):
    membership = Membership.objects.get(group=journey.group, user=member)
    client.force_login(member)
    assert client.post(reverse("journeys:member_promote", args=[journey.pk, membership.pk])).status_code == 403
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MEMBER


def test_a_promoted_lead_lets_the_first_lead_leave(journey, lead, member):
    services.membership_promote(membership=Membership.objects.get(group=journey.group, user=member), by=lead)
    with pytest.raises(ValidationError, match="already a lead"):
        services.membership_promote(membership=Membership.objects.get(group=journey.group, user=member), by=lead)
    services.membership_remove(membership=Membership.objects.get(group=journey.group, user=lead), by=lead)
    assert list(Membership.objects.filter(group=journey.group).values_list("user", "role")) == [
        (member.pk, Membership.Role.LEAD)
    ]
