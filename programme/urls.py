from django.urls import path

from . import views

app_name = "referrals"

R = "referrals/<int:pk>/"
A = "programme/allocations/<int:pk>/"
M = "programme/journeys/<int:journey_pk>/mentoring/"

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
    # Mentoring
    path("mentoring/offer/", views.mentor_offer, name="mentor_offer"),
    path("programme/mentoring/", views.mentoring, name="mentoring"),
    path("programme/mentoring/offers/<int:pk>/", views.mentor_offer_decide, name="mentor_offer_decide"),
    path("programme/mentoring/offers/<int:pk>/withdraw/", views.mentor_offer_withdraw, name="mentor_offer_withdraw"),
    path(
        "programme/mentoring/offers/<int:pk>/approve-again/",
        views.mentor_offer_reapprove,
        name="mentor_offer_reapprove",
    ),
    path("programme/mentoring/offers/<int:pk>/history/", views.mentor_offer_history, name="mentor_offer_history"),
    path("programme/mentoring/requests/<int:pk>/match/", views.mentoring_match, name="mentoring_match"),
    path(M, views.journey_mentoring, name="journey_mentoring"),
    path(M + "request/", views.mentoring_request, name="mentoring_request"),
    path(M + "meetings/new/", views.mentoring_meeting_new, name="mentoring_meeting_new"),
    path(M + "note/", views.mentoring_note, name="mentoring_note"),
    path(M + "end/", views.mentoring_end, name="mentoring_end"),
    path(M + "history/", views.mentoring_history, name="mentoring_history"),
]
