"""Flows an index should not use without a warning: a reporter's figure far from its
partner's report of the same flow (the mirror), or far from its own figure of the year
before (a break).

Bilateral statistics disagree: the exporter records goods FOB, the importer CIF, at other
times and with other partner attributions, so a mirror ratio (the partner's imports over
the reporter's exports) of 1.1 is ordinary. Beyond a factor of two, or a flow that halves
or doubles in one year, a figure is more likely a break (a change of method or coverage, a
misattributed partner) than trade: Russia reports exporting $11.3 billion to Belarus in
2011 while Belarus reports importing $24.9 billion from Russia, and Russia's own figure
doubles to $25.0 billion in 2012. ``flagged_flows`` lists such flows with the thresholds of
``QualityThresholds`` (overridable); ``quality_notes`` says per period which flagged flows
lie behind a pair's or a group's index, naming flow, reporter and year.

Flows smaller than ``min_value`` are not flagged: their ratios swing with little effect on
any index.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True, slots=True)
class QualityThresholds:
    """When a flow is flagged: its mirror ratio (the partner's report over the reporter's,
    imports CIF over exports FOB) or its year-on-year ratio outside ``[low, high]``, the
    larger of the two figures compared at least ``min_value`` US dollars.

    Examples
    --------
    >>> QualityThresholds().mirror_high, QualityThresholds(min_value=1e9).min_value
    (2.0, 1000000000.0)
    """

    mirror_low: float = 0.5
    mirror_high: float = 2.0
    change_low: float = 0.5
    change_high: float = 2.0
    min_value: float = 1e8


#: Columns of ``flagged_flows``.
FLAG_COLUMNS = (
    "period",
    "geo",
    "counterpart",
    "flow",
    "check",
    "value",
    "compared",
    "ratio",
    "note",
)


def _billions(values: np.ndarray) -> np.ndarray:
    """US dollars as billions to one decimal, or to three where smaller than one billion."""
    billions = np.asarray(values, dtype="float64") / 1e9
    return np.where(
        np.abs(billions) < 1, np.char.mod("%.3f", billions), np.char.mod("%.1f", billions)
    ).astype(object)


def _beyond(
    both: pd.DataFrame, check: str, bounds: tuple[float, float], min_value: float, *, mirrored: bool
) -> pd.DataFrame:
    """The rows of *both* (each flow's ``value`` and the ``compared`` one) whose ratio lies
    outside *bounds*, the larger figure at least *min_value*: the partner's report over the
    reporter's where *mirrored*, else the year's value over the year before's."""
    value, compared = both["value"].to_numpy(), both["compared"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = compared / value if mirrored else value / compared
    large = np.fmax(value, compared) >= min_value
    low, high = bounds
    out = large & ((ratio < low) | (ratio > high))
    return pd.DataFrame(both[out].assign(check=check, ratio=ratio[out]))


def _mirror_flags(trade: pd.DataFrame, limits: QualityThresholds) -> pd.DataFrame:
    """Exports whose partner's reported imports differ by more than the mirror bounds."""
    exports = trade[(trade["flow"] == "exports") & (trade["counterpart"] != "")]
    imports = trade[(trade["flow"] == "imports") & (trade["counterpart"] != "")]
    mirror = imports.rename(
        columns={"geo": "counterpart", "counterpart": "geo", "value": "compared"}
    )
    both = exports.merge(
        mirror[["period", "geo", "counterpart", "compared"]], on=["period", "geo", "counterpart"]
    )
    rows = _beyond(
        both, "mirror", (limits.mirror_low, limits.mirror_high), limits.min_value, mirrored=True
    )
    note = (
        rows["geo"]
        + " reports exports to "
        + rows["counterpart"]
        + " of US$"
        + _billions(rows["value"].to_numpy())
        + " billion in "
        + rows["period"]
        + "; "
        + rows["counterpart"]
        + " reports imports from "
        + rows["geo"]
        + " of US$"
        + _billions(rows["compared"].to_numpy())
        + " billion"
    )
    return pd.DataFrame(rows.assign(note=note))


def _change_flags(trade: pd.DataFrame, limits: QualityThresholds) -> pd.DataFrame:
    """Flows whose value changes from the year before by more than the change bounds."""
    annual = trade[trade["period"].str.fullmatch(r"\d{4}").to_numpy(dtype=bool)]
    year = annual["period"].astype("int64")
    before = annual.assign(period=(year + 1).astype("str")).rename(columns={"value": "compared"})
    both = annual.merge(
        before[["period", "geo", "counterpart", "flow", "compared"]],
        on=["period", "geo", "counterpart", "flow"],
    )
    rows = _beyond(
        both, "change", (limits.change_low, limits.change_high), limits.min_value, mirrored=False
    )
    whom = np.where(rows["counterpart"] == "", "the World", rows["counterpart"])
    way = np.where(rows["flow"] == "exports", " to ", " from ")
    previous = (rows["period"].astype("int64") - 1).astype("str")
    note = (
        rows["geo"]
        + "'s "
        + rows["flow"]
        + way
        + whom
        + " go from US$"
        + _billions(rows["compared"].to_numpy())
        + " billion in "
        + previous
        + " to US$"
        + _billions(rows["value"].to_numpy())
        + " billion in "
        + rows["period"]
    )
    return pd.DataFrame(rows.assign(note=note))


def flagged_flows(trade: pd.DataFrame, thresholds: QualityThresholds | None = None) -> pd.DataFrame:
    """Every flow of a trade frame (``indices.trade_frame``) beyond the *thresholds*: its
    period, reporter (geo), partner (counterpart, "" for the World), flow, the check it
    fails (``mirror``: against the partner's report; ``change``: against the year before),
    its value, the value compared, their ratio and a note in words.

    Examples
    --------
    >>> trade = pd.DataFrame({
    ...     "geo": ["RUS", "BLR", "RUS"], "counterpart": ["BLR", "RUS", "BLR"],
    ...     "flow": ["exports", "imports", "exports"], "period": ["2011", "2011", "2012"],
    ...     "value": [11.3e9, 24.9e9, 25.0e9]})
    >>> flagged_flows(trade)[["period", "geo", "check", "ratio"]].round(2).to_string(index=False)
    'period geo  check  ratio\\n  2011 RUS mirror   2.20\\n  2012 RUS change   2.21'
    """
    limits = thresholds or QualityThresholds()
    frame = trade.loc[:, ["period", "geo", "counterpart", "flow", "value"]].astype(
        {"period": "str", "geo": "str", "counterpart": "str", "flow": "str", "value": "float64"}
    )
    frame = frame[np.isfinite(frame["value"].to_numpy())]
    found = pd.concat(
        [_mirror_flags(frame, limits), _change_flags(frame, limits)], ignore_index=True
    )
    if found.empty:
        return pd.DataFrame(
            {
                c: pd.Series(dtype="float64" if c in ("value", "compared", "ratio") else "str")
                for c in FLAG_COLUMNS
            }
        )
    order = found.sort_values(["period", "geo", "counterpart", "flow", "check"], kind="stable")
    return order.loc[:, list(FLAG_COLUMNS)].reset_index(drop=True)


def quality_notes(flags: pd.DataFrame, members: pd.DataFrame) -> pd.Series:
    """Per period, the flagged flows behind an index of *members* (``period``, ``geo``: a
    group's members by year, or a pair's two economies in every year): flows between two
    members, or of a member with the World, their notes joined; a Series by period."""
    if flags.empty or members.empty:
        return pd.Series(dtype="str")
    belong = members.astype("str")
    mine = flags.merge(belong, on=["period", "geo"])
    inside = mine.merge(
        belong.rename(columns={"geo": "counterpart"}),
        on=["period", "counterpart"],
        how="left",
        indicator=True,
    )
    kept = inside[(inside["_merge"] == "both") | (inside["counterpart"] == "")]
    kept = kept[kept["geo"] != kept["counterpart"]].drop_duplicates(["period", "note"])
    said = kept["check"].map({"mirror": "mirror", "change": "break"}) + ": " + kept["note"]
    return said.groupby(kept["period"]).agg("; ".join)
