"""Claims written in another currency than their indicator's: kept as written, converted with
the official rate of their period for the verdict, unverifiable (and saying why) without one.

Rates and official figures are copied from datasets/observations-wdi.csv and
observations-dots.csv; every verdict is worked out here by hand.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.errors import UnitError

from .conftest import (
    BALANCE_2019,
    BYN_2019,
    EUR_2019,
    GDP_BLR_2019,
    problems_of,
    read_rows,
    write_rows,
)


def _with(directory: Path, *rows: dict[str, str]) -> ii.Catalogue:
    write_rows(directory, [*read_rows(directory), *rows])
    return ii.load(directory)


def _claim(template: dict[str, str], **cells: str) -> dict[str, str]:
    return dict(template, **cells)


def _balance_claim(directory: Path) -> dict[str, str]:
    (row,) = [r for r in read_rows(directory) if r["id"] == "jt23-balance-2019"]
    return row


def _row(cat: ii.Catalogue, claim: str) -> pd.Series:
    table = cat.crosscheck()
    return table[(table["claim"] == claim) & table["of_record"]].iloc[0]


def test_a_balance_in_euros_is_converted_at_the_years_average_rate(full_catalogue: Path) -> None:
    """EUR 8.4 billion of deficit in 2019 is USD 9.40 billion: [8.35, 8.45] / 0.8933 =
    [9.348, 9.460] billion against the official 8.331 billion; 1.02 billion beyond the
    interval is more than 5% of 8.331: overstated (the deficit)."""
    template = _balance_claim(full_catalogue)
    claim = _claim(
        template,
        id="balance-in-euros",
        unit="billion EUR",
        figure="€8.4 billion",
        quote="The deficit amounted to €8.4 billion in 2019.",
    )
    cat = _with(full_catalogue, claim)
    kept = cat.observations().set_index("id").loc["balance-in-euros"]
    assert (kept["unit"], kept["value"]) == ("EUR", -8.4e9)  # recorded as written
    row = _row(cat, "balance-in-euros")
    assert row["unit"] == "USD"
    assert row["claimed_value"] == pytest.approx(-8.4e9 / EUR_2019, rel=1e-12)
    assert row["claimed_lower"] == pytest.approx(-8.45e9 / EUR_2019, rel=1e-12)
    assert row["claimed_upper"] == pytest.approx(-8.35e9 / EUR_2019, rel=1e-12)
    assert row["official_value"] == pytest.approx(BALANCE_2019, rel=1e-9)
    assert -0.05 * abs(BALANCE_2019) > -8.35e9 / EUR_2019 - BALANCE_2019  # beyond close
    assert row["verdict"] == "overstated"
    assert "converted to USD at 0.893276 EUR per US dollar (2019 average, " in row["reasons"]
    assert "wdi-pa.nus.fcrf-deu-2019" in row["reasons"]


def test_gdp_in_belarusian_roubles_is_consistent(full_catalogue: Path) -> None:
    """BYN 134.7 billion in 2019 at 2.0918 BYN per dollar: [134.65, 134.75] / 2.0918 =
    [64.37, 64.42] billion dollars, which holds the official 64.41 billion: consistent."""
    template = _balance_claim(full_catalogue)
    claim = _claim(
        template,
        id="gdp-in-roubles",
        indicator="macro.gdp",
        counterpart="",
        value="134.7",
        unit="billion BYN",
        figure="134.7 billion roubles",
        quote="GDP reached 134.7 billion roubles in 2019.",
    )
    row = _row(_with(full_catalogue, claim), "gdp-in-roubles")
    assert 134.65e9 / BYN_2019 <= GDP_BLR_2019 <= 134.75e9 / BYN_2019
    assert row["verdict"] == "consistent"
    assert row["claimed_value"] == pytest.approx(134.7e9 / BYN_2019, rel=1e-12)
    assert "2.09178 BYN per US dollar (2019 average, wdi-pa.nus.fcrf-blr-2019)" in row["reasons"]


@pytest.mark.parametrize(
    ("cells", "why"),
    [
        ({"unit": "billion GBP"}, "no official rate of GBP per US dollar in this catalogue"),
        (
            {"unit": "billion EUR", "period": "2018/2019", "as_of": "2020-02-04"},
            "no official rate of EUR per US dollar covers the claim's period",
        ),
    ],
)
def test_a_claim_without_a_rate_is_unverifiable_and_says_why(
    full_catalogue: Path, cells: dict[str, str], why: str
) -> None:
    template = _balance_claim(full_catalogue)
    claim = _claim(
        template,
        id="no-rate",
        figure="8.4 billion",
        quote="The deficit amounted to 8.4 billion.",
        **cells,
    )
    table = _with(full_catalogue, claim).crosscheck()
    rows = table[table["claim"] == "no-rate"]
    assert set(rows["verdict"]) == {"unverifiable"}
    assert all(why in r for r in rows["reasons"])
    assert rows["claimed_value"].isna().all()  # never compared in the wrong currency


def test_an_official_row_in_another_currency_is_still_refused(full_catalogue: Path) -> None:
    """Official statistics are kept in their indicator's unit: only press figures may be in
    another currency."""
    official = dict(
        _balance_claim(full_catalogue),
        id="official-in-euros",
        status="official",
        unit="billion EUR",
        figure="",
        quote="",
    )
    write_rows(full_catalogue, [*read_rows(full_catalogue), official])
    problems = [p for p in problems_of(full_catalogue) if p.column == "unit"]
    assert [(p.rule, p.value) for p in problems] == [("unit-currency", "billion EUR")]


def test_a_series_never_mixes_currencies(full_catalogue: Path) -> None:
    template = _balance_claim(full_catalogue)
    claim = _claim(
        template,
        id="balance-2017-in-euros",
        period="2017",
        unit="billion EUR",
        figure="€8.4 billion",
        quote="In 2017 the deficit was €8.4 billion.",
    )
    cat = _with(full_catalogue, claim)
    with pytest.raises(UnitError, match="the rows are in EUR, USD; a series never mixes"):
        cat.series("trade.balance", geo="BLR", counterpart="RUS", status="reported")


def test_adding_two_currencies_without_a_rate_is_refused() -> None:
    from integration_indicators.analysis import metrics

    cat = ii.load()
    gdp = cat.series("macro.gdp", geo="BLR", source="wb-wdi-ny.gdp.mktp.cd")
    rate = cat.series("fx.official_rate", geo="BLR")  # BYN per US dollar
    with pytest.raises(UnitError):
        metrics.total(gdp, rate, align="inner")


def test_claims_in_the_indicators_currency_have_no_conversion() -> None:
    table = ii.load().crosscheck()
    assert not table["reasons"].str.contains("is converted to").any()
