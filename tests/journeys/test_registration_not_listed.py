"""Registering a staff group whose council is not in the list (issue #25, point 1): free text, the
group works at once, the body waits to be checked and is never offered to others or to officers."""

from django.urls import reverse

from accounts.models import PublicBody, User
from journeys.models import Journey, StaffGroup
from tests.factories import PublicBodyFactory, confirm_registration
from tests.journeys.test_registration import VALID


def test_a_group_from_an_unlisted_council_registers_and_works_at_once(client, db):
    response = confirm_registration(
        client, reverse("journeys:register"), {**VALID, "parent_body_not_listed": "  Westshire   County Council "}
    )
    journey = Journey.objects.get()
    assert response["Location"] == reverse("journeys:overview", args=[journey.pk])
    body = StaffGroup.objects.get().parent_body
    assert (body.name, body.is_verified, body.kind, body.region) == (
        "Westshire County Council",
        False,
        PublicBody.Kind.NOT_KNOWN,
        "",
    )
    assert client.get(reverse("journeys:overview", args=[journey.pk])).status_code == 200
    assert User.objects.get(email="rosa@example.test").public_body is None


def test_a_typed_name_that_is_listed_uses_the_listed_body(client, db):
    council = PublicBodyFactory(name="Westmoor Council")
    confirm_registration(client, reverse("journeys:register"), {**VALID, "parent_body_not_listed": "westmoor council"})
    assert StaffGroup.objects.get().parent_body == council
    assert PublicBody.objects.count() == 1


def test_neither_or_both_answers_are_refused_with_a_clear_message(client, db):
    council = PublicBodyFactory(name="Westmoor Council")
    html = client.post(reverse("journeys:register"), VALID).content.decode()
    assert "Select the public body you work for, or enter its name if it is not listed" in html
    html = client.post(
        reverse("journeys:register"), {**VALID, "parent_body": council.pk, "parent_body_not_listed": "Elsewhere"}
    ).content.decode()
    assert "Either select your public body from the list or enter its name, not both" in html
    assert 'value="Elsewhere"' in html
    assert not StaffGroup.objects.exists() and not PublicBody.objects.filter(name="Elsewhere").exists()


def test_a_body_waiting_to_be_checked_is_not_offered_to_the_next_person(client, db):
    PublicBody.objects.create(name="Southmoor Borough Council", kind="not_known", is_verified=False)
    PublicBodyFactory(name="Westmoor Council")
    html = client.get(reverse("journeys:register")).content.decode()
    assert "Westmoor Council" in html and "Southmoor Borough Council" not in html
