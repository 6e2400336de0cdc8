"""Response headers that Django's SecurityMiddleware does not set."""

import html
import re
from urllib.parse import quote, urljoin, urlsplit

from django.core.exceptions import DisallowedHost

# No inline script or style anywhere: every script and stylesheet is a file under /static/.
# form-action is set per response (see form_action_sources): 'none' on a page with no form.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action {form_action}",
        "frame-ancestors 'none'",
    ]
)
# The Django admin's templates and Swagger UI (the API docs) still set a few inline styles.
ADMIN_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

_FORM_TAG = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
_ACTION = re.compile(r"""(?:^|\s)action\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
# A CSP host-source takes a DNS name or an IPv4 address (with a port), not an IPv6 literal.
_CSP_HOST = re.compile(r"^[A-Za-z0-9.-]+(:\d+)?$")
# Characters a CSP path may hold as they are; anything else (';' and ',' would end the source) is
# percent-encoded, which CSP decodes before comparing.
_CSP_PATH_SAFE = "/-._~!$&'()*+=:@%"


def form_targets(body: str, page_url: str) -> list[str] | None:
    """Where the page's forms submit to (absolute URLs), or None when it has no form."""
    tags = _FORM_TAG.findall(body)
    if not tags:
        return None
    targets = []
    for tag in tags:
        match = _ACTION.search(tag[len("<form") :])
        action = html.unescape(next((group for group in match.groups() if group is not None), "")) if match else ""
        target = urljoin(page_url, action.strip())
        if target not in targets:
            targets.append(target)
    return targets


def form_action_sources(request, response) -> str:
    """The form-action sources for a response: 'none' for a page with no form; otherwise exactly the
    addresses its forms submit to (so a stray formaction="/admin/..." button cannot submit elsewhere),
    or 'self' when those cannot be written as CSP sources."""
    content_type = response.get("Content-Type", "")
    if "html" not in content_type:
        return "'none'"
    if getattr(response, "streaming", False):
        return "'self'"
    body = response.content.decode(response.charset or "utf-8", errors="replace")
    try:
        host = request.get_host()
    except DisallowedHost:
        return "'none'" if not _FORM_TAG.search(body) else "'self'"
    targets = form_targets(body, f"{request.scheme}://{host}{request.path}")
    if targets is None:
        return "'none'"
    sources = []
    for target in targets:
        parts = urlsplit(target)
        if parts.scheme not in {"http", "https"} or not _CSP_HOST.match(parts.netloc):
            return "'self'"
        # No scheme: the page's own (or its https upgrade) is allowed, as for 'self'.
        source = parts.netloc if parts.netloc == host else f"{parts.scheme}://{parts.netloc}"
        sources.append(source + quote(parts.path or "/", safe=_CSP_PATH_SAFE))
    return " ".join(dict.fromkeys(sources))


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        relaxed = request.path.startswith(("/admin/", "/api/docs/"))
        policy = ADMIN_CONTENT_SECURITY_POLICY if relaxed else CONTENT_SECURITY_POLICY
        if "Content-Security-Policy" not in response.headers:
            response.headers["Content-Security-Policy"] = policy.format(
                form_action=form_action_sources(request, response)
            )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
