"""Start pages per user type, the sign-in page's ways in, each role's home after sign-in, sign-out in
the header (issue #25, point 2)."""

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("audience", "heading", "start_url"),
    [
        ("staff-groups", "Plan a spin-out as a staff group", "journeys:register"),
        ("community-groups", "Challenge to run a council service", "challenges:body_signup"),
        ("councils", "Run the Community Right to Challenge for your council", "login"),
        ("advisers", "Triage referrals to the Mutuals Support Programme", "login"),
    ],
)
def test_each_start_page_has_a_start_now_button_to_its_route(client, audience, heading, start_url):
    html = client.get(reverse("start", args=[audience])).content.decode()
    assert f'<h1 class="govuk-heading-xl">{heading}</h1>' in html
    button = html.split("govuk-button--start", 1)[1].split("</a>", 1)[0]
    assert "Start now" in button
    assert f'href="{reverse(start_url)}"' in html.split("govuk-button--start", 1)[0].rsplit("<a", 1)[1]


def test_the_home_page_links_to_every_start_page(client):
    html = client.get(reverse("home")).content.decode()
    for audience in ("staff-groups", "community-groups", "councils", "advisers"):
        assert reverse("start", args=[audience]) in html


def test_the_sign_in_page_links_to_both_registrations(client):
    html = client.get(reverse("login")).content.decode()
    assert reverse("journeys:register") in html
    assert reverse("challenges:body_signup") in html


@pytest.mark.parametrize(
    ("role", "home"),
    [
        ("staff", "journeys:list"),
        ("officer", "challenges:eoi_list"),
        ("adviser", "referrals:queue"),
        ("body", "challenges:my_eois"),
        ("admin", "admin:index"),
    ],
)
def test_each_role_lands_on_its_own_home_after_signing_in(world, client, role, home):
    user = world.user(role)
    response = client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD}, follow=True)
    assert response.redirect_chain[0][0] == reverse("role_home")
    assert response.redirect_chain[-1][0] == reverse(home)
    assert response.status_code == 200


def test_a_page_asked_for_before_signing_in_still_wins(world, client):
    user = world.user("officer")
    wanted = reverse("notifications:inbox")
    response = client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD, "next": wanted})
    assert response["Location"] == wanted


def test_an_officer_no_longer_tied_to_a_council_lands_on_their_account(world, client_for):
    officer = world.user("officer")
    type(officer).objects.filter(pk=officer.pk).update(public_body=None)
    officer.refresh_from_db()
    assert client_for(officer).get(reverse("role_home"))["Location"] == reverse("account")


def test_the_header_has_a_sign_out_button_that_posts_to_logout(world, client_for):
    client = client_for(world.user("staff"))
    html = client.get(reverse("home")).content.decode()
    nav = html.split('class="govuk-service-navigation', 1)[1].split("</section>", 1)[0]
    form = nav.split('<form method="post" action="', 1)[1]
    assert form.startswith(reverse("logout"))
    assert 'name="csrfmiddlewaretoken"' in form and ">Sign out</button>" in form
    assert client.post(reverse("logout"))["Location"] == reverse("home")
    assert "_auth_user_id" not in client.session


def test_anonymous_visitors_see_no_sign_out(client):
    html = client.get(reverse("home")).content.decode()
    assert "Sign out" not in html
