"""Conditional GET for the API: an ETag from the response body, Last-Modified where the data has it.

Django's ConditionalGetMiddleware is not installed (pages are personalised), so API views
do it themselves: a client that sends back the ETag (If-None-Match) or the Last-Modified
date (If-Modified-Since) gets 304 Not Modified with no body when nothing has changed.
"""

import hashlib

from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date


class ConditionalGetMixin:
    """For DRF views: set ETag and Last-Modified on 200 responses and answer 304 when they match."""

    #: public data may be kept by shared caches; a user's own data only by their browser
    cache_private = False

    def get_last_modified(self):
        """The time the data last changed (a datetime), or None when it is not known."""
        return None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:40] + '"'
        response["ETag"] = etag
        last_modified = self.get_last_modified()
        timestamp = int(last_modified.timestamp()) if last_modified else None
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        if self.cache_private:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)
