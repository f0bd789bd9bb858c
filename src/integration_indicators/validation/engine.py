"""The one engine of observation rules, shared by the catalogue loader and large panels.

Every rule about a column's meaning (the indicator exists, the geo is an economy, the period
parses, the unit converts to the indicator's) is evaluated once per distinct value of the
column, or per distinct (unit, indicator) pair, and mapped back to the rows by integer codes;
the duplicate-key rule is one sort of an integer key built from the same codes. So 1.9 million
rows with 220 economies, 60 periods and 3 units cost a few hundred rule evaluations and some
numpy indexing. Problems stay positioned: a ``Report`` names the file, row and column of each.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"geo": ["BLR", "XYZ", "BLR", "XYZ"]})
>>> report = Report(PanelRows("panel.csv"), frame)
>>> economies(report, Codes(frame), "geo")
>>> [(p.row, p.value, p.rule) for p in report.problems]
[(3, 'XYZ', 'iso-country'), (5, 'XYZ', 'iso-country')]
"""

from __future__ import annotations

import collections
import contextlib
import contextvars
import functools
import os
import weakref
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol, TypeVar, cast

import numpy as np
import pandas as pd

from integration_indicators.errors import Problem
from integration_indicators.model.periods import parse_periods
from integration_indicators.model.vocabulary import OBSERVATION_KEY

T = TypeVar("T")

#: Message of a value that is not an economy code.
NOT_AN_ECONOMY = "not an economy code (ISO 3166-1 or 3166-3 alpha-3, or XKX, CHI, XBL, XYA)"

#: Columns whose codes the rules use: the key of an observation and its unit.
KEY_COLUMNS = (*OBSERVATION_KEY, "unit")

#: Message of a repeated key.
DUPLICATE = f"another row has the same {', '.join(OBSERVATION_KEY)}"


class Locator(Protocol):
    """Where a row position came from: ``RawTable`` (files, spreadsheet rows) has these."""

    def file_of(self, position: int) -> str:
        """File that the row at *position* comes from."""
        ...

    def row_of(self, position: int, column: str | None = None) -> int | None:
        """Row number to report for the row at *position* (and *column*)."""
        ...


@dataclass(frozen=True, slots=True)
class PanelRows:
    """Rows of an in-memory frame, counted as in a CSV with a header (first data row: 2)."""

    file: str

    def file_of(self, position: int) -> str:
        return self.file

    def row_of(self, position: int, column: str | None = None) -> int | None:
        return position + 2


#: A message: one text for every failing row, or a function of the failing positions.
Message = str | Callable[[np.ndarray], Sequence[str]]


#: Rows listed per rule and table in a report; the rest are counted (time and memory do not
#: grow with the number of problems beyond the counting).
PROBLEMS_PER_RULE = 100


class Report:
    """Problems of one table: the first ``first_rows`` rows of each rule.

    ``counts`` always holds how many rows broke each rule; inside a validation, those not
    listed are added to its context's ``omitted``.
    """

    def __init__(
        self, rows: Locator, frame: pd.DataFrame, first_rows: int | None = PROBLEMS_PER_RULE
    ) -> None:
        self.rows, self.frame, self.first_rows = rows, frame, first_rows
        self.problems: list[Problem] = []
        self._listed: dict[str, int] = {}
        self.counts: dict[str, int] = {}

    def add(
        self,
        bad: np.ndarray | pd.Series,
        column: str,
        rule: str,
        message: Message,
        values: pd.Series | None = None,
    ) -> None:
        """One problem per row where *bad* holds, naming *column*'s value there."""
        positions = np.flatnonzero(np.asarray(bad, dtype=bool))
        if not len(positions):
            return
        self.counts[rule] = self.counts.get(rule, 0) + len(positions)
        if self.first_rows is not None:
            room = max(self.first_rows - self._listed.get(rule, 0), 0)
            context = _ACTIVE.get()
            if context is not None and len(positions) > room:
                context.omitted[rule] += len(positions) - room
            positions = positions[:room]
            self._listed[rule] = self._listed.get(rule, 0) + len(positions)
        if values is None:
            values = self.frame[column]
        shown = values.iloc[positions].to_numpy(dtype=object)
        texts = [message] * len(positions) if isinstance(message, str) else message(positions)
        for position, value, text in zip(positions, shown, texts, strict=True):
            where = int(position)
            self.problems.append(
                Problem(
                    self.rows.file_of(where),
                    self.rows.row_of(where, column),
                    column,
                    None if value is None or value is pd.NA else value,
                    rule,
                    str(text),
                )
            )


class ValidationContext:
    """What one validation shares between its schemas and rules: results on columns (codes,
    pattern matches), computed once, and the count of problems found but not listed (only
    the first ``PROBLEMS_PER_RULE`` rows of each rule are). Nothing outlives the validation.

    Results are keyed by the identity of the column's array and what was computed, checked
    through a weak reference, so a reused id never answers for another array.
    """

    def __init__(self) -> None:
        self._store: dict[tuple[int, str], tuple[weakref.ref[object], object]] = {}
        #: Problems per rule that were counted but not listed.
        self.omitted: collections.Counter[str] = collections.Counter()

    def remembered(self, values: pd.Series, what: str, compute: Callable[[], T]) -> T:
        """``compute()`` the first time for this column and *what*; its result after that."""
        array = values.array
        known = self._store.get((id(array), what))
        if known is not None and known[0]() is array:
            return cast(T, known[1])
        result = compute()
        with contextlib.suppress(TypeError):  # an array without weak references: not kept
            self._store[(id(array), what)] = (weakref.ref(array), result)
        return result


#: The ``ValidationContext`` of the validation running (None outside a validation).
#: Set only inside ``sharing()``, in a context of its own: it can never leak to another load.
_ACTIVE: contextvars.ContextVar[ValidationContext | None] = contextvars.ContextVar(
    "integration_indicators_shared_codes", default=None
)


def sharing(function: Callable[..., T], *args: object, **kwargs: object) -> T:
    """``function(*args, **kwargs)`` with a new ``ValidationContext`` for the schemas and rules it
    runs, in a copy of the current context (so the caller's context never holds it)."""

    def run() -> T:
        _ACTIVE.set(ValidationContext())
        return function(*args, **kwargs)

    return contextvars.copy_context().run(run)


def in_context(function: Callable[..., T]) -> Callable[..., T]:
    """*function* bound to a copy of the current context, for another thread: it sees the
    same ``ValidationContext`` as the caller."""
    return functools.partial(contextvars.copy_context().run, function)


def current() -> ValidationContext | None:
    """The ``ValidationContext`` of the validation running here, if any."""
    return _ACTIVE.get()


def remembered(values: pd.Series, what: str, compute: Callable[[], T]) -> T:
    """``compute()``, once per column and *what* inside ``sharing``; every time outside."""
    shared = _ACTIVE.get()
    return compute() if shared is None else shared.remembered(values, what, compute)


def distinct(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (NA: -1) and distinct values of a column (shared within ``sharing``)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), pd.Index(values.cat.categories)

    def factorise() -> tuple[np.ndarray, pd.Index]:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        return np.asarray(codes), pd.Index(uniques)

    return remembered(values, "codes", factorise)


#: Frames shorter than this are factorised one column at a time.
_PARALLEL_ROWS = 200_000


class Codes:
    """Integer codes and distinct values of a frame's columns, each computed once.

    Categorical columns give their own codes; others are factorised (pyarrow-backed text
    through pyarrow's dictionary encoding). NA gets code -1.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._found: dict[str, tuple[np.ndarray, pd.Index]] = {}

    def prefetch(self, columns: Sequence[str]) -> None:
        """Factorise *columns* at once, on every core for a long frame (pyarrow's dictionary
        encoding releases the GIL: two cores take half the time of one)."""
        wanted = [c for c in columns if c in self.frame.columns and c not in self._found]
        workers = min(len(wanted), os.cpu_count() or 1)
        if len(self.frame) < _PARALLEL_ROWS or workers < 2:
            return
        with ThreadPoolExecutor(workers) as pool:
            jobs = [pool.submit(in_context(distinct), self.frame[c]) for c in wanted]
            self._found.update(zip(wanted, (job.result() for job in jobs), strict=True))

    def __call__(self, column: str) -> tuple[np.ndarray, pd.Index]:
        if column not in self._found:
            self._found[column] = distinct(self.frame[column])
        return self._found[column]

    def mapped(self, column: str, mapping: pd.Series, fill: str = "") -> np.ndarray:
        """Each row's value looked up in *mapping* (one lookup per distinct value)."""
        row_codes, values = self(column)
        found = mapping.reindex(values.astype("str")).fillna(fill).to_numpy(dtype=object)
        return on_rows(found, row_codes, na=fill)

    def equals(self, column: str, value: str) -> np.ndarray:
        """Rows whose value is *value* (compared once per distinct value)."""
        row_codes, values = self(column)
        return on_rows(np.asarray(values == value, dtype=bool), row_codes, na=False)


def on_rows(per_value: np.ndarray, codes: np.ndarray, na: object = False) -> np.ndarray:
    """A per-distinct-value array spread over the rows (code -1, NA, gets *na*)."""
    spread: np.ndarray = np.append(per_value, np.asarray([na], dtype=per_value.dtype))[codes]
    return spread


def known(
    report: Report,
    codes: Codes,
    column: str,
    allowed: Collection[str],
    *,
    rule: str,
    message: str,
    skip: Callable[[pd.Index], np.ndarray] | None = None,
    na_ok: bool = False,
) -> None:
    """Report the rows whose value is not in *allowed* (values *skip* accepts are left to
    another rule; NA is reported unless *na_ok*)."""
    row_codes, values = codes(column)
    ok = np.asarray(values.isin(list(allowed)), dtype=bool)
    if skip is not None:
        ok |= skip(values)
    if ok.all() and (na_ok or not len(row_codes) or row_codes.min() >= 0):
        return  # nothing to report: no pass over the rows
    report.add(~on_rows(ok, row_codes, na=na_ok), column, rule, message)


def economies(
    report: Report,
    codes: Codes,
    column: str,
    *,
    empty_ok: bool = False,
    shape_checked: bool = False,
    world_ok: bool = False,
) -> None:
    """Every value is an economy code (see ``economies.economy_codes``); empty where allowed;
    ``WLD`` (the World as a reporter) where *world_ok*.

    With *shape_checked*, values that are not three capital letters are left to the schema.
    """
    from integration_indicators.model.economies import economy_codes, reporter_codes

    def skip(values: pd.Index) -> np.ndarray:
        texts = pd.Series(values.astype("str"), dtype="str")
        ok = np.zeros(len(values), dtype=bool)
        if empty_ok:
            ok |= (texts == "").to_numpy(dtype=bool)
        if shape_checked:
            ok |= ~texts.str.fullmatch("[A-Z]{3}").fillna(False).to_numpy(dtype=bool)
        return ok

    allowed = reporter_codes() if world_ok else economy_codes()
    known(
        report,
        codes,
        column,
        allowed,
        rule="iso-country",
        message=NOT_AN_ECONOMY,
        skip=skip,
        na_ok=empty_ok,
    )


@dataclass(frozen=True, slots=True)
class Periods:
    """Parsed periods: each row's code, and the first and last day of each distinct period."""

    codes: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    #: Each distinct period as written (orders periods that begin and end on the same days).
    labels: np.ndarray | None = None

    def on_rows(self) -> pd.DataFrame:
        """Start and end day of every row (NaT where invalid)."""
        nat = np.datetime64("NaT", "D")
        return pd.DataFrame(
            {
                "start": np.append(self.starts, nat)[self.codes],
                "end": np.append(self.ends, nat)[self.codes],
            }
        )


def periods(
    report: Report,
    codes: Codes,
    column: str,
    *,
    intervals: bool = True,
    rule: str = "period",
    empty_ok: bool = False,
) -> Periods:
    """Parse each distinct period once; report the rows of those that do not parse."""
    row_codes, values = codes(column)
    texts = pd.Series(values.astype("str"), dtype="str")
    parsed = parse_periods(texts, intervals=intervals)
    problem = parsed["problem"].to_numpy(dtype=object)
    bad = pd.notna(problem)
    if empty_ok:
        bad &= (texts != "").to_numpy(dtype=bool)
    if bad.any() or (len(row_codes) and row_codes.min() < 0):
        bad_rows = on_rows(bad, row_codes, na=True)
        said = np.append(problem, "not an ISO 8601 period").astype(object)
        report.add(bad_rows, column, rule, lambda at: said[row_codes[at]].tolist())
    starts = parsed["start"].to_numpy().astype("datetime64[D]")
    ends = parsed["end"].to_numpy().astype("datetime64[D]")
    return Periods(row_codes, starts, ends, texts.fillna("").to_numpy(dtype=str))


@dataclass(frozen=True, slots=True)
class Conversion:
    """Each row's factor to its indicator's unit (NaN where it does not convert) and rule."""

    factors: np.ndarray
    #: Canonical unit of each distinct indicator, and the indicator code of each row.
    canonical: np.ndarray
    indicator_codes: np.ndarray
    #: Rows recorded in another currency than their indicator's (press figures only), and
    #: the unit each is kept in (the indicator's unit in the row's currency: ``EUR``).
    own_currency: np.ndarray | None = None

    def canonical_on_rows(self) -> pd.Series:
        """The indicator's unit on every row ("" where the indicator is unknown), in the row's
        own currency where it was recorded in another one."""
        import pyarrow as pa
        import pyarrow.compute as pc

        names = pa.array(np.append(self.canonical, "").astype(object), type=pa.string())
        codes = np.where(self.indicator_codes < 0, len(self.canonical), self.indicator_codes)
        text = pd.StringDtype("pyarrow", na_value=np.nan)
        units: pd.Series = pc.take(names, pa.array(codes)).to_pandas(types_mapper=lambda _: text)
        if self.own_currency is not None:
            foreign = self.own_currency != ""
            units = units.mask(foreign, pd.Series(self.own_currency, dtype=text))
        return units


#: Unit rules, in the order they are reported.
UNIT_RULES = ("unit-grammar", "unit-unknown", "unit-dimension", "unit-currency")


def units(
    report: Report,
    codes: Codes,
    units_of: pd.Series,
    *,
    grammar_checked: bool = False,
    press_currency: bool = False,
) -> Conversion:
    """One pint call per distinct (unit, indicator) pair that occurs; a table lookup per row.

    *units_of* maps indicator id to its canonical unit. Rows of unknown indicators are left to
    the indicator rule; with *grammar_checked*, unit strings the schema rejects are too. With
    *press_currency*, a row whose ``status`` is not ``official`` may be in another currency
    than its indicator (a claim in euros of a figure kept in US dollars): it is kept in its
    own currency, converted later with a dated rate; official rows never are.
    """
    from integration_indicators.model.units import pair_factors

    unit_codes, unit_values = codes("unit")
    ind_codes, ind_values = codes("indicator")
    canonical = units_of.reindex(ind_values.astype("str")).fillna("").astype("str").to_numpy()
    width = len(ind_values) + 1
    size = (len(unit_values) + 1) * width
    pair = (unit_codes.astype("int64") + 1) * width + (ind_codes + 1)
    if size <= 4 * len(pair) + 1024:  # few distinct pairs possible: a table over all of them
        pair = pair.astype("int32") if size < 2**31 else pair
        present = np.flatnonzero(np.bincount(pair, minlength=size))
        slot = np.full(size, -1, dtype=np.int64)
        slot[present] = np.arange(len(present))
        pair = slot[pair]
    else:  # many distinct units and indicators (a garbage file): only the pairs that occur
        present, pair = np.unique(pair, return_inverse=True)
    unit_at, ind_at = present // width - 1, present % width - 1
    names = np.asarray(unit_values.astype("str"), dtype=object)
    pair_units = pd.Series(np.where(unit_at >= 0, names[unit_at], ""), dtype="str")
    pair_targets = pd.Series(np.where(ind_at >= 0, canonical[ind_at], ""), dtype="str")
    found = pair_factors(pair_units, pair_targets)
    usable = pair_targets.to_numpy() != ""
    rules = np.where(usable, found.rules, "")
    messages = found.messages
    own = np.where(usable, found.own_currency, "")
    accepted = np.zeros(len(pair), dtype=bool)  # rows kept in their own currency
    if press_currency and (own != "").any():
        status_codes, statuses = codes("status")
        press = np.append(np.asarray(statuses, dtype=object) != "official", False)
        accepted = (own != "")[pair] & press[status_codes]
    for rule in UNIT_RULES:
        if rule == "unit-grammar" and grammar_checked:
            continue
        failing = (rules == rule)[pair] & ~accepted
        if failing.any():
            report.add(failing, "unit", rule, lambda at: messages[pair[at]].tolist())
    factors = np.where(accepted, found.own_factors[pair], found.factors[pair])
    kept = np.where(accepted, own[pair], "") if accepted.any() else None
    return Conversion(factors, canonical, ind_codes, kept)


@dataclass(frozen=True, slots=True)
class SeriesOrder:
    """Rows sorted by series, then period start; where each series begins; repeated keys."""

    order: np.ndarray
    first_of_series: np.ndarray
    duplicate: np.ndarray


#: Rows of the sorted key read at once.
_CHUNK = 1 << 20


def _combine(key: np.ndarray, codes: np.ndarray, size: int) -> np.ndarray:
    """key * size + codes, in place; first made dense where the product could pass 2**62.

    A dense key keeps the order of the original one, so sorting by it is unchanged.
    """
    if len(key) and int(key.max()) * size > 2**62:
        key = np.unique(key, return_inverse=True)[1].astype("int64")
    key *= size
    key += codes
    return key


def series_order(codes: Codes, series_columns: Sequence[str], period: Periods) -> SeriesOrder:
    """Sort the rows once by one integer key (series codes, then the period's rank by start).

    The sorted key serves both the duplicate-key rule and the order growth needs; arrays are
    reused in place.
    """
    key = np.zeros(len(codes.frame), dtype="int64")
    for column in series_columns:
        if column in codes.frame.columns:
            column_codes, uniques = codes(column)
            key = _combine(key, column_codes + 1, len(uniques) + 1)
    if period.labels is None:
        ranked = np.argsort(period.starts, kind="stable")
    else:  # by first day, then last day, then as written: the order SQL engines sort by
        ranked = np.lexsort((period.labels, period.ends, period.starts))
    rank = np.empty(len(ranked), dtype=np.int64)
    rank[ranked] = np.arange(len(ranked))
    rank = np.append(rank, len(rank)).astype("int32")  # NA periods (code -1) rank last
    count = len(rank) + 1
    key = _combine(key, rank[period.codes], count)
    # Equal keys are duplicates, reported as such, so a stable sort buys nothing.
    order = np.argsort(key)
    if len(order) < 2**31:
        order = order.astype("int32")  # half the memory of the positions the result keeps
    duplicate_sorted = np.zeros(len(order), dtype=bool)
    first = np.ones(len(order), dtype=bool)
    # The sorted key is read a chunk at a time: no second array of the key's size.
    previous: np.int64 | None = None
    for start in range(0, len(order), _CHUNK):
        part = key[order[start : start + _CHUNK]]
        same = np.empty(len(part), dtype=bool)  # equal to the key before it
        np.equal(part[1:], part[:-1], out=same[1:])
        same[0] = previous is not None and part[0] == previous
        end = start + len(part)
        duplicate_sorted[start:end] |= same
        if start:
            duplicate_sorted[start - 1 : end - 1] |= same
        else:
            duplicate_sorted[: end - 1] |= same[1:]
        series = part // count
        np.not_equal(series[1:], series[:-1], out=first[start + 1 : end])
        first[start] = previous is None or series[0] != previous // count
        previous = part[-1]
    del key
    duplicate = np.zeros(len(order), dtype=bool)
    duplicate[order] = duplicate_sorted
    return SeriesOrder(order, first, duplicate)


def duplicate_keys(
    report: Report,
    codes: Codes,
    period: Periods,
    *,
    column: str = "period",
    also: Sequence[str] = (),
) -> SeriesOrder:
    """Report every row whose key (``OBSERVATION_KEY``, and the columns *also*) another row
    repeats. The catalogue adds ``quote``: two wordings of one quantity in one source (two
    speakers in one article) are two claims; the same quote twice is a repeat."""
    key = [c for c in OBSERVATION_KEY if c != "period"]
    sorted_rows = series_order(codes, [*key, *also], period)
    message = f"{', '.join([DUPLICATE, *also[:-1]])} and {also[-1]}" if also else DUPLICATE
    report.add(sorted_rows.duplicate, column, "duplicate-key", message)
    return sorted_rows
