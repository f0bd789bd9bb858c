"""Trade between two groups (issue 35): the share of one group's trade that goes to another's
members, each side's members by year; the same figures as the intra-group share and as one
economy's share with a group where the two meet; a missing flow named, never taken as 0 but
in the low bound."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.analysis import indices
from integration_indicators.analysis.group_trade import share_between_groups
from integration_indicators.cli import main


@pytest.fixture(scope="module")
def cat() -> ii.Catalogue:
    return ii.load()


def _rows(trade: pd.DataFrame, geo: str, counterpart: str, flow: str, period: str) -> np.ndarray:
    """Which rows of *trade* are *geo*'s *flow* with *counterpart* ("" the World) in *period*."""
    return (
        (trade["geo"] == geo).to_numpy()
        & (trade["counterpart"] == counterpart).to_numpy()
        & (trade["flow"] == flow).to_numpy()
        & (trade["period"] == period).to_numpy()
    )


def test_a_group_with_itself_is_its_intra_group_share(cat: ii.Catalogue) -> None:
    mine = share_between_groups(cat, "EAEU", "EAEU").set_index("period")
    intra = indices.intra_group_share(cat, "EAEU").set_index("period")
    assert list(mine.index) == list(intra.index)
    np.testing.assert_allclose(mine["export_share"], intra["intra_share"], rtol=1e-12)
    assert (mine["members"] == intra["members"]).all()
    whole = mine["missing"] == ""
    np.testing.assert_allclose(
        mine.loc[whole, "export_share_low"], mine.loc[whole, "export_share"], rtol=1e-12
    )


def test_one_economy_as_a_group_is_its_share_with_the_group(cat: ii.Catalogue) -> None:
    mine = share_between_groups(cat, ["BLR"], "EAEU").set_index("period")
    alone = indices.share_with_group(cat, "BLR", "EAEU").set_index("period")
    for column in ("export_share", "import_share", "turnover_share"):
        np.testing.assert_allclose(mine[column], alone[column].reindex(mine.index), rtol=1e-12)


def test_a_missing_flow_is_named_and_only_the_low_bound_counts_it_as_zero(
    cat: ii.Catalogue,
) -> None:
    trade = indices.trade_frame(cat)
    gone = _rows(trade, "KGZ", "KAZ", "exports", "2019")
    assert gone.sum() == 1
    lost = float(trade.loc[gone, "value"].iloc[0])
    full = share_between_groups(cat, "EAEU", "EAEU").set_index("period").loc["2019"]
    cut = share_between_groups(cat, "EAEU", "EAEU", trade[~gone]).set_index("period").loc["2019"]
    assert np.isnan(cut["export_share"]) and cut["missing"] == "KGZ to KAZ"
    members = ["ARM", "BLR", "KAZ", "KGZ", "RUS"]
    world = sum(trade.loc[_rows(trade, m, "", "exports", "2019"), "value"].sum() for m in members)
    assert cut["export_share_low"] == pytest.approx(full["export_share"] - lost / world * 100)
    assert cut["export_share_low"] < full["export_share"]


def test_indices_pair_of_two_groups_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["indices", "--pair", "@EAEU,@EU"]) == 0
    out = capsys.readouterr().out
    assert "EAEU with EU: share of its members' trade with the World (%)" in out
    assert "ARM to AUT" in out  # the bundled catalogue holds no EAEU-EU flow: named
    assert main(["indices", "--pair", "@EAEU,EU"]) == 2
    assert "write both groups with @" in capsys.readouterr().err
    assert main(["indices", "--pair", "@EAEU,@EUU"]) == 2
    err = capsys.readouterr().err
    assert "did you mean @EU?" in err and "Traceback" not in err and err.count("\n") == 1


def test_lists_of_members_count_in_every_year(cat: ii.Catalogue) -> None:
    """Listed members count in every year the trade covers (no dates to follow)."""
    listed = share_between_groups(cat, ["BLR", "RUS"], ["KAZ"]).set_index("period")
    assert set(listed["members"]) == {2} and set(listed["partners"]) == {1}
    assert listed.index.min() < "2015"  # before the EAEU, which a name would start from


def test_an_economys_share_with_a_group_has_a_low_bound_where_a_flow_is_missing(
    cat: ii.Catalogue,
) -> None:
    """Belarus's exports to Kazakhstan in 2019 taken out: the share is NaN with Kazakhstan
    named, and its low bound is the full share less that flow's part, exactly."""
    trade = indices.trade_frame(cat)
    gone = _rows(trade, "BLR", "KAZ", "exports", "2019")
    assert gone.sum() == 1
    world = trade.loc[_rows(trade, "BLR", "", "exports", "2019"), "value"].sum()
    lost = float(trade.loc[gone, "value"].iloc[0]) / world * 100
    full = indices.share_with_group(cat, "BLR", "EAEU").set_index("period").loc["2019"]
    cut = indices.share_with_group(cat, "BLR", "EAEU", trade[~gone]).set_index("period").loc["2019"]
    assert np.isnan(cut["export_share"]) and cut["missing"] == "KAZ"
    assert full["export_share_low"] == pytest.approx(full["export_share"])
    assert cut["export_share_low"] == pytest.approx(full["export_share"] - lost)
    assert cut["import_share_low"] == pytest.approx(full["import_share"])  # imports all there


def test_fill_zero_reproduces_the_low_bound_and_says_how_many_it_filled(
    cat: ii.Catalogue,
) -> None:
    """ARCII's treatment on request: a missing flow between members at 0, counted in
    filled_inputs; the share then equals the strict table's low bound, and the complete
    years are unchanged."""
    strict = indices.intra_group_share(cat, "EAEU").set_index("period")
    zero = indices.intra_group_share(cat, "EAEU", fill="zero").set_index("period")
    gaps = strict["missing"] != ""
    assert gaps.any() and (~gaps).any()
    np.testing.assert_allclose(zero.loc[gaps, "intra_share"], strict.loc[gaps, "intra_share_low"])
    np.testing.assert_allclose(zero.loc[~gaps, "intra_share"], strict.loc[~gaps, "intra_share"])
    named = strict.loc[gaps, "missing"].str.count(",") + 1  # one flow per name
    assert (zero.loc[gaps, "filled_inputs"] == named).all()
    assert (zero.loc[~gaps, "filled_inputs"] == 0).all()
    with pytest.raises(ii.IndicatorError, match='fill="zero"'):
        indices.intra_group_share(cat, "EAEU", fill="nought")
    assert main(["indices", "--group", "EAEU", "--fill", "zero"]) == 0
