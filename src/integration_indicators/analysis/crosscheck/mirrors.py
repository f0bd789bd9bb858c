"""The partner's report of a bilateral flow (its mirror), shown beside the reporter's."""

from __future__ import annotations

import numpy as np
import pandas as pd

from integration_indicators.analysis.crosscheck.answers import official_answers
from integration_indicators.analysis.crosscheck.codes import labelled_codes
from integration_indicators.catalogue import Catalogue


def mirrored_rule(rule: pd.Series) -> pd.Series | None:
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


def mirror_answers(
    cat: Catalogue, obs: pd.DataFrame, combos: pd.DataFrame, mirrored: list[pd.Series]
) -> pd.DataFrame:
    """The official quantity of each bilateral combination as the partner reports it (by
    the *mirrored* rules): ``key`` (the combination's), ``official_period``,
    ``mirror_value``."""
    empty = pd.DataFrame(
        {
            "key": pd.Series(dtype="int64"),
            "official_period": pd.Series(dtype="str"),
            "mirror_value": pd.Series(dtype="float64"),
        }
    )
    if not mirrored:
        return empty
    table = pd.DataFrame(mirrored)
    wanted = combos[combos["rule"].isin(set(table["id"].str.removesuffix("~mirror")))]
    if wanted.empty:
        return empty
    asked = wanted.assign(rule=wanted["rule"] + "~mirror")
    found = official_answers(cat, obs, asked, table).rows
    if found.empty:
        return empty
    return pd.DataFrame(
        {
            "key": wanted["key"].to_numpy()[found["key"].to_numpy()],
            "official_period": found["official_period"].astype("str").to_numpy(),
            "mirror_value": found["official_value"].to_numpy(dtype="float64"),
        }
    )


def mirror_values(rows: pd.DataFrame, answers: pd.DataFrame, mirrors: pd.DataFrame) -> np.ndarray:
    """Each row's official figure as the partner reports it, for the same period (NaN where
    the rule has no mirror or the partner reports nothing): looked up once per answer."""
    row = rows["answer_row"].to_numpy()
    if mirrors.empty or answers.empty:
        return np.full(len(rows), np.nan)
    periods = answers["official_period"].astype("str").to_numpy()
    left = pd.DataFrame({"key": answers["key"].to_numpy(), "official_period": periods})
    merged = left.merge(
        mirrors.drop_duplicates(["key", "official_period"]),
        how="left",
        on=["key", "official_period"],
    )
    per_answer = np.append(merged["mirror_value"].to_numpy(dtype="float64"), np.nan)
    return per_answer[np.where(row >= 0, row, len(answers))]


def reporters_of(rows: pd.DataFrame, bilateral: set[str]) -> pd.Categorical:
    """Whose report answers a *bilateral* rule's rows: the geo's name ("" for other rules),
    looked up once per economy."""
    from integration_indicators.model.economies import name_of

    geos = rows["geo"].cat.categories
    names = [name_of(str(g)) for g in geos]
    on_bilateral = rows["rule"].isin(bilateral).to_numpy()  # categorical: once per category
    codes = rows["geo"].cat.codes.to_numpy()
    return labelled_codes(np.where(on_bilateral, codes, -1), names)
