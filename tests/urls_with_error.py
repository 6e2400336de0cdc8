"""A URLconf with a view that fails, to test the 500 page."""

from django.urls import path

from mutuals_portal.urls import handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("secret-detail: database password is hunter2")


urlpatterns = [*urlpatterns, path("boom/", boom)]
