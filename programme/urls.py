from django.urls import path

from . import views

app_name = "referrals"

R = "referrals/<int:pk>/"
A = "programme/allocations/<int:pk>/"

urlpatterns = [
    path("enquire/", views.enquire, name="enquire"),
    path("enquire/confirmation/", views.confirmation, name="confirmation"),
    path("readiness-check/", views.readiness_check, name="readiness"),
    path("readiness-check/result/", views.readiness_result, name="readiness_result"),
    path("outcomes/", views.outcomes_public, name="outcomes_public"),
    path("referrals/", views.queue, name="queue"),
    path(R, views.detail, name="detail"),
    path(R + "history/", views.history, name="history"),
    path(R + "assign/", views.assign, name="assign"),
    path(R + "assess/", views.assess, name="assess"),
    path(R + "moderate/", views.moderate, name="moderate"),
    path(R + "accept/", views.accept, name="accept"),
    path(R + "signpost/", views.signpost, name="signpost"),
    path(R + "decline/", views.decline, name="decline"),
    path(R + "more-information/", views.more_information, name="more_information"),
    path("programme/", views.pipeline, name="pipeline"),
    path("programme/<slug:table>.csv", views.pipeline_csv, name="pipeline_csv"),
    path("programme/sign-offs/", views.sign_offs, name="sign_offs"),
    path("programme/allocations/", views.allocations, name="allocations"),
    path("programme/journeys/<int:journey_pk>/allocate/", views.allocate, name="allocate"),
    path("programme/journeys/<int:journey_pk>/outcomes/", views.outcome_returns, name="outcome_returns"),
    path("programme/journeys/<int:journey_pk>/outcomes/add/", views.outcome_return_add, name="outcome_return_add"),
    path(
        "programme/journeys/<int:journey_pk>/outcomes/<int:year>/",
        views.outcome_return_edit,
        name="outcome_return_edit",
    ),
    path("programme/allocations/<int:pk>/reverse/", views.allocation_reverse, name="allocation_reverse"),
    path("programme/allocations/<int:pk>/subsidy/", views.allocation_subsidy, name="allocation_subsidy"),
    path(A + "mfa-notification.pdf", views.mfa_notification_pdf, name="mfa_notification_pdf"),
    path(A + "mfa-confirmation.pdf", views.mfa_confirmation_pdf, name="mfa_confirmation_pdf"),
    path("programme/allocations/<int:pk>/history/", views.allocation_history, name="allocation_history"),
]
