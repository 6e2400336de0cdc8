from django.urls import path

from . import views

app_name = "packs"

urlpatterns = [
    path("journeys/<int:pk>/packs/", views.pack_list, name="list"),
    path("journeys/<int:pk>/packs/request/", views.pack_request, name="request"),
    path("journeys/<int:pk>/packs/<int:pack_pk>/retry/", views.pack_retry, name="retry"),
    path("journeys/<int:pk>/packs/<int:pack_pk>/download/", views.pack_download, name="download"),
    path("journeys/<int:pk>/packs/<int:pack_pk>/", views.pack_page, name="page"),
]
