"""Checking and normalising large long panels (millions of rows) in the observation format.

A panel is a DataFrame with at least ``indicator``, ``geo``, ``period``, ``value`` and
``unit`` (and optionally ``counterpart``, ``source``, ``status``), text columns best held as
``category``. Every rule is checked on the distinct values of a column (200 countries, 64
periods, 5 units) and mapped back to the rows by their codes; numbers are checked with numpy
on whole columns; one sort by an integer key serves both the duplicate check and growth. No
per-row Python and no per-row pint: a 10-million-row panel is checked, normalised and given
its growth rates in about the time pandas takes to sort and group it.

A panel bigger than memory (Parquet files, a DuckDB relation, a Spark DataFrame) is checked
where it lives by the same rules written as relational steps
(``integration_indicators.validation.panel_relational``), with the same report.

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

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, cast, overload

import numpy as np
import pandas as pd

from integration_indicators.errors import PanelError, Problem, ValidationError
from integration_indicators.io.readers import column_problems
from integration_indicators.model.vocabulary import OBSERVATION_KEY
from integration_indicators.validation import engine

if TYPE_CHECKING:
    from integration_indicators.validation.panel_relational import RelationalPanel

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


@overload
def check_panel(
    source: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    engine: Literal["pandas"] | None = None,
    file: str = "panel",
    first_rows: int = 5,
) -> Panel: ...


@overload
def check_panel(
    source: object,
    indicators: pd.DataFrame,
    *,
    engine: str | None = None,
    file: str = "panel",
    first_rows: int = 5,
    memory_limit: str | None = None,
    spill: str | None = None,
    connection: object = None,
    progress: Callable[[str], None] | None = None,
) -> Panel | RelationalPanel: ...


def check_panel(
    source: object,
    indicators: pd.DataFrame,
    *,
    engine: str | None = None,
    file: str = "panel",
    first_rows: int = 5,
    memory_limit: str | None = None,
    spill: str | None = None,
    connection: object = None,
    progress: Callable[[str], None] | None = None,
) -> Panel | RelationalPanel:
    """Check a long panel and normalise its values to each indicator's canonical unit.

    *source* is a pandas frame, a Parquet file or directory, a DuckDB relation or a Spark
    DataFrame; *engine* (``pandas``, ``duckdb``, ``spark``; by default the source's own, and
    DuckDB for Parquet) checks it: pandas in memory (a ``Panel``), DuckDB out of core within
    *memory_limit* (spilling to *spill*; on *connection*, the DuckDB connection a relation
    belongs to, else a new one) and Spark where its session runs, both leaving the
    normalised rows in the engine (a ``RelationalPanel``). *indicators* has ``id`` and
    ``unit`` columns (``Catalogue.indicators`` has). The rules are the catalogue loader's
    (``integration_indicators.validation.engine``), with the same report on every engine:
    ``PanelError`` (a ``ValidationError``) with the count of each broken rule and its first
    rows and the number of rows checked (a frame's rows
    counted as in a CSV with a header, the first data row being 2; a Parquet file's from 1).
    """
    from integration_indicators.validation import panel_sources as sources

    chosen = engine or sources.default_engine(source)
    if chosen not in sources.ENGINES:
        raise ValueError(f"engine must be one of {', '.join(sources.ENGINES)}, not {chosen!r}")
    if chosen == "pandas":
        if isinstance(source, pd.DataFrame):
            return _check_frame(source, indicators, file=file, first_rows=first_rows)
        if sources.is_spark_frame(source) or sources.is_duckdb_relation(source):
            raise TypeError(
                "the pandas engine checks a frame or Parquet files: use "
                "engine='duckdb' or 'spark' for a relation"
            )
        parquet = sources.parquet_files(os.fspath(cast("str", source)))
        present = sources.check_parquet_schema(parquet)
        wanted = [c for c in present if c in (*PANEL_COLUMNS, *OBSERVATION_KEY, "valid_until")]
        frame, locator = sources.read_parquet_frame(parquet, wanted)
        return _check_frame(
            frame, indicators, file=parquet.given, first_rows=first_rows, locator=locator
        )
    if chosen == "duckdb":
        with _duckdb_memory(file, memory_limit):
            backend = sources.duckdb_connection(memory_limit, spill, connection)
            table, files = sources.open_duckdb(source, backend)
            return _check_table(
                table,
                indicators,
                chosen,
                files,
                file=file,
                first_rows=first_rows,
                progress=progress,
            )
    table, files = sources.open_spark(source, sources.spark_session())
    return _check_table(
        table, indicators, chosen, files, file=file, first_rows=first_rows, progress=progress
    )


def _check_table(
    table: Any,
    indicators: pd.DataFrame,
    chosen: str,
    files: Any,
    *,
    file: str,
    first_rows: int,
    progress: Callable[[str], None] | None,
) -> RelationalPanel:
    from integration_indicators.validation import panel_sources as sources
    from integration_indicators.validation.panel_relational import check_relational

    held = [c for c in table.columns if c not in (sources.FILE, sources.ROW)]
    wrong = column_problems(file, held, PANEL_COLUMNS)
    missing = [p for p in wrong if p.rule == "missing-column"]
    if missing:
        raise ValidationError(missing, file)
    location = files.given if files is not None else file
    return check_relational(
        table,
        indicators,
        engine_name=chosen,
        files=files,
        first_rows=first_rows,
        location=location,
        progress=progress,
    )


@contextmanager
def _duckdb_memory(file: str, memory_limit: str | None) -> Iterator[None]:
    """DuckDB running out of the memory it may use, said as the library's problem (a limit
    to raise or a spill directory to give), not as a bug."""
    import duckdb

    try:
        yield
    except duckdb.OutOfMemoryException as exc:
        limit = f"--memory-limit {memory_limit}" if memory_limit else "the memory available"
        message = (
            f"DuckDB needs more memory than {limit} allows ({str(exc).splitlines()[0]}): "
            "raise the limit or give --spill DIRECTORY"
        )
        raise ValidationError(
            [Problem(file, None, None, memory_limit, "memory-limit", message)], file
        ) from None


def _check_frame(
    frame: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    file: str = "panel",
    first_rows: int = 5,
    locator: engine.Locator | None = None,
) -> Panel:
    """The in-memory engine: a frame checked with numpy on codes of its distinct values."""
    wrong = column_problems(file, frame.columns, PANEL_COLUMNS)
    missing = [p for p in wrong if p.rule == "missing-column"]
    if missing:
        raise ValidationError(missing, file)
    from integration_indicators.io.memory import PANEL_BYTES_PER_ROW, check_memory

    check_memory(len(frame) * PANEL_BYTES_PER_ROW, f"checking {len(frame)} rows", file)
    report = engine.Report(locator or engine.PanelRows(file), frame, first_rows)
    codes = engine.Codes(frame)
    codes.prefetch(engine.KEY_COLUMNS)
    units_of = pd.Series(indicators["unit"].to_numpy(), index=indicators["id"].to_numpy())
    engine.known(
        report,
        codes,
        "indicator",
        units_of.index,
        rule="unknown-indicator",
        message="no indicator with this id",
    )
    engine.economies(report, codes, "geo", world_ok=True)
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
        raise PanelError(report.problems, file, counts=report.counts, rows=len(frame))
    normalised = conversion.factors  # a fresh array: scaled in place
    normalised *= value
    return Panel(
        frame,
        normalised,
        rows.order,
        rows.first_of_series,
        period.codes,
        period.starts,
        period.ends,
    )


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


@overload
def panel_growth(panel: Panel) -> pd.Series: ...


@overload
def panel_growth(panel: RelationalPanel) -> Any: ...


def panel_growth(panel: Panel | RelationalPanel) -> Any:
    """Growth in percent on the previous period of the same series, aligned with the rows.

    For a ``RelationalPanel`` (DuckDB, Spark): the normalised rows with a ``growth`` column,
    an ibis table left in the engine (a window over each series); write it with
    ``RelationalPanel.write`` or fetch part of it.

    The rules of ``integration_indicators.metrics.growth_rate`` with ``undefined="nan"``:
    NaN on a zero, negative or unknown base, and NaN where the previous period is missing
    (a gap: the change over several periods is never labelled as one period's growth).
    Computed in place on the sorted values: at most three arrays of the panel's length are
    alive at once.
    """
    if not isinstance(panel, Panel):
        from integration_indicators.validation.panel_relational import growth_relational

        return growth_relational(panel)
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
