"""The officer workspace, the EOI review page and the public register are cached (pagecache):
each shows a change on the next visit, to the right person only, and its forms still post."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from challenges import services
from challenges.models import DecisionNotice, DecisionOutcome, EOIStatus
from mutuals_portal.accounts.models import User
from tests.factories import PublicBodyFactory, UserFactory

from .factories import DecisionFactory, EOIFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return PublicBodyFactory(name="Cached Council")


@pytest.fixture
def officer(council):
    return UserFactory(role=User.Role.OFFICER, public_body=council, full_name="Olive Officer")


@pytest.fixture
def service(council):
    return ServiceFactory(council=council, name="Community centres")


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def _html(client, url, **query) -> str:
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def _cached(client, url) -> bool:
    """The page's content came from the cache: nothing of the Right to Challenge was queried."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return not [query for query in captured.captured_queries if "challenges_" in query["sql"]]


def _headline(html: str, label: str) -> str:
    """The number shown above `label` on the workspace."""
    before = html[: html.index(label)]
    return before[before.rindex('font-weight-bold">') + len('font-weight-bold">'):].split("<", 1)[0]


# --- officer workspace ------------------------------------------------------------------


def test_the_workspace_shows_a_new_eoi_and_its_counts_on_the_next_visit(signed_in, service):
    url = reverse("challenges:eoi_list")
    EOIFactory(service=service, status=EOIStatus.RECEIVED, body_name="First body")
    html = _html(signed_in, url)
    assert _headline(html, "awaiting acknowledgement") == "1"
    assert _cached(signed_in, url)
    EOIFactory(service=service, status=EOIStatus.RECEIVED, body_name="Second body")
    html = _html(signed_in, url)
    assert "Second body" in html
    assert _headline(html, "awaiting acknowledgement") == "2"


def test_the_workspace_follows_a_status_change_and_each_query_string(signed_in, service, officer):
    url = reverse("challenges:eoi_list")
    eoi = EOIFactory(service=service, status=EOIStatus.RECEIVED, body_name="Moving body")
    assert "Moving body" in _html(signed_in, url, status="RECEIVED")
    assert "Moving body" not in _html(signed_in, url, status="ACKNOWLEDGED")
    services.eoi_acknowledge(eoi=eoi, by=officer)
    assert "Moving body" not in _html(signed_in, url, status="RECEIVED")
    html = _html(signed_in, url, status="ACKNOWLEDGED")
    assert "Moving body" in html
    assert _headline(html, "awaiting a decision") == "1"


def test_the_workspace_follows_a_renamed_service_and_council(signed_in, service, council):
    url = reverse("challenges:eoi_list")
    EOIFactory(service=service, status=EOIStatus.RECEIVED)
    assert "Cached Council" in _html(signed_in, url)
    service.name = "Libraries and community centres"
    service.save()
    assert "Libraries and community centres" in _html(signed_in, url)
    council.name = "Renamed Council"
    council.save()
    assert "Renamed Council" in _html(signed_in, url)


def test_the_workspace_flags_a_deadline_the_day_it_passes(signed_in, service, monkeypatch):
    url = reverse("challenges:eoi_list")
    today = timezone.localdate()
    EOIFactory(service=service, status=EOIStatus.RECEIVED, acknowledgement_due_on=today + timedelta(days=1))
    html = _html(signed_in, url)
    assert "Overdue</strong>" not in html
    assert _headline(html, "overdue") == "0"
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + timedelta(days=2))
    html = _html(signed_in, url)
    assert "Overdue</strong>" in html
    assert _headline(html, "overdue") == "1"


def test_officers_of_two_councils_each_see_their_own_workspace(client, officer, service):
    other_officer = UserFactory(role=User.Role.OFFICER, public_body=PublicBodyFactory(name="Other Council"))
    EOIFactory(service=service, status=EOIStatus.RECEIVED, body_name="Ours")
    EOIFactory(service=ServiceFactory(council=other_officer.public_body), status=EOIStatus.RECEIVED,
               body_name="Theirs")
    url = reverse("challenges:eoi_list")
    for person, shown, hidden in ((officer, "Ours", "Theirs"), (other_officer, "Theirs", "Ours")) * 2:
        client.force_login(person)
        html = _html(client, url)
        assert shown in html
        assert hidden not in html


def test_the_workspace_is_still_for_officers_only(client, officer, service):
    client.force_login(officer)
    _html(client, reverse("challenges:eoi_list"))
    client.force_login(UserFactory(role=User.Role.BODY))
    assert client.get(reverse("challenges:eoi_list")).status_code == 403


# --- EOI review -------------------------------------------------------------------------


def test_the_review_page_follows_acknowledgement_and_shows_the_flash_message(signed_in, service):
    eoi = EOIFactory(service=service, status=EOIStatus.RECEIVED)
    url = reverse("challenges:eoi_review", args=[eoi.pk])
    assert "Acknowledge</button>" in _html(signed_in, url)
    assert _cached(signed_in, url)
    response = signed_in.post(reverse("challenges:eoi_acknowledge", args=[eoi.pk]), follow=True)
    html = response.content.decode()
    assert f"{eoi.reference} acknowledged" in html
    assert "Acknowledge</button>" not in html
    assert "Record a decision" in html
    assert f"{eoi.reference} acknowledged" not in _html(signed_in, url)  # the message is not cached


def test_the_review_page_follows_a_conflict_and_a_decision(signed_in, service, officer):
    eoi = EOIFactory(service=service, status=EOIStatus.UNDER_REVIEW)
    url = reverse("challenges:eoi_review", args=[eoi.pk])
    colleague = UserFactory(role=User.Role.OFFICER, public_body=officer.public_body, full_name="Colin Colleague")
    assert "Record a decision" in _html(signed_in, url)
    services.conflict_declare(eoi=eoi, officer=officer, interest="My sister is a trustee.", covers_body=False)
    html = _html(signed_in, url)
    assert "My sister is a trustee." in html
    assert "a colleague must decide" in html
    assert "Record a decision" not in html
    services.decision_record(eoi=eoi, by=colleague, outcome=DecisionOutcome.ACCEPTED, grounds=[], reasons="",
                             wellbeing_considered=True)
    html = _html(signed_in, url)
    assert "The decision has been recorded but not published" in html
    assert "Colin Colleague" in html
    colleague.full_name = "Colin Renamed"
    colleague.save()
    assert "Colin Renamed" in _html(signed_in, url)


def test_the_review_page_follows_a_notice_that_failed_in_the_worker(signed_in, service, officer, monkeypatch):
    from challenges import tasks

    eoi = EOIFactory(service=service, status=EOIStatus.ACCEPTED)
    decision = DecisionFactory(eoi=eoi, outcome=DecisionOutcome.ACCEPTED, grounds=[], decided_by=officer,
                               published_at=timezone.now())
    notice = DecisionNotice.objects.create(decision=decision)
    url = reverse("challenges:eoi_review", args=[eoi.pk])
    assert "Being produced" in _html(signed_in, url)

    def broken(notice):
        raise ValueError("a template error")

    monkeypatch.setattr(tasks, "render_notice_pdf", broken)
    assert tasks.render_decision_notice.apply(args=[notice.pk]).get().startswith("failed")
    assert "The notice could not be produced" in _html(signed_in, url)


def test_the_review_page_form_posts_from_the_cache_with_another_csrf_cookie(officer, service):
    """The content is cached with a placeholder for the CSRF token: each visitor gets a token for
    their own cookie, even a first visit without one."""
    eoi = EOIFactory(service=service, status=EOIStatus.RECEIVED)
    url = reverse("challenges:eoi_review", args=[eoi.pk])
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(officer)
    second.force_login(officer)
    _html(first, url)  # rendered and cached for the officer, with the first client's token
    html = _html(second, url)  # from the cache
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert token
    assert second.cookies["csrftoken"].value  # the cookie is set though the content was not rendered
    response = second.post(reverse("challenges:eoi_acknowledge", args=[eoi.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.ACKNOWLEDGED


def test_the_cached_eoi_access_check_still_refuses_other_councils(client, officer, service):
    eoi = EOIFactory(service=service, status=EOIStatus.RECEIVED)
    url = reverse("challenges:eoi_review", args=[eoi.pk])
    client.force_login(officer)
    _html(client, url)
    client.force_login(UserFactory(role=User.Role.OFFICER, public_body=PublicBodyFactory(name="Elsewhere")))
    assert client.get(url).status_code == 404
    # An officer who moves to another council loses the EOIs of the first at once.
    client.force_login(officer)
    officer.public_body = PublicBodyFactory(name="New Council")
    officer.save()
    # The move ends their sessions (accounts.sessions); signed in again, the EOI is not theirs.
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(officer)
    assert client.get(url).status_code == 404


# --- public register --------------------------------------------------------------------


def test_the_register_shows_a_newly_published_decision_and_its_council_in_the_filter(client, service):
    url = reverse("challenges:register")
    DecisionFactory(eoi__service=service, eoi__body_name="Early body", published_at=timezone.now())
    html = _html(client, url)
    assert "Early body" in html
    assert _cached(client, url)
    other = ServiceFactory(council=PublicBodyFactory(name="Later Council"))
    decision = DecisionFactory(eoi__service=other, eoi__body_name="Later body")
    assert "Later body" not in _html(client, url)  # recorded, not yet published
    decision.published_at = timezone.now()
    decision.save()
    html = _html(client, url)
    assert "Later body" in html
    assert f'<option value="{other.council_id}"' in html


def test_the_register_follows_renamed_services_and_councils_and_each_filter(client, service, council):
    url = reverse("challenges:register")
    DecisionFactory(eoi__service=service, eoi__body_name="Rejected body", published_at=timezone.now())
    assert "Rejected body" in _html(client, url, outcome="REJECTED")
    assert "Rejected body" not in _html(client, url, outcome="ACCEPTED")
    service.name = "Renamed service"
    service.save()
    assert "Renamed service" in _html(client, url)
    council.name = "Renamed Council"
    council.save()
    html = _html(client, url)
    assert "Renamed Council" in html
    assert f'<option value="{council.pk}">Renamed Council</option>' in " ".join(html.split())
