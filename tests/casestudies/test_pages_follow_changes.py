"""The library's pages show each change on the next GET, and each person sees their own detail
page (access decided in every request). Facet counts are kept in the cache (public data) and
follow every change to the library."""

from django.urls import reverse

from casestudies import search, services
from casestudies.models import CaseStudy, Source
from mutuals_portal.lib.choices import ServiceArea

from .factories import CaseStudyFactory

LIST = reverse("casestudies:list")


def _detail(client, case_study):
    return client.get(reverse("casestudies:detail", args=[case_study.slug]))


def test_a_newly_published_case_study_appears_in_the_list_and_its_facet_counts(client, empty_library):
    CaseStudyFactory(name="First Mutual", service_area=ServiceArea.LIBRARIES)
    params = {"service_area": ServiceArea.LIBRARIES}
    assert "1 case study" in client.get(LIST, params).content.decode()
    draft = CaseStudyFactory(name="Second Mutual", service_area=ServiceArea.LIBRARIES, status=CaseStudy.Status.DRAFT)
    assert "Second Mutual" not in client.get(LIST, params).content.decode()
    draft.change_status(CaseStudy.Status.PUBLISHED, by=None)
    html = client.get(LIST, params).content.decode()
    assert "Second Mutual" in html
    assert "2 case studies" in html
    assert "Libraries and archives (2)" in html


def test_an_unpublished_case_study_is_gone_for_the_public_at_once(client, world):
    adviser = world.user("adviser")
    case_study = world.objects["cs_published"]
    assert _detail(client, case_study).status_code == 200
    assert "1 case study matching" in client.get(LIST, {"q": "matrix"}).content.decode()
    services.case_study_return(case_study=case_study, by=adviser, note="Check the figures")
    assert _detail(client, case_study).status_code == 404
    assert "0 case studies matching" in client.get(LIST, {"q": "matrix"}).content.decode()


def test_a_bulk_load_that_says_so_shows_in_the_facet_counts_at_once(client, empty_library):
    assert "0 case studies" in client.get(LIST).content.decode()
    created = CaseStudy.objects.bulk_create(
        [CaseStudy(name="Bulk Trust", slug="bulk-trust", summary="Loaded.", service_area=ServiceArea.LIBRARIES)]
    )
    CaseStudy.objects.filter(pk=created[0].pk).update(status=CaseStudy.Status.PUBLISHED)
    Source.objects.bulk_create([Source(case_study=created[0], title="Loaded report")])
    search.library_changed()
    html = client.get(LIST).content.decode()
    assert "Bulk Trust" in html and "Libraries and archives (1)" in html
    assert "Loaded report" in client.get(reverse("casestudies:detail", args=["bulk-trust"])).content.decode()


def test_the_public_and_each_person_see_their_own_detail_page(world, client_for):
    draft = world.objects["cs_draft"]  # contributed by the staff lead
    staff = client_for(world.user("staff"))
    assert "Send for review" in _detail(staff, draft).content.decode()
    adviser_html = _detail(client_for(world.user("adviser")), draft).content.decode()
    assert "Review and publish" in adviser_html
    assert "Send for review" not in adviser_html
    assert _detail(client_for(world.user("member")), draft).status_code == 404
    assert _detail(client_for(None), draft).status_code == 404
    published = world.objects["cs_published"]
    assert "Review and publish" in _detail(client_for(world.user("adviser")), published).content.decode()
    assert "Manage this case study" not in _detail(client_for(None), published).content.decode()


def test_a_change_of_role_changes_what_a_person_may_see_and_do_at_once(world, client_for):
    draft = world.objects["cs_draft"]
    officer = world.user("officer")
    client = client_for(officer)
    assert _detail(client, draft).status_code == 404
    officer.role = officer.Role.ADVISER
    officer.save()
    # A role change ends the person's sessions (accounts.sessions); signed in again, the new role counts.
    assert _detail(client, draft).status_code == 404  # now signed out, and a draft is not public
    client = client_for(officer)
    assert "Review and publish" in _detail(client, draft).content.decode()


def test_the_public_pages_set_no_csrf_cookie(client, db):
    """The public's case-study page has no form: it must not start a CSRF cookie (it is cached publicly)."""
    response = _detail(client, CaseStudy.objects.published().first())
    assert "csrftoken" not in response.cookies
