"""Making a person's account: the one place it happens (a staff group's lead, an invited member, a
relevant body's representative), with Django's password validation and one rule for an email
address that already has an account. (The Django admin and seed_demo make staff accounts too.)"""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from .models import PublicBody, User

DUPLICATE_EMAIL = "An account with this email address already exists: sign in, or reset your password"


def email_taken(email: str) -> bool:
    """Addresses are compared without regard to case: Priya@x.gov.uk and priya@x.gov.uk are one person."""
    return User.objects.filter(email__iexact=email.strip()).exists()


def user_create(
    *,
    email: str,
    full_name: str,
    role: str,
    password: str = "",
    password_hash: str = "",
    public_body=None,
) -> User:
    """A new account. `password_hash` when the password was checked and hashed earlier (a
    registration confirmed by email, accounts.registration); otherwise `password` is checked here."""
    if email_taken(email):
        raise ValidationError({"email": DUPLICATE_EMAIL})
    user = User(email=email, full_name=full_name, role=role, public_body=public_body)
    if password_hash:
        user.password = password_hash
    else:
        validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    return user


def public_body_not_listed(*, name: str) -> PublicBody:
    """The body someone named because it was not in the list: a listed body of that name if there is
    one, else a body waiting to be checked (kind and region not known) that their group can use at
    once. An administrator later marks it listed or moves its people to the listed body; no officer
    can belong to it meanwhile (User.clean)."""
    name = " ".join(name.split())
    existing = PublicBody.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    return PublicBody.objects.create(
        name=name, kind=PublicBody.Kind.NOT_KNOWN, is_verified=False, source="Typed in as not listed"
    )
