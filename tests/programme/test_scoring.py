from decimal import Decimal

import pytest

from programme import scoring

ALL = {c.field: 3 for c in scoring.CRITERIA}
NONE = {c.field: 0 for c in scoring.CRITERIA}


def test_the_weights_add_up_to_100():
    assert sum(c.weight for c in scoring.CRITERIA) == 100
    assert [c.weight for c in scoring.CRITERIA] == [20, 20, 15, 20, 15, 10]


def test_full_marks_score_100_and_none_score_0():
    assert scoring.score(ALL) == Decimal("100.0")
    assert scoring.score(NONE) == Decimal("0.0")


def test_it_weights_each_criterion_by_points_over_three():
    points = {
        "t3_sponsor": 3,
        "t4_commissioner": 3,
        "t5_staff": 2,
        "t6_viability": 3,
        "t7_innovation": 2,
        "t8_match": 2,
    }
    # 20 + 20 + 15*2/3 + 20 + 15*2/3 + 10*2/3 = 60 + 10 + 10 + 6.67
    assert scoring.score(points) == Decimal("86.7")
    points = {
        "t3_sponsor": 1,
        "t4_commissioner": 0,
        "t5_staff": 0,
        "t6_viability": 0,
        "t7_innovation": 0,
        "t8_match": 1,
    }
    assert scoring.score(points) == Decimal("10.0")  # 6.67 + 3.33


@pytest.mark.parametrize("bad", [-1, 4])
def test_a_score_outside_0_to_3_is_refused(bad):
    with pytest.raises(ValueError, match="T3 must score from 0 to 3"):
        scoring.score({**NONE, "t3_sponsor": bad})


@pytest.mark.parametrize(
    ("value", "band"),
    [("100", "high"), ("70", "high"), ("69.9", "medium"), ("45", "medium"), ("44.9", "low"), ("0", "low")],
)
def test_bands_use_the_default_thresholds(value, band):
    assert scoring.band(Decimal(value)) == band


def test_thresholds_can_be_set_in_settings(settings):
    settings.TRIAGE_BAND_THRESHOLDS = {"high": 80, "medium": 60}
    assert scoring.band(Decimal("75")) == "medium"
    assert scoring.band(Decimal("55")) == "low"
    assert scoring.band(Decimal("80")) == "high"


def test_an_old_or_retendered_mutual_is_flagged_as_ineligible():
    assert scoring.flags(mutual_over_five_years=False, retendered=False, requested_support=Decimal("0")) == []
    for old, retendered in [(True, False), (False, True)]:
        flags = scoring.flags(mutual_over_five_years=old, retendered=retendered, requested_support=Decimal("0"))
        assert len(flags) == 1 and "Ineligible" in flags[0]


def test_support_requested_over_the_mfa_limit_is_flagged(settings):
    """Subsidy Control Act 2022 s.36(1): £315,000 over the current and two previous financial years."""
    assert scoring.flags(mutual_over_five_years=False, retendered=False, requested_support=Decimal("315000")) == []
    flags = scoring.flags(mutual_over_five_years=False, retendered=False, requested_support=Decimal("315000.01"))
    assert len(flags) == 1 and "£315,000 limit for minimal financial assistance" in flags[0]
    assert "Subsidy Control Act 2022, section 36" in flags[0]
    settings.SUBSIDY_MFA_LIMIT = "200000"
    assert scoring.flags(mutual_over_five_years=False, retendered=False, requested_support=Decimal("200000.01"))
