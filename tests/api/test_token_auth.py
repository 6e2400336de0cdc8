"""API clients can sign in with a token instead of a session."""

import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_a_token_signs_an_api_client_in_as_its_user(client, world):
    token = Token.objects.create(user=world.user("staff"))
    anonymous = client.get("/api/v1/journeys/")
    assert anonymous.status_code == 403
    response = client.get("/api/v1/journeys/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json()["count"] == 1  # only the staff member's own journey


def test_a_wrong_token_is_refused_in_json(client, world):
    response = client.get("/api/v1/journeys/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
