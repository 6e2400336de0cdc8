"""Conditional GET and caching headers for the API.

Django's ConditionalGetMiddleware is not installed (pages are personalised), so API views do it
themselves: a client that sends back the ETag (If-None-Match) or the Last-Modified date
(If-Modified-Since) gets 304 Not Modified with no body when nothing has changed. Views whose data
has a cheap stamp (`get_data_stamp`, e.g. when the library last changed) make their ETag from it
and answer 304 before doing the work; the others from the body.

Open data is `public, max-age=60` for anonymous clients; a response to a signed-in client (session
or token) is never public, and a signed-in user's own data (`cache_private`) is `private,
no-cache`. Every response varies on Cookie, Authorization and Accept (the negotiated format).
"""

import hashlib

from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from rest_framework.response import Response

from mutuals_portal.lib.httpcache import PUBLIC_MAX_AGE, etag_for

VARY = ["Accept", "Authorization", "Cookie"]


class ConditionalGetMixin:
    """For DRF views: set ETag and Last-Modified on 200 responses and answer 304 when they match."""

    #: public data may be kept by shared caches; a user's own data only by their browser
    cache_private = False

    def get_last_modified(self):
        """The time the data last changed (a datetime), or None when it is not known."""
        return None

    def get_data_stamp(self):
        """Values read cheaply from the data the response shows, or None (ETag from the body)."""
        return None

    def get(self, request, *args, **kwargs):
        stamp = self.get_data_stamp()
        self._etag = None
        if stamp is not None:
            self._etag = etag_for(request.get_full_path(), request.get_host(), request.accepted_media_type, stamp)
            if get_conditional_response(request, etag=self._etag) is not None:
                return Response(status=304)
        return super().get(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, VARY)
        if request.method not in ("GET", "HEAD") or response.status_code not in (200, 304):
            return response
        signed_in = request.user is not None and request.user.is_authenticated
        if self.cache_private:
            patch_cache_control(response, private=True, no_cache=True)
        elif signed_in:
            patch_cache_control(response, private=True, max_age=0)
        else:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        etag = getattr(self, "_etag", None)
        if response.status_code == 304:
            response["ETag"] = etag
            return response
        response.render()
        if etag is None:
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:40] + '"'
        response["ETag"] = etag
        last_modified = self.get_last_modified()
        timestamp = int(last_modified.timestamp()) if last_modified else None
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)
