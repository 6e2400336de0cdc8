from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from mutuals_portal.lib.http import is_api_request, json_error

from . import api_tokens, audit, registration, signals, two_factor
from .access import get_api_token_for_user
from .forms import FeedbackForm, TwoFactorCodeForm
from .middleware import renew_session
from .models import Feedback, SecurityEvent
from .navigation import home_url_for, navigation_for
from .ratelimit import limit_posts


@login_required
def profile(request):
    user = request.user
    memberships = user.memberships.select_related("group", "group__parent_body")
    shortcuts = [item for item in navigation_for(user) if item["href"] != request.path]
    return render(
        request,
        "accounts/profile.html",
        {"memberships": memberships, "shortcuts": shortcuts, "two_factor_required": two_factor.required_for(user)},
    )


@login_required
def role_home(request):
    """Where sign-in sends people who did not ask for a page: their role's own home."""
    return redirect(home_url_for(request.user))


@require_POST
def keep_alive(request):
    """Called by the session-timeout warning's "Stay signed in": renews the session now."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    renew_session(request)
    return HttpResponse(status=204)


def _tell_password_changed(user) -> None:
    audit.record(SecurityEvent.Kind.PASSWORD_CHANGED, user=user)
    signals.password_changed.send(sender=type(user), user=user)


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


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("role_home")


@login_required
def two_factor_setup(request):
    if request.user.two_factor_enabled and not request.user.is_verified():
        return redirect("two_factor_verify")
    device = two_factor.pending_device(request.user)
    form = TwoFactorCodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        two_factor.confirm(device)
        otp_login(request, device)
        audit.record(SecurityEvent.Kind.TWO_FACTOR_ON, request=request, user=request.user)
        messages.success(request, "Two-factor authentication is on. You will need a code from your app to sign in")
        return redirect(_next_url(request))
    context = {
        "form": form,
        "qr_code": two_factor.qr_data_uri(device),
        "secret": two_factor.secret_for_display(device),
        "required": two_factor.required_for(request.user),
        "next": _next_url(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_verify(request):
    device = two_factor.confirmed_device(request.user)
    if device is None or request.user.is_verified():
        return redirect(_next_url(request))
    form = TwoFactorCodeForm(request.POST or None, device=device)
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, device)
            return redirect(_next_url(request))
        audit.record(SecurityEvent.Kind.TWO_FACTOR_FAILED, request=request, user=request.user)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@login_required
@require_POST
def two_factor_disable(request):
    if two_factor.required_for(request.user):
        raise PermissionDenied("Two-factor authentication is required for your role")
    two_factor.turn_off(request.user)
    audit.record(SecurityEvent.Kind.TWO_FACTOR_OFF, request=request, user=request.user)
    messages.success(request, "Two-factor authentication is off")
    return redirect("account")


@login_required
@require_http_methods(["GET", "POST"])
def api_token_list(request):
    """The person's API tokens: create one (its key is shown once, on this response) or revoke one."""
    new_key = None
    status = 200
    if request.method == "POST":
        try:
            _token, new_key = api_tokens.create(request)
        except api_tokens.SecondFactorNeeded:
            status = 403
    tokens = request.user.api_tokens.all()
    context = {
        "tokens": tokens,
        "new_key": new_key,
        "may_create": api_tokens.may_create(request),
        "token_days": settings.API_TOKEN_DAYS,
        "two_factor_required": two_factor.required_for(request.user),
    }
    return render(request, "accounts/api_tokens.html", context, status=status)


@login_required
@require_POST
def api_token_revoke(request, pk):
    token = get_api_token_for_user(request.user, pk)
    api_tokens.revoke(request, token)
    messages.success(request, f"API token {token.prefix}… revoked: it no longer works")
    return redirect("api_tokens")


# Registration by email confirmation (accounts.registration) ------------------------------------


def registration_check_email(request):
    """Where every correctly filled-in registration form leads, whether or not the email has an account."""
    return render(request, "accounts/registration_check_email.html", {"hours": registration.LINK_HOURS})


@require_http_methods(["GET", "POST"])
def registration_confirm(request, key):
    """The link from the confirmation email: a button (so that a mail scanner opening the link
    creates nothing), then the account, signed in."""
    pending = registration.pending(key)
    if pending is None:
        return render(request, "accounts/registration_link_invalid.html", status=404)
    if request.user.is_authenticated:
        return render(request, "accounts/registration_confirm.html", {"signed_in": True})
    errors = []
    if request.method == "POST":
        try:
            user, url, message = registration.complete(pending)
        except registration.AlreadyRegistered:
            return render(request, "accounts/registration_confirm.html", {"already": True})
        except ValidationError as error:
            errors = error.messages
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, message)
            return redirect(url)
    return render(
        request,
        "accounts/registration_confirm.html",
        {"pending": pending, "errors": errors},
        status=400 if errors else 200,
    )


def permission_denied(request, exception):
    """The 403 page (handler403): every refusal is recorded as a security event."""
    audit.record("permission_denied", request=request, user=request.user)
    if is_api_request(request):
        return json_error(403, "You do not have permission to perform this action.")
    return render(request, "403.html", status=403)


# Feedback (Service Standard point 10) ------------------------------------------------------------


def _came_from(request) -> str:
    """The page the person was on (a path on this site only), kept with their feedback."""
    candidate = request.POST.get("page") or request.GET.get("from") or ""
    if candidate.startswith("/") and not candidate.startswith("//"):
        return candidate[:300]
    return ""


@require_http_methods(["GET", "POST"])
@limit_posts("feedback")
def feedback(request):
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        Feedback.objects.create(
            satisfaction=form.cleaned_data["satisfaction"],
            comments=form.cleaned_data["comments"],
            page=_came_from(request),
        )
        return redirect("feedback_thanks")
    return render(request, "accounts/feedback.html", {"form": form, "page": _came_from(request)})


def feedback_thanks(request):
    return render(request, "accounts/feedback_thanks.html")
