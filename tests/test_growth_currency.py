"""Growth claims in the currency their source reports in (issue 33, point 7): a euro-area
outlet's "trade shrank by 18.6 percent" is a change of euros. The rule's levels are held in
US dollars; converted at each year's official average rate before the growth, and the
reasons say so. Hand computation from the bundled figures (IMF DOTS as Belarus reports its
trade with Russia; WDI's euro rate as Germany's PA.NUS.FCRF)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.analysis.crosscheck import answer_series
from integration_indicators.analysis.rates import rate_table

from .conftest import desk_catalogue, problems_of

QUOTE = "Trade between Belarus and Russia shrank by 18.6 percent in 2020."


def _with_currency(tmp_path: Path, currency: str) -> Path:
    """The claim added by ``claims add`` from a desk's sheet whose publication reports in
    *currency* (its ``currency`` column; "" for US dollars)."""
    return desk_catalogue(
        tmp_path,
        [
            {
                "quote": QUOTE,
                "figure": "18.6 percent",
                "date": "2021-06-01",
                "currency": currency,
                "indicator": "trade.turnover.growth",
                "geo": "BLR",
                "counterpart": "RUS",
                "period": "2020",
            }
        ],
    )


def _record(folder: Path) -> pd.Series:
    table = ii.load(folder, cache=False).crosscheck()
    return table[table["of_record"] & (table["quote"] == QUOTE)].iloc[0]


def test_a_growth_in_the_sources_currency_is_judged_in_it(tmp_path: Path) -> None:
    cat = ii.load()
    dollars = answer_series(cat, "turnover-growth-dots", "BLR", "RUS").set_index("official_period")[
        "official_value"
    ]
    rates = rate_table(cat)
    euro = rates[(rates["currency"] == "EUR") & (rates["geo"] == "DEU")].set_index("period")
    by_hand = (
        (1 + dollars["2020"] / 100) * euro.at["2020", "rate"] / euro.at["2019", "rate"] - 1
    ) * 100
    assert by_hand == pytest.approx(-18.56, abs=0.01)
    in_euros = _record(_with_currency(tmp_path / "eur", "EUR"))
    assert in_euros["official_value"] == pytest.approx(by_hand, rel=1e-9)
    assert in_euros["verdict"] == "consistent"
    assert "growth computed in EUR, the currency its source reports in" in in_euros["reasons"]
    in_dollars = _record(_with_currency(tmp_path / "usd", ""))
    assert in_dollars["official_value"] == pytest.approx(dollars["2020"], rel=1e-9)
    assert (
        in_dollars["verdict"] != "consistent" and "growth computed in" not in in_dollars["reasons"]
    )


def test_a_sources_currency_must_be_an_iso_code_in_use(tmp_path: Path) -> None:
    """In the desk's sheet, at its row; in a sources file, by the schema."""
    from integration_indicators.importers.claims import read_claims

    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "quote,figure,attributed_to,published_in,date,url,currency\n"
        f'"{QUOTE}",18.6 percent,,Gazette,2021-06-01,,EURO\n',
        encoding="utf-8",
    )
    said = read_claims(sheet, ii.load().indicators).problems
    assert [(p.row, p.column, p.value, p.rule) for p in said] == [
        (2, "currency", "EURO", "currency-code-or-empty")
    ]
    folder = _with_currency(tmp_path / "held", "EUR")
    path = folder / "sources-claims.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("currency: EUR", "currency: EURO"),
        encoding="utf-8",
    )
    assert [(p.column, p.value, p.rule) for p in problems_of(folder)] == [
        ("currency", "EURO", "currency-code-or-empty")
    ]
