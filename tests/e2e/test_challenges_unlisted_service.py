"""Issue #19 point 1 in a real browser: body@demo.test expresses an interest in a service Northbridge has not
listed, by describing it; officer@demo.test links the expression of interest to the council's record of the
service (or creates the record from the body's description), and it then follows the usual path: it is
acknowledged. Every page passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from challenges.models import ChallengeableService, EOIStatus, EOIStatusChange, ExpressionOfInterest

from .helpers import sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]

COUNCIL = "Northbridge City Council"
PARKS = "Parks and green spaces maintenance"
DESCRIBED = "Riverside path clearance"
DESCRIPTION = "Clearing litter and cutting back vegetation along the 6 km riverside path."


def _describe_and_send(page, base, assert_accessible) -> str:
    """The body describes the service, answers the statutory questions and sends: the reference it is given."""
    sign_in(page, base, "body@demo.test")
    page.goto(f"{base}/challenges/services/")
    page.get_by_role("link", name="describe the service").click()
    assert page.locator("h1").inner_text() == "Express an interest in a service that is not listed"
    assert_accessible(page)

    # Nothing chosen: each question is named in the error summary, and nothing is created.
    before = ExpressionOfInterest.objects.count()
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    for message in ("Select the council that provides the service", "Enter the name of the service"):
        expect(summary).to_contain_text(message)
    assert_accessible(page)
    assert ExpressionOfInterest.objects.count() == before

    page.get_by_label("Which council provides the service?").select_option(label=COUNCIL)
    page.get_by_label("Name of the service").fill(DESCRIBED)
    page.get_by_label("Describe the service").fill(DESCRIPTION)
    page.get_by_role("button", name="Save and continue").click()
    assert page.locator("h1").inner_text() == f"Express an interest in {DESCRIBED}"
    assert_accessible(page)
    draft = ExpressionOfInterest.objects.select_related("service").get(service__name=DESCRIBED)
    assert draft.status == EOIStatus.DRAFT
    assert (draft.service.described_by_body, draft.service.published) == (True, False)

    page.get_by_label("Capability to provide the service").fill("Our volunteers have cleared the path since 2019.")
    page.get_by_label("Financial resources of the body").fill("Reserves of 18,000 GBP and a parish grant.")
    page.get_by_label("The service and its geographical area").fill("The riverside path from the weir to the docks.")
    page.get_by_label("How will the body promote or improve the well-being of the area?").fill("A safer path.")
    page.get_by_label("How will the body meet the needs of the service's users?").fill("Walkers report problems.")
    page.get_by_role("button", name="Save and check your answers").click()
    assert page.locator("h1").inner_text() == "Check your answers before sending your expression of interest"
    assert_accessible(page)
    page.get_by_role("button", name="Accept and send").click()
    assert page.locator("h1").inner_text() == "Expression of interest sent"
    assert_accessible(page)
    return re.search(r"EOI-\d+", page.locator(".govuk-panel__body").inner_text()).group(0)


def _officer_opens(page, base, reference, assert_accessible) -> None:
    sign_in(page, base, "officer@demo.test")
    page.goto(f"{base}/challenges/")
    page.get_by_label("Body name or reference").fill(reference)
    page.get_by_role("button", name="Filter").click()
    row = page.get_by_role("row", name=re.compile(reference))
    expect(row).to_contain_text(DESCRIBED)
    expect(row).to_contain_text("Received")
    assert_accessible(page)
    row.get_by_role("link", name=reference).click()
    expect(page.locator(".govuk-inset-text").first).to_contain_text(
        f"The body described a service your council has not listed: {DESCRIBED}"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Link it to a service record").click()
    assert page.locator("h1").inner_text() == "Which service is this about?"
    expect(page.locator("main")).to_contain_text(DESCRIPTION)
    assert_accessible(page)


def _acknowledge(page, reference) -> None:
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{reference} acknowledged")
    expect(page.locator("main")).to_contain_text("Status: Acknowledged")
    expect(page.get_by_role("link", name="Record a decision")).to_be_visible()


def test_an_unlisted_service_is_linked_to_the_councils_record_and_acknowledged(
    demo_data, live_server, watched_page, assert_accessible
):
    page = watched_page
    base = live_server.url
    reference = _describe_and_send(page, base, assert_accessible)
    eoi = ExpressionOfInterest.objects.get(service__name=DESCRIBED)
    described_pk = eoi.service_id
    assert eoi.status == EOIStatus.RECEIVED and eoi.reference == reference

    _officer_opens(page, base, reference, assert_accessible)
    # Saving with nothing chosen is refused.
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select a service, or confirm the body's description as a new service"
    )
    assert_accessible(page)

    page.get_by_label(PARKS).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"{reference} is now about the service record {PARKS}"
    )
    expect(page.locator(".govuk-caption-l")).to_have_text(f"{reference} · {PARKS}")
    expect(page.get_by_role("link", name="Link it to a service record")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(f"Linked to the service record {PARKS}")
    assert_accessible(page)
    eoi.refresh_from_db()
    assert eoi.service.name == PARKS and not eoi.service.described_by_body
    # The body's description, no longer about anything, is gone.
    assert not ChallengeableService.objects.filter(pk=described_pk).exists()

    # It follows the usual path.
    _acknowledge(page, reference)
    assert_accessible(page)
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.ACKNOWLEDGED
    link = EOIStatusChange.objects.get(eoi=eoi, note=f"Linked to the service record {PARKS}")
    assert link.changed_by.email == "officer@demo.test"


def test_an_unlisted_service_becomes_a_new_service_record_and_is_acknowledged(
    demo_data, live_server, watched_page, assert_accessible
):
    page = watched_page
    base = live_server.url
    reference = _describe_and_send(page, base, assert_accessible)
    eoi = ExpressionOfInterest.objects.get(service__name=DESCRIBED)
    described_pk = eoi.service_id

    _officer_opens(page, base, reference, assert_accessible)
    page.get_by_label("None of these: create a service record from the body's description").check()
    # A new record needs a name.
    page.get_by_label("Service name (for a new record)").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the name of the new service record")
    assert_accessible(page)

    page.get_by_label("None of these: create a service record from the body's description").check()
    page.get_by_label("Service name (for a new record)").fill("Riverside path maintenance")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"{reference} is now about the service record Riverside path maintenance"
    )
    expect(page.locator("main")).to_contain_text(
        "The body's description confirmed as a new service record: Riverside path maintenance"
    )
    assert_accessible(page)
    service = ChallengeableService.objects.get(pk=described_pk)
    assert (service.name, service.description, service.described_by_body) == (
        "Riverside path maintenance",
        DESCRIPTION,
        False,
    )

    # The council now has the record among its services, and the expression of interest goes on as usual.
    _acknowledge(page, reference)
    assert_accessible(page)
    assert ExpressionOfInterest.objects.get(pk=eoi.pk).status == EOIStatus.ACKNOWLEDGED
    page.goto(f"{base}/challenges/officer/services/")
    expect(page.get_by_role("link", name="Riverside path maintenance")).to_be_visible()
    assert_accessible(page)
