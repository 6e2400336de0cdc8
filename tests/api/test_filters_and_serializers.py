"""The filter and serializer building blocks on their own."""

from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone

from api.exceptions import _messages
from api.filters import CaseStudyFilter
from api.serializers import DecisionSerializer
from tests.challenges.factories import DecisionFactory


def _filter(query: str) -> CaseStudyFilter:
    serializer = CaseStudyFilter(data=QueryDict(query))
    assert serializer.is_valid(), serializer.errors
    return serializer


def test_the_filter_becomes_the_library_pages_own_query():
    query = _filter("q=+home%00care+&legal_form=CBS&legal_form=CBS&legal_form=unknown&decade=2010&sort=year")
    query = query.library_query()
    assert query.q == "home care"
    assert query.filters == {"legal_form": ["CBS", "unknown"], "decade": ["2010"]}
    assert query.sort == "year"


def test_with_no_parameters_the_query_is_everything_by_relevance():
    query = _filter("").library_query()
    assert (query.q, query.filters, query.sort, query.effective_sort) == ("", {}, "relevance", "name")


def test_the_filter_refuses_values_the_page_would_ignore():
    serializer = CaseStudyFilter(data=QueryDict("region=atlantis&decade=1995&sort=best"))
    assert not serializer.is_valid()
    assert set(serializer.errors) == {"region", "decade", "sort"}


def test_nested_error_messages_are_flattened_per_field():
    assert _messages({"0": ["Bad."], "3": ["Worse.", "Worst."]}) == ["Bad.", "Worse.", "Worst."]
    assert _messages(["One."]) == ["One."]


def test_a_correction_says_it_corrects_an_earlier_decision(db):
    original = DecisionFactory(published_at=timezone.now())
    correction = DecisionFactory(eoi=original.eoi, supersedes=original, published_at=timezone.now())
    request = RequestFactory().get("/")
    assert DecisionSerializer(original, context={"request": request}).data["corrects_earlier_decision"] is False
    data = DecisionSerializer(correction, context={"request": request}).data
    assert data["corrects_earlier_decision"] is True
    assert data["decided_on"] == timezone.localdate(correction.decided_at)
