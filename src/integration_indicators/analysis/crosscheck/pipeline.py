"""The crosscheck as a short pipeline of the stages: rules, official answers,
matching, verdicts, reasons."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from integration_indicators.analysis.crosscheck.answers import OfficialAnswers, official_answers
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
    AnswerRows,
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
    official = _answered(cat, obs, combos, rules)
    mirrored = [m for m in (mirrored_rule(r) for _, r in rules.iterrows()) if m is not None]
    matched = _matched(cat, pairs, combos, rules, official.rows)
    rows, answers = matched.rows, matched.judged_on.frame
    reporters = reporters_of(rows, {str(m["id"]).removesuffix("~mirror") for m in mirrored})
    mirrors = mirror_values(rows, answers, mirror_answers(cat, obs, combos, mirrored))
    rows = from_statements(cat, obs, rows.assign(mirror_value=mirrors, reporter=reporters), rules)
    rows = _judged(
        cat,
        rows,
        matched.judged_on,
        no_source=matched.no_source,
        has_series=np.isin(rows["key"].to_numpy(), answers["key"].to_numpy()),
        unit_failures=official.unit_failures,
        precedence=official.others,
    )
    table = _ordered(obs, rows, matched.rule_order)
    table.attrs["notes"] = [NO_RULES] if cat.rules.empty else []
    return table


def _answered(
    cat: Catalogue, obs: pd.DataFrame, combos: pd.DataFrame, rules: pd.DataFrame
) -> OfficialAnswers:
    """The official answers of the combinations that have a rule, keyed (rows and notes)
    by the combination's ``key``, sorted by key and period."""
    answered_keys = np.flatnonzero(combos["rule"].to_numpy() != "")
    found = official_answers(cat, obs, combos[combos["rule"] != ""], rules)
    # keys count only the answered combos: map them back
    answers = found.rows.assign(key=answered_keys[found.rows["key"].to_numpy()])
    return OfficialAnswers(
        answers.sort_values(["key", "official_start"], kind="stable", ignore_index=True),
        {int(answered_keys[k]): text for k, text in found.unit_failures.items()},
        {int(answered_keys[k]): text for k, text in found.others.items()},
    )


@dataclasses.dataclass(frozen=True)
class _Matched:
    """Each claim's rows (one per basis) with the official row it is judged against: the
    rows, the answers they point into, which have no official source, and the rule of each
    row (for the order of the table)."""

    rows: pd.DataFrame
    judged_on: AnswerRows
    no_source: np.ndarray
    rule_order: np.ndarray


def _matched(
    cat: Catalogue,
    pairs: pd.DataFrame,
    combos: pd.DataFrame,
    rules: pd.DataFrame,
    answers: pd.DataFrame,
) -> _Matched:
    """Every (claim, rule) pair on its bases, matched to an official row: the period it
    names (a span summed), or as a held release or the release lag had it on its date."""
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
    # today's figures, then as each held release published them
    judged_on = with_releases(cat, answers, combos, rules, pairs[~no_source_pair])
    covering, pairs["no_release_of_day"] = named_on_release(
        pairs, judged_on, np.where(spans >= 0, spans, same_period), ~no_source_pair & (spans < 0)
    )
    rows, is_knowable = on_both_bases(pairs, judged_on, knowable, has_rule, covering)
    row = rows["answer_row"].to_numpy()
    found = row >= 0
    for column in ("official_value", "official_lower", "official_upper"):
        values = judged_on.frame[column].to_numpy(dtype="float64")
        taken = values[np.where(found, row, 0)] if len(values) else 0
        rows[column] = np.where(found, taken, np.nan)
    for column in (
        "official_period",
        "official_sources",
        "official_observations",
        "official_vintage",
    ):
        rows[column] = taken_at(judged_on.frame[column], row)
    every = np.concatenate([np.arange(len(pairs)), np.flatnonzero(knowable)])
    rule_order = np.stack([is_knowable, pd.factorize(rule_text.to_numpy()[every], sort=True)[0]])
    no_source = np.concatenate([no_source_pair, no_source_pair[knowable]])
    return _Matched(rows, judged_on, no_source, rule_order)


def _ordered(obs: pd.DataFrame, rows: pd.DataFrame, rule_order: np.ndarray) -> pd.DataFrame:
    """The table of record: roles named, the claims' text beside, rows by indicator, claim,
    primary before context, rule and basis; the columns of ``Crosscheck``."""
    from integration_indicators.validation.tables import Crosscheck, columns

    roles = np.asarray(rows["role"].cat.categories, dtype=str)
    named_roles, role_codes = np.unique(
        np.where(roles == "", "primary", roles), return_inverse=True
    )
    codes = rows["role"].cat.codes.to_numpy()
    rows["role"] = categorical(np.where(codes >= 0, role_codes[codes], -1), named_roles)
    text = obs.loc[:, ["id", "figure", "quote", "attributed_to", "source", "cited_source"]]
    positions = obs.index.get_indexer(pd.Index(rows["obs_row"]))
    table = pd.concat([rows, text.iloc[positions].reset_index(drop=True)], axis=1).rename(
        columns={"id": "claim"}
    )
    order = np.lexsort(
        (
            rule_order[0],
            rule_order[1],
            (table["role"] == "context").to_numpy(),
            table["obs_row"].to_numpy(),
            table["indicator"].cat.codes.to_numpy(),
        )
    )
    table = table.iloc[order].reset_index(drop=True)
    table["of_record"] = of_record_mask(table)
    return table.loc[:, list(columns(Crosscheck))]


def _judged(
    cat: Catalogue,
    rows: pd.DataFrame,
    judged_on: AnswerRows,
    *,
    no_source: np.ndarray,
    has_series: np.ndarray,
    unit_failures: dict[int, str],
    precedence: dict[int, str],
) -> pd.DataFrame:
    """*rows* matched to their official figures, with unit, verdict, gap and reasons (and
    the verdict against today's figure where a held release's differs)."""
    answers = judged_on.frame
    definitions = cat.indicators.set_index("id")
    rows["unit"] = rows["indicator"].map(definitions["unit"]).astype("category")
    rows["shorter"] = shorter_flow(rows, answers, definitions["measure"])
    rows["published_after"] = published_after(rows, answers)
    verdict, gap = judge_intervals(rows)
    verdict = np.where(no_source, "no-official-source", verdict)
    rows = rows.assign(verdict=pd.Categorical(verdict), gap_percent=gap)
    rows["revised_verdict"] = revised_verdicts(rows, judged_on)
    rows["on_release"] = judged_on.on_release(rows["answer_row"].to_numpy())
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
