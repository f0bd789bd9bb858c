"""Every press claim checked against official statistics, by rules declared in data.

A rule of ``crosschecks.yaml`` says which official quantity answers a kind of claim (an
official indicator as it is or its growth from the previous period, or a ratio, difference,
total or growth of a total of official series; a ``ratio`` whose second operand has an
empty counterpart is the partner's share of the World total, and a dimensionless ratio
answers a claim in percent);
a claim whose indicator has official observations of its own for the same geo and
counterpart is compared with them without a rule. The official quantity is computed once per
rule and (geo, counterpart) with the metrics of ``integration_indicators.metrics`` (units,
bounds, lineage), and every claim is matched to it in one vectorised pass:

- a claim that names its reference period (its period differs from its as_of) is judged
  against the official period that covers it (basis ``same-period``);
- a claim that names none is judged against the latest official period published by its
  as_of date, by the release lags of ``releases.yaml`` (basis ``knowable``), and against the
  period it was made in (basis ``same-period``), both rows side by side.

The verdict compares the claimed interval C (``integration_indicators.claimed``) with the
official value O: ``consistent`` where they overlap; ``close`` where the distance between them
is at most 5% of |O| (for rates and shares, claims in percent or percentage points, at most
max(1 percentage point, 5% of |O|)); ``overstated`` or ``understated`` beyond;
``not-comparable`` where the rule says the measures differ; ``unverifiable`` where no official
figure exists for the period needed, or the claim is a flow over a shorter period than the
official one (a half-year against a year); ``no-official-source`` where no rule and no
official series answer the claim.

Labels speak of size: where O is negative and C lies at or below 0 (a fall, a deficit), a
claim whose magnitude is smaller than |O| is ``understated`` ("understates the fall") and a
larger one ``overstated``; elsewhere a claim above O is ``overstated``. Where claim and
official figure have opposite signs the reasons say so (the sign-flip diagnostic).
Diagnostics (a period slip, a factor of 10^3/10^6/10^9, a sign flip) are given only for
claims bounded on both sides: on a one-sided interval every alternative would "match".

``of_record`` marks one row per claim: its primary rule, on the knowable basis where the
claim has one, else on the same period.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from functools import partial

import numpy as np
import pandas as pd

from integration_indicators.analysis.series import IndicatorSeries, categorical
from integration_indicators.catalogue import Catalogue
from integration_indicators.errors import (
    AlignmentError,
    AmbiguityError,
    MetricError,
    NoRowsError,
    PeriodError,
    UnitError,
)
from integration_indicators.model.claimed import BOUND_FACTOR, NEAR_SHARE, claimed_intervals
from integration_indicators.model.verdicts import (
    CLOSE_POINTS,
    CLOSE_RATE_SENTENCE,
    CLOSE_SHARE,
    SENTENCES,
)

#: What makes a rule's official quantity unanswerable for a place (no rows, no such period,
#: periods that do not align, a metric undefined there): its claims say so. Anything else
#: (a coding error) is raised, never read as a missing series.
_NO_ANSWER = (NoRowsError, PeriodError, AlignmentError, MetricError)

#: Units of rates and shares (the percentage-point band applies).
RATE_UNITS = ("percent", "percentage_point")

#: Factors whose slip would explain a claim (thousand, million, billion, and back), in words.
SLIPS = {1e3: "a thousand", 1e6: "a million", 1e9: "a billion", 1e-3: "a thousandth",
         1e-6: "a millionth", 1e-9: "a billionth"}  # fmt: skip

#: Said once (``table.attrs["notes"]``, and by the command line) for a catalogue without rules.
NO_RULES = (
    "this catalogue has no crosschecks.yaml: only claims whose indicator has official rows of "
    "its own are checked, the others are no-official-source (integration-indicators init "
    "writes the library's rules into a new catalogue, to edit)"
)


def __getattr__(name: str) -> tuple[str, ...]:
    """``CROSSCHECK_COLUMNS`` of earlier releases, read from the model (deprecated)."""
    if name != "CROSSCHECK_COLUMNS":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import warnings

    from integration_indicators.validation.tables import Crosscheck, columns

    warnings.warn(
        "CROSSCHECK_COLUMNS is deprecated: use integration_indicators.validation.tables."
        "columns(Crosscheck) (removed in 0.2.0)",
        DeprecationWarning,
        stacklevel=2,
    )
    return columns(Crosscheck)


_KEY = ["rule", "geo", "counterpart"]


def rules_of(cat: Catalogue, claims: pd.DataFrame, obs: pd.DataFrame) -> pd.DataFrame:
    """The declared rules, plus a default ``as_is`` rule for each claim indicator that has
    official observations of its own and no declared rule."""
    from integration_indicators.validation.tables import Rule, columns

    declared = cat.rules
    if declared.empty:
        declared = pd.DataFrame(columns=list(columns(Rule)), dtype="str")
    official = obs.loc[obs["status"] == "official", "indicator"].unique()
    claimed = set(claims["indicator"].unique())
    bare = sorted(claimed - set(declared["claim"]) & set(official))
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


#: Columns ``select_series`` reads (the pools carry no others: every copy is cheaper).
_SERIES_COLUMNS = ("id", "indicator", "geo", "counterpart", "period", "period_start",
                   "period_end", "value", "lower", "upper", "unit", "qualifier", "status",
                   "source", "quote", "as_of")  # fmt: skip


class _OfficialRows:
    """The official rows of one catalogue that rules read, grouped once by (indicator, geo,
    counterpart) for each choice of datasets (built on first use: a cached answer needs
    none of it)."""

    def __init__(self, cat: Catalogue, obs: pd.DataFrame, needed: set[str]) -> None:
        self._cat, self._obs, self._needed = cat, obs, needed
        self.catalogue = cat
        self._pools: dict[tuple[str, ...], _Pool] = {}
        self._official: tuple[pd.DataFrame, pd.Series] | None = None

    def official(self) -> tuple[pd.DataFrame, pd.Series]:
        """The official rows of the needed indicators and the dataset of each."""
        if self._official is None:
            obs = self._obs
            chosen = (obs["status"] == "official") & obs["indicator"].isin(self._needed)
            rows = obs.loc[chosen, list(_SERIES_COLUMNS)]
            datasets = self._cat.sources.set_index("id")["dataset"]
            self._official = rows, rows["source"].map(datasets).fillna("")
        return self._official

    def pool(self, allowed: tuple[str, ...]) -> _Pool:
        """The rows of the *allowed* datasets (every dataset where none is named)."""
        if allowed not in self._pools:
            rows, dataset_of = self.official()
            chosen = dataset_of.isin(allowed) if allowed else np.ones(len(rows), dtype=bool)
            self._pools[allowed] = _Pool(rows[chosen], dataset_of[chosen])
        return self._pools[allowed]


class _Pool:
    """Official rows with their datasets, looked up by (indicator, geo, counterpart)."""

    def __init__(self, rows: pd.DataFrame, dataset_of: pd.Series) -> None:
        self.rows, self.dataset_of = rows, dataset_of
        keys = [rows["indicator"], rows["geo"], rows["counterpart"].fillna("")]
        self._groups = rows.groupby(keys, sort=False, dropna=False).indices

    def get(self, indicator: str, geo: str, counterpart: str) -> pd.DataFrame:
        """The rows of one series (none: an empty frame)."""
        found = self._groups.get((indicator, geo, counterpart))
        return self.rows.iloc[found if found is not None else []]

    def of_dataset(self, dataset: str) -> _Pool:
        """The rows of one dataset."""
        chosen = (self.dataset_of == dataset).to_numpy()
        return _Pool(self.rows[chosen], self.dataset_of[chosen])


def _operand(pool: _Pool, indicators: str, geo: str, counterpart: str) -> object:
    from integration_indicators.analysis import metrics
    from integration_indicators.analysis.series import select_series

    series = [select_series(pool.get(ind, geo, counterpart), ind, geo, counterpart)
              for ind in indicators.split("; ")]  # fmt: skip
    result = series[0]
    for other in series[1:]:
        result = metrics.product(result, other, align="inner")
    return result


def _place(place: str, geo: str, counterpart: str) -> str:
    return {"geo": geo, "counterpart": counterpart}.get(place, "")


def _in_currency(
    series: IndicatorSeries, currency: str, rates: pd.DataFrame, geo: str
) -> IndicatorSeries:
    """*series* (levels in US dollars) in *currency*, each period at its official average
    rate (NaN where none covers it): the levels a source writing in that currency grows."""
    from integration_indicators.analysis.rates import period_rate
    from integration_indicators.model.periods import parse_periods

    parsed = parse_periods(pd.Series(series.periods, dtype="str"))
    starts = parsed["start"].to_numpy().astype("datetime64[s]")
    ends = parsed["end"].to_numpy().astype("datetime64[s]")
    spans = zip(starts, ends, strict=True)
    factor = np.asarray([period_rate(rates, currency, s, e, geo)[0] for s, e in spans])
    return dataclasses.replace(
        series, values=series.values * factor, lower=series.lower * factor,
        upper=series.upper * factor, unit=series.unit.replace("USD", currency),
    )  # fmt: skip


def _answer(
    pool: _Pool,
    rule: pd.Series,
    geo: str,
    counterpart: str,
    unit: str,
    *,
    currency: tuple[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """The official quantity of *rule* for one (geo, counterpart), by period; a growth of
    levels in US dollars computed in *currency* (its code and the rate table) where given."""
    from integration_indicators.analysis import metrics
    from integration_indicators.analysis.series import IndicatorSeries
    from integration_indicators.model.units import conversion_factor

    first = _operand(pool, rule["first"], _place(rule["first_geo"], geo, counterpart),
                     _place(rule["first_counterpart"], geo, counterpart))  # fmt: skip
    assert isinstance(first, IndicatorSeries)
    operation = rule["operation"]
    if operation == "as_is":
        result = first
    elif operation == "growth":  # percent change from the previous period, gaps as in metrics
        levels = first if currency is None else _in_currency(first, *currency, geo)
        result = metrics.growth_rate(levels, undefined="nan")
    else:
        second = _operand(pool, rule["second"],
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
            levels = result if currency is None else _in_currency(result, *currency, geo)
            result = metrics.growth_rate(levels, undefined="nan")
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
            "official_vintage": [max((o.vintage or "" for o in os), default="") for os in origins],
        }
    )


def _by_precedence(
    pool: _Pool,
    allowed: tuple[str, ...],
    rule: pd.Series,
    *,
    place: tuple[str, str],
    unit: str,
    currency: tuple[str, pd.DataFrame] | None,
) -> tuple[pd.DataFrame | None, str]:
    """The answer of the first dataset, in the rule's order (then by name), that gives one,
    and the others that also do, in words."""
    geo, counterpart = place
    present = set(pool.dataset_of)
    order = [*allowed, *sorted(present - set(allowed))]
    answers: list[tuple[str, pd.DataFrame]] = []
    for dataset in order:
        try:
            answers.append((dataset, _answer(pool.of_dataset(dataset), rule, geo, counterpart,
                                             unit, currency=currency)))  # fmt: skip
        except (*_NO_ANSWER, AmbiguityError):  # this dataset alone gives none, or two
            continue
    if not answers:
        return None, ""
    (chosen, answer), rest = answers[0], answers[1:]
    beside = ", ".join(dataset for dataset, _ in rest)
    said = f"the figure of {chosen}, first in the rule's order of datasets" + (
        f"; also published by {beside}" if beside else ""
    )
    return answer, said


def _combination(
    rows: _OfficialRows,
    rule: pd.Series,
    geo: str,
    counterpart: str,
    unit: str,
    *,
    currency: str = "",
) -> tuple[pd.DataFrame | None, str, str]:
    """The official quantity of *rule* for one (geo, counterpart) in *unit* (None where the
    catalogue cannot give it), why not where a unit is to blame, and the other datasets
    that also give it; a growth in *currency* where one is given (``growth_currencies``)."""
    from integration_indicators.analysis.rates import rate_table

    allowed = tuple(d for d in str(rule["datasets"]).split("; ") if d)
    pool = rows.pool(allowed)
    rated = (currency, rate_table(rows.catalogue)) if currency else None
    try:
        return _answer(pool, rule, geo, counterpart, unit, currency=rated), "", ""
    except AmbiguityError:  # more than one official source: the rule's order decides
        chosen, beside = _by_precedence(pool, allowed, rule, place=(geo, counterpart),
                                        unit=unit, currency=rated)  # fmt: skip
        return chosen, "", beside
    except UnitError as exc:  # said as such, never as missing series
        return None, f"the rule's official quantity is not in the claim's unit: {exc}", ""
    except _NO_ANSWER:
        return None, "", ""  # the combination has no answer: its claims say so


def answer_series(cat: Catalogue, rule_id: str, geo: str, counterpart: str) -> pd.DataFrame:
    """The official quantity of one rule for one (geo, counterpart), by period (what a claim
    of that kind is compared with); empty where the catalogue cannot give it."""
    obs = cat.observations()
    rules = rules_of(cat, obs[obs["status"] != "official"], obs).set_index("id")
    rule = rules.loc[rule_id]
    combos = pd.DataFrame({"rule": [rule_id], "geo": [geo], "counterpart": [counterpart],
                           "indicator": [rule["claim"]]})  # fmt: skip
    return official_answers(cat, obs, combos, rules.reset_index())


def official_answers(
    cat: Catalogue, obs: pd.DataFrame, combos: pd.DataFrame, rules: pd.DataFrame
) -> pd.DataFrame:
    """The official quantity of every (rule, geo, counterpart) of *combos*, one row per period.

    Computed once per distinct combination (a handful), never per claim; ``key`` is the
    combination's row in *combos*. Combinations whose operands are missing give no rows.
    """
    from integration_indicators.model.periods import parse_periods

    needed = set(rules["first"].str.split("; ").explode()) | set(
        rules["second"].str.split("; ").explode()
    )
    rows = _OfficialRows(cat, obs, needed)
    sources = cat.sources.set_index("id")
    units = cat.indicators.set_index("id")["unit"]
    frames = []
    unit_failures: dict[int, str] = {}
    others: dict[int, str] = {}
    by_id = rules.set_index("id")
    if "growth_currency" not in combos.columns:
        combos = combos.assign(growth_currency="")
    for key, (rule_id, geo, counterpart, indicator, currency) in enumerate(
        combos.loc[:, ["rule", "geo", "counterpart", "indicator", "growth_currency"]]
        .astype("str")
        .itertuples(index=False)
    ):  # a few hundred combinations at most, each answered once per catalogue
        rule = by_id.loc[rule_id]
        unit = str(units[indicator])
        answer, unit_failure, beside = cat.computed(
            ("crosscheck-answer", tuple(rule.index), tuple(rule), geo, counterpart, unit,
             currency),
            partial(_combination, rows, rule, geo, counterpart, unit, currency=currency),
        )  # fmt: skip
        if unit_failure:
            unit_failures[key] = unit_failure
        if beside:
            others[key] = beside
        if answer is not None:
            frames.append(answer.assign(key=key))
    columns = ["key", "official_period", "official_value", "official_lower", "official_upper",
               "official_sources", "official_observations", "official_vintage"]  # fmt: skip
    empty = pd.DataFrame(
        {c: pd.Series(dtype="int64" if c == "key" else "str" if "_p" in c or "_s" in c
                      or "_ob" in c or "_vi" in c else "float64") for c in columns}
    )  # fmt: skip
    answers = pd.concat([empty, *frames], ignore_index=True).loc[:, columns]
    answers["key"] = answers["key"].astype("int64")
    periods = parse_periods(answers["official_period"].astype("str"))
    answers["official_start"] = periods["start"].to_numpy().astype("datetime64[s]")
    answers["official_end"] = periods["end"].to_numpy().astype("datetime64[s]")
    lag = pd.Series(dtype="float64")
    if not cat.releases.empty:
        lag = pd.to_numeric(cat.releases.set_index("dataset")["lag_months"]).astype("float64")
    first_source = answers["official_sources"].astype("str").str.split(", ").str[0]
    months = first_source.map(sources["dataset"]).map(lag).to_numpy(dtype="float64")
    end_month = answers["official_end"].to_numpy().astype("datetime64[M]")
    whole = np.nan_to_num(months, nan=0).astype("int64")
    available = (end_month + whole + 1).astype("datetime64[s]")
    answers["available_from"] = np.where(np.isnan(months), np.datetime64("NaT", "s"), available)
    answers = answers.sort_values(["key", "official_start"], kind="stable", ignore_index=True)
    answers.attrs["unit_failures"] = unit_failures
    answers.attrs["others"] = others
    return answers


#: Text columns the engine carries as categories (codes travel through merges, not strings).
_CATEGORIES = ("indicator", "geo", "counterpart", "period", "as_of", "qualifier")


def _claims(cat: Catalogue, obs: pd.DataFrame) -> pd.DataFrame:
    """The press rows with their claimed intervals, in their indicator's unit (a claim in
    another currency converted by ``rates.converted``: ``conversion`` says how,
    ``rate_failure`` why it could not be)."""
    from integration_indicators.analysis.rates import converted

    definitions = cat.indicators.set_index("id")
    from integration_indicators.validation.tables import (
        Observation,
        columns,
        file_column_of,
        record_columns,
    )

    # the columns the engine computes with: the record's text joins at the end
    work = [c for c in columns(Observation) if c not in record_columns(Observation)]
    claims = obs.loc[~obs["status"].isin(["official", "stated"]), work]
    claims = pd.concat([claims, claimed_intervals(claims, definitions["sign"],
                                                  _hedge_kinds(obs, claims))], axis=1)  # fmt: skip
    factor, conversion, rate_failure = converted(cat, claims, definitions["unit"])
    for column in ("claimed_value", "claimed_lower", "claimed_upper", "literal_lower",
                   "literal_upper"):  # fmt: skip
        claims[column] = claims[column].to_numpy(dtype="float64") * factor
    claims["conversion"] = pd.Categorical(conversion)
    claims["rate_failure"] = pd.Categorical(rate_failure)
    claims = claims.drop(columns="unit")
    claims = claims.drop(columns=list(file_column_of(Observation)))
    claims["counterpart"] = claims["counterpart"].fillna("")
    as_of = claims["as_of"].fillna(claims["period"])
    claims["named"] = (claims["period"] != as_of).to_numpy(dtype=bool)
    claims["as_of_start"] = (
        pd.to_datetime(as_of.str.slice(0, 10), format="mixed", errors="coerce")
        .to_numpy()
        .astype("datetime64[s]")
    )
    claims["period_start"] = claims["period_start"].astype("datetime64[s]")
    claims["period_end"] = claims["period_end"].astype("datetime64[s]")
    for column in _CATEGORIES:
        claims[column] = claims[column].astype("category")
    return claims


def _taken(column: pd.Series, rows: np.ndarray) -> pd.Categorical:
    """*column* at *rows* (missing where -1), as a categorical built from codes."""
    codes, uniques = pd.factorize(column)
    if not len(codes):
        return categorical(np.full(len(rows), -1), [])
    return categorical(np.where(rows >= 0, codes[np.where(rows >= 0, rows, 0)], -1), uniques)


def _match(pairs: pd.DataFrame, answers: pd.DataFrame, basis: str) -> np.ndarray:
    """For each pair, the row of *answers* it is judged against on *basis* (-1 for none)."""
    if basis == "same-period":
        on_left, on_right = "period_start", "official_start"
    else:
        on_left, on_right = "as_of_start", "available_from"
    left = pd.DataFrame({"key": pairs["key"].to_numpy(), "at": pairs[on_left].to_numpy(),
                         "pair": np.arange(len(pairs))})  # fmt: skip
    left = left[left["at"].notna()].sort_values("at", kind="stable")
    right = pd.DataFrame({"key": answers["key"].to_numpy(), "at": answers[on_right].to_numpy(),
                          "row": np.arange(len(answers))})  # fmt: skip
    right = right[right["at"].notna()].sort_values("at", kind="stable")
    matched = pd.merge_asof(left, right, on="at", by="key", direction="backward")
    rows = np.full(len(pairs), -1, dtype="int64")
    rows[matched["pair"].to_numpy()] = matched["row"].fillna(-1).to_numpy(dtype="int64")
    if basis == "same-period":
        found = rows >= 0
        ends = answers["official_end"].to_numpy()
        covers = np.zeros(len(pairs), dtype=bool)
        covers[found] = pairs["period_end"].to_numpy()[found] <= ends[rows[found]]
        rows[~covers] = -1
    return rows


def _codes(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One integer per distinct combination of *columns*, 0 to n - 1 (factorised column by
    column: categorical columns by their codes; renumbered whenever the product of the
    sizes could leave int64)."""
    codes = np.zeros(len(frame), dtype="int64")
    size = 1
    for column in columns:
        column_codes, uniques = pd.factorize(frame[column], use_na_sentinel=False)
        if size * (len(uniques) + 1) >= 2**62:
            distinct, codes = np.unique(codes, return_inverse=True)
            size = len(distinct)
        codes = codes * (len(uniques) + 1) + column_codes
        size *= len(uniques) + 1
    return np.unique(codes, return_inverse=True)[1].astype("int64").reshape(-1)


def _per_category(column: pd.Series, mapping: pd.Series | dict[str, str]) -> np.ndarray:
    """*mapping* of each value of a categorical *column*, looked up once per category
    ("" for a missing value or one the mapping lacks)."""
    categories = pd.Series(np.asarray(column.cat.categories, dtype=object))
    mapped = categories.map(mapping).astype("object").fillna("").to_numpy(dtype=object)
    return np.append(mapped, "")[column.cat.codes.to_numpy()]


def _labelled(codes: np.ndarray, labels: Iterable[object]) -> pd.Categorical:
    """A categorical of *labels* from integer *codes*, -1 read as "" (never missing, so
    that the reasons read "" as nothing to say)."""
    label_codes, distinct = pd.factorize(np.asarray(["", *labels], dtype=object))
    return categorical(label_codes[np.asarray(codes, dtype="int64") + 1], distinct)


def _open_at_zero(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Claimed bounds with a sign claim's bound at 0 made open (the smallest step past 0)."""
    sign = rows["qualifier"].to_numpy() == "sign"
    lower = rows["claimed_lower"].to_numpy(dtype="float64")
    upper = rows["claimed_upper"].to_numpy(dtype="float64")
    tiny = np.finfo("float64").tiny
    return np.where(sign & (lower == 0), tiny, lower), np.where(sign & (upper == 0), -tiny, upper)


def _close_band(rows: pd.DataFrame, official: np.ndarray) -> np.ndarray:
    """Largest distance still called close: 5% of |O|, for rates and shares at least one
    percentage point (in the claim's unit)."""
    from integration_indicators.model.units import conversion_factor

    band = CLOSE_SHARE * np.abs(official)
    units = rows["unit"]
    for unit in units.cat.categories:  # a few distinct units
        if unit in RATE_UNITS:
            point = CLOSE_POINTS * conversion_factor("percentage_point", str(unit))
            band = np.where((units == unit).to_numpy(), np.fmax(band, point), band)
    return np.asarray(band, dtype="float64")


def _verdicts(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Verdict and gap in percent, per row (labels by magnitude below 0: see the module)."""
    c_lo, c_hi = _open_at_zero(rows)
    o = rows["official_value"].to_numpy(dtype="float64")
    o_lo = np.fmin(rows["official_lower"].to_numpy(dtype="float64"), o)
    o_hi = np.fmax(rows["official_upper"].to_numpy(dtype="float64"), o)
    with np.errstate(invalid="ignore", divide="ignore"):
        above, below = c_lo - o_hi, o_lo - c_hi
        distance = np.fmax(np.fmax(above, below), 0.0)
        gap = (rows["claimed_value"].to_numpy() - o) / np.abs(o) * 100.0
        negative = (o < 0) & (c_hi <= 0)  # a fall or a deficit on both sides: sizes compared
    larger = np.where(negative, below > 0, above > 0)
    verdict = np.select(
        [(rows["comparability"] == "not-comparable").to_numpy(),
         (rows["rate_failure"] != "").to_numpy(), np.isnan(o),
         rows["shorter"].to_numpy(dtype=bool), distance == 0,
         distance <= _close_band(rows, o), larger],
        ["not-comparable", "unverifiable", "unverifiable", "unverifiable", "consistent", "close",
         "overstated"],
        "understated",
    )  # fmt: skip
    return verdict, gap


def _inside(value: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return (value >= lower) & (value <= upper)


def _neighbour(rows: np.ndarray, answers: pd.DataFrame, c_lo: np.ndarray, c_hi: np.ndarray
               ) -> np.ndarray:  # fmt: skip
    """Row of *answers* one or two periods from each matched row that matches the claim
    (the nearest first), or -1."""
    best = np.full(len(rows), -1, dtype="int64")
    if answers.empty:
        return best
    keys = answers["key"].to_numpy()
    values = answers["official_value"].to_numpy(dtype="float64")
    for step in (-1, 1, -2, 2):
        other = rows + step
        valid = (rows >= 0) & (other >= 0) & (other < len(answers))
        safe = np.where(valid, other, 0)
        valid &= keys[safe] == keys[np.where(rows >= 0, rows, 0)]
        hit = valid & _inside(values[safe], c_lo, c_hi) & (best < 0)
        best = np.where(hit, other, best)
    return best


def _pairs(claims: pd.DataFrame, rules: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
    """Each claim with each rule of its indicator (one row with no rule where none),
    ``growth_currency`` (``growth_currencies``) and ``key``: one integer per (rule, geo,
    counterpart, growth currency)."""
    rule_columns = rules.loc[:, ["id", "claim", "comparability", "role", "difference"]]
    rule_columns = rule_columns.rename(columns={"id": "rule", "claim": "indicator"})
    claimed = rule_columns["indicator"].isin(claims["indicator"].cat.categories)
    rule_columns = rule_columns[claimed.to_numpy(dtype=bool)]  # rules of indicators claimed
    rule_columns["indicator"] = pd.Categorical(
        rule_columns["indicator"], categories=claims["indicator"].cat.categories
    )
    pairs = claims.reset_index(names="obs_row").merge(rule_columns, on="indicator", how="left")
    for column in ("rule", "comparability", "role", "difference"):
        pairs[column] = pairs[column].fillna("").astype("category")
    pairs["growth_currency"] = growth_currencies(cat, pairs, rules)
    pairs["key"] = _codes(pairs, ["rule", "geo", "counterpart", "growth_currency"])
    return pairs


def growth_currencies(
    cat: Catalogue, pairs: pd.DataFrame, rules: pd.DataFrame
) -> pd.Categorical[str]:
    """The currency each claim's growth is computed in: its source's (``currency`` in
    sources.yaml: a euro-area outlet's "trade shrank by 6.6 percent" is a change of euros)
    where its rule grows levels held in US dollars (``growth``, ``growth_of_total``) and the
    source writes in another currency; "" elsewhere (the levels' own currency)."""
    from integration_indicators.model.units import currencies_of

    sources = cat.sources.set_index("id")
    if "currency" not in sources.columns or not (sources["currency"] != "").any():
        return pd.Categorical(np.full(len(pairs), "", dtype=object))
    obs_source = cat.observations()["source"]
    at = obs_source.index.get_indexer(pd.Index(pairs["obs_row"]))
    said = obs_source.iloc[at].map(sources["currency"]).fillna("").reset_index(drop=True)
    by_id = rules.set_index("id")
    units = cat.indicators.set_index("id")["unit"]

    def grows_dollars(rule: str) -> bool:
        if rule not in by_id.index:
            return False
        operation = str(by_id.at[rule, "operation"])
        first = str(by_id.at[rule, "first"]).split("; ")[0]
        unit = str(units.get(first, ""))
        return operation in ("growth", "growth_of_total") and currencies_of(unit) == ("USD",)

    rule_text = pairs["rule"].astype("str")
    growing = rule_text.map({r: grows_dollars(r) for r in rule_text.unique()}).to_numpy(bool)
    chosen = np.where(growing & (said != "USD").to_numpy(), said.to_numpy(dtype=object), "")
    return pd.Categorical(chosen)


def _hedge_kinds(obs: pd.DataFrame, claims: pd.DataFrame) -> np.ndarray:
    """Whether each claim's one-sided hedge approximates or bounds, read from its figure and
    quote (only the claims with such a hedge are read)."""
    from integration_indicators.model.figure_fields import hedge_kinds

    kinds = np.full(len(claims), "bound", dtype=object)
    one_sided = claims["qualifier"].isin(["at_most", "at_least"]).to_numpy(dtype=bool)
    if one_sided.any():
        text = obs.loc[claims.index[one_sided], ["figure", "quote"]]
        kinds[one_sided] = hedge_kinds(text["figure"], text["quote"])
    return kinds


def crosscheck(cat: Catalogue) -> pd.DataFrame:
    """Every press claim of *cat* checked against official statistics (one row per basis).

    Columns: the model ``validation.tables.Crosscheck``; text the engine writes (basis, rule,
    verdict, reasons, official periods and sources, ...) is categorical, as it repeats across
    claims. Values are in the claim indicator's canonical unit
    (``unit``); ``gap_percent`` is (claimed value - official value) / |official value| in
    percent (NaN for a sign-only claim); ``reasons`` says in words why the verdict is what it
    is, with the difference of measure for a partial comparison and any diagnostic: a better
    match one or two periods away, a slip by a factor of 10^3, 10^6 or 10^9, a sign flip.
    """
    obs = cat.observations()  # a shallow copy: copy-on-write, never changed here
    claims = _claims(cat, obs)
    rules = rules_of(cat, claims, obs)
    pairs = _pairs(claims, rules, cat)
    combos = pairs.drop_duplicates("key").sort_values("key")
    combos = combos.astype(
        {c: "str" for c in ("rule", "geo", "counterpart", "indicator", "growth_currency")}
    )
    answered_keys = np.flatnonzero(combos["rule"].to_numpy() != "")
    answers = official_answers(cat, obs, combos[combos["rule"] != ""], rules)
    # keys of official_answers count only the answered combos: map them back
    answers["key"] = answered_keys[answers["key"].to_numpy()]
    unit_failures = {
        int(answered_keys[k]): text for k, text in answers.attrs["unit_failures"].items()
    }
    precedence = {int(answered_keys[k]): text for k, text in answers.attrs["others"].items()}
    mirrored = [m for m in (_mirrored(r) for _, r in rules.iterrows()) if m is not None]
    mirrors = _mirror_answers(cat, obs, combos, mirrored)
    answers = answers.sort_values(["key", "official_start"], kind="stable", ignore_index=True)
    rule_text = pairs["rule"].astype("str")
    has_rule = (rule_text != "").to_numpy()
    default_rule = rule_text.str.startswith("default-").to_numpy(dtype=bool)
    has_series_pair = np.isin(pairs["key"].to_numpy(), answers["key"].to_numpy())
    no_source_pair = ~has_rule | (default_rule & ~has_series_pair)
    knowable = ~no_source_pair & ~pairs["named"].to_numpy(dtype=bool)
    same_period = _match(pairs, answers, "same-period") if len(answers) else np.full(len(pairs), -1)
    answers, spans, span_notes = _sums_over_spans(
        pairs,
        answers,
        _summable(pairs, rules, cat.indicators.set_index("id")["measure"]),
        uncovered=same_period < 0,
    )
    pairs["span_note"] = span_notes
    # today's figures, then as each held release published them (rows from ``today`` on)
    answers, today = _with_releases(cat, answers, combos, rules, pairs[~no_source_pair])
    covering, pairs["no_release_of_day"] = _named_on_release(
        pairs, answers, np.where(spans >= 0, spans, same_period), ~no_source_pair & (spans < 0),
        today,
    )  # fmt: skip
    rows, is_knowable = _on_both_bases(pairs, answers, knowable, has_rule, covering, today=today)
    row = rows["answer_row"].to_numpy()
    found = row >= 0
    for column in ("official_value", "official_lower", "official_upper"):
        values = answers[column].to_numpy(dtype="float64")
        rows[column] = np.where(found, values[np.where(found, row, 0)] if len(values) else 0,
                                np.nan)  # fmt: skip
    for column in ("official_period", "official_sources", "official_observations",
                   "official_vintage"):  # fmt: skip
        rows[column] = _taken(answers[column], row)
    has_series = np.isin(rows["key"].to_numpy(), answers["key"].to_numpy())
    no_source = np.concatenate([no_source_pair, no_source_pair[knowable]])
    reporters = _reporters(rows, {str(m["id"]).removesuffix("~mirror") for m in mirrored})
    rows = from_statements(cat, obs, rows.assign(mirror_value=_mirror_values(
        rows, answers, mirrors), reporter=reporters), rules)  # fmt: skip
    rows = _judged(cat, rows, answers, no_source=no_source, has_series=has_series,
                   unit_failures=unit_failures, precedence=precedence, today=today)  # fmt: skip
    roles = np.asarray(rows["role"].cat.categories, dtype=str)
    named_roles, role_codes = np.unique(np.where(roles == "", "primary", roles),
                                        return_inverse=True)  # fmt: skip
    codes = rows["role"].cat.codes.to_numpy()
    rows["role"] = categorical(np.where(codes >= 0, role_codes[codes], -1), named_roles)
    text = obs.loc[:, ["id", "figure", "quote", "attributed_to", "source", "cited_source"]]
    positions = obs.index.get_indexer(pd.Index(rows["obs_row"]))
    table = pd.concat([rows, text.iloc[positions].reset_index(drop=True)], axis=1).rename(
        columns={"id": "claim"}
    )
    order = np.lexsort((
        is_knowable,
        pd.factorize(rule_text.to_numpy()[np.concatenate([np.arange(len(pairs)),
                                                          np.flatnonzero(knowable)])],
                     sort=True)[0],
        (table["role"] == "context").to_numpy(),
        table["obs_row"].to_numpy(),
        table["indicator"].cat.codes.to_numpy(),
    ))  # fmt: skip
    table = table.iloc[order].reset_index(drop=True)
    table["of_record"] = _of_record(table)
    from integration_indicators.validation.tables import Crosscheck, columns

    table = table.loc[:, list(columns(Crosscheck))]
    table.attrs["notes"] = [NO_RULES] if cat.rules.empty else []
    return table


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
    open_rows = (np.isnan(rows["official_value"].to_numpy(dtype="float64"))
                 & (rows["basis"] == "same-period").to_numpy()
                 & (rows["role"].astype("str") != "context").to_numpy()
                 & (rows["rule"].astype("str") != "").to_numpy())  # fmt: skip
    if stated.empty or not open_rows.any():
        return rows.assign(statement=pd.Categorical(said))
    sources = cat.sources.set_index("id")
    statements = _Statements(stated)
    records = rules.astype("object").set_index("id").to_dict("index")
    by_rule = {str(k): {str(c): v for c, v in r.items()} for k, r in records.items()}
    levels = _level_indicators(by_rule)
    values = {c: rows[c].to_numpy(dtype="float64").copy()
              for c in ("official_value", "official_lower", "official_upper")}  # fmt: skip
    text = {c: rows[c].astype(object).to_numpy().copy()
            for c in ("official_period", "official_sources", "official_observations")}  # fmt: skip
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
                found = statements.combined(by_rule[rule], (side, other), period, said_on,
                                            unit=str(units.get(indicator, "")))  # fmt: skip
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
        said[at] = _statement_words(chosen, later, sources, period=period, partner=partner,
                                    place=(geo, counterpart), derived=derived)  # fmt: skip
    rows = rows.assign(**values, statement=pd.Categorical(said))
    for column, found_text in text.items():
        rows[column] = pd.Categorical(found_text)
    return rows


def _level_indicators(by_rule: Mapping[str, Mapping[str, object]]) -> dict[str, str]:
    """Per growth rule (*by_rule*: each rule's fields by its id), the indicator whose levels
    it grows: a ``growth`` rule's one operand, a ``growth_of_total`` rule's total (the claim
    of a ``total`` rule of the same operands)."""
    operands = ("first", "first_geo", "first_counterpart", "second", "second_geo",
                "second_counterpart")  # fmt: skip

    def key(fields: Mapping[str, object]) -> tuple[str, ...]:
        return tuple(str(fields.get(c, "")) for c in operands)

    total_of = {key(f): str(f.get("claim", "")) for f in by_rule.values()
                if f.get("operation") == "total"}  # fmt: skip
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
        self._groups = stated.groupby(["indicator", "geo", "counterpart", "period"],
                                      sort=False, observed=True).indices  # fmt: skip

    def _rows_of(self, key: tuple[str, str, str, str], said_on: str
                 ) -> tuple[pd.DataFrame, pd.DataFrame] | None:  # fmt: skip
        found = self._groups.get(key)
        return None if found is None else _by_the_day(self._rows.iloc[found], said_on)

    def stated(self, indicator: str, geo: str, counterpart: str, period: str,
               said_on: str) -> _Stated | None:  # fmt: skip
        """The figure as stated: the median of the statements, the interval spanning them."""
        found = self._rows_of((indicator, geo, counterpart, period), said_on)
        if found is None:
            return None
        chosen, later = found
        return _span(chosen), chosen, later, ""

    def grown(self, level: str, geo: str, counterpart: str, period: str,
              said_on: str) -> _Stated | None:  # fmt: skip
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
        growth = (100 * (value / base - 1), 100 * (low / base_high - 1),
                  100 * (high / base_low - 1))  # fmt: skip
        chosen = pd.concat([before[0], now[0]])
        late = [
            year
            for year, (known, after) in ((int(period) - 1, before), (period, now))
            if after is known
        ]  # a year whose levels were all stated after the claim
        words = (f"the growth is computed from stated levels of {period} over "
                 f"{int(period) - 1} (growth = level / level the year before - 1)")  # fmt: skip
        if len(late) == 2:
            later = chosen
        else:
            later = pd.concat([after for known, after in (before, now) if after is not known])
            if late:
                words += f"; the level of {late[0]} was stated only after the claim"
        return growth, chosen, later, words

    def combined(
        self, rule: Mapping[str, object], place: tuple[str, str], period: str, said_on: str,
        *, unit: str,
    ) -> _Stated | None:  # fmt: skip
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
            key = (indicator, _place(field(f"{which}_geo"), *place),
                   _place(field(f"{which}_counterpart"), *place), period)  # fmt: skip
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
        later = chosen if len(late) == 2 else pd.concat(
            [after for known, after in parts if after is not known])  # fmt: skip
        words = (f"the official figure is the {operation} of two stated figures of {period} "
                 "on one side")  # fmt: skip
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
    before = (statements["as_of"].astype("str") <= said_on).to_numpy(dtype=bool) if said_on else (
        np.ones(len(statements), dtype=bool))  # fmt: skip
    if not before.any():
        return statements, statements
    return statements[before], statements[~before]


def _statement_words(
    chosen: pd.DataFrame, later: pd.DataFrame, sources: pd.DataFrame, *, period: str,
    partner: bool, place: tuple[str, str], derived: str = "",
) -> str:  # fmt: skip
    """What an answer from statements rests on, in words: who stated it, where and when, and
    the statements made after the claim."""
    from integration_indicators.model.economies import name_of

    def text(value: object) -> str:
        return "" if pd.isna(value) else str(value)  # type: ignore[call-overload]

    def one(row: pd.Series) -> str:
        who = text(row["attributed_to"]) or text(row["cited_source"]) or "an official body"
        source = str(row["source"])
        outlet = (text(sources["producer"].get(source, ""))
                  or text(sources["title"].get(source, "")) or source)  # fmt: skip
        return f"{who} ({row['figure']}; {outlet}, {row['as_of']})"

    stated = "; ".join(one(r) for _, r in chosen.iterrows())
    words = (f"no dataset holds {period}: the official figure is a statement reported by the "
             f"press, not a dataset: {stated}")  # fmt: skip
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
        words += (f"; it is on {name_of(counterpart)}'s statistics, as no statement of "
                  f"{name_of(geo)}'s was found: the claim's basis may differ")  # fmt: skip
    return words


def _judged(
    cat: Catalogue,
    rows: pd.DataFrame,
    answers: pd.DataFrame,
    *,
    no_source: np.ndarray,
    has_series: np.ndarray,
    unit_failures: dict[int, str],
    precedence: dict[int, str],
    today: int,
) -> pd.DataFrame:
    """*rows* matched to their official figures, with unit, verdict, gap and reasons (and
    the verdict against today's figure where a held release's differs: ``today`` as in
    ``_on_both_bases``)."""
    definitions = cat.indicators.set_index("id")
    rows["unit"] = rows["indicator"].map(definitions["unit"]).astype("category")
    rows["shorter"] = _shorter_flow(rows, answers, definitions["measure"])
    rows["published_after"] = _published_after(rows, answers)
    verdict, gap = _verdicts(rows)
    verdict = np.where(no_source, "no-official-source", verdict)
    rows = rows.assign(verdict=pd.Categorical(verdict), gap_percent=gap)
    rows["revised_verdict"] = _revised_verdicts(rows, answers, today)
    rows["on_release"] = rows["answer_row"].to_numpy() >= today
    neighbour = _neighbour(rows["answer_row"].to_numpy(), answers, *_open_at_zero(rows))
    rows["unit_failure"] = _said_per_key(rows["key"].to_numpy(), unit_failures)
    rows["precedence"] = _said_per_key(rows["key"].to_numpy(), precedence)
    rows["sign_words"] = _sign_words(rows, definitions["sign"])
    on_estimate = _on_estimates(cat, answers["official_observations"])  # once per answer
    row = rows["answer_row"].to_numpy()
    rows["on_estimate"] = (row >= 0) & np.append(on_estimate, False)[np.where(row >= 0, row, -1)]
    rows["reasons"] = _reasons(rows, answers, neighbour, has_series, no_source)
    return rows


def _on_estimates(cat: Catalogue, observations: pd.Series) -> np.ndarray:
    """Per official answer, whether it rests on an observation its source marks as an
    estimate (the IMF's "e"): *observations* lists the ids behind each answer."""
    frames = [cat.observations(), cat.superseded()]
    marked = pd.concat([f.loc[f["estimated"].to_numpy(dtype=bool), "id"] for f in frames])
    if marked.empty:
        return np.zeros(len(observations), dtype=bool)
    texts = observations.astype("object").fillna("").astype("str").reset_index(drop=True)
    ids = texts.str.split(", ").explode()  # keeps each row's position as its index
    found = ids.isin(set(marked)).groupby(level=0).any()
    return found.reindex(range(len(texts)), fill_value=False).to_numpy(dtype=bool)


#: What a claim's size is of, by sign convention, below and above 0 (``_sign_words``).
_SIZE_WORDS = ("fall", "rise", "deficit", "surplus", "size")


def _sign_words(rows: pd.DataFrame, signs: pd.Series) -> pd.Categorical:
    """What a claim's size is of, where claim and official figure share a sign: "fall",
    "rise", "deficit", "surplus", or "size" for a negative figure of another indicator."""
    o = rows["official_value"].to_numpy(dtype="float64")
    c_lo = rows["claimed_lower"].to_numpy(dtype="float64")
    c_hi = rows["claimed_upper"].to_numpy(dtype="float64")
    sign = _per_category(rows["indicator"], signs)
    with np.errstate(invalid="ignore"):
        negative, positive = (o < 0) & (c_hi <= 0), (o > 0) & (c_lo >= 0)
    change, balance = sign == "change", sign == "balance"
    below = np.select([change, balance], [0, 2], 4)
    above = np.select([change, balance], [1, 3], -1)
    return _labelled(np.where(negative, below, np.where(positive, above, -1)), _SIZE_WORDS)


def _mirrored(rule: pd.Series) -> pd.Series | None:
    """The rule as the partner reports the same flows (exports and imports swapped, geo and
    counterpart swapped), or None where it is not made of bilateral flows alone."""
    from integration_indicators.model.vocabulary import MIRROR_FLOWS

    mirror = rule.copy()
    for operand in ("first", "second"):
        ids = [i for i in str(rule[operand]).split("; ") if i]
        if operand == "first" or ids:
            places = (rule[f"{operand}_geo"], rule[f"{operand}_counterpart"])
            if not ids or any(i not in MIRROR_FLOWS for i in ids):
                return None
            if set(places) != {"geo", "counterpart"}:
                return None
            mirror[operand] = "; ".join(MIRROR_FLOWS[i] for i in ids)
            mirror[f"{operand}_geo"], mirror[f"{operand}_counterpart"] = places[1], places[0]
    mirror["id"] = f"{rule['id']}~mirror"
    return mirror


def _mirror_answers(
    cat: Catalogue, obs: pd.DataFrame, combos: pd.DataFrame, mirrored: list[pd.Series]
) -> pd.DataFrame:
    """The official quantity of each bilateral combination as the partner reports it (by
    the *mirrored* rules): ``key`` (the combination's), ``official_period``,
    ``mirror_value``."""
    empty = pd.DataFrame({"key": pd.Series(dtype="int64"),
                          "official_period": pd.Series(dtype="str"),
                          "mirror_value": pd.Series(dtype="float64")})  # fmt: skip
    if not mirrored:
        return empty
    table = pd.DataFrame(mirrored)
    wanted = combos[combos["rule"].isin(set(table["id"].str.removesuffix("~mirror")))]
    if wanted.empty:
        return empty
    asked = wanted.assign(rule=wanted["rule"] + "~mirror")
    found = official_answers(cat, obs, asked, table)
    if found.empty:
        return empty
    return pd.DataFrame({
        "key": wanted["key"].to_numpy()[found["key"].to_numpy()],
        "official_period": found["official_period"].astype("str").to_numpy(),
        "mirror_value": found["official_value"].to_numpy(dtype="float64"),
    })  # fmt: skip


def _mirror_values(rows: pd.DataFrame, answers: pd.DataFrame, mirrors: pd.DataFrame) -> np.ndarray:
    """Each row's official figure as the partner reports it, for the same period (NaN where
    the rule has no mirror or the partner reports nothing): looked up once per answer."""
    row = rows["answer_row"].to_numpy()
    if mirrors.empty or answers.empty:
        return np.full(len(rows), np.nan)
    periods = answers["official_period"].astype("str").to_numpy()
    left = pd.DataFrame({"key": answers["key"].to_numpy(), "official_period": periods})
    merged = left.merge(mirrors.drop_duplicates(["key", "official_period"]), how="left",
                        on=["key", "official_period"])  # fmt: skip
    per_answer = np.append(merged["mirror_value"].to_numpy(dtype="float64"), np.nan)
    return per_answer[np.where(row >= 0, row, len(answers))]


def _reporters(rows: pd.DataFrame, bilateral: set[str]) -> pd.Categorical:
    """Whose report answers a *bilateral* rule's rows: the geo's name ("" for other rules),
    looked up once per economy."""
    from integration_indicators.model.economies import name_of

    geos = rows["geo"].cat.categories
    names = [name_of(str(g)) for g in geos]
    on_bilateral = rows["rule"].isin(bilateral).to_numpy()  # categorical: once per category
    codes = rows["geo"].cat.codes.to_numpy()
    return _labelled(np.where(on_bilateral, codes, -1), names)


def _with_releases(
    cat: Catalogue,
    answers: pd.DataFrame,
    combos: pd.DataFrame,
    rules: pd.DataFrame,
    knowable: pd.DataFrame,
) -> tuple[pd.DataFrame, int]:
    """*answers* (today's figures) followed by those of the held releases, and where the
    latter begin: only for the combinations of the pairs given (claims with an official
    source), and only the releases out by the latest of their dates (a later one can never
    be the one out by a claim's date)."""
    dates = knowable["as_of_start"].dropna()
    if cat.superseded().empty or dates.empty:
        return answers, len(answers)
    wanted = (combos["rule"] != "").to_numpy() & combos["key"].isin(knowable["key"]).to_numpy()
    until = str(np.datetime_as_string(dates.max().to_datetime64(), unit="D"))
    held = _release_answers(cat, combos[wanted], rules, until)
    return pd.concat([answers, held], ignore_index=True) if len(held) else answers, len(answers)


def _release_answers(
    cat: Catalogue, combos: pd.DataFrame, rules: pd.DataFrame, until: str
) -> pd.DataFrame:
    """The official quantity of each combination of *combos* (with their ``key``) as each
    held release out by *until* published it, for the datasets whose revisions the
    catalogue holds (``superseded``): the answers of the catalogue as of each release date,
    ``available_from`` that date and ``official_vintage`` the release. Empty where the
    catalogue holds no revised figures."""
    from integration_indicators.analysis.vintages import day_of, held_releases

    history = cat.superseded()
    if history.empty:
        return pd.DataFrame()
    dataset_of = cat.sources.set_index("id")["dataset"]
    revised = set(history["source"].map(dataset_of).dropna()) - {""}
    releases = [d for d in held_releases(cat) if d <= until]
    keys = combos["key"].to_numpy()
    frames = []
    for release in releases:  # a few releases, each answered once per catalogue
        view = cat.as_of(release)
        found = official_answers(view, view.observations(), combos, rules)
        first = found["official_sources"].astype("str").str.split(", ").str[0]
        found = found[first.map(dataset_of).isin(revised).to_numpy(dtype=bool)]
        found = found.assign(key=keys[found["key"].to_numpy()],
                             official_vintage=release,
                             available_from=day_of(pd.Series([release] * len(found)))
                             .astype("datetime64[s]"))  # fmt: skip
        frames.append(found)
    if not frames:
        return pd.DataFrame()
    held = pd.concat(frames, ignore_index=True)
    return held.sort_values(["key", "available_from", "official_start"], kind="stable",
                            ignore_index=True)  # fmt: skip


def _revised_verdicts(rows: pd.DataFrame, answers: pd.DataFrame, today: int) -> pd.Categorical:
    """For a row judged on a held release, its verdict against today's figure of the same
    period, where that differs ("" elsewhere): both are reported."""
    row = rows["answer_row"].to_numpy()
    on_release = row >= today
    said = np.full(len(rows), "", dtype=object)
    if not on_release.any():
        return pd.Categorical(said)
    current = answers.iloc[:today]
    periods = current["official_period"].astype("str").to_numpy()
    index = pd.MultiIndex.from_arrays([current["key"].to_numpy(), periods])
    where = pd.Series(np.arange(today), index=index)
    where = where[~where.index.duplicated()]
    chosen = np.flatnonzero(on_release)
    wanted = pd.MultiIndex.from_arrays([
        answers["key"].to_numpy()[row[chosen]],
        answers["official_period"].astype("str").to_numpy()[row[chosen]]])  # fmt: skip
    today_row = where.reindex(wanted).to_numpy(dtype="float64")
    has = ~np.isnan(today_row)
    chosen, today_row = chosen[has], today_row[has].astype("int64")
    again = rows.iloc[chosen].copy()
    for column in ("official_value", "official_lower", "official_upper"):
        again[column] = current[column].to_numpy(dtype="float64")[today_row]
    verdict, _ = _verdicts(again)
    differs = verdict != rows["verdict"].astype("str").to_numpy()[chosen]
    said[chosen[differs]] = verdict[differs]
    return pd.Categorical(said)


def _named_on_release(
    pairs: pd.DataFrame, answers: pd.DataFrame, covering: np.ndarray, named: np.ndarray,
    today: int,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Claims that name their period judged as no-period claims are: on the latest held
    release out by the claim's date that holds the period (its row of *answers*, from
    *today* on), the verdict against today's figure beside it (``_revised_verdicts``). Also,
    per pair, whether releases of its combination are held but none of the claim's day
    holds its period (then today's figure, said so)."""
    missing = np.zeros(len(pairs), dtype=bool)
    held = answers.iloc[today:]
    chosen = named & pairs["named"].to_numpy(dtype=bool) & (covering >= 0)
    chosen &= pairs["as_of_start"].notna().to_numpy()
    if held.empty or not chosen.any():
        return covering, missing
    at = np.flatnonzero(chosen)
    left = pd.DataFrame({
        "key": pairs["key"].to_numpy()[at],
        "start": answers["official_start"].to_numpy()[covering[at]],
        "at": pairs["as_of_start"].to_numpy()[at], "pair": at,
    }).sort_values("at", kind="stable")  # fmt: skip
    right = pd.DataFrame({
        "key": held["key"].to_numpy(), "start": held["official_start"].to_numpy(),
        "at": held["available_from"].to_numpy(), "row": np.arange(today, len(answers)),
    })  # fmt: skip
    right = right[right["at"].notna()].sort_values("at", kind="stable")
    matched = pd.merge_asof(left, right, on="at", by=["key", "start"], direction="backward")
    found = matched["row"].notna().to_numpy()
    rows = covering.copy()
    rows[matched["pair"].to_numpy()[found]] = matched["row"].to_numpy()[found].astype("int64")
    has_releases = np.isin(matched["key"].to_numpy(), held["key"].to_numpy())
    missing[matched["pair"].to_numpy()[~found & has_releases]] = True
    return rows, missing


def _release_said(answers: pd.DataFrame) -> pd.Series:
    """Each answer's release and period, as the reasons name a stale release."""
    return (
        answers["official_vintage"].astype("str") + " " + answers["official_period"].astype("str")
    )


def _knowable_rows(
    pairs: pd.DataFrame, answers: pd.DataFrame, today: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each pair's row of *answers* on the knowable basis: the latest period of the latest
    held release out by the claim's date (rows from *today* on), unless the release lag
    says a later period of today's figures was out by then (the releases between the held
    ones are not held: that release is stale); then the release lag on today's figures.
    Also: where no held release was out yet, and the stale release's row (-1: none)."""
    current, held = answers.iloc[:today], answers.iloc[today:]
    lag = _match(pairs, current, "knowable") if len(current) else np.full(len(pairs), -1)
    none = np.full(len(pairs), -1)
    if held.empty:
        return lag, np.zeros(len(pairs), dtype=bool), none
    found = _match(pairs, held, "knowable")
    release = np.where(found >= 0, found + today, -1)
    before = np.isin(pairs["key"].to_numpy(), held["key"].to_numpy()) & (found < 0)
    starts = answers["official_start"].to_numpy()
    later = (lag >= 0) & (release >= 0)
    later[later] = starts[lag[later]] > starts[release[later]]
    fresh = (release >= 0) & ~later
    return np.where(fresh, release, lag), before, np.where(later, release, -1)


def _on_both_bases(
    pairs: pd.DataFrame,
    answers: pd.DataFrame,
    knowable: np.ndarray,
    has_rule: np.ndarray,
    same_period: np.ndarray,
    *,
    today: int,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Every pair on the same-period basis (*same_period*: its row of *answers*, a sum over a
    span included), and those that name no period on the knowable one too, each with its row
    of *answers* (``answer_row``, -1 for none) and ``basis``. The first *today* rows of
    *answers* are today's figures; the rest are held releases (``_release_answers``): a
    knowable row of a combination they answer is judged on the latest release out by the
    claim's date, and by the release lag on today's figures only where none was
    (``before_releases``)."""
    parts, bases = [], []
    for basis, subset in (("same-period", np.ones(len(pairs), dtype=bool)),
                          ("knowable", knowable)):  # fmt: skip
        chosen = pairs[subset]
        before = np.zeros(len(chosen), dtype=bool)
        stale = np.full(len(chosen), -1)
        if basis == "same-period":
            row = same_period
        else:
            row, before, stale = _knowable_rows(chosen, answers, today)
        row = np.where(has_rule[subset], row, -1)
        stale_said = _taken(_release_said(answers), stale)
        parts.append(
            chosen.assign(answer_row=row, before_releases=before, stale_release=stale_said)
        )
        bases.append(np.full(len(chosen), basis == "knowable"))
    rows = pd.concat(parts, ignore_index=True)
    is_knowable = np.concatenate(bases)
    rows["basis"] = categorical(is_knowable, ["same-period", "knowable"])
    return rows, is_knowable


def _summable(pairs: pd.DataFrame, rules: pd.DataFrame, measures: pd.Series) -> np.ndarray:
    """Pairs whose rule's official quantity is a flow that adds up over periods: ``as_is``,
    ``total`` or ``difference`` of indicators whose ``measure`` is ``flow``."""
    adds = set()
    for rule in rules.itertuples(index=False):  # a few rules, not rows
        ids = [i for o in (rule.first, rule.second) for i in str(o).split("; ") if i]
        flows = bool(ids) and all(measures.get(i, "") == "flow" for i in ids)
        if rule.operation in ("as_is", "total", "difference") and flows:
            adds.add(str(rule.id))
    return np.asarray(pairs["rule"].isin(adds), dtype=bool)


def _sums_over_spans(
    pairs: pd.DataFrame, answers: pd.DataFrame, summable: np.ndarray, *, uncovered: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray, pd.Categorical]:
    """*answers* with a row for each flow claimed over a span of several official periods
    that those periods cover exactly, gap-free (2020/2024: the sum of 2020 to 2024), and for
    each pair the row of its sum (-1 where it has none: a missing year leaves it
    unverifiable). A ``not-comparable`` rule, shown for context only, also sums the whole
    official periods from the span's start that end inside it (2020/2024-01: 2020 to 2023),
    and the third result says so in words. Appended rows keep the positions of *answers*
    valid."""
    found = np.full(len(pairs), -1, dtype="int64")
    notes = np.full(len(pairs), "", dtype=object)
    if answers.empty:
        return answers, found, _labelled(np.full(len(pairs), -1), [])
    named = pairs["named"].to_numpy(dtype=bool)
    start, end = pairs["period_start"].to_numpy(), pairs["period_end"].to_numpy()
    keys = pairs["key"].to_numpy()
    partial = (pairs["comparability"] == "not-comparable").to_numpy()
    # only claims no single official period covers (*uncovered*: their span is longer)
    candidates = summable & named & uncovered
    wanted = pd.DataFrame({"key": keys, "start": start, "end": end, "partial": partial,
                           "period": pairs["period"].astype("str")})[candidates]  # fmt: skip
    if wanted.empty:
        return answers, found, _labelled(np.full(len(pairs), -1), [])
    added, said = [], []
    for key, first, last, short, period in wanted.drop_duplicates().itertuples(index=False):
        inside = (answers["official_start"] >= first) & (answers["official_end"] <= last)
        rows = answers[(answers["key"] == key) & inside].sort_values("official_start")
        if len(rows) < 1 + (not short) or rows["official_start"].iloc[0] != first:
            continue
        ends = rows["official_end"].to_numpy()
        following = rows["official_start"].to_numpy()[1:]
        if not (following == ends[:-1] + np.timedelta64(1, "D")).all():
            continue  # a gap: the span is not covered
        left_out = ""
        if ends[-1] != last:
            length = ends[-1] - rows["official_start"].to_numpy()[-1]
            if not short or last - ends[-1] > length:
                continue
            left_out = (f"the official figures summed cover {rows['official_period'].iloc[0]} "
                        f"to {rows['official_period'].iloc[-1]}, not the rest of the claim's "
                        f"period ({period})")  # fmt: skip
        added.append({
            "key": key, "official_period": f"{rows['official_period'].iloc[0]}/"
            f"{rows['official_period'].iloc[-1]}",
            "official_value": rows["official_value"].sum(min_count=len(rows)),
            "official_lower": rows["official_lower"].sum(min_count=len(rows)),
            "official_upper": rows["official_upper"].sum(min_count=len(rows)),
            "official_sources": ", ".join(sorted(set(", ".join(rows["official_sources"])
                                                    .split(", ")))),
            "official_observations": ", ".join(rows["official_observations"]),
            "official_vintage": max(rows["official_vintage"].astype("str")),
            "official_start": first, "official_end": ends[-1],
            "available_from": rows["available_from"].max(),
        })  # fmt: skip
        said.append(((key, first, last, short), left_out))
    if not added:
        return answers, found, _labelled(np.full(len(pairs), -1), [])
    extended = pd.concat([answers, pd.DataFrame(added)], ignore_index=True)
    at = {spec: (len(answers) + i, text) for i, (spec, text) in enumerate(said)}
    for position in np.flatnonzero(candidates):
        spec = (keys[position], start[position], end[position], partial[position])
        found[position], notes[position] = at.get(spec, (-1, ""))
    codes, texts = pd.factorize(pd.Series(notes, dtype=object))
    return extended, found, categorical(codes, texts)


def _shorter_flow(rows: pd.DataFrame, answers: pd.DataFrame, measures: pd.Series) -> np.ndarray:
    """Flow claims matched on their own period to an official period that is longer (a
    half-year, a quarter or a month against a year): never judged against the whole."""
    row = rows["answer_row"].to_numpy()
    found = row >= 0
    if not found.any():
        return np.zeros(len(rows), dtype=bool)
    flow = _per_category(rows["indicator"], measures) == "flow"
    same = (rows["basis"] == "same-period").to_numpy()
    starts = answers["official_start"].to_numpy()[np.where(found, row, 0)]
    ends = answers["official_end"].to_numpy()[np.where(found, row, 0)]
    claim_start = rows["period_start"].to_numpy()
    claim_end = rows["period_end"].to_numpy()
    longer = (starts < claim_start) | (ends > claim_end)
    shorter = found & flow & same & rows["named"].to_numpy(dtype=bool) & longer
    return np.asarray(shorter, dtype=bool)


def _published_after(rows: pd.DataFrame, answers: pd.DataFrame) -> pd.Categorical:
    """The month the official figure a same-period row is judged against was published,
    where that is after the claim was made ("" elsewhere)."""
    row = rows["answer_row"].to_numpy()
    found = (row >= 0) & (rows["basis"] == "same-period").to_numpy()
    if not found.any():
        return _labelled(np.full(len(rows), -1), [])
    available = answers["available_from"].to_numpy()[np.where(found, row, 0)]
    made = rows["as_of_start"].to_numpy()
    with np.errstate(invalid="ignore"):
        late = found & ~np.isnat(available) & ~np.isnat(made) & (available > made)
    months = available.astype("datetime64[M]").astype("int64")
    distinct, codes = np.unique(np.where(late, months, np.iinfo("int64").min),
                                return_inverse=True)  # fmt: skip
    said = np.datetime_as_string(distinct.astype("datetime64[M]"))
    said = np.where(distinct == np.iinfo("int64").min, "", said)
    return categorical(codes.reshape(-1), said)


def _of_record(table: pd.DataFrame) -> np.ndarray:
    """True on one row per claim: its primary rule's verdict (a context rule's where it has
    none) on the knowable basis where the claim has one, else on the same period (the first
    such rule, in the table's order)."""
    primary = (table["role"] != "context").to_numpy()
    knowable = (table["basis"] == "knowable").to_numpy()
    claim_codes = table["obs_row"].to_numpy()
    rank = np.where(primary, 0, 2) + np.where(knowable, 0, 1)
    order = np.lexsort((np.arange(len(table)), rank, claim_codes))
    first = np.ones(len(order), dtype=bool)
    first[1:] = claim_codes[order][1:] != claim_codes[order][:-1]
    chosen = np.zeros(len(table), dtype=bool)
    chosen[order[first]] = True
    return chosen


def _said_per_key(keys: np.ndarray, texts: dict[int, str]) -> pd.Categorical:
    """Each row's text of its combination in *texts* ("" where it has none)."""
    lookup = np.full(int(keys.max(initial=0)) + 2, -1, dtype="int64")
    for position, key in enumerate(texts):  # a few combinations, not rows
        lookup[key] = position
    return _labelled(lookup[np.where(keys >= 0, keys, -1)], list(texts.values()))


def _reasons(
    rows: pd.DataFrame,
    answers: pd.DataFrame,
    neighbour: np.ndarray,
    has_series: np.ndarray,
    no_source: np.ndarray,
) -> pd.Categorical:
    """The reasons of each verdict in words, written once per distinct combination of what
    they say and mapped back by codes (the numbers are in their own columns)."""
    o = rows["official_value"].to_numpy(dtype="float64")
    c_lo, c_hi = _open_at_zero(rows)
    # hints of a slip only where the claimed interval is bounded and excludes 0: on one
    # reaching 0, every smaller alternative "matches"
    bounded = np.isfinite(c_lo) & np.isfinite(c_hi) & ((c_lo > 0) | (c_hi < 0))
    missed = rows["verdict"].isin(("overstated", "understated", "close")).to_numpy()
    checkable = missed & bounded
    literal = (rows["verdict"].isin(("overstated", "understated")).to_numpy()
               & _inside(o, rows["literal_lower"].to_numpy(dtype="float64"),
                         rows["literal_upper"].to_numpy(dtype="float64")))  # fmt: skip
    slip = np.full(len(rows), -1, dtype="int64")
    for position, factor in enumerate(SLIPS):
        hit = checkable & _inside(o * factor, c_lo, c_hi) & (o != 0) & (slip < 0)
        slip[hit] = position
    period_codes, periods = pd.factorize(answers["official_period"].astype("str"))
    near = np.where(checkable & (neighbour >= 0), neighbour, -1)
    near_period = np.append(period_codes, -1)[near]  # -1: none
    frame = pd.DataFrame({
        "verdict": rows["verdict"], "basis": rows["basis"],
        "named": rows["named"].to_numpy(dtype=bool), "missing": np.isnan(o) & has_series,
        "no_lag": ~np.isin(rows["key"].to_numpy(),
                           answers.loc[answers["available_from"].notna(), "key"].to_numpy()),
        "no_series": ~has_series & ~no_source & (rows["unit_failure"] == "").to_numpy(),
        "no_source": no_source, "unit_failure": rows["unit_failure"],
        "precedence": rows["precedence"],
        "rule": rows["rule"].cat.codes.to_numpy(), "comparability": rows["comparability"],
        "difference": rows["difference"], "span_note": rows["span_note"],
        "geo": rows["geo"], "counterpart": rows["counterpart"],
        "conversion": rows["conversion"], "rate_failure": rows["rate_failure"],
        "growth_currency": rows["growth_currency"], "statement": rows["statement"],
        "near": _labelled(near_period, periods),
        "slip": _labelled(slip, list(SLIPS.values())),
        "flip": checkable & _inside(-o, c_lo, c_hi) & (o != 0),
        "opposite": (((o > 0) & (c_hi <= 0)) | ((o < 0) & (c_lo >= 0)))
        & (rows["verdict"] != "not-comparable").to_numpy(),
        "shorter": rows["shorter"].to_numpy(dtype=bool),
        "published_after": rows["published_after"],
        "fall": rows["sign_words"],
        "rate": rows["unit"].isin(RATE_UNITS).to_numpy(),
        "release": _release_used(rows),
        "before_releases": rows["before_releases"].to_numpy(dtype=bool),
        "stale": rows["stale_release"],
        "revised": rows["revised_verdict"],
        "no_release_of_day": rows["no_release_of_day"].to_numpy(dtype=bool),
        "reporter": rows["reporter"],
        "on_estimate": rows["on_estimate"].to_numpy(dtype=bool),
        "mirror": missed & ~_inside(o, c_lo, c_hi)
        & _inside(rows["mirror_value"].to_numpy(dtype="float64"), c_lo, c_hi),
        "literal": literal,
    })  # fmt: skip
    codes = _codes(frame, list(frame.columns))
    first = np.unique(codes, return_index=True)[1]
    chosen = {str(c): frame[c].iloc[first].tolist() for c in frame.columns}  # a few thousand
    texts = np.asarray(
        [_reason_text(dict(zip(chosen, values, strict=True))) for values in zip(*chosen.values(),
                                                                                 strict=True)],
        dtype=str,
    )  # fmt: skip
    unique_texts, text_codes = np.unique(texts, return_inverse=True)
    return categorical(text_codes[codes], unique_texts)


#: Why a claim whose hedge holds literally is still over- or understated.
LITERALLY_TRUE = (
    f'literally true, but a checker reads "nearly" or "just over" as within '
    f'{NEAR_SHARE:.0%} of the figure and "less than" or "more than" as within '
    f"{BOUND_FACTOR:g} times it, and the official figure is beyond that"
)


def _verdict_sentence(r: dict[str, object]) -> str:
    """The first sentence of the reasons: what the verdict says, of sizes where the claim
    and the official figure share a sign."""
    if r["shorter"]:
        return ("the claim is a flow over a shorter period than the official one: it is never "
                "judged against the whole period")  # fmt: skip
    if r["fall"] and r["verdict"] in ("overstated", "understated"):
        verb = "overstates" if r["verdict"] == "overstated" else "understates"
        return f"the claim {verb} the {r['fall']}, beyond the margin for close"
    if r["verdict"] == "close" and r["rate"]:
        return CLOSE_RATE_SENTENCE
    return SENTENCES.get(str(r["verdict"]), "")


def _reason_text(r: dict[str, object]) -> str:
    """The reasons of one combination, in words."""
    if r["no_source"]:
        return "no rule of crosschecks.yaml and no official series of this indicator answer it"
    said = [_verdict_sentence(r)]
    if r["literal"]:
        said.append(LITERALLY_TRUE)
    said += _basis_words(r)
    if r["growth_currency"]:
        said.append(f"growth computed in {r['growth_currency']}, the currency its source reports "
                    "in, from the official levels in US dollars converted at each period's "
                    "official average rate")  # fmt: skip
    if r["rate_failure"]:
        said.append(f"the claim is in another currency than its indicator and {r['rate_failure']}")
    elif r["conversion"]:
        said.append(str(r["conversion"]))
    if r["missing"] and r["basis"] == "knowable":
        said.append(
            "no release lag is declared for the dataset in releases.yaml, so what was published "
            "by the claim's date is not known" if r["no_lag"]
            else "no official period of the dataset was published by the claim's date"
        )  # fmt: skip
    elif r["missing"]:
        said.append("no official figure covers the claim's period")
    if r["no_series"]:
        said.append("the rule's official series are missing from this catalogue")
    if (
        r["reporter"]
        and not r["statement"]
        and r["verdict"] not in ("unverifiable", "not-comparable")
    ):
        said.append(f"the official figure is as {r['reporter']} reports it")
    if r["on_estimate"] and r["verdict"] != "unverifiable":
        said.append(
            'the official figure rests on a value its source marks as an estimate (the IMF\'s "e")'
        )
    said += [str(r[k]) for k in ("unit_failure", "precedence") if r[k]]
    if r["comparability"] != "comparable" and r["difference"] and not r["statement"]:
        said.append(_for_pair(str(r["difference"]), str(r["geo"]), str(r["counterpart"] or "")))
    if r["span_note"]:
        said.append(str(r["span_note"]))
    return "; ".join(p.rstrip(". ") for p in said + _diagnostics(r) if p)


def _for_pair(text: str, geo: str, counterpart: str) -> str:
    """A rule's words for one claim: ``{geo}`` and ``{counterpart}`` replaced by the names of
    its economies (plain replacement: nothing in the text is evaluated).

    >>> _for_pair("trade between {geo} and {counterpart}", "DEU", "RUS")
    'trade between Germany and Russian Federation'
    """
    from integration_indicators.model.economies import name_of

    said = text.replace("{geo}", name_of(geo) if geo else "the economy")
    return said.replace("{counterpart}", name_of(counterpart) if counterpart else "its partner")


def _release_used(rows: pd.DataFrame) -> pd.Categorical[str]:
    """The held release each row is judged on ("" for today's figures)."""
    on_release = rows["on_release"].to_numpy(dtype=bool)
    vintage = rows["official_vintage"].astype(object).fillna("")
    return pd.Categorical(np.where(on_release, vintage, ""))


def _basis_words(r: dict[str, object]) -> list[str]:
    """What a knowable row is judged on: a held release, or the release lag on today's
    figures; and the verdict against today's revised figure where it differs; for a period
    no dataset holds, the official statements it is judged on."""
    said = [str(r["statement"])] if r["statement"] else []
    if r["basis"] == "knowable" and r["release"]:
        said.append(f"the claim names no period: judged on the latest official period as "
                    f"published in the release of {r['release']}, the latest held before the "
                    "claim (releases between the held ones are not held: a later one may have "
                    "been out by the claim's date)")  # fmt: skip
    elif r["basis"] == "knowable":
        said.append("the claim names no period: judged on the latest official period "
                    "published by its date" + ("; no release held was out by the claim's "
                    "date, so on today's figures and the release lag" if r["before_releases"]
                    else ""))  # fmt: skip
        if isinstance(r["stale"], str) and r["stale"]:
            release, period = str(r["stale"]).split(" ", 1)
            said.append(f"the latest release held from before the claim ({release}) ends in "
                        f"{period}, while by the release lag a later period was out by then "
                        "(the releases between the held ones are not held): judged on today's "
                        "figures")  # fmt: skip
    elif not r["named"]:
        said.append("the claim names no period: the period it was made in")
    elif r["release"]:
        said.append(f"judged on its period as published in the release of {r['release']}, the "
                    "latest held before the claim")  # fmt: skip
    elif r["no_release_of_day"]:
        said.append("no release held from before the claim holds its period: judged on "
                    "today's figure")  # fmt: skip
    if r["revised"]:
        said.append(f"{r['verdict']} with what was published then; {r['revised']} against "
                    "today's revised figure")  # fmt: skip
    return said


def _diagnostics(r: dict[str, object]) -> list[str]:
    """What would explain a miss, and what the reader should know about the figures' dates."""
    said = []
    if r["near"]:
        said.append(f"the official figure of {r['near']} matches the claim: a period slip?")
    if r["mirror"]:
        said.append("the partner's report of the same flows matches the claim: reporter sides "
                    "mixed?")  # fmt: skip
    if r["slip"]:
        said.append(f"the official figure times {r['slip']} would match the claim: a slip of "
                    "scale words?")  # fmt: skip
    if r["published_after"]:
        said.append(f"the official figure was published after the claim (from "
                    f"{r['published_after']}): the claim rested on an earlier "
                    "estimate")  # fmt: skip
    if r["flip"]:
        said.append("the claim matches the official figure with its sign flipped")
    elif r["opposite"]:
        said.append("the claim and the official figure have opposite signs")
    return said


def verdicts_of_record(table: pd.DataFrame) -> pd.DataFrame:
    """One row per claim: its primary rule's verdict on the knowable basis where the claim
    names no period (what its author could have known), else on the period it names (the
    ``of_record`` rows of a ``crosscheck`` table)."""
    if "of_record" in table.columns:
        return table[table["of_record"].to_numpy(dtype=bool)].reset_index(drop=True)
    primary = table[table["role"] != "context"]
    order = np.where(primary["basis"] == "knowable", 0, 1)
    chosen = primary.assign(_order=order).sort_values(["claim", "_order"], kind="stable")
    return chosen.drop_duplicates("claim").drop(columns="_order").reset_index(drop=True)
