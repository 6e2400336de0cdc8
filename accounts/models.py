from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from mutuals_portal.lib.prepared import PreparedModels


class Region(models.TextChoices):
    """The nine English regions, plus the devolved nations."""

    NORTH_EAST = "north_east", "North East"
    NORTH_WEST = "north_west", "North West"
    YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east_midlands", "East Midlands"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    EAST = "east", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"

    @classmethod
    def english(cls) -> list["Region"]:
        return [r for r in cls if r not in (cls.WALES, cls.SCOTLAND, cls.NORTHERN_IRELAND)]


class PublicBodyQuerySet(models.QuerySet):
    def councils(self):
        return self.filter(kind=PublicBody.Kind.COUNCIL)

    def listed(self):
        """Bodies from the reference data (or confirmed by an administrator), not ones typed in as
        "not listed" and waiting to be checked."""
        return self.filter(is_verified=True)

    def search(self, query: str):
        """Listed bodies whose name or ONS code contains the query (any case)."""
        query = " ".join((query or "").split())
        if not query:
            return self.none()
        return self.listed().filter(models.Q(name__icontains=query) | models.Q(ons_code__iexact=query))


class PublicBody(models.Model):
    """A council, an NHS body or a central government department."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        NHS = "nhs", "NHS body"
        CENTRAL = "central", "Central government"
        NOT_KNOWN = "not_known", "Not known yet"

    class Tier(models.TextChoices):
        """The kind of council (or other body) as the official registers name it. The Community Right to
        Challenge's relevant authorities are county, district (including unitary and metropolitan
        district) and London borough councils, Localism Act 2011 s.81(2), and fire and rescue
        authorities, SI 2012/1647 reg 3."""

        COUNTY = "county", "County council"
        DISTRICT = "district", "District council"
        UNITARY = "unitary", "Unitary authority"
        METROPOLITAN = "metropolitan", "Metropolitan borough council"
        LONDON_BOROUGH = "london_borough", "London borough council"
        FIRE = "fire", "Fire and rescue authority"
        NHS_TRUST = "nhs_trust", "NHS trust or foundation trust"
        NHS_COMMISSIONER = "nhs_commissioner", "NHS commissioner (integrated care board)"
        OTHER = "other", "Other"

    RELEVANT_AUTHORITY_TIERS = {
        Tier.COUNTY,
        Tier.DISTRICT,
        Tier.UNITARY,
        Tier.METROPOLITAN,
        Tier.LONDON_BOROUGH,
        Tier.FIRE,
    }

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    tier = models.CharField(max_length=20, choices=Tier.choices, blank=True)
    region = models.CharField(max_length=30, choices=Region.choices, blank=True, help_text="Blank: not known.")
    ons_code = models.CharField(
        "ONS code",
        max_length=9,
        blank=True,
        help_text="The Office for National Statistics code, for example E06000014.",
    )
    source = models.CharField(
        max_length=500,
        blank=True,
        help_text="Where this body's name and code come from (the official register or list).",
    )
    is_verified = models.BooleanField(
        "listed",
        default=True,
        help_text="Off for a body someone typed in as not listed: an adviser or administrator checks it, "
        "then links its people to a listed body or marks it listed.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PublicBodyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "public bodies"

    def __str__(self):
        return self.name

    @property
    def is_relevant_authority(self) -> bool:
        """A body whose services can be challenged under the Community Right to Challenge (England)."""
        return self.is_verified and self.tier in self.RELEVANT_AUTHORITY_TIERS


# A person's row by its key, compiled once (mutuals_portal.lib.prepared): Django's ModelBackend reads the
# signed-in person this way on every page (User.objects.get(pk=...)), and the ORM built and compiled it each time.
_BY_KEY = PreparedModels(lambda pk: User.objects.filter(pk=pk))
_LARGEST_KEY = 2**63 - 1


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get(self, *args, **kwargs):
        """`User.objects.get(pk=...)` (a number, or its digits as the session keeps it) by a statement
        compiled once: the same row, or the same DoesNotExist. Any other lookup, a related manager (a
        council's `people`, which adds its own condition) or another database goes through the ORM."""
        key = kwargs.get("pk")
        if type(self) is UserManager and not args and kwargs.keys() == {"pk"} and self._db is None:
            if isinstance(key, str) and key.isascii() and key.isdigit():
                key = int(key)
            if type(key) is int and 0 < key <= _LARGEST_KEY:
                found = _BY_KEY.objects(key)
                if not found:
                    raise self.model.DoesNotExist(f"{self.model._meta.object_name} matching query does not exist.")
                return found[0]
        return super().get(*args, **kwargs)

    def get_by_natural_key(self, username):
        # Email addresses are stored lower-case; sign-in accepts any case.
        return self.get(email__iexact=(username or "").strip())

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", User.Role.ADMIN)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address."""

    class Role(models.TextChoices):
        STAFF = "staff", "Staff group member"
        OFFICER = "officer", "Council officer"
        ADVISER = "adviser", "Cabinet Office adviser"
        BODY = "body", "Relevant body representative"
        ADMIN = "admin", "Administrator"

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STAFF)
    public_body = models.ForeignKey(
        PublicBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        help_text="For an officer, the council they work for; for an adviser, the Cabinet Office.",
    )
    is_staff = models.BooleanField("Django admin access", default=False, help_text="Can sign in to the Django admin.")
    is_active = models.BooleanField(default=True)
    two_factor_enabled = models.BooleanField(
        "two-factor authentication", default=False, help_text="Signs in with a code from an authenticator app."
    )
    date_joined = models.DateTimeField(default=timezone.now)
    dormancy_warned_at = models.DateTimeField(
        null=True, blank=True, help_text="When we last emailed that the account would be closed for not being used."
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
        if self.role == self.Role.OFFICER and (
            self.public_body is None or self.public_body.kind != PublicBody.Kind.COUNCIL
        ):
            raise ValidationError({"public_body": "A council officer must belong to a council."})
        if self.role == self.Role.OFFICER and not self.public_body.is_verified:
            raise ValidationError(
                {"public_body": "A council officer must belong to a listed council, not one waiting to be checked."}
            )
        if self.role == self.Role.ADVISER and (
            self.public_body is None or self.public_body.kind != PublicBody.Kind.CENTRAL
        ):
            raise ValidationError({"public_body": "An adviser must belong to a central government body."})

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_officer(self) -> bool:
        return self.role == self.Role.OFFICER and self.public_body_id is not None

    @property
    def is_adviser(self) -> bool:
        return self.role == self.Role.ADVISER

    @property
    def is_relevant_body(self) -> bool:
        return self.role == self.Role.BODY

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.role == self.Role.ADMIN


class SecurityEvent(models.Model):
    """An audit record of sign-ins, failed sign-ins and refused access (who, what, when, from where)."""

    class Kind(models.TextChoices):
        LOGIN = "login", "Signed in"
        LOGIN_FAILED = "login_failed", "Failed sign-in"
        LOGOUT = "logout", "Signed out"
        LOCKED_OUT = "locked_out", "Locked out after repeated failures"
        PERMISSION_DENIED = "permission_denied", "Refused access"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        TWO_FACTOR_ON = "two_factor_on", "Two-factor authentication turned on"
        TWO_FACTOR_OFF = "two_factor_off", "Two-factor authentication turned off"
        TWO_FACTOR_FAILED = "two_factor_failed", "Wrong two-factor code"
        UPLOAD_INFECTED = "upload_infected", "Upload refused: the virus scanner found a virus"
        SESSIONS_ENDED = "sessions_ended", "Sessions ended (password, access or role changed)"
        SESSION_EXPIRED = "session_expired", "Signed out at the end of the longest session"
        API_TOKEN_CREATED = "api_token_created", "API token created"
        API_TOKEN_REVOKED = "api_token_revoked", "API token revoked"
        REGISTRATION_FOR_EXISTING = "registration_existing", "Registration tried with this account's email"
        RATE_LIMITED = "rate_limited", "Too many attempts from one address"
        DORMANT_WARNED = "dormant_warned", "Warned that the unused account will be closed"
        DORMANT_DEACTIVATED = "dormant_deactivated", "Account closed after not being used (data retention)"
        DRAFT_WARNED = "draft_warned", "Warned that an unchanged draft will be deleted"
        DRAFT_DELETED = "draft_deleted", "Unchanged draft deleted (data retention)"

    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="security_events"
    )
    username = models.CharField("email entered", max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)
    method = models.CharField(max_length=10, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username or self.user_id or ''}"


class UserSession(AbstractBaseSession):
    """A session kept in the database (accounts.sessions.SessionStore), with the user it signs in.

    Every request reads its session row, so deleting the row ends the session at once whatever the
    cache does; user_id (indexed) lets a password change or a revocation end all of a user's
    sessions with one DELETE. Not a foreign key: a session may outlive its user for a moment, and
    the session machinery must never fail on that."""

    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "session"

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore


class ApiTokenQuerySet(models.QuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A key for the API (`Authorization: Token <key>`), created and revoked by its owner on their
    account page (accounts.api_tokens). Only a SHA-256 digest of the key is kept: the key is shown
    once, when it is created. It works until `expires_at` (API_TOKEN_DAYS after creation) or until
    it is revoked."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="api_tokens")
    key_digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text="The first characters of the key, to tell tokens apart.")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    with_second_factor = models.BooleanField(
        default=False, help_text="Created in a session whose second factor (authenticator code) was checked."
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class PendingRegistration(models.Model):
    """A registration waiting for its email address to be confirmed (accounts.registration).

    Nothing is created until the person follows the link emailed to them, so the registration
    forms answer the same whether or not the address already has an account. The payload holds
    what the form collected, with the password already hashed; the key of the link is kept only
    as a digest."""

    kind = models.CharField(max_length=30)
    email = models.EmailField()
    key_digest = models.CharField(max_length=64, unique=True)
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} {self.email} {self.created_at:%Y-%m-%d %H:%M}"


class Feedback(models.Model):
    """An answer to "Give feedback": the GOV.UK satisfaction question and free text (Service Standard
    point 10). Anonymous: no account or address is kept with it, only the page it was sent from."""

    class Satisfaction(models.TextChoices):
        VERY_SATISFIED = "very_satisfied", "Very satisfied"
        SATISFIED = "satisfied", "Satisfied"
        NEITHER = "neither", "Neither satisfied nor dissatisfied"
        DISSATISFIED = "dissatisfied", "Dissatisfied"
        VERY_DISSATISFIED = "very_dissatisfied", "Very dissatisfied"

    satisfaction = models.CharField(max_length=20, choices=Satisfaction.choices)
    comments = models.TextField("how we could improve this service", blank=True, max_length=1200)
    page = models.CharField("sent from", max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_satisfaction_display()}"
