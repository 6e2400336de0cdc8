"""What the real-browser tests share: the demo's password and signing in as a demo person."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

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


def authenticator_code(device) -> str:
    """The code the person's authenticator app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time()
    return f"{totp.token():06d}"


def sign_in_with_code(page, base_url: str, email: str) -> None:
    """Sign in as a person whose role uses two-factor authentication (advisers, officers), their
    authenticator app already set up: the password, then the code, as a person would."""
    person = User.objects.get(email=email)
    device = TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)
    person.two_factor_enabled = True
    person.save(update_fields=["two_factor_enabled"])
    sign_in(page, base_url, email, wait=False)
    page.wait_for_url(f"{base_url}/accounts/two-factor/code/**")
    page.get_by_label("Code from your authenticator app").fill(authenticator_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base_url}/accounts/")


def small_pdf(text: str) -> bytes:
    """A one-page PDF showing `text`, with a correct cross-reference table (a real file, as a scanner makes)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def fill_date(scope, legend: str, day) -> None:
    """Fill a GOV.UK date input (Day, Month, Year) found by its fieldset's legend."""
    group = scope.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))
