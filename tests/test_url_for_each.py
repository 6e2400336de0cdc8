"""mutuals_portal.lib.urls.url_for_each: a list's addresses from one reversal, the same as reverse() gives."""

import pytest
from django.urls import reverse

from mutuals_portal.lib.urls import url_for_each


def test_each_row_gets_the_address_reverse_gives():
    task_url = url_for_each("journeys:task", 7)
    assert [task_url(pk) for pk in (1, 42, 2147483646)] == [
        reverse("journeys:task", args=[7, pk]) for pk in (1, 42, 2147483646)
    ]
    review_url = url_for_each("challenges:eoi_review")
    assert review_url(3) == reverse("challenges:eoi_review", args=[3])


def test_a_name_whose_last_argument_is_not_the_row_id_is_refused():
    with pytest.raises(ValueError, match="row id"):
        url_for_each("journeys:task", 2147483647)  # the id would appear twice
