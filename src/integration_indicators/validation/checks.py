"""Checks across the catalogue's tables, and the rules that need parsed values.

Each check is vectorised over a whole column and returns problem records for the failing rows
only: ids resolve, countries are real, periods parse, bounds agree with the qualifier and with
each other, keys are unique, the quote holds the figure and the figure's numbers are the
recorded ones, and every unit converts to its indicator's unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from integration_indicators.errors import Problem, UnitError
from integration_indicators.io.readers import RawTable
from integration_indicators.model.claimed import precision
from integration_indicators.model.figures import mismatches, read_figures
from integration_indicators.model.periods import parse_periods
from integration_indicators.model.units import check_unit, root_factors
from integration_indicators.model.vocabulary import UNION_STATE
from integration_indicators.validation import engine
from integration_indicators.validation.schemas import is_number_or_empty

#: Message of a repeated id.
UNIQUE = "is used by another row: ids must be unique"


def emit(
    table: RawTable, mask: np.ndarray | pd.Series, column: str, rule: str, message: str | pd.Series
) -> list[Problem]:
    """One problem per row where *mask* holds, naming *column*'s value there."""
    report = engine.Report(table, table.frame)
    texts = message.to_numpy(dtype=object) if isinstance(message, pd.Series) else message
    report.add(
        np.asarray(mask, dtype=bool),
        column,
        rule,
        texts if isinstance(texts, str) else lambda at: texts[at].tolist(),
    )
    return report.problems


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


#: Operations of one operand (``second`` stays empty).
ONE_OPERAND = ("as_is", "growth")


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
    as_is = frame["operation"].isin(ONE_OPERAND)
    problems += emit(
        rules, frame["first"] == "", "first", "missing-operand", "the first operand is missing"
    )
    problems += emit(
        rules, frame["first_geo"] == "", "first_geo", "missing-operand", "say geo or counterpart"
    )
    problems += emit(
        rules,
        ~as_is & ((frame["second"] == "") | (frame["second_geo"] == "")),
        "second",
        "missing-operand",
        "this operation needs a second operand and its second_geo",
    )
    problems += emit(
        rules,
        as_is & (frame["second"] != ""),
        "second",
        "extra-operand",
        "as_is and growth take one operand: leave second empty",
    )
    problems += _rule_unit_problems(rules, indicators)
    unexplained = (frame["comparability"] != "comparable") & (frame["difference"].str.strip() == "")
    return problems + emit(
        rules,
        unexplained,
        "difference",
        "not-empty",
        "say in words how the official measure differs from the claim's",
    )


def operation_unit(operation: str, first: list[str], second: list[str]) -> str:
    """The unit a crosscheck operation gives from its operands' units (each operand the
    product of its indicators' units), as pint derives it; ``UnitError`` where the operands
    cannot be combined (a difference of USD and persons).

    Examples
    --------
    >>> operation_unit("ratio", ["USD"], ["USD"])
    'dimensionless'
    >>> operation_unit("as_is", ["intl_dollar / person", "person"], [])
    'intl_dollar'
    """
    from integration_indicators.model.units import conversion_factor, locked, parse_unit

    def product(units: list[str]) -> Any:
        parsed = [parse_unit(u) for u in units]
        with locked() as ureg:
            quantity = ureg.Quantity(1.0, "dimensionless")
            for unit in parsed:
                quantity = quantity * ureg.Quantity(1.0, unit)
            return quantity.to_root_units()

    if operation in ("growth", "growth_of_total"):
        return "percent"
    a = product(first)
    if operation == "as_is":
        result = a
    elif operation == "ratio":
        result = a / product(second)
    else:  # difference, total: the second operand must be in the first's unit
        b = product(second)
        conversion_factor(_unit_text(b), _unit_text(a))
        result = a
    return _unit_text(result)


def _unit_text(quantity: Any) -> str:
    return "dimensionless" if quantity.dimensionless else str(quantity.units)


def _rule_unit_problems(rules: RawTable, indicators: RawTable) -> list[Problem]:
    """Each rule's operation gives a quantity in its claim indicator's unit (or one that
    converts to it); "LCU" is resolved per economy, so a rule with it is checked then."""
    from integration_indicators.model.units import conversion_factor

    frame = rules.frame
    units = indicators.frame.drop_duplicates("id").set_index("id")["unit"]
    messages = [""] * len(frame)
    for position, rule in enumerate(frame.to_dict("records")):  # a few rules, not data rows
        needed = [*str(rule["first"]).split("; "), *str(rule["second"]).split("; ")]
        needed = [i for i in needed if i]
        if rule["claim"] not in units.index or not all(i in units.index for i in needed):
            continue  # unknown indicators are their own problem
        first = [str(units[i]) for i in str(rule["first"]).split("; ") if i]
        second = [str(units[i]) for i in str(rule["second"]).split("; ") if i]
        target = str(units[rule["claim"]])
        if "LCU" in " ".join([*first, *second, target]):
            continue
        try:
            result = operation_unit(str(rule["operation"]), first, second)
            conversion_factor(result, target)
        except UnitError as exc:
            messages[position] = (
                f"{rule['operation']} of {' * '.join(first)}"
                + (f" and {' * '.join(second)}" if second else "")
                + f" cannot give {target!r} (the claim's unit): {exc.message}"
            )
    said = pd.Series(messages, index=frame.index, dtype="object")
    return emit(rules, (said != "").to_numpy(), "operation", "rule-unit", said)


def _stated_too_early(table: RawTable, codes: engine.Codes, periods: pd.DataFrame) -> list[Problem]:
    """A figure stated (as_of) more than ``STATED_BEFORE_END_DAYS`` before its period ends,
    unless it is announced or planned: a forecast, or a typo in period or as_of."""
    from integration_indicators.model.periods import parse_periods
    from integration_indicators.model.vocabulary import FORWARD_STATUSES, STATED_BEFORE_END_DAYS

    as_of_codes, as_of_values = codes("as_of")
    stated = parse_periods(pd.Series(as_of_values, dtype="str"), intervals=False)["start"]
    said = np.append(stated.to_numpy(dtype="datetime64[D]"), np.datetime64("NaT"))[as_of_codes]
    ends = periods["end"].to_numpy(dtype="datetime64[D]")
    with np.errstate(invalid="ignore"):
        early = (ends - said) > np.timedelta64(STATED_BEFORE_END_DAYS, "D")
    forward = table.frame["status"].isin(FORWARD_STATUSES).to_numpy()
    message = (
        f"stated more than {STATED_BEFORE_END_DAYS} days before its period ends: a figure "
        "about the future must have status announced or planned (or fix period or as_of)"
    )
    return emit(table, early & ~forward, "as_of", "stated-before-period", message)


def _valid_until_problems(
    table: RawTable, codes: engine.Codes, stated: engine.Periods
) -> list[Problem]:
    """``valid_until`` (the release that revised or withdrew an official figure) needs the
    release the figure appeared in (``as_of``) and must come after it."""
    until_codes, until_values = codes("valid_until")
    if len(until_values) == 1 and str(until_values[0]) == "":
        return []
    until = parse_periods(pd.Series(until_values, dtype="str"), intervals=False)["start"]
    ends = np.append(until.to_numpy(dtype="datetime64[D]"), np.datetime64("NaT"))[until_codes]
    given = (table.frame["valid_until"] != "").to_numpy(dtype=bool)
    starts = np.append(stated.starts, np.datetime64("NaT"))[stated.codes]
    official = (table.frame["status"] == "official").to_numpy(dtype=bool)
    with np.errstate(invalid="ignore"):
        early = given & ~np.isnat(ends) & ~np.isnat(starts) & (ends <= starts)
    said = [
        (
            given & ~official,
            "only an official figure is revised by a later release: leave empty",
        ),
        (given & official & np.isnat(starts), "needs as_of: the release it first appeared in"),
        (early, "must be after as_of: a release revises what an earlier one published"),
    ]
    return [
        p
        for rows, message in said
        for p in emit(table, rows, "valid_until", "valid-until", message)
    ]


def check_releases(releases: RawTable) -> list[Problem]:
    """Ids are unique, and each dataset has one release lag."""
    frame = releases.frame
    problems = emit(releases, frame["id"].duplicated(keep=False), "id", "unique", UNIQUE)
    return problems + emit(
        releases,
        frame["dataset"].duplicated(keep=False),
        "dataset",
        "unique",
        "another entry gives this dataset's release lag: keep one",
    )


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


def _bounds_problems(
    table: RawTable, codes: engine.Codes, numbers: pd.DataFrame, usable: np.ndarray
) -> list[Problem]:
    """Qualifier and bounds agree (the catalogue's rules), and lower <= value <= upper."""
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
        bad = usable & codes.equals("qualifier", qualifier) & ~ok
        problems += emit(table, bad, column, "qualifier-bounds", f"qualifier {qualifier} {message}")
    with np.errstate(invalid="ignore"):
        disorder = (lower > value) | (value > upper) | (lower > upper)
    problems += emit(
        table, usable & disorder, "value", "bounds-order", "lower <= value <= upper fails"
    )
    return problems


def _press_rows(frame: pd.DataFrame) -> np.ndarray:
    """Rows that carry a figure as written: press rows, and any row that gives a figure."""
    return ((frame["status"] != "official") | (frame["figure"] != "")).to_numpy(dtype=bool)


def _figure_problems(
    table: RawTable, numbers: pd.DataFrame, press: np.ndarray, usable: np.ndarray
) -> list[Problem]:
    """The quote holds the figure, and the figure's numbers are the recorded ones.

    Text is read on the rows that carry a figure only (official rows have none).
    """
    positions = np.flatnonzero(press)
    frame = table.frame.iloc[positions].reset_index(drop=True)
    official = (frame["status"] == "official").to_numpy(dtype=bool)

    def spread(mask: np.ndarray) -> np.ndarray:
        full = np.zeros(len(table.frame), dtype=bool)
        full[positions[mask]] = True
        return full

    problems: list[Problem] = []
    for column in ("figure", "quote"):
        empty = ~official & (frame[column].str.strip() == "").to_numpy(dtype=bool)
        problems += emit(
            table, spread(empty), column, "not-empty", "a press figure needs its figure and quote"
        )
    figure, quote = normalise_text(frame["figure"]), normalise_text(frame["quote"])
    has_figure = (figure != "").to_numpy(dtype=bool)
    found = np.strings.find(quote.to_numpy(dtype="T"), figure.to_numpy(dtype="T")) >= 0
    problems += emit(
        table,
        spread(has_figure & ~found),
        "figure",
        "figure-not-in-quote",
        "the figure is not in the quote (compared after NFKC and white-space normalisation)",
    )
    parsed_units = root_factors(frame["unit"])
    check = has_figure & usable[positions] & ~np.isnan(parsed_units)
    q = frame["qualifier"].to_numpy()
    written_numbers = numbers.iloc[positions].reset_index(drop=True)
    in_range = {"lower": q == "range", "upper": q == "range", "value": np.ones(len(q), bool)}
    recorded = pd.DataFrame(
        {c: written_numbers[c].where(in_range[c]) for c in ("value", "lower", "upper")}
    ).mul(parsed_units, axis=0)
    # half a unit of the last digit recorded: how near an inexact fraction must come
    whole_digits = pd.Series(np.ones(len(frame), dtype=bool))
    digits = pd.DataFrame(
        {c: precision(frame[c].astype("str"), whole_digits) for c in ("value", "lower", "upper")}
    ).mul(parsed_units, axis=0)
    stacked = recorded.stack()
    keep = stacked.notna().to_numpy()
    long = cast(pd.Series, stacked[keep])
    slack = cast(pd.Series, digits.stack()[keep])
    long.index = slack.index = long.index.get_level_values(0)
    at = np.flatnonzero(check)
    read = read_figures(figure.iloc[at].reset_index(drop=True))
    written, inexact = read["number"], read["inexact"]
    written.index = inexact.index = at[written.index.to_numpy()]
    chosen = long.index.isin(at)
    long, slack = long[chosen], slack[chosen]
    bad = mismatches(written, long, inexact=inexact, slack=slack)
    messages = pd.Series("", index=table.frame.index, dtype="str")
    for position in bad:  # the figures that fail, with what they say and what to write
        says = written[written.index == position]
        records = _listed(long[long.index == position])
        unit = str(frame["unit"].iloc[position])
        messages.iloc[positions[position]] = (
            f"the figure says {_listed(says)} but value (and lower, upper for a range) in "
            f"{unit!r} give {records} (in root units, signs ignored); "
            + _what_to_write(says.to_numpy() / parsed_units[position], unit)
        )
    mask = np.zeros(len(frame), dtype=bool)
    mask[bad] = True
    return problems + emit(table, spread(mask), "figure", "figure-mismatch", messages)


def _what_to_write(said: np.ndarray, unit: str) -> str:
    """What a row whose figure fails to match should record, in the row's unit."""
    if len(said) == 1:
        return f"to record what the figure says, write value {said[0]:.10g} in {unit!r}"
    if len(said) == 2:
        low, high = sorted(said)
        return (
            f"to record what the figure says, write lower {low:.10g} and upper {high:.10g} "
            f"in {unit!r} (qualifier range)"
        )
    if len(said) == 0:
        return (
            "the figure writes no number the library reads: write digits ('6.5 million'), "
            "number words ('six and a half million', 'twenty-nine'), fractions ('a third', "
            "'half a million') or a range with one scale word ('between 3.7 and 3.8 million')"
        )
    return "a figure states one number, or two for a range: quote the span of the claim only"


def _numbers(report: engine.Report, frame: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """value, lower and upper as floats (NaN where empty or not a number), and the rows whose
    three cells are numbers or empty (the schema reports the others)."""
    columns: dict[str, np.ndarray] = {}
    usable = np.ones(len(frame), dtype=bool)
    for name in ("value", "lower", "upper"):
        text = frame[name]
        ok = is_number_or_empty(text).to_numpy(dtype=bool)
        usable &= ok
        columns[name] = _to_float(text, ok & (text != "").to_numpy(dtype=bool))
    numbers = pd.DataFrame(columns, index=frame.index)
    written = numbers.notna().to_numpy()
    finite = np.isfinite(numbers.fillna(0.0).to_numpy()).all(axis=1)
    report.add(usable & ~finite, "value", "number-or-empty", "too large: not a finite number")
    zero = np.flatnonzero(usable & ((numbers == 0).to_numpy() & written).any(axis=1))
    if len(zero):  # "1e-400" is stored as 0: only rows that read as 0 need their digits read
        cells = frame[["value", "lower", "upper"]].iloc[zero]
        tiny = cells.apply(lambda c: c.str.contains("^[^eE]*[1-9]")).fillna(False).to_numpy(bool)
        underflow = np.zeros(len(frame), dtype=bool)
        underflow[zero] = (tiny & (numbers.iloc[zero] == 0).to_numpy()).any(axis=1)
        report.add(underflow, "value", "number-or-empty", "too small: it would be stored as 0")
    return numbers, usable


def _to_float(text: pd.Series, number: np.ndarray) -> np.ndarray:
    """Cells where *number* holds, parsed as floats (correctly rounded); NaN elsewhere."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not number.any():
        return np.full(len(text), np.nan)
    cells = pa.array(text.to_numpy(dtype=object) if text.dtype == object else text.array)
    kept = pc.if_else(pa.array(number), cells, pa.scalar(None, cells.type))
    floats = pc.cast(kept, pa.float64())
    return np.asarray(floats.to_numpy(zero_copy_only=False), dtype="float64")


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
    report = engine.Report(table, table.frame)
    for bad, says in ((overflow, "overflows to infinity"), (underflow, "underflows to 0")):

        def messages(at: np.ndarray, says: str = says) -> list[str]:
            return [f"{says} in {unit!r}" for unit in canonical.iloc[at]]

        report.add(usable & bad, "value", "number-range", messages)
    return report.problems


def _pair_problems(
    table: RawTable, codes: engine.Codes, definitions: pd.DataFrame
) -> list[Problem]:
    """Bilateral indicators name a counterpart; the Union State's are BLR with RUS."""
    pairing = codes.mapped("indicator", definitions["pair"])
    geo_is = codes.equals("geo", UNION_STATE[0])
    required = (pairing == "required") & codes.equals("counterpart", "")
    union = (pairing == "union-state") & (~geo_is | ~codes.equals("counterpart", UNION_STATE[1]))
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
            union & ~geo_is,
            "geo",
            "union-state",
            f"a Union State indicator: geo is {UNION_STATE[0]} and counterpart {UNION_STATE[1]}",
        )
        + emit(
            table,
            union & geo_is,
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
    table: RawTable,
    codes: engine.Codes,
    definitions: pd.DataFrame,
    numbers: pd.DataFrame,
    usable: np.ndarray,
) -> list[Problem]:
    """A figure (or, where it says nothing, its quote) that says deficit or surplus, fell or
    rose, agrees with the sign of the value for indicators with a sign convention."""
    frame = table.frame
    convention = codes.mapped("indicator", definitions["sign"])
    value, lower, upper = (numbers[c].to_numpy() for c in ("value", "lower", "upper"))
    with np.errstate(invalid="ignore"):
        sign = np.where(
            ~np.isnan(value),
            np.sign(value),
            np.where(lower >= 0, 1.0, np.where(upper <= 0, -1.0, np.nan)),
        )
    worded = ((frame["figure"] != "") | (frame["quote"] != "")).to_numpy(dtype=bool)
    problems: list[Problem] = []
    for name, (negative, positive) in SIGN_WORDS.items():
        rows = (convention == name) & usable & worded
        if not rows.any():
            continue
        at = np.flatnonzero(rows)
        says: dict[str, np.ndarray] = {}
        for column in ("figure", "quote"):
            text = frame[column].iloc[at].str.lower()
            neg = text.str.contains(negative, regex=True).to_numpy(dtype=bool)
            pos = text.str.contains(positive, regex=True).to_numpy(dtype=bool)
            says[column] = np.where(neg & ~pos, -1.0, np.where(pos & ~neg, 1.0, np.nan))
        stated = np.full(len(frame), np.nan)
        stated[at] = np.where(np.isnan(says["figure"]), says["quote"], says["figure"])
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


def _future_problems(table: RawTable, stated: engine.Periods) -> list[Problem]:
    """An ``as_of`` (a release, a statement) dated after today: a figure is published by
    the day it is read, and a release dated in the future would hide every real one."""
    import datetime

    today = np.datetime64(datetime.date.today().isoformat(), "D")
    with np.errstate(invalid="ignore"):
        future = ~np.isnat(stated.starts) & (stated.starts > today)
    rows = engine.on_rows(future, stated.codes, na=False)
    return emit(
        table,
        rows,
        "as_of",
        "future-release",
        f"dated after today ({today}): no figure is published in the future",
    )


def _plausibility_problems(
    table: RawTable,
    codes: engine.Codes,
    definitions: pd.DataFrame,
    numbers: pd.DataFrame,
    usable: np.ndarray,
) -> list[Problem]:
    """What no statistic can say: a negative value or bound of a quantity that cannot be
    negative (its indicator's sign is ``nonnegative``: exports, GDP, population), and an
    economy as its own partner."""
    frame = table.frame
    never_negative = codes.mapped("indicator", definitions["sign"]) == "nonnegative"
    with np.errstate(invalid="ignore"):
        below = np.zeros(len(frame), dtype=bool)
        for column in ("value", "lower", "upper"):
            below |= numbers[column].to_numpy() < 0
    own = ((frame["counterpart"] == frame["geo"]) & (frame["counterpart"] != "")).to_numpy()
    return emit(
        table,
        never_negative & usable & below,
        "value",
        "negative-quantity",
        "this indicator's quantity cannot be negative (its sign is nonnegative)",
    ) + emit(
        table,
        own,
        "counterpart",
        "own-partner",
        "an economy is not its own partner: the counterpart equals the geo",
    )


def _listed(numbers: pd.Series) -> str:
    """Numbers as a reader writes them: "[6,500,000]", never "[6.5e+06]"."""
    return "[" + ", ".join(f"{abs(x):,.10g}" for x in sorted(np.abs(numbers.to_numpy()))) + "]"


def check_observations(
    observations: RawTable, indicators: RawTable, sources: RawTable
) -> tuple[list[Problem], ParsedObservations]:
    """Every cross-table and parsed-value rule of observations.csv.

    The rules on a column's meaning run in the shared engine (``validation.engine``), once
    per distinct value; the rules that read the text of a figure run on the press rows only.
    """
    table, frame = observations, observations.frame
    report = engine.Report(table, frame)
    codes = engine.Codes(frame)
    codes.prefetch([*engine.KEY_COLUMNS, "as_of", "valid_until", "qualifier"])
    definitions = indicators.frame.drop_duplicates("id").set_index("id")
    engine.known(
        report,
        codes,
        "indicator",
        definitions.index,
        rule="unknown-indicator",
        message=f"no indicator with this id in {indicators.file}",
    )
    engine.known(
        report,
        codes,
        "source",
        sources.frame["id"],
        rule="unknown-source",
        message=f"no source with this id in {sources.file}",
    )
    engine.economies(report, codes, "geo", shape_checked=True, world_ok=True)
    engine.economies(report, codes, "counterpart", empty_ok=True, shape_checked=True)
    no_counterpart = codes.mapped("indicator", definitions["counterpart"], fill="x") == ""
    given = (frame["counterpart"] != "").to_numpy(dtype=bool)
    report.add(
        no_counterpart & given,
        "counterpart",
        "counterpart-not-applicable",
        "the indicator has no counterpart: leave it empty",
    )
    period = engine.periods(report, codes, "period", empty_ok=True)
    stated = engine.periods(report, codes, "as_of", intervals=False, rule="as-of", empty_ok=True)
    report.problems += _future_problems(table, stated)
    report.problems += _valid_until_problems(table, codes, stated)
    numbers, usable = _numbers(report, frame)
    report.problems += _bounds_problems(table, codes, numbers, usable)
    # two figures of one quote ("99.09 trillion yuan ($14.38 trillion)") are two claims
    engine.duplicate_keys(
        report, codes, period, column="id", also=("quote", "figure", "valid_until")
    )
    conversion = engine.units(
        report, codes, definitions["unit"], grammar_checked=True, press_currency=True
    )
    canonical = conversion.canonical_on_rows()
    press = _press_rows(frame)
    report.problems += _figure_problems(table, numbers, press, usable)
    report.problems += _conversion_problems(table, numbers, conversion.factors, canonical, usable)
    report.problems += _pair_problems(table, codes, definitions)
    report.problems += _sign_problems(table, codes, definitions, numbers, usable)
    report.problems += _plausibility_problems(table, codes, definitions, numbers, usable)
    parsed = ParsedObservations(numbers, period.on_rows(), conversion.factors, canonical)
    report.problems += _stated_too_early(table, codes, parsed.periods)
    return report.problems, parsed
