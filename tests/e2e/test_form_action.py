"""The Content-Security-Policy's form-action in a real browser: a page's own forms submit (and
follow their redirects), but a button that points its form somewhere else is stopped by Chromium.

This is the penetration test's attack (issue #16): a <button formaction="/admin/accounts/user/N/password/">
with hidden password fields inside the group-delete form, clicked by an administrator. The escaping
fix keeps such a button off the page; here it is put there by the test, to check the second line.
"""

import pytest
from django.core.management import call_command

from accounts.models import User
from journeys.models import StaffGroup

pytestmark = [pytest.mark.django_db(transaction=True)]

GROUP = "Northbridge Libraries Staff Group"
STRAY_BUTTON = """([target]) => {
  const form = document.querySelector("main form");
  for (const name of ["password1", "password2"]) {
    const input = document.createElement("input");
    input.type = "hidden"; input.name = name; input.value = "taken-over-2026";
    form.append(input);
  }
  const button = document.createElement("button");
  button.id = "stray"; button.textContent = "Continue"; button.setAttribute("formaction", target);
  form.append(button);
}"""


def test_a_stray_formaction_button_is_blocked_and_the_pages_own_form_still_works(live_server, page):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    victim = User.objects.get(email="lead@demo.test")
    group = StaffGroup.objects.get(name=GROUP)
    base = live_server.url
    page.goto(f"{base}/accounts/login/?next=/accounts/")
    page.get_by_label("Email address").fill("admin@demo.test")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/accounts/")

    delete_url = f"{base}/journeys/{group.journey.pk}/delete/"
    page.goto(delete_url)
    page.evaluate(STRAY_BUTTON, [f"/admin/accounts/user/{victim.pk}/password/"])
    # Chromium reports the blocked submission on the console (a CSP violation).
    with page.expect_console_message(lambda message: "form-action" in message.text) as blocked:
        page.locator("#stray").evaluate("button => button.click()")  # no wait for a navigation
    assert "/admin/accounts/user/" in blocked.value.text
    assert page.evaluate("location.href") == delete_url
    victim.refresh_from_db()
    assert victim.check_password("demo-pass-2026")

    # Playwright keeps waiting for the blocked navigation: open the page afresh.
    page.goto(delete_url)
    page.get_by_label("To confirm, type the name of the group").fill(GROUP)
    page.get_by_role("button", name="Delete group").click()
    page.wait_for_url(f"{base}/journeys/")
    assert StaffGroup.objects.get(pk=group.pk).is_deleted
