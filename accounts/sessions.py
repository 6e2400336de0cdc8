"""Sessions in the database, each row knowing its user, ended in the database (pen test #16, point 2).

The session engine (settings.SESSION_ENGINE = "accounts.sessions") reads the session
row on every request (one SELECT by primary key): signing out, a password change or a revocation
deletes the row, and no cache can bring the session back. SessionRenewalMiddleware writes a session
in use at most once a minute."""

import logging

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from mutuals_portal.lib.prepared import PreparedModels

logger = logging.getLogger("mutuals_portal.security")


def _session_by_key(key):
    from .models import UserSession

    return UserSession.objects.filter(session_key=key)


# The session row every signed-in request reads, by its key: the statement compiled once per process.
_SESSION = PreparedModels(_session_by_key, text=True)


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from .models import UserSession

        return UserSession

    def _get_session_from_db(self):
        """The session row, unless it has expired (as Django's database store reads it: a missing or expired
        session leaves the store without a key)."""
        now = timezone.now()
        for session in _SESSION.objects(self.session_key):
            if session.expire_date > now:
                return session
        self._session_key = None
        return None

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        try:
            instance.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            instance.user_id = None
        return instance


def end_sessions(user, *, keep: str | None = None) -> int:
    """Delete every session of `user` (but `keep`, the session key of the current request, if given)."""
    from .models import UserSession

    sessions = UserSession.objects.filter(user_id=user.pk)
    if keep:
        sessions = sessions.exclude(session_key=keep)
    deleted, _ = sessions.delete()
    return deleted


# Revocation: a change to what a person may do (or to their password) ends their sessions. --------

# Fields of the user (update_fields names) and their columns.
ACCESS_FIELDS = {
    "password": "password",
    "is_active": "is_active",
    "role": "role",
    "is_staff": "is_staff",
    "is_superuser": "is_superuser",
    "public_body": "public_body_id",
}


def _note_access_change(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & ACCESS_FIELDS.keys():
        return
    columns = list(ACCESS_FIELDS.values())
    before = sender._default_manager.filter(pk=instance.pk).values(*columns).first()
    if before is None:
        return
    changed = [column for column in columns if before[column] != getattr(instance, column)]
    if changed:
        instance._access_changed = changed


def _end_sessions_after_access_change(sender, instance, raw=False, **kwargs):
    changed = instance.__dict__.pop("_access_changed", None)
    if raw or not changed:
        return
    from . import audit
    from .models import SecurityEvent

    ended = end_sessions(instance)
    if ended:  # nothing to record when the person had no session
        audit.record(SecurityEvent.Kind.SESSIONS_ENDED, user=instance)
        logger.info("sessions ended user_id=%s changed=%s sessions=%s", instance.pk, ",".join(changed), ended)


def connect() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_save, pre_save

    user_model = get_user_model()
    pre_save.connect(_note_access_change, sender=user_model, dispatch_uid="sessions_note_access_change")
    post_save.connect(_end_sessions_after_access_change, sender=user_model, dispatch_uid="sessions_end_on_change")
