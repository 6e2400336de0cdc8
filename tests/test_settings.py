"""Settings: production variables give a clean `check --deploy`; the default is embedded."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x7#kP9$mQ2!vL4@nR8&tW1^zB6*cF3(hJ5)dG0-sY-prod-like-key-for-the-deploy-check",
    "ALLOWED_HOSTS": "mutuals.example.gov.uk",
    "CSRF_TRUSTED_ORIGINS": "https://mutuals.example.gov.uk",
    "DATABASE_URL": "postgres://portal:secret@db.internal:5432/portal",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "SITE_URL": "https://mutuals.example.gov.uk",
}


# Variables that would change what a fresh shell sees (the e2e tests set the last one).
EMBEDDED_UNSET = {
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CACHE_REDIS_URL",
    "DEBUG",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "SECRET_KEY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _manage(*args, env_overrides):
    env = {key: value for key, value in os.environ.items() if key not in EMBEDDED_UNSET}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "mutuals_portal.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_no_issues_with_production_variables():
    result = _manage("check", "--deploy", "--fail-level", "DEBUG", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    result = _manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_settings_use_postgres_redis_and_secure_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.DEBUG, s.TWO_FACTOR_REQUIRED)"
    )
    result = _manage("shell", "-v", "0", "-c", code, env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "redis://redis.internal:6379/0",
        "True",
        "True",
        "31536000",
        "False",
        "True",
    ]


def test_production_reuses_database_connections_only_after_a_health_check_and_the_cache_fails_soft():
    # A PostgreSQL restart leaves each web process a dead connection: it must be noticed and replaced
    # at the next request, not served as an error (make faults restarts PostgreSQL under load).
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['CONN_HEALTH_CHECKS'], d['CONN_MAX_AGE'] > 0, s.CACHES['default']['BACKEND'])"
    )
    result = _manage("shell", "-v", "0", "-c", code, env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "mutuals_portal.lib.cache.FailSoftRedisCache"]


def test_the_broker_and_the_cache_can_be_separate_redis_servers_with_short_timeouts():
    env = {**PRODUCTION_ENV, "CELERY_BROKER_URL": "redis://broker:6379/0", "CACHE_REDIS_URL": "redis://cache:6379/0"}
    code = (
        "from django.conf import settings as s; c = s.CACHES['default']; t = s.CELERY_BROKER_TRANSPORT_OPTIONS;"
        "print(s.CELERY_BROKER_URL, c['LOCATION'], c['OPTIONS']['socket_connect_timeout'],"
        " c['OPTIONS']['socket_timeout'], t['socket_connect_timeout'], t['socket_timeout'],"
        " s.REDIS_CIRCUIT_BREAKER_SECONDS, s.CELERY_WORKER_MAX_MEMORY_PER_CHILD)"
    )
    result = _manage("shell", "-v", "0", "-c", code, env_overrides=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "redis://broker:6379/0",
        "redis://cache:6379/0",
        "0.25",
        "0.5",
        "0.25",
        "0.5",
        "30",
        "400000",
    ]
    # Both default to REDIS_URL.
    result = _manage("shell", "-v", "0", "-c", code, env_overrides=PRODUCTION_ENV)
    assert result.stdout.split()[:2] == ["redis://redis.internal:6379/0", "redis://redis.internal:6379/0"]


def test_the_embedded_default_needs_no_server():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.EMAIL_BACKEND, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in EMBEDDED_UNSET},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "filesystem://",
        "django.core.mail.backends.console.EmailBackend",
        "True",
    ]


@pytest.mark.django_db
def test_uploaded_files_have_no_public_url(client, settings):
    settings.DEBUG = False
    folder = Path(settings.MEDIA_ROOT)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "evidence.pdf").write_bytes(b"%PDF-1.4 private")
    assert client.get(f"{settings.MEDIA_URL}evidence.pdf").status_code == 404


def test_production_keeps_compiled_templates():
    code = (
        "from django.template import engines; e = engines['django'].engine;"
        "print(' '.join(type(loader).__module__ for loader in e.template_loaders))"
    )
    production = _manage("shell", "-v", "0", "-c", code, env_overrides=PRODUCTION_ENV)
    assert production.returncode == 0, production.stderr
    assert production.stdout.split() == ["django.template.loaders.cached"]
