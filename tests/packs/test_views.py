"""The packs pages: statuses, request, retry, download as an attachment; bounded queries; no public file URL."""

import pytest
from django.urls import reverse

from packs.models import BusinessPlanPack

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("packs_sent")]


def test_the_list_shows_each_version_with_its_status(world, client_for):
    response = client_for(world.user("member")).get(reverse("packs:list", args=[world.objects["journey_a"].pk]))
    page = response.content.decode()
    assert "Ready" in page and "Failed" in page
    assert "Something in the plan data could not be laid out." in page
    assert "Try again" in page and "Download" in page


def test_an_adviser_sees_packs_but_cannot_request_one(world, client_for):
    response = client_for(world.user("adviser")).get(reverse("packs:list", args=[world.objects["journey_a"].pk]))
    assert response.status_code == 200
    assert "Create a pack" not in response.content.decode() and "Try again" not in response.content.decode()


def test_a_pending_pack_offers_a_way_to_check_again(world, client_for):
    journey = world.objects["journey_a"]
    BusinessPlanPack.objects.create(journey=journey, version=9, source_hash="x")
    page = client_for(world.user("member")).get(reverse("packs:list", args=[journey.pk])).content.decode()
    assert 'data-packs-pending="true"' in page and "check again" in page


def test_a_request_redirects_to_the_list_and_a_second_one_reuses_the_pack(
    world, client_for, django_capture_on_commit_callbacks, packs_sent
):
    journey = world.objects["journey_a"]
    client = client_for(world.user("member"))
    url = reverse("packs:request", args=[journey.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {"formats": "business_plan"}, follow=True)
        second = client.post(url, {"formats": "business_plan"}, follow=True)
    assert "is being produced" in first.content.decode()
    assert "already being produced" in second.content.decode()
    assert len(packs_sent) == 1


def test_the_download_is_an_attachment_with_a_meaningful_name(world, client_for):
    pack = world.objects["pack_a"]
    response = client_for(world.user("staff")).get(reverse("packs:download", args=[pack.journey_id, pack.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and 'filename="group-a-business-plan-v1-' in disposition
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_pack_that_is_not_ready_cannot_be_downloaded(world, client_for):
    pack = world.objects["failed_pack_a"]
    response = client_for(world.user("staff")).get(reverse("packs:download", args=[pack.journey_id, pack.pk]))
    assert response.status_code == 404


def test_the_stored_file_has_no_public_url(world, client_for):
    pack = world.objects["pack_a"]
    for role in ("anonymous", "staff", "admin"):
        assert client_for(world.user(role)).get(pack.file.url).status_code == 404


def test_the_list_page_makes_a_bounded_number_of_queries(world, client_for, django_assert_num_queries):
    journey = world.objects["journey_a"]
    client = client_for(world.user("member"))
    url = reverse("packs:list", args=[journey.pk])
    client.get(url)  # the process reads the content types once: count the pages after that, as in use
    for extra in (0, 25):
        for n in range(extra):
            BusinessPlanPack.objects.create(
                journey=journey,
                version=100 + n,
                source_hash=f"q{n}",
                status="failed",
                requested_by=world.user("member"),
            )
        with django_assert_num_queries(7):
            assert client.get(url).status_code == 200


def test_the_journey_overview_links_to_the_packs(world, client_for):
    journey = world.objects["journey_a"]
    page = client_for(world.user("member")).get(reverse("journeys:overview", args=[journey.pk])).content.decode()
    assert reverse("packs:list", args=[journey.pk]) in page
    page = client_for(world.user("officer")).get(reverse("journeys:overview", args=[journey.pk])).content.decode()
    assert reverse("packs:list", args=[journey.pk]) not in page


def test_the_notification_service_only_tells_people_who_may_see_the_pack(world):
    from packs.access import can_see

    pack = world.objects["pack_a"]
    assert can_see(world.user("member"), pack) and can_see(world.user("adviser"), pack)
    assert not can_see(world.user("officer"), pack) and not can_see(world.user("other_staff"), pack)


def test_a_pack_reads_as_a_web_page_while_the_plan_is_unchanged(world, client_for):
    from packs.content import plan_data, source_hash

    pack = world.objects["pack_a"]
    url = reverse("packs:page", args=[pack.journey_id, pack.pk])
    client = client_for(world.user("member"))
    stale = client.get(url).content.decode()
    assert "The plan has changed since version 1" in stale and "Download version 1 as a PDF" in stale

    BusinessPlanPack.objects.filter(pk=pack.pk).update(source_hash=source_hash(plan_data(pack.journey)))
    response = client.get(url)
    page = response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert '<article class="app-pack">' in page and "govuk-frontend" in page
    assert page.count("<h1") == 1 and '<h2 id="summary"' in page and '<h2 id="finance"' in page
    assert "Download this version as a PDF" in page
    list_page = client.get(reverse("packs:list", args=[pack.journey_id])).content.decode()
    assert url in list_page


def test_a_pack_that_is_not_ready_has_no_web_page(world, client_for):
    pack = world.objects["failed_pack_a"]
    response = client_for(world.user("member")).get(reverse("packs:page", args=[pack.journey_id, pack.pk]))
    assert response.status_code == 404
