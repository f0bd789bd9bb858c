"""The shipped catalogue: its size, known records, and that every figure is sourced."""

from __future__ import annotations

import math
import re
import unicodedata

import pandas as pd
import pytest

import integration_indicators as ii

from .conftest import SEEDS


@pytest.fixture(scope="module")
def cat() -> ii.Catalogue:
    return ii.load()


def test_sizes(cat: ii.Catalogue) -> None:
    # 5 articles, 14 + 1 WDI series, the DOTS extract, the five EAEU members' DOTS workbooks,
    # the World's DOTS workbook, and the three earlier WDI releases of the 14 series
    # and six more WDI series (issue 32), six pages reporting official statements (34) and
    # eight reporting the EAEU's mutual trade (group-statements.csv)
    assert len(cat.sources) == 27 + 3 * 14 + 6 + 6 + 8
    assert len(cat.indicators) == 38
    obs = cat.observations()
    # the seven WDI series of world-bank-wdi-more for the six; Germany (the euro); the World's
    # trade with the World
    assert len(obs) == 4902 + 1348 + 714 + 122 + 11  # 11 official statements
    assert set(obs.loc[obs["source"].str.startswith("wb-wdi"), "geo"]) == {
        "ARM",
        "BLR",
        "CHN",
        "DEU",
        "KAZ",
        "KGZ",
        "RUS",
    }
    eaeu = obs[obs["source"].isin(["imf-dots-9", "imf-dots-103", "imf-dots-109"])]
    assert len(eaeu) == 834 and set(eaeu["geo"]) == {"ARM", "KAZ", "KGZ"}
    assert (~obs["status"].isin(["official", "stated"])).sum() == 27  # from the five articles
    assert obs.loc[obs["source"] == "imf-dots-blr-rus"].shape[0] == 220


REQUIRED_INDICATORS = {
    "trade.goods.turnover": "USD",
    "trade.services.turnover": "USD",
    "trade.turnover.growth": "percent",
    "trade.balance": "USD",
    "finance.loan.amount": "USD",
    "migration.emigration.cumulative": "person",
    "labour.economically_active": "person",
    "population.total": "person",
    "macro.economy_size_ratio": "dimensionless",
    "integration.programmes.count": "count",
    "integration.programmes.implementation": "percent",
    "integration.directions.count": "count",
}


def test_required_indicators_and_units(cat: ii.Catalogue) -> None:
    units = cat.indicators.set_index("id")["unit"]
    for indicator, unit in REQUIRED_INDICATORS.items():
        assert units[indicator] == unit


NAN = math.nan

# id: (indicator, geo, counterpart, period, value, lower, upper, qualifier, status) in canonical units
KNOWN = {
    "jt23-balance-2019": (
        "trade.balance",
        "BLR",
        "RUS",
        "2019",
        -8.4e9,
        NAN,
        NAN,
        "exact",
        "reported",
    ),
    "jt23-balance-2018": (
        "trade.balance",
        "BLR",
        "RUS",
        "2018",
        -9.6e9,
        NAN,
        NAN,
        "exact",
        "reported",
    ),
    "jt23-balance-2022": ("trade.balance", "BLR", "RUS", "2022", NAN, 0.0, NAN, "sign", "reported"),
    "jt23-goods-turnover-2022": (
        "trade.goods.turnover",
        "BLR",
        "RUS",
        "2022",
        45e9,
        NAN,
        NAN,
        "exact",
        "reported",
    ),
    "jt23-services-turnover-2022": (
        "trade.services.turnover",
        "BLR",
        "RUS",
        "2022",
        5e9,
        NAN,
        NAN,
        "approximate",
        "reported",
    ),
    "jt23-turnover-growth-2021": (
        "trade.turnover.growth",
        "BLR",
        "RUS",
        "2021",
        35.0,
        NAN,
        NAN,
        "exact",
        "reported",
    ),
    "jt23-turnover-growth-2022": (
        "trade.turnover.growth",
        "BLR",
        "RUS",
        "2022",
        12.0,
        NAN,
        NAN,
        "exact",
        "reported",
    ),
    "jt23-programmes-implementation-jan": (
        "integration.programmes.implementation",
        "BLR",
        "RUS",
        "2023-01-12",
        70.0,
        NAN,
        NAN,
        "approximate",
        "reported",
    ),
    "jt23-programmes-implementation-apr": (
        "integration.programmes.implementation",
        "BLR",
        "RUS",
        "2023-04-05",
        80.0,
        NAN,
        80.0,
        "at_most",
        "claimed",
    ),
    "bw24-programmes-implementation-pm": (
        "integration.programmes.implementation",
        "BLR",
        "RUS",
        "2023-11-29",
        90.0,
        NAN,
        NAN,
        "approximate",
        "reported",
    ),
    "bw24-directions-count": (
        "integration.directions.count",
        "BLR",
        "RUS",
        "2024/2026",
        11.0,
        NAN,
        NAN,
        "exact",
        "announced",
    ),
    "bw24-labour-active": (
        "labour.economically_active",
        "BLR",
        None,
        "2023-02",
        4_172_000.0,
        NAN,
        NAN,
        "exact",
        "reported",
    ),
    "bw24-population": (
        "population.total",
        "BLR",
        None,
        "2024-02-02",
        9.5e6,
        NAN,
        NAN,
        "exact",
        "reported",
    ),
    "bw24-emigration-experts": (
        "migration.emigration.cumulative",
        "BLR",
        None,
        "2020/2024-01",
        NAN,
        200_000.0,
        500_000.0,
        "range",
        "estimated",
    ),
    "bw24-emigration-karpiankou": (
        "migration.emigration.cumulative",
        "BLR",
        None,
        "2020/2023-10",
        350_000.0,
        NAN,
        NAN,
        "approximate",
        "claimed",
    ),
    "bw24-repatriation-appeals": (
        "migration.repatriation.appeals",
        "BLR",
        None,
        "2024-02-02",
        150.0,
        NAN,
        NAN,
        "exact",
        "claimed",
    ),
    "coop21-loan-russia": (
        "finance.loan.amount",
        "BLR",
        "RUS",
        "2021-09-09",
        630e6,
        NAN,
        NAN,
        "exact",
        "announced",
    ),
    "sochi19-loan-china": (
        "finance.loan.amount",
        "BLR",
        "CHN",
        "2019-12",
        500e6,
        NAN,
        NAN,
        "exact",
        "planned",
    ),
    "crlb21-npp-funds": (
        "finance.project_funds.allocated",
        "BLR",
        None,
        "2021-02",
        3e9,
        NAN,
        NAN,
        "exact",
        "reported",
    ),
    "sochi19-population-blr": (
        "population.total",
        "BLR",
        None,
        "2019-12",
        10e6,
        NAN,
        NAN,
        "approximate",
        "reported",
    ),
    "sochi19-population-rus": (
        "population.total",
        "RUS",
        None,
        "2019-12",
        145e6,
        NAN,
        NAN,
        "exact",
        "reported",
    ),
    "sochi19-economy-size-ratio": (
        "macro.economy_size_ratio",
        "RUS",
        "BLR",
        "2019-12",
        29.0,
        NAN,
        NAN,
        "exact",
        "reported",
    ),
}


@pytest.mark.parametrize("row_id", sorted(KNOWN))
def test_known_record(cat: ii.Catalogue, row_id: str) -> None:
    obs = cat.observations().set_index("id")
    row = obs.loc[row_id]
    indicator, geo, counterpart, period, value, lower, upper, qualifier, status = KNOWN[row_id]
    assert (row["indicator"], row["geo"], row["period"]) == (indicator, geo, period)
    assert (row["counterpart"] if pd.notna(row["counterpart"]) else None) == counterpart
    for column, expected in (("value", value), ("lower", lower), ("upper", upper)):
        assert row[column] == pytest.approx(expected, rel=1e-12, nan_ok=True), column
    assert (row["qualifier"], row["status"]) == (qualifier, status)


def test_programmes_count_is_always_28(cat: ii.Catalogue) -> None:
    obs = cat.observations()
    counts = obs.loc[obs["indicator"] == "integration.programmes.count", "value"]
    assert len(counts) == 5
    assert set(counts) == {28.0}


def test_press_rows_carry_quote_and_figure(cat: ii.Catalogue) -> None:
    obs = cat.observations().query("status != 'official'")
    assert obs["quote"].notna().all()
    assert obs["figure"].notna().all()
    assert obs["source"].isin(cat.sources["id"]).all()


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@pytest.mark.skipif(
    not SEEDS.is_dir(), reason="the source documents (../shared/seeds) are not here"
)
def test_quotes_are_verbatim_in_their_documents(cat: ii.Catalogue) -> None:
    documents = cat.sources.set_index("id")["document"]
    named = {name for name in documents if name}
    texts = {name: _normal((SEEDS / name).read_text(encoding="utf-8")) for name in named}
    for row in cat.observations().query("status not in ('official', 'stated')").itertuples():
        assert _normal(str(row.quote)) in texts[str(documents[str(row.source)])], row.id


def test_statements_name_their_page_and_hold_their_figure(cat: ii.Catalogue) -> None:
    """An official statement's quote was found in its page (held at its address, not in the
    seeds): every one names the page, its outlet and date, and its quote holds its figure
    (the loader's figure check reads the number from it)."""
    sources = cat.sources.set_index("id")
    stated = cat.observations().query("status == 'stated'")
    assert len(stated) == 11
    for row in stated.itertuples():
        page = sources.loc[str(row.source)]
        assert page["url_main"].startswith("http") and page["producer"], row.id
        assert str(row.figure) in str(row.quote) and row.as_of, row.id


def test_inferred_fields_are_explained(cat: ii.Catalogue) -> None:
    sources = cat.sources.set_index("id")
    assert sources.loc["sochi-meeting-2019-12", "inferred"] == "date_published"
    assert sources.loc["could-russia-lose-belarus-2021-02", "inferred"] == "date_published"
    assert sources.loc["jamestown-2023-04-24", "inferred"] == "producer"
    for note in sources.loc[sources["inferred"] != "", "note"]:
        assert len(note) > 40
    # no URL appears in any source document or in the provenance notes: none may be recorded
    seeds = sources[sources["document"] != ""]
    assert (seeds["url_main"] == "").all()


def test_observations_is_a_copy_that_costs_nothing_and_changes_nothing() -> None:
    """Copy-on-write: the caller may change the frame; the catalogue does not change."""
    cat = ii.load()
    first = cat.observations()
    before = first["value"].copy()
    first.loc[first.index[0], "value"] = -1.0
    first["unit"] = "changed"
    again = cat.observations()
    pd.testing.assert_series_equal(again["value"], before)
    assert (again["unit"] != "changed").all()
