"""Subsidy control on allocations: minimal financial assistance under the Subsidy Control Act 2022 ss.36-37."""

import contextlib
import subprocess
import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from programme import services, subsidy
from programme.models import Programme, SupportAllocation
from tests.journeys.factories import make_journey


@pytest.fixture
def roomy(db):
    """A programme whose budget and per-journey cap never get in the way of the MFA limit."""
    return Programme.objects.create(name="Roomy", budget=Decimal("10000000"), per_journey_cap=Decimal("1000000"))


def allocate(programme, journey, amount, by, **kwargs):
    return services.allocation_create(
        programme=programme,
        journey=journey,
        category="legal",
        supplier="Law firm",
        amount=Decimal(amount),
        by=by,
        **kwargs,
    )


def give(allocation, by, *, declared="0", confirmed_on=None, given_on=None):
    return services.mfa_give(
        allocation=allocation,
        by=by,
        confirmed_on=confirmed_on or allocation.mfa_notified_on,
        other_declared=Decimal(declared),
        given_on=given_on,
    )


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


# The applicable period (s.36(2) and (7)) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "start"),
    [
        (date(2026, 12, 3), date(2024, 4, 1)),
        (date(2026, 4, 1), date(2024, 4, 1)),  # the first day of a financial year starts a new period
        (date(2026, 3, 31), date(2023, 4, 1)),  # the last day of one still counts the year three before
    ],
)
def test_the_period_is_the_elapsed_part_of_this_financial_year_and_the_two_before(on, start):
    assert subsidy.applicable_period(on) == (start, on)


def test_the_financial_year_start_is_a_setting(settings):
    settings.SUBSIDY_FINANCIAL_YEAR_START = "01-01"
    assert subsidy.applicable_period(date(2026, 12, 3)) == (date(2024, 1, 1), date(2026, 12, 3))
    assert subsidy.financial_year_label(date(2026, 12, 3)) == "2026"
    settings.SUBSIDY_FINANCIAL_YEAR_START = "04-06"
    assert subsidy.applicable_period(date(2026, 4, 5)) == (date(2023, 4, 6), date(2026, 4, 5))
    assert subsidy.financial_year_label(date(2026, 4, 5)) == "2025-26"


# The limit (s.36(1)) -------------------------------------------------------------------------------


def test_mfa_up_to_the_limit_is_notified_and_a_penny_more_is_refused(roomy, supported_journey, adviser):
    first = allocate(roomy, supported_journey, "200000", adviser)
    assert first.mfa_status == SupportAllocation.MfaStatus.NOTIFIED
    assert first.mfa_notified_on == timezone.localdate() and first.given_on is None
    allocate(roomy, supported_journey, "115000", adviser)
    with pytest.raises(ValidationError, match=r"to £315,000.01, over the £315,000 limit .*section 36"):
        allocate(roomy, supported_journey, "0.01", adviser)
    assert services.mfa_total(supported_journey, timezone.localdate()) == Decimal("315000")


def test_the_limit_is_a_setting(settings, roomy, supported_journey, adviser):
    settings.SUBSIDY_MFA_LIMIT = "1000"
    with pytest.raises(ValidationError, match="over the £1,000 limit"):
        allocate(roomy, supported_journey, "1000.01", adviser)


def test_mfa_counts_across_programmes_but_not_across_enterprises(roomy, supported_journey, adviser):
    other_programme = Programme.objects.create(
        name="Earlier", budget=Decimal("10000000"), per_journey_cap=Decimal("1000000")
    )
    allocate(other_programme, supported_journey, "300000", adviser)
    with pytest.raises(ValidationError, match="over the £315,000 limit"):
        allocate(roomy, supported_journey, "20000", adviser)
    allocate(roomy, make_journey(supported=True), "20000", adviser)  # another enterprise has its own limit


def test_another_lawful_basis_needs_a_reason_and_is_not_counted_as_mfa(roomy, supported_journey, adviser):
    allocate(roomy, supported_journey, "315000", adviser)
    with pytest.raises(ValidationError, match="Enter the lawful basis"):
        allocate(roomy, supported_journey, "50000", adviser, basis=SupportAllocation.Basis.OTHER, basis_note=" ")
    other = allocate(
        roomy, supported_journey, "50000", adviser, basis=SupportAllocation.Basis.OTHER, basis_note="Scheme SC12345"
    )
    assert other.mfa_status == "" and other.basis_note == "Scheme SC12345"
    assert services.mfa_total(supported_journey, timezone.localdate()) == Decimal("315000")


def test_mfa_given_before_the_period_no_longer_counts(roomy, supported_journey, adviser):
    long_ago = subsidy.applicable_period(timezone.localdate())[0] - timedelta(days=1)
    old = allocate(roomy, supported_journey, "300000", adviser, allocated_on=long_ago)
    give(old, adviser, given_on=long_ago)
    assert services.mfa_total(supported_journey, timezone.localdate()) == 0
    allocate(roomy, supported_journey, "315000", adviser)


def test_a_reversed_allocation_frees_its_mfa(roomy, supported_journey, adviser):
    allocation = allocate(roomy, supported_journey, "315000", adviser)
    correction = services.allocation_reverse(allocation=allocation, by=adviser, reason="Supplier withdrew")
    assert correction.basis == SupportAllocation.Basis.MFA and correction.mfa_status == ""
    assert services.mfa_total(supported_journey, timezone.localdate()) == 0
    allocate(roomy, supported_journey, "315000", adviser)


# Notification, the enterprise's confirmation and the MFA confirmation (s.37) ---------------------------


def test_giving_records_the_confirmation_and_who_gave_it(roomy, supported_journey, adviser, other_adviser):
    allocation = allocate(roomy, supported_journey, "120000", adviser)
    given = give(allocation, other_adviser, declared="5000")
    assert given.mfa_status == SupportAllocation.MfaStatus.GIVEN
    assert given.given_on == timezone.localdate() and given.enterprise_confirmed_on == allocation.mfa_notified_on
    assert given.other_mfa_declared == Decimal("5000") and given.confirmed_by == other_adviser
    latest = SupportAllocation.history.filter(id=allocation.pk).order_by("-history_date", "-history_id").first()
    assert latest.history_user == other_adviser and latest.mfa_status == "given"
    with pytest.raises(ValidationError, match="not waiting"):
        give(given, adviser)


def test_what_the_enterprise_declared_from_elsewhere_can_stop_the_mfa(roomy, supported_journey, adviser):
    allocation = allocate(roomy, supported_journey, "300000", adviser)
    with pytest.raises(ValidationError, match=r"£15,000.01 the enterprise declared .* to £315,000.01"):
        give(allocation, adviser, declared="15000.01")
    allocation.refresh_from_db()
    assert allocation.mfa_status == SupportAllocation.MfaStatus.NOTIFIED and allocation.given_on is None
    give(allocation, adviser, declared="15000")


def test_the_confirmation_cannot_arrive_before_the_notification_or_in_the_future(roomy, supported_journey, adviser):
    allocation = allocate(roomy, supported_journey, "1000", adviser)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="on or after the notification"):
        give(allocation, adviser, confirmed_on=today - timedelta(days=1))
    with pytest.raises(ValidationError, match="today or in the past"):
        give(allocation, adviser, confirmed_on=today + timedelta(days=1))


def test_a_reversed_notification_cannot_be_given(roomy, supported_journey, adviser):
    allocation = allocate(roomy, supported_journey, "1000", adviser)
    services.allocation_reverse(allocation=allocation, by=adviser, reason="The group withdrew")
    with pytest.raises(ValidationError, match="not waiting"):
        give(allocation, adviser)


# Pages and PDFs ---------------------------------------------------------------------------------------


def test_an_adviser_is_stopped_at_the_limit_and_gives_the_support_with_both_documents(
    adviser_client, adviser, supported_journey
):
    Programme.objects.create(name="Mutuals Support Programme", per_journey_cap=Decimal("1000000"))
    url = reverse("referrals:allocate", args=[supported_journey.pk])
    page = adviser_client.get(url).content.decode()
    assert "£0.00 of the £315,000 limit (£315,000.00 left)" in page
    data = {"category": "legal", "supplier": "Fictional Law LLP", "amount": "315000.01", "basis": "mfa"}
    refused = adviser_client.post(url, data).content.decode()
    assert "govuk-error-summary" in refused and "over the £315,000 limit" in refused
    assert not SupportAllocation.objects.exists()

    missing_basis = adviser_client.post(url, {**data, "basis": "other", "basis_note": ""}).content.decode()
    assert "Enter the lawful basis for giving this support" in missing_basis

    response = adviser_client.post(url, {**data, "amount": "150000"})
    allocation = SupportAllocation.objects.get()
    subsidy_url = reverse("referrals:allocation_subsidy", args=[allocation.pk])
    assert response.url == subsidy_url
    page = adviser_client.get(subsidy_url).content.decode()
    assert "Not received yet" in page and "subsidy database" in page
    confirmation_pdf = reverse("referrals:mfa_confirmation_pdf", args=[allocation.pk])
    assert confirmation_pdf not in page
    assert adviser_client.get(confirmation_pdf).status_code == 404

    notification = adviser_client.get(reverse("referrals:mfa_notification_pdf", args=[allocation.pk]))
    assert notification["Content-Type"] == "application/pdf"
    text = pdf_text(notification.content)
    assert "Minimal financial assistance notification" in text and "£150,000.00" in text
    assert "section 37(2)(c)" in text and supported_journey.group.name in text

    empty = adviser_client.post(subsidy_url, {}).content.decode()
    assert "Enter the date the confirmation arrived" in empty
    assert "Confirm that you have the enterprise&#x27;s written confirmation" in empty
    today = timezone.localdate()
    confirmed = {
        "confirmed_on_0": today.day,
        "confirmed_on_1": today.month,
        "confirmed_on_2": today.year,
        "other_declared": "170000",
        "confirmed": "on",
    }
    over = adviser_client.post(subsidy_url, confirmed).content.decode()
    assert "It cannot be given as MFA" in over
    assert adviser_client.post(subsidy_url, {**confirmed, "other_declared": "0"}).status_code == 302
    allocation.refresh_from_db()
    assert allocation.mfa_status == "given" and allocation.confirmed_by == adviser

    confirmation = adviser_client.get(confirmation_pdf)
    text = pdf_text(confirmation.content)
    assert "Minimal financial assistance confirmation" in text and "£150,000.00" in text
    assert f"Date on which it is given {today:%-d %B %Y}" in text
    assert "subsidy database" in text


def test_the_allocations_list_shows_each_subsidy_state(adviser_client, adviser, roomy, supported_journey):
    Programme.objects.filter(pk=roomy.pk).update(name="Mutuals Support Programme")
    give(allocate(roomy, supported_journey, "100000.01", adviser), adviser)
    allocate(roomy, supported_journey, "5000", adviser)
    allocate(roomy, supported_journey, "7000", adviser, basis="other", basis_note="Not a subsidy: market terms")
    page = adviser_client.get(reverse("referrals:allocations")).content.decode()
    assert page.count("MFA given") == 1 and page.count("MFA: waiting for confirmation") == 1
    assert page.count("Other lawful basis") == 1 and page.count("Subsidy database entry") == 1


# Race safety (PostgreSQL) ------------------------------------------------------------------------------


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_from_two_programmes_never_pass_the_mfa_limit(adviser, monkeypatch):
    """Two allocations of £200,000 to one enterprise at the same moment from two programmes (so the
    programme lock alone does not serialise them). Each reading of the MFA total waits for the other
    to arrive too: without the journey's lock both read £0 and both pass. With it the second waits for
    the first to commit (the first gives up waiting), reads £200,000 and is refused."""
    programmes = [
        Programme.objects.create(name=f"Race {n}", budget=Decimal("10000000"), per_journey_cap=Decimal("1000000"))
        for n in range(2)
    ]
    journey = make_journey(supported=True)
    meeting = threading.Barrier(2)
    original = services.mfa_total

    def held(*args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):  # the other is held by the lock, as it should be
            meeting.wait(timeout=5)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "mfa_total", held)
    outcomes = []

    def attempt(n):
        try:
            allocate(programmes[n], journey, "200000", adviser)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        except Exception as error:  # pragma: no cover - reported below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert original(journey, timezone.localdate()) == Decimal("200000")


def test_both_mfa_documents_are_tagged_pdfs(adviser_client, adviser, roomy, supported_journey):
    from tests.pdf_ua import check_tagged

    allocation = allocate(roomy, supported_journey, "1000", adviser)
    give(allocation, adviser)
    for name, title in [
        ("referrals:mfa_notification_pdf", "Minimal financial assistance notification"),
        ("referrals:mfa_confirmation_pdf", "Minimal financial assistance confirmation"),
    ]:
        response = adviser_client.get(reverse(name, args=[allocation.pk]))
        assert response.status_code == 200
        pdf = check_tagged(response.content, title=f"{title} to …")
        assert pdf.pages
