import pytest
from django.db.utils import ConnectionHandler
from django.urls import reverse

from mutuals_portal import views
from mutuals_portal.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_it_reports_database_and_broker_ok(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_it_returns_503_when_the_broker_is_down(client, monkeypatch):
    # A real Redis client pointed at a port where nothing listens.
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:9/0")
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "unavailable"}


def test_it_returns_503_when_the_database_is_down(client, monkeypatch):
    # A real PostgreSQL connection to a port where nothing listens.
    unreachable = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "nowhere",
                "HOST": "127.0.0.1",
                "PORT": "9",
                "USER": "nobody",
                "OPTIONS": {"connect_timeout": 2},
            }
        }
    )["default"]
    monkeypatch.setattr(views, "connection", unreachable)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"] == "unavailable"


def test_it_refuses_post(client):
    assert client.post(reverse("healthz")).status_code == 405
