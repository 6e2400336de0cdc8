"""What the real-browser tests share: the demo's password and signing in as a demo person."""

DEMO_PASSWORD = "demo-pass-2026"  # seed_demo's accounts (README, "Demo accounts")


def sign_in(page, base_url: str, email: str = "lead@demo.test", *, wait: bool = True) -> None:
    """Sign in through the real form, as a person would, from a browser holding no earlier session.
    `wait`: wait for the account page (people with a second factor are asked for their code first)."""
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/?next=/accounts/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if wait:
        page.wait_for_url(f"{base_url}/accounts/")
