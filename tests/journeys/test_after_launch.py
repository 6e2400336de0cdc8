"""After launch (issue #22 point 9): the contract (recorded by leads, read by everyone who may see the journey),
re-tender planning reminders 18 and 12 months before it ends (each sent once), and the yearly duties by legal
form as recurring tasks with due dates and owners."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from journeys import services
from journeys.after_launch import DutyKind, add_months, first_dues, retender_dates
from journeys.models import AnnualDuty, Contract, JourneyEvent, MutualDesign, RegisteredBody, RetenderReminder, Stage
from journeys.reminders import digest_reminders
from journeys.tasks import send_retender_reminders
from mutuals_portal.lib.choices import LegalForm, OwnershipModel
from notifications.models import Notification
from tests.factories import MembershipFactory
from tests.journeys.factories import advance_to, ready_to_leave

pytestmark = pytest.mark.django_db


def _today() -> date:
    return timezone.localdate()


def _date(name: str, day: date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _spin_out(journey, by, legal_form=LegalForm.CIC_CLS):
    """Walk the journey to the spun-out stage (stage by stage, as the gates would) with a legal form."""
    MutualDesign.objects.update_or_create(
        journey=journey, defaults={"legal_form": legal_form, "ownership_model": OwnershipModel.EMPLOYEE_OWNED}
    )
    for stage in (Stage.SUPPORT, Stage.DESIGN, Stage.BUSINESS_PLAN, Stage.TRANSFER, Stage.SPUN_OUT):
        journey.change_stage(to_stage=stage, by=by, note="test")
    journey.refresh_from_db()
    return journey


def _contract_values(**changes) -> dict:
    today = _today()
    values = {
        "commissioner": "Northbridge County Council",
        "start_on": today - timedelta(days=100),
        "end_on": add_months(today, 36),
        "extension_options": "Two extensions of 12 months each at the council's option",
        "latest_end_on": add_months(today, 60),
        "value": Decimal("4500000"),
    }
    return values | changes


def _body_values(**changes) -> dict:
    incorporated = _today().replace(day=1)
    values = {
        "registered_name": "Libraries Mutual CIC",
        "registration_number": "12345678",
        "incorporated_on": incorporated,
        "first_year_end": add_months(incorporated, 12) - timedelta(days=1),
        "agm_months": None,
    }
    return values | changes


# The rules: dates ------------------------------------------------------------------------------------


def test_months_are_counted_as_the_companies_act_counts_them():
    assert add_months(date(2026, 6, 30), 6) == date(2026, 12, 31)  # s.443: end of month to end of month
    assert add_months(date(2026, 3, 31), -18) == date(2024, 9, 30)
    assert add_months(date(2026, 1, 15), 13) == date(2027, 2, 15)
    assert add_months(date(2027, 2, 28), 12) == date(2028, 2, 29)


def test_re_tender_planning_falls_18_and_12_months_before_the_end():
    assert retender_dates(date(2031, 3, 31)) == [(18, date(2029, 9, 30)), (12, date(2030, 3, 31))]


def test_a_cic_owes_a_confirmation_statement_accounts_and_a_cic34():
    dues = {
        d.kind: d
        for d in first_dues(
            LegalForm.CIC_CLS,
            incorporated_on=date(2026, 4, 1),
            first_year_end=date(2027, 3, 31),
            agm_months=None,
        )
    }
    assert set(dues) == {DutyKind.CONFIRMATION_STATEMENT, DutyKind.ACCOUNTS, DutyKind.CIC34}
    # Review period: the 12 months from incorporation; due 14 days after (Companies Act 2006 s.853A).
    assert dues[DutyKind.CONFIRMATION_STATEMENT].period_end == date(2027, 3, 31)
    assert dues[DutyKind.CONFIRMATION_STATEMENT].due_on == date(2027, 4, 14)
    # Accounts, and the CIC34 with them: 9 months after the year end (s.442(2)).
    assert dues[DutyKind.ACCOUNTS].due_on == dues[DutyKind.CIC34].due_on == date(2027, 12, 31)


def test_a_first_financial_year_over_12_months_has_21_months_from_incorporation_for_its_accounts():
    [accounts] = [
        d
        for d in first_dues(
            LegalForm.CLG, incorporated_on=date(2026, 1, 10), first_year_end=date(2027, 3, 31), agm_months=None
        )
        if d.kind == DutyKind.ACCOUNTS
    ]
    # s.442(3): the later of 9 months from the first anniversary (10 October 2027) and 3 months after the period.
    assert accounts.due_on == date(2027, 10, 10)


def test_a_society_owes_the_fca_annual_return_7_months_after_its_year_end():
    dues = first_dues(LegalForm.CBS, incorporated_on=date(2026, 4, 1), first_year_end=date(2027, 3, 31), agm_months=6)
    assert [(d.kind, d.due_on) for d in dues] == [
        (DutyKind.SOCIETY_RETURN, date(2027, 10, 31)),
        (DutyKind.AGM, date(2027, 9, 30)),  # from the months its rules give, as recorded
    ]


def test_a_cio_owes_the_charity_commission_its_return_10_months_after_its_year_end():
    dues = first_dues(
        LegalForm.CIO, incorporated_on=date(2026, 4, 1), first_year_end=date(2027, 3, 31), agm_months=None
    )
    assert [(d.kind, d.due_on) for d in dues] == [(DutyKind.CHARITY_RETURN, date(2028, 1, 31))]


# The contract: who may record it, and what it must say --------------------------------------------


def test_a_lead_records_the_contract_and_it_is_on_the_timeline_and_in_the_history(client, journey, lead):
    _spin_out(journey, lead)
    client.force_login(lead)
    values = _contract_values()
    response = client.post(
        reverse("journeys:contract_edit", args=[journey.pk]),
        {
            "commissioner": values["commissioner"],
            **_date("start_on", values["start_on"]),
            **_date("end_on", values["end_on"]),
            "extension_options": values["extension_options"],
            **_date("latest_end_on", values["latest_end_on"]),
            "value": "4500000",
            "version": "0",
        },
    )
    assert response.status_code == 302
    contract = Contract.objects.get(journey=journey)
    assert contract.end_on == values["end_on"] and contract.updated_by == lead and contract.version == 1
    event = journey.events.filter(kind=JourneyEvent.Kind.AFTER_LAUNCH).first()
    assert event.summary.startswith("Recorded the contract with Northbridge County Council")
    assert contract.history.first().history_user == lead
    page = _text(client.get(reverse("journeys:overview", args=[journey.pk])))
    eighteen = add_months(values["end_on"], -18)
    assert f"18 months before the end: {eighteen.day} {eighteen.strftime('%B %Y')}" in page
    history = _text(client.get(reverse("journeys:history", args=[journey.pk])))
    assert "Contract" in history


def test_the_contract_must_end_after_it_starts(client, journey, lead):
    _spin_out(journey, lead)
    client.force_login(lead)
    start = _today()
    response = client.post(
        reverse("journeys:contract_edit", args=[journey.pk]),
        {"commissioner": "Council", **_date("start_on", start), **_date("end_on", start), "version": "0"},
    )
    assert response.status_code == 200
    assert "The end date must be after the start date" in _text(response)
    assert not Contract.objects.filter(journey=journey).exists()


def test_a_later_latest_end_date_needs_the_extension_options_described(journey, lead):
    _spin_out(journey, lead)
    with pytest.raises(ValidationError) as error:
        services.contract_save(journey=journey, by=lead, values=_contract_values(extension_options=""), version=0)
    assert "extension_options" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.contract_save(
            journey=journey,
            by=lead,
            values=_contract_values(latest_end_on=_today()),
            version=0,
        )
    assert "latest_end_on" in error.value.message_dict
    assert not Contract.objects.exists()


def test_a_stale_form_cannot_overwrite_someone_elses_save(client, journey, lead):
    _spin_out(journey, lead)
    services.contract_save(journey=journey, by=lead, values=_contract_values(), version=0)
    with pytest.raises(services.RecordConflict):
        services.contract_save(journey=journey, by=lead, values=_contract_values(commissioner="Other"), version=0)
    client.force_login(lead)
    values = _contract_values(commissioner="Typed by me")
    response = client.post(
        reverse("journeys:contract_edit", args=[journey.pk]),
        {
            "commissioner": values["commissioner"],
            **_date("start_on", values["start_on"]),
            **_date("end_on", values["end_on"]),
            "extension_options": values["extension_options"],
            "version": "0",
        },
    )
    assert response.status_code == 409
    assert "Someone else saved this" in _text(response) and "Typed by me" in _text(response)
    assert Contract.objects.get(journey=journey).commissioner == "Northbridge County Council"


def test_members_read_the_contract_but_only_leads_change_it(client, journey, lead, member, officer):
    _spin_out(journey, lead)
    services.contract_save(journey=journey, by=lead, values=_contract_values(), version=0)
    page = reverse("journeys:after_launch", args=[journey.pk])
    edit = reverse("journeys:contract_edit", args=[journey.pk])
    client.force_login(member)
    assert "Northbridge County Council" in _text(client.get(page))
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"commissioner": "X", "version": "1"}).status_code == 403
    # The council sees it only when the journey is shared with it.
    client.force_login(officer)
    assert client.get(page).status_code == 404
    journey.shared_with_council = True
    journey.save(update_fields=["shared_with_council"])
    assert client.get(page).status_code == 200 and client.get(edit).status_code == 403


def test_an_outsider_gets_404(client, journey, lead, other_journey):
    _spin_out(journey, lead)
    outsider = other_journey.group.memberships.first().user
    client.force_login(outsider)
    for name in ("after_launch", "contract_edit", "registered_body_edit"):
        assert client.get(reverse(f"journeys:{name}", args=[journey.pk])).status_code == 404


def test_the_contract_is_recorded_from_the_transfer_stage_on(client, journey, lead):
    client.force_login(lead)
    edit = reverse("journeys:contract_edit", args=[journey.pk])
    assert client.get(edit).status_code == 403  # exploring options: no contract yet
    for stage in (Stage.SUPPORT, Stage.DESIGN, Stage.BUSINESS_PLAN, Stage.TRANSFER):
        journey.change_stage(to_stage=stage, by=lead, note="test")
    assert client.get(edit).status_code == 200


# Re-tender planning reminders --------------------------------------------------------------------------


def test_leads_are_reminded_18_and_12_months_before_the_end_each_once(journey, lead, member, other_journey):
    _spin_out(journey, lead)
    end = date(2031, 3, 31)
    contract = services.contract_save(
        journey=journey,
        by=lead,
        values=_contract_values(start_on=date(2026, 4, 1), end_on=end, latest_end_on=None),
        version=0,
    )
    other_lead = other_journey.group.memberships.first().user
    _spin_out(other_journey, other_lead)
    services.contract_save(
        journey=other_journey,
        by=other_lead,
        values=_contract_values(start_on=date(2026, 4, 1), end_on=date(2033, 3, 31), latest_end_on=None),
        version=0,
    )

    assert send_retender_reminders(today=date(2029, 9, 29)) == 0  # a day before 18 months
    assert send_retender_reminders(today=date(2029, 9, 30)) == 1
    assert send_retender_reminders(today=date(2029, 10, 1)) == 0  # not twice
    notes = Notification.objects.filter(event_type="journeys.retender_planning")
    assert [n.recipient for n in notes.all()] == [lead]  # the leads, not the members; not the other journey's
    assert "ends on 31 March 2031, about 18 months from now" in notes.get().message
    assert send_retender_reminders(today=date(2030, 3, 31)) == 1
    assert send_retender_reminders(today=date(2030, 4, 1)) == 0
    assert notes.count() == 2 and "about 12 months" in notes.order_by("-pk").first().message
    assert sorted(RetenderReminder.objects.filter(contract=contract).values_list("months_before", flat=True)) == [
        12,
        18,
    ]
    assert journey.events.filter(summary__startswith="Re-tender planning reminder sent").count() == 2
    assert not Notification.objects.filter(recipient=other_lead, event_type="journeys.retender_planning").exists()


def test_an_agreed_extension_moves_the_reminders(journey, lead):
    _spin_out(journey, lead)
    contract = services.contract_save(
        journey=journey,
        by=lead,
        values=_contract_values(start_on=date(2026, 4, 1), end_on=date(2031, 3, 31), latest_end_on=None),
        version=0,
    )
    assert send_retender_reminders(today=date(2029, 10, 1)) == 1
    services.contract_save(
        journey=journey,
        by=lead,
        values=_contract_values(start_on=date(2026, 4, 1), end_on=date(2032, 3, 31), latest_end_on=None),
        version=contract.version,
    )
    assert send_retender_reminders(today=date(2030, 3, 31)) == 0  # the old 12-month date no longer applies
    assert send_retender_reminders(today=date(2030, 9, 30)) == 1  # 18 months before the new end


def test_a_contract_recorded_late_gets_only_the_latest_reminder(journey, lead):
    _spin_out(journey, lead)
    services.contract_save(
        journey=journey,
        by=lead,
        values=_contract_values(start_on=date(2026, 4, 1), end_on=date(2031, 3, 31), latest_end_on=None),
        version=0,
    )
    assert send_retender_reminders(today=date(2030, 6, 1)) == 1
    [note] = Notification.objects.filter(event_type="journeys.retender_planning")
    assert "about 12 months" in note.message
    assert send_retender_reminders(today=date(2030, 6, 2)) == 0


def test_no_reminder_before_spin_out(journey, lead):
    for stage in (Stage.SUPPORT, Stage.DESIGN, Stage.BUSINESS_PLAN, Stage.TRANSFER):
        journey.change_stage(to_stage=stage, by=lead, note="test")
    services.contract_save(
        journey=journey, by=lead, values=_contract_values(end_on=date(2031, 3, 31), latest_end_on=None), version=0
    )
    assert send_retender_reminders(today=date(2030, 3, 31)) == 0


# Yearly duties -------------------------------------------------------------------------------------------


def test_recording_the_registered_mutual_lists_its_duties_with_due_dates(client, journey, lead):
    _spin_out(journey, lead, LegalForm.CIC_CLG)
    client.force_login(lead)
    values = _body_values()
    response = client.post(
        reverse("journeys:registered_body_edit", args=[journey.pk]),
        {
            "registered_name": values["registered_name"],
            "registration_number": values["registration_number"],
            **_date("incorporated_on", values["incorporated_on"]),
            **_date("first_year_end", values["first_year_end"]),
            "agm_months": "",
            "version": "0",
        },
    )
    assert response.status_code == 302
    duties = {d.kind: d for d in AnnualDuty.objects.filter(journey=journey)}
    assert set(duties) == {"confirmation_statement", "accounts", "cic34"}
    confirmation = duties["confirmation_statement"]
    assert confirmation.period_end == values["first_year_end"]  # 12 months from incorporation
    assert confirmation.due_on == values["first_year_end"] + timedelta(days=14)
    assert duties["cic34"].due_on == add_months(values["first_year_end"], 9)
    assert journey.events.filter(summary__startswith="Yearly duties due: ").exists()
    page = _text(client.get(reverse("journeys:after_launch", args=[journey.pk])))
    assert "Community interest company report (CIC34)" in page
    assert "Community Interest Company Regulations 2005 reg 26" in page  # its source
    assert "Annual return and accounts to the FCA" not in page  # a society's duty, not a CIC's
    # The change history names the lead who brought the duties up.
    assert {h.history_user for h in AnnualDuty.history.filter(journey_id=journey.pk)} == {lead}


def test_duties_wait_for_spin_out_and_follow_the_legal_form(journey, lead):
    for stage in (Stage.SUPPORT, Stage.DESIGN, Stage.BUSINESS_PLAN, Stage.TRANSFER):
        journey.change_stage(to_stage=stage, by=lead, note="test")
    MutualDesign.objects.create(
        journey=journey, legal_form=LegalForm.COOP_SOC, ownership_model=OwnershipModel.EMPLOYEE_OWNED
    )
    body = services.registered_body_save(journey=journey, by=lead, values=_body_values(agm_months=6), version=0)
    assert not AnnualDuty.objects.exists()  # not spun out yet
    journey.change_stage(to_stage=Stage.SPUN_OUT, by=lead, note="test")
    services.duties_generate(journey=journey, by=lead)
    assert sorted(AnnualDuty.objects.values_list("kind", flat=True)) == ["agm", "society_return"]
    society = AnnualDuty.objects.get(kind="society_return")
    assert society.due_on == add_months(body.first_year_end, 7)
    # The AGM is no longer required: its duty goes, the return stays as it was.
    services.registered_body_save(journey=journey, by=lead, values=_body_values(agm_months=None), version=1)
    assert list(AnnualDuty.objects.values_list("pk", flat=True)) == [society.pk]


def test_completing_a_duty_brings_up_next_years_with_the_same_owner(client, journey, lead, member):
    _spin_out(journey, lead, LegalForm.CBS)
    body = services.registered_body_save(journey=journey, by=lead, values=_body_values(), version=0)
    duty = AnnualDuty.objects.get(journey=journey)
    client.force_login(member)
    url = reverse("journeys:duty", args=[journey.pk, duty.pk])
    response = client.post(url, {"owner": str(member.pk), "notes": "Accountant booked", "version": "1"})
    assert response.status_code == 302
    response = client.post(url, {"owner": str(member.pk), "notes": "Sent", "complete": "on", "version": "2"})
    assert response.status_code == 302
    duty.refresh_from_db()
    assert duty.is_completed and duty.completed_by == member
    upcoming = AnnualDuty.objects.open().get(journey=journey)
    assert upcoming.period_end == add_months(body.first_year_end, 12)
    assert upcoming.due_on == add_months(body.first_year_end, 19)
    assert upcoming.owner == member
    summaries = list(journey.events.values_list("summary", flat=True))
    assert any(s.endswith("owner set to " + (member.full_name or member.email) + "; notes updated") for s in summaries)
    assert any(s.endswith(": notes updated; done") for s in summaries)
    assert duty.history.count() >= 3  # created, owner set, done
    # A done duty is not changed again.
    assert client.post(url, {"owner": "", "notes": "", "version": str(duty.version)}).status_code == 403


def test_a_duty_owner_must_be_a_member_and_a_reader_cannot_change_it(client, journey, lead, officer, other_journey):
    _spin_out(journey, lead, LegalForm.CIO)
    services.registered_body_save(journey=journey, by=lead, values=_body_values(), version=0)
    duty = AnnualDuty.objects.get(journey=journey)
    stranger = other_journey.group.memberships.first().user
    with pytest.raises(ValidationError):
        services.duty_update(duty=duty, by=lead, owner=stranger, notes="", complete=False, version=duty.version)
    journey.shared_with_council = True
    journey.save(update_fields=["shared_with_council"])
    client.force_login(officer)
    url = reverse("journeys:duty", args=[journey.pk, duty.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"owner": "", "notes": "x", "version": "1"}).status_code == 403
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    # Another journey's duty through this journey's address: 404.
    other_lead = stranger
    _spin_out(other_journey, other_lead, LegalForm.CIO)
    services.registered_body_save(journey=other_journey, by=other_lead, values=_body_values(), version=0)
    theirs = AnnualDuty.objects.get(journey=other_journey)
    client.force_login(lead)
    assert client.get(reverse("journeys:duty", args=[journey.pk, theirs.pk])).status_code == 404


def test_overdue_duties_are_in_their_owners_daily_summary(journey, lead, member):
    _spin_out(journey, lead, LegalForm.CIO)
    services.registered_body_save(journey=journey, by=lead, values=_body_values(), version=0)
    duty = AnnualDuty.objects.get(journey=journey)
    services.duty_update(duty=duty, by=lead, owner=member, notes="", complete=False, version=duty.version)
    assert [r for r in digest_reminders(recipient=member) if "/after-launch/duties/" in r.url] == []
    AnnualDuty.objects.filter(pk=duty.pk).update(due_on=_today() - timedelta(days=2))
    [reminder] = [r for r in digest_reminders(recipient=member) if "/after-launch/duties/" in r.url]
    assert reminder.message.startswith("Annual return to the Charity Commission (Libraries group) was due on")
    assert reminder.url == reverse("journeys:duty", args=[journey.pk, duty.pk])
    # A member who left the group is not reminded.
    journey.group.memberships.filter(user=member).delete()
    assert [r for r in digest_reminders(recipient=member) if "/after-launch/duties/" in r.url] == []


def test_a_mutual_registered_long_ago_starts_with_the_next_duty_due(journey, lead):
    _spin_out(journey, lead, LegalForm.CBS)
    services.registered_body_save(
        journey=journey,
        by=lead,
        values=_body_values(incorporated_on=date(2014, 5, 1), first_year_end=date(2015, 3, 31)),
        version=0,
    )
    duty = AnnualDuty.objects.get(journey=journey)
    assert duty.due_on >= _today() and duty.due_on < add_months(_today(), 13)
    assert (duty.period_end.month, duty.period_end.day) == (3, 31)


def test_the_first_financial_year_must_end_within_18_months_of_incorporation(journey, lead):
    _spin_out(journey, lead)
    incorporated = _today().replace(day=1)
    with pytest.raises(ValidationError) as error:
        services.registered_body_save(
            journey=journey,
            by=lead,
            values=_body_values(first_year_end=add_months(incorporated, 19)),
            version=0,
        )
    assert "first_year_end" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.registered_body_save(
            journey=journey, by=lead, values=_body_values(incorporated_on=_today() + timedelta(days=1)), version=0
        )
    assert "incorporated_on" in error.value.message_dict
    assert not RegisteredBody.objects.exists() and not AnnualDuty.objects.exists()


def test_a_spin_out_through_the_gate_brings_up_the_duties(journey, lead):

    advance_to(journey, Stage.TRANSFER, lead)
    services.registered_body_save(journey=journey, by=lead, values=_body_values(), version=0)
    assert not AnnualDuty.objects.exists()
    ready_to_leave(journey, lead)
    services.gate_request(journey=journey, by=lead)
    journey.refresh_from_db()
    assert journey.stage == Stage.SPUN_OUT
    # add_gate_facts chose a community benefit society at the design stage.
    assert list(AnnualDuty.objects.values_list("kind", flat=True)) == ["society_return"]


def test_the_overview_shows_the_duties_of_a_spun_out_journey_in_a_fixed_number_of_queries(
    client, journey, lead, django_assert_num_queries
):
    _spin_out(journey, lead, LegalForm.CIC_CLS)
    services.contract_save(journey=journey, by=lead, values=_contract_values(), version=0)
    services.registered_body_save(journey=journey, by=lead, values=_body_values(agm_months=3), version=0)
    for n in range(3):
        MembershipFactory(group=journey.group, user__email=f"m{n}@example.test")
    client.force_login(lead)
    url = reverse("journeys:overview", args=[journey.pk])
    client.get(url)
    with django_assert_num_queries(14):
        page = _text(client.get(url))
    assert "After launch" in page and "Annual general meeting" in page and "Confirmation statement" in page


def test_a_stale_duty_form_is_refused_and_keeps_what_was_typed(client, journey, lead, member):
    _spin_out(journey, lead, LegalForm.CBS)
    services.registered_body_save(journey=journey, by=lead, values=_body_values(), version=0)
    duty = AnnualDuty.objects.get(journey=journey)
    services.duty_update(duty=duty, by=lead, owner=lead, notes="Lead's notes", complete=False, version=1)
    client.force_login(member)
    url = reverse("journeys:duty", args=[journey.pk, duty.pk])
    response = client.post(url, {"owner": str(member.pk), "notes": "Member's notes", "version": "1"})
    assert response.status_code == 409
    assert "Someone else saved this duty" in _text(response) and "Member&#x27;s notes" in _text(response)
    duty.refresh_from_db()
    assert (duty.owner, duty.notes, duty.version) == (lead, "Lead's notes", 2)


def test_the_duties_a_member_owns_are_on_their_home_page_until_done(client, journey, lead, member):
    _spin_out(journey, lead, LegalForm.CIO)
    services.registered_body_save(journey=journey, by=lead, values=_body_values(), version=0)
    duty = AnnualDuty.objects.get(journey=journey)
    home = reverse("journeys:list")
    client.force_login(member)
    assert "Your yearly duties" not in _text(client.get(home))
    services.duty_update(duty=duty, by=lead, owner=member, notes="", complete=False, version=duty.version)
    page = _text(client.get(home))
    assert "Your yearly duties" in page
    assert (
        f'href="{reverse("journeys:duty", args=[journey.pk, duty.pk])}">Annual return to the Charity Commission' in page
    )
    assert "Overdue" not in page
    AnnualDuty.objects.filter(pk=duty.pk).update(due_on=_today() - timedelta(days=1))
    assert "Overdue" in _text(client.get(home))
    # The lead does not own it.
    client.force_login(lead)
    assert "Your yearly duties" not in _text(client.get(home))
    client.force_login(member)
    duty.refresh_from_db()
    services.duty_update(duty=duty, by=member, owner=member, notes="Sent", complete=True, version=duty.version)
    # Done: next year's comes up with the same owner, and is listed in its place.
    following = AnnualDuty.objects.open().get(journey=journey)
    page = _text(client.get(home))
    assert reverse("journeys:duty", args=[journey.pk, duty.pk]) not in page
    assert reverse("journeys:duty", args=[journey.pk, following.pk]) in page
    journey.group.memberships.filter(user=member).delete()
    assert "Your yearly duties" not in _text(client.get(home))
