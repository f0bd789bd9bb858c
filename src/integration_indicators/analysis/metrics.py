"""Derived metrics on indicator series: ratios, growth, implied levels, shares, sums, currency.

Every metric takes ``integration_indicators.series.IndicatorSeries`` and returns one,
with the unit pint derives (one pint call per operation, never per value), bounds by interval
arithmetic, the approximate flag carried over, and lineage: the observations each value rests
on and a processing-log step. Series are aligned on their periods; periods that do not match
are an ``AlignmentError`` unless ``align="inner"`` says to keep the common ones. A value
taken with ``IndicatorSeries.at`` applies to every period of the other operand.

Examples
--------
>>> import integration_indicators as ii
>>> from integration_indicators import metrics
>>> cat = ii.load()
>>> gdp = {geo: cat.series("macro.gdp", geo=geo) for geo in ("RUS", "BLR")}
>>> economy = metrics.ratio(gdp["RUS"], gdp["BLR"], align="inner")
>>> economy.unit, round(float(economy.values["2019"]), 1)
('dimensionless', 26.3)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, Literal

import numpy as np
import pandas as pd

from integration_indicators.analysis import intervals
from integration_indicators.analysis.lineage import Origin, Step
from integration_indicators.analysis.series import IndicatorSeries
from integration_indicators.errors import AlignmentError, MetricError, UnitError
from integration_indicators.model.units import (
    conversion_factor,
    currency_dimensions,
    locked,
    parse_unit,
)

Align = Literal["exact", "inner"]
Undefined = Literal["raise", "nan"]

__all__ = [
    "convert_currency",
    "difference",
    "growth_rate",
    "implied_levels",
    "pace",
    "product",
    "ratio",
    "share",
    "total",
]


def _periods(a: IndicatorSeries, b: IndicatorSeries, align: Align) -> pd.Index:
    """Periods of the result of a metric of two series."""
    if a.scalar or b.scalar:
        return (b if a.scalar and not b.scalar else a).values.index
    if align == "inner":
        common = a.values.index.intersection(b.values.index, sort=False)
        if common.empty:
            raise AlignmentError(f"{a.name} and {b.name} share no period")
        return common
    if not a.values.index.equals(b.values.index):
        only_a = sorted(set(a.periods) - set(b.periods))
        only_b = sorted(set(b.periods) - set(a.periods))
        raise AlignmentError(
            f"{a.name} and {b.name} do not cover the same periods (only in the first: {only_a}; "
            f"only in the second: {only_b}); pass align='inner' to keep the common ones, or "
            "take one value with .at(period)"
        )
    return a.values.index


def _on(series: IndicatorSeries, index: pd.Index) -> IndicatorSeries:
    """*series* on the periods *index* (its one value repeated where it is a scalar)."""
    if series.scalar:
        take = np.zeros(len(index), dtype="int64")
    else:
        take = series.values.index.get_indexer(index)
        if (take < 0).any():
            raise AlignmentError(f"{series.name} lacks periods {list(index[take < 0])}")
    notes = series.notes.reindex(series.values.index).fillna("")

    def pick(s: pd.Series) -> pd.Series:
        return pd.Series(s.to_numpy()[take], index=index)

    return replace(
        series,
        values=pick(series.values),
        lower=pick(series.lower),
        upper=pick(series.upper),
        approximate=pick(series.approximate),
        origins=pd.Series(series.origins.to_numpy()[take], index=index, dtype="object"),
        notes=pick(notes),
    )


def _build(
    operation: str,
    parents: Sequence[IndicatorSeries],
    *,
    unit: str,
    values: np.ndarray,
    bounds: intervals.Interval,
    index: pd.Index,
    approximate: np.ndarray,
    origins: Sequence[tuple[Origin, ...]],
    notes: np.ndarray | None = None,
    scalar: bool = False,
) -> IndicatorSeries:
    name = f"{operation}({', '.join(p.name for p in parents)})"
    steps: tuple[Step, ...] = ()
    for parent in parents:
        steps += tuple(s for s in parent.steps if s not in steps)
    steps += (Step(operation, name, tuple(p.name for p in parents)),)
    return IndicatorSeries(
        name=name,
        unit=unit,
        values=pd.Series(values, index=index, name=name),
        lower=pd.Series(bounds[0], index=index),
        upper=pd.Series(bounds[1], index=index),
        approximate=pd.Series(np.asarray(approximate, dtype=bool), index=index),
        origins=pd.Series(list(origins), index=index, dtype="object"),
        steps=steps,
        notes=pd.Series("" if notes is None else notes, index=index, dtype="str"),
        scalar=scalar,
    )


def _binary(
    operation: str,
    a: IndicatorSeries,
    b: IndicatorSeries,
    *,
    align: Align,
    compute: Callable[[Any, Any, Any, Any], tuple[np.ndarray, intervals.Interval]],
    unit: str,
) -> IndicatorSeries:
    """Align a and b, compute values and bounds, and record approximate flags and origins."""
    if align not in ("exact", "inner"):
        raise MetricError(f"{operation}: align is 'exact' or 'inner', not {align!r}")
    index = _periods(a, b, align)
    left, right = _on(a, index), _on(b, index)
    values, bounds = compute(*_arrays(left), *_arrays(right))
    approximate = left.approximate.to_numpy(dtype=bool) | right.approximate.to_numpy(dtype=bool)
    origins = [x + y for x, y in zip(left.origins, right.origins, strict=True)]
    return _build(
        operation,
        (a, b),
        unit=unit,
        values=values,
        bounds=bounds,
        index=index,
        approximate=approximate,
        origins=origins,
        scalar=a.scalar and b.scalar,
    )


def _arrays(s: IndicatorSeries) -> tuple[np.ndarray, intervals.Interval]:
    return s.values.to_numpy(dtype="float64"), (
        s.lower.to_numpy(dtype="float64"),
        s.upper.to_numpy(dtype="float64"),
    )


def _derived_unit(quantity: Any) -> tuple[float, str]:
    """Factor and unit string of a pint quantity of magnitude 1, in root units."""
    if quantity.dimensionless:
        return float(quantity.to("dimensionless").magnitude), "dimensionless"
    root = quantity.to_root_units()
    return float(root.magnitude), str(root.units)


def _quotient_unit(numerator: str, denominator: str) -> tuple[float, str]:
    """Factor and unit of numerator / denominator, as pint derives them."""
    top, bottom = parse_unit(numerator), parse_unit(denominator)
    with locked() as ureg:
        return _derived_unit(ureg.Quantity(1.0, top) / ureg.Quantity(1.0, bottom))


def ratio(a: IndicatorSeries, b: IndicatorSeries, *, align: Align = "exact") -> IndicatorSeries:
    """a / b by period, in the unit pint derives (USD/USD -> dimensionless).

    A range over the denominator gives [low/high, high/low]; a denominator interval that
    contains 0 gives an unbounded result.
    """
    factor, unit = _quotient_unit(a.unit, b.unit)

    def compute(
        va: np.ndarray, ia: intervals.Interval, vb: np.ndarray, ib: intervals.Interval
    ) -> tuple[np.ndarray, intervals.Interval]:
        with np.errstate(all="ignore"):
            values = np.where(vb == 0, np.nan, va / vb) * factor
        return values, intervals.scale(intervals.divide(ia, ib), factor)

    return _binary("ratio", a, b, align=align, compute=compute, unit=unit)


def product(a: IndicatorSeries, b: IndicatorSeries, *, align: Align = "exact") -> IndicatorSeries:
    """a * b by period, in the unit pint derives (intl_dollar/person * person -> intl_dollar;
    percent * count -> count)."""
    first, second = parse_unit(a.unit), parse_unit(b.unit)
    with locked() as ureg:
        factor, unit = _derived_unit(ureg.Quantity(1.0, first) * ureg.Quantity(1.0, second))

    def compute(
        va: np.ndarray, ia: intervals.Interval, vb: np.ndarray, ib: intervals.Interval
    ) -> tuple[np.ndarray, intervals.Interval]:
        return va * vb * factor, intervals.scale(intervals.multiply(ia, ib), factor)

    return _binary("product", a, b, align=align, compute=compute, unit=unit)


def share(
    part: IndicatorSeries, whole: IndicatorSeries, *, align: Align = "exact"
) -> IndicatorSeries:
    """part / whole in percent; the two must be of one dimension (persons over persons)."""
    factor, unit = _quotient_unit(part.unit, whole.unit)
    if unit != "dimensionless":
        raise UnitError(
            part.unit,
            "unit-dimension",
            f"a share needs part and whole of one dimension, and {whole.unit!r} is not",
            whole.unit,
        )

    def compute(
        va: np.ndarray, ia: intervals.Interval, vb: np.ndarray, ib: intervals.Interval
    ) -> tuple[np.ndarray, intervals.Interval]:
        with np.errstate(all="ignore"):
            values = np.where(vb == 0, np.nan, va / vb) * (factor * 100.0)
        return values, intervals.scale(intervals.divide(ia, ib), factor * 100.0)

    return _binary("share", part, whole, align=align, compute=compute, unit="percent")


def _factor_between(a: IndicatorSeries, b: IndicatorSeries) -> float:
    """Factor turning b's unit into a's; UnitError naming both where they differ in kind."""
    try:
        return conversion_factor(b.unit, a.unit)
    except UnitError as exc:
        raise UnitError(
            b.unit,
            exc.rule,
            f"cannot be added to or subtracted from {a.unit!r} ({exc.message})",
            a.unit,
        ) from None


def total(a: IndicatorSeries, b: IndicatorSeries, *, align: Align = "exact") -> IndicatorSeries:
    """a + b (goods + services, exports + imports), in a's unit."""
    factor = _factor_between(a, b)

    def compute(
        va: np.ndarray, ia: intervals.Interval, vb: np.ndarray, ib: intervals.Interval
    ) -> tuple[np.ndarray, intervals.Interval]:
        return va + vb * factor, intervals.add(ia, intervals.scale(ib, factor))

    return _binary("total", a, b, align=align, compute=compute, unit=a.unit)


#: The unit of a difference of values in a unit: percentages differ by percentage points.
_POINTS = {"percent": "percentage_point"}


def difference(
    a: IndicatorSeries, b: IndicatorSeries, *, align: Align = "exact"
) -> IndicatorSeries:
    """a - b (exports - imports: a balance), in a's unit; percent becomes percentage points."""
    factor = _factor_between(a, b)

    def compute(
        va: np.ndarray, ia: intervals.Interval, vb: np.ndarray, ib: intervals.Interval
    ) -> tuple[np.ndarray, intervals.Interval]:
        return va - vb * factor, intervals.subtract(ia, intervals.scale(ib, factor))

    unit = _POINTS.get(a.unit, a.unit)
    return _binary("difference", a, b, align=align, compute=compute, unit=unit)


def growth_rate(series: IndicatorSeries, *, undefined: Undefined = "raise") -> IndicatorSeries:
    """Period-on-period growth in percent: (x[t] / x[t-1] - 1) * 100, from the second period.

    Growth on a base that is zero, negative or unknown is undefined, and so is growth over
    a gap (the previous period is missing: 1980 after 1977 is not one year's growth): it
    raises ``MetricError`` naming the periods, or with ``undefined="nan"`` gives NaN
    and a note.
    """
    from integration_indicators.model.periods import parse_periods

    if len(series) < 2:
        raise MetricError(f"growth_rate({series.name}) needs at least two periods")
    value, (lo, hi) = _arrays(series)
    base_bad = ~(value[:-1] > 0)
    parsed = parse_periods(pd.Series(series.periods, dtype="str"))
    starts = parsed["start"].to_numpy().astype("datetime64[D]")
    ends = parsed["end"].to_numpy().astype("datetime64[D]")
    gap = starts[1:] != ends[:-1] + np.timedelta64(1, "D")
    bad = base_bad | gap
    if bad.any() and undefined == "raise":
        periods = list(series.values.index[:-1][base_bad])
        gaps = [
            f"{a} to {b}"
            for a, b, g in zip(series.periods[:-1], series.periods[1:], gap, strict=True)
            if g
        ]
        raise MetricError(
            f"growth_rate({series.name}) is undefined where the base is zero, negative or "
            f"unknown (base periods {periods}) and over gaps ({gaps}); pass undefined='nan' "
            "to keep the other periods"
        )
    with np.errstate(all="ignore"):
        values = np.where(bad, np.nan, (value[1:] / value[:-1] - 1.0) * 100.0)
    low, high = intervals.divide((lo[1:], hi[1:]), (lo[:-1], hi[:-1]))
    low, high = intervals.scale((low - 1.0, high - 1.0), 100.0)
    flags = series.approximate.to_numpy(dtype=bool)
    origins = [
        a + b for a, b in zip(series.origins.iloc[:-1], series.origins.iloc[1:], strict=True)
    ]
    previous = np.asarray(series.periods[:-1], dtype=object)
    notes = np.where(
        base_bad,
        "growth on a zero, negative or unknown base is undefined",
        np.where(
            gap,
            "no growth over a gap: the period before is missing (previous: "
            + previous.astype(str)
            + ")",
            "",
        ),
    )
    return _build(
        "growth_rate",
        (series,),
        unit="percent",
        values=values,
        bounds=(np.where(bad, np.nan, low), np.where(bad, np.nan, high)),
        index=series.values.index[1:],
        approximate=flags[1:] | flags[:-1],
        origins=origins,
        notes=notes,
    )


def pace(series: IndicatorSeries, *, per: str = "month") -> IndicatorSeries:
    """Change between consecutive periods per unit of time: (x[t] - x[t-1]) / (end[t] - end[t-1]).

    The time between two periods runs from the last day of one to the last day of the next;
    *per* is ``day``, ``month`` or ``year``. The unit is the series' unit per *per*
    (percentage points per *per* for a series in percent).
    """
    from integration_indicators.model.periods import parse_periods

    if len(series) < 2:
        raise MetricError(f"pace({series.name}) needs at least two periods")
    ends = parse_periods(pd.Series(series.periods))["end"].to_numpy().astype("datetime64[D]")
    days = (ends[1:] - ends[:-1]).astype("float64")
    if not (days > 0).all():
        raise MetricError(f"pace({series.name}) needs periods that end one after another")
    elapsed = days * conversion_factor("day", per)
    value, (lo, hi) = _arrays(series)
    low, high = intervals.subtract((lo[1:], hi[1:]), (lo[:-1], hi[:-1]))
    flags = series.approximate.to_numpy(dtype=bool)
    origins = [
        a + b for a, b in zip(series.origins.iloc[:-1], series.origins.iloc[1:], strict=True)
    ]
    unit = f"{_POINTS.get(series.unit, series.unit)} / {per}"
    return _build(
        "pace",
        (series,),
        unit=unit,
        values=(value[1:] - value[:-1]) / elapsed,
        bounds=(low / elapsed, high / elapsed),
        index=series.values.index[1:],
        approximate=flags[1:] | flags[:-1],
        origins=origins,
    )


def implied_levels(level: IndicatorSeries, growth: IndicatorSeries) -> IndicatorSeries:
    """Levels implied by one level and the growth rates (percent) of the periods after it.

    *level* holds one period (take it with ``.at(period)``); the result holds that period and
    each period of *growth*: L[t] = L[t-1] * (1 + g[t] / 100), bounds compounded alike.
    """
    if len(level) != 1:
        raise MetricError(f"implied_levels needs one base level; {level.name} has {len(level)}")
    index = level.values.index.append(growth.values.index)
    if index.has_duplicates:
        raise AlignmentError(f"the base period {level.periods[0]} is also a growth period")
    percent = conversion_factor(growth.unit, "percent") / 100.0
    base, (base_lo, base_hi) = _arrays(level)
    rates, (rate_lo, rate_hi) = _arrays(growth)
    levels, lows, highs = [base], [base_lo], [base_hi]
    for k in range(len(growth)):  # one compounding step per period, values and bounds alike
        step = slice(k, k + 1)
        levels.append(levels[-1] * (1.0 + rates[step] * percent))
        factors = (1.0 + rate_lo[step] * percent, 1.0 + rate_hi[step] * percent)
        low, high = intervals.multiply((lows[-1], highs[-1]), factors)
        lows.append(low)
        highs.append(high)
    values = np.concatenate(levels)
    flags = np.logical_or.accumulate(
        np.concatenate(
            [level.approximate.to_numpy(dtype=bool), growth.approximate.to_numpy(dtype=bool)]
        )
    )
    origins: list[tuple[Origin, ...]] = [tuple(level.origins.iloc[0])]
    for step_origins in growth.origins:
        origins.append(origins[-1] + tuple(step_origins))
    return _build(
        "implied_levels",
        (level, growth),
        unit=level.unit,
        values=values,
        bounds=(np.concatenate(lows), np.concatenate(highs)),
        index=index,
        approximate=flags,
        origins=origins,
    )


def convert_currency(
    series: IndicatorSeries, *, to: str, rates: IndicatorSeries, align: Align = "exact"
) -> IndicatorSeries:
    """*series* in currency *to*, by the rate of each period: explicit, never implicit.

    *rates* is quoted either way round (``BYN/USD`` converts USD to BYN and BYN to USD; a WDI
    ``LCU/USD`` series of one country resolves to its currency). With ``align="exact"`` (the
    default) a period of *series* without a rate is a ``MetricError``;
    ``align="inner"`` keeps the periods that have one. A rate that cannot turn the unit into
    *to* is a ``UnitError``.
    """
    amount_unit, quote_unit = parse_unit(series.unit), parse_unit(rates.unit)
    with locked() as ureg:
        amount, quote = ureg.Quantity(1.0, amount_unit), ureg.Quantity(1.0, quote_unit)
        candidates = {False: amount * quote, True: amount / quote}
        fitting = [
            d for d, q in candidates.items() if currency_dimensions(q.dimensionality) == (to,)
        ]
    if not fitting:
        raise UnitError(
            rates.unit,
            "unit-currency",
            f"rates in {rates.unit!r} do not turn {series.unit!r} into {to}",
            series.unit,
        )
    if not rates.scalar and align == "exact":
        missing = [p for p in series.periods if p not in set(rates.periods)]
        if missing:
            raise MetricError(f"no exchange rate in {rates.name} for periods {missing}")
    dividing = fitting[0]
    quantity = candidates[dividing]
    factor, unit = float(quantity.magnitude), str(quantity.units)
    operation = intervals.divide if dividing else intervals.multiply

    def compute(
        vs: np.ndarray, bs: intervals.Interval, vr: np.ndarray, br: intervals.Interval
    ) -> tuple[np.ndarray, intervals.Interval]:
        values = (vs / vr if dividing else vs * vr) * factor
        return values, intervals.scale(operation(bs, br), factor)

    return _binary("convert_currency", series, rates, align="inner", compute=compute, unit=unit)
