from django.urls import path

from . import views
from .finance import views as finance_views

app_name = "journeys"

J = "journeys/<int:pk>/"

urlpatterns = [
    path("journeys/", views.journey_list, name="list"),
    path("journeys/register/", views.register, name="register"),
    path("journeys/invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path(J, views.overview, name="overview"),
    path(J + "timeline/", views.timeline, name="timeline"),
    path(J + "history/", views.history, name="history"),
    path(J + "tasks/<int:task_pk>/", views.task_detail, name="task"),
    path(J + "tasks/<int:task_pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path(J + "evidence/<int:evidence_pk>/", views.evidence_download, name="evidence_download"),
    path(J + "evidence/<int:evidence_pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path(J + "members/", views.members, name="members"),
    path(J + "members/invite/", views.member_invite, name="member_invite"),
    path(J + "members/<int:membership_pk>/remove/", views.member_remove, name="member_remove"),
    path(J + "members/<int:membership_pk>/make-lead/", views.member_promote, name="member_promote"),
    path(J + "members/invitations/<int:invitation_pk>/cancel/", views.invitation_cancel, name="invitation_cancel"),
    path(J + "members/invitations/<int:invitation_pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path(J + "sharing/", views.sharing, name="sharing"),
    path(J + "gate/", views.gate, name="gate"),
    path(J + "gate/<int:gate_pk>/decide/", views.gate_decide, name="gate_decide"),
    path(J + "go-back/", views.go_back, name="go_back"),
    path(J + "plan/staff-engagement/", views.ballots, name="ballots"),
    path(J + "plan/staff-engagement/new/", views.ballot_new, name="ballot_new"),
    path(J + "plan/staff-engagement/<int:ballot_pk>/change/", views.ballot_edit, name="ballot_edit"),
    path(J + "plan/staff-engagement/<int:ballot_pk>/delete/", views.ballot_delete, name="ballot_delete"),
    path(J + "plan/legal-form/", views.design, name="design"),
    path(J + "plan/legal-form/change/", views.design_edit, name="design_edit"),
    path(J + "plan/governance/", views.governance, name="governance"),
    path(J + "plan/governance/change/", views.governance_edit, name="governance_edit"),
    path(J + "plan/financial-model/", finance_views.finance, name="finance"),
    path(J + "plan/financial-model/assumptions/", finance_views.assumptions, name="finance_assumptions"),
    path(J + "plan/financial-model/lines/new/", finance_views.line_new, name="finance_line_new"),
    path(J + "plan/financial-model/lines/<int:line_pk>/change/", finance_views.line_edit, name="finance_line_edit"),
    path(J + "plan/financial-model/lines/<int:line_pk>/delete/", finance_views.line_delete, name="finance_line_delete"),
    path(J + "plan/financial-model/download.xlsx", finance_views.download, name="finance_download"),
    path(J + "plan/financial-model/upload/", finance_views.upload, name="finance_upload"),
    path(J + "plan/financial-model/scenarios/", finance_views.scenarios, name="finance_scenarios"),
    path(J + "plan/financial-model/scenarios/<str:kind>/", finance_views.scenario_edit, name="finance_scenario_edit"),
    path(J + "plan/risks/", views.risks, name="risks"),
    path(J + "plan/risks/new/", views.risk_new, name="risk_new"),
    path(J + "plan/risks/<int:risk_pk>/change/", views.risk_edit, name="risk_edit"),
    path(J + "plan/risks/<int:risk_pk>/delete/", views.risk_delete, name="risk_delete"),
    path(J + "plan/narrative/", views.narrative, name="narrative"),
    path(J + "plan/narrative/download.docx", views.narrative_docx, name="narrative_docx"),
    path(J + "plan/narrative/<slug:section>/", views.narrative_edit, name="narrative_edit"),
    path(J + "plan/transfer/", views.transfer, name="transfer"),
    path(J + "plan/transfer/change/", views.transfer_edit, name="transfer_edit"),
    path(J + "plan/transfer/reserved-contract-check/", views.reserved_check, name="reserved_check"),
]
