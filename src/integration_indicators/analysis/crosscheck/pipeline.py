"""The crosscheck as a short pipeline of the stages: rules, official answers,
matching, verdicts, reasons."""

from __future__ import annotations

import numpy as np
import pandas as pd

from integration_indicators.analysis.crosscheck.answers import official_answers
from integration_indicators.analysis.crosscheck.codes import taken_at
from integration_indicators.analysis.crosscheck.matching import (
    claim_rule_pairs,
    claims_frame,
    matched_rows,
    neighbour_rows,
)
from integration_indicators.analysis.crosscheck.mirrors import (
    mirror_answers,
    mirror_values,
    mirrored_rule,
    reporters_of,
)
from integration_indicators.analysis.crosscheck.reasons import reasons_of, said_per_key
from integration_indicators.analysis.crosscheck.releases import (
    named_on_release,
    on_both_bases,
    published_after,
    revised_verdicts,
    with_releases,
)
from integration_indicators.analysis.crosscheck.rules import NO_RULES, rules_of
from integration_indicators.analysis.crosscheck.spans import (
    shorter_flow,
    summable_pairs,
    sums_over_spans,
)
from integration_indicators.analysis.crosscheck.statements import from_statements
from integration_indicators.analysis.crosscheck.verdicts import (
    judge_intervals,
    of_record_mask,
    open_at_zero,
    sign_words,
)
from integration_indicators.analysis.series import categorical
from integration_indicators.catalogue import Catalogue


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
    claims = claims_frame(cat, obs)
    rules = rules_of(cat, claims, obs)
    pairs = claim_rule_pairs(claims, rules, cat)
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
    mirrored = [m for m in (mirrored_rule(r) for _, r in rules.iterrows()) if m is not None]
    mirrors = mirror_answers(cat, obs, combos, mirrored)
    answers = answers.sort_values(["key", "official_start"], kind="stable", ignore_index=True)
    rule_text = pairs["rule"].astype("str")
    has_rule = (rule_text != "").to_numpy()
    default_rule = rule_text.str.startswith("default-").to_numpy(dtype=bool)
    has_series_pair = np.isin(pairs["key"].to_numpy(), answers["key"].to_numpy())
    no_source_pair = ~has_rule | (default_rule & ~has_series_pair)
    knowable = ~no_source_pair & ~pairs["named"].to_numpy(dtype=bool)
    same_period = (
        matched_rows(pairs, answers, "same-period") if len(answers) else np.full(len(pairs), -1)
    )
    answers, spans, span_notes = sums_over_spans(
        pairs,
        answers,
        summable_pairs(pairs, rules, cat.indicators.set_index("id")["measure"]),
        uncovered=same_period < 0,
    )
    pairs["span_note"] = span_notes
    # today's figures, then as each held release published them (rows from ``today`` on)
    answers, today = with_releases(cat, answers, combos, rules, pairs[~no_source_pair])
    covering, pairs["no_release_of_day"] = named_on_release(
        pairs, answers, np.where(spans >= 0, spans, same_period), ~no_source_pair & (spans < 0),
        today,
    )  # fmt: skip
    rows, is_knowable = on_both_bases(pairs, answers, knowable, has_rule, covering, today=today)
    row = rows["answer_row"].to_numpy()
    found = row >= 0
    for column in ("official_value", "official_lower", "official_upper"):
        values = answers[column].to_numpy(dtype="float64")
        rows[column] = np.where(found, values[np.where(found, row, 0)] if len(values) else 0,
                                np.nan)  # fmt: skip
    for column in ("official_period", "official_sources", "official_observations",
                   "official_vintage"):  # fmt: skip
        rows[column] = taken_at(answers[column], row)
    has_series = np.isin(rows["key"].to_numpy(), answers["key"].to_numpy())
    no_source = np.concatenate([no_source_pair, no_source_pair[knowable]])
    reporters = reporters_of(rows, {str(m["id"]).removesuffix("~mirror") for m in mirrored})
    rows = from_statements(cat, obs, rows.assign(mirror_value=mirror_values(
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
    table["of_record"] = of_record_mask(table)
    from integration_indicators.validation.tables import Crosscheck, columns

    table = table.loc[:, list(columns(Crosscheck))]
    table.attrs["notes"] = [NO_RULES] if cat.rules.empty else []
    return table


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
    ``on_both_bases``)."""
    definitions = cat.indicators.set_index("id")
    rows["unit"] = rows["indicator"].map(definitions["unit"]).astype("category")
    rows["shorter"] = shorter_flow(rows, answers, definitions["measure"])
    rows["published_after"] = published_after(rows, answers)
    verdict, gap = judge_intervals(rows)
    verdict = np.where(no_source, "no-official-source", verdict)
    rows = rows.assign(verdict=pd.Categorical(verdict), gap_percent=gap)
    rows["revised_verdict"] = revised_verdicts(rows, answers, today)
    rows["on_release"] = rows["answer_row"].to_numpy() >= today
    neighbour = neighbour_rows(rows["answer_row"].to_numpy(), answers, *open_at_zero(rows))
    rows["unit_failure"] = said_per_key(rows["key"].to_numpy(), unit_failures)
    rows["precedence"] = said_per_key(rows["key"].to_numpy(), precedence)
    rows["sign_words"] = sign_words(rows, definitions["sign"])
    on_estimate = _on_estimates(cat, answers["official_observations"])  # once per answer
    row = rows["answer_row"].to_numpy()
    rows["on_estimate"] = (row >= 0) & np.append(on_estimate, False)[np.where(row >= 0, row, -1)]
    rows["reasons"] = reasons_of(rows, answers, neighbour, has_series, no_source)
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
