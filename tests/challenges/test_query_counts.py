"""The officer workspace and the public register issue the same number of queries as data grows."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from challenges.models import EOIStatus
from tests.factories import PublicBodyFactory, UserFactory

from .factories import DecisionFactory, EOIFactory, ServiceFactory, WindowFactory

pytestmark = pytest.mark.django_db


def _count_queries(client, url, assert_queries, limit):
    with assert_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("size", [2, 20])
def test_the_officer_workspace_has_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    council = PublicBodyFactory(name="Counted Council")
    officer = UserFactory(role=User.Role.OFFICER, public_body=council)
    for index in range(size):
        EOIFactory(service=ServiceFactory(council=council), status=EOIStatus.RECEIVED, body_name=f"Body {index}")
    client.force_login(officer)
    _count_queries(client, reverse("challenges:eoi_list"), django_assert_num_queries, 7)


@pytest.mark.parametrize("size", [2, 20])
def test_the_register_has_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    for _ in range(size):
        DecisionFactory(published_at=timezone.now())
    _count_queries(client, reverse("challenges:register"), django_assert_num_queries, 5)
    _count_queries(client, reverse("challenges:register_json"), django_assert_num_queries, 1)


@pytest.mark.parametrize("size", [2, 20])
def test_the_services_list_has_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    for _ in range(size):
        WindowFactory(service=ServiceFactory())
    _count_queries(client, reverse("challenges:service_list"), django_assert_num_queries, 4)


def test_the_workspace_query_count_does_not_grow(client, django_assert_max_num_queries):
    council = PublicBodyFactory(name="Growing Council")
    officer = UserFactory(role=User.Role.OFFICER, public_body=council)
    client.force_login(officer)
    service = ServiceFactory(council=council)
    EOIFactory(service=service, status=EOIStatus.RECEIVED)
    small = _count_queries(client, reverse("challenges:eoi_list"), django_assert_max_num_queries, 8)
    EOIFactory.create_batch(15, service=service, status=EOIStatus.UNDER_REVIEW)
    large = _count_queries(client, reverse("challenges:eoi_list"), django_assert_max_num_queries, 8)
    assert small == large


def test_the_register_query_count_does_not_grow(client, django_assert_max_num_queries):
    DecisionFactory(published_at=timezone.now())
    small = _count_queries(client, reverse("challenges:register"), django_assert_max_num_queries, 5)
    for _ in range(12):
        DecisionFactory(published_at=timezone.now())
    large = _count_queries(client, reverse("challenges:register"), django_assert_max_num_queries, 5)
    assert small == large
