"""The library's pages are kept in the page cache (mutuals_portal/pagecache.py) until the library
changes: each change to what they show appears on the next visit, and nobody sees a page kept for
someone else."""

from django.test import Client
from django.urls import reverse

from casestudies import access, search, services
from casestudies.models import CaseStudy, Source
from mutuals_portal.choices import ServiceArea

from .factories import CaseStudyFactory, SourceFactory

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


def test_each_query_string_has_its_own_list(client, empty_library):
    CaseStudyFactory(name="Orchard Trust", summary="Grows apples.")
    CaseStudyFactory(name="River Trust", summary="Cleans rivers.")
    assert "River Trust" not in client.get(LIST, {"q": "apples"}).content.decode()
    assert "Orchard Trust" not in client.get(LIST, {"q": "rivers"}).content.decode()
    assert "<title>apples – " in client.get(LIST, {"q": "apples"}).content.decode()


def test_an_edit_to_a_case_study_shows_in_the_list_and_on_its_page(client, empty_library):
    case_study = CaseStudyFactory(name="Old Name Trust", summary="Old summary.")
    assert "Old Name Trust" in client.get(LIST).content.decode()
    assert "Old summary." in _detail(client, case_study).content.decode()
    case_study.name = "New Name Trust"
    case_study.summary = "New summary."
    case_study.save()
    assert "New Name Trust" in client.get(LIST).content.decode()
    html = _detail(client, case_study).content.decode()
    assert "New summary." in html
    assert "<title>New Name Trust – " in html


def test_a_new_source_shows_on_the_page(client, empty_library):
    case_study = CaseStudyFactory()
    assert "No sources listed." in _detail(client, case_study).content.decode()
    SourceFactory(case_study=case_study, title="The annual report")
    assert "The annual report" in _detail(client, case_study).content.decode()


def test_related_case_studies_follow_the_library(client, empty_library):
    case_study = CaseStudyFactory(service_area=ServiceArea.LIBRARIES)
    assert "Related case studies" not in _detail(client, case_study).content.decode()
    CaseStudyFactory(name="A Neighbour Trust", service_area=ServiceArea.LIBRARIES)
    assert "A Neighbour Trust" in _detail(client, case_study).content.decode()


def test_an_unpublished_case_study_is_gone_for_the_public_at_once(client, world):
    adviser = world.user("adviser")
    case_study = world.objects["cs_published"]
    assert _detail(client, case_study).status_code == 200
    assert "1 case study matching" in client.get(LIST, {"q": "matrix"}).content.decode()
    services.case_study_return(case_study=case_study, by=adviser, note="Check the figures")
    assert _detail(client, case_study).status_code == 404
    assert "0 case studies matching" in client.get(LIST, {"q": "matrix"}).content.decode()


def test_a_bulk_load_that_says_so_shows_at_once(client, empty_library):
    assert "0 case studies" in client.get(LIST).content.decode()
    created = CaseStudy.objects.bulk_create([CaseStudy(name="Bulk Trust", slug="bulk-trust", summary="Loaded.")])
    CaseStudy.objects.filter(pk=created[0].pk).update(status=CaseStudy.Status.PUBLISHED)
    Source.objects.bulk_create([Source(case_study=created[0], title="Loaded report")])
    search.library_changed()
    assert "Bulk Trust" in client.get(LIST).content.decode()
    assert "Loaded report" in client.get(reverse("casestudies:detail", args=["bulk-trust"])).content.decode()


def test_the_public_and_each_person_see_their_own_detail_page(world, client_for):
    draft = world.objects["cs_draft"]  # contributed by the staff lead
    staff = client_for(world.user("staff"))
    assert "Send for review" in _detail(staff, draft).content.decode()
    assert "Send for review" in _detail(staff, draft).content.decode()
    adviser_html = _detail(client_for(world.user("adviser")), draft).content.decode()
    assert "Review and publish" in adviser_html
    assert "Send for review" not in adviser_html
    assert _detail(client_for(world.user("member")), draft).status_code == 404
    assert _detail(client_for(None), draft).status_code == 404
    published = world.objects["cs_published"]
    assert "Review and publish" in _detail(client_for(world.user("adviser")), published).content.decode()
    assert "Manage this case study" not in _detail(client_for(None), published).content.decode()
    assert "Manage this case study" not in _detail(client_for(world.user("staff")), published).content.decode()


def test_a_change_of_role_changes_what_a_person_may_see_and_do(world, client_for):
    draft = world.objects["cs_draft"]
    officer = world.user("officer")
    client = client_for(officer)
    assert _detail(client, draft).status_code == 404
    officer.role = officer.Role.ADVISER
    officer.save()
    # A role change ends the person's sessions (accounts.sessions); signed in again, the new role counts.
    client = client_for(officer)
    assert "Review and publish" in _detail(client, draft).content.decode()


def test_the_history_shows_a_renamed_person(world, client_for):
    staff = world.user("staff")
    draft = world.objects["cs_draft"]
    services.case_study_submit(case_study=draft, by=staff)
    services.case_study_return(case_study=draft, by=world.user("adviser"), note="More detail please")
    client = client_for(staff)
    html = _detail(client, draft).content.decode()
    assert "More detail please" in html
    assert "Renamed Person" not in html
    staff.full_name = "Renamed Person"
    staff.save()
    assert "Renamed Person moved it" in _detail(client, draft).content.decode()


def test_send_for_review_still_posts_from_a_cached_page(world):
    staff = world.user("staff")
    draft = world.objects["cs_draft"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    _detail(client, draft)
    del client.cookies["csrftoken"]  # a new CSRF secret (as after signing in again)
    _detail(client, draft)
    html = _detail(client, draft).content.decode()  # from the cache
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post(reverse("casestudies:submit", args=[draft.slug]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == CaseStudy.Status.IN_REVIEW
    assert "Send for review" not in _detail(client, draft).content.decode()


def test_the_public_pages_set_no_csrf_cookie(client, db):
    """The cached page of an anonymous visitor has no form: it must not start a CSRF cookie."""
    response = _detail(client, CaseStudy.objects.published().first())
    assert "csrftoken" not in response.cookies


def test_who_may_see_a_case_study_is_cached_per_person_and_follows_changes(world):
    staff, other = world.user("staff"), world.user("other_staff")
    draft = world.objects["cs_draft"]
    assert access.get_case_study_for_user(staff, draft.slug) == draft
    for _ in range(2):
        try:
            access.get_case_study_for_user(other, draft.slug)
            raise AssertionError("another staff lead sees a draft")
        except access.Http404:
            pass
    draft.contributed_by = other
    draft.save()
    assert access.get_case_study_for_user(other, draft.slug) == draft


def test_the_cached_case_study_leaves_out_its_contributors_password(world, monkeypatch):
    from django.core.cache import cache

    staff = world.user("staff")
    draft = world.objects["cs_draft"]
    stored = []
    real_set = cache.set

    def recording_set(key, value, *args, **kwargs):
        stored.append(value[1] if isinstance(value, tuple) else value)  # (versions, what is kept)
        return real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", recording_set)
    assert access.get_case_study_for_user(staff, draft.slug) == draft
    kept = next(value for value in stored if isinstance(value, CaseStudy))
    assert kept.contributed_by == staff
    assert "password" in kept.contributed_by.get_deferred_fields()
