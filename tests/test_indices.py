"""Integration indices: hand-computed values from the workbooks and properties of the formulas."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import integration_indicators as ii
from integration_indicators import indices
from integration_indicators.cli import main

from .conftest import SEEDS

WORLD_WORKBOOK = SEEDS.parent / "official" / "imf-dots" / "workbooks" / "DOTS_221.xlsx"
EAEU = ["ARM", "BLR", "KAZ", "KGZ", "RUS"]


def test_partner_share_by_hand() -> None:
    # DOTS_18 (Belarus): exports to Russia 13,685.7551 and to the World 32,955.1224 (US$ m)
    share = indices.partner_share(ii.load(), geo="BLR", counterpart="RUS", flow="exports")
    assert share.values["2019"] == pytest.approx(13685.7551 / 32955.1224 * 100, rel=1e-12)
    assert share.unit == "percent"
    assert set(str(share.lineage.loc["2019", "sources"]).split(", ")) == {"imf-dots-blr-rus"}


def test_mirror_ratio_by_hand() -> None:
    # DOTS_162 (Russia): imports from Belarus 12,197.153; DOTS_18: exports to Russia 13,685.7551
    ratio = indices.mirror_ratio(ii.load(), geo="BLR", counterpart="RUS")
    assert ratio.values["2019"] == pytest.approx(12197.153 / 13685.7551, rel=1e-12)


def trade(rows: list[tuple[str, str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(indices.TRADE_COLUMNS))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.1, 1e6), min_size=2, max_size=8))
def test_shares_of_all_partners_sum_to_100_when_the_world_is_their_sum(
    values: list[float],
) -> None:
    rows = [("AAA", f"P{i:02d}", "exports", "2020", v) for i, v in enumerate(values)]
    rows.append(("AAA", "", "exports", "2020", sum(values)))
    shares = indices.partner_share_panel(trade(rows))
    assert shares["share"].sum() == pytest.approx(100.0, rel=1e-9)


@settings(max_examples=50, deadline=None)
@given(st.floats(1.0, 1e6), st.floats(0.01, 0.99), st.floats(1.0, 1e6))
def test_tii_is_one_when_the_pair_trades_in_proportion(
    exports: float, weight: float, imports_i: float
) -> None:
    # j takes share `weight` of world imports excluding i's; i sends it that share of exports
    world = 1e7
    imports_j = weight * (world - imports_i)
    rows = [
        ("AAA", "BBB", "exports", "2020", exports * weight),
        ("AAA", "", "exports", "2020", exports),
        ("AAA", "", "imports", "2020", imports_i),
        ("BBB", "", "imports", "2020", imports_j),
    ]
    tii = indices.trade_intensity_panel(trade(rows), pd.Series({"2020": world}))
    assert tii["intensity"].iloc[0] == pytest.approx(1.0, rel=1e-9)


def test_missing_inputs_give_nan_with_a_note() -> None:
    rows = [("AAA", "BBB", "exports", "2020", 5.0)]
    shares = indices.partner_share_panel(trade(rows))
    assert np.isnan(shares["share"].iloc[0])
    assert "World is missing" in shares["note"].iloc[0]
    tii = indices.trade_intensity_panel(trade(rows), pd.Series(dtype="float64"))
    assert (
        np.isnan(tii["intensity"].iloc[0]) and "world's imports are missing" in tii["note"].iloc[0]
    )


def test_hhi_by_hand_and_only_with_enough_coverage() -> None:
    rows = [
        ("AAA", "B", "exports", "2020", 60.0),
        ("AAA", "C", "exports", "2020", 40.0),
        ("AAA", "", "exports", "2020", 100.0),
        ("AAA", "B", "exports", "2021", 50.0),
        ("AAA", "", "exports", "2021", 100.0),
    ]
    hhi: Any = indices.concentration_panel(trade(rows)).set_index("period")
    assert hhi.loc["2020", "hhi"] == pytest.approx(60.0**2 + 40.0**2)  # 5,200 of 10,000
    assert np.isnan(hhi.loc["2021", "hhi"]) and hhi.loc["2021", "coverage"] == 0.5


def test_eaeu_tables() -> None:
    cat = ii.load()
    intra = indices.intra_group_share(cat, EAEU)
    dependence = indices.dependence_on_largest(cat, EAEU)
    with pytest.warns(DeprecationWarning, match="group_indices is deprecated"):
        pair = indices.group_indices(cat, EAEU)
    pd.testing.assert_frame_equal(pair[0], intra)
    pd.testing.assert_frame_equal(pair[1], dependence)
    for table in (intra, dependence, indices.partner_share_panel(indices.trade_frame(cat))):
        assert table.columns[0] == "period"  # one shape: a tidy table, period first
    year = intra.set_index("period").loc["2019"]
    t = indices.trade_frame(cat)
    inside = t[
        (t["flow"] == "exports")
        & t["geo"].isin(EAEU)
        & t["counterpart"].isin(EAEU)
        & (t["period"] == "2019")
    ]
    world = t[
        (t["flow"] == "exports")
        & t["geo"].isin(EAEU)
        & (t["counterpart"] == "")
        & (t["period"] == "2019")
    ]
    assert len(inside) == 20 and len(world) == 5
    assert year["intra_share"] == pytest.approx(inside["value"].sum() / world["value"].sum() * 100)
    assert set(dependence["largest"]) == {"RUS"}
    sigma: Any = indices.sigma_convergence(cat, EAEU).set_index("period")
    assert sigma.loc["2019", "members"] == 5
    assert 0 < float(sigma.loc["2019", "sigma"]) < 2


@pytest.mark.skipif(not WORLD_WORKBOOK.is_file(), reason="no DOTS workbooks here")
def test_the_indices_command(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["indices", "--pair", "BLR,RUS", "--world-workbook", str(WORLD_WORKBOOK)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "export_share" in out and "trade_intensity" in out and "imf-dots-blr-rus" in out
    assert main(["indices", "--group", "EAEU=ARM,BLR,KAZ,KGZ,RUS", "--format", "csv"]) == 0
    assert "intra_share" in capsys.readouterr().out


def test_partner_is_the_deprecated_name_of_counterpart() -> None:
    cat = ii.load()
    with pytest.warns(DeprecationWarning, match="partner= is deprecated, write counterpart="):
        old = indices.mirror_ratio(cat, geo="BLR", partner="RUS")  # type: ignore[call-arg]
    new = indices.mirror_ratio(cat, geo="BLR", counterpart="RUS")
    pd.testing.assert_series_equal(old.values, new.values)
    with pytest.raises(TypeError, match="write counterpart= only"):
        indices.mirror_ratio(cat, geo="BLR", partner="RUS", counterpart="RUS")  # type: ignore[call-arg]


def test_every_index_of_a_catalogue_computes_as_of_a_date() -> None:
    cat = ii.load()
    then = indices.gdp_per_head_ratio(cat, geo="RUS", counterpart="BLR", as_of="2019-01-01")
    release = SEEDS.parent / "official" / "world-bank-wdi-vintages" / "2018-08-01"
    if release.is_dir():  # read by hand from the release of 2018-08-01
        rows = pd.read_csv(release / "ny.gdp.pcap.cd" / "data.csv").set_index(
            ["Country Code", "Year"]
        )["Value"]
        expected = rows[("RUS", 2016)] / rows[("BLR", 2016)]
        assert then.values.loc["2016"] == pytest.approx(expected, rel=1e-12)
    assert "2017" not in set(then.periods) or np.isnan(then.values.loc["2017"])
    today = indices.gdp_per_head_ratio(cat, geo="RUS", counterpart="BLR")
    assert today.values.loc["2016"] != then.values.loc["2016"]  # the 2016 figures were revised


def test_a_trade_frame_of_an_earlier_release_is_read_with_a_warning() -> None:
    frame = indices.trade_frame(ii.load())
    old = frame.rename(columns={"counterpart": "partner"})
    with pytest.warns(DeprecationWarning, match="partner column is now counterpart"):
        shares = indices.partner_share_panel(old)
    pd.testing.assert_frame_equal(shares, indices.partner_share_panel(frame))
    assert list(shares.columns[:3]) == ["period", "geo", "counterpart"]


def test_the_trade_intensity_reads_the_world_reporter_of_the_trade() -> None:
    # the World's own rows (reporter WLD, imports from the World) give M_w, as a series would
    rows = [
        ("AAA", "BBB", "exports", "2020", 30.0),
        ("AAA", "", "exports", "2020", 100.0),
        ("AAA", "", "imports", "2020", 80.0),
        ("BBB", "", "imports", "2020", 250.0),
    ]
    given_world = indices.trade_intensity_panel(trade(rows), pd.Series({"2020": 1080.0}))
    from_rows = indices.trade_intensity_panel(
        trade([*rows, ("WLD", "", "imports", "2020", 1080.0)])
    )
    expected = (30.0 / 100.0) / (250.0 / (1080.0 - 80.0))  # 1.2
    assert from_rows["intensity"].tolist() == pytest.approx([expected])
    pd.testing.assert_frame_equal(from_rows, given_world)
    # the World reporter is no economy of the other tables
    shares = indices.all_indices(trade([*rows, ("WLD", "", "imports", "2020", 1080.0)]))
    assert "WLD" not in set(shares["partner_share"]["geo"].astype("str"))
    assert set(shares) == {"partner_share", "trade_intensity", "mirror_gap", "concentration"}


@pytest.mark.skipif(not WORLD_WORKBOOK.is_file(), reason="no DOTS workbooks here")
def test_the_world_workbook_imports_as_the_world_reporter() -> None:
    from integration_indicators.importers.dots_workbooks import read_dots_workbook

    result = read_dots_workbook(WORLD_WORKBOOK)
    assert not result.aggregate and set(result.observations["geo"]) == {"WLD"}
    world = result.observations.query("counterpart == '' and indicator == 'trade.goods.imports'")
    by_year = world.set_index("period")["value"].astype(float) * 1e6
    pd.testing.assert_series_equal(
        by_year.rename(None),
        indices.world_imports(str(WORLD_WORKBOOK)).rename(None),
        check_index_type=False,
        check_names=False,
    )


@pytest.mark.skipif(not WORLD_WORKBOOK.is_file(), reason="no DOTS workbooks here")
def test_historical_reporters_are_economies_and_count_in_the_concentration() -> None:
    from integration_indicators.importers.dots_workbooks import read_dots_workbook

    armenia = read_dots_workbook(WORLD_WORKBOOK.parent / "DOTS_9.xlsx")
    assert armenia.observations["geo"].iloc[0] == "ARM"
    assert "Belgium-Luxembourg" not in armenia.dropped
    obs = armenia.observations
    assert "XBL" in set(obs["counterpart"])
    frame = pd.DataFrame(
        {
            "geo": obs["geo"],
            "counterpart": obs["counterpart"],
            "flow": obs["indicator"].str.rsplit(".", n=1).str[-1],
            "period": obs["period"],
            "value": obs["value"].astype(float),
        }
    )
    hhi: Any = indices.concentration_panel(frame).set_index(["period", "flow"])
    partners = frame[(frame["flow"] == "exports") & (frame["period"] == "1996")]
    world = partners.loc[partners["counterpart"] == "", "value"].iloc[0]
    listed = partners.loc[partners["counterpart"] != "", "value"]
    assert listed.sum() / world >= indices.MIN_COVERAGE  # Belgium-Luxembourg's trade counts
    assert hhi.loc[("1996", "exports"), "hhi"] == pytest.approx(((listed / world * 100) ** 2).sum())


@pytest.mark.skipif(not WORLD_WORKBOOK.is_file(), reason="no DOTS workbooks here")
@pytest.mark.parametrize(("number", "code"), [(20, "XBL"), (215, "XYA")])
def test_historical_workbooks_import_as_economies(number: int, code: str) -> None:
    from integration_indicators.importers.dots_workbooks import read_dots_workbook

    result = read_dots_workbook(WORLD_WORKBOOK.parent / f"DOTS_{number}.xlsx")
    assert not result.aggregate and set(result.observations["geo"]) == {code}


def test_estimates_are_counted_by_every_index() -> None:
    rows = pd.DataFrame(
        [
            ("AAA", "BBB", "exports", "2020", 30.0, True),
            ("AAA", "", "exports", "2020", 100.0, False),
            ("AAA", "", "imports", "2020", 80.0, True),
            ("BBB", "", "imports", "2020", 250.0, False),
            ("BBB", "AAA", "imports", "2020", 33.0, True),
            ("AAA", "BBB", "imports", "2020", 5.0, False),
            ("WLD", "", "imports", "2020", 1080.0, True),
        ],
        columns=[*indices.TRADE_COLUMNS, "estimated"],
    )
    every = indices.all_indices(rows)
    share: Any = every["partner_share"].set_index(["geo", "counterpart", "flow"])
    assert share.loc[("AAA", "BBB", "exports"), "estimated_inputs"] == 1  # x_ij
    assert share.loc[("AAA", "BBB", "imports"), "estimated_inputs"] == 1  # M_i
    assert share.loc[("AAA", "BBB", "turnover"), "estimated_inputs"] == 2  # x_ij and M_i
    tii: Any = every["trade_intensity"].set_index(["geo", "counterpart"])
    assert tii.loc[("AAA", "BBB"), "estimated_inputs"] == 3  # x_ij, M_i (own imports), M_w
    gap: Any = every["mirror_gap"].set_index(["geo", "counterpart"])
    assert gap.loc[("AAA", "BBB"), "estimated_inputs"] == 2  # x_ij and m_ji
    hhi: Any = every["concentration"].set_index(["geo", "flow"])
    assert hhi.loc[("AAA", "exports"), "estimated_inputs"] == 1
    assert hhi.loc[("AAA", "imports"), "estimated_inputs"] == 1


def test_an_estimate_is_carried_through_series_metrics_and_the_pair_table() -> None:
    cat = ii.load()
    kaz = cat.series("trade.goods.exports", geo="KAZ", counterpart="BLR", status="official")
    whole = cat.series("trade.goods.exports", geo="KAZ", counterpart="", status="official")
    share = ii.metrics.share(kaz, whole, align="inner")
    assert share.estimated["1993"] and not share.estimated["2019"]
    assert share.to_frame().loc["1993", "estimated"] and share.lineage.loc["1993", "estimated"] == 1
    table = indices.pair_table(cat, "KAZ", "BLR").set_index("period")
    assert "export_share" in str(table.loc["1993", "estimates"]).split(", ")
    assert table.loc["2019", "estimates"] == ""


def test_introversion_by_hand() -> None:
    # a group of AAA and BBB beside CCC; the World reports 200 exported and 210 imported
    rows = [
        ("AAA", "BBB", "exports", "2020", 10.0),
        ("AAA", "CCC", "exports", "2020", 30.0),
        ("AAA", "", "exports", "2020", 40.0),
        ("AAA", "BBB", "imports", "2020", 5.0),
        ("AAA", "", "imports", "2020", 20.0),
        ("BBB", "AAA", "exports", "2020", 6.0),
        ("BBB", "", "exports", "2020", 20.0),
        ("BBB", "AAA", "imports", "2020", 9.0),
        ("BBB", "", "imports", "2020", 20.0),
        ("WLD", "", "exports", "2020", 200.0),
        ("WLD", "", "imports", "2020", 210.0),
    ]
    got = indices.group_introversion(ii.load(), ["AAA", "BBB"], trade(rows)).iloc[0]
    # T_ii = 10 + 5 + 6 + 9 = 30, T_i = 40 + 20 + 20 + 20 = 100, T_w = 410
    assert got["intra_share"] == pytest.approx(30.0)
    assert got["world_share"] == pytest.approx(100 / 410 * 100)
    assert got["intensity"] == pytest.approx(1.23)  # 0.3 / (100 / 410)
    assert got["extra_intensity"] == pytest.approx(0.7 / (310 / 410))  # 0.9258
    assert got["introversion"] == pytest.approx((1.23 - 0.7 * 410 / 310) / (1.23 + 0.7 * 410 / 310))
    assert got["members"] == 2 and got["note"] == ""
    without_world = indices.group_introversion(ii.load(), ["AAA", "BBB"], trade(rows[:-2])).iloc[0]
    assert np.isnan(without_world["introversion"]) and "world's trade" in without_world["note"]
    assert without_world["intra_share"] == pytest.approx(30.0)
    gap = indices.group_introversion(ii.load(), ["AAA", "BBB"], trade(rows[1:])).iloc[0]
    assert np.isnan(gap["intra_share"]) and "missing" in gap["note"]


@pytest.mark.parametrize("flow", ["exports", "imports", "turnover"])
def test_the_pair_functions_take_the_panels_values(flow: str) -> None:
    cat = ii.load()
    panel = indices.partner_share_panel(indices.trade_frame(cat))
    rows = panel[
        (panel["geo"] == "KAZ") & (panel["counterpart"] == "RUS") & (panel["flow"] == flow)
    ]
    expected = rows.dropna(subset=["share"]).set_index(rows["period"].astype("str"))["share"]
    got = indices.partner_share(cat, geo="KAZ", counterpart="RUS", flow=flow)
    assert got.values.to_dict() == expected.sort_index().to_dict()  # one formula, bit for bit
    assert "imf-dots-103" in set(got.lineage["sources"])
    table = indices.pair_table(cat, "KAZ", "RUS").set_index("period")
    column = {"exports": "export_share", "imports": "import_share", "turnover": "turnover_share"}
    assert table[column[flow]].dropna().to_dict() == expected.sort_index().to_dict()
    with pytest.raises(ii.IndicatorError, match="write exports, imports or turnover"):
        indices.partner_share(cat, geo="KAZ", counterpart="RUS", flow="export")


@functools.cache
def _bundled() -> ii.Catalogue:
    return ii.load()


flows_of_three = st.dictionaries(
    st.tuples(
        st.sampled_from(["AAA", "BBB", "CCC"]),
        st.sampled_from(["AAA", "BBB", "CCC"]),
        st.sampled_from(["exports", "imports"]),
    ).filter(lambda k: k[0] != k[1]),
    st.floats(1.0, 1e6),
    min_size=1,
)


@settings(max_examples=60, deadline=None)
@given(flows_of_three, st.floats(1.0, 1.2))
def test_mirror_filling_adds_only_what_the_partner_reports_and_keeps_the_rest(
    bilateral: dict[tuple[str, str, str], float], cif_fob: float
) -> None:
    rows = [(g, c, f, "2020", v) for (g, c, f), v in bilateral.items()]
    filled = indices.fill_mirror(trade(rows), cif_fob).astype(
        {"geo": "str", "counterpart": "str", "flow": "str", "period": "str"}
    )
    kept = filled[~filled["filled"]]
    assert sorted(map(tuple, kept.loc[:, list(indices.TRADE_COLUMNS)].to_numpy().tolist())) == (
        sorted(rows)
    )  # every reported row, unchanged
    flip = {"exports": "imports", "imports": "exports"}
    added = filled.loc[filled["filled"], list(indices.TRADE_COLUMNS)]
    expected_keys = {(c, g, flip[f]) for (g, c, f) in bilateral if (c, g, flip[f]) not in bilateral}
    assert set(zip(added["geo"], added["counterpart"], added["flow"], strict=True)) == expected_keys
    for g, c, f, _, value in added.itertuples(index=False, name=None):
        source = bilateral[(c, g, flip[f])]  # what the partner reports of the same flow
        expected = source / cif_fob if f == "exports" else source * cif_fob
        assert value == pytest.approx(expected, rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(flows_of_three, st.floats(1.0, 1e6), st.floats(1.0, 1e6), st.floats(1e7, 1e8))
def test_the_introversion_index_is_within_its_bounds_and_consistent(
    bilateral: dict[tuple[str, str, str], float], world_x: float, world_m: float, world: float
) -> None:
    rows = [(g, c, f, "2020", v) for (g, c, f), v in bilateral.items()]
    totals = [
        (g, "", f, "2020", world_x if f == "exports" else world_m + 2e6)
        for g in ("AAA", "BBB")
        for f in ("exports", "imports")
    ]
    frame = trade(
        [
            *rows,
            *totals,
            ("WLD", "", "exports", "2020", world),
            ("WLD", "", "imports", "2020", world),
        ]
    )
    got = indices.group_introversion(_bundled(), ["AAA", "BBB"], frame).iloc[0]
    pair_flows = {(g, c, f) for (g, c, f) in bilateral if {g, c} == {"AAA", "BBB"}}
    if len(pair_flows) < 4:  # a flow between the members is missing: NaN, never a guess
        assert np.isnan(got["introversion"]) and "missing" in got["note"]
        return
    assert -1 <= got["introversion"] <= 1
    share, weight = got["intra_share"] / 100, got["world_share"] / 100
    assert got["intensity"] == pytest.approx(share / weight, rel=1e-9)
    assert np.sign(got["introversion"]) == np.sign(got["intensity"] - got["extra_intensity"])


def test_a_share_with_flows_between_members_missing_is_bounded_not_blank() -> None:
    """2010, the five EAEU members: Russia's exports to Belarus are missing. The lower bound
    takes them at 0 (5.60%, ARCII's way); the upper lets Russia send the group all of its
    exports to the World that its reported partners leave unaccounted for; the flow is
    named. Computed here from the trade frame, independently."""
    cat = ii.load()
    table = indices.intra_group_share(cat, EAEU).set_index("period")
    year = table.loc["2010"]
    assert np.isnan(year["intra_share"]) and year["missing"] == "RUS to BLR"
    trade = indices.trade_frame(cat).astype(
        {"geo": "str", "counterpart": "str", "period": "str", "flow": "str"}
    )
    exports = trade[(trade["period"] == "2010") & (trade["flow"] == "exports")]
    members = exports[exports["geo"].isin(EAEU)]
    inside = members[members["counterpart"].isin(EAEU) & (members["geo"] != members["counterpart"])]
    world = members[members["counterpart"] == ""]["value"].sum()
    assert year["intra_share_low"] == pytest.approx(inside["value"].sum() / world * 100)
    assert year["intra_share_low"] == pytest.approx(5.60, abs=0.005)
    russia = exports[exports["geo"] == "RUS"]
    room = (
        russia[russia["counterpart"] == ""]["value"].sum()
        - russia[russia["counterpart"] != ""]["value"].sum()
    )
    expected = (inside["value"].sum() + room) / world * 100
    assert year["intra_share_high"] == pytest.approx(expected)
    assert year["intra_share_low"] <= year["intra_share_high"]
    full = table.loc["2019"]
    assert not np.isnan(full["intra_share"]) and np.isnan(full["intra_share_low"])
    assert full["missing"] == ""


def test_the_bounds_hold_the_share_the_mirror_fills() -> None:
    """Filling Russia's missing 2010 exports to Belarus from Belarus's report gives a share
    inside the bounds the strict table gives."""
    cat = ii.load()
    strict = indices.intra_group_share(cat, EAEU).set_index("period").loc["2010"]
    filled = indices.intra_group_share(cat, EAEU, fill="mirror", cif_fob=1.0)
    share = filled.set_index("period").loc["2010", "intra_share"]
    assert strict["intra_share_low"] < share < strict["intra_share_high"]


def test_an_economys_share_of_trade_with_a_group(capsys: pytest.CaptureFixture[str]) -> None:
    """Belarus with the EAEU: its exports to the other members (by year, dated membership:
    three others in 2015, four from 2016) over its exports to the World, computed here from
    the trade frame; a member with no flow reported makes the year NaN, named."""
    cat = ii.load()
    table = indices.share_with_group(cat, "BLR", "EAEU").set_index("period")
    assert list(table.index) == ["2015", "2016", "2017", "2018", "2019", "2020"]
    assert table.loc["2015", "members"] == 3 and table.loc["2016", "members"] == 4
    trade = indices.trade_frame(cat).astype(
        {"geo": "str", "counterpart": "str", "period": "str", "flow": "str"}
    )
    blr = trade[
        (trade["geo"] == "BLR") & (trade["period"] == "2020") & (trade["flow"] == "exports")
    ]
    inside = blr[blr["counterpart"].isin(["ARM", "KAZ", "KGZ", "RUS"])]["value"].sum()
    world = blr[blr["counterpart"] == ""]["value"].sum()
    assert table.loc["2020", "export_share"] == pytest.approx(inside / world * 100)
    gapped = trade[
        ~((trade["geo"] == "BLR") & (trade["counterpart"] == "KGZ") & (trade["period"] == "2019"))
    ]
    hole = indices.share_with_group(cat, "BLR", "EAEU", gapped).set_index("period")
    assert hole["export_share"].isna()["2019"] and hole.loc["2019", "missing"] == "KGZ"
    assert main(["indices", "--pair", "BLR,@EAEU", "--format", "csv"]) == 0
    assert "BLR with EAEU: share of its trade with the World (%)" in capsys.readouterr().out
    assert main(["indices", "--pair", "BLR,@EAUE"]) == 2
    assert "did you mean --pair BLR,@EAEU?" in capsys.readouterr().err
