"""HTTP caching of public pages: the browser (or a shared cache) keeps the page, not the server.

For an anonymous GET of a public page, `public_page(stamp)` gives the response an ETag made from
`stamp(request, ...)`, a few values read from the data the page shows (e.g. when the library
last changed: one indexed query and one version from the cache), the page's URL and the
release; a request whose If-None-Match matches gets `304 Not Modified` before the view does any
work. Anonymous 200 responses get `Cache-Control: public, max-age=60`. A response for someone
signed in is never public (`private`; the authentication middleware may add `no-store`), and
every response says `Vary: Cookie`, so no cache serves a signed-in person's page to anyone else.
Nothing is stored on the server: access is decided in every request that runs the view.
"""

import hashlib
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

PUBLIC_MAX_AGE = 60


def _release() -> str:
    """Changes with the templates and the code, so that a new release does not answer 304 for a
    page it now renders differently."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for path in sorted((root / "templates").rglob("*.html")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    for app in ("mutuals_portal", "journeys", "challenges", "casestudies"):
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


RELEASE = _release()


def etag_for(*parts) -> str:
    return '"' + hashlib.sha256(repr((RELEASE, *parts)).encode()).hexdigest()[:40] + '"'


def is_anonymous(request) -> bool:
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def mark_public(response, etag: str | None = None) -> None:
    """An anonymous response of public data: any cache may keep it for PUBLIC_MAX_AGE seconds."""
    if etag is not None:
        response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)


def mark_private(response) -> None:
    patch_cache_control(response, private=True)


def public_page(stamp):
    """Decorator for a view of public data; `stamp(request, *args, **kwargs)` returns what the
    ETag is made from (cheap: it runs on every anonymous request, including those answered 304)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or not is_anonymous(request):
                response = view(request, *args, **kwargs)
                if not is_anonymous(request):
                    mark_private(response)
            else:
                etag = etag_for(request.get_full_path(), stamp(request, *args, **kwargs))
                response = get_conditional_response(request, etag=etag)
                if response is None:
                    response = view(request, *args, **kwargs)
                    # Not a page that sets a cookie (e.g. a message shown once, a CSRF token).
                    if response.status_code == 200 and not response.cookies:
                        mark_public(response, etag)
                else:
                    mark_public(response, etag)
            patch_vary_headers(response, ["Cookie"])
            return response

        return wrapper

    return decorator
