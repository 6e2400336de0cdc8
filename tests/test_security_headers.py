import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["home", "login", "accessibility", "healthz"])
def test_pages_send_a_strict_content_security_policy_and_other_headers(client, url_name):
    response = client.get(reverse(url_name))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "object-src 'none'" in policy
    assert "base-uri 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_carry_no_inline_script(client):
    html = client.get(reverse("home")).content.decode()
    for chunk in html.split("<script")[1:]:
        assert chunk.lstrip().startswith(("src=", 'type="module" src=')), chunk[:80]
    assert " style=" not in html


def test_the_signed_in_account_page_has_no_inline_style(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(reverse("account")).content.decode()
    assert " style=" not in html
