"""Decision -> check and publish -> notify with reasons and the notice -> register, as one honest sequence
(issue #19 point 6). A recorded decision is the council's own until it is published: the body sees only
"Decision due by", the decision can be amended, and procurement cannot be recorded."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from challenges import services
from challenges.models import (
    ChallengeSettings,
    Decision,
    DecisionNotice,
    DecisionOutcome,
    EOIStatus,
    EOIStatusChange,
    ProcurementExercise,
    RejectionGround,
    ReminderSent,
)
from challenges.tasks import render_decision_notice, send_deadline_reminders

from .factories import EOIFactory, ServiceFactory

pytestmark = pytest.mark.django_db

WHO = {
    "decision_maker": "Sam Patel, Head of Commissioning",
    "delegated_authority": "Officer scheme of delegation, paragraph 4.2",
}
REJECT = {
    "outcome": "REJECTED",
    "grounds": ["R2_INFO_INADEQUATE", "R6_ALREADY_PROCURING"],
    "reasons": "The grounds contract is already out to tender.",
    "wellbeing_considered": "on",
    **WHO,
}
ACCEPT = {"outcome": "ACCEPTED", "grounds": [], "reasons": "", "wellbeing_considered": "on", **WHO}


@pytest.fixture
def eoi(council, body):
    return EOIFactory(
        service=ServiceFactory(council=council, name="Grounds maintenance"),
        submitted_by=body,
        status=EOIStatus.UNDER_REVIEW,
        body_name="Park Friends",
        decision_due_on=timezone.localdate() + timedelta(30),
    )


def _as(client, user):
    """The user's own browser (a body never shares the officer's session or flash messages)."""
    if client.session.get("_auth_user_id") not in (None, str(user.pk)):
        client = Client()
    client.force_login(user)
    return client


def _record(client, officer, eoi, data=REJECT):
    response = _as(client, officer).post(reverse("challenges:eoi_decide", args=[eoi.pk]), data)
    assert response.status_code == 302
    return Decision.objects.get(eoi=eoi)


def test_a_recorded_decision_is_not_the_bodys_until_it_is_published(client, officer, body, eoi):
    decision = _record(client, officer, eoi)
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.UNDER_REVIEW
    assert mail.outbox == []
    body_client = _as(client, body)
    page = body_client.get(reverse("challenges:my_eoi_detail", args=[eoi.pk])).content.decode()
    assert "Decision due by" in page and f"{eoi.decision_due_on:%-d %B %Y}" in page
    assert "Rejected" not in page and "Reject" not in page
    assert REJECT["reasons"] not in page
    history = body_client.get(reverse("challenges:eoi_history", args=[eoi.pk])).content.decode()
    assert "Reject" not in history and REJECT["reasons"] not in history
    assert "Park Friends" not in body_client.get(reverse("challenges:register")).content.decode()
    # The officer sees it, and the step is logged with who and when (for officers only).
    change = EOIStatusChange.objects.filter(eoi=eoi).latest("changed_at")
    assert change.officer_only and change.changed_by == officer and "Decision recorded, not published" in change.note
    review = _as(client, officer).get(reverse("challenges:eoi_review", args=[eoi.pk])).content.decode()
    assert "recorded but not published" in review
    assert decision.history.count() == 1


def test_an_unpublished_decision_is_amended_and_the_amendment_is_logged(client, officer, eoi):
    decision = _record(client, officer, eoi)
    url = reverse("challenges:eoi_decide", args=[eoi.pk])
    form = client.get(url).content.decode()
    assert "Amend the recorded decision" in form and REJECT["reasons"] in form
    amended = {**REJECT, "grounds": ["R6_ALREADY_PROCURING"], "reasons": "Out to tender since March."}
    assert client.post(url, amended).status_code == 302
    decision.refresh_from_db()
    assert decision.grounds == ["R6_ALREADY_PROCURING"] and decision.reasons == "Out to tender since March."
    assert Decision.objects.filter(eoi=eoi).count() == 1
    assert decision.history.count() == 2
    assert EOIStatusChange.objects.filter(eoi=eoi, officer_only=True, note__startswith="Unpublished decision amended")


def test_a_bad_amendment_shows_the_error_summary_and_changes_nothing(client, officer, eoi):
    decision = _record(client, officer, eoi)
    response = client.post(reverse("challenges:eoi_decide", args=[eoi.pk]), {**REJECT, "decision_maker": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "Enter the name and job title of the decision maker" in page
    decision.refresh_from_db()
    assert decision.decision_maker == WHO["decision_maker"]


def test_a_published_decision_is_not_amended_only_corrected(client, officer, eoi):
    decision = _record(client, officer, eoi)
    services.decision_publish(decision=decision, by=officer)
    response = client.post(reverse("challenges:eoi_decide", args=[eoi.pk]), {**REJECT, "reasons": "Changed"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.reasons == REJECT["reasons"]
    with pytest.raises(ValidationError):
        services.decision_amend(decision=decision, by=officer, reasons="Changed")


def test_only_one_decision_is_recorded_per_eoi(officer, eoi):
    data = {**ACCEPT, "wellbeing_considered": True}
    services.decision_record(eoi=eoi, by=officer, **data)
    with pytest.raises(ValidationError):
        services.decision_record(eoi=eoi, by=officer, **data)
    assert Decision.objects.filter(eoi=eoi).count() == 1


def test_the_check_page_shows_what_will_be_sent_and_changes_nothing(client, officer, eoi):
    decision = _record(client, officer, eoi)
    page = client.get(reverse("challenges:decision_publish", args=[decision.pk])).content.decode()
    assert "Check the decision before you publish it" in page
    assert "Paragraph 2 of the Schedule to SI 2012/1647 (R2)" in page
    assert "Paragraph 6 of the Schedule to SI 2012/1647 (R6)" in page
    assert WHO["decision_maker"] in page and WHO["delegated_authority"] in page
    assert eoi.contact_email in page
    assert "no right of appeal" in page and "You can take part in that exercise" in page
    decision.refresh_from_db()
    assert not decision.is_published and mail.outbox == []


def test_publishing_notifies_the_body_with_reasons_and_puts_it_on_the_register(
    client, officer, body, eoi, django_capture_on_commit_callbacks, notices_sent
):
    decision = _record(client, officer, eoi)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("challenges:decision_publish", args=[decision.pk]))
    assert response.status_code == 302
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.REJECTED
    [email] = mail.outbox
    assert REJECT["reasons"] in email.body
    assert "Paragraph 6 (R6): the service is already the subject of a procurement exercise" in email.body
    assert WHO["decision_maker"] in email.body and "judicial review" in email.body
    assert "Park Friends" in client.get(reverse("challenges:register")).content.decode()
    page = _as(client, body).get(reverse("challenges:my_eoi_detail", args=[eoi.pk])).content.decode()
    assert "Rejected" in page and REJECT["reasons"] in page and "What you can do next" in page
    assert DecisionNotice.objects.filter(decision=decision).exists()


def test_publishing_twice_is_refused_with_a_message_and_nothing_changes(client, officer, eoi):
    decision = _record(client, officer, eoi)
    services.decision_publish(decision=decision, by=officer)
    decision.refresh_from_db()
    changes, emails = EOIStatusChange.objects.count(), len(mail.outbox)
    response = client.post(reverse("challenges:decision_publish", args=[decision.pk]), follow=True)
    assert "This decision was published on" in response.content.decode()
    assert Decision.objects.get(pk=decision.pk).published_at == decision.published_at
    assert (EOIStatusChange.objects.count(), len(mail.outbox)) == (changes, emails)


def test_procurement_waits_for_publication_and_keeps_to_the_frozen_periods(client, officer, council, eoi):
    ChallengeSettings.objects.create(council=council, procurement_min_days=30, procurement_max_days=60)
    decision = _record(client, officer, eoi, ACCEPT)
    assert (decision.procurement_min_days, decision.procurement_max_days) == (30, 60)
    # Before publication: no procurement page, and the service refuses.
    assert client.get(reverse("challenges:procurement_record", args=[eoi.pk])).status_code == 403
    with pytest.raises(ValidationError):
        services.procurement_record(
            eoi=eoi,
            by=officer,
            starts_on=timezone.localdate() + timedelta(40),
            social_value_considered=True,
            social_value_notes="",
            procedure="OPEN",
        )
    services.decision_publish(decision=decision, by=officer)
    # The council changes its periods afterwards: the decision keeps the ones it was made under.
    ChallengeSettings.objects.filter(council=council).update(procurement_min_days=1, procurement_max_days=500)
    eoi.refresh_from_db()
    today = timezone.localdate()
    assert services.procurement_bounds(eoi) == (today + timedelta(30), today + timedelta(60))
    url = reverse("challenges:procurement_record", args=[eoi.pk])
    procedure = {"procedure": "OPEN", "reserved_to_mutuals": "no"}
    refused = client.post(
        url, {"starts_on": (today + timedelta(10)).strftime("%d/%m/%Y"), "social_value_considered": "yes", **procedure}
    )
    assert "The procurement must start between" in refused.content.decode()
    assert not ProcurementExercise.objects.exists()
    client.post(
        url, {"starts_on": (today + timedelta(45)).strftime("%d/%m/%Y"), "social_value_considered": "yes", **procedure}
    )
    assert ProcurementExercise.objects.get().starts_on == today + timedelta(45)


def test_reminders_continue_until_the_decision_is_published(officer, eoi, django_capture_on_commit_callbacks):
    eoi.decision_due_on = timezone.localdate() - timedelta(days=1)
    eoi.save(update_fields=["decision_due_on"])
    decision = services.decision_record(eoi=eoi, by=officer, **{**ACCEPT, "wellbeing_considered": True})
    with django_capture_on_commit_callbacks(execute=False):
        assert send_deadline_reminders() == 1
    assert ReminderSent.objects.get().kind == ReminderSent.Kind.DECISION_OVERDUE
    services.decision_publish(decision=decision, by=officer)
    ReminderSent.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False):
        assert send_deadline_reminders() == 0


def test_the_notice_is_emailed_to_the_body_as_a_pdf_once_rendered(officer, eoi, django_capture_on_commit_callbacks):
    decision = services.decision_record(
        eoi=eoi,
        by=officer,
        outcome=DecisionOutcome.REJECTED,
        grounds=[RejectionGround.R9_FRIVOLOUS],
        reasons="A repeat.",
        wellbeing_considered=True,
        **WHO,
    )
    with django_capture_on_commit_callbacks(execute=False):
        services.decision_publish(decision=decision, by=officer)
    notice = DecisionNotice.objects.get(decision=decision)
    with django_capture_on_commit_callbacks(execute=True):
        assert render_decision_notice.run(notice.pk) == "ready"
    [email] = mail.outbox
    assert email.to == [eoi.contact_email]
    [(filename, content, mimetype)] = email.attachments
    assert filename == f"decision-notice-{eoi.reference}.pdf" and mimetype == "application/pdf"
    assert content.startswith(b"%PDF-")


def test_a_decision_recorded_under_the_old_rule_is_published_once(officer, eoi):
    """Old-rule data (status already moved) is published without a second status change."""
    decision = Decision.objects.create(
        eoi=eoi, outcome=DecisionOutcome.ACCEPTED, grounds=[], wellbeing_considered=True, decided_by=officer, **WHO
    )
    eoi.status = EOIStatus.ACCEPTED
    eoi.save(update_fields=["status"])
    services.decision_publish(decision=decision, by=officer)
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.ACCEPTED
    assert Decision.objects.get(pk=decision.pk).is_published


# Record a decision (#25, point 6): each outcome's own questions revealed under its radio; without
# JavaScript every question shows and the server keeps only the chosen outcome's answers.


def test_the_grounds_and_the_modification_are_revealed_under_their_own_outcome(client, officer, eoi):
    client.force_login(officer)
    html = client.get(reverse("challenges:eoi_decide", args=[eoi.pk])).content.decode()
    assert 'data-module="govuk-radios"' in html
    controls = dict(re.findall(r'value="(\w+)"[^>]*aria-controls="(conditional_outcome_\d)"', html))
    # each revealed block runs from its id to the next radio (or the end of the radios)
    by_outcome = {
        value: re.split(r'class="govuk-radios__item"|name="reasons"', html.split(f'id="{target}"', 1)[1], maxsplit=1)[0]
        for value, target in controls.items()
    }
    assert set(by_outcome) == {"ACCEPTED", "ACCEPTED_MODIFIED", "REJECTED"}  # every aria-controls has its block
    assert "name=" not in by_outcome["ACCEPTED"]
    assert 'name="modification"' in by_outcome["ACCEPTED_MODIFIED"]
    assert 'name="grounds"' not in by_outcome["ACCEPTED_MODIFIED"]
    assert 'name="grounds"' in by_outcome["REJECTED"] and 'name="modification"' not in by_outcome["REJECTED"]
    # every question is in the page, so the form works without JavaScript
    for name in ("grounds", "modification", "modification_agreed", "reasons", "decision_maker"):
        assert f'name="{name}"' in html


def test_answers_left_under_an_outcome_not_chosen_are_dropped_not_refused(client, officer, eoi):
    data = {
        "outcome": "ACCEPTED",
        "grounds": ["R2_INFO_INADEQUATE"],
        "modification": "Left from a first try",
        "modification_agreed": "on",
        "reasons": "",
        "wellbeing_considered": "on",
        **WHO,
    }
    decision = _record(client, officer, eoi, data)
    assert decision.outcome == "ACCEPTED"
    assert decision.grounds == [] and decision.modification == "" and not decision.modification_agreed


def test_the_chosen_outcomes_questions_are_still_required(client, officer, eoi):
    client.force_login(officer)
    url = reverse("challenges:eoi_decide", args=[eoi.pk])
    html = client.post(url, {**REJECT, "grounds": []}).content.decode()
    assert "Select at least one ground for rejecting the expression of interest" in html
    html = client.post(url, {**REJECT, "outcome": "ACCEPTED_MODIFIED", "grounds": []}).content.decode()
    assert "Describe the modification" in html
    assert "A modification can only be made when the body agrees to it" in html
    assert not Decision.objects.exists()
