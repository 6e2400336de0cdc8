"""Public bodies as reference data: the loader command, the committed starter file, search and the
"not listed" bodies (issue #25, point 1)."""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import PublicBody, Region, User
from programme.forms import EnquiryForm

pytestmark = pytest.mark.django_db

STARTER = Path(__file__).resolve().parents[2] / "accounts" / "data" / "public_bodies.csv"


def _load(path, *args):
    out = StringIO()
    call_command("load_public_bodies", str(path), *args, stdout=out)
    return out.getvalue()


def test_every_row_of_the_starter_file_names_its_source_and_is_well_formed():
    with STARTER.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 30
    for row in rows:
        assert row["source"].strip(), row
        # PublicBody.source holds at most 500 characters (PostgreSQL refuses a longer one).
        assert len(row["source"]) <= PublicBody._meta.get_field("source").max_length, row["name"]
        if row["tier"] in (PublicBody.Tier.FIRE, PublicBody.Tier.NHS_TRUST, PublicBody.Tier.NHS_COMMISSIONER):
            # Fire and rescue authorities (SI 2012/1647 reg 3), NHS trusts and integrated care boards: each
            # sourced from a published page, with no ONS code (none of the pages read gave one).
            assert row["ons_code"] == "" and "(https://" in row["source"], row
        else:
            assert row["ons_code"][:3] in {"E06", "E07", "E08", "E09", "E10"}, row
        if row["kind"] == PublicBody.Kind.COUNCIL:
            assert row["region"] in Region.values, row
        else:
            # Empty only for a body whose area spans more than one region, and the source says so.
            assert row["region"] in Region.values or "region" in row["source"], row
    codes = [row["ons_code"] for row in rows if row["ons_code"]]
    assert len(set(codes)) == len(codes)
    assert len({row["name"] for row in rows}) == len(rows)
    assert sum(row["tier"] == PublicBody.Tier.FIRE for row in rows) >= 4
    assert all(row["kind"] == "nhs" for row in rows if row["tier"] == PublicBody.Tier.NHS_TRUST)
    assert sum(row["tier"] == PublicBody.Tier.NHS_TRUST for row in rows) >= 2


def test_the_integrated_care_boards_in_the_starter_file_are_ones_that_exist_since_april_2026():
    """The ICBs that exist since the mergers of 1 April 2026 (NHSBSA, "ICB mergers - April 2026", 10 April 2026:
    6 new ICBs, 12 abolished), by their names and ODS codes in the NHS Organisation Data Service as listed by
    RCPCH: the new ones and NHS Hampshire and Isle of Wight, then the 2022 ICBs that continue unchanged and lie in
    one ONS region, and four with no region: NHS Central East (its area takes in Milton Keynes, in the South East,
    and the East), NHS North East and North Cumbria and NHS Lancashire and South Cumbria (local authorities in two
    ONS regions), and NHS Bath and North East Somerset, Swindon and Wiltshire (pages read disagree on its area)."""
    with STARTER.open(encoding="utf-8") as handle:
        icbs = [row for row in csv.DictReader(handle) if row["tier"] == PublicBody.Tier.NHS_COMMISSIONER]
    established_2026 = {
        "NHS Essex Integrated Care Board": Region.EAST,
        "NHS Norfolk and Suffolk Integrated Care Board": Region.EAST,
        "NHS Hampshire and Isle of Wight Integrated Care Board": Region.SOUTH_EAST,
        "NHS Surrey and Sussex Integrated Care Board": Region.SOUTH_EAST,
        "NHS Thames Valley Integrated Care Board": Region.SOUTH_EAST,
        "NHS West and North London Integrated Care Board": Region.LONDON,
    }
    continuing = {
        "NHS Birmingham and Solihull Integrated Care Board": Region.WEST_MIDLANDS,
        "NHS Black Country Integrated Care Board": Region.WEST_MIDLANDS,
        "NHS Bristol, North Somerset and South Gloucestershire Integrated Care Board": Region.SOUTH_WEST,
        "NHS Cheshire and Merseyside Integrated Care Board": Region.NORTH_WEST,
        "NHS Cornwall and the Isles of Scilly Integrated Care Board": Region.SOUTH_WEST,
        "NHS Coventry and Warwickshire Integrated Care Board": Region.WEST_MIDLANDS,
        "NHS Derby and Derbyshire Integrated Care Board": Region.EAST_MIDLANDS,
        "NHS Devon Integrated Care Board": Region.SOUTH_WEST,
        "NHS Dorset Integrated Care Board": Region.SOUTH_WEST,
        "NHS Gloucestershire Integrated Care Board": Region.SOUTH_WEST,
        "NHS Greater Manchester Integrated Care Board": Region.NORTH_WEST,
        "NHS Herefordshire and Worcestershire Integrated Care Board": Region.WEST_MIDLANDS,
        "NHS Humber and North Yorkshire Integrated Care Board": Region.YORKSHIRE,
        "NHS Kent and Medway Integrated Care Board": Region.SOUTH_EAST,
        "NHS Leicester, Leicestershire and Rutland Integrated Care Board": Region.EAST_MIDLANDS,
        "NHS Lincolnshire Integrated Care Board": Region.EAST_MIDLANDS,
        "NHS Northamptonshire Integrated Care Board": Region.EAST_MIDLANDS,
        "NHS North East London Integrated Care Board": Region.LONDON,
        "NHS Nottingham and Nottinghamshire Integrated Care Board": Region.EAST_MIDLANDS,
        "NHS Shropshire, Telford and Wrekin Integrated Care Board": Region.WEST_MIDLANDS,
        "NHS Somerset Integrated Care Board": Region.SOUTH_WEST,
        "NHS South East London Integrated Care Board": Region.LONDON,
        "NHS South West London Integrated Care Board": Region.LONDON,
        "NHS South Yorkshire Integrated Care Board": Region.YORKSHIRE,
        "NHS Staffordshire and Stoke-on-Trent Integrated Care Board": Region.WEST_MIDLANDS,
        "NHS West Yorkshire Integrated Care Board": Region.YORKSHIRE,
    }
    no_one_region = {
        "NHS Central East Integrated Care Board": "",
        "NHS Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board": "",
        "NHS Lancashire and South Cumbria Integrated Care Board": "",
        "NHS North East and North Cumbria Integrated Care Board": "",
    }
    # 36 in all: the 42 of 2022, less the 12 abolished, and the 6 established on 1 April 2026.
    assert {row["name"]: row["region"] for row in icbs} == established_2026 | continuing | no_one_region
    assert len(icbs) == 42 - 12 + 6
    codes = {"D7T5G", "T6Y0W", "QRL", "S9B9J", "S0E4D", "Z9B2Z", "S1Y5D", "QOX", "QE1", "QHM"}
    # ODS codes of the continuing ICBs, as in RCPCH's seed list of the 42 ICBs of 2022.
    codes |= {"QHL", "QUA", "QUY", "QYG", "QT6", "QWU", "QJ2", "QJK", "QVV", "QR1", "QOP", "QGH", "QOQ"}
    codes |= {"QKS", "QK1", "QJM", "QPM", "QMF", "QT1", "QOC", "QSL", "QKK", "QWE", "QF7", "QNC", "QWO"}
    for row in icbs:
        assert row["kind"] == PublicBody.Kind.NHS and row["ons_code"] == "", row
        # Each names the RCPCH table (ODS succession, or the 42 ICBs of 2022) it takes its name and code from,
        # and where its area comes from.
        assert "(https://github.com/rcpch/rcpch-nhs-organisations/" in row["source"], row
        assert "1 April 2026" in row["source"] and row["source"].count("(https://") >= 2, row
        assert [code for code in codes if f"ODS code {code}," in row["source"]], row
    for row in icbs:
        if row["name"] not in established_2026 and row["name"] != "NHS Central East Integrated Care Board":
            assert "not among the ICBs abolished on 1 April 2026 per RCPCH (https://" in row["source"], row
    # None of the 12 ICBs abolished on 1 April 2026 is listed.
    abolished = (
        "Bedfordshire, Luton and Milton Keynes",
        "Cambridgeshire and Peterborough",
        "Hertfordshire and West Essex",
        "Mid and South Essex",
        "Suffolk and North East Essex",
        "Norfolk and Waveney",
        "Frimley",
        "Buckinghamshire, Oxfordshire and Berkshire West",
        "Surrey Heartlands",
        "Sussex",
        "North Central London",
        "North West London",
    )
    assert not {f"NHS {name} Integrated Care Board" for name in abolished} & {row["name"] for row in icbs}


def test_the_starter_file_loads_and_loading_again_changes_nothing():
    assert "73 public bodies added, 0 updated" in _load(STARTER)
    assert "0 public bodies added, 73 updated" in _load(STARTER)
    humberside = PublicBody.objects.get(name="Humberside Fire Authority")
    assert humberside.tier == PublicBody.Tier.FIRE and humberside.is_relevant_authority
    sussex = PublicBody.objects.get(name="Sussex Community NHS Foundation Trust")
    assert sussex.kind == PublicBody.Kind.NHS and not sussex.is_relevant_authority
    lincolnshire = PublicBody.objects.get(name="Lincolnshire Community Health Services NHS Trust")
    assert (lincolnshire.tier, lincolnshire.region) == (PublicBody.Tier.NHS_TRUST, Region.EAST_MIDLANDS)
    assert "https://www.cqc.org.uk/provider/RY5/" in lincolnshire.source
    york = PublicBody.objects.get(ons_code="E06000014")
    assert (york.name, york.tier, york.region) == ("York", PublicBody.Tier.UNITARY, Region.YORKSHIRE)
    assert york.is_relevant_authority and "ons.gov.uk" in york.source
    thames_valley = PublicBody.objects.get(name="NHS Thames Valley Integrated Care Board")
    assert (thames_valley.kind, thames_valley.tier, thames_valley.region, thames_valley.ons_code) == (
        PublicBody.Kind.NHS,
        PublicBody.Tier.NHS_COMMISSIONER,
        Region.SOUTH_EAST,
        "",
    )
    assert thames_valley.is_verified and not thames_valley.is_relevant_authority
    central_east = PublicBody.objects.get(name="NHS Central East Integrated Care Board")
    assert (central_east.tier, central_east.region) == (PublicBody.Tier.NHS_COMMISSIONER, "")
    assert PublicBody.objects.filter(tier=PublicBody.Tier.NHS_COMMISSIONER).count() == 36


def test_it_reads_an_ons_names_and_codes_file_with_regions(tmp_path):
    path = tmp_path / "lad.csv"
    path.write_text(
        "\ufeffLAD24CD,LAD24NM,RGN24CD,RGN24NM,ObjectId\n"
        "E07000008,Cambridge,E12000006,East of England,1\n"
        "E08000037,Gateshead,E12000001,North East,2\n"
        "E09000001,City of London,E12000007,London,3\n",
        encoding="utf-8",
    )
    _load(path, "--source", "https://geoportal.statistics.gov.uk/lad24")
    cambridge = PublicBody.objects.get(ons_code="E07000008")
    assert (cambridge.tier, cambridge.region, cambridge.kind) == (
        PublicBody.Tier.DISTRICT,
        Region.EAST,
        PublicBody.Kind.COUNCIL,
    )
    assert cambridge.source == "https://geoportal.statistics.gov.uk/lad24"
    assert PublicBody.objects.get(ons_code="E08000037").tier == PublicBody.Tier.METROPOLITAN
    # The City of London is listed, but it is not a London borough council.
    assert PublicBody.objects.get(ons_code="E09000001").tier == PublicBody.Tier.OTHER


def test_an_ons_file_without_a_source_loads_nothing(tmp_path):
    path = tmp_path / "lad.csv"
    path.write_text("LAD24CD,LAD24NM,RGN24CD\nE07000008,Cambridge,E12000006\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no source"):
        _load(path)
    assert not PublicBody.objects.exists()


def test_one_bad_row_loads_nothing_and_names_the_row(tmp_path):
    path = tmp_path / "bodies.csv"
    path.write_text(
        "name,kind,tier,ons_code,region,source\n"
        "Cambridge,council,district,E07000008,east,ONS\n"
        "Nowhere,council,district,E07000999,atlantis,ONS\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"Row 3 \(Nowhere\): no region"):
        _load(path)
    assert not PublicBody.objects.exists()


def test_only_a_council_must_have_a_region(tmp_path):
    path = tmp_path / "bodies.csv"
    path.write_text(
        "name,kind,tier,ons_code,region,source\n"
        "An NHS Board,nhs,nhs_commissioner,,,A page (https://example.org/board): its area spans two regions\n"
        "A Council,council,district,E07000999,,ONS\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"Row 3 \(A Council\): no region"):
        _load(path)
    assert not PublicBody.objects.exists()

    path.write_text(
        "name,kind,tier,ons_code,region,source\n"
        "An NHS Board,nhs,nhs_commissioner,,,A page (https://example.org/board): its area spans two regions\n",
        encoding="utf-8",
    )
    _load(path)
    board = PublicBody.objects.get(name="An NHS Board")
    assert (board.kind, board.region, board.is_verified) == (PublicBody.Kind.NHS, "", True)


def test_a_file_in_another_layout_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("organisation,postcode\nSomewhere,AB1 2CD\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Not a file this command reads"):
        _load(path)


def test_a_loaded_row_confirms_a_body_typed_in_as_not_listed():
    PublicBody.objects.create(name="York", kind="council", region=Region.YORKSHIRE, is_verified=False)
    _load(STARTER)
    york = PublicBody.objects.get(name="York")
    assert york.is_verified and york.ons_code == "E06000014"


def test_search_finds_listed_bodies_by_name_or_code_but_never_unlisted_ones():
    _load(STARTER)
    PublicBody.objects.create(name="Westshire County Council", kind="council", region="south_west", is_verified=False)
    # Any part of the name matches: "hull" is in Solihull too.
    assert set(PublicBody.objects.search("hull").values_list("name", flat=True)) == {
        "Kingston upon Hull, City of",
        "NHS Birmingham and Solihull Integrated Care Board",
    }
    assert list(PublicBody.objects.search("e06000014").values_list("name", flat=True)) == ["York"]
    assert not PublicBody.objects.search("Westshire").exists()
    assert not PublicBody.objects.search("   ").exists()
    assert list(PublicBody.objects.search("thames valley").values_list("name", flat=True)) == [
        "NHS Thames Valley Integrated Care Board"
    ]
    assert set(PublicBody.objects.search("integrated care board").values_list("tier", flat=True)) == {
        PublicBody.Tier.NHS_COMMISSIONER
    }


def test_registration_and_the_referral_form_offer_an_integrated_care_board_from_the_starter_file(client):
    _load(STARTER)
    icb = PublicBody.objects.get(name="NHS West and North London Integrated Care Board")
    page = client.get(reverse("journeys:register"))
    assert f'<option value="{icb.pk}">NHS West and North London Integrated Care Board</option>' in page.content.decode()
    assert EnquiryForm().fields["parent_body"].queryset.filter(pk=icb.pk).exists()


def test_an_officer_cannot_belong_to_a_body_waiting_to_be_checked():
    body = PublicBody.objects.create(
        name="Westshire County Council", kind="council", region="south_west", is_verified=False
    )
    officer = User(email="o@example.test", full_name="O", role=User.Role.OFFICER, public_body=body)
    with pytest.raises(ValidationError, match="listed council"):
        officer.clean()


def test_fire_and_rescue_authorities_are_relevant_authorities_and_nhs_bodies_are_not():
    fire = PublicBody(name="A Fire Authority", kind="council", tier=PublicBody.Tier.FIRE, region="east")
    trust = PublicBody(name="A Trust", kind="nhs", tier=PublicBody.Tier.NHS_TRUST, region="east")
    assert fire.is_relevant_authority and not trust.is_relevant_authority
