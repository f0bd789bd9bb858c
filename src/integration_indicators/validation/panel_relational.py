"""The panel rules as relational steps, run by DuckDB (out of core) or Spark through ibis.

The same rules as ``integration_indicators.validation.panel`` and the catalogue loader, in
three kinds of step, none of which brings the rows into Python:

1. per distinct value: the distinct indicators, economies, periods and (unit, indicator)
   pairs are fetched (thousands even at a billion rows) and judged in Python by the very
   functions of ``integration_indicators.validation.engine``, so messages are the same;
2. joined back: each rule becomes a boolean column of the rows (a value in the set of bad
   values, a pair's unit rule), counted in one pass; the first rows of each broken rule are
   fetched in file and row order, as the in-memory engine lists them;
3. relational rules: duplicate keys by grouping on the key, growth by a window over each
   series ordered by period start (the previous period must end the day before).

ibis writes each step in the engine's SQL (it is the layer pandera's own database backend
uses), so one text of the rules serves DuckDB and Spark.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from integration_indicators.errors import PanelError, Problem
from integration_indicators.model.vocabulary import OBSERVATION_KEY
from integration_indicators.validation import engine
from integration_indicators.validation.panel_sources import FILE, ROW, ParquetFiles

#: Stands for an empty (null) key in joins on text (SQL never equates two nulls).
_NULL = "\x1fnull\x1f"

#: The day numbers of 1970-01-01 (periods are joined as integer days).
_EPOCH = np.datetime64("1970-01-01", "D")


@dataclass(frozen=True, slots=True)
class _Step:
    """One rule on one column: which rows break it and what each is told."""

    rule: str
    column: str
    flag: Any
    #: Message of a row, from the value of its column (and its indicator, for units).
    message: Callable[[dict[str, Any]], str]
    shown: str = ""


@dataclass(slots=True)
class RelationalPanel:
    """A checked panel left in its engine: values in each indicator's canonical unit."""

    #: The normalised rows (ibis table): the panel's columns, ``value`` and ``unit`` canonical,
    #: ``_start`` and ``_end`` (days since 1970-01-01 of each period), ``_file`` and ``_row``.
    table: Any
    #: Series columns (the key without the period).
    series: tuple[str, ...]
    engine: str
    rows: int
    files: ParquetFiles | None = None
    columns: tuple[str, ...] = field(default=())

    def normalised(self) -> Any:
        """The normalised panel's columns only (ibis table)."""
        return self.table.select(*self.columns)


def _judge(
    frame: pd.DataFrame, run: Callable[[engine.Report, engine.Codes], object]
) -> list[Problem]:
    """Every problem the engine finds in a small frame of distinct values (all listed)."""
    report = engine.Report(engine.PanelRows("distinct"), frame, first_rows=None)
    run(report, engine.Codes(frame))
    return report.problems


def _memtable(frame: pd.DataFrame) -> Any:
    """A small frame as an ibis table (through Arrow, as ``to_frame``)."""
    import ibis
    import pyarrow as pa

    return ibis.memtable(pa.Table.from_pandas(frame, preserve_index=False))


def to_frame(expr: Any) -> pd.DataFrame:
    """An ibis result (small: it is brought into memory) as a pandas frame, on any engine,
    through Arrow.

    ibis' Spark backend fetches even Arrow through pandas, with calls pandas 3 deprecates
    (its own and pyspark's ``toPandas``): Spark's own ``toArrow`` runs ibis' SQL instead,
    after ibis registers the small tables the query joins (``_run_pre_execute_hooks``, as
    ibis' ``execute`` does).
    """
    backend = expr._find_backend()
    if backend.name == "pyspark":
        backend._run_pre_execute_hooks(expr)
        arrow = backend._session.sql(backend.compile(expr)).toArrow()
        return cast(pd.DataFrame, arrow.to_pandas())
    frame: pd.DataFrame = expr.to_pyarrow().to_pandas()
    return frame


def _text(values: pd.Series) -> pd.Series:
    """Distinct values as text with NA kept (engines give None or NaN for null)."""
    return values.astype("object").where(values.notna(), None)


#: Most distinct values of one column (or (unit, indicator) pairs) fetched to be judged: an
#: economy column holds a few hundred, a product code a few thousand; beyond this the column
#: is not what it should be, and is refused rather than brought into memory.
MAX_DISTINCT = 1_000_000

#: Up to this many bad values, a flag is an IN list; beyond it, an IN over a small table.
_IN_LIST = 1_000


def _isin(column: Any, values: Sequence[object], null: bool) -> Any:
    import ibis

    present = [v for v in values if v is not None]
    if len(present) > _IN_LIST:
        bad = _memtable(pd.DataFrame({"ii_value": pd.Series(present, dtype=object)}))
        flag = column.isin(bad.ii_value)
    else:
        flag = column.isin(present) if present else ibis.literal(False)
    return flag | column.isnull() if null else flag


def _distinct(table: Any, columns: list[str], location: str) -> pd.DataFrame:
    """The distinct values of *columns* (NA as None), refused beyond ``MAX_DISTINCT``."""
    found = to_frame(table.select(*columns).distinct().limit(MAX_DISTINCT + 1))
    if len(found) > MAX_DISTINCT:
        what = " and ".join(columns)
        raise PanelError(
            [
                Problem(
                    location,
                    None,
                    columns[0],
                    None,
                    "too-many-distinct",
                    f"{what} take more than {MAX_DISTINCT:,} distinct values: "
                    "is it the right column?",
                )
            ],
            location,
        )
    return pd.DataFrame({c: _text(found[c]) for c in columns})


def _told(messages: dict[object, str], column: str) -> Callable[[dict[str, Any]], str]:
    """The message of a row: its value's, in *column*."""
    return lambda row: messages[row[column]]


def _value_steps(
    table: Any, indicators: pd.DataFrame, has: set[str], location: str
) -> tuple[list[_Step], tuple[pd.DataFrame, pd.DataFrame]]:
    """Steps of the per-value rules; the pairs table (one row per distinct (unit, indicator))
    and the periods table (the first and last day of each distinct period)."""
    units_of = pd.Series(indicators["unit"].to_numpy(), index=indicators["id"].to_numpy())
    steps: list[_Step] = []

    def column_rule(column: str, run: Callable[[engine.Report, engine.Codes], object]) -> None:
        distinct = _distinct(table, [column], location)
        fetched[column] = distinct
        found = _judge(distinct, run)
        by_rule: dict[str, dict[object, str]] = {}
        for problem in found:
            value = distinct[column].iloc[problem.row - 2] if problem.row is not None else None
            by_rule.setdefault(problem.rule, {})[value] = problem.message
        for rule, messages in by_rule.items():
            flag = _isin(table[column], list(messages), None in messages)
            steps.append(_Step(rule, column, flag, _told(messages, column)))

    fetched: dict[str, pd.DataFrame] = {}
    column_rule(
        "indicator",
        lambda report, codes: engine.known(
            report,
            codes,
            "indicator",
            units_of.index,
            rule="unknown-indicator",
            message="no indicator with this id",
        ),
    )
    column_rule("geo", lambda report, codes: engine.economies(report, codes, "geo", world_ok=True))
    if "counterpart" in has:
        column_rule(
            "counterpart",
            lambda report, codes: engine.economies(report, codes, "counterpart", empty_ok=True),
        )
    column_rule("period", lambda report, codes: engine.periods(report, codes, "period"))
    return steps, (_units_table(table, units_of, location), _periods_table(fetched["period"]))


def _units_table(table: Any, units_of: pd.Series, location: str) -> pd.DataFrame:
    """One row per distinct (unit, indicator) pair: factor, canonical unit and unit rule."""
    frame = _distinct(table, ["unit", "indicator"], location)
    held: dict[str, engine.Conversion] = {}

    def run(report: engine.Report, codes: engine.Codes) -> None:
        held["conversion"] = engine.units(report, codes, units_of)

    problems = _judge(frame, run)
    conversion = held["conversion"]
    frame["ii_factor"] = conversion.factors
    frame["ii_canonical"] = conversion.canonical_on_rows().to_numpy(dtype=object)
    frame["ii_unit_rule"] = None
    frame["ii_message"] = None
    for problem in problems:
        assert problem.row is not None
        frame.loc[problem.row - 2, ["ii_unit_rule", "ii_message"]] = [problem.rule, problem.message]
    return frame


def _days(dates: pd.Series) -> np.ndarray:
    """Days since 1970-01-01 (NaT: the smallest int64, dropped by the caller)."""
    days: np.ndarray = (dates.to_numpy().astype("datetime64[D]") - _EPOCH).astype("int64")
    return days


def _periods_table(distinct: pd.DataFrame) -> pd.DataFrame:
    """First and last day (days since 1970) of each distinct period that parses."""
    report = engine.Report(engine.PanelRows("distinct"), distinct, first_rows=None)
    parsed = engine.periods(report, engine.Codes(distinct), "period")
    rows = parsed.on_rows()
    days = pd.DataFrame(
        {
            "ii_period": distinct["period"],
            "ii_start": _days(rows["start"]),
            "ii_end": _days(rows["end"]),
        }
    )
    keep = rows["start"].notna().to_numpy() & distinct["period"].notna().to_numpy()
    return days.loc[keep].reset_index(drop=True)


def _number(table: Any) -> Any:
    value = table["value"]
    if not value.type().is_floating():
        value = value.try_cast("float64")
    return value


def _key(has: set[str]) -> tuple[list[str], str]:
    """The duplicate key's columns present (``valid_until`` last where held) and its message."""
    also = ["valid_until"] if "valid_until" in has else []
    keyed = [c for c in OBSERVATION_KEY if c in has] + also
    said = ", ".join([engine.DUPLICATE, *also[:-1]])
    return keyed, f"{said} and {also[-1]}" if also else engine.DUPLICATE


def _unit_steps(table: Any, pairs: pd.DataFrame) -> tuple[Any, list[_Step]]:
    """The rows joined to their (unit, indicator) pair's factor and rule; the unit steps."""

    units = _memtable(
        pairs.drop(columns=["ii_message"])
        .assign(
            ii_unit=pairs["unit"].fillna(_NULL),
            ii_indicator=pairs["indicator"].fillna(_NULL),
        )
        .drop(columns=["unit", "indicator"])
    )
    joined = table.left_join(
        units,
        [
            table.unit.fill_null(_NULL) == units.ii_unit,
            table.indicator.fill_null(_NULL) == units.ii_indicator,
        ],
    ).drop("ii_unit", "ii_indicator")
    said = {
        (u, i): m
        for u, i, m in zip(pairs["unit"], pairs["indicator"], pairs["ii_message"], strict=True)
        if m is not None
    }
    broken = set(pairs["ii_unit_rule"].dropna())
    steps = [
        _Step(
            rule,
            "unit",
            joined.ii_unit_rule == rule,
            lambda row: said[(row["unit"], row["indicator"])],
        )
        for rule in engine.UNIT_RULES
        if rule in broken
    ]
    return joined, steps


def _duplicates(table: Any, keyed: list[str], message: str) -> tuple[int, _Step]:
    """Rows whose key another row repeats: counted by grouping; flagged by a window (only
    fetched where some are)."""
    import ibis

    groups = table.group_by(keyed).aggregate(ii_n=table.count())
    repeated = groups.filter(groups.ii_n > 1).aggregate(n=groups.ii_n.sum())
    flag = table.count().over(ibis.window(group_by=keyed)) > 1
    return _count(to_frame(repeated).iloc[0]["n"]), _Step(
        "duplicate-key", "period", flag, lambda _: message
    )


def _first_rows(
    located: list[tuple[_Step, Any, int]],
    order: list[str],
    files: ParquetFiles | None,
    first_rows: int,
    say: Callable[[str], None],
) -> tuple[list[Problem], dict[str, int]]:
    """Counts per rule, and the first rows of each (in file and row order; a rule on two
    columns lists the first column's rows first, as the in-memory engine does)."""
    problems: list[Problem] = []
    counts: dict[str, int] = {}
    listed: dict[str, int] = {}
    for step, source, count in located:
        if not count:
            continue
        counts[step.rule] = counts.get(step.rule, 0) + count
        room = max(first_rows - listed.get(step.rule, 0), 0)
        if not room:
            continue
        say(f"first rows of {step.rule}")
        shown = [step.column, *(["indicator"] if step.column == "unit" else [])]
        marked = source.mutate(ii_flag=step.flag)
        first = to_frame(
            marked.filter(marked.ii_flag)
            .order_by(order)
            .limit(room)
            .select(FILE, ROW, *dict.fromkeys(shown))
        )
        listed[step.rule] = listed.get(step.rule, 0) + len(first)
        for record in first.to_dict("records"):
            cells = {c: plain_cell(record[c]) for c in shown}
            file = files.name_of(str(record[FILE])) if files is not None else str(record[FILE])
            row = None if plain_cell(record[ROW]) is None else int(record[ROW])
            problems.append(
                Problem(file, row, step.column, cells[step.column], step.rule, step.message(cells))
            )
    return problems, counts


def check_relational(
    table: Any,
    indicators: pd.DataFrame,
    *,
    engine_name: str,
    files: ParquetFiles | None,
    first_rows: int = 5,
    location: str = "panel",
    progress: Callable[[str], None] | None = None,
) -> RelationalPanel:
    """Check *table* (with ``_file`` and ``_row``) and normalise it, in its engine.

    Raises ``PanelError`` with each broken rule's count and first rows, as the in-memory
    engine does.
    """

    say = progress or (lambda _: None)
    has = set(table.columns)
    say("distinct values")
    steps, (pairs, periods) = _value_steps(table, indicators, has, location)
    value = _number(table)
    # not isinf(): ibis writes it as FALSE for Spark; no finite double is above the largest
    infinite = value.abs() > float(np.finfo(np.float64).max)
    steps.append(
        _Step(
            "number",
            "value",
            value.isnull() | value.isnan() | infinite,
            lambda _: "not a finite number",
        )
    )
    joined, unit_steps = _unit_steps(table, pairs)
    say("counting problems")
    every = [*steps, *unit_steps]
    sums = {f"s{i}": step.flag.cast("int64").sum() for i, step in enumerate(every)}
    totals = to_frame(joined.aggregate(ii_rows=joined.count(), **sums)).iloc[0]
    counted = [_count(totals[f"s{i}"]) for i in range(len(every))]
    say("duplicate keys")
    keyed, message = _key(has)
    duplicated, duplicate_step = _duplicates(table, keyed, message)
    located = [(s, table, n) for s, n in zip(steps, counted, strict=False)]
    located.append((duplicate_step, table, duplicated))
    located += [(s, joined, n) for s, n in zip(unit_steps, counted[len(steps) :], strict=True)]
    order = [FILE, ROW, *[c for c in [*keyed, "unit"] if c in has]]
    problems, counts = _first_rows(located, order, files, first_rows, say)
    rows = int(totals["ii_rows"])
    if counts:
        raise PanelError(problems, location, counts=counts, rows=rows)
    days = _memtable(periods)
    with_days = joined.inner_join(days, joined.period == days.ii_period).drop("ii_period")
    columns = tuple(c for c in table.columns if c not in (FILE, ROW))
    normalised = with_days.mutate(
        value=_number(with_days) * with_days.ii_factor,
        unit=with_days.ii_canonical,
        _start=with_days.ii_start,
        _end=with_days.ii_end,
    ).drop("ii_factor", "ii_canonical", "ii_unit_rule", "ii_start", "ii_end")
    series = tuple(c for c in keyed if c != "period")
    return RelationalPanel(normalised, series, engine_name, rows, files, columns)


def _count(value: object) -> int:
    """A count an engine returned (a sum over no rows is null)."""
    return 0 if plain_cell(value) is None else int(cast(int, value))


def plain_cell(value: object) -> object:
    """A cell as the in-memory engine shows it: NA as None, numbers as Python numbers."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def growth_relational(panel: RelationalPanel) -> Any:
    """The normalised panel with ``growth``: percent on the previous period of its series.

    NaN (null) on the first period of a series, a base that is not positive, or a gap (the
    previous period does not end the day before this one begins), as ``panel_growth``.
    """
    import ibis

    table = panel.table
    window = ibis.window(group_by=list(panel.series), order_by=["_start", "_end", "period"])
    previous = table.value.lag().over(window)
    previous_end = table._end.lag().over(window)
    growth = ibis.cases(
        (previous.isnull(), ibis.null("float64")),
        (previous_end + 1 != table._start, ibis.null("float64")),
        (~(previous > 0), ibis.null("float64")),
        else_=(table.value / previous - 1.0) * 100.0,
    )
    return table.mutate(growth=growth).select(*panel.columns, "growth")


def write_parquet(expr: Any, panel: RelationalPanel, path: str | os.PathLike[str]) -> Path:
    """Write *expr* (the normalised panel, with growth) as a Parquet dataset directory *path*,
    all or nothing: DuckDB streams one file into it, Spark its part files (in ``parts/``).

    *path* must be new, empty or an earlier panel output of the library (``outputs``).
    """
    from integration_indicators.io.outputs import replace_directory

    def build(staging: Path) -> None:
        if panel.engine == "spark":
            expr._find_backend().to_parquet_dir(expr, staging / "parts")
        else:
            expr.to_parquet(staging / "part-0.parquet")

    return replace_directory(path, "panel", build)
