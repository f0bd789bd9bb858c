"""Claims about a span of periods (2019-2021) answered by the sum of the official
periods it covers, and flows over a shorter period than the official one."""

from __future__ import annotations

import numpy as np
import pandas as pd

from integration_indicators.analysis.crosscheck.codes import labelled_codes, mapped_per_category
from integration_indicators.analysis.series import categorical


def summable_pairs(pairs: pd.DataFrame, rules: pd.DataFrame, measures: pd.Series) -> np.ndarray:
    """Pairs whose rule's official quantity is a flow that adds up over periods: ``as_is``,
    ``total`` or ``difference`` of indicators whose ``measure`` is ``flow``."""
    adds = set()
    for rule in rules.itertuples(index=False):  # a few rules, not rows
        ids = [i for o in (rule.first, rule.second) for i in str(o).split("; ") if i]
        flows = bool(ids) and all(measures.get(i, "") == "flow" for i in ids)
        if rule.operation in ("as_is", "total", "difference") and flows:
            adds.add(str(rule.id))
    return np.asarray(pairs["rule"].isin(adds), dtype=bool)


def sums_over_spans(
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
        return answers, found, labelled_codes(np.full(len(pairs), -1), [])
    named = pairs["named"].to_numpy(dtype=bool)
    start, end = pairs["period_start"].to_numpy(), pairs["period_end"].to_numpy()
    keys = pairs["key"].to_numpy()
    partial = (pairs["comparability"] == "not-comparable").to_numpy()
    # only claims no single official period covers (*uncovered*: their span is longer)
    candidates = summable & named & uncovered
    wanted = pd.DataFrame(
        {
            "key": keys,
            "start": start,
            "end": end,
            "partial": partial,
            "period": pairs["period"].astype("str"),
        }
    )[candidates]
    if wanted.empty:
        return answers, found, labelled_codes(np.full(len(pairs), -1), [])
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
            left_out = (
                f"the official figures summed cover {rows['official_period'].iloc[0]} "
                f"to {rows['official_period'].iloc[-1]}, not the rest of the claim's "
                f"period ({period})"
            )
        added.append(
            {
                "key": key,
                "official_period": f"{rows['official_period'].iloc[0]}/"
                f"{rows['official_period'].iloc[-1]}",
                "official_value": rows["official_value"].sum(min_count=len(rows)),
                "official_lower": rows["official_lower"].sum(min_count=len(rows)),
                "official_upper": rows["official_upper"].sum(min_count=len(rows)),
                "official_sources": ", ".join(
                    sorted(set(", ".join(rows["official_sources"]).split(", ")))
                ),
                "official_observations": ", ".join(rows["official_observations"]),
                "official_vintage": max(rows["official_vintage"].astype("str")),
                "official_start": first,
                "official_end": ends[-1],
                "available_from": rows["available_from"].max(),
            }
        )
        said.append(((key, first, last, short), left_out))
    if not added:
        return answers, found, labelled_codes(np.full(len(pairs), -1), [])
    extended = pd.concat([answers, pd.DataFrame(added)], ignore_index=True)
    at = {spec: (len(answers) + i, text) for i, (spec, text) in enumerate(said)}
    for position in np.flatnonzero(candidates):
        spec = (keys[position], start[position], end[position], partial[position])
        found[position], notes[position] = at.get(spec, (-1, ""))
    codes, texts = pd.factorize(pd.Series(notes, dtype=object))
    return extended, found, categorical(codes, texts)


def shorter_flow(rows: pd.DataFrame, answers: pd.DataFrame, measures: pd.Series) -> np.ndarray:
    """Flow claims matched on their own period to an official period that is longer (a
    half-year, a quarter or a month against a year): never judged against the whole."""
    row = rows["answer_row"].to_numpy()
    found = row >= 0
    if not found.any():
        return np.zeros(len(rows), dtype=bool)
    flow = mapped_per_category(rows["indicator"], measures) == "flow"
    same = (rows["basis"] == "same-period").to_numpy()
    starts = answers["official_start"].to_numpy()[np.where(found, row, 0)]
    ends = answers["official_end"].to_numpy()[np.where(found, row, 0)]
    claim_start = rows["period_start"].to_numpy()
    claim_end = rows["period_end"].to_numpy()
    longer = (starts < claim_start) | (ends > claim_end)
    shorter = found & flow & same & rows["named"].to_numpy(dtype=bool) & longer
    return np.asarray(shorter, dtype=bool)
