from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from mutuals_portal.context_processors import navigation_for
from mutuals_portal.notifications.services import notify


@login_required
def profile(request):
    user = request.user
    memberships = user.memberships.select_related("group", "group__parent_body")
    shortcuts = [item for item in navigation_for(user) if item["href"] != request.path]
    return render(
        request,
        "accounts/profile.html",
        {"memberships": memberships, "shortcuts": shortcuts},
    )


@require_POST
def keep_alive(request):
    """Called by the session-timeout warning's "Stay signed in": the request itself renews the session."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    return HttpResponse(status=204)


def _tell_password_changed(user) -> None:
    when = date_format(timezone.localtime(), "j F Y \\a\\t g:ia")
    notify(
        recipient=user,
        event="security.password_changed",
        obj=user,
        message=f"Your Mutuals Portal password was changed on {when}. If this was not you, "
        "reset your password now and tell the service team.",
        url=reverse("password_reset"),
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        _tell_password_changed(form.user)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        _tell_password_changed(form.user)
        return response
