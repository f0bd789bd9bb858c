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

from integration_indicators.errors import ValidationError
from integration_indicators.io.readers import column_problems
from integration_indicators.validation import engine

#: Columns a panel must have.
PANEL_COLUMNS = ("indicator", "geo", "period", "value", "unit")


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


def check_panel(
    frame: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    file: str = "panel",
    first_rows: int = 5,
) -> Panel:
    """Check a long panel and normalise its values to each indicator's canonical unit.

    *indicators* has ``id`` and ``unit`` columns (``Catalogue.indicators`` has). The rules are
    the catalogue loader's (``integration_indicators.validation.engine``). Raises
    ``ValidationError`` with the count of each broken rule and its first rows (rows counted
    as in a CSV with a header: the first data row is row 2).
    """
    wrong = column_problems(file, frame.columns, PANEL_COLUMNS)
    missing = [p for p in wrong if p.rule == "missing-column"]
    if missing:
        raise ValidationError(missing, file)
    from integration_indicators.io.memory import PANEL_BYTES_PER_ROW, check_memory

    check_memory(len(frame) * PANEL_BYTES_PER_ROW, f"checking {len(frame)} rows", file)
    report = engine.Report(engine.PanelRows(file), frame, first_rows)
    codes = engine.Codes(frame)
    codes.prefetch(engine.KEY_COLUMNS)
    units_of = pd.Series(indicators["unit"].to_numpy(), index=indicators["id"].to_numpy())
    engine.known(report, codes, "indicator", units_of.index, rule="unknown-indicator",
                 message="no indicator with this id")  # fmt: skip
    engine.economies(report, codes, "geo")
    if "counterpart" in frame.columns:
        engine.economies(report, codes, "counterpart", empty_ok=True)
    period = engine.periods(report, codes, "period")
    column = frame["value"]
    numbers = column if column.dtype == "float64" else pd.to_numeric(column, errors="coerce")
    value = numbers.to_numpy(dtype="float64", copy=False)
    report.add(~np.isfinite(value), "value", "number", "not a finite number")
    # before the factors: peaks apart; a panel holding several releases keys on the release
    # that replaced each value, as a catalogue does
    vintaged = ("valid_until",) if "valid_until" in frame.columns else ()
    rows = engine.duplicate_keys(report, codes, period, also=vintaged)
    conversion = engine.units(report, codes, units_of)
    if report.problems:
        raise ValidationError(report.problems, file, counts=report.counts)
    normalised = conversion.factors  # a fresh array: scaled in place
    normalised *= value
    return Panel(
        frame, normalised, rows.order, rows.first_of_series, period.codes, period.starts,
        period.ends,
    )  # fmt: skip


#: Up to this many distinct periods, which period follows which is a table looked up by codes.
_FOLLOWS_TABLE = 4096


def _gaps(panel: Panel) -> np.ndarray:
    """For each sorted row after the first: its period does not begin the day after the
    previous row's period ends."""
    assert panel.period_codes is not None
    assert panel.period_starts is not None and panel.period_ends is not None
    starts, ends = panel.period_starts, panel.period_ends
    codes = panel.period_codes[panel.order]
    day = np.timedelta64(1, "D")
    if len(starts) > _FOLLOWS_TABLE:
        gap: np.ndarray = starts[codes[1:]] != ends[codes[:-1]] + day
        return gap
    follows = (starts[None, :] == ends[:, None] + day).ravel()  # [previous, next]
    flat = codes[:-1].astype("int32") * np.int32(len(starts))
    flat += codes[1:]
    gaps: np.ndarray = ~follows[flat]
    return gaps


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
        growth_sorted[1:][_gaps(panel)] = np.nan
    growth = np.empty_like(growth_sorted)
    growth[panel.order] = growth_sorted
    del growth_sorted
    return pd.Series(growth, index=panel.frame.index, name="growth", copy=False)
