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


def _form_action(response) -> str:
    directives = dict(part.split(" ", 1) for part in response["Content-Security-Policy"].split("; "))
    return directives["form-action"]


@pytest.mark.parametrize("url_name", ["home", "accessibility", "privacy", "healthz"])
def test_a_page_with_no_form_may_submit_no_form(client, url_name):
    assert _form_action(client.get(reverse(url_name))) == "'none'"


def test_a_page_may_submit_only_to_where_its_own_forms_go(client):
    assert _form_action(client.get(reverse("login"))) == "testserver/accounts/login/"
    assert _form_action(client.get(reverse("referrals:enquire"))) == "testserver/enquire/"


def test_a_signed_in_page_also_allows_the_sign_out_form(client, world):
    """Every signed-in page carries the session-timeout dialog's sign-out form."""
    client.force_login(world.user("staff"), backend="django.contrib.auth.backends.ModelBackend")
    journey = world.objects["journey_a"]
    task = world.objects["task_a"]
    sources = _form_action(client.get(reverse("journeys:task", args=[journey.pk, task.pk]))).split()
    assert "testserver/accounts/logout/" in sources
    assert f"testserver{reverse('journeys:task', args=[journey.pk, task.pk])}" in sources
    assert "'self'" not in sources and all(source.startswith("testserver/") for source in sources)
    assert _form_action(client.get(reverse("account"))).split() == ["testserver/accounts/logout/"]


def test_a_stray_formaction_button_cannot_reach_the_admin_from_the_group_delete_page(client, world):
    """The penetration test's button posted the delete page's form to /admin/.../password/."""
    client.force_login(world.user("admin"), backend="django.contrib.auth.backends.ModelBackend")
    journey = world.objects["journey_a"]
    sources = _form_action(client.get(reverse("groupdata:group_delete", args=[journey.pk]))).split()
    assert sorted(sources) == sorted(
        ["testserver/accounts/logout/", f"testserver{reverse('groupdata:group_delete', args=[journey.pk])}"]
    )
    assert not any(source.startswith("testserver/admin") or source in {"'self'", "*"} for source in sources)


def test_form_targets_are_read_from_the_forms_themselves():
    from mutuals_portal.middleware import form_targets

    page = "https://portal.example/journeys/1/"
    assert form_targets("<p>No form</p>", page) is None
    body = (
        '<form method="post">'  # no action: the page itself
        "<FORM action='/accounts/logout/' method=post>"
        '<form data-action="/x/" action="../2/?a=1&amp;b=2">'
        '<form class="x" action=/search/>'
        '<button formaction="/admin/">not a form</button>'
    )
    assert form_targets(body, page) == [
        "https://portal.example/journeys/1/",
        "https://portal.example/accounts/logout/",
        "https://portal.example/journeys/2/?a=1&b=2",
        "https://portal.example/search/",
    ]


def test_a_form_target_that_cannot_be_a_csp_source_falls_back_to_self(rf):
    from django.http import HttpResponse

    from mutuals_portal.middleware import form_action_sources

    request = rf.get("/journeys/1/", HTTP_HOST="[::1]:8000")
    response = HttpResponse('<form method="post"></form>', content_type="text/html")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(type(request), "get_host", lambda self: "[::1]:8000")
        assert form_action_sources(request, response) == "'self'"
    request = rf.get("/a;b/")
    response = HttpResponse('<form method="post" action="/a;b,c d/"></form>', content_type="text/html")
    assert form_action_sources(request, response) == "testserver/a%3Bb%2Cc%20d/"


def test_a_response_that_is_not_html_may_submit_no_form(client):
    assert _form_action(client.get("/api/v1/")) == "'none'"
