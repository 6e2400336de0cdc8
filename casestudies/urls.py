from django.urls import path

from . import views

app_name = "casestudies"

urlpatterns = [
    path("case-studies/", views.case_study_list, name="list"),
    path("case-studies/map/", views.case_study_map, name="map"),
    path("case-studies/export.csv", views.export_csv, name="export_csv"),
    path("case-studies/export.json", views.export_json, name="export_json"),
    path("case-studies/moderation/", views.moderation, name="moderation"),
    path("case-studies/moderation/new/", views.case_study_create, name="create"),
    path("case-studies/contribute/<int:journey_pk>/", views.case_study_contribute, name="contribute"),
    path("case-studies/<slug:slug>/", views.case_study_detail, name="detail"),
    path("case-studies/<slug:slug>/edit/", views.case_study_edit, name="edit"),
    path("case-studies/<slug:slug>/review/", views.case_study_review, name="review"),
    path("case-studies/<slug:slug>/publish/", views.case_study_publish, name="publish"),
    path("case-studies/<slug:slug>/return/", views.case_study_return, name="return"),
    path("case-studies/<slug:slug>/submit/", views.case_study_submit, name="submit"),
    path("case-studies/<slug:slug>/take-over/", views.case_study_take_over, name="take_over"),
]
