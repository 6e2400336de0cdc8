from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import performance_views, views

V = "api/<str:version>/"

urlpatterns = [
    path("performance/", performance_views.performance_page, name="performance"),
    path("performance/performance.csv", performance_views.performance_csv, name="performance_csv"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", views.ApiDocsView.as_view(), name="api-docs"),
    path(V, views.api_root, name="api-root"),
    path(V + "case-studies/", views.CaseStudyList.as_view(), name="api-case-study-list"),
    path(V + "case-studies/<slug:slug>/", views.CaseStudyDetail.as_view(), name="api-case-study-detail"),
    path(V + "decisions/", views.DecisionList.as_view(), name="api-decision-list"),
    path(V + "services/", views.ServiceList.as_view(), name="api-service-list"),
    path(V + "stages/", views.StageList.as_view(), name="api-stage-list"),
    path(V + "outcomes/", views.OutcomeList.as_view(), name="api-outcome-list"),
    path(V + "enumerations/", views.EnumerationList.as_view(), name="api-enumerations"),
    path(V + "journeys/", views.JourneyList.as_view(), name="api-journey-list"),
    path(V + "journeys/<int:pk>/", views.JourneyDetail.as_view(), name="api-journey-detail"),
    path(V + "council/eois/", views.CouncilEOIList.as_view(), name="api-council-eoi-list"),
    path(V + "council/eois/<int:pk>/", views.CouncilEOIDetail.as_view(), name="api-council-eoi-detail"),
    # Anything else under /api/ is a JSON 404, never an HTML page.
    re_path(r"^api/", views.not_found),
]
