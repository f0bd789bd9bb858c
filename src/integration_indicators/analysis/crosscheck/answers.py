"""Stage 2, the official answers: the official quantity of every (rule, geo,
counterpart) a claim needs, computed once per combination from the datasets by
precedence, with its units, bounds, sources and the month it became knowable."""

from __future__ import annotations

import dataclasses
from functools import partial

import numpy as np
import pandas as pd

from integration_indicators.analysis.crosscheck.rules import rules_of
from integration_indicators.analysis.series import IndicatorSeries
from integration_indicators.catalogue import Catalogue
from integration_indicators.errors import (
    AlignmentError,
    AmbiguityError,
    MetricError,
    NoRowsError,
    PeriodError,
    UnitError,
)

#: What makes a rule's official quantity unanswerable for a place (no rows, no such period,
#: periods that do not align, a metric undefined there): its claims say so. Anything else
#: (a coding error) is raised, never read as a missing series.
_NO_ANSWER = (NoRowsError, PeriodError, AlignmentError, MetricError)


#: Columns ``select_series`` reads (the pools carry no others: every copy is cheaper).
_SERIES_COLUMNS = (
    "id",
    "indicator",
    "geo",
    "counterpart",
    "period",
    "period_start",
    "period_end",
    "value",
    "lower",
    "upper",
    "unit",
    "qualifier",
    "status",
    "source",
    "quote",
    "as_of",
)


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
        # ordered by period once, so each series comes out in the order a series keeps
        order = np.lexsort((rows["period_end"].to_numpy(), rows["period_start"].to_numpy()))
        rows, dataset_of = rows.iloc[order], dataset_of.iloc[order]
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

    series = [
        select_series(pool.get(ind, geo, counterpart), ind, geo, counterpart)
        for ind in indicators.split("; ")
    ]
    result = series[0]
    for other in series[1:]:
        result = metrics.product(result, other, align="inner")
    return result


def place_words(place: str, geo: str, counterpart: str) -> str:
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
        series,
        values=series.values * factor,
        lower=series.lower * factor,
        upper=series.upper * factor,
        unit=series.unit.replace("USD", currency),
    )


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

    first = _operand(
        pool,
        rule["first"],
        place_words(rule["first_geo"], geo, counterpart),
        place_words(rule["first_counterpart"], geo, counterpart),
    )
    assert isinstance(first, IndicatorSeries)
    operation = rule["operation"]
    if operation == "as_is":
        result = first
    elif operation == "growth":  # percent change from the previous period, gaps as in metrics
        levels = first if currency is None else _in_currency(first, *currency, geo)
        result = metrics.growth_rate(levels, undefined="nan")
    else:
        second = _operand(
            pool,
            rule["second"],
            place_words(rule["second_geo"], geo, counterpart),
            place_words(rule["second_counterpart"], geo, counterpart),
        )
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
            answers.append(
                (
                    dataset,
                    _answer(
                        pool.of_dataset(dataset), rule, geo, counterpart, unit, currency=currency
                    ),
                )
            )
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
        chosen, beside = _by_precedence(
            pool, allowed, rule, place=(geo, counterpart), unit=unit, currency=rated
        )
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
    combos = pd.DataFrame(
        {
            "rule": [rule_id],
            "geo": [geo],
            "counterpart": [counterpart],
            "indicator": [rule["claim"]],
        }
    )
    return official_answers(cat, obs, combos, rules.reset_index()).rows


#: Columns of ``OfficialAnswer`` computed here from the others (not in a rule's answer).
_DERIVED = ("official_start", "official_end", "available_from")


@dataclasses.dataclass(frozen=True)
class OfficialAnswers:
    """What :func:`official_answers` found: *rows* (``validation.tables.OfficialAnswer``),
    one per (combination, period), with the
    combination's row in the combinations asked as ``key``; and by that key, why the
    claim's unit could not be had (*unit_failures*) and which other datasets hold the
    quantity beside the one of precedence (*others*)."""

    rows: pd.DataFrame
    unit_failures: dict[int, str]
    others: dict[int, str]


def official_answers(
    cat: Catalogue, obs: pd.DataFrame, combos: pd.DataFrame, rules: pd.DataFrame
) -> OfficialAnswers:
    """The official quantity of every (rule, geo, counterpart) of *combos*, one row per period.

    Computed once per distinct combination (a handful), never per claim; ``key`` is the
    combination's row in *combos*. Combinations whose operands are missing give no rows.
    """
    from integration_indicators.model.periods import parse_periods
    from integration_indicators.validation.tables import OfficialAnswer
    from integration_indicators.validation.tables import columns as model_columns

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
            ("crosscheck-answer", tuple(rule.index), tuple(rule), geo, counterpart, unit, currency),
            partial(_combination, rows, rule, geo, counterpart, unit, currency=currency),
        )
        if unit_failure:
            unit_failures[key] = unit_failure
        if beside:
            others[key] = beside
        if answer is not None:
            frames.append(answer.assign(key=key))
    columns = [c for c in model_columns(OfficialAnswer) if c not in _DERIVED]
    declared = OfficialAnswer.to_schema().columns
    empty = pd.DataFrame({c: pd.Series(dtype=str(declared[c].dtype)) for c in columns})
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
    return OfficialAnswers(answers, unit_failures, others)
