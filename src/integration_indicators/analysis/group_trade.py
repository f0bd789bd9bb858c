"""Trade between two groups: the share of one group's trade with the World that goes to (or
comes from) the members of another, by year, each side's members as of that year.

The reporters are the first group's members (their own reports: exports FOB, imports CIF),
the partners the second group's; a member of both never counts its trade with itself. A year
where a reporter reports no flow with a partner, or no trade with the World, is NaN with the
flow named: a missing flow is never taken as 0 (``indices.share_with_group`` is the same for
one economy); the low bounds say how far the reported flows alone reach.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from integration_indicators.analysis.indices import at, membership, trade_frame, trade_shares

if TYPE_CHECKING:
    from integration_indicators.catalogue import Catalogue

_FLOWS = ["exports", "imports"]
_TEXT = {"geo": "str", "counterpart": "str", "period": "str", "flow": "str"}


def _summed(rows: pd.DataFrame, keys: list[str], expected: pd.DataFrame) -> pd.DataFrame:
    """Exports and imports of *rows* summed by *keys*, one row per row of *expected* (NaN
    where nothing is reported)."""
    table = rows.pivot_table(index=keys, columns="flow", values="value", aggfunc="sum")
    return table.reindex(columns=_FLOWS).reindex(pd.MultiIndex.from_frame(expected[keys]))


def _named(gaps: pd.Series, words: pd.Series) -> pd.Series:
    """*words* of the rows where *gaps* holds, by period (joined by the caller, once)."""
    where = gaps.to_numpy(dtype=bool)
    periods = gaps.index.get_level_values("period")[where]
    return pd.Series(words.to_numpy()[where], index=periods)


def share_between_groups(
    cat: Catalogue,
    group: Sequence[str] | str,
    partner_group: Sequence[str] | str,
    trade: pd.DataFrame | None = None,
    *,
    groups: pd.DataFrame | None = None,
    as_of: str | None = None,
) -> pd.DataFrame:
    """The trade of *group*'s members with *partner_group*'s, in percent of their trade with
    the World, by year: period, export_share, import_share, turnover_share, their low bounds
    export_share_low and import_share_low (the flows not reported taken as 0, where every
    member's trade with the World is reported), members and partners (how many of each that
    year), missing (the flows not reported, named: ``BLR to DEU``, ``KGZ to the World``),
    note. Each group is a name of the groups file (its members
    by year) or a list of economies; the years both have members only.

    Examples
    --------
    >>> import integration_indicators as ii
    >>> table = share_between_groups(ii.load(), "EAEU", "EAEU").set_index("period")
    >>> round(float(table.loc["2019", "export_share"]), 1), int(table.loc["2019", "members"])
    (11.5, 5)
    """
    cat = at(cat, as_of)
    frame = trade_frame(cat) if trade is None else trade
    periods = sorted({str(p) for p in frame["period"].unique()})
    reporters = membership(group, periods, groups).astype("str")
    partners = membership(partner_group, periods, groups).astype("str")
    partners = partners.rename(columns={"geo": "counterpart"})
    mine = frame[frame["geo"].isin(sorted(set(reporters["geo"])))].astype(_TEXT)
    mine = mine.merge(reporters, on=["period", "geo"])  # the years each one belonged
    world = _summed(mine[mine["counterpart"] == ""], ["period", "geo"], reporters)
    pairs = reporters.merge(partners, on="period")
    pairs = pairs[pairs["geo"] != pairs["counterpart"]].reset_index(drop=True)
    keys = ["period", "geo", "counterpart"]
    flows = _summed(mine[mine["counterpart"] != ""], keys, pairs)
    missing = pd.concat(
        [
            _named(flows.isna().any(axis=1), pairs["geo"] + " to " + pairs["counterpart"]),
            _named(world.isna().any(axis=1), reporters["geo"] + " to the World"),
        ]
    )
    table = pd.DataFrame(index=pd.Index(periods, name="period"))
    table["members"] = reporters.groupby("period").size().reindex(table.index).fillna(0)
    table["partners"] = partners.groupby("period").size().reindex(table.index).fillna(0)
    table = table.astype({"members": "int64", "partners": "int64"})
    table["missing"] = missing.groupby(level=0).agg(", ".join).reindex(table.index).fillna("")
    sums = flows.groupby(level="period").sum(min_count=1).reindex(table.index)
    totals = world.groupby(level="period").sum(min_count=1).reindex(table.index)
    complete = (table["missing"] == "").to_numpy() & (len(pairs) > 0)
    known = flows.fillna(0).groupby(level="period").sum().reindex(table.index)
    gaps = world.isna().any(axis=1).groupby(level="period").any()
    has_world = ~gaps.reindex(table.index, fill_value=True).to_numpy(dtype=bool)
    shares = trade_shares(sums, totals, known, whole=complete, bounded=has_world)
    table[list(shares.columns)] = shares.to_numpy()
    table["note"] = np.where(
        table["missing"] != "",
        "a flow is not reported (named in missing): no share; the _low columns take it as 0",
        "",
    )
    table = table[((table["members"] > 0) & (table["partners"] > 0)).to_numpy()]
    columns = ["export_share", "import_share", "turnover_share", "export_share_low"]
    columns += ["import_share_low", "members", "partners"]
    return table.reset_index().loc[:, ["period", *columns, "missing", "note"]]
