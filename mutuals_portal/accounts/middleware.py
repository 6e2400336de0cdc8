from django.shortcuts import redirect
from django.urls import reverse

from . import two_factor

# Pages a signed-in person can reach before their second factor is checked.
EXEMPT_URL_NAMES = ["two_factor_verify", "two_factor_setup", "logout", "keep_alive", "healthz"]
EXEMPT_PREFIXES = ("/static/", "/assets/")


class TwoFactorMiddleware:
    """Ask for the authenticator code of people who have set one up, and send people whose role
    requires two-factor authentication to set it up before they can do anything else."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt_paths = None

    def _is_exempt(self, path: str) -> bool:
        if self._exempt_paths is None:
            self._exempt_paths = {reverse(name) for name in EXEMPT_URL_NAMES}
        return path in self._exempt_paths or path.startswith(EXEMPT_PREFIXES)

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self._is_exempt(request.path):
            next_query = f"?next={request.get_full_path()}" if request.method == "GET" else ""
            if user.two_factor_enabled:
                return redirect(reverse("two_factor_verify") + next_query)
            if two_factor.required_for(user):
                return redirect(reverse("two_factor_setup") + next_query)
        return self.get_response(request)
