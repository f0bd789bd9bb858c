"""Checking and normalising large long panels (millions of rows) in the observation format.

A panel is a DataFrame with at least ``indicator``, ``geo``, ``period``, ``value`` and
``unit`` (and optionally ``counterpart``, ``source``, ``status``), text columns best held as
``category``. Every rule is checked on the distinct values of a column (200 countries, 64
periods, 5 units) and mapped back to the rows by their codes; numbers are checked with numpy
on whole columns; one sort by an integer key serves both the duplicate check and growth. No
per-row Python and no per-row pint: a 10-million-row panel is checked, normalised and given
its growth rates in about the time pandas takes to sort and group it.

Examples
--------
>>> import pandas as pd
>>> indicators = pd.DataFrame({"id": ["macro.gdp"], "unit": ["USD"]})
>>> frame = pd.DataFrame({"indicator": ["macro.gdp"] * 2, "geo": ["BLR"] * 2,
...                       "period": ["2019", "2020"], "value": [60.0, 61.2],
...                       "unit": ["billion USD"] * 2})
>>> panel = check_panel(frame, indicators)
>>> panel.value.tolist(), panel_growth(panel).round(6).tolist()
([60000000000.0, 61200000000.0], [nan, 2.0])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from integration_indicators.errors import Problem, ValidationError
from integration_indicators.io.readers import column_problems
from integration_indicators.model.periods import parse_periods

#: Columns a panel must have.
PANEL_COLUMNS = ("indicator", "geo", "period", "value", "unit")

#: Message of a repeated key.
DUPLICATE = "another row has the same indicator, geo, counterpart, period, source and status"

#: Columns that, with indicator and geo, identify one series of a panel.
SERIES_COLUMNS = ("indicator", "geo", "counterpart", "source", "status")


@dataclass(frozen=True, slots=True)
class Panel:
    """A checked panel: canonical values and the row order by series and period."""

    #: The input frame (not copied).
    frame: pd.DataFrame
    #: Values in each indicator's canonical unit, aligned with the frame's rows.
    value: np.ndarray
    #: Row positions sorted by series, then period start.
    order: np.ndarray
    #: For each sorted position: True where a new series begins.
    first_of_series: np.ndarray
    #: Code of each row's period, and the first and last day of each distinct period.
    period_codes: np.ndarray | None = None
    period_starts: np.ndarray | None = None
    period_ends: np.ndarray | None = None


def _codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes and distinct values of a column (categories kept as they are)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), pd.Index(column.cat.categories)
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    return codes, pd.Index(uniques)


class _Report:
    """Counts per rule and the first rows of each, for a report that stays small."""

    def __init__(self, file: str, first_rows: int) -> None:
        self.file, self.first_rows = file, first_rows
        self.problems: list[Problem] = []
        self.counts: dict[str, int] = {}

    def add(self, bad: np.ndarray, column: str, values: pd.Series | np.ndarray, rule: str,
            message: str) -> None:  # fmt: skip
        count = int(np.count_nonzero(bad))
        if not count:
            return
        self.counts[rule] = self.counts.get(rule, 0) + count
        positions = np.flatnonzero(bad)[: self.first_rows]
        shown = np.asarray(values, dtype=object)[positions] if len(values) else positions
        for position, value in zip(positions, shown, strict=True):
            self.problems.append(
                Problem(self.file, int(position) + 2, column, value, rule, message)
            )

    def raise_if_any(self) -> None:
        if self.problems:
            raise ValidationError(self.problems, self.file, counts=self.counts)


def _check_distinct(
    report: _Report, frame: pd.DataFrame, column: str, ok: np.ndarray, codes: np.ndarray,
    *, rule: str, message: str,
) -> None:  # fmt: skip
    """Report the rows whose distinct value failed (``ok`` per distinct value; NA fails)."""
    bad_row = ~np.append(ok, False)[codes]
    if bad_row.any():
        report.add(bad_row, column, frame[column].to_numpy(), rule, message)


def check_panel(
    frame: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    file: str = "panel",
    first_rows: int = 5,
) -> Panel:
    """Check a long panel and normalise its values to each indicator's canonical unit.

    *indicators* has ``id`` and ``unit`` columns (``Catalogue.indicators`` has). Raises
    ``ValidationError`` with the count of each broken rule and its first rows (rows
    counted as in a CSV with a header: the first data row is row 2).
    """
    from integration_indicators.model.units import pair_factors
    from integration_indicators.validation.checks import country_codes

    wrong = column_problems(file, frame.columns, PANEL_COLUMNS)
    missing = [p for p in wrong if p.rule == "missing-column"]
    if missing:
        raise ValidationError(missing, file)
    report = _Report(file, first_rows)
    units_of = pd.Series(indicators["unit"].to_numpy(), index=indicators["id"].to_numpy())
    ind_codes, ind_values = _codes(frame["indicator"])
    _check_distinct(report, frame, "indicator", ind_values.isin(units_of.index), ind_codes,
                    rule="unknown-indicator", message="no indicator with this id")  # fmt: skip
    geo_codes, geo_values = _codes(frame["geo"])
    countries = geo_values.isin(list(country_codes()))
    iso = "not an ISO 3166-1 alpha-3 country code"
    _check_distinct(report, frame, "geo", countries, geo_codes, rule="iso-country", message=iso)
    period_codes, period_values = _codes(frame["period"])
    parsed = parse_periods(pd.Series(period_values.astype("str"), dtype="str"))
    _check_distinct(report, frame, "period", parsed["problem"].isna().to_numpy(), period_codes,
                    rule="period", message="not an ISO 8601 period")  # fmt: skip
    column = frame["value"]
    numbers = column if column.dtype == "float64" else pd.to_numeric(column, errors="coerce")
    value = numbers.to_numpy(dtype="float64", copy=False)
    report.add(~np.isfinite(value), "value", frame["value"].to_numpy(), "number",
               "not a finite number")  # fmt: skip
    unit_codes, unit_values = _codes(frame["unit"])
    canonical = units_of.reindex(ind_values).fillna("").astype("str").to_numpy()
    # One table entry per (unit, indicator) pair that occurs: no sort, one lookup per row.
    width = len(ind_values) + 1
    size = (len(unit_values) + 1) * width
    pair = (unit_codes.astype("int64") + 1) * width + (ind_codes + 1)
    pair = pair.astype("int32") if size < 2**31 else pair
    present = np.flatnonzero(np.bincount(pair, minlength=size))
    unit_at, ind_at = present // width - 1, present % width - 1
    units = np.asarray(unit_values.astype("str"), dtype=object)
    pair_units = pd.Series(np.where(unit_at >= 0, units[unit_at], ""), dtype="str")
    pair_targets = pd.Series(np.where(ind_at >= 0, canonical[ind_at], ""), dtype="str")
    found = pair_factors(pair_units, pair_targets)
    rules = np.full(size, "", dtype=object)
    rules[present] = np.where(pair_targets.to_numpy() != "", found.rules, "")
    for rule in ("unit-grammar", "unit-unknown", "unit-dimension", "unit-currency"):
        if (rules == rule).any():
            report.add((rules == rule)[pair], "unit", frame["unit"].to_numpy(), rule,
                       f"does not convert to the indicator's unit ({rule})")  # fmt: skip
    table = np.full(size, np.nan)
    table[present] = found.factors
    order, first, duplicate = _sorted_series(frame, period_codes, parsed)
    report.add(duplicate, "period", frame["period"].to_numpy(), "duplicate-key", DUPLICATE)
    del duplicate
    report.raise_if_any()
    normalised = table[pair]  # after the sort, so that the two peaks do not add up
    del pair
    normalised *= value
    starts = parsed["start"].to_numpy().astype("datetime64[D]")
    ends = parsed["end"].to_numpy().astype("datetime64[D]")
    return Panel(frame, normalised, order, first, period_codes, starts, ends)


def _combine(key: np.ndarray, codes: np.ndarray, size: int) -> np.ndarray:
    """key * size + codes, in place; first made dense where the product could pass 2**62.

    A dense key keeps the order of the original one, so sorting by it is unchanged.
    """
    if len(key) and int(key.max()) * size > 2**62:
        key = np.unique(key, return_inverse=True)[1].astype("int64")
    key *= size
    key += codes
    return key


def _sorted_series(
    frame: pd.DataFrame, period_codes: np.ndarray, parsed: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row order by series then period start; series starts; rows whose key repeats.

    One integer key (series codes, then the period's rank by start) sorted once serves both
    the duplicate check and the order for growth; arrays are reused in place.
    """
    key = np.zeros(len(frame), dtype="int64")
    for column in SERIES_COLUMNS:
        if column in frame.columns:
            codes, uniques = _codes(frame[column])
            key = _combine(key, codes + 1, len(uniques) + 1)
    starts = parsed["start"].to_numpy()
    rank = np.argsort(np.argsort(starts, kind="stable"), kind="stable")
    rank = np.append(rank, len(rank)).astype("int32")  # NA periods (code -1) rank last
    periods = len(rank) + 1
    key = _combine(key, rank[period_codes], periods)
    # Equal keys are duplicates, reported as such, so a stable sort buys nothing; the
    # in-place sort of the key costs less than a sorted copy's memory.
    order = np.argsort(key)
    if len(order) < 2**31:
        order = order.astype("int32")  # half the memory of the positions the result keeps
    key.sort()
    duplicate_sorted = np.zeros(len(order), dtype=bool)
    same = key[1:] == key[:-1]
    duplicate_sorted[1:] |= same
    duplicate_sorted[:-1] |= same
    del same
    np.floor_divide(key, periods, out=key)  # the series part of the sorted key
    first = np.ones(len(order), dtype=bool)
    np.not_equal(key[1:], key[:-1], out=first[1:])
    del key
    duplicate = np.zeros(len(order), dtype=bool)
    duplicate[order] = duplicate_sorted
    return order, first, duplicate


def panel_growth(panel: Panel) -> pd.Series:
    """Growth in percent on the previous period of the same series, aligned with the rows.

    The rules of ``integration_indicators.metrics.growth_rate`` with ``undefined="nan"``:
    NaN on a zero, negative or unknown base, and NaN where the previous period is missing
    (a gap: the change over several periods is never labelled as one period's growth).
    Computed in place on the sorted values: at most three arrays of the panel's length are
    alive at once.
    """
    ordered = panel.value[panel.order]
    growth_sorted = np.empty_like(ordered)
    with np.errstate(all="ignore"):  # a tiny base gives inf growth, as the metric does
        np.divide(ordered[1:], ordered[:-1], out=growth_sorted[1:])
        growth_sorted[1:][~(ordered[:-1] > 0)] = np.nan
        del ordered
        growth_sorted[1:] -= 1.0
        growth_sorted *= 100.0
    growth_sorted[panel.first_of_series] = np.nan
    if panel.period_codes is not None and panel.period_starts is not None:
        codes = panel.period_codes[panel.order]
        starts, ends = panel.period_starts[codes], panel.period_ends[codes]  # type: ignore[index]
        growth_sorted[1:][starts[1:] != ends[:-1] + np.timedelta64(1, "D")] = np.nan
    growth = np.empty_like(growth_sorted)
    growth[panel.order] = growth_sorted
    del growth_sorted
    return pd.Series(growth, index=panel.frame.index, name="growth", copy=False)
