"""mutuals_portal.lib.urls: a list's addresses from one reversal (url_for_each) and addresses by id from a pattern
reversed once (path_to), the same as reverse() gives."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from mutuals_portal.lib.urls import path_to, url_for_each


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


# path_to: an address by id without reversing its pattern each time -------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("journeys:gate", (7,)),
        ("journeys:task", (12, 345)),
        ("journeys:council_decision_edit", (3, 9)),
        ("journeys:ballots", (2147483647,)),  # the stand-in itself is an id like any other
        ("casestudies:list", ()),
        ("accessibility", ()),
    ],
)
def test_path_to_gives_what_reverse_gives(name, args):
    assert path_to(name, *args) == reverse(name, args=args)
    assert path_to(name, *args) == reverse(name, args=args)  # and again, from the pattern kept


def test_path_to_reverses_anything_but_ids_and_refuses_what_reverse_refuses():
    assert path_to("casestudies:detail", "the-wigan-deal") == reverse("casestudies:detail", args=["the-wigan-deal"])
    with pytest.raises(NoReverseMatch):
        path_to("journeys:no_such_page", 1)
    with pytest.raises(NoReverseMatch):
        path_to("journeys:gate")  # an argument missing


def test_path_to_follows_the_script_prefix():
    set_script_prefix("/portal/")
    try:
        assert path_to("journeys:gate", 5) == reverse("journeys:gate", args=[5]) == "/portal/journeys/5/gate/"
    finally:
        set_script_prefix("/")
    assert path_to("journeys:gate", 5) == "/journeys/5/gate/"


def test_the_overview_template_tag_writes_the_same_address():
    from django.template import Context, Template

    html = Template("{% load portal %}{% path_to 'journeys:task' a b %}|{% path_to name a %}").render(
        Context({"a": 4, "b": 8, "name": "journeys:members"})
    )
    assert html == f"{reverse('journeys:task', args=[4, 8])}|{reverse('journeys:members', args=[4])}"
