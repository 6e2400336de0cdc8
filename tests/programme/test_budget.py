import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from programme import services
from programme.models import Programme, SupportAllocation
from tests.journeys.factories import make_journey


def allocate(programme, journey, amount, by, category="legal"):
    return services.allocation_create(
        programme=programme, journey=journey, category=category, supplier="Law firm", amount=Decimal(amount), by=by
    )


def test_an_allocation_reduces_the_remaining_budget(programme, supported_journey, adviser):
    allocate(programme, supported_journey, "1500.50", adviser)
    assert services.programme_allocated(programme) == Decimal("1500.50")
    assert services.journey_allocated(programme, supported_journey) == Decimal("1500.50")


@pytest.mark.parametrize("amount", ["0", "-10"])
def test_an_allocation_must_be_more_than_zero(programme, supported_journey, adviser, amount):
    with pytest.raises(ValidationError, match="more than £0"):
        allocate(programme, supported_journey, amount, adviser)
    assert not SupportAllocation.objects.exists()


def test_an_allocation_cannot_exceed_the_remaining_budget(supported_journey, adviser):
    programme = Programme.objects.create(name="Small", budget=Decimal("1000"), per_journey_cap=Decimal("5000"))
    allocate(programme, supported_journey, "600", adviser)
    with pytest.raises(ValidationError, match="remaining budget, £400.00"):
        allocate(programme, supported_journey, "400.01", adviser)
    allocate(programme, supported_journey, "400", adviser)
    assert services.programme_allocated(programme) == programme.budget


def test_an_allocation_cannot_exceed_the_journey_cap(programme, supported_journey, adviser):
    allocate(programme, supported_journey, "249000", adviser)
    with pytest.raises(ValidationError, match="remaining cap, £1,000.00"):
        allocate(programme, supported_journey, "1000.01", adviser)
    other = make_journey(supported=True)
    allocate(programme, other, "5000", adviser)  # the cap is per journey


def test_only_supported_journeys_receive_support(programme, adviser):
    with pytest.raises(ValidationError, match="Support Programme"):
        allocate(programme, make_journey(), "100", adviser)


def test_sequential_allocations_never_overspend(supported_journey, adviser):
    """The SQLite path of the concurrency rule: 20 allocations of 100 against a budget of 1,000."""
    programme = Programme.objects.create(name="Small", budget=Decimal("1000"))
    accepted = 0
    for _ in range(20):
        try:
            allocate(programme, supported_journey, "100", adviser)
            accepted += 1
        except ValidationError:
            pass
    assert accepted == 10
    assert services.programme_allocated(programme) == Decimal("1000")


def test_a_reversal_is_a_negative_correction_and_nothing_is_deleted(programme, supported_journey, adviser):
    allocation = allocate(programme, supported_journey, "2000", adviser)
    correction = services.allocation_reverse(allocation=allocation, by=adviser, reason="Supplier withdrew")
    assert correction.amount == Decimal("-2000") and correction.reverses == allocation
    assert correction.reason == "Supplier withdrew"
    assert SupportAllocation.objects.count() == 2
    assert services.programme_allocated(programme) == 0
    with pytest.raises(ValidationError, match="already been reversed"):
        services.allocation_reverse(allocation=allocation, by=adviser, reason="Again")
    with pytest.raises(ValidationError, match="cannot itself be reversed"):
        services.allocation_reverse(allocation=correction, by=adviser, reason="Undo")


def test_a_reversal_needs_a_reason(programme, supported_journey, adviser):
    allocation = allocate(programme, supported_journey, "2000", adviser)
    with pytest.raises(ValidationError, match="reason"):
        services.allocation_reverse(allocation=allocation, by=adviser, reason=" ")


def test_the_form_shows_the_remaining_budget_and_refuses_overspending(adviser_client, adviser, supported_journey):
    programme = Programme.objects.create(name="Small", budget=Decimal("1000"), per_journey_cap=Decimal("800"))
    allocate(programme, supported_journey, "300", adviser)
    url = reverse("referrals:allocate", args=[supported_journey.pk])
    page = adviser_client.get(url).content.decode()
    assert "£700.00 of £1,000.00" in page and "£500.00" in page
    response = adviser_client.post(
        url, {"category": "financial", "supplier": "Accountants", "basis": "mfa", "amount": "600"}
    )
    assert "this journey&#x27;s remaining cap, £500.00" in response.content.decode()
    assert 'value="Accountants"' in response.content.decode()
    response = adviser_client.post(
        url, {"category": "financial", "supplier": "Accountants", "basis": "mfa", "amount": "0"}
    )
    assert "Enter an amount more than £0" in response.content.decode()
    response = adviser_client.post(
        url, {"category": "financial", "supplier": "Accountants", "basis": "mfa", "amount": "500"}
    )
    assert response.status_code == 302
    assert services.journey_allocated(programme, supported_journey) == Decimal("800")


def test_the_reverse_page_adds_a_correction(adviser_client, adviser, programme, supported_journey):
    allocation = allocate(programme, supported_journey, "300", adviser)
    url = reverse("referrals:allocation_reverse", args=[allocation.pk])
    assert "Give the reason" in adviser_client.post(url, {"reason": ""}).content.decode()
    assert adviser_client.post(url, {"reason": "Duplicate"}).status_code == 302
    assert services.programme_allocated(programme) == 0
    assert adviser_client.get(url).status_code == 302  # already reversed


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_never_exceed_the_budget(adviser):
    """20 advisers allocate 100 each at the same moment against a budget of 1,000: exactly 10 succeed."""
    programme = Programme.objects.create(name="Race", budget=Decimal("1000"), per_journey_cap=Decimal("100000"))
    journey = make_journey(supported=True)
    barrier = threading.Barrier(20)
    outcomes = []

    def attempt():
        try:
            barrier.wait()
            allocate(programme, journey, "100", adviser)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        except Exception as error:  # pragma: no cover - reported below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok"] * 10 + ["refused"] * 10
    assert services.programme_allocated(programme) == Decimal("1000")
