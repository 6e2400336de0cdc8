from tests.matrix import LOGIN, Case, everyone, signed_in


def _staff_notification(world):
    return {"pk": world.objects["notification_for_staff"].pk}


ROWS = [
    Case("notifications:inbox", signed_in(200)),
    # GOV.UK Notify's delivery receipts: only with the callback token (none in tests), for anyone.
    Case("notifications:notify_callback", everyone(401), method="post", label="without the token"),
    Case("notifications:notify_callback", everyone(405), label="get is refused"),
    Case("notifications:preferences", signed_in(200)),
    Case("notifications:mark_all_read", signed_in(302), method="post"),
    Case("notifications:mark_all_read", signed_in(405), label="get is refused"),
    # Only the recipient can mark their notification; for anyone else it does not exist.
    Case(
        "notifications:mark_read",
        everyone(404, anonymous=LOGIN, staff=302),
        kwargs=_staff_notification,
        method="post",
    ),
    Case("notifications:mark_read", signed_in(405), kwargs=_staff_notification, label="get is refused"),
]
