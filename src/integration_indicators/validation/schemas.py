"""pandera schemas of the catalogue's three files, and their failures as problem records.

The models check each file's table of text on its own: columns present and no others, the
shape of ids, codes, numbers and unit strings, closed vocabularies, unique ids. Checks that
need more than one table or a parsed value live in ``integration_indicators.checks``.
pandera runs lazily, so one run reports every failing cell; ``schema_problems`` turns its
failure cases into the library's ``integration_indicators.errors.Problem`` records.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from integration_indicators.errors import Problem
from integration_indicators.io.readers import MISSING_COLUMN, UNKNOWN_COLUMN, RawTable
from integration_indicators.model.units import MAX_UNIT_LENGTH, UNIT_GRAMMAR
from integration_indicators.model.vocabulary import (
    CATEGORIES,
    COMPARABILITIES,
    INFERABLE_SOURCE_FIELDS,
    MEASURES,
    OPERAND_PLACES,
    OPERATIONS,
    PAIRINGS,
    QUALIFIERS,
    ROLES,
    SIGN_CONVENTIONS,
    SOURCE_KINDS,
    STATUSES,
)
from integration_indicators.validation.engine import (
    PROBLEMS_PER_RULE,
    current,
    distinct,
    remembered,
)

SLUG = r"[a-z0-9][a-z0-9._-]*"
INDICATOR_ID = r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+"
COUNTRY_SHAPE = r"[A-Z]{3}"
DATE_TEXT = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
NUMBER_TEXT = r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?"
URL_TEXT = r"https?://[^\s]+"

#: Message of each rule a schema can break, by rule code.
RULES: dict[str, str] = {
    "slug": "must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit",
    "indicator-id": "must be a dotted lower-case id such as 'trade.goods.turnover'",
    "country-shape": "must be an ISO 3166-1 alpha-3 code: three capital letters such as 'BLR'",
    "country-shape-or-empty": "must be empty or an ISO 3166-1 alpha-3 code such as 'RUS'",
    "date-shape-or-empty": "must be empty or an ISO 8601 date: 2024, 2024-02 or 2024-02-02",
    "number-or-empty": "must be empty or a plain decimal number such as 8.4 or -9.6 "
    "(no thousands separators, no words, no inf or nan)",
    "unit-grammar": f"must be unit words joined by spaces or '/', at most {MAX_UNIT_LENGTH} "
    "characters, such as 'billion USD' or 'person'",
    "qualifier": f"must be one of {', '.join(QUALIFIERS)}",
    "status": f"must be one of {', '.join(STATUSES)}",
    "measure": f"must be one of {', '.join(MEASURES)}",
    "category": f"must be one of {', '.join(CATEGORIES)}",
    "source-kind": f"must be one of {', '.join(SOURCE_KINDS)}",
    "operation": f"must be one of {', '.join(OPERATIONS)}",
    "comparability": f"must be one of {', '.join(COMPARABILITIES)}",
    "role": f"must be empty or one of {', '.join(ROLES)}",
    "operand-place": "must be geo or counterpart (the claim's), or empty for no counterpart",
    "months": "must be a whole number of months such as 6",
    "pair": f"must be empty or one of {', '.join(p for p in PAIRINGS if p)}",
    "sign": f"must be empty or one of {', '.join(s for s in SIGN_CONVENTIONS if s)}",
    "inferred-fields": f"must list only fields among {', '.join(INFERABLE_SOURCE_FIELDS)}",
    "url-or-empty": "must be empty or an http(s) address",
    "currency-code-or-empty": "must be empty or an ISO 4217 code of a currency in use (EUR, RUB)",
    "not-empty": "must not be empty",
    "unique": "is used by another row: ids must be unique",
    "missing-column": MISSING_COLUMN,
    "missing-field": "the field is missing from this entry",
    "unknown-column": UNKNOWN_COLUMN,
    "not-text": "must be text",
}


#: Rows sampled to decide whether a column repeats its values enough to match them once each.
_SAMPLE = 10_000


def _fullmatch(series: pd.Series, pattern: str) -> pd.Series:
    """Cells that match *pattern* in full; on a long column whose values repeat (codes,
    units, years), each distinct value is matched once and the result mapped back. Within
    a validation the result is shared by the schema and the rules."""

    def match() -> pd.Series:
        if len(series) > 4 * _SAMPLE and series.iloc[:_SAMPLE].nunique() < _SAMPLE // 10:
            codes, values = distinct(series)
            matched = pd.Series(values, dtype="str").str.fullmatch(pattern).fillna(False)
            ok = np.append(matched.to_numpy(dtype=bool), False)[codes]
            return pd.Series(ok, index=series.index)
        return series.str.fullmatch(pattern).fillna(False).astype(bool)

    return remembered(series, f"fullmatch {pattern}", match)


def _full(series: pd.Series, pattern: str, empty_ok: bool = False) -> pd.Series:
    ok = _fullmatch(series, pattern)
    return ok | (series == "") if empty_ok else ok


def is_number_or_empty(series: pd.Series) -> pd.Series:
    """Cells that are empty or a plain decimal number (the check "number-or-empty")."""
    return _full(series, NUMBER_TEXT, empty_ok=True)


def is_unit_text(series: pd.Series) -> pd.Series:
    """Cells that pass the unit allow-list grammar (the check "unit-grammar")."""
    return _full(series, UNIT_GRAMMAR.pattern) & (series.str.len() <= MAX_UNIT_LENGTH)


def is_year(series: pd.Series) -> pd.Series:
    """Cells that are a four-digit year (the check "year")."""
    return _full(series, r"[0-9]{4}")


def _in(series: pd.Series, allowed: tuple[str, ...]) -> pd.Series:
    return series.isin(allowed)


#: Field metadata of a column that is a list in its YAML file and "; "-joined text in the table.
LIST = {"list": True}


def _check(
    *columns: str, name: str
) -> Callable[[classmethod[Any, Any, Any] | Callable[..., Any]], classmethod[Any, Any, Any]]:
    """A column check of a model, pandera listing at most PROBLEMS_PER_RULE failures (the
    rest are counted by ``schema_problems``)."""
    return pa.check(*columns, name=name, n_failure_cases=PROBLEMS_PER_RULE)


class _TextTable(pa.DataFrameModel):
    class Config:
        strict = True
        coerce = False


class SourceFile(_TextTable):
    """sources*.yaml: one row per source document (ids: see checks)."""

    id: Series[str]
    title: Series[str]
    authors: Series[str] = pa.Field(metadata=LIST)
    producer: Series[str]
    kind: Series[str]
    date_published: Series[str]
    date_accessed: Series[str]
    url_main: Series[str]
    license: Series[str]
    document: Series[str]
    inferred: Series[str] = pa.Field(metadata=LIST)
    note: Series[str]
    #: Official statistics only (empty for press sources): the dataset and series code, the
    #: licence's attribution text, and the repository, commit and path of the copy used.
    dataset: Series[str] | None
    code: Series[str] | None
    attribution: Series[str] | None
    repository: Series[str] | None
    commit: Series[str] | None
    path: Series[str] | None
    #: The currency the source reports in (ISO 4217), where it is not the US dollar: a
    #: growth it states is judged on levels in that currency.
    currency: Series[str] | None

    @_check("id", name="slug")
    def _slug(cls, s: Series[str]) -> Series[bool]:
        return _full(s, SLUG)  # type: ignore[return-value]

    @_check("kind", name="source-kind")
    def _kind(cls, s: Series[str]) -> Series[bool]:
        return _in(s, SOURCE_KINDS)  # type: ignore[return-value]

    @_check("date_published", "date_accessed", name="date-shape-or-empty")
    def _dates(cls, s: Series[str]) -> Series[bool]:
        return _full(s, DATE_TEXT, empty_ok=True)  # type: ignore[return-value]

    @_check("url_main", name="url-or-empty")
    def _url(cls, s: Series[str]) -> Series[bool]:
        return _full(s, URL_TEXT, empty_ok=True)  # type: ignore[return-value]

    @_check("currency", name="currency-code-or-empty")
    def _currency(cls, s: Series[str]) -> Series[bool]:
        from integration_indicators.model.currency_words import active_currencies

        return (s == "") | s.isin(sorted(active_currencies()))  # type: ignore[return-value]

    @_check("inferred", name="inferred-fields")
    def _inferred(cls, s: Series[str]) -> Series[bool]:
        items = s.str.split("; ").explode()
        ok = (items == "") | items.isin(INFERABLE_SOURCE_FIELDS)
        return ok.groupby(level=0).all().reindex(s.index)  # type: ignore[return-value]


class IndicatorFile(_TextTable):
    """indicators.yaml: one row per indicator definition."""

    id: Series[str] = pa.Field(unique=True)
    name: Series[str]
    definition: Series[str]
    unit: Series[str]
    measure: Series[str]
    category: Series[str]
    geo: Series[str]
    counterpart: Series[str]
    note: Series[str]
    #: Optional: ``required`` (bilateral), ``union-state`` (BLR with RUS only) or empty.
    pair: Series[str] | None
    #: Optional: ``balance`` (deficit < 0 < surplus), ``change`` (fall < 0 < rise),
    #: ``nonnegative`` (never below 0) or empty.
    sign: Series[str] | None
    #: Optional: words a quote must hold for ``claims add`` to propose the indicator.
    concepts: Series[str] | None = pa.Field(metadata=LIST)

    @_check("pair", name="pair")
    def _pair(cls, s: Series[str]) -> Series[bool]:
        return _in(s, PAIRINGS)  # type: ignore[return-value]

    @_check("sign", name="sign")
    def _sign(cls, s: Series[str]) -> Series[bool]:
        return _in(s, SIGN_CONVENTIONS)  # type: ignore[return-value]

    @_check("id", name="indicator-id")
    def _id(cls, s: Series[str]) -> Series[bool]:
        return _full(s, INDICATOR_ID)  # type: ignore[return-value]

    @_check("name", "definition", "unit", "geo", name="not-empty")
    def _filled(cls, s: Series[str]) -> Series[bool]:
        return s.str.strip() != ""  # type: ignore[return-value]

    @_check("unit", name="unit-grammar")
    def _unit(cls, s: Series[str]) -> Series[bool]:
        return is_unit_text(s)  # type: ignore[return-value]

    @_check("measure", name="measure")
    def _measure(cls, s: Series[str]) -> Series[bool]:
        return _in(s, MEASURES)  # type: ignore[return-value]

    @_check("category", name="category")
    def _category(cls, s: Series[str]) -> Series[bool]:
        return _in(s, CATEGORIES)  # type: ignore[return-value]


class ObservationFile(_TextTable):
    """observations*.csv: one row per figure, every cell as text; ids unique."""

    id: Series[str] = pa.Field(unique=True)
    indicator: Series[str]
    geo: Series[str]
    counterpart: Series[str]
    period: Series[str]
    as_of: Series[str]
    #: Optional: for an official figure a later release revised or withdrew, the date of
    #: that release (the figure was the published one from as_of until then); empty while
    #: it is the published one.
    valid_until: Series[str] | None
    value: Series[str]
    lower: Series[str]
    upper: Series[str]
    unit: Series[str]
    qualifier: Series[str]
    #: Optional: "true" where the source marks the value as its own estimate (the IMF's
    #: "e"); empty or "false" otherwise.
    estimated: Series[str] | None
    status: Series[str]
    figure: Series[str]
    quote: Series[str]
    attributed_to: Series[str]
    cited_source: Series[str]
    source: Series[str]
    note: Series[str]

    @_check("id", "source", name="slug")
    def _slug(cls, s: Series[str]) -> Series[bool]:
        return _full(s, SLUG)  # type: ignore[return-value]

    @_check("indicator", name="indicator-id")
    def _indicator(cls, s: Series[str]) -> Series[bool]:
        return _full(s, INDICATOR_ID)  # type: ignore[return-value]

    @_check("geo", name="country-shape")
    def _geo(cls, s: Series[str]) -> Series[bool]:
        return _full(s, COUNTRY_SHAPE)  # type: ignore[return-value]

    @_check("counterpart", name="country-shape-or-empty")
    def _counterpart(cls, s: Series[str]) -> Series[bool]:
        return _full(s, COUNTRY_SHAPE, empty_ok=True)  # type: ignore[return-value]

    @_check("period", name="not-empty")
    def _period(cls, s: Series[str]) -> Series[bool]:
        return s != ""  # type: ignore[return-value]

    @_check("valid_until", name="date-shape-or-empty")
    def _valid_until(cls, s: Series[str]) -> Series[bool]:
        return _full(s, DATE_TEXT, empty_ok=True)  # type: ignore[return-value]

    @_check("value", "lower", "upper", name="number-or-empty")
    def _number(cls, s: Series[str]) -> Series[bool]:
        return is_number_or_empty(s)  # type: ignore[return-value]

    @_check("unit", name="unit-grammar")
    def _unit(cls, s: Series[str]) -> Series[bool]:
        return is_unit_text(s)  # type: ignore[return-value]

    @_check("estimated", name="true-false-or-empty")
    def _estimated(cls, s: Series[str]) -> Series[bool]:
        return _in(s, ("", "true", "false"))  # type: ignore[return-value]

    @_check("qualifier", name="qualifier")
    def _qualifier(cls, s: Series[str]) -> Series[bool]:
        return _in(s, QUALIFIERS)  # type: ignore[return-value]

    @_check("status", name="status")
    def _status(cls, s: Series[str]) -> Series[bool]:
        return _in(s, STATUSES)  # type: ignore[return-value]


class CrosscheckFile(_TextTable):
    """crosschecks.yaml: which official quantity answers a kind of claim (one rule per row)."""

    id: Series[str]
    #: The claims' indicator.
    claim: Series[str]
    operation: Series[str]
    #: Indicators multiplied into the first operand ("; "-joined list).
    first: Series[str] = pa.Field(metadata=LIST)
    first_geo: Series[str]
    first_counterpart: Series[str] | None
    second: Series[str] | None = pa.Field(metadata=LIST)
    second_geo: Series[str] | None
    second_counterpart: Series[str] | None
    #: Official datasets that may answer ("; "-joined; empty: any official observation).
    datasets: Series[str] | None = pa.Field(metadata=LIST)
    comparability: Series[str]
    #: In words: how the official measure differs from the claim's (partial, not-comparable).
    difference: Series[str] | None
    role: Series[str] | None
    note: Series[str] | None

    @_check("id", name="slug")
    def _slug(cls, s: Series[str]) -> Series[bool]:
        return _full(s, SLUG)  # type: ignore[return-value]

    @_check("claim", name="indicator-id")
    def _claim(cls, s: Series[str]) -> Series[bool]:
        return _full(s, INDICATOR_ID)  # type: ignore[return-value]

    @_check("first", "second", name="indicator-id")
    def _operands(cls, s: Series[str]) -> Series[bool]:
        return _full(s, rf"{INDICATOR_ID}(?:; {INDICATOR_ID})*", empty_ok=True)  # type: ignore[return-value]

    @_check("operation", name="operation")
    def _operation(cls, s: Series[str]) -> Series[bool]:
        return _in(s, OPERATIONS)  # type: ignore[return-value]

    @_check(
        "first_geo", "second_geo", "first_counterpart", "second_counterpart", name="operand-place"
    )
    def _place(cls, s: Series[str]) -> Series[bool]:
        return _in(s, ("", *OPERAND_PLACES))  # type: ignore[return-value]

    @_check("comparability", name="comparability")
    def _comparability(cls, s: Series[str]) -> Series[bool]:
        return _in(s, COMPARABILITIES)  # type: ignore[return-value]

    @_check("role", name="role")
    def _role(cls, s: Series[str]) -> Series[bool]:
        return _in(s, ("", *ROLES))  # type: ignore[return-value]


class ReleaseFile(_TextTable):
    """releases.yaml: when an official dataset publishes a period (its release lag)."""

    id: Series[str]
    #: The ``dataset`` field of the sources it applies to.
    dataset: Series[str]
    #: Months after a period's last day until its data are published.
    lag_months: Series[str]
    note: Series[str]

    @_check("id", name="slug")
    def _slug(cls, s: Series[str]) -> Series[bool]:
        return _full(s, SLUG)  # type: ignore[return-value]

    @_check("dataset", "note", name="not-empty")
    def _filled(cls, s: Series[str]) -> Series[bool]:
        return s.str.strip() != ""  # type: ignore[return-value]

    @_check("lag_months", name="months")
    def _months(cls, s: Series[str]) -> Series[bool]:
        return _full(s, r"[0-9]{1,3}")  # type: ignore[return-value]


_PANDERA_RULES = {
    "column_in_schema": "unknown-column",
    "column_in_dataframe": "missing-column",
    "field_uniqueness": "unique",
    "not_nullable": "missing-field",
}


def _rule_of(check: object) -> str:
    name = str(check)
    if name in RULES:
        return name
    if name.startswith("dtype("):
        return "not-text"
    return _PANDERA_RULES.get(name, name)


def _failures(check: pa.Check, values: pd.Series) -> int:
    """How many cells of *values* fail *check* (pandera lists at most PROBLEMS_PER_RULE)."""
    output = check(values).check_output
    return int((~output.to_numpy(dtype=bool)).sum())


@functools.cache
def _text_trusting(model: type[pa.DataFrameModel]) -> tuple[pa.DataFrameSchema, dict[str, Any]]:
    """*model*'s schema without the type check of its text columns, and those columns'
    pandas type: a table whose text columns are all of that type (as the readers give
    them) needs no check per column (pandera 0.35 checks a text column's type cell by cell
    and formats an empty table of failures for each); any other table gets the model's
    own schema, which names the column."""
    schema = model.to_schema()
    text = {
        name: column.dtype.type
        for name, column in schema.columns.items()
        if str(column.dtype).startswith("string")
    }
    return schema.update_columns({name: {"dtype": None} for name in text}), text


def schema_problems(model: type[pa.DataFrameModel], table: RawTable) -> list[Problem]:
    """Cells of *table* that break *model*, as problem records (empty when valid).

    The first ``PROBLEMS_PER_RULE`` cells of each rule are listed; the rest are counted into
    the running validation's context (``engine.current().omitted``), so that a file of
    garbage costs the counting, not a record per cell.
    """
    schema, text = _text_trusting(model)
    frame = table.frame
    if not all(c in frame.columns and frame[c].dtype == text[c] for c in text):
        schema = model.to_schema()  # a column not of its text type: pandera names it
    try:
        schema.validate(frame, lazy=True, inplace=True)  # no copy: the rules share work
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return []
    checks = cases["check"].astype("str")
    rules = checks.map({c: _rule_of(c) for c in checks.unique()})
    columns = cases["column"].astype("str")
    counts = rules.value_counts().to_dict()
    for (column, check), size in checks.groupby([columns, checks]).size().items():
        if size < PROBLEMS_PER_RULE or column not in schema.columns:
            continue
        for found in schema.columns[column].checks:  # pandera listed the first N: count all
            if found.name == check:
                counts[_rule_of(check)] += _failures(found, table.frame[column]) - size
    listed = (rules.groupby(rules).cumcount() < PROBLEMS_PER_RULE).to_numpy()
    context = current()
    if context is not None:
        for rule, total in counts.items():
            context.omitted[rule] += max(total - min(total, PROBLEMS_PER_RULE), 0)
    problems: list[Problem] = []
    kept = cases[listed]
    for column, rule, value, index in zip(
        kept["column"], rules[listed], kept["failure_case"], kept["index"], strict=True
    ):
        message = RULES.get(rule, rule)
        if rule in ("unknown-column", "missing-column"):
            problems.append(Problem(table.file, None, str(value), None, rule, message))
            continue
        position = int(index) if isinstance(index, int | np.integer) else None
        row = None if position is None else table.row_of(position, str(column))
        file = table.file if position is None else table.file_of(position)
        problems.append(Problem(file, row, str(column), value, rule, message))
    return problems
