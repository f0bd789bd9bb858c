"""Metrics: interval arithmetic, units, alignment, undefined values and lineage."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import integration_indicators as ii
from integration_indicators import metrics
from integration_indicators.analysis import intervals
from integration_indicators.analysis.series import IndicatorSeries


def make(
    unit: str,
    values: list[float],
    lower: list[float] | None = None,
    upper: list[float] | None = None,
    name: str = "s",
    approximate: list[bool] | None = None,
) -> IndicatorSeries:
    periods = [str(2000 + i) for i in range(len(values))]
    return IndicatorSeries.of(
        name,
        unit,
        pd.Series(values, index=periods),
        lower=None if lower is None else pd.Series(lower, index=periods),
        upper=None if upper is None else pd.Series(upper, index=periods),
        approximate=None if approximate is None else pd.Series(approximate, index=periods),
    )


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@st.composite
def interval_and_point(draw: st.DrawFn) -> tuple[float, float, float]:
    a, b = sorted([draw(finite) + 0.0, draw(finite) + 0.0])
    point = a if a == b else draw(st.floats(min_value=a, max_value=b))
    lo = -math.inf if draw(st.booleans()) and draw(st.booleans()) else a
    hi = math.inf if draw(st.booleans()) and draw(st.booleans()) else b
    return lo, hi, point


Operation = Callable[[intervals.Interval, intervals.Interval], intervals.Interval]

OPERATIONS: dict[str, tuple[Operation, Callable[[float, float], float]]] = {
    "add": (intervals.add, lambda x, y: x + y),
    "subtract": (intervals.subtract, lambda x, y: x - y),
    "multiply": (intervals.multiply, lambda x, y: x * y),
    "divide": (intervals.divide, lambda x, y: x / y),
}


@given(st.sampled_from(sorted(OPERATIONS)), interval_and_point(), interval_and_point())
def test_interval_arithmetic_contains_every_point_result(
    name: str, a: tuple[float, float, float], b: tuple[float, float, float]
) -> None:
    operation, point = OPERATIONS[name]
    if name == "divide" and b[2] == 0:
        return
    lo, hi = operation((np.array([a[0]]), np.array([a[1]])), (np.array([b[0]]), np.array([b[1]])))
    result = point(a[2], b[2])
    assert lo[0] <= result <= hi[0], (lo, hi, result)


@given(
    st.floats(min_value=1e-3, max_value=1e12),
    st.lists(st.floats(min_value=0.1, max_value=10.0), min_size=1, max_size=30),
)
def test_growth_then_implied_levels_round_trips(first: float, ratios: list[float]) -> None:
    levels = list(np.cumprod([first, *ratios]))
    series = make("USD", levels)
    growth = metrics.growth_rate(series)
    implied = metrics.implied_levels(series.at(series.periods[0]), growth)
    np.testing.assert_allclose(implied.values.to_numpy(), levels, rtol=1e-9)
    assert implied.periods == series.periods


@given(
    st.lists(
        st.tuples(
            st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
            st.floats(min_value=1e-4, max_value=1e5),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_currency_there_and_back_is_the_identity(pairs: list[tuple[float, float]]) -> None:
    amounts = make("USD", [a for a, _ in pairs], name="amount")
    rates = make("BYN/USD", [r for _, r in pairs], name="rate")
    there = metrics.convert_currency(amounts, to="BYN", rates=rates)
    assert there.unit == "BYN"
    back = metrics.convert_currency(there, to="USD", rates=rates)
    assert back.unit == "USD"
    np.testing.assert_allclose(back.values, amounts.values, rtol=1e-12, atol=1e-300)


@given(interval_and_point(), interval_and_point())
def test_ratio_bounds_contain_the_point_ratio(
    a: tuple[float, float, float], b: tuple[float, float, float]
) -> None:
    if b[2] == 0:
        return
    top = make("USD", [a[2]], [a[0]], [a[1]])
    bottom = make("USD", [b[2]], [b[0]], [b[1]])
    result = metrics.ratio(top, bottom)
    assert result.lower.iloc[0] <= a[2] / b[2] <= result.upper.iloc[0]


def test_range_over_a_denominator() -> None:
    result = metrics.ratio(make("person", [10.0]), make("person", [math.nan], [2.0], [5.0]))
    assert (result.lower.iloc[0], result.upper.iloc[0]) == (2.0, 5.0)
    assert math.isnan(result.values.iloc[0])
    spans_zero = metrics.ratio(make("person", [10.0]), make("person", [1.0], [-1.0], [5.0]))
    assert (spans_zero.lower.iloc[0], spans_zero.upper.iloc[0]) == (-math.inf, math.inf)


@pytest.mark.parametrize(
    ("a", "b", "unit"),
    [
        ("USD", "USD", "dimensionless"),
        ("USD", "person", "USD / person"),
        ("person", "person", "dimensionless"),
        ("intl_dollar/person", "intl_dollar/person", "dimensionless"),
        ("percent", "percent", "dimensionless"),
    ],
)
def test_ratio_units(a: str, b: str, unit: str) -> None:
    assert metrics.ratio(make(a, [4.0]), make(b, [2.0])).unit == unit


def test_product_units() -> None:
    ppp = metrics.product(make("intl_dollar/person", [2.0]), make("person", [3.0]))
    assert (ppp.unit, ppp.values.iloc[0]) == ("intl_dollar", 6.0)
    done = metrics.product(make("percent", [70.0]), make("count", [28.0]))
    assert done.unit == "count"
    assert done.values.iloc[0] == pytest.approx(19.6)


@pytest.mark.parametrize(
    ("a", "b", "words"),
    [
        ("USD", "RUB", "unit 'RUB': cannot be added to or subtracted from 'USD'"),
        ("USD", "count", "unit 'count': cannot be added to or subtracted from 'USD'"),
        ("person", "USD", "unit 'USD': cannot be added to or subtracted from 'person'"),
    ],
)
def test_adding_different_kinds_is_a_unit_error(a: str, b: str, words: str) -> None:
    for operation in (metrics.total, metrics.difference):
        with pytest.raises(ii.UnitError, match=words):
            operation(make(a, [1.0]), make(b, [1.0]))


def test_share_needs_one_dimension_and_gives_percent() -> None:
    assert metrics.share(make("person", [1.0]), make("person", [4.0])).values.iloc[0] == 25.0
    with pytest.raises(ii.UnitError, match="a share needs part and whole of one dimension"):
        metrics.share(make("person", [1.0]), make("USD", [4.0]))


def test_total_converts_scale_not_currency() -> None:
    result = metrics.total(make("USD", [1.0]), make("USD", [2.0]))
    assert (result.unit, result.values.iloc[0]) == ("USD", 3.0)


def test_misaligned_periods_need_an_align_rule() -> None:
    a = make("USD", [1.0, 2.0, 3.0])
    b = IndicatorSeries.of("b", "USD", pd.Series([1.0, 1.0], index=["2001", "2009"]))
    with pytest.raises(ii.IndicatorError, match=r"only in the first: \['2000', '2002'\]"):
        metrics.ratio(a, b)
    assert metrics.ratio(a, b, align="inner").periods == ("2001",)


def test_scalar_from_at_applies_to_every_period() -> None:
    a = make("person", [10.0, 20.0])
    b = IndicatorSeries.of("b", "person", pd.Series([100.0], index=["2024-02-02"]))
    result = metrics.share(a, b.at("2024-02-02"))
    assert result.periods == a.periods
    assert result.values.tolist() == [10.0, 20.0]


def test_growth_on_a_non_positive_base_is_undefined() -> None:
    series = make("USD", [-5.0, 5.0, 10.0])
    with pytest.raises(ii.IndicatorError, match=r"base periods \['2000'\]"):
        metrics.growth_rate(series)
    result = metrics.growth_rate(series, undefined="nan")
    assert math.isnan(result.values.iloc[0])
    assert result.values.iloc[1] == 100.0
    assert result.notes.iloc[0].startswith("growth on a zero")


def test_missing_rate_is_an_error_never_nan() -> None:
    amounts = make("USD", [1.0, 2.0])
    rates = IndicatorSeries.of("fx", "BYN/USD", pd.Series([3.0], index=["2000"]))
    with pytest.raises(ii.IndicatorError, match=r"no exchange rate in fx for periods \['2001'\]"):
        metrics.convert_currency(amounts, to="BYN", rates=rates)
    with pytest.raises(ii.UnitError, match="do not turn 'USD' into RUB"):
        metrics.convert_currency(amounts, to="RUB", rates=rates.subset(["2000"]))


def test_approximate_flag_and_lineage_propagate() -> None:
    cat = ii.load()
    experts = cat.series("migration.emigration.cumulative", geo="BLR", status="estimated")
    minister = cat.series("migration.emigration.cumulative", geo="BLR", status="claimed")
    pop = cat.series("population.total", geo="BLR", status="official").at("2023")
    result = metrics.share(minister.at(minister.periods[0]), pop)
    assert bool(result.approximate.iloc[0]) is True  # "some 350,000"
    assert bool(metrics.share(experts.at(experts.periods[0]), pop).approximate.iloc[0]) is False
    lineage = result.lineage.iloc[0]
    assert lineage["observations"] == "bw24-emigration-karpiankou, wdi-sp.pop.totl-blr-2023"
    assert "some 350,000 regime dissenters" in lineage["quotes"]
    assert lineage["operations"].startswith("share(migration.emigration.cumulative[BLR]")
    assert result.steps[-1].parents == (
        "migration.emigration.cumulative[BLR]",
        "population.total[BLR]",
    )
