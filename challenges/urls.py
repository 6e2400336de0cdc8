from django.urls import path

from . import views

app_name = "challenges"

urlpatterns = [
    # Officers' workspace
    path("challenges/", views.eoi_list, name="eoi_list"),
    path("challenges/export.csv", views.eoi_export, name="eoi_export"),
    path("challenges/eois/<int:pk>/", views.eoi_review, name="eoi_review"),
    path("challenges/eois/<int:pk>/history/", views.eoi_history, name="eoi_history"),
    path("challenges/eois/<int:pk>/acknowledge/", views.eoi_acknowledge, name="eoi_acknowledge"),
    path("challenges/eois/<int:pk>/start-review/", views.eoi_start_review, name="eoi_start_review"),
    path("challenges/eois/<int:pk>/decide/", views.eoi_decide, name="eoi_decide"),
    path("challenges/eois/<int:pk>/conflict/", views.conflict_declare, name="conflict_declare"),
    path("challenges/eois/<int:pk>/service/", views.eoi_link_service, name="eoi_link_service"),
    path("challenges/eois/<int:pk>/original/", views.eoi_original, name="eoi_original"),
    path("challenges/eois/<int:pk>/request-information/", views.info_request, name="info_request"),
    path("challenges/eois/record/", views.eoi_record_received, name="eoi_record_received"),
    path("challenges/eois/<int:pk>/decision-date/", views.eoi_decision_date, name="eoi_decision_date"),
    path("challenges/eois/<int:pk>/documents/new/", views.attachment_add, name="attachment_add"),
    path(
        "challenges/eois/<int:pk>/documents/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("challenges/eois/<int:pk>/consider/", views.eoi_consider_outside_period, name="eoi_consider_outside_period"),
    path("challenges/eois/<int:pk>/procurement/", views.procurement_record, name="procurement_record"),
    path("challenges/eois/<int:pk>/procurement/outcome/", views.procurement_result, name="procurement_result"),
    path("challenges/decisions/<int:pk>/publish/", views.decision_publish, name="decision_publish"),
    path("challenges/decisions/<int:pk>/correct/", views.decision_correct, name="decision_correct"),
    path("challenges/decisions/<int:pk>/notice/", views.notice_retry, name="notice_retry"),
    path("challenges/decisions/<int:pk>/notice.pdf", views.notice_download, name="notice_download"),
    path("challenges/officer/services/", views.officer_services, name="officer_services"),
    path("challenges/officer/services/new/", views.service_create, name="service_create"),
    path("challenges/officer/services/<int:pk>/", views.service_edit, name="service_edit"),
    path("challenges/officer/services/<int:pk>/history/", views.service_history, name="service_history"),
    path("challenges/officer/services/<int:pk>/windows/new/", views.window_add, name="window_add"),
    path("challenges/officer/services/<int:pk>/intention/", views.intention_publish, name="intention_publish"),
    path(
        "challenges/officer/services/<int:pk>/intention/<int:intention_pk>/withdraw/",
        views.intention_withdraw,
        name="intention_withdraw",
    ),
    path(
        "challenges/officer/services/<int:pk>/windows/<int:window_pk>/delete/",
        views.window_delete,
        name="window_delete",
    ),
    path("challenges/officer/settings/", views.council_settings, name="council_settings"),
    # Public pages
    path("challenges/register/", views.register, name="register"),
    path("challenges/register.csv", views.register_csv, name="register_csv"),
    path("challenges/register.json", views.register_json, name="register_json"),
    path("challenges/services/", views.service_list, name="service_list"),
    path("challenges/services/<int:pk>/", views.service_detail, name="service_detail"),
    path("challenges/create-account/", views.body_signup, name="body_signup"),
    # Relevant bodies
    path("challenges/services/<int:pk>/express-interest/", views.eoi_start, name="eoi_start"),
    path("challenges/express-interest/", views.eoi_start_unlisted, name="eoi_start_unlisted"),
    path(
        "challenges/journeys/<int:journey_pk>/express-interest/",
        views.journey_eoi_start,
        name="journey_eoi_start",
    ),
    path("challenges/my/", views.my_eois, name="my_eois"),
    path("challenges/my/<int:pk>/", views.my_eoi_detail, name="my_eoi_detail"),
    path("challenges/my/<int:pk>/edit/", views.eoi_edit, name="eoi_edit"),
    path("challenges/my/<int:pk>/partners/new/", views.eoi_partner_add, name="eoi_partner_add"),
    path(
        "challenges/my/<int:pk>/partners/<int:partner_pk>/remove/",
        views.eoi_partner_remove,
        name="eoi_partner_remove",
    ),
    path(
        "challenges/my/<int:pk>/documents/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("challenges/my/<int:pk>/check/", views.eoi_check, name="eoi_check"),
    path("challenges/my/<int:pk>/submit/", views.eoi_submit, name="eoi_submit"),
    path("challenges/my/<int:pk>/sent/", views.eoi_sent, name="eoi_sent"),
    path("challenges/my/<int:pk>/requests/<int:request_pk>/answer/", views.info_answer, name="info_answer"),
    path("challenges/my/<int:pk>/withdraw/", views.eoi_withdraw, name="eoi_withdraw"),
]
