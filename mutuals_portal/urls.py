from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "Mutuals Portal administration"
admin.site.site_title = "Mutuals Portal admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("start/<slug:audience>/", views.start, name="start"),
    path("guidance/", views.guidance_index, name="guidance_index"),
    path("guidance/<slug:slug>/", views.guidance, name="guidance"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("status/", views.service_status, name="service_status"),
    path("accounts/", include("accounts.urls")),
    path("feedback/", include("accounts.feedback_urls")),
    path("", include("notifications.urls")),
    path("", include("api.urls")),
    path("", include("journeys.urls")),
    path("", include("groupdata.urls")),
    path("", include("programme.urls")),
    path("", include("packs.urls")),
    path("", include("challenges.urls")),
    path("", include("casestudies.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "mutuals_portal.views.bad_request"
handler403 = "accounts.views.permission_denied"
handler404 = "mutuals_portal.views.page_not_found"
handler500 = "mutuals_portal.views.server_error"
