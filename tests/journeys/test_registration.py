from django.urls import reverse

from journeys.models import Journey, JourneyEvent, Membership, StaffGroup, Task
from mutuals_portal.accounts.models import User
from tests.factories import PublicBodyFactory, UserFactory

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
    response = client.post(reverse("journeys:register"), {**VALID, "parent_body": council.pk})
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


def test_an_email_that_already_has_an_account_is_refused(client, db):
    council = PublicBodyFactory(name="Westmoor Council")
    UserFactory(email="rosa@example.test")
    response = client.post(reverse("journeys:register"), {**VALID, "parent_body": council.pk})
    assert "An account with this email address already exists" in response.content.decode()
    assert not StaffGroup.objects.exists()


def test_a_signed_in_user_is_told_to_sign_out_first(client, db):
    client.force_login(UserFactory())
    response = client.get(reverse("journeys:register"))
    assert "sign out first" in response.content.decode()
