"""Checks across the catalogue's tables, and the rules that need parsed values.

Each check is vectorised over a whole column and returns problem records for the failing rows
only: ids resolve, countries are real, periods parse, bounds agree with the qualifier and with
each other, keys are unique, the quote holds the figure and the figure's numbers are the
recorded ones, and every unit converts to its indicator's unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd

from integration_indicators.errors import Problem, UnitError
from integration_indicators.io.readers import RawTable
from integration_indicators.model.figures import figure_numbers, mismatches
from integration_indicators.model.periods import parse_periods
from integration_indicators.model.units import check_unit, pair_factors, root_factors
from integration_indicators.model.vocabulary import OBSERVATION_KEY, UNION_STATE
from integration_indicators.validation.schemas import COUNTRY_SHAPE, is_number_or_empty

#: Message of a repeated id.
UNIQUE = "is used by another row: ids must be unique"


def country_codes() -> frozenset[str]:
    """Codes of every economy a catalogue accepts (see ``economies.economy_codes``)."""
    from integration_indicators.model.economies import economy_codes

    return economy_codes()


def emit(
    table: RawTable, mask: np.ndarray | pd.Series, column: str, rule: str, message: str | pd.Series
) -> list[Problem]:
    """One problem per row where *mask* holds, naming *column*'s value there."""
    positions = np.flatnonzero(np.asarray(mask, dtype=bool))
    values = table.frame[column].to_numpy()
    texts = message.to_numpy() if isinstance(message, pd.Series) else None
    return [
        Problem(
            table.file_of(int(p)),
            table.row_of(int(p), column),
            column,
            values[p],
            rule,
            str(texts[p]) if texts is not None else str(message),
        )
        for p in positions
    ]


def normalise_text(series: pd.Series) -> pd.Series:
    """Unicode NFKC, then runs of white space as one space, trimmed."""
    return series.str.normalize("NFKC").str.replace(r"\s+", " ", regex=True).str.strip()


def check_sources(sources: RawTable) -> list[Problem]:
    """Ids are unique across files; publication and access dates are calendar dates."""
    problems = emit(sources, sources.frame["id"].duplicated(keep=False), "id", "unique", UNIQUE)
    for column in ("date_published", "date_accessed"):
        text = sources.frame[column]
        filled = (text != "").to_numpy()
        parsed = parse_periods(text, intervals=False)
        problems += emit(
            sources, filled & parsed["problem"].notna(), column, "date", parsed["problem"]
        )
    return problems


def check_indicators(indicators: RawTable) -> list[Problem]:
    """Every canonical unit is a unit of the registry."""
    units = indicators.frame["unit"]
    failures: dict[str, str] = {}
    for unit in units.unique():
        try:
            check_unit(str(unit))
        except UnitError as exc:
            failures[str(unit)] = exc.message
    bad = units.isin(failures)
    return emit(
        indicators, bad, "unit", "unit-unknown", units.map(failures).astype("object").fillna("")
    )


def check_rules(rules: RawTable, indicators: RawTable) -> list[Problem]:
    """Crosscheck rules name known indicators, have the operands their operation needs, say
    in words how a partial or not-comparable measure differs, and have unique ids."""
    frame = rules.frame
    known = set(indicators.frame["id"])
    problems = emit(rules, frame["id"].duplicated(keep=False), "id", "unique", UNIQUE)
    problems += emit(
        rules, ~frame["claim"].isin(known), "claim", "unknown-indicator", "no such indicator"
    )
    for column in ("first", "second"):
        ids = frame[column].str.split("; ").explode()
        unknown = (ids != "") & ~ids.isin(known)
        bad = unknown.groupby(level=0).any().reindex(frame.index, fill_value=False)
        problems += emit(rules, bad, column, "unknown-indicator", "names an unknown indicator")
    as_is = frame["operation"] == "as_is"
    problems += emit(
        rules, frame["first"] == "", "first", "missing-operand", "the first operand is missing"
    )
    problems += emit(
        rules, frame["first_geo"] == "", "first_geo", "missing-operand", "say geo or counterpart"
    )
    problems += emit(
        rules, ~as_is & ((frame["second"] == "") | (frame["second_geo"] == "")), "second",
        "missing-operand", "this operation needs a second operand and its second_geo",
    )  # fmt: skip
    problems += emit(
        rules, as_is & (frame["second"] != ""), "second", "extra-operand",
        "as_is takes one operand: leave second empty",
    )  # fmt: skip
    unexplained = (frame["comparability"] != "comparable") & (frame["difference"].str.strip() == "")
    return problems + emit(
        rules, unexplained, "difference", "not-empty",
        "say in words how the official measure differs from the claim's",
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ParsedObservations:
    """Values of observations.csv parsed for the checks and the catalogue."""

    #: value, lower, upper as written, as floats (NaN where empty or not a number).
    numbers: pd.DataFrame
    #: start and end day of each period.
    periods: pd.DataFrame
    #: factor from the written unit to the indicator's unit (NaN where it does not convert).
    factors: np.ndarray
    #: the indicator's canonical unit of each row ("" where the indicator is unknown).
    canonical: pd.Series


def _bounds_problems(table: RawTable, numbers: pd.DataFrame, usable: np.ndarray) -> list[Problem]:
    """Qualifier and bounds agree (the catalogue's rules), and lower <= value <= upper."""
    q = table.frame["qualifier"].to_numpy()
    v, lo, hi = (numbers[c].notna().to_numpy() for c in ("value", "lower", "upper"))
    value, lower, upper = (numbers[c].to_numpy() for c in ("value", "lower", "upper"))
    none, one_zero = ~lo & ~hi, (lo ^ hi) & ((lower == 0) | (upper == 0))
    rules = {
        "exact": (v & none, "value", "needs a value and no bounds"),
        "approximate": (v & none, "value", "needs a value and no bounds (flagged, not widened)"),
        "at_most": (v & ~lo & hi & (upper == value), "upper", "needs upper = value and no lower"),
        "at_least": (v & lo & ~hi & (lower == value), "lower", "needs lower = value and no upper"),
        "range": (
            lo & hi,
            "lower",
            "needs both lower and upper (value only if the text gives one)",
        ),
        "sign": (
            ~v & one_zero,
            "value",
            "needs no value and one bound of 0: lower = 0 for a "
            "surplus or other positive sign, upper = 0 for a deficit",
        ),
    }
    problems: list[Problem] = []
    for qualifier, (ok, column, message) in rules.items():
        bad = usable & (q == qualifier) & ~ok
        problems += emit(table, bad, column, "qualifier-bounds", f"qualifier {qualifier} {message}")
    with np.errstate(invalid="ignore"):
        disorder = (lower > value) | (value > upper) | (lower > upper)
    problems += emit(
        table, usable & disorder, "value", "bounds-order", "lower <= value <= upper fails"
    )
    return problems


def _figure_problems(
    table: RawTable, numbers: pd.DataFrame, parsed_units: np.ndarray, usable: np.ndarray
) -> list[Problem]:
    """The quote holds the figure, and the figure's numbers are the recorded ones."""
    frame = table.frame
    press = (frame["status"] != "official").to_numpy()
    problems: list[Problem] = []
    for column in ("figure", "quote"):
        empty = press & (frame[column].str.strip() == "").to_numpy()
        problems += emit(
            table, empty, column, "not-empty", "a press figure needs its figure and quote"
        )
    figure, quote = normalise_text(frame["figure"]), normalise_text(frame["quote"])
    has_figure = (figure != "").to_numpy()
    found = np.strings.find(quote.to_numpy(dtype="T"), figure.to_numpy(dtype="T")) >= 0
    problems += emit(
        table,
        has_figure & ~found,
        "figure",
        "figure-not-in-quote",
        "the figure is not in the quote (compared after NFKC and white-space normalisation)",
    )
    check = has_figure & usable & ~np.isnan(parsed_units)
    q = frame["qualifier"].to_numpy()
    recorded = numbers.assign(
        lower=numbers["lower"].where(q == "range"), upper=numbers["upper"].where(q == "range")
    ).mul(parsed_units, axis=0)
    long = cast(pd.Series, recorded.reset_index(drop=True).stack().dropna())
    long.index = long.index.get_level_values(0)
    positions = np.flatnonzero(check)
    written = figure_numbers(figure.iloc[positions].reset_index(drop=True))
    written.index = positions[written.index.to_numpy()]
    long = long[long.index.isin(positions)]
    bad = mismatches(written, long)
    messages = pd.Series("", index=frame.index, dtype="str")
    for position in bad:
        says = _listed(written[written.index == position])
        records = _listed(long[long.index == position])
        messages.iloc[position] = (
            f"the figure says {says} but value (and lower, upper for a range) in "
            f"{frame['unit'].iloc[position]!r} give {records} (in root units, signs ignored)"
        )
    mask = np.zeros(len(frame), dtype=bool)
    mask[bad] = True
    return problems + emit(table, mask, "figure", "figure-mismatch", messages)


def _conversion_problems(
    table: RawTable,
    numbers: pd.DataFrame,
    factors: np.ndarray,
    canonical: pd.Series,
    usable: np.ndarray,
) -> list[Problem]:
    """A value or bound that overflows to infinity or underflows to 0 in the canonical unit."""
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        converted = numbers.to_numpy() * factors[:, None]
    written = numbers.to_numpy()
    present = ~np.isnan(written) & ~np.isnan(factors)[:, None]
    overflow = (present & ~np.isfinite(converted)).any(axis=1)
    underflow = (present & (written != 0) & (converted == 0)).any(axis=1)
    unit = "'" + canonical.astype("str") + "'"
    over, under = "overflows to infinity in " + unit, "underflows to 0 in " + unit
    return emit(table, usable & overflow, "value", "number-range", over) + emit(
        table, usable & underflow, "value", "number-range", under
    )


def _pair_problems(table: RawTable, definitions: pd.DataFrame) -> list[Problem]:
    """Bilateral indicators name a counterpart; the Union State's are BLR with RUS."""
    frame = table.frame
    pairing = frame["indicator"].map(definitions["pair"]).fillna("")
    required = (pairing == "required") & (frame["counterpart"] == "")
    union = (pairing == "union-state") & (
        (frame["geo"] != UNION_STATE[0]) | (frame["counterpart"] != UNION_STATE[1])
    )
    return (
        emit(
            table,
            required,
            "counterpart",
            "counterpart-required",
            "a bilateral indicator: name the partner country (ISO 3166-1 alpha-3)",
        )
        + emit(
            table,
            union & (frame["geo"] != UNION_STATE[0]),
            "geo",
            "union-state",
            f"a Union State indicator: geo is {UNION_STATE[0]} and counterpart {UNION_STATE[1]}",
        )
        + emit(
            table,
            union & (frame["geo"] == UNION_STATE[0]),
            "counterpart",
            "union-state",
            f"a Union State indicator: geo is {UNION_STATE[0]} and counterpart {UNION_STATE[1]}",
        )
    )


#: Words that give the sign of a value, by sign convention: (negative, positive).
SIGN_WORDS = {
    "balance": (r"\bdeficits?\b", r"\bsurplus(?:es)?\b"),
    "change": (
        r"\b(?:fell|fall(?:s|en)?|decreased?|declined?|dropped|shrank|contracted|down by)\b",
        r"\b(?:rose|rise[sn]?|increased?|grew|grown|up by)\b",
    ),
}


def _sign_problems(
    table: RawTable, definitions: pd.DataFrame, numbers: pd.DataFrame, usable: np.ndarray
) -> list[Problem]:
    """A figure (or, where it says nothing, its quote) that says deficit or surplus, fell or
    rose, agrees with the sign of the value for indicators with a sign convention."""
    frame = table.frame
    convention = frame["indicator"].map(definitions["sign"]).fillna("")
    value, lower, upper = (numbers[c].to_numpy() for c in ("value", "lower", "upper"))
    with np.errstate(invalid="ignore"):
        sign = np.where(
            ~np.isnan(value),
            np.sign(value),
            np.where(lower >= 0, 1.0, np.where(upper <= 0, -1.0, np.nan)),
        )
    problems: list[Problem] = []
    for name, (negative, positive) in SIGN_WORDS.items():
        rows = (convention == name).to_numpy() & usable
        if not rows.any():
            continue
        says: dict[str, np.ndarray] = {}
        for column in ("figure", "quote"):
            text = frame[column].str.lower()
            neg = text.str.contains(negative, regex=True).to_numpy(dtype=bool)
            pos = text.str.contains(positive, regex=True).to_numpy(dtype=bool)
            says[column] = np.where(neg & ~pos, -1.0, np.where(pos & ~neg, 1.0, np.nan))
        stated = np.where(np.isnan(says["figure"]), says["quote"], says["figure"])
        wrong = rows & ~np.isnan(stated) & ~np.isnan(sign) & (sign != 0) & (sign != stated)
        words = ("deficit", "surplus") if name == "balance" else ("a fall", "a rise")
        said = (
            f"the text says {words[0]} but the value is positive: by the indicator's sign "
            f"convention ({name}) it must be negative",
            f"the text says {words[1]} but the value is negative: by the indicator's sign "
            f"convention ({name}) it must be positive",
        )
        message = pd.Series(np.where(stated < 0, *said), index=frame.index)
        problems += emit(table, wrong, "value", "sign-convention", message)
    return problems


def _listed(numbers: pd.Series) -> str:
    return "[" + ", ".join(f"{abs(x):g}" for x in sorted(np.abs(numbers.to_numpy()))) + "]"


def check_observations(
    observations: RawTable, indicators: RawTable, sources: RawTable
) -> tuple[list[Problem], ParsedObservations]:
    """Every cross-table and parsed-value rule of observations.csv."""
    table, frame = observations, observations.frame
    problems: list[Problem] = []
    definitions = indicators.frame.drop_duplicates("id").set_index("id")
    known = frame["indicator"].isin(definitions.index)
    problems += emit(
        table,
        ~known,
        "indicator",
        "unknown-indicator",
        f"no indicator with this id in {indicators.file}",
    )
    problems += emit(
        table,
        ~frame["source"].isin(sources.frame["id"]),
        "source",
        "unknown-source",
        f"no source with this id in {sources.file}",
    )
    codes = country_codes()
    for column in ("geo", "counterpart"):
        text = frame[column]
        shaped = text.str.fullmatch(COUNTRY_SHAPE).fillna(False).astype(bool)
        problems += emit(
            table,
            shaped & ~text.isin(codes),
            column,
            "iso-country",
            "not an economy code (ISO 3166-1 or 3166-3 alpha-3, or XKX, CHI)",
        )
    no_counterpart = frame["indicator"].map(definitions["counterpart"]).fillna("x") == ""
    problems += emit(
        table,
        no_counterpart & (frame["counterpart"] != ""),
        "counterpart",
        "counterpart-not-applicable",
        "the indicator has no counterpart: leave it empty",
    )
    periods = parse_periods(frame["period"])
    problems += emit(
        table,
        (frame["period"] != "") & periods["problem"].notna(),
        "period",
        "period",
        periods["problem"],
    )
    as_of = parse_periods(frame["as_of"], intervals=False)
    problems += emit(
        table, (frame["as_of"] != "") & as_of["problem"].notna(), "as_of", "as-of", as_of["problem"]
    )
    written = frame[["value", "lower", "upper"]]
    numeric_ok = pd.DataFrame({c: is_number_or_empty(written[c]) for c in written.columns})
    usable = numeric_ok.all(axis=1).to_numpy(dtype=bool)
    numbers = written.where(written != "").apply(pd.to_numeric, errors="coerce").astype("float64")
    problems += emit(
        table,
        usable & ~np.isfinite(numbers.fillna(0.0)).all(axis=1).to_numpy(),
        "value",
        "number-or-empty",
        "too large: not a finite number",
    )
    nonzero = pd.DataFrame(
        {
            c: written[c].str.split(r"[eE]", regex=True).str[0].str.contains("[1-9]").fillna(False)
            for c in written.columns
        },
        index=written.index,
    ).astype(bool)
    underflow = (nonzero & (numbers == 0)).any(axis=1).to_numpy()
    problems += emit(
        table, usable & underflow, "value", "number-or-empty", "too small: it would be stored as 0"
    )
    problems += _bounds_problems(table, numbers, usable)
    problems += emit(
        table,
        frame["id"].duplicated(keep=False),
        "id",
        "unique",
        UNIQUE,
    )
    key = list(OBSERVATION_KEY)
    duplicated = frame.duplicated(subset=key, keep=False).to_numpy()
    problems += emit(
        table, duplicated, "id", "duplicate-key", f"another row has the same {', '.join(key)}"
    )
    canonical = frame["indicator"].map(definitions["unit"]).fillna("").astype("str")
    units = pair_factors(frame["unit"], canonical)
    # grammar failures are the schema's to report; unknown indicators have no target unit
    failing = known.to_numpy() & (units.rules != "") & (units.rules != "unit-grammar")
    messages = pd.Series(units.messages, index=frame.index)
    for rule in sorted(set(units.rules[failing])):
        problems += emit(table, failing & (units.rules == rule), "unit", rule, messages)
    problems += _figure_problems(table, numbers, root_factors(frame["unit"]), usable)
    problems += _conversion_problems(table, numbers, units.factors, canonical, usable)
    problems += _pair_problems(table, definitions)
    problems += _sign_problems(table, definitions, numbers, usable)
    parsed = ParsedObservations(numbers, periods[["start", "end"]], units.factors, canonical)
    return problems, parsed
