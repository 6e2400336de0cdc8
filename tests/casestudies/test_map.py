"""Issue #24: the hex map of England's regions and its table say the same, and link to the library."""

import re

from django.urls import reverse

from accounts.models import Region
from casestudies.models import CaseStudy

from .factories import CaseStudyFactory

MAP = reverse("casestudies:map")
LIST = reverse("casestudies:list")


def _hex_counts(html: str) -> dict[str, int]:
    return {label: int(n) for label, n in re.findall(r'aria-label="([^"]+): (\d+) public service mutuals?"', html)}


def _table_counts(html: str) -> dict[str, int]:
    table = html.split('id="regions-table"', 1)[1]
    rows = re.findall(r'<a class="govuk-link" href="[^"]*">([^<]+)</a>.*?--numeric">(\d+)</td>', table, re.S)
    return {label: int(n) for label, n in rows}


def test_the_map_and_the_table_agree_and_match_the_library(client, db):
    html = client.get(MAP).content.decode()
    hexes = _hex_counts(html)
    assert set(hexes) == {region.label for region in Region.english()}
    table = _table_counts(html)
    for label, count in hexes.items():
        assert table[label] == count
    mutuals = CaseStudy.objects.published().filter(is_public_service_mutual=True)
    assert hexes["London"] == mutuals.filter(region=Region.LONDON).count()
    assert sum(hexes.values()) + table.get("Region not known", 0) == mutuals.count()


def test_each_region_links_to_its_mutuals_in_the_library(client, db):
    html = client.get(MAP).content.decode()
    assert f'href="{LIST}?region=north_west&amp;kind=mutual"' in html
    listed = client.get(LIST, {"region": "north_west", "kind": "mutual"})
    assert listed.context["page"].paginator.count == _hex_counts(html)["North West"]


def test_entries_that_are_not_mutuals_are_not_counted(client, empty_library):
    CaseStudyFactory(region=Region.NORTH_EAST)
    CaseStudyFactory(region=Region.NORTH_EAST, is_public_service_mutual=False)
    CaseStudyFactory(region=Region.NORTH_EAST, status=CaseStudy.Status.DRAFT)
    CaseStudyFactory(region="")
    html = client.get(MAP).content.decode()
    assert _hex_counts(html)["North East"] == 1
    assert _table_counts(html)["Region not known"] == 1
    assert 'class="app-hex--3"' in html  # the region with the most is the darkest
    assert 'class="app-hex--0"' in html


def test_an_empty_library_has_no_map_but_says_so(client, empty_library):
    html = client.get(MAP).content.decode()
    assert "app-hex-map" not in html.split("<main", 1)[1]
    assert "no published public service mutuals" in html
