from django.urls import path

from . import views

app_name = "groupdata"

J = "journeys/<int:pk>/"

urlpatterns = [
    path(J + "data/", views.group_data, name="group_data"),
    path(J + "data/download/", views.group_data_download, name="group_data_download"),
    path(J + "delete/", views.group_delete, name="group_delete"),
]
