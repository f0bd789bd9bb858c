"""A page per economy: its latest official figures, the indicators it has data for, the
claims about it, its trade partners.

Every economy that a catalogue's observations name as ``geo`` gets ``economies/CODE.md``
(and ``economies/index.md`` lists them): its indicators with the number of official and
press rows and the periods they span, the claims made about it with their verdict of record,
and, where the catalogue holds its trade by partner, its largest export and import partners
in the latest year with their shares (``partner_share_panel``, computed once for all).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from integration_indicators.catalogue import Catalogue

#: Partners listed per flow on an economy page.
TOP_PARTNERS = 5


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    return cast(list[dict[str, object]], frame.to_dict("records"))


def _indicator_rows(obs: pd.DataFrame, names: dict[str, str]) -> dict[str, list[dict[str, object]]]:
    """Per economy: each indicator's official and press row counts and the periods spanned."""
    frame = obs.loc[obs["geo"].astype("str") != "", ["geo", "indicator", "status", "period"]]
    frame = frame.astype({"geo": "str", "indicator": "str", "status": "str", "period": "str"})
    official = frame["status"].eq("official")
    summary = (
        frame.assign(official=official, press=~official)
        .groupby(["geo", "indicator"], sort=True)
        .agg(
            official=("official", "sum"),
            press=("press", "sum"),
            first=("period", "min"),
            last=("period", "max"),
        )
        .reset_index()
    )
    summary["name"] = summary["indicator"].map(names).fillna("")
    return {str(g): _records(rows.drop(columns="geo")) for g, rows in summary.groupby("geo")}


def _latest(
    obs: pd.DataFrame, names: dict[str, str], source_names: pd.Series
) -> dict[str, list[dict[str, object]]]:
    """Per economy: the latest official figure of each of its series without a counterpart
    (its GDP, population, prices: as a country page of the World Bank opens), in words;
    of an annual series, the latest year; of several releases, the current one."""
    from integration_indicators.publish.numbers import for_people_column

    official = obs[
        (obs["status"] == "official").to_numpy()
        & (obs["counterpart"].fillna("") == "").to_numpy(dtype=bool)
        & obs["value"].notna().to_numpy()
    ]
    if official.empty:
        return {}
    frame = official.loc[:, ["geo", "indicator", "period", "value", "unit", "source"]].astype(
        {"geo": "str", "indicator": "str", "period": "str", "unit": "str", "source": "str"}
    )
    frame = frame[frame["period"].str.fullmatch(r"\d{4}").to_numpy(dtype=bool)]
    latest = (
        frame.sort_values(["geo", "indicator", "period"], kind="stable")
        .groupby(["geo", "indicator"], sort=True)
        .tail(1)
    )
    latest = latest.assign(
        source_name=latest["source"].map(source_names).fillna(latest["source"]),
        name=latest["indicator"].map(names).fillna(latest["indicator"]),
        said=for_people_column(
            latest["value"].to_numpy(dtype="float64"), latest["unit"].to_numpy(dtype=object)
        ),
    )
    columns = ["indicator", "name", "period", "said", "source", "source_name"]
    return {str(g): _records(rows.loc[:, columns]) for g, rows in latest.groupby("geo")}


def _source_names(sources: pd.DataFrame) -> pd.Series:
    """Each source's name for people: its producer (or title) and its date, ids only in
    links ("World Bank, 2025-12-17")."""
    frame = sources.fillna("").astype("str")
    who = frame["producer"].where(frame["producer"] != "", frame["title"])
    who = who.where(who != "", frame["id"])
    dated = np.where(frame["date_published"] != "", ", " + frame["date_published"], "")
    return pd.Series((who + dated).to_numpy(), index=frame["id"].to_numpy())


def _partners(catalogue: Catalogue) -> dict[str, list[dict[str, object]]]:
    """Per economy: its largest partners of each flow in the latest year it reports, with
    how many partners the catalogue holds for it that year (``held``) and the share of its
    trade with the World those partners cover together (``covered``, %)."""
    from integration_indicators.analysis.indices import partner_share_panel, trade_frame

    trade = trade_frame(catalogue)
    if trade.empty:
        return {}
    shares = partner_share_panel(trade)
    shares = shares[shares["flow"].isin(["exports", "imports"]) & shares["share"].notna()]
    if shares.empty:
        return {}
    shares = shares.astype({"geo": "str", "counterpart": "str", "flow": "str", "period": "str"})
    latest = shares.groupby(["geo", "flow"])["period"].transform("max")
    recent = shares[shares["period"] == latest].sort_values(
        ["geo", "flow", "share"], ascending=[True, True, False]
    )
    held = recent.groupby(["geo", "flow"], sort=False)["share"].agg(["size", "sum"])
    recent = recent.join(
        held.rename(columns={"size": "held", "sum": "covered"}), on=["geo", "flow"]
    )
    top = recent.groupby(["geo", "flow"], sort=False).head(TOP_PARTNERS)
    return {str(g): _records(rows.drop(columns=["geo", "note"])) for g, rows in top.groupby("geo")}


def write_economy_pages(
    env: Any, catalogue: Catalogue, checked: pd.DataFrame, docs: Path, claim_pages: set[str]
) -> list[str]:
    """Write ``economies/CODE.md`` for every economy of the observations, and their index;
    returns the codes, in order."""
    from integration_indicators.analysis.crosscheck import verdicts_of_record
    from integration_indicators.model.economies import name_of
    from integration_indicators.publish.citation import cite_block

    folder = docs / "economies"
    folder.mkdir(parents=True, exist_ok=True)
    names = dict(zip(catalogue.indicators["id"], catalogue.indicators["name"], strict=True))
    obs = catalogue.observations()
    indicators = _indicator_rows(obs, names)
    partners = _partners(catalogue)
    latest = _latest(obs, names, _source_names(catalogue.sources))
    record = verdicts_of_record(checked).astype("object")
    record = record.assign(page=record["claim"].astype("str").isin(claim_pages))
    claims = {str(g): _records(rows) for g, rows in record.groupby("geo")}
    template = env.get_template("economy.md.j2")
    sources = catalogue.sources.fillna("")
    rows_of = dict(iter(obs.groupby("geo", sort=False, observed=True)))
    listed = []
    for code in indicators:
        name = name_of(code)
        mine = [
            {
                **row,
                "name": name_of(str(row["counterpart"])),
                "page": row["counterpart"] in indicators,
            }
            for row in partners.get(code, [])
        ]
        page = template.render(
            code=code,
            name=name,
            indicators=indicators[code],
            claims=claims.get(code, []),
            partners=mine,
            top=TOP_PARTNERS,
            cite=cite_block(sources, rows_of[code]),
            latest=latest.get(code, []),
        )
        (folder / f"{code}.md").write_text(page, encoding="utf-8")
        listed.append(
            {
                "code": code,
                "name": name,
                "indicators": len(indicators[code]),
                "claims": len(claims.get(code, [])),
            }
        )
    index = env.get_template("economies.md.j2").render(rows=listed)
    (folder / "index.md").write_text(index, encoding="utf-8")
    return list(indicators)
