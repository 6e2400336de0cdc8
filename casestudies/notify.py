"""Tell people about case-study changes, through the portal's one notification service."""

from django.urls import reverse

from accounts.models import User
from notifications.services import notify


def status_changed(*, case_study, by, note: str = "") -> None:
    """Tell the contributor (if someone else made the change) that their case study was moderated."""
    recipient = case_study.contributed_by
    if recipient is None or recipient == by:
        return
    if case_study.is_published:
        message = f"Your case study {case_study.name} has been published"
    else:
        message = f"Your case study {case_study.name} was returned to you with comments"
    if note:
        message = f"{message}: {note}"
    notify(
        recipient=recipient,
        event="casestudies.moderated",
        obj=case_study,
        message=message,
        url=case_study.get_absolute_url(),
    )


def submitted(*, case_study, by) -> None:
    """Tell the advisers that a case study is waiting for their review."""
    advisers = User.objects.filter(role=User.Role.ADVISER, is_active=True).exclude(pk=by.pk)
    for adviser in advisers:
        notify(
            recipient=adviser,
            event="casestudies.submitted",
            obj=case_study,
            message=f"{case_study.name} was sent for review",
            url=reverse("casestudies:review", kwargs={"slug": case_study.slug}),
        )
