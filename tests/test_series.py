"""Catalogue.series: selection, ordering, bounds, ambiguity and prefer."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

import integration_indicators as ii


@pytest.fixture(scope="module")
def cat() -> ii.Catalogue:
    return ii.load()


def test_series_in_canonical_unit_ordered_by_period(cat: ii.Catalogue) -> None:
    gdp = cat.series("macro.gdp", geo="RUS")
    assert gdp.unit == "USD"
    assert list(gdp.periods) == sorted(gdp.periods)
    obs = cat.observations().set_index("id")
    assert gdp.values["2019"] == obs.loc["wdi-ny.gdp.mktp.cd-rus-2019", "value"]


def test_local_currency_resolves_for_one_geo(cat: ii.Catalogue) -> None:
    assert cat.series("fx.official_rate", geo="BLR").unit == "BYN/USD"
    assert cat.series("fx.official_rate", geo="RUS").unit == "RUB/USD"


def test_bounds_are_explicit_intervals(cat: ii.Catalogue) -> None:
    balance = cat.series("trade.balance", geo="BLR", counterpart="RUS", status="reported")
    assert balance.lower["2019"] == balance.upper["2019"] == balance.values["2019"] == -8.4e9
    assert (balance.lower["2022"], balance.upper["2022"]) == (0.0, math.inf)
    assert math.isnan(balance.values["2022"])
    implementation = cat.series("integration.programmes.implementation")
    assert (implementation.lower["2023-04-05"], implementation.upper["2023-04-05"]) == (
        -math.inf,
        80.0,
    )
    assert bool(implementation.approximate["2023-01-12"]) is True


def test_press_and_official_for_one_period_are_ambiguous(cat: ii.Catalogue) -> None:
    with pytest.raises(ii.AmbiguityError) as caught:
        cat.series("population.total", geo="BLR")
    text = str(caught.value)
    assert (
        "2019: wdi-sp.pop.totl-blr-2019 (source wb-wdi-sp.pop.totl-v2026-05-01, status official"
    ) in text
    assert "2019-12: sochi19-population-blr (source sochi-meeting-2019-12, status reported" in text
    assert len(caught.value.candidates) == 4


def test_prefer_orders_the_candidates(cat: ii.Catalogue) -> None:
    official = cat.series("population.total", geo="BLR", prefer=["official"])
    assert "2019-12" not in official.periods and "2019" in official.periods
    press = cat.series("population.total", geo="BLR", prefer=["reported", "official"])
    assert "2019-12" in press.periods and "2019" not in press.periods


def test_counterpart_filter(cat: ii.Catalogue) -> None:
    with pytest.raises(ii.AmbiguityError):
        cat.series("trade.goods.exports", geo="BLR")  # world and Russia
    world = cat.series("trade.goods.exports", geo="BLR", counterpart="")
    russia = cat.series("trade.goods.exports", geo="BLR", counterpart="RUS")
    assert (world.values > russia.values).all()


def test_no_match_is_an_error(cat: ii.Catalogue) -> None:
    with pytest.raises(ii.IndicatorError, match="no observation matches"):
        cat.series("macro.gdp", geo="FRA")


def test_at_and_subset(cat: ii.Catalogue) -> None:
    gdp = cat.series("macro.gdp", geo="BLR")
    assert gdp.at("2019").scalar
    assert gdp.subset(["2018", "2019"]).periods == ("2018", "2019")
    with pytest.raises(ii.PeriodError, match=re.escape("has no period '1066' (it holds 1990 to")):
        gdp.at("1066")


def test_a_series_refuses_parts_on_other_periods_and_values_outside_their_bounds() -> None:
    from dataclasses import replace

    from integration_indicators.analysis.series import IndicatorSeries

    s = IndicatorSeries.of("x", "USD", pd.Series([1.0, 2.0], index=["2019", "2020"]))
    with pytest.raises(ii.AlignmentError, match="lower not on the periods of the values"):
        replace(s, lower=pd.Series([0.0, 1.0], index=["2018", "2019"]))
    with pytest.raises(ii.MetricError, match=r"values outside their bounds in \['2020'\]"):
        IndicatorSeries.of(
            "y",
            "USD",
            pd.Series([1.0, 5.0], index=["2019", "2020"]),
            upper=pd.Series([1.0, 4.0], index=["2019", "2020"]),
        )


def test_operators_are_the_metrics_with_exact_alignment(cat: ii.Catalogue) -> None:
    from integration_indicators.analysis import metrics

    rus = cat.series("macro.gdp", geo="RUS").loc["2015":"2019"]
    blr = cat.series("macro.gdp", geo="BLR").loc["2015":"2019"]
    assert rus.periods == ("2015", "2016", "2017", "2018", "2019")
    pd.testing.assert_series_equal((rus / blr).values, metrics.ratio(rus, blr).values)
    pd.testing.assert_series_equal((rus + blr).values, metrics.total(rus, blr).values)
    pd.testing.assert_series_equal((rus - blr).values, metrics.difference(rus, blr).values)
    assert (rus / blr).lineage["observations"].iloc[-1] == (
        "wdi-ny.gdp.mktp.cd-rus-2019, wdi-ny.gdp.mktp.cd-blr-2019"
    )
    with pytest.raises(ii.AlignmentError):
        _ = rus / blr.loc["2016":]  # exact alignment: no silent intersection
