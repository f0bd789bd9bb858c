"""A page per economic group: its members with their dates, its mutual trade computed from
the dataset (the members' exports to each other, and their share of the members' exports),
and beside it, never joined to it, the officials' statements of that trade the catalogue
holds (``group-statements.csv``).

Every group of the catalogue's groups file (its own ``groups.yaml``, else the bundled one)
whose members trade in the catalogue, or that a statement is about, gets
``groups/NAME.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from integration_indicators.catalogue import Catalogue


def _series(
    catalogue: Catalogue,
    group: str,
    groups: pd.DataFrame,
    trade: pd.DataFrame,
    *,
    mutual: pd.DataFrame,
    flags: pd.DataFrame,
) -> list[dict[str, object]]:
    """The group's mutual trade (*mutual*, ``indices.mutual_trade``) and intra-group export
    share by year, as text, with the flagged flows (*flags*, ``flagged_flows`` of *trade*)
    behind each year in its note."""
    from integration_indicators.analysis import indices
    from integration_indicators.analysis.trade_quality import quality_notes

    share = indices.intra_group_share(catalogue, group, trade, groups=groups)
    bounds = ["period", "intra_share", "intra_share_low", "intra_share_high", "missing"]
    table = mutual.merge(share[bounds], on="period", how="left")
    if table.empty or table["mutual_trade"].isna().all():
        return []
    belong = indices.membership(group, table["period"].to_numpy(), groups)
    flagged = quality_notes(flags, belong)
    quality = table["period"].map(flagged).astype("object")
    table["note"] = np.where(
        quality.notna(),
        table["note"].astype("str") + np.where(table["note"] != "", "; ", "") + quality.astype(str),
        table["note"],
    )
    billions = table["mutual_trade"].to_numpy(dtype="float64") / 1e9
    shares = table["intra_share"].to_numpy(dtype="float64")
    low = table["intra_share_low"].to_numpy(dtype="float64")
    high = table["intra_share_high"].to_numpy(dtype="float64")
    bounded = np.isnan(shares) & ~np.isnan(low) & ~np.isnan(high)
    said = np.where(np.isnan(shares), "", np.char.mod("%.1f", np.nan_to_num(shares)))
    ranges = np.char.add(
        np.char.add(np.char.mod("%.1f", np.nan_to_num(low)), " to "),
        np.char.mod("%.1f", np.nan_to_num(high)),
    )
    missing = table["missing"].astype("object").fillna("").astype("str").to_numpy()
    said = np.where(
        bounded,
        np.char.add(
            np.char.add(ranges, " (bounds: missing "), np.char.add(missing.astype(str), ")")
        ),
        said,
    )
    return [
        {
            "period": p,
            "members": m,
            "note": n,
            "mutual": "" if np.isnan(b) else f"{b:,.2f}",
            "share": s,
        }
        for p, m, n, b, s in zip(
            table["period"], table["members"], table["note"], billions, said, strict=True
        )
    ]


#: A statement's measure in a page's words.
_WHAT = {
    "mutual trade in goods between the members": "mutual trade",
    "growth of the mutual trade in goods (percent)": "its growth",
}


def _statement_rows(table: pd.DataFrame) -> list[dict[str, object]]:
    """A group's statements (``statements_table``) as a page's rows: what, the figure as
    printed and the number it was read as, with its unit and bound."""
    from integration_indicators.publish.numbers import plain_numbers

    values = plain_numbers(table["value"].to_numpy(dtype="float64"), digits=4)
    bound = np.where(
        table["upper"].notna() & table["lower"].isna(),
        "at most ",
        np.where(table["lower"].notna() & table["upper"].isna(), "at least ", ""),
    )
    rows: list[dict[str, object]] = [
        {str(k): v for k, v in r.items()} for r in table.astype("object").to_dict("records")
    ]
    for row, value, said in zip(rows, values, bound, strict=True):
        row["what"] = _WHAT.get(str(row["measure"]), str(row["measure"]))
        row["number"] = f"{said}{value} {row['unit']}"
    return rows


def _overlap(statements: pd.DataFrame, mutual: pd.DataFrame) -> list[dict[str, object]]:
    """The years where a statement of the mutual trade in US dollars and the dataset's
    series both have a figure: each statement beside the series, and the series' difference
    in percent of the statement (a statement hedged as a bound said as such)."""
    from integration_indicators.model.units import conversion_factor

    levels = statements[
        (statements["measure"] == "mutual_trade").to_numpy()
        & statements["unit"].str.endswith("USD").to_numpy()
    ]
    if levels.empty or mutual.empty:
        return []
    factors = {u: conversion_factor(u, "USD") for u in levels["unit"].unique()}
    series = mutual.set_index("period")["mutual_trade"]
    stated = levels["value"].to_numpy(dtype="float64") * levels["unit"].map(factors).to_numpy(
        dtype="float64"
    )
    found = levels["period"].map(series).to_numpy(dtype="float64")
    both = ~np.isnan(found) & ~np.isnan(stated)
    rows = levels.assign(stated_usd=stated, found=found)[both]
    gap = (rows["found"] - rows["stated_usd"]) / rows["stated_usd"] * 100
    records = (
        rows.assign(
            stated=np.char.mod("%.2f", rows["stated_usd"].to_numpy(dtype="float64") / 1e9),
            found=np.char.mod("%.2f", rows["found"].to_numpy(dtype="float64") / 1e9),
            gap=np.char.mod("%+.1f%%", gap.to_numpy(dtype="float64")),
            who=rows["attributed_to"],
            bound=rows["qualifier"].isin(["at_most", "at_least"]),
        )
        .loc[:, ["period", "figure", "stated", "found", "gap", "who", "bound"]]
        .sort_values("period", kind="stable")
    )
    return [{str(k): v for k, v in r.items()} for r in records.to_dict("records")]


def group_names(catalogue: Catalogue) -> dict[str, str]:
    """Each group of the catalogue's groups file (its own, else the bundled one) -> its full
    name."""
    from integration_indicators.analysis.groups import catalogue_groups

    groups = catalogue_groups(catalogue.location)
    return dict(zip(groups["group"].astype("str"), groups["name"].astype("str"), strict=False))


def write_group_pages(
    env: Any, catalogue: Catalogue, docs: Path, economy_pages: set[str]
) -> list[tuple[str, str]]:
    """Write ``groups/NAME.md`` for every group with trade or statements in *catalogue*;
    returns each group's (name, full name), in order."""
    from integration_indicators.analysis import indices
    from integration_indicators.analysis.group_statements import (
        catalogue_group_statements,
        statements_table,
    )
    from integration_indicators.analysis.groups import catalogue_groups
    from integration_indicators.analysis.indices import trade_frame
    from integration_indicators.analysis.trade_quality import flagged_flows
    from integration_indicators.model.economies import name_of

    groups = catalogue_groups(catalogue.location)
    statements = catalogue_group_statements(catalogue.location, catalogue.sources)
    trade = trade_frame(catalogue)
    traded = set(trade["geo"].astype("str")) if len(trade) else set()
    flags = flagged_flows(trade) if traded else None  # once for every group's page
    template = env.get_template("group.md.j2")
    written: list[tuple[str, str]] = []
    for group, members in groups.groupby("group", sort=True):
        name = str(group)
        stated = (
            []
            if statements is None
            else _statement_rows(statements_table(statements, name, catalogue.sources))
        )
        mutual = (
            indices.mutual_trade(catalogue, name, trade, groups=groups)
            if flags is not None and traded & set(members["geo"])
            else None
        )
        series = (
            []
            if mutual is None or flags is None
            else _series(catalogue, name, groups, trade, mutual=mutual, flags=flags)
        )
        overlap = (
            []
            if statements is None or mutual is None
            else _overlap(statements[statements["group"] == name], mutual)
        )
        if not series and not stated:
            continue
        rows = [
            {
                "geo": geo,
                "name": name_of(geo),
                "page": geo in economy_pages,
                "start": start,
                "until": until,
            }
            for geo, start, until in zip(
                members["geo"].astype("str"),
                members["from"].astype("str"),
                members["until"].astype("str"),
                strict=True,
            )
        ]
        full = str(members["name"].iloc[0])
        folder = docs / "groups"
        folder.mkdir(parents=True, exist_ok=True)
        page = template.render(
            group=name, name=full, members=rows, series=series, statements=stated, overlap=overlap
        )
        (folder / f"{name}.md").write_text(page, encoding="utf-8")
        written.append((name, full))
    return written
