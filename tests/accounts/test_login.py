import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from accounts.security import axes_username
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_it_signs_in_with_email_and_password(client):
    user = UserFactory(email="lead@example.test")
    response = _login(client, "lead@example.test", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("role_home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_it_accepts_the_email_in_any_case(client):
    UserFactory(email="lead@example.test")
    response = _login(client, "Lead@Example.TEST", TEST_PASSWORD)
    assert response.status_code == 302


def test_a_wrong_password_shows_the_error_summary_without_saying_whether_the_email_exists(client):
    UserFactory(email="lead@example.test")
    wrong_password = _login(client, "lead@example.test", "not-the-password")
    unknown_email = _login(client, "nobody@example.test", "not-the-password")
    for response in (wrong_password, unknown_email):
        assert response.status_code == 200
        html = response.content.decode()
        assert "govuk-error-summary" in html
        assert "There is a problem" in html
        # Once, in the summary: not repeated as an unstyled list inside the form.
        assert html.count("Enter a correct email address and password") == 1
        assert "<title>Error: Sign in" in html
    # The same words whether or not the account exists.
    strip = lambda r: r.content.decode().split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
    assert strip(wrong_password).replace("lead@example.test", "X") == strip(unknown_email).replace(
        "nobody@example.test", "X"
    )


def test_empty_fields_are_named_in_the_error_summary(client):
    response = _login(client, "", "")
    html = response.content.decode()
    assert "Enter your email address" in html
    assert "Enter your password" in html
    assert 'href="#id_username"' in html


def test_it_locks_out_after_repeated_failures_with_a_clear_message(client, settings):
    UserFactory(email="lead@example.test")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "lead@example.test", "wrong").status_code == 200
    locked = _login(client, "lead@example.test", "wrong")
    assert locked.status_code == 429
    assert "You cannot sign in for now" in locked.content.decode()
    # Even the right password is refused while locked.
    assert _login(client, "lead@example.test", TEST_PASSWORD).status_code == 429
    assert AccessAttempt.objects.filter(username="lead@example.test").exists()


def test_the_lockout_is_per_address_so_a_victim_elsewhere_can_still_sign_in(client, settings):
    UserFactory(email="lead@example.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "lead@example.test", "password": "wrong"}, REMOTE_ADDR="10.0.0.66")
    response = client.post(
        reverse("login"), {"username": "lead@example.test", "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 302


def test_logout_signs_out(client):
    user = UserFactory()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_working_link(client, mailoutbox):
    user = UserFactory(email="lead@example.test")
    response = client.post(reverse("password_reset"), {"email": "lead@example.test"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Reset your Mutuals Portal password"
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-pass-99", "new_password2": "a-brand-new-pass-99"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-pass-99")


def test_password_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []


def test_password_change_rejects_a_short_password_with_the_error_summary(client):
    user = UserFactory()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "too short" in html
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_an_email_too_long_to_be_one_is_a_form_error_and_never_reaches_the_lockout_records(client):
    response = client.post(reverse("login"), {"username": "a" * 300 + "@example.test", "password": "wrong"})
    assert response.status_code == 200
    assert "Enter an email address of 254 characters or fewer" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_the_name_lockouts_count_fits_django_axes_column(rf):
    assert len(axes_username(rf.post("/"), {"username": "A" * 1000})) == 255
