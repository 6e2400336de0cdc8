from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory

from mutuals_portal.lib.pagination import page_links


def _render(page, query_string):
    request = RequestFactory().get("/somewhere/?" + query_string)
    return Template("{% load portal %}{% pagination page %}").render(Context({"page": page, "request": request}))


def test_a_single_page_has_no_pagination():
    assert page_links(Paginator(range(5), 10).page(1), str) is None
    assert "govuk-pagination" not in _render(Paginator(range(5), 10).page(1), "")


def test_links_keep_the_other_query_parameters_and_replace_the_page():
    html = _render(Paginator(range(100), 10).page(2), "council=7&q=library&page=2")
    assert 'href="?council=7&amp;q=library&amp;page=3" rel="next"' in html
    assert 'href="?council=7&amp;q=library&amp;page=1" rel="prev"' in html
    assert 'aria-current="page">2<' in html


def test_long_ranges_are_elided():
    links = page_links(Paginator(range(1000), 10).page(50), lambda n: f"?page={n}")
    numbers = [item.get("number") for item in links["items"]]
    assert numbers[0] == 1 and numbers[-1] == 100
    assert 49 in numbers and 50 in numbers and 51 in numbers
    assert sum(1 for item in links["items"] if item.get("ellipsis")) == 2
    assert len(links["items"]) < 12


def test_query_values_are_escaped():
    html = _render(Paginator(range(100), 10).page(1), "q=%3Cscript%3E")
    assert "<script>" not in html
