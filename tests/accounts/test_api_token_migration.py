"""The data migration keeps the tokens DRF's authtoken app issued, each expiring API_TOKEN_DAYS from
the migration (accounts 0006)."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from accounts.api_tokens import digest
from accounts.models import ApiToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The migration only reads the editor's connection (a schema editor cannot open inside a test's
# transaction on SQLite).
EDITOR = SimpleNamespace(connection=connection)
migration = importlib.import_module("accounts.migrations.0006_api_tokens_and_registrations")


def test_existing_drf_tokens_are_kept_with_an_expiry_from_now(client, settings):
    settings.API_TOKEN_DAYS = 30
    user = UserFactory()
    created = timezone.now() - timedelta(days=400)
    with connection.cursor() as cursor:
        timestamp = "timestamp with time zone" if connection.vendor == "postgresql" else "datetime"
        cursor.execute(
            f'CREATE TABLE authtoken_token ("key" varchar(40) PRIMARY KEY, created {timestamp}, user_id bigint)'
        )
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, %s)", ["a" * 40, created, user.pk])
    migration.copy_drf_tokens(apps, EDITOR)
    token = ApiToken.objects.get()
    assert token.key_digest == digest("a" * 40) and token.user == user
    assert timedelta(days=29, hours=23) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert client.get("/api/v1/journeys/", HTTP_AUTHORIZATION=f"Token {'a' * 40}").status_code == 200


def test_without_drf_tokens_the_migration_does_nothing():
    migration.copy_drf_tokens(apps, EDITOR)
    assert not ApiToken.objects.exists()
