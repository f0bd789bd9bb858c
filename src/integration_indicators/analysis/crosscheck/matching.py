"""Stage 3, matching: the claims, each paired with its rules, and the official row each
pair is judged against (the period it names, or a neighbour one or two periods away)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from integration_indicators.analysis.crosscheck.codes import CATEGORY_COLUMNS, row_codes
from integration_indicators.analysis.crosscheck.verdicts import inside_interval
from integration_indicators.catalogue import Catalogue
from integration_indicators.model.claimed import claimed_intervals


def claims_frame(cat: Catalogue, obs: pd.DataFrame) -> pd.DataFrame:
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
    claims = pd.concat(
        [claims, claimed_intervals(claims, definitions["sign"], _hedge_kinds(obs, claims))], axis=1
    )
    factor, conversion, rate_failure = converted(cat, claims, definitions["unit"])
    for column in (
        "claimed_value",
        "claimed_lower",
        "claimed_upper",
        "literal_lower",
        "literal_upper",
    ):
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
    for column in CATEGORY_COLUMNS:
        claims[column] = claims[column].astype("category")
    return claims


def matched_rows(pairs: pd.DataFrame, answers: pd.DataFrame, basis: str) -> np.ndarray:
    """For each pair, the row of *answers* it is judged against on *basis* (-1 for none)."""
    if basis == "same-period":
        on_left, on_right = "period_start", "official_start"
    else:
        on_left, on_right = "as_of_start", "available_from"
    left = pd.DataFrame(
        {
            "key": pairs["key"].to_numpy(),
            "at": pairs[on_left].to_numpy(),
            "pair": np.arange(len(pairs)),
        }
    )
    left = left[left["at"].notna()].sort_values("at", kind="stable")
    right = pd.DataFrame(
        {
            "key": answers["key"].to_numpy(),
            "at": answers[on_right].to_numpy(),
            "row": np.arange(len(answers)),
        }
    )
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


def neighbour_rows(
    rows: np.ndarray, answers: pd.DataFrame, c_lo: np.ndarray, c_hi: np.ndarray
) -> np.ndarray:
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
        hit = valid & inside_interval(values[safe], c_lo, c_hi) & (best < 0)
        best = np.where(hit, other, best)
    return best


def claim_rule_pairs(claims: pd.DataFrame, rules: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
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
    pairs["key"] = row_codes(pairs, ["rule", "geo", "counterpart", "growth_currency"])
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
