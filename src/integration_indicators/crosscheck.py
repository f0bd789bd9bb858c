"""Every press claim checked against official statistics, by rules declared in data.

A rule of ``crosschecks.yaml`` says which official quantity answers a kind of claim (an
official indicator as it is, or a ratio, difference, total or growth of official series);
a claim whose indicator has official observations of its own for the same geo and
counterpart is compared with them without a rule. The official quantity is computed once per
rule and (geo, counterpart) with the metrics of :mod:`integration_indicators.metrics` (units,
bounds, lineage), and every claim is matched to it in one vectorised pass:

- a claim that names its reference period (its period differs from its as_of) is judged
  against the official period that covers it (basis ``same-period``);
- a claim that names none is judged against the latest official period published by its
  as_of date, by the release lags of ``releases.yaml`` (basis ``knowable``), and against the
  period it was made in (basis ``same-period``), both rows side by side.

The verdict compares the claimed interval C (:mod:`integration_indicators.claimed`) with the
official value O: ``consistent`` where they overlap; ``close`` where the distance between them
is at most 5% of |O|; ``overstated`` or ``understated`` beyond; ``not-comparable`` where the
rule says the measures differ; ``unverifiable`` where no official figure exists for the
period needed; ``no-official-source`` where no rule and no official series answer the claim.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .catalogue import Catalogue
from .claimed import claimed_intervals
from .errors import IndicatorError

#: Distance between claim and official value, as a share of |O|, still called close.
CLOSE_SHARE = 0.05

#: Factors whose slip would explain a claim (thousand, million, billion, and back).
SLIPS = (1e3, 1e6, 1e9, 1e-3, 1e-6, 1e-9)

#: Columns of the crosscheck table, in order.
CROSSCHECK_COLUMNS = (
    "claim", "indicator", "geo", "counterpart", "period", "as_of", "figure", "quote",
    "attributed_to", "source", "claimed_value", "claimed_lower", "claimed_upper", "unit",
    "basis", "rule", "role", "official_period", "official_value", "official_lower",
    "official_upper", "official_sources", "official_observations", "gap_percent", "verdict",
    "comparability", "reasons",
)  # fmt: skip

_KEY = ["rule", "geo", "counterpart"]


def rules_of(cat: Catalogue, claims: pd.DataFrame) -> pd.DataFrame:
    """The declared rules, plus a default ``as_is`` rule for each claim indicator that has
    official observations of its own and no declared rule."""
    declared = cat.rules
    if declared.empty:
        declared = pd.DataFrame(columns=["id", "claim", "operation", "first", "first_geo",
            "first_counterpart", "second", "second_geo", "second_counterpart", "datasets",
            "comparability", "difference", "role", "note"], dtype="str")  # fmt: skip
    obs = cat.observations()
    official = obs.loc[obs["status"] == "official", "indicator"].unique()
    bare = sorted(set(claims["indicator"]) - set(declared["claim"]) & set(official))
    defaults = pd.DataFrame(
        {"id": [f"default-{i}" for i in bare], "claim": bare, "operation": "as_is",
         "first": bare, "first_geo": "geo", "first_counterpart": "counterpart", "second": "",
         "second_geo": "", "second_counterpart": "", "datasets": "",
         "comparability": "comparable", "difference": "", "role": "primary",
         "note": "default: the indicator's own official observations"},
        dtype="str",
    )  # fmt: skip
    rules = pd.concat([declared, defaults], ignore_index=True).fillna("")
    rules["role"] = rules["role"].replace("", "primary")
    return rules


def _operand(official: pd.DataFrame, indicators: str, geo: str, counterpart: str) -> object:
    from . import metrics
    from .series import select_series

    series = [select_series(official, ind, geo, counterpart) for ind in indicators.split("; ")]
    result = series[0]
    for other in series[1:]:
        result = metrics.product(result, other, align="inner")
    return result


def _place(place: str, geo: str, counterpart: str) -> str:
    return {"geo": geo, "counterpart": counterpart}.get(place, "")


def _answer(
    official: pd.DataFrame, rule: pd.Series, geo: str, counterpart: str, unit: str
) -> pd.DataFrame:
    """The official quantity of *rule* for one (geo, counterpart), by period."""
    from . import metrics
    from .series import IndicatorSeries
    from .units import conversion_factor

    first = _operand(official, rule["first"], _place(rule["first_geo"], geo, counterpart),
                     _place(rule["first_counterpart"], geo, counterpart))  # fmt: skip
    assert isinstance(first, IndicatorSeries)
    operation = rule["operation"]
    if operation == "as_is":
        result = first
    else:
        second = _operand(official, rule["second"],
                          _place(rule["second_geo"], geo, counterpart),
                          _place(rule["second_counterpart"], geo, counterpart))  # fmt: skip
        assert isinstance(second, IndicatorSeries)
        if operation == "ratio":
            result = metrics.ratio(first, second, align="inner")
        elif operation == "difference":
            result = metrics.difference(first, second, align="inner")
        else:
            result = metrics.total(first, second, align="inner")
        if operation == "growth_of_total":
            result = metrics.growth_rate(result, undefined="nan")
    factor = conversion_factor(result.unit, unit)
    origins = result.origins
    return pd.DataFrame(
        {
            "official_period": list(result.periods),
            "official_value": result.values.to_numpy() * factor,
            "official_lower": result.lower.to_numpy() * factor,
            "official_upper": result.upper.to_numpy() * factor,
            "official_sources": [", ".join(sorted({o.source for o in os})) for os in origins],
            "official_observations": [", ".join(o.observation for o in os) for os in origins],
        }
    )


def official_answers(cat: Catalogue, pairs: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    """The official quantity of every (rule, geo, counterpart) in *pairs*, one row per period.

    Computed once per distinct combination (a handful), never per claim. Combinations whose
    operands are missing give no rows and a note in ``problem``.
    """
    from .periods import parse_periods

    obs = cat.observations()
    official = obs[obs["status"] == "official"]
    sources = cat.sources.set_index("id")
    dataset_of = official["source"].map(sources["dataset"]).fillna("")
    units = cat.indicators.set_index("id")["unit"]
    combos = pairs.loc[:, [*_KEY, "indicator"]].drop_duplicates()
    frames, problems = [], []
    by_id = rules.set_index("id")
    for rule_id, geo, counterpart, indicator in combos.itertuples(index=False):
        rule = by_id.loc[rule_id]
        allowed = [d for d in str(rule["datasets"]).split("; ") if d]
        pool = official[dataset_of.isin(allowed)] if allowed else official
        try:
            answer = _answer(pool, rule, geo, counterpart, str(units[indicator]))
        except (IndicatorError, KeyError) as exc:
            problems.append((rule_id, geo, counterpart, str(exc).splitlines()[0]))
            continue
        frames.append(answer.assign(rule=rule_id, geo=geo, counterpart=counterpart))
    columns = [*_KEY, "official_period", "official_value", "official_lower", "official_upper",
               "official_sources", "official_observations"]  # fmt: skip
    empty = pd.DataFrame({c: pd.Series(dtype="float64" if "value" in c or "lower" in c
                                       or "upper" in c else "str") for c in columns})  # fmt: skip
    answers = pd.concat([empty, *frames], ignore_index=True).loc[:, columns]
    answers[_KEY] = answers[_KEY].astype("str")
    periods = parse_periods(answers["official_period"].astype("str"))
    answers["official_start"] = periods["start"].to_numpy()
    answers["official_end"] = periods["end"].to_numpy()
    lags = cat.releases
    lag = pd.Series(dtype="float64")
    if not lags.empty:
        lag = pd.to_numeric(lags.set_index("dataset")["lag_months"]).astype("float64")
    first_source = answers["official_sources"].astype("str").str.split(", ").str[0]
    months = first_source.map(sources["dataset"]).map(lag).to_numpy(dtype="float64")
    end_month = answers["official_end"].to_numpy().astype("datetime64[M]")
    whole = np.nan_to_num(months, nan=0).astype("int64")
    available = (end_month + whole + 1).astype("datetime64[D]")
    answers["available_from"] = np.where(np.isnan(months), np.datetime64("NaT"), available)
    answers = answers.sort_values([*_KEY, "official_start"], kind="stable", ignore_index=True)
    answers["position"] = answers.groupby(_KEY, sort=False).cumcount()
    answers.attrs["problems"] = problems
    return answers


def _claims(cat: Catalogue) -> pd.DataFrame:
    obs = cat.observations()
    claims = obs[obs["status"] != "official"].copy()
    claims = pd.concat([claims, claimed_intervals(claims)], axis=1)
    claims["counterpart"] = claims["counterpart"].fillna("")
    claims["named"] = claims["period"] != claims["as_of"].fillna("")
    as_of = pd.to_datetime(claims["as_of"].fillna(claims["period"]).str.slice(0, 10),
                           format="mixed", errors="coerce")  # fmt: skip
    claims["as_of_start"] = as_of.to_numpy().astype("datetime64[D]")
    return claims


def _match(pairs: pd.DataFrame, answers: pd.DataFrame, basis: str) -> pd.DataFrame:
    """For each claim-rule pair, the official row of *basis* (NaN where none)."""
    left = pairs.reset_index(names="pair")
    right = answers
    if basis == "same-period":
        on_left, on_right = "period_start", "official_start"
    else:
        on_left, on_right = "as_of_start", "available_from"
        right = right[right["available_from"].notna()]
    left = left[left[on_left].notna()].sort_values(on_left, kind="stable")
    right = right.sort_values(on_right, kind="stable")
    left[on_left] = left[on_left].astype("datetime64[s]")
    right = right.assign(**{on_right: right[on_right].astype("datetime64[s]")})
    matched = pd.merge_asof(left, right.drop(columns=[c for c in ("rule",) if False]),
                            left_on=on_left, right_on=on_right, by=_KEY,
                            direction="backward", suffixes=("", "_official"))  # fmt: skip
    if basis == "same-period":
        covers = matched["period_end"].to_numpy() <= matched["official_end"].to_numpy()
        official = [c for c in answers.columns if c not in _KEY]
        matched.loc[~covers, official] = np.nan
    return matched.set_index("pair").reindex(pairs.index)


def _format(values: np.ndarray) -> np.ndarray:
    return np.char.mod("%.6g", np.asarray(values, dtype="float64"))


def _open_at_zero(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Claimed bounds with a sign claim's bound at 0 made open (the smallest step past 0)."""
    sign = rows["qualifier"].to_numpy() == "sign"
    lower = rows["claimed_lower"].to_numpy(dtype="float64")
    upper = rows["claimed_upper"].to_numpy(dtype="float64")
    tiny = np.finfo("float64").tiny
    return np.where(sign & (lower == 0), tiny, lower), np.where(sign & (upper == 0), -tiny, upper)


def _verdicts(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Verdict, gap in percent and the distance between C and O, per row."""
    c_lo, c_hi = _open_at_zero(rows)
    o = rows["official_value"].to_numpy(dtype="float64")
    o_lo = np.fmin(rows["official_lower"].to_numpy(dtype="float64"), o)
    o_hi = np.fmax(rows["official_upper"].to_numpy(dtype="float64"), o)
    with np.errstate(invalid="ignore", divide="ignore"):
        above, below = c_lo - o_hi, o_lo - c_hi
        distance = np.fmax(np.fmax(above, below), 0.0)
        gap = (rows["claimed_value"].to_numpy() - o) / np.abs(o) * 100.0
    verdict = np.select(
        [rows["comparability"].to_numpy() == "not-comparable", np.isnan(o),
         distance == 0, distance <= CLOSE_SHARE * np.abs(o), above > 0],
        ["not-comparable", "unverifiable", "consistent", "close", "overstated"],
        "understated",
    )  # fmt: skip
    return verdict, gap, distance


def _inside(value: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return (value >= lower) & (value <= upper)


def _neighbours(rows: pd.DataFrame, answers: pd.DataFrame) -> np.ndarray:
    """A reason where an official figure one or two periods away matches the claim."""
    reasons = np.full(len(rows), "", dtype=object)
    table = answers.loc[:, [*_KEY, "position", "official_period", "official_value"]]
    for step in (-1, 1, -2, 2):
        probe = rows.loc[:, _KEY].assign(position=rows["position"].to_numpy() + step)
        found = probe.merge(table, on=[*_KEY, "position"], how="left")
        value = found["official_value"].to_numpy(dtype="float64")
        hit = _inside(value, rows["claimed_lower"].to_numpy(), rows["claimed_upper"].to_numpy())
        text = ("the official figure of " + found["official_period"].astype("str") + " ("
                + pd.Series(_format(value)) + ") matches the claim: a period slip?")  # fmt: skip
        reasons = np.where(hit & (reasons == ""), text.to_numpy(dtype=object), reasons)
    return reasons


def crosscheck(cat: Catalogue) -> pd.DataFrame:
    """Every press claim of *cat* checked against official statistics (one row per basis).

    Columns: :data:`CROSSCHECK_COLUMNS`. Values are in the claim indicator's canonical unit
    (``unit``); ``gap_percent`` is (claimed value - official value) / |official value| in
    percent (NaN for a sign-only claim); ``reasons`` says in words why the verdict is what it
    is, with the difference of measure for a partial comparison and any diagnostic: a better
    match one or two periods away, a slip by a factor of 10^3, 10^6 or 10^9, a sign flip.
    """
    claims = _claims(cat)
    rules = rules_of(cat, claims)
    units = cat.indicators.set_index("id")["unit"]
    pairs = claims.merge(rules.rename(columns={"id": "rule", "claim": "indicator"}),
                         on="indicator", how="left")  # fmt: skip
    pairs["rule"] = pairs["rule"].fillna("")
    pairs[_KEY] = pairs[_KEY].astype("str")
    answered = pairs[pairs["rule"] != ""]
    answers = official_answers(cat, answered, rules)
    frames = []
    for basis in ("same-period", "knowable"):
        subset = answered if basis == "same-period" else answered[~answered["named"]]
        matched = _match(subset, answers, basis)
        frames.append(pd.concat([subset, matched.drop(columns=subset.columns, errors="ignore")],
                                axis=1).assign(basis=basis))  # fmt: skip
    rows = pd.concat(frames, ignore_index=True)
    has_series = rows.set_index(_KEY).index.isin(answers.set_index(_KEY).index)
    default = rows["rule"].str.startswith("default-").to_numpy()
    verdict, gap, distance = _verdicts(rows)
    verdict = np.where(default & ~has_series, "no-official-source", verdict)
    rows = rows.assign(verdict=verdict, gap_percent=gap, unit=rows["indicator"].map(units))
    rows["reasons"] = _reasons(rows, answers, distance, has_series)
    unanswered = pairs[pairs["rule"] == ""].assign(
        basis="same-period", verdict="no-official-source", role="primary",
        comparability="", unit=lambda f: f["indicator"].map(units),
        reasons="no rule of crosschecks.yaml and no official series of this indicator answer it",
    )  # fmt: skip
    rows = rows[~(default & ~has_series & (rows["basis"] == "knowable").to_numpy())]
    table = pd.concat([rows, unanswered], ignore_index=True).rename(columns={"id": "claim"})
    for column in CROSSCHECK_COLUMNS:
        if column not in table.columns:
            table[column] = np.nan
    order = {"primary": 0, "context": 1}
    table = table.assign(_role=table["role"].map(order), _basis=table["basis"] != "same-period")
    table = table.sort_values(["indicator", "claim", "_role", "rule", "_basis"], kind="stable")
    return table.loc[:, list(CROSSCHECK_COLUMNS)].reset_index(drop=True)


def _reasons(
    rows: pd.DataFrame, answers: pd.DataFrame, distance: np.ndarray, has_series: np.ndarray
) -> pd.Series:
    """The reasons of each verdict, in words, built column-wise."""
    o = rows["official_value"].to_numpy(dtype="float64")
    c_lo, c_hi = rows["claimed_lower"].to_numpy(), rows["claimed_upper"].to_numpy()
    verdict = rows["verdict"].to_numpy()
    sign = rows["qualifier"].to_numpy() == "sign"
    low = np.where(sign & (c_lo == 0), "(0", np.char.add("[", _format(c_lo)))
    high = np.where(sign & (c_hi == 0), "0)", np.char.add(_format(c_hi), "]"))
    claimed = pd.Series(np.char.add(np.char.add(np.char.add("claimed ", low), ", "), high))
    period = rows["official_period"].astype("str").fillna("").reset_index(drop=True)
    official = ("official " + period + ": " + pd.Series(_format(o))).where(
        period != "", "no official figure"
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        share = distance / np.abs(o) * 100
    parts: list[np.ndarray] = [(claimed + "; " + official).to_numpy(dtype=object)]
    far = np.isin(verdict, ("close", "overstated", "understated"))
    parts.append(np.where(far, "apart by " + pd.Series(np.char.mod("%.3g", share)) + "% of "
                          "the official value", ""))  # fmt: skip
    basis = rows["basis"].to_numpy()
    named = rows["named"].to_numpy(dtype=bool)
    parts.append(np.where(
        basis == "knowable",
        "the claim names no period: the latest official period published by its date",
        np.where(~named, "the claim names no period: the period it was made in", ""),
    ))  # fmt: skip
    missing = np.isnan(o) & has_series
    parts.append(np.where(
        missing & (basis == "knowable"),
        "no official period was published by the claim's date (or no release lag is declared "
        "for the dataset in releases.yaml)",
        np.where(missing, "no official figure covers the claim's period", ""),
    ))  # fmt: skip
    declared = ~rows["rule"].str.startswith("default-").to_numpy(dtype=bool)
    missing_series = "the rule's official series are missing from this catalogue"
    parts.append(np.where(~has_series & declared, missing_series, ""))
    difference = rows["difference"].fillna("").to_numpy(dtype=object)
    parts.append(np.where(rows["comparability"].to_numpy() != "comparable", difference, ""))
    checkable = np.isin(verdict, ("overstated", "understated", "close"))
    parts.append(np.where(checkable, _neighbours(rows, answers), ""))
    slip = np.zeros(len(rows), dtype=bool)
    for factor in SLIPS:
        slip |= _inside(o * factor, c_lo, c_hi) & (o != 0)
    parts.append(np.where(checkable & slip, "a slip of a factor of a thousand, million or "
                          "billion would match the official figure", ""))  # fmt: skip
    flip = checkable & _inside(-o, c_lo, c_hi)
    parts.append(np.where(flip, "the claim matches the official figure with its sign flipped", ""))
    joined = pd.Series(parts[0], dtype="str")
    for part in parts[1:]:
        text = pd.Series(part, dtype="str").fillna("")
        joined = joined.where(text == "", joined + "; " + text)
    return pd.Series(joined.to_numpy(), index=rows.index)
