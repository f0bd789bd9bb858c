"""A page per economy: the indicators it has data for, the claims about it, its trade partners.

Every economy that a catalogue's observations name as ``geo`` gets ``economies/CODE.md``
(and ``economies/index.md`` lists them): its indicators with the number of official and
press rows and the periods they span, the claims made about it with their verdict of record,
and, where the catalogue holds its trade by partner, its largest export and import partners
in the latest year with their shares (``partner_share_panel``, computed once for all).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

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
    summary = frame.assign(official=official, press=~official).groupby(
        ["geo", "indicator"], sort=True
    ).agg(official=("official", "sum"), press=("press", "sum"), first=("period", "min"),
          last=("period", "max")).reset_index()  # fmt: skip
    summary["name"] = summary["indicator"].map(names).fillna("")
    return {str(g): _records(rows.drop(columns="geo")) for g, rows in summary.groupby("geo")}


def _partners(catalogue: Catalogue) -> dict[str, list[dict[str, object]]]:
    """Per economy: its largest partners of each flow in the latest year it reports."""
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
            code=code, name=name, indicators=indicators[code], claims=claims.get(code, []),
            partners=mine, top=TOP_PARTNERS, cite=cite_block(sources, rows_of[code]),
        )  # fmt: skip
        (folder / f"{code}.md").write_text(page, encoding="utf-8")
        listed.append({"code": code, "name": name, "indicators": len(indicators[code]),
                       "claims": len(claims.get(code, []))})  # fmt: skip
    index = env.get_template("economies.md.j2").render(rows=listed)
    (folder / "index.md").write_text(index, encoding="utf-8")
    return list(indicators)
