"""The site's charts: Vega-Lite specifications that draw only what the figures say."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.analysis.crosscheck import answer_series
from integration_indicators.model.economies import name_of
from integration_indicators.publish.charts import (
    MARK_WORDS,
    MAX_ADDABLE,
    MAX_SERIES,
    Chart,
    claim_chart,
    log_ticks,
    observations_chart,
    series_chart,
)


@pytest.fixture(scope="module")
def cat() -> ii.Catalogue:
    return ii.load()


def _rows(cat: ii.Catalogue, indicator: str) -> pd.DataFrame:
    obs = cat.observations()
    return obs[obs["indicator"] == indicator]


def _layers(chart: Chart, word: str) -> list[dict[str, Any]]:
    return [la for la in chart.spec["layer"] if la["description"].startswith(word + ":")]


def _ids(layers: list[dict[str, Any]]) -> set[str]:
    return {row.get("id") for layer in layers for row in layer["data"]["values"]}


def assert_caption_matches_marks(chart: Chart) -> None:
    """The caption is the layers' descriptions, and each names the mark its layer draws."""
    descriptions = [layer["description"] for layer in chart.spec["layer"]]
    said = "; ".join(descriptions)
    assert chart.caption == said[:1].upper() + said[1:] + "."
    for layer in chart.spec["layer"]:
        word = layer["description"].split(":")[0]
        assert MARK_WORDS[word] == layer["mark"]["type"], layer["description"]
        if word == "diamond":
            assert layer["mark"]["shape"] == "diamond"
        if word == "dashed line":
            assert layer["mark"]["strokeDash"]
        if word in ("dots", "diamond", "lines"):
            assert any(row.get("y") is not None for row in layer["data"]["values"])


def test_a_range_without_a_central_value_is_a_box_and_each_figure_its_own_mark(
    cat: ii.Catalogue,
) -> None:
    chart = observations_chart(_rows(cat, "migration.emigration.cumulative"), "person")
    boxes, dots = _layers(chart, "boxes"), _layers(chart, "dots") + _layers(chart, "spans")
    assert _ids(boxes) == {"bw24-emigration-experts"}  # 200,000 to half a million: no dot
    assert "bw24-emigration-experts" not in _ids(dots)
    assert _ids(dots) == {"bw24-emigration-karpiankou"}
    (box,) = boxes[0]["data"]["values"]
    assert (box["low"], box["high"]) == (200.0, 500.0)  # thousand persons, the axis' unit
    assert chart.spec["layer"][0]["encoding"]["y"]["axis"]["title"] == "thousand persons"
    speakers = {row["series"] for la in boxes + dots for row in la["data"]["values"]}
    assert speakers == {"Belarusian experts", "Deputy Interior Minister Mikalai Karpiankou"}
    assert_caption_matches_marks(chart)
    assert "dot" not in chart.caption.split("; ")[0]  # the first mark drawn is the box
    assert set(chart.data["id"].dropna()) == {
        "bw24-emigration-experts",
        "bw24-emigration-karpiankou",
    }


def test_a_sign_only_claim_is_drawn_the_same_on_its_claim_and_indicator_pages(
    cat: ii.Catalogue,
) -> None:
    on_indicator = observations_chart(_rows(cat, "trade.balance"), "USD")
    checked = cat.crosscheck()
    row = checked[(checked["claim"] == "jt23-balance-2022") & checked["of_record"]].iloc[0]
    official = answer_series(cat, str(row["rule"]), str(row["geo"]), str(row["counterpart"]))
    on_claim = claim_chart(official, row, "USD", None)
    for chart in (on_indicator, on_claim):
        assert_caption_matches_marks(chart)
        (area,) = _layers(chart, "shaded areas")
        (drawn,) = [r for r in area["data"]["values"] if r["period"] == "2022"]
        assert drawn["y"] == 0 and drawn["y2"] > 0  # from zero upwards: a surplus
        assert drawn["x1"] == "2022-01-01" and drawn["x2"] == "2022-12-31"
        assert not _layers(chart, "diamond")
        assert "jt23-balance-2022" not in _ids(_layers(chart, "dots"))
    marks = [_layers(c, "shaded areas")[0]["mark"] for c in (on_indicator, on_claim)]
    assert marks[0] == marks[1]
    assert "diamond" not in on_claim.caption


def test_a_claim_with_a_value_has_its_diamond_box_and_cutoff(cat: ii.Catalogue) -> None:
    checked = cat.crosscheck()
    mine = checked[(checked["claim"] == "sochi19-economy-size-ratio") & checked["of_record"]]
    row = mine.iloc[0]
    official = answer_series(cat, str(row["rule"]), str(row["geo"]), str(row["counterpart"]))
    chart = claim_chart(official, row, "dimensionless", pd.Timestamp("2018-12-31"))
    assert_caption_matches_marks(chart)
    (diamond,) = _layers(chart, "diamond")[0]["data"]["values"]
    assert diamond["y"] == 29.0 and diamond["text"] == "29 times"
    (cutoff,) = _layers(chart, "dashed line")[0]["data"]["values"]
    assert cutoff["x"] == "2018-12-31"
    (box,) = _layers(chart, "boxes")[0]["data"]["values"]
    assert box["low"] < 29.0 < box["high"]


def test_log_axes_tick_in_a_unit_people_use(cat: ii.Catalogue) -> None:
    chart = observations_chart(_rows(cat, "population.total"), "person")
    y = chart.spec["layer"][0]["encoding"]["y"]
    assert y["scale"]["type"] == "log"
    assert y["axis"]["title"] == "million persons"  # Armenia's 3 million to China's 1,400
    assert y["axis"]["values"] == [1.0, 10.0, 100.0, 1000.0]
    assert_caption_matches_marks(chart)


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (8.0, 150.0, [10.0, 20.0, 50.0, 100.0]),
        (0.5, 2000.0, [1.0, 10.0, 100.0, 1000.0]),
        (2.5, 4.0, []),
    ],
)
def test_log_ticks(low: float, high: float, ticks: list[float]) -> None:
    assert log_ticks(low, high) == ticks


def test_a_derived_series_draws_its_bounds_as_a_band() -> None:
    from integration_indicators.analysis.series import IndicatorSeries

    index = pd.Index(["2018", "2019"], name="period")
    series = IndicatorSeries(
        name="ratio",
        unit="dimensionless",
        values=pd.Series([26.0, 27.0], index=index),
        lower=pd.Series([25.0, 27.0], index=index),
        upper=pd.Series([27.5, 27.0], index=index),
        approximate=pd.Series([False, False], index=index),
        origins=pd.Series([(), ()], index=index, dtype=object),
    )
    chart = series_chart(series)
    assert_caption_matches_marks(chart)
    (band,) = _layers(chart, "band")
    assert [(r["low"], r["high"]) for r in band["data"]["values"]] == [(25.0, 27.5), (27, 27)]


def test_a_layer_described_as_another_mark_is_refused() -> None:
    from integration_indicators.publish import charts

    plot = charts._Plot("USD", np.array([1.0, 2.0]))
    frame = pd.DataFrame({"x": ["2020-07-01"], "y": [1.0]})
    with pytest.raises(ValueError, match="a rect layer described as 'dots: press figures'"):
        plot.add("dots: press figures", {"type": "rect"}, {}, frame)


def test_the_spec_is_safe_inside_a_script_element(cat: ii.Catalogue) -> None:
    rows = _rows(cat, "trade.balance").assign(figure="</script><b>")
    text = observations_chart(rows, "USD").spec_json()
    assert "<" not in text and "\\u003c/script>" in text


def _many_economies(cat: ii.Catalogue, count: int) -> pd.DataFrame:
    """Belarus's official GDP rows copied to *count* economies, the k-th at k times the
    value (so the ranking by latest value is known): a big catalogue's indicator page."""
    import pycountry

    rows = _rows(cat, "macro.gdp")
    belarus = rows[(rows["status"] == "official") & (rows["geo"] == "BLR")]
    codes = sorted(c.alpha_3 for c in pycountry.countries)[:count]
    copies = [
        belarus.assign(geo=code, value=belarus["value"] * (k + 1), id=f"{code}-{k}")
        for k, code in enumerate(codes)
    ]
    return pd.concat(copies, ignore_index=True).astype({"geo": "str"})


@pytest.mark.parametrize(
    ("count", "addable"),
    [
        (MAX_SERIES, 0),
        (MAX_SERIES + 1, 1),
        (MAX_SERIES + MAX_ADDABLE, MAX_ADDABLE),
        (MAX_SERIES + MAX_ADDABLE + 1, MAX_ADDABLE),
    ],
)
def test_economies_beyond_the_drawn_ones_ride_hidden_for_a_reader_to_add(
    cat: ii.Catalogue, count: int, addable: int
) -> None:
    """At most MAX_SERIES series drawn (the largest), the next MAX_ADDABLE held in the page
    for the add list (named in the spec's usermeta), the rest left out; the CSV beside the
    chart and the value axis hold only what is drawn."""
    rows = _many_economies(cat, count)
    chart = observations_chart(rows, "USD")
    (lines,) = _layers(chart, "lines")
    in_page = {r["series"] for r in lines["data"]["values"]}
    offered = chart.spec.get("usermeta", {}).get("addable", [])
    assert len(offered) == addable and len(in_page) == min(count, MAX_SERIES) + addable
    drawn = in_page - set(offered)
    assert set(chart.data["series"]) == drawn and len(drawn) == min(count, MAX_SERIES)
    by_size = rows.groupby("geo")["value"].max().sort_values(ascending=False)
    names = {f"{name_of(g)} (official)": k for k, g in enumerate(by_size.index)}
    assert sorted(names[s] for s in drawn) == list(range(len(drawn)))  # the largest drawn
    assert sorted(names[s] for s in offered) == list(range(len(drawn), len(drawn) + addable))
    alone = observations_chart(rows[rows["geo"].isin(by_size.index[: len(drawn)])], "USD")
    assert chart.spec["layer"][0]["encoding"]["y"] == alone.spec["layer"][0]["encoding"]["y"]
