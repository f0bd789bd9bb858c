"""Series that do not surprise: growth over gaps, one rule for metrics and panels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import integration_indicators as ii
from integration_indicators import metrics
from integration_indicators.analysis.series import IndicatorSeries
from integration_indicators.validation.panel import check_panel, panel_growth


def series(years: list[int], values: list[float]) -> IndicatorSeries:
    index = pd.Index([str(y) for y in years], name="period")
    return IndicatorSeries.of("a.usd", "USD", pd.Series(values, index=index, dtype="float64"))


def test_growth_over_a_gap_is_nan_with_a_note_or_an_error() -> None:
    gapped = series([1977, 1980, 1981], [100.0, 150.0, 165.0])
    with pytest.raises(ii.MetricError, match=r"over gaps \(\['1977 to 1980'\]\)"):
        metrics.growth_rate(gapped)
    growth = metrics.growth_rate(gapped, undefined="nan")
    assert np.isnan(growth.values["1980"])
    assert growth.values["1981"] == pytest.approx(10.0)
    assert "the period before is missing (previous: 1977)" in str(
        growth.to_frame().loc["1980", "note"]
    )


@settings(max_examples=60, deadline=None)
@given(
    present=st.lists(st.booleans(), min_size=2, max_size=12),
    values=st.lists(st.floats(-50, 200, allow_nan=False), min_size=12, max_size=12),
)
def test_panel_growth_and_growth_rate_agree(present: list[bool], values: list[float]) -> None:
    years = [2000 + i for i, keep in enumerate(present) if keep]
    if len(years) < 2:
        return
    chosen = [values[y - 2000] for y in years]
    metric = metrics.growth_rate(series(years, chosen), undefined="nan").values.to_numpy()
    frame = pd.DataFrame(
        {
            "indicator": "a.usd",
            "geo": "BLR",
            "period": [str(y) for y in years],
            "unit": "USD",
            "value": chosen,
        }
    )
    indicators = pd.DataFrame({"id": ["a.usd"], "unit": ["USD"]})
    panel = panel_growth(check_panel(frame, indicators)).to_numpy()[1:]
    np.testing.assert_array_equal(np.isnan(panel), np.isnan(metric))
    np.testing.assert_allclose(panel[~np.isnan(panel)], metric[~np.isnan(metric)], rtol=1e-12)


def test_years_as_int_and_the_unit_as_a_column() -> None:
    gdp = ii.load().series("macro.gdp", geo="BLR")
    assert gdp.at(2019).periods == ("2019",)
    assert gdp.subset(range(2018, 2020)).periods == ("2018", "2019")
    frame = pd.concat([gdp.to_frame(), gdp.to_frame()])  # concat drops attrs, not columns
    assert set(frame["unit"]) == {"USD"}


def test_an_unknown_indicator_is_named_with_close_ids() -> None:
    with pytest.raises(ii.IndicatorError, match=r"did you mean \['macro.gdp'"):
        ii.load().series("macro.gpd")
    with pytest.raises(ii.IndicatorError, match=r"macro.gdp has geos \['ARM', 'BLR', 'CHN',"):
        ii.load().series("macro.gdp", geo="FRA")


def test_convert_currency_takes_align() -> None:
    cat = ii.load()
    gdp = cat.series("macro.gdp", geo="BLR")
    rates = cat.series("fx.official_rate", geo="BLR").subset(["2015", "2016"])
    with pytest.raises(ii.MetricError, match="no exchange rate"):
        metrics.convert_currency(gdp, to="BYN", rates=rates)
    converted = metrics.convert_currency(gdp, to="BYN", rates=rates, align="inner")
    assert converted.periods == ("2015", "2016")
    assert converted.values["2015"] == pytest.approx(
        gdp.values["2015"] * rates.values["2015"], rel=1e-12
    )
