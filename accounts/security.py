"""Who is asking: the email django-axes counts failures against, and the client's address."""

import ipaddress
from functools import lru_cache

from django.conf import settings


def axes_username(request, credentials) -> str:
    """The name django-axes counts failures against: the email as sign-in matches it.

    Cut to 255 characters, the length of django-axes's username column.
    """
    source = credentials if credentials else request.POST
    return (source.get("username") or "").strip().lower()[:255]


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _address(value: str):
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.9:51234"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def client_ip(request) -> str | None:
    """The address of the client that sent the request, the one function for lockouts, rate limits
    and the audit trail.

    X-Forwarded-For is believed only as far as it was written by our own proxies: when the peer
    (REMOTE_ADDR) is a trusted proxy (TRUSTED_PROXIES, addresses or networks) or TRUSTED_PROXY_COUNT
    proxies stand in front of the portal, the client is the right-most address of the chain that is
    not one of ours. Anything further left was written by the client and is ignored. A request from
    anywhere else is its peer's, whatever headers it sends.
    """
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return request.META.get("REMOTE_ADDR") or None
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    count = settings.TRUSTED_PROXY_COUNT
    if not (count > 0 or _trusted(remote, networks)):
        return str(remote)
    forwarded = [item for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if item.strip()]
    chain = [_address(item) for item in forwarded] + [remote]  # left: the client; right: the nearest hop
    client = remote
    for hop, address in enumerate(reversed(chain), start=1):  # hop 1: the peer
        if address is None:  # a malformed entry: nothing left of it can be believed
            break
        client = address
        counted = hop <= count
        if not (counted or _trusted(address, networks)):
            break
    return str(client)
