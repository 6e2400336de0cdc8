"""GOV.UK Notify (issue #25, point 5): with NOTIFY_API_KEY set, emails go through the real
notifications-python-client to a local HTTP server that answers as Notify's API does."""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PublicBodyFactory, post_and_run_commit_hooks
from tests.journeys.test_registration import VALID

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
API_KEY = f"portal_test-{SERVICE_ID}-{SECRET}"
CONFIRM_TEMPLATE = str(uuid.uuid4())
DEFAULT_TEMPLATE = str(uuid.uuid4())


class FakeNotify(BaseHTTPRequestHandler):
    """POST /v2/notifications/email as Notify answers it: 201 with the notification's id, or 403
    when the bearer token is not signed with the service's secret."""

    received: list = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"])
        except jwt.InvalidTokenError:
            return self._answer(403, {"errors": [{"error": "AuthError", "message": "Invalid token"}]})
        if self.path != "/v2/notifications/email" or claims.get("iss") != SERVICE_ID:
            return self._answer(400, {"errors": [{"error": "BadRequestError", "message": "bad request"}]})
        self.received.append(body)
        notification_id = str(uuid.uuid4())
        return self._answer(
            201,
            {
                "id": notification_id,
                "reference": body.get("reference"),
                "content": {"subject": body["personalisation"]["subject"], "body": body["personalisation"]["body"]},
                "uri": f"/v2/notifications/{notification_id}",
                "template": {"id": body["template_id"], "version": 1, "uri": "/v2/template/x"},
            },
        )

    def _answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def notify(settings):
    FakeNotify.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNotify)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "mutuals_portal.lib.notify_email.NotifyEmailBackend"
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_port}"
    settings.NOTIFY_TEMPLATE_ID = DEFAULT_TEMPLATE
    settings.NOTIFY_TEMPLATES = {"registration_confirm": CONFIRM_TEMPLATE}
    yield FakeNotify.received
    server.shutdown()
    server.server_close()


def test_a_registration_email_goes_through_notify_with_its_own_template(notify, client, db):
    council = PublicBodyFactory(name="Westmoor Council")
    post_and_run_commit_hooks(client, reverse("journeys:register"), {**VALID, "parent_body": council.pk})
    assert len(notify) == 1
    sent = notify[0]
    assert sent["email_address"] == "rosa@example.test"
    assert sent["template_id"] == CONFIRM_TEMPLATE
    assert "/accounts/register/confirm/" in sent["personalisation"]["body"]
    assert sent["personalisation"]["subject"]
    assert sent["reference"]


def test_an_email_without_its_own_template_uses_the_default_one_and_keeps_its_reference(notify):
    message = mail.EmailMessage(
        "Your pack is ready",
        "Download it from the portal.",
        to=["lead@example.test"],
        headers={"X-Mutuals-Kind": "packs.ready", "X-Mutuals-Reference": "pack-42"},
    )
    assert message.send() == 1
    assert notify == [
        {
            "email_address": "lead@example.test",
            "template_id": DEFAULT_TEMPLATE,
            "personalisation": {"subject": "Your pack is ready", "body": "Download it from the portal."},
            "reference": "pack-42",
        }
    ]


def test_a_refusal_from_notify_is_an_error_not_a_silent_loss(notify, settings):
    from notifications_python_client.errors import HTTPError

    settings.NOTIFY_API_KEY = f"portal_test-{SERVICE_ID}-{uuid.uuid4()}"  # signed with the wrong secret
    with pytest.raises(HTTPError):
        mail.EmailMessage("Hello", "Body", to=["someone@example.test"]).send()
    assert notify == []


CALLBACK_TOKEN = "a-long-random-callback-token"


def _receipt(**fields):
    return {
        "id": str(uuid.uuid4()),
        "reference": "pack-42",
        "to": "lead@example.test",
        "status": "delivered",
        "created_at": "2026-12-03T10:00:00.000000Z",
        "completed_at": "2026-12-03T10:00:05.000000Z",
        "sent_at": "2026-12-03T10:00:01.000000Z",
        "notification_type": "email",
        **fields,
    }


def test_notify_delivery_receipts_are_recorded_without_the_address(client, settings, db):
    from notifications.models import EmailDeliveryStatus

    settings.NOTIFY_CALLBACK_TOKEN = CALLBACK_TOKEN
    url = reverse("notifications:notify_callback")
    receipt = _receipt(status="permanent-failure")
    response = client.post(
        url, json.dumps(receipt), content_type="application/json", headers={"Authorization": f"Bearer {CALLBACK_TOKEN}"}
    )
    assert response.status_code == 204
    row = EmailDeliveryStatus.objects.get()
    assert (row.notify_id, row.reference, row.status, row.notification_type) == (
        receipt["id"],
        "pack-42",
        "permanent-failure",
        "email",
    )
    assert row.completed_at.isoformat().startswith("2026-12-03T10:00:05")
    assert "lead@example.test" not in str(EmailDeliveryStatus.objects.values().get())


def test_a_receipt_without_the_right_token_or_fields_is_refused(client, settings, db):
    from notifications.models import EmailDeliveryStatus

    url = reverse("notifications:notify_callback")
    body = json.dumps(_receipt())
    assert client.post(url, body, content_type="application/json").status_code == 401  # no token configured
    settings.NOTIFY_CALLBACK_TOKEN = CALLBACK_TOKEN
    wrong = {"Authorization": "Bearer not-the-token"}
    assert client.post(url, body, content_type="application/json", headers=wrong).status_code == 401
    right = {"Authorization": f"Bearer {CALLBACK_TOKEN}"}
    assert client.post(url, "{}", content_type="application/json", headers=right).status_code == 400
    assert not EmailDeliveryStatus.objects.exists()
