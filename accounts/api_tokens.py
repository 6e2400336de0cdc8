"""API tokens (pen test #16, point 8): created and revoked by their owner on the account page, kept
as a digest, valid for API_TOKEN_DAYS, and for a role that must use two-factor authentication only
when created in a session whose second factor was checked. A bad token gets 401 in JSON."""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header

from . import audit, two_factor
from .models import ApiToken, SecurityEvent

logger = logging.getLogger("mutuals_portal.security")
KEYWORD = "Token"


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


class SecondFactorNeeded(Exception):
    """The person's role must use two-factor authentication and this session has not checked it."""


def second_factor_checked(request) -> bool:
    user = request.user
    return bool(getattr(user, "is_verified", None) and user.is_verified())


def may_create(request) -> bool:
    return not two_factor.required_for(request.user) or second_factor_checked(request)


@transaction.atomic
def create(request) -> tuple[ApiToken, str]:
    """A new token for the signed-in person; returns it with its key (shown once, never kept)."""
    if not may_create(request):
        raise SecondFactorNeeded
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=request.user,
        key_digest=digest(key),
        prefix=key[:8],
        expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
        with_second_factor=second_factor_checked(request),
    )
    audit.record(SecurityEvent.Kind.API_TOKEN_CREATED, request=request, user=request.user)
    return token, key


@transaction.atomic
def revoke(request, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(SecurityEvent.Kind.API_TOKEN_REVOKED, request=request, user=request.user)


class TokenRefused(exceptions.APIException):
    """401 (not DRF's 403, which it gives when the session authenticator comes first), with a
    WWW-Authenticate challenge, in the API's JSON error body."""

    status_code = 401
    default_detail = "The token is not valid."
    default_code = "authentication_failed"
    auth_header = KEYWORD  # read by DRF's exception handler: WWW-Authenticate: Token


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, checked against ApiToken (a subclass of DRF's, so the OpenAPI
    schema describes it as DRF's token scheme)."""

    keyword = KEYWORD

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise TokenRefused("Invalid token header: send `Authorization: Token <key>`.")
        try:
            key = parts[1].decode()
        except UnicodeError as error:
            raise TokenRefused("Invalid token header: the token has characters a token never has.") from error
        return self.authenticate_credentials(key)

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(key_digest=digest(key)).first()
        if token is None:
            raise TokenRefused("Invalid token.")
        reason = None
        if token.revoked_at is not None:
            reason = "This token has been revoked."
        elif token.expires_at <= timezone.now():
            reason = "This token has expired. Create a new one on your account page."
        elif not token.user.is_active:
            reason = "Invalid token."
        elif two_factor.required_for(token.user) and not token.with_second_factor:
            reason = "Your role must use two-factor authentication: create a new token after signing in with it."
        if reason:
            logger.info("api token refused token_id=%s user_id=%s reason=%s", token.pk, token.user_id, reason)
            raise TokenRefused(reason)
        return token.user, token
