import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .access import get_notification_for_user, notifications_visible_to
from .forms import PreferencesForm
from .models import EmailDeliveryStatus, NotificationPreference
from .services import set_preferences

PAGE_SIZE = 20


@login_required
def inbox(request):
    notifications = notifications_visible_to(request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "unread": notifications.unread().exists()})


@login_required
@require_POST
def mark_read(request, pk):
    notification = get_notification_for_user(request.user, pk)
    notification.mark_read()
    if request.POST.get("open") and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url or "notifications:inbox")
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = notifications_visible_to(request.user).unread().update(read_at=timezone.now())
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read")
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    current = dict(NotificationPreference.objects.filter(user=request.user).values_list("event_type", "delivery"))
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        set_preferences(user=request.user, choices=form.choices_by_event())
        messages.success(request, "Your notification choices have been saved")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt
@require_POST
def notify_callback(request):
    """GOV.UK Notify's delivery-status callback: Notify sends the bearer token set as
    NOTIFY_CALLBACK_TOKEN in its settings. Each receipt is recorded; the address is not kept."""
    expected = settings.NOTIFY_CALLBACK_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not expected or not constant_time_compare(given, expected):
        return HttpResponse(status=401)
    try:
        receipt = json.loads(request.body)
        notify_id, status = str(receipt["id"])[:36], str(receipt["status"])[:40]
    except (ValueError, KeyError, TypeError):
        return HttpResponse(status=400)
    EmailDeliveryStatus.objects.create(
        notify_id=notify_id,
        reference=str(receipt.get("reference") or "")[:100],
        status=status,
        notification_type=str(receipt.get("notification_type") or "")[:20],
        completed_at=parse_datetime(str(receipt.get("completed_at") or "")),
    )
    return HttpResponse(status=204)
