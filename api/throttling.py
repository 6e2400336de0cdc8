"""DRF's throttles, with the client counted by its real address (accounts.security.client_ip).

DRF's own get_ident takes the whole X-Forwarded-For header when there is one, so a client could
escape the anonymous limit by sending a new header with every request.

The anonymous limit (API_ANON_RATE) counts anonymous clients and the signed-in limit (API_USER_RATE)
signed-in users; DRF's user throttle also counted every anonymous client against the signed-in limit,
two more reads and writes of the cache per request for a limit the anonymous one is within."""

from rest_framework import throttling

from accounts.security import client_ip


class _ClientIpMixin:
    def get_ident(self, request):
        return client_ip(request)


class AnonRateThrottle(_ClientIpMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_ClientIpMixin, throttling.UserRateThrottle):
    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None  # counted by AnonRateThrottle
        return super().get_cache_key(request, view)
