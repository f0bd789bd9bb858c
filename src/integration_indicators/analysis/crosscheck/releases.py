"""As-of for the crosscheck: the official figures as each held release published them,
the row knowable on the claim's date, and the verdict against today's figure beside it."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from integration_indicators.analysis.crosscheck.answers import official_answers
from integration_indicators.analysis.crosscheck.codes import labelled_codes, taken_at
from integration_indicators.analysis.crosscheck.matching import matched_rows
from integration_indicators.analysis.crosscheck.verdicts import judge_intervals
from integration_indicators.analysis.series import categorical
from integration_indicators.catalogue import Catalogue


@dataclasses.dataclass(frozen=True)
class AnswerRows:
    """The official rows claims are judged against: today's figures, then the figures of
    each held release (from row *first_held* of *frame* on). A claim's ``answer_row`` is
    a row of *frame*."""

    frame: pd.DataFrame
    first_held: int

    @property
    def current(self) -> pd.DataFrame:
        """Today's figures."""
        return self.frame.iloc[: self.first_held]

    @property
    def held(self) -> pd.DataFrame:
        """The held releases' figures."""
        return self.frame.iloc[self.first_held :]

    def on_release(self, row: np.ndarray) -> np.ndarray:
        """Whether each answer row (-1: none) is a held release's figure."""
        return np.asarray(row) >= self.first_held


def with_releases(
    cat: Catalogue,
    answers: pd.DataFrame,
    combos: pd.DataFrame,
    rules: pd.DataFrame,
    knowable: pd.DataFrame,
) -> AnswerRows:
    """*answers* (today's figures) followed by those of the held releases: only for the
    combinations of the pairs given (claims with an official source), and only the releases
    out by the latest of their dates (a later one can never be the one out by a claim's
    date)."""
    dates = knowable["as_of_start"].dropna()
    if cat.superseded().empty or dates.empty:
        return AnswerRows(answers, len(answers))
    wanted = (combos["rule"] != "").to_numpy() & combos["key"].isin(knowable["key"]).to_numpy()
    until = str(np.datetime_as_string(dates.max().to_datetime64(), unit="D"))
    held = _release_answers(cat, combos[wanted], rules, until)
    both = pd.concat([answers, held], ignore_index=True) if len(held) else answers
    return AnswerRows(both, len(answers))


def _release_answers(
    cat: Catalogue, combos: pd.DataFrame, rules: pd.DataFrame, until: str
) -> pd.DataFrame:
    """The official quantity of each combination of *combos* (with their ``key``) as each
    held release out by *until* published it, for the datasets whose revisions the
    catalogue holds (``superseded``): the answers of the catalogue as of each release date,
    ``available_from`` that date and ``official_vintage`` the release. Empty where the
    catalogue holds no revised figures."""
    from integration_indicators.catalogue.as_of import day_of, held_releases

    history = cat.superseded()
    if history.empty:
        return pd.DataFrame()
    dataset_of = cat.sources.set_index("id")["dataset"]
    revised = set(history["source"].map(dataset_of).dropna()) - {""}
    releases = [d for d in held_releases(cat) if d <= until]
    keys = combos["key"].to_numpy()
    frames = []
    official = cat.computed(("crosscheck.official", "rows"), lambda: _official_only(cat))
    for release in releases:  # a few releases, each answered once per catalogue
        view = official.as_of(release)
        found = official_answers(view, view.observations(), combos, rules).rows
        first = found["official_sources"].astype("str").str.split(", ").str[0]
        found = found[first.map(dataset_of).isin(revised).to_numpy(dtype=bool)]
        found = found.assign(
            key=keys[found["key"].to_numpy()],
            official_vintage=release,
            available_from=day_of(pd.Series([release] * len(found))).astype("datetime64[s]"),
        )
        frames.append(found)
    if not frames:
        return pd.DataFrame()
    held = pd.concat(frames, ignore_index=True)
    return held.sort_values(
        ["key", "available_from", "official_start"], kind="stable", ignore_index=True
    )


def _official_only(cat: Catalogue) -> Catalogue:
    """*cat* holding its official rows only: what an answer is computed from (the claims,
    most of a desk's catalogue, never enter a release's view)."""
    current, history = cat.observations(), cat.superseded()
    return cat.with_rows(
        current[(current["status"] == "official").to_numpy(dtype=bool)],
        history[(history["status"] == "official").to_numpy(dtype=bool)],
    )


def revised_verdicts(rows: pd.DataFrame, judged_on: AnswerRows) -> pd.Categorical:
    """For a row judged on a held release, its verdict against today's figure of the same
    period, where that differs ("" elsewhere): both are reported."""
    row = rows["answer_row"].to_numpy()
    on_release = judged_on.on_release(row)
    said = np.full(len(rows), "", dtype=object)
    if not on_release.any():
        return pd.Categorical(said)
    answers, current = judged_on.frame, judged_on.current
    periods = current["official_period"].astype("str").to_numpy()
    index = pd.MultiIndex.from_arrays([current["key"].to_numpy(), periods])
    where = pd.Series(np.arange(len(current)), index=index)
    where = where[~where.index.duplicated()]
    chosen = np.flatnonzero(on_release)
    wanted = pd.MultiIndex.from_arrays(
        [
            answers["key"].to_numpy()[row[chosen]],
            answers["official_period"].astype("str").to_numpy()[row[chosen]],
        ]
    )
    today_row = where.reindex(wanted).to_numpy(dtype="float64")
    has = ~np.isnan(today_row)
    chosen, today_row = chosen[has], today_row[has].astype("int64")
    again = rows.iloc[chosen].copy()
    for column in ("official_value", "official_lower", "official_upper"):
        again[column] = current[column].to_numpy(dtype="float64")[today_row]
    verdict, _ = judge_intervals(again)
    differs = verdict != rows["verdict"].astype("str").to_numpy()[chosen]
    said[chosen[differs]] = verdict[differs]
    return pd.Categorical(said)


def named_on_release(
    pairs: pd.DataFrame, judged_on: AnswerRows, covering: np.ndarray, named: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Claims that name their period judged as no-period claims are: on the latest held
    release out by the claim's date that holds the period (its row of *judged_on*), the
    verdict against today's figure beside it (``revised_verdicts``). Also, per pair,
    whether releases of its combination are held but none of the claim's day holds its
    period (then today's figure, said so)."""
    missing = np.zeros(len(pairs), dtype=bool)
    answers, held = judged_on.frame, judged_on.held
    chosen = named & pairs["named"].to_numpy(dtype=bool) & (covering >= 0)
    chosen &= pairs["as_of_start"].notna().to_numpy()
    if held.empty or not chosen.any():
        return covering, missing
    at = np.flatnonzero(chosen)
    left = pd.DataFrame(
        {
            "key": pairs["key"].to_numpy()[at],
            "start": answers["official_start"].to_numpy()[covering[at]],
            "at": pairs["as_of_start"].to_numpy()[at],
            "pair": at,
        }
    ).sort_values("at", kind="stable")
    right = pd.DataFrame(
        {
            "key": held["key"].to_numpy(),
            "start": held["official_start"].to_numpy(),
            "at": held["available_from"].to_numpy(),
            "row": np.arange(judged_on.first_held, len(answers)),
        }
    )
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
    pairs: pd.DataFrame, judged_on: AnswerRows
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each pair's row of *judged_on* on the knowable basis: the latest period of the latest
    held release out by the claim's date, unless the release lag says a later period of
    today's figures was out by then (the releases between the held ones are not held: that
    release is stale); then the release lag on today's figures. Also: where no held
    release was out yet, and the stale release's row (-1: none)."""
    answers, current, held = judged_on.frame, judged_on.current, judged_on.held
    lag = matched_rows(pairs, current, "knowable") if len(current) else np.full(len(pairs), -1)
    none = np.full(len(pairs), -1)
    if held.empty:
        return lag, np.zeros(len(pairs), dtype=bool), none
    found = matched_rows(pairs, held, "knowable")
    release = np.where(found >= 0, found + judged_on.first_held, -1)
    before = np.isin(pairs["key"].to_numpy(), held["key"].to_numpy()) & (found < 0)
    starts = answers["official_start"].to_numpy()
    later = (lag >= 0) & (release >= 0)
    later[later] = starts[lag[later]] > starts[release[later]]
    fresh = (release >= 0) & ~later
    return np.where(fresh, release, lag), before, np.where(later, release, -1)


def on_both_bases(
    pairs: pd.DataFrame,
    judged_on: AnswerRows,
    knowable: np.ndarray,
    has_rule: np.ndarray,
    same_period: np.ndarray,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Every pair on the same-period basis (*same_period*: its row of *judged_on*, a sum
    over a span included), and those that name no period on the knowable one too, each with
    its row (``answer_row``, -1 for none) and ``basis``. A knowable row of a combination the
    held releases answer is judged on the latest release out by the claim's date, and by
    the release lag on today's figures only where none was (``before_releases``)."""
    parts, bases = [], []
    for basis, subset in (("same-period", np.ones(len(pairs), dtype=bool)), ("knowable", knowable)):
        chosen = pairs[subset]
        before = np.zeros(len(chosen), dtype=bool)
        stale = np.full(len(chosen), -1)
        if basis == "same-period":
            row = same_period
        else:
            row, before, stale = _knowable_rows(chosen, judged_on)
        row = np.where(has_rule[subset], row, -1)
        stale_said = taken_at(_release_said(judged_on.frame), stale)
        parts.append(
            chosen.assign(answer_row=row, before_releases=before, stale_release=stale_said)
        )
        bases.append(np.full(len(chosen), basis == "knowable"))
    rows = pd.concat(parts, ignore_index=True)
    is_knowable = np.concatenate(bases)
    rows["basis"] = categorical(is_knowable, ["same-period", "knowable"])
    return rows, is_knowable


def published_after(rows: pd.DataFrame, answers: pd.DataFrame) -> pd.Categorical:
    """The month the official figure a same-period row is judged against was published,
    where that is after the claim was made ("" elsewhere)."""
    row = rows["answer_row"].to_numpy()
    found = (row >= 0) & (rows["basis"] == "same-period").to_numpy()
    if not found.any():
        return labelled_codes(np.full(len(rows), -1), [])
    available = answers["available_from"].to_numpy()[np.where(found, row, 0)]
    made = rows["as_of_start"].to_numpy()
    with np.errstate(invalid="ignore"):
        late = found & ~np.isnat(available) & ~np.isnat(made) & (available > made)
    months = available.astype("datetime64[M]").astype("int64")
    distinct, codes = np.unique(np.where(late, months, np.iinfo("int64").min), return_inverse=True)
    said = np.datetime_as_string(distinct.astype("datetime64[M]"))
    said = np.where(distinct == np.iinfo("int64").min, "", said)
    return categorical(codes.reshape(-1), said)


def release_used(rows: pd.DataFrame) -> pd.Categorical[str]:
    """The held release each row is judged on ("" for today's figures)."""
    on_release = rows["on_release"].to_numpy(dtype=bool)
    vintage = rows["official_vintage"].astype(object).fillna("")
    return pd.Categorical(np.where(on_release, vintage, ""))
