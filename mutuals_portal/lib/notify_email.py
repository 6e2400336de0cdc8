"""Email through GOV.UK Notify: a Django email backend that sends each message with the official
`notifications-python-client` (settings: NOTIFY_API_KEY, NOTIFY_BASE_URL, NOTIFY_TEMPLATE_ID,
NOTIFY_TEMPLATES). Chosen by settings.py when NOTIFY_API_KEY is set; otherwise SMTP or the console.

Notify sends from templates kept in the Notify account. Each kind of email (the sender puts it in the
`X-Mutuals-Kind` header) has its own template in NOTIFY_TEMPLATES, else NOTIFY_TEMPLATE_ID; every
template has the personalisation fields `subject` and `body` (plain text, as Django renders it).
A `X-Mutuals-Reference` header, or a new UUID, becomes Notify's reference for that email.
"""

import logging
import uuid

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.notifications import NotificationsAPIClient

logger = logging.getLogger(__name__)

KIND_HEADER = "X-Mutuals-Kind"
REFERENCE_HEADER = "X-Mutuals-Reference"


def template_for(kind: str) -> str:
    return settings.NOTIFY_TEMPLATES.get(kind) or settings.NOTIFY_TEMPLATE_ID


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.client = NotificationsAPIClient(
            settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=settings.NOTIFY_TIMEOUT
        )

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            headers = message.extra_headers or {}
            template_id = template_for(headers.get(KIND_HEADER, ""))
            reference = headers.get(REFERENCE_HEADER) or str(uuid.uuid4())
            try:
                for address in [*message.to, *message.cc, *message.bcc]:
                    response = self.client.send_email_notification(
                        email_address=address,
                        template_id=template_id,
                        personalisation={"subject": message.subject, "body": message.body},
                        reference=reference,
                    )
                    logger.info("Notify accepted email %s (reference %s)", response.get("id"), reference)
            except Exception:
                if not self.fail_silently:
                    raise
                logger.exception("Notify refused an email (reference %s)", reference)
                continue
            sent += 1
        return sent
