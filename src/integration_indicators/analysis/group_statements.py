"""Officials' statements of a group's own figures (the EAEU's mutual trade), as the press
reported them: a second tier beside the series the library computes from a dataset.

A group is not an economy, so its figures are not observations: ``group-statements.csv``
(the bundled one in ``datasets/``, or one in a user's catalogue directory) holds one row per
stated figure, with the page it was found in (a source of the catalogue), the quote kept
verbatim and the figure as written in it. ``read_group_statements`` reads and checks such a
file, every problem at once; ``statements_table`` gives a group's rows in words for the
indices and the group's page. A statement is never joined to a computed series: the two are
shown side by side, and the statement's own unit is kept (a ruble figure stays in rubles).

Examples
--------
>>> table = read_group_statements()
>>> rows = table[(table["group"] == "EAEU") & (table["measure"] == "mutual_trade")]
>>> rows[["period", "value", "unit"]].head(2).to_string(index=False)
'period  value        unit\\n  2020   55.0 billion USD\\n  2021   73.0 billion USD'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from integration_indicators.errors import Problem, ValidationError

if TYPE_CHECKING:
    from integration_indicators.io.readers import RawTable

#: The file's name, in the bundled datasets and in a catalogue directory.
GROUP_STATEMENTS_FILE = "group-statements.csv"

#: The file's columns, in order.
GROUP_STATEMENT_COLUMNS = (
    "id",
    "group",
    "measure",
    "period",
    "as_of",
    "value",
    "lower",
    "upper",
    "unit",
    "qualifier",
    "figure",
    "quote",
    "attributed_to",
    "source",
    "note",
)

#: What a group's statement may state -> the unit it is checked against and its words.
GROUP_MEASURES = {
    "mutual_trade": ("USD", "mutual trade in goods between the members"),
    "mutual_trade_growth": ("percent", "growth of the mutual trade in goods (percent)"),
}

#: Largest file read, in bytes.
MAX_GROUP_STATEMENTS_BYTES = 4 * 1024 * 1024

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _bundled_file() -> Path:
    from integration_indicators.catalogue.loader import bundled_path

    return bundled_path() / GROUP_STATEMENTS_FILE


def read_group_statements(
    path: str | Path | None = None,
    *,
    sources: Iterable[str] | None = None,
    groups: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The statements of a group statements file (the bundled one by default), checked:
    unique ids, a *groups* name (default: the bundled groups file's), a measure of
    ``GROUP_MEASURES``, a year, a date or nothing as ``as_of``, numbers, a unit that
    converts to the measure's (the currency may differ: it is kept as stated), a
    qualifier, the figure inside the quote, a source of *sources* where given.

    Raises ``ValidationError`` naming file, row, column and value of every problem.
    """
    from integration_indicators.analysis.groups import read_groups
    from integration_indicators.io.readers import column_problems, decode_text, parse_csv_table
    from integration_indicators.io.safe_read import read_bytes

    where = Path(path) if path is not None else _bundled_file()
    name = where.name
    data = read_bytes(where, name, MAX_GROUP_STATEMENTS_BYTES)
    text = decode_text(data, name, GROUP_STATEMENT_COLUMNS)
    table = (
        text
        if not isinstance(text, str)
        else parse_csv_table(
            text, name, GROUP_STATEMENT_COLUMNS, data if isinstance(data, bytes) else None
        )
    )
    problems = list(table.problems) or column_problems(
        name, table.frame.columns, GROUP_STATEMENT_COLUMNS
    )
    if problems:
        raise ValidationError(problems, str(where))
    known_groups = set(groups) if groups is not None else set(read_groups()["group"])
    problems = _problems(table, known_groups, None if sources is None else set(sources))
    if problems:
        raise ValidationError(problems, str(where))
    frame = table.frame.loc[:, list(GROUP_STATEMENT_COLUMNS)].copy()
    for column in ("value", "lower", "upper"):
        frame[column] = pd.to_numeric(frame[column].replace("", np.nan), errors="raise")
    return frame


def _problems(table: RawTable, groups: set[str], sources: set[str] | None) -> list[Problem]:
    """Every problem of the rows of *table*, at once."""
    from integration_indicators.model.units import grammar_problem
    from integration_indicators.model.vocabulary import QUALIFIERS
    from integration_indicators.validation.checks import emit, normalise_text

    frame = table.frame.astype("str")
    found: list[Problem] = []

    def add(mask: np.ndarray | pd.Series, column: str, rule: str, message: str) -> None:
        found.extend(emit(table, np.asarray(mask, dtype=bool), column, rule, message))

    for column in (
        "id",
        "group",
        "measure",
        "period",
        "value",
        "unit",
        "qualifier",
        "figure",
        "quote",
        "source",
    ):
        add(frame[column].str.strip() == "", column, "not-empty", "the field is required")
    add(
        frame["id"].duplicated(keep=False) & (frame["id"] != ""),
        "id",
        "unique",
        "another row has this id",
    )
    add(
        ~frame["group"].isin(groups) & (frame["group"] != ""),
        "group",
        "unknown-group",
        f"not a group of the groups file ({', '.join(sorted(groups))})",
    )
    add(
        ~frame["measure"].isin(list(GROUP_MEASURES)) & (frame["measure"] != ""),
        "measure",
        "group-measure",
        f"must be one of {', '.join(GROUP_MEASURES)}",
    )
    add(
        ~frame["period"].str.fullmatch(r"\d{4}") & (frame["period"] != ""),
        "period",
        "period",
        "a group's statement is of a year: write it as 2022",
    )
    dates = {d: _is_date(d) for d in frame["as_of"].unique()}  # one parse per distinct date
    add(
        ~frame["as_of"].map(dates).to_numpy(dtype=bool),
        "as_of",
        "as-of",
        "the day the statement was made: a date (2023-05-15), a month or a year, or empty",
    )
    for column in ("value", "lower", "upper"):
        numbers = pd.to_numeric(frame[column].replace("", np.nan), errors="coerce")
        add(numbers.isna() & (frame[column] != ""), column, "number", "must be a number")
    add(
        ~frame["qualifier"].isin(QUALIFIERS) & (frame["qualifier"] != ""),
        "qualifier",
        "qualifier",
        f"must be one of {', '.join(QUALIFIERS)}",
    )
    figure, quote = normalise_text(frame["figure"]), normalise_text(frame["quote"])
    inside = np.strings.find(quote.to_numpy(dtype="T"), figure.to_numpy(dtype="T")) >= 0
    add(
        (figure != "").to_numpy(dtype=bool) & ~inside,
        "figure",
        "figure-not-in-quote",
        "the figure is not in the quote (compared after NFKC and white-space normalisation)",
    )
    add(
        _mismatched(frame, grammar_problem),
        "figure",
        "figure-mismatch",
        "the figure's number is not the recorded value in the recorded unit",
    )
    if sources is not None:
        add(
            ~frame["source"].isin(sources) & (frame["source"] != ""),
            "source",
            "unknown-source",
            "no source of the catalogue has this id",
        )
    for unit, measure in (
        frame.loc[frame["unit"] != "", ["unit", "measure"]]
        .drop_duplicates()
        .itertuples(index=False)
    ):  # one check per distinct (unit, measure)
        rows = (frame["unit"] == unit) & (frame["measure"] == measure)
        grammar = grammar_problem(unit)
        known = measure in GROUP_MEASURES
        message = grammar or (_dimension_problem(unit, measure) if known else "")
        if message:
            add(rows, "unit", "unit-grammar" if grammar else "unit-dimension", message)
    return found


def _mismatched(frame: pd.DataFrame, grammar_problem: Callable[[str], str | None]) -> np.ndarray:
    """Rows whose figure's numbers are not the recorded ones (value, and lower and upper for
    a range) in root units; rows with an unreadable number or unit are left to their rules."""
    from integration_indicators.model.figures import figure_numbers, mismatches
    from integration_indicators.model.units import root_factors

    readable = {u: grammar_problem(u) is None for u in frame["unit"].unique()}
    units = frame["unit"].where(frame["unit"].map(readable).astype(bool), "")
    factor = root_factors(units)
    numbers = {
        c: pd.to_numeric(frame[c].replace("", np.nan), errors="coerce").to_numpy()
        for c in ("value", "lower", "upper")
    }
    ranged = (frame["qualifier"] == "range").to_numpy()
    recorded = pd.concat(
        [
            pd.Series(numbers["value"] * factor),
            pd.Series(np.where(ranged, numbers["lower"] * factor, np.nan)),
            pd.Series(np.where(ranged, numbers["upper"] * factor, np.nan)),
        ]
    ).dropna()
    checked = np.asarray(~np.isnan(factor) & ~np.isnan(numbers["value"]), dtype=bool)
    wrong = np.zeros(len(frame), dtype=bool)
    positions = mismatches(figure_numbers(frame["figure"]), recorded, rtol=1e-9)
    wrong[np.asarray(positions, dtype="int64")] = True
    return np.asarray(wrong & checked, dtype=bool)


def _is_date(text: str) -> bool:
    """Whether *text* is empty or a calendar date, month or year (ISO 8601)."""
    import datetime

    if not text:
        return True
    if not _DATE.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text)
    except ValueError:
        return False
    return True


def _dimension_problem(unit: str, measure: str) -> str:
    """Why *unit* does not fit *measure* (a money amount of one currency, or percent); "" where
    it does."""
    from integration_indicators.errors import UnitError
    from integration_indicators.model.units import conversion_factor, currencies_of

    target = GROUP_MEASURES[measure][0]
    try:
        if target == "USD":
            currencies = currencies_of(unit)
            conversion_factor(unit, currencies[0] if len(currencies) == 1 else target)
            if len(currencies) != 1:
                return f"{unit!r} is not an amount of one currency"
        else:
            conversion_factor(unit, target)
    except UnitError as exc:
        return str(exc)
    return ""


def catalogue_group_statements(location: str, sources: pd.DataFrame) -> pd.DataFrame | None:
    """The checked statements of the ``group-statements.csv`` in the catalogue directory
    *location* (None where it has none): their sources among the catalogue's *sources*,
    their groups those of the catalogue's own ``groups.yaml`` (the bundled one where it has
    none)."""
    from integration_indicators.analysis.groups import catalogue_groups

    path = Path(location) / GROUP_STATEMENTS_FILE
    if not location or not path.exists():
        return None
    try:
        groups = set(catalogue_groups(location)["group"].astype("str"))
    except ValidationError:
        groups = set()  # the groups file's own problems are reported by its own check
    return read_group_statements(path, sources=sources["id"].astype("str"), groups=groups)


def statements_table(
    statements: pd.DataFrame, group: str, sources: pd.DataFrame, *, as_of: str | None = None
) -> pd.DataFrame:
    """*group*'s statements in words, by period and measure: what was stated (the figure as
    written, its value and bounds in its own unit), who stated it, the outlet and the day,
    the statement's id and its source's;
    with *as_of*, only those made by that day (an undated one is left out: when it was made
    is unknown).

    Examples
    --------
    >>> import integration_indicators as ii
    >>> table = statements_table(read_group_statements(), "EAEU", ii.load().sources,
    ...                          as_of="2023-12-31")
    >>> table[["period", "stated", "who"]].iloc[5].tolist()
    ['2022', '$84 billion', 'Alexey Overchuk, Russian Deputy Prime Minister']
    """
    rows = statements[statements["group"] == group]
    if as_of is not None:
        said = rows["as_of"].astype("str")
        rows = rows[(said != "") & (said <= as_of)]
    outlets = sources.set_index("id")["producer"].astype("object").fillna("")
    table = pd.DataFrame(
        {
            "period": rows["period"].astype("str"),
            "measure": rows["measure"].map({k: v[1] for k, v in GROUP_MEASURES.items()}),
            "stated": rows["figure"],
            "value": rows["value"],
            "lower": rows["lower"],
            "upper": rows["upper"],
            "unit": rows["unit"],
            "who": rows["attributed_to"],
            "outlet": rows["source"].map(outlets).fillna(rows["source"]),
            "said_on": rows["as_of"].replace("", "undated"),
            "statement": rows["id"],
            "source": rows["source"],
        }
    )
    order = np.lexsort(
        (
            table["said_on"].to_numpy(dtype=str),
            rows["measure"].to_numpy(dtype=str),
            table["period"].to_numpy(dtype=str),
        )
    )  # level, then growth, per year
    return table.iloc[order].reset_index(drop=True)
