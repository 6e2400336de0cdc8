"""DRF's throttles, with the client counted by its real address (accounts.security.client_ip).

DRF's own get_ident takes the whole X-Forwarded-For header when there is one, so a client could
escape the anonymous limit by sending a new header with every request."""

from rest_framework import throttling

from accounts.security import client_ip


class _ClientIpMixin:
    def get_ident(self, request):
        return client_ip(request)


class AnonRateThrottle(_ClientIpMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_ClientIpMixin, throttling.UserRateThrottle):
    pass
