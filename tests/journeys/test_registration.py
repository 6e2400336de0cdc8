from django.conf import settings
from django.urls import reverse

from accounts.models import PendingRegistration, SecurityEvent, User
from journeys.models import Journey, JourneyEvent, Membership, StaffGroup, Task
from tests.factories import PublicBodyFactory, UserFactory, confirm_registration, post_and_run_commit_hooks

VALID = {
    "full_name": "Rosa Diaz",
    "email": "Rosa@Example.test",
    "password1": "a-long-pass-phrase-2026",
    "password2": "a-long-pass-phrase-2026",
    "name": "Westmoor Youth Workers",
    "service_name": "Westmoor Youth Service",
    "service_description": "Three youth centres and detached youth work.",
    "service_area": "youth",
    "headcount": "28",
    "annual_budget": "910000.50",
}


def test_registering_creates_the_lead_the_group_and_the_journey_and_signs_in(client, db):
    council = PublicBodyFactory(name="Westmoor Council")
    response = confirm_registration(client, reverse("journeys:register"), {**VALID, "parent_body": council.pk})
    journey = Journey.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("journeys:overview", args=[journey.pk])
    user = User.objects.get(email="rosa@example.test")
    assert user.role == User.Role.STAFF and user.check_password(VALID["password1"])
    group = StaffGroup.objects.get()
    assert (group.name, group.parent_body, group.headcount, str(group.annual_budget)) == (
        "Westmoor Youth Workers",
        council,
        28,
        "910000.50",
    )
    assert Membership.objects.get(group=group).role == Membership.Role.LEAD
    assert journey.stage == "explore" and Task.objects.filter(journey=journey).exists()
    assert journey.events.filter(kind=JourneyEvent.Kind.STARTED).exists()
    assert client.get(reverse("journeys:overview", args=[journey.pk])).status_code == 200


def test_bad_input_shows_errors_keeps_what_was_typed_and_saves_nothing(client, db):
    council = PublicBodyFactory(name="Westmoor Council")
    data = {**VALID, "parent_body": council.pk, "headcount": "1", "annual_budget": "12.345", "password2": "different"}
    response = client.post(reverse("journeys:register"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "A staff group needs at least 2 staff" in html
    assert "no more than 2 digits after the decimal point" in html
    assert "The passwords do not match" in html
    assert 'value="Westmoor Youth Workers"' in html
    assert not User.objects.exists() and not StaffGroup.objects.exists()


def test_nothing_is_created_until_the_emailed_link_is_followed(client, db, mailoutbox):
    council = PublicBodyFactory(name="Westmoor Council")
    response = post_and_run_commit_hooks(client, reverse("journeys:register"), {**VALID, "parent_body": council.pk})
    assert response["Location"] == reverse("registration_check_email")
    assert not User.objects.exists() and not StaffGroup.objects.exists()
    assert "_auth_user_id" not in client.session
    assert [m.to for m in mailoutbox] == [["rosa@example.test"]]
    # The email echoes nothing typed into the form (it may reach someone who did not fill it in).
    assert "Westmoor" not in mailoutbox[0].body and "Rosa" not in mailoutbox[0].body
    # The password is kept only as a hash until then.
    assert VALID["password1"] not in str(PendingRegistration.objects.get().payload)


def test_an_email_that_already_has_an_account_gets_the_same_answer_and_its_owner_an_email(client, db, mailoutbox):
    """Pen test #16, point 7: the form must not tell anyone whether an address has an account."""
    council = PublicBodyFactory(name="Westmoor Council")
    owner = UserFactory(email="rosa@example.test")
    new = post_and_run_commit_hooks(
        client, reverse("journeys:register"), {**VALID, "email": "someone-new@example.test", "parent_body": council.pk}
    )
    taken = post_and_run_commit_hooks(client, reverse("journeys:register"), {**VALID, "parent_body": council.pk})
    assert (new.status_code, new["Location"]) == (taken.status_code, taken["Location"])
    assert client.get(new["Location"]).content == client.get(taken["Location"]).content
    assert not StaffGroup.objects.exists() and User.objects.count() == 1
    existing_mail = mailoutbox[-1]
    assert existing_mail.to == [owner.email]
    assert "Someone tried to register" in existing_mail.subject
    assert "/accounts/login/" in existing_mail.body and "/accounts/password-reset/" in existing_mail.body
    assert "/accounts/register/confirm/" not in existing_mail.body
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.REGISTRATION_FOR_EXISTING, user=owner).exists()


def test_a_confirmation_link_works_once(client, db, mailoutbox):
    council = PublicBodyFactory(name="Westmoor Council")
    confirm_registration(client, reverse("journeys:register"), {**VALID, "parent_body": council.pk})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/accounts/register/confirm/" in line)
    client.logout()
    again = client.get(link.strip().removeprefix(settings.SITE_URL))
    assert again.status_code == 404 and "This link has expired" in again.content.decode()
    assert StaffGroup.objects.count() == 1


def test_a_signed_in_user_is_told_to_sign_out_first(client, db):
    client.force_login(UserFactory())
    response = client.get(reverse("journeys:register"))
    assert "sign out first" in response.content.decode()


def test_links_never_followed_are_not_kept_beyond_their_life(client, db):
    from datetime import timedelta

    from django.utils import timezone

    council = PublicBodyFactory(name="Westmoor Council")
    post_and_run_commit_hooks(client, reverse("journeys:register"), {**VALID, "parent_body": council.pk})
    PendingRegistration.objects.update(created_at=timezone.now() - timedelta(hours=25))
    data = {**VALID, "email": "other@example.test", "parent_body": council.pk}
    post_and_run_commit_hooks(client, reverse("journeys:register"), data)
    assert list(PendingRegistration.objects.values_list("email", flat=True)) == ["other@example.test"]
