"""The unread count is on every signed-in page: a person who may see every object of a kind (an
adviser, for case studies) is not made to read the list of those objects' ids for it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casestudies.models import CaseStudy
from mutuals_portal.lib.prepared import as_written
from notifications.access import notifications_visible_to
from notifications.models import Notification
from tests.casestudies.factories import CaseStudyFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _about(recipient, obj, message):
    notification = Notification(recipient=recipient, event_type="casestudies.submitted", message=message)
    notification.target = obj
    notification.save()


def _count_sql(user) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        count = notifications_visible_to(user).unread().count()
    assert len(queries) == 1
    return count, as_written(queries[0]["sql"])


def test_a_moderator_s_count_reads_no_list_of_case_studies():
    adviser = UserFactory(role="adviser")
    draft = CaseStudyFactory(status=CaseStudy.Status.DRAFT)
    _about(adviser, draft, "A draft to review")

    count, sql = _count_sql(adviser)

    assert count == 1
    assert "casestudies_casestudy" not in sql


def test_someone_who_sees_only_some_still_has_them_checked():
    staff = UserFactory(role="staff")
    hidden = CaseStudyFactory(status=CaseStudy.Status.DRAFT)
    shown = CaseStudyFactory(status=CaseStudy.Status.PUBLISHED)
    _about(staff, hidden, "Not yours")
    _about(staff, shown, "Published")

    count, sql = _count_sql(staff)

    assert count == 1
    assert "casestudies_casestudy" in sql


def test_no_unread_costs_one_query_and_other_kinds_rules_are_not_built():
    from journeys.models import Journey
    from notifications.access import unread_count
    from tests.journeys.factories import make_journey

    adviser = UserFactory(role="adviser")
    with CaptureQueriesContext(connection) as queries:
        assert unread_count(adviser) == 0
    assert len(queries) == 1

    hidden_journey = make_journey()  # not in the Support Programme: the adviser cannot see it
    Journey.objects.filter(pk=hidden_journey.pk).update(in_support_programme=False)
    _about(adviser, hidden_journey, "Not visible")
    _about(adviser, adviser, "About your own account")  # a kind no app scopes
    with CaptureQueriesContext(connection) as queries:
        assert unread_count(adviser) == 1
    assert len(queries) == 2
    sql = as_written(queries[1]["sql"])
    assert "journeys_journey" in sql and "casestudies_casestudy" not in sql
