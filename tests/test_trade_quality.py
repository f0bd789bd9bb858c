"""Flows an index should not use without a warning (issue 35, point 1): mirror ratios and
year-on-year changes beyond stated bounds are flagged, and every pair or group table says
per year which flagged flows lie behind it; the Russia-Belarus break of 2011-2012 is the
case that must never pass unsaid."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.analysis import indices
from integration_indicators.analysis.trade_quality import (
    QualityThresholds,
    flagged_flows,
    quality_notes,
)
from integration_indicators.cli import main


def _pair(value: float, mirror: float, *, period: str = "2011") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "geo": ["RUS", "BLR"],
            "counterpart": ["BLR", "RUS"],
            "flow": ["exports", "imports"],
            "period": [period, period],
            "value": [value, mirror],
        }
    )


@pytest.fixture(scope="module")
def flags() -> pd.DataFrame:
    return flagged_flows(indices.trade_frame(ii.load()))


def test_russias_2011_exports_and_their_2012_jump_are_flagged(flags: pd.DataFrame) -> None:
    russia = flags[
        (flags["geo"] == "RUS") & (flags["counterpart"] == "BLR") & (flags["flow"] == "exports")
    ].set_index(["period", "check"])
    assert russia.loc[("2011", "mirror"), "ratio"] == pytest.approx(24.930 / 11.337, rel=1e-3)
    note = str(russia.loc[("2011", "mirror"), "note"])
    assert "BLR reports imports from RUS of US$24.9 billion" in note
    assert russia.loc[("2012", "change"), "note"] == (
        "RUS's exports to BLR go from US$11.3 billion in 2011 to US$25.0 billion in 2012"
    )
    assert ("2013", "change") not in russia.index  # 20.2 after 25.0: within the bounds


@pytest.mark.parametrize(
    ("mirror", "flagged"),
    [(2.0e9, False), (2.0000001e9, True), (0.5e9, False), (0.4999999e9, True)],
)
def test_a_mirror_ratio_on_a_bound_is_not_flagged_beyond_it_is(
    mirror: float, flagged: bool
) -> None:
    assert (len(flagged_flows(_pair(1e9, mirror))) == 1) is flagged


@pytest.mark.parametrize(("larger", "flagged"), [(1e8, True), (0.99999e8, False)])
def test_flows_below_the_minimum_are_not_flagged(larger: float, flagged: bool) -> None:
    """The larger of the two figures compared decides; US$100 million is flagged."""
    assert (len(flagged_flows(_pair(larger / 3, larger))) == 1) is flagged


@pytest.mark.parametrize(
    ("now", "flagged"), [(2e9, False), (2.000001e9, True), (0.5e9, False), (0.4999e9, True)]
)
def test_a_change_on_a_bound_is_not_flagged_beyond_it_is(now: float, flagged: bool) -> None:
    trade = pd.DataFrame(
        {
            "geo": ["KAZ", "KAZ"],
            "counterpart": ["", ""],
            "flow": ["imports", "imports"],
            "period": ["2019", "2020"],
            "value": [1e9, now],
        }
    )
    found = flagged_flows(trade)
    assert (len(found) == 1) is flagged
    if flagged:
        assert found["note"].iloc[0].startswith("KAZ's imports from the World go from US$1.0")


def test_a_year_without_the_year_before_is_not_a_change() -> None:
    trade = pd.DataFrame(
        {
            "geo": ["KAZ", "KAZ"],
            "counterpart": ["", ""],
            "flow": ["imports", "imports"],
            "period": ["2008", "2011"],
            "value": [1e9, 9e9],
        }
    )
    assert flagged_flows(trade).empty


def test_thresholds_are_overridable() -> None:
    limits = QualityThresholds(mirror_low=0.9, mirror_high=1.1)
    assert len(flagged_flows(_pair(1e9, 1.2e9), limits)) == 1
    assert flagged_flows(_pair(1e9, 1.2e9)).empty


def test_a_groups_notes_name_only_flows_among_its_members(flags: pd.DataFrame) -> None:
    customs_union = quality_notes(flags, indices.membership("CU", ["2011", "2012"]))
    assert "RUS reports exports to BLR of US$11.3 billion in 2011" in customs_union["2011"]
    armenia = quality_notes(flags, indices.membership(["ARM", "KGZ"], ["2011"]))
    assert "RUS" not in armenia.get("2011", "")


def test_the_tables_say_which_flagged_flows_lie_behind_each_year(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["indices", "--pair", "BLR,RUS", "--format", "csv", "--quality"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    pair = {r["period"]: r["quality"] for r in rows if r["table"] == "BLR-RUS"}
    assert "RUS reports exports to BLR of US$11.3 billion" in pair["2011"]
    assert pair["2012"].startswith("break: RUS's exports to BLR") and pair["2019"] == ""
    listed = [r for r in rows if r["table"].startswith("flows behind these tables")]
    assert {("2011", "RUS", "mirror"), ("2012", "RUS", "change")} <= {
        (r["period"], r["geo"], r["check"]) for r in listed
    }
    argv = ["indices", "--pair", "BLR,RUS", "--quality", "--quality-min-flow", "1e12"]
    assert main([*argv, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "no flow behind these tables fails a check" in out
    assert main(["indices", "--pair", "BLR,RUS", "--quality-min-flow", "-1"]) == 2
