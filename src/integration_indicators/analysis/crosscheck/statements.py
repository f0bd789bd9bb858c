"""Officials' published statements as answers where the official series are silent:
growth from stated levels, totals, differences and ratios from stated parts."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from integration_indicators.analysis.crosscheck.answers import place_words
from integration_indicators.catalogue import Catalogue
from integration_indicators.errors import (
    UnitError,
)

#: Rule operations whose partner's figure is the same quantity (a turnover, its growth): a
#: partner's statement answers them where the claim's own side stated none.
_SYMMETRIC_OPERATIONS = ("total", "growth_of_total")


def from_statements(
    cat: Catalogue, obs: pd.DataFrame, rows: pd.DataFrame, rules: pd.DataFrame
) -> pd.DataFrame:
    """*rows* whose period no dataset holds answered by official statements (status
    ``stated``): a statistics office's, a government's or an official's figure as the press
    reported it, of the claim's indicator and period, in its unit.

    The claim's own side first (the statement's ``geo`` is the claim's: Belstat's figure
    for a Belarusian claim); a growth none stated is computed from two statements of the
    levels on the same side (the year's and the year before's); for a turnover or its
    growth, else the partner's (said as such: the basis may differ). Bases are never mixed
    in one answer. Two statements that disagree give an official interval naming both (the
    value their median). ``statement`` says it in words for the reasons; a dataset's answer
    is never replaced."""
    said = np.full(len(rows), "", dtype=object)
    stated = obs[obs["status"] == "stated"]
    units = cat.indicators.set_index("id")["unit"]
    stated = stated[(stated["unit"] == stated["indicator"].map(units)).to_numpy(dtype=bool)]
    open_rows = (
        np.isnan(rows["official_value"].to_numpy(dtype="float64"))
        & (rows["basis"] == "same-period").to_numpy()
        & (rows["role"].astype("str") != "context").to_numpy()
        & (rows["rule"].astype("str") != "").to_numpy()
    )
    if stated.empty or not open_rows.any():
        return rows.assign(statement=pd.Categorical(said))
    sources = cat.sources.set_index("id")
    statements = _Statements(stated)
    records = rules.astype("object").set_index("id").to_dict("index")
    by_rule = {str(k): {str(c): v for c, v in r.items()} for k, r in records.items()}
    levels = _level_indicators(by_rule)
    values = {
        c: rows[c].to_numpy(dtype="float64").copy()
        for c in ("official_value", "official_lower", "official_upper")
    }
    text = {
        c: rows[c].astype(object).to_numpy().copy()
        for c in ("official_period", "official_sources", "official_observations")
    }
    keys = rows.loc[open_rows, ["indicator", "geo", "counterpart", "period", "rule", "as_of"]]
    for at, (indicator, geo, counterpart, period, rule, said_on) in zip(
        np.flatnonzero(open_rows), keys.astype("str").itertuples(index=False), strict=True
    ):  # the few claims no dataset answers
        sides = [(geo, counterpart)]
        if by_rule.get(rule, {}).get("operation", "") in _SYMMETRIC_OPERATIONS and counterpart:
            sides.append((counterpart, geo))
        found, partner = None, False
        for side, other in sides:  # the claim's own side first, then the partner's
            found = statements.stated(indicator, side, other, period, said_on)
            if found is None and rule in levels:
                found = statements.grown(levels[rule], side, other, period, said_on)
            if found is None and rule in by_rule:
                found = statements.combined(
                    by_rule[rule],
                    (side, other),
                    period,
                    said_on,
                    unit=str(units.get(indicator, "")),
                )
            if found is not None:
                partner = side != geo
                break
        if found is None:
            continue
        (value, low, high), chosen, later, derived = found
        values["official_value"][at], values["official_lower"][at] = value, low
        values["official_upper"][at] = high
        text["official_period"][at] = period
        text["official_sources"][at] = ", ".join(sorted(set(chosen["source"].astype("str"))))
        text["official_observations"][at] = ", ".join(chosen["id"].astype("str"))
        said[at] = _statement_words(
            chosen,
            later,
            sources,
            period=period,
            partner=partner,
            place=(geo, counterpart),
            derived=derived,
        )
    rows = rows.assign(**values, statement=pd.Categorical(said))
    for column, found_text in text.items():
        rows[column] = pd.Categorical(found_text)
    return rows


def _level_indicators(by_rule: Mapping[str, Mapping[str, object]]) -> dict[str, str]:
    """Per growth rule (*by_rule*: each rule's fields by its id), the indicator whose levels
    it grows: a ``growth`` rule's one operand, a ``growth_of_total`` rule's total (the claim
    of a ``total`` rule of the same operands)."""
    operands = (
        "first",
        "first_geo",
        "first_counterpart",
        "second",
        "second_geo",
        "second_counterpart",
    )

    def key(fields: Mapping[str, object]) -> tuple[str, ...]:
        return tuple(str(fields.get(c, "")) for c in operands)

    total_of = {
        key(f): str(f.get("claim", "")) for f in by_rule.values() if f.get("operation") == "total"
    }
    found: dict[str, str] = {}
    for rule, fields in by_rule.items():
        first = str(fields.get("first", ""))
        if fields.get("operation") == "growth_of_total":
            level = total_of.get(key(fields), "")
        elif fields.get("operation") == "growth":
            level = first if "; " not in first else ""
        else:
            continue
        if level:
            found[rule] = level
    return found


#: An answer from statements: (value, lower, upper), the statements it rests on, those made
#: after the claim, and the words saying how it was computed ("" where it was stated).
_Stated = tuple[tuple[float, float, float], pd.DataFrame, pd.DataFrame, str]


class _Statements:
    """The ``stated`` rows of a catalogue, looked up by (indicator, geo, counterpart,
    period), as known on a claim's date."""

    def __init__(self, stated: pd.DataFrame) -> None:
        self._rows = stated
        self._groups = stated.groupby(
            ["indicator", "geo", "counterpart", "period"], sort=False, observed=True
        ).indices

    def _rows_of(
        self, key: tuple[str, str, str, str], said_on: str
    ) -> tuple[pd.DataFrame, pd.DataFrame] | None:
        found = self._groups.get(key)
        return None if found is None else _by_the_day(self._rows.iloc[found], said_on)

    def stated(
        self, indicator: str, geo: str, counterpart: str, period: str, said_on: str
    ) -> _Stated | None:
        """The figure as stated: the median of the statements, the interval spanning them."""
        found = self._rows_of((indicator, geo, counterpart, period), said_on)
        if found is None:
            return None
        chosen, later = found
        return _span(chosen), chosen, later, ""

    def grown(
        self, level: str, geo: str, counterpart: str, period: str, said_on: str
    ) -> _Stated | None:
        """The growth (percent) of *level* from the year before *period* to *period*, both
        levels stated on one side (annual periods: a year's statements against the year
        before's); the interval runs from the lowest level over the highest to the
        highest over the lowest."""
        if not (len(period) == 4 and period.isdigit()):
            return None
        now = self._rows_of((level, geo, counterpart, period), said_on)
        before = self._rows_of((level, geo, counterpart, str(int(period) - 1)), said_on)
        if now is None or before is None:
            return None
        (value, low, high), (base, base_low, base_high) = _span(now[0]), _span(before[0])
        if not min(base, base_low) > 0:
            return None  # no growth from a level of zero or below
        growth = (
            100 * (value / base - 1),
            100 * (low / base_high - 1),
            100 * (high / base_low - 1),
        )
        chosen = pd.concat([before[0], now[0]])
        late = [
            year
            for year, (known, after) in ((int(period) - 1, before), (period, now))
            if after is known
        ]  # a year whose levels were all stated after the claim
        words = (
            f"the growth is computed from stated levels of {period} over "
            f"{int(period) - 1} (growth = level / level the year before - 1)"
        )
        if len(late) == 2:
            later = chosen
        else:
            later = pd.concat([after for known, after in (before, now) if after is not known])
            if late:
                words += f"; the level of {late[0]} was stated only after the claim"
        return growth, chosen, later, words

    def combined(
        self,
        rule: Mapping[str, object],
        place: tuple[str, str],
        period: str,
        said_on: str,
        *,
        unit: str,
    ) -> _Stated | None:
        """A total, difference or ratio (a share) of the rule's two operands as stated on one
        side for *period* (Russia's stated exports and imports for its turnover), in *unit*
        (the claim's); bounds from the operands' intervals."""
        from integration_indicators.model.units import conversion_factor

        def field(name: str) -> str:
            value = rule.get(name, "")
            return "" if pd.isna(value) else str(value)  # type: ignore[call-overload]

        operation = field("operation")
        if operation not in ("total", "difference", "ratio"):
            return None
        parts: list[tuple[pd.DataFrame, pd.DataFrame]] = []
        units: list[str] = []
        for which in ("first", "second"):
            indicator = field(which)
            key = (
                indicator,
                place_words(field(f"{which}_geo"), *place),
                place_words(field(f"{which}_counterpart"), *place),
                period,
            )
            found = self._rows_of(key, said_on) if indicator and "; " not in indicator else None
            if found is None:
                return None
            parts.append(found)
            units.append(str(found[0]["unit"].iloc[0]))
        (a, a_low, a_high), (b, b_low, b_high) = _span(parts[0][0]), _span(parts[1][0])
        if operation == "total":
            result, combined_unit = (a + b, a_low + b_low, a_high + b_high), units[0]
        elif operation == "difference":
            result, combined_unit = (a - b, a_low - b_high, a_high - b_low), units[0]
        elif min(b, b_low) > 0:
            result = (a / b, a_low / b_high, a_high / b_low)
            combined_unit = f"{units[0]} / {units[1]}"
        else:
            return None  # no share of a whole of zero or below
        try:
            factor = conversion_factor(combined_unit, unit) if unit else 1.0
        except (UnitError, ValueError):
            return None
        chosen = pd.concat([parts[0][0], parts[1][0]])
        late = [p[0] for p in parts if p[1] is p[0]]
        later = (
            chosen
            if len(late) == 2
            else pd.concat([after for known, after in parts if after is not known])
        )
        words = (
            f"the official figure is the {operation} of two stated figures of {period} on one side"
        )
        if len(late) == 1:
            words += "; one of them was stated only after the claim"
        value, low, high = (x * factor for x in result)
        return (value, low, high), chosen, later, words


def _span(chosen: pd.DataFrame) -> tuple[float, float, float]:
    """The median of statements and the interval spanning them (and their own bounds)."""
    value = chosen["value"].to_numpy(dtype="float64")
    low = np.fmin(chosen["lower"].to_numpy(dtype="float64"), value)
    high = np.fmax(chosen["upper"].to_numpy(dtype="float64"), value)
    return float(np.nanmedian(value)), float(np.nanmin(low)), float(np.nanmax(high))


def _by_the_day(statements: pd.DataFrame, said_on: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The statements made by the claim's date (ISO text compared: a month's statement counts
    from its first day) and those made later; all, as made later, where none was made by
    then."""
    before = (
        (statements["as_of"].astype("str") <= said_on).to_numpy(dtype=bool)
        if said_on
        else (np.ones(len(statements), dtype=bool))
    )
    if not before.any():
        return statements, statements
    return statements[before], statements[~before]


def _statement_words(
    chosen: pd.DataFrame,
    later: pd.DataFrame,
    sources: pd.DataFrame,
    *,
    period: str,
    partner: bool,
    place: tuple[str, str],
    derived: str = "",
) -> str:
    """What an answer from statements rests on, in words: who stated it, where and when, and
    the statements made after the claim."""
    from integration_indicators.model.economies import name_of

    def text(value: object) -> str:
        return "" if pd.isna(value) else str(value)  # type: ignore[call-overload]

    def one(row: pd.Series) -> str:
        who = text(row["attributed_to"]) or text(row["cited_source"]) or "an official body"
        source = str(row["source"])
        outlet = (
            text(sources["producer"].get(source, ""))
            or text(sources["title"].get(source, ""))
            or source
        )
        return f"{who} ({row['figure']}; {outlet}, {row['as_of']})"

    stated = "; ".join(one(r) for _, r in chosen.iterrows())
    words = (
        f"no dataset holds {period}: the official figure is a statement reported by the "
        f"press, not a dataset: {stated}"
    )
    if derived:
        words += f"; {derived}"
    elif len(chosen) > 1:
        words += "; the statements differ: the official interval spans them"
    if later is chosen:
        words += "; every statement found was made after the claim"
    elif len(later):
        words += "; stated after the claim: " + "; ".join(one(r) for _, r in later.iterrows())
    if partner:
        geo, counterpart = place
        words += (
            f"; it is on {name_of(counterpart)}'s statistics, as no statement of "
            f"{name_of(geo)}'s was found: the claim's basis may differ"
        )
    return words
