"""One-sided hedges as people mean them (issue 33): "nearly X" is a little under X, "just
over X" a little over, "more than X" not far more and "less than X" not far less. Gross
misstatements are over- or understated, literally true or not, and say so; the examples of
the issue, and intervals that sit exactly on each constant."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.analysis.crosscheck import LITERALLY_TRUE
from integration_indicators.model.claimed import BOUND_FACTOR, NEAR_SHARE, claimed_intervals

from .conftest import desk_catalogue

#: The issue's examples (official figures of the bundled catalogue: WDI population and
#: growth, IMF DOTS as Belarus and as Russia report), and what a checker says of each.
CLAIMS = [
    (
        "Kazakhstan's population was nearly 40 million in 2019.",
        "nearly 40 million",
        "population.total",
        "KAZ",
        "",
        "2019",
        "overstated",
        True,
    ),
    (
        "Belarus ran a deficit of almost $20 billion in its trade with Russia in 2019.",
        "almost $20 billion",
        "trade.balance",
        "BLR",
        "RUS",
        "2019",
        "overstated",
        True,
    ),
    (
        "Belarus's GDP grew by nearly 10% in 2019.",
        "nearly 10%",
        "macro.gdp.growth",
        "BLR",
        "",
        "2019",
        "overstated",
        True,
    ),
    (
        "The deficit with Russia was nearly $8.5 billion in 2019.",
        "nearly $8.5 billion",
        "trade.balance",
        "BLR",
        "RUS",
        "2019",
        "consistent",
        False,
    ),
    (
        "Belarus's deficit with Russia was nearly $6 billion in 2019.",
        "nearly $6 billion",
        "trade.balance",
        "BLR",
        "RUS",
        "2019",
        "understated",
        False,
    ),
    (
        "Trade between Russia and Belarus was over $35.5 billion in 2019.",
        "over $35.5 billion",
        "trade.goods.turnover",
        "RUS",
        "BLR",
        "2019",
        "overstated",
        False,
    ),
    (
        "Kazakhstan had more than 10 million people in 2019.",
        "more than 10 million",
        "population.total",
        "KAZ",
        "",
        "2019",
        "understated",
        True,
    ),
]


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    names = ("quote", "figure", "indicator", "geo", "counterpart", "period")
    rows = [dict(zip(names, claim[:6], strict=True)) | {"date": "2020-06-01"} for claim in CLAIMS]
    folder = desk_catalogue(tmp_path_factory.mktemp("hedges"), rows)
    table = ii.load(folder).crosscheck()
    record = table[table["of_record"] & table["quote"].isin([c[0] for c in CLAIMS])]
    return record.set_index("quote")


@pytest.mark.parametrize("claim", CLAIMS, ids=[c[1] for c in CLAIMS])
def test_a_hedge_gets_the_verdict_a_checker_gives(judged: pd.DataFrame, claim: tuple) -> None:  # type: ignore[type-arg]
    quote, figure, *_, verdict, literally = claim
    row = judged.loc[quote]
    assert row["verdict"] == verdict, (figure, row["official_value"], row["reasons"])
    assert (LITERALLY_TRUE in str(row["reasons"])) == literally
    assert np.isfinite(row["claimed_lower"]) and np.isfinite(row["claimed_upper"])


def test_the_partners_report_is_named_for_a_one_sided_claim(judged: pd.DataFrame) -> None:
    row = judged.loc["Trade between Russia and Belarus was over $35.5 billion in 2019."]
    assert "the partner's report of the same flows matches the claim" in str(row["reasons"])


def test_no_scale_hint_on_a_near_hedge_that_misses(judged: pd.DataFrame) -> None:
    """ "nearly $6 billion" against $8.33 billion: before, [-6.05, 0] made "the official
    figure times a thousandth would match" fire; now [-6.05, -5.4] does not reach 0."""
    row = judged.loc["Belarus's deficit with Russia was nearly $6 billion in 2019."]
    assert "would match the claim" not in str(row["reasons"])


def test_a_population_interval_never_runs_below_zero(judged: pd.DataFrame) -> None:
    row = judged.loc["Kazakhstan's population was nearly 40 million in 2019."]
    assert row["claimed_lower"] == pytest.approx(36e6) and row["claimed_upper"] > 40e6


def _intervals(qualifier: str, value: float, hedge: str, sign: str = "") -> tuple[float, ...]:
    rows = pd.DataFrame(
        {
            "indicator": ["i"],
            "qualifier": [qualifier],
            "value": [value],
            "lower": [None],
            "upper": [None],
            "value_as_written": [f"{abs(value):g}"],
            "lower_as_written": [""],
            "upper_as_written": [""],
            "unit_as_written": ["percent"],
        }
    )
    c = claimed_intervals(rows, pd.Series({"i": sign}), np.array([hedge]))
    return tuple(
        float(c[k].iloc[0])
        for k in ("claimed_lower", "claimed_upper", "literal_lower", "literal_upper")
    )


def test_intervals_sit_exactly_on_the_constants() -> None:
    """100 with each hedge (p = 0.5, the last digit's half): the bounds are the constants'."""
    assert _intervals("at_most", 100.0, "near") == (100 - 100 * NEAR_SHARE, 100.5, -np.inf, 100.5)
    assert _intervals("at_least", 100.0, "near") == (99.5, 100 + 100 * NEAR_SHARE, 99.5, np.inf)
    assert _intervals("at_least", 100.0, "bound") == (99.5, 100 * BOUND_FACTOR, 99.5, np.inf)
    assert _intervals("at_most", 100.0, "bound") == (100 / BOUND_FACTOR, 100.5, -np.inf, 100.5)


def test_on_a_signed_indicator_the_hedge_bounds_the_magnitude() -> None:
    low, high, lit_low, lit_high = _intervals("at_most", -20.0, "near", sign="balance")
    assert (low, high) == (-20.5, -18.0) and (lit_low, lit_high) == (-20.5, 0.0)
    low, high, *_ = _intervals("at_least", -750.0, "bound", sign="balance")
    assert (low, high) == (-750 * BOUND_FACTOR, -749.5)


def test_a_quantity_that_cannot_be_negative_gets_no_negative_bound() -> None:
    low, _high, lit_low, _ = _intervals("at_most", 1.0, "bound", sign="nonnegative")
    assert low > 0 and lit_low == 0.0
    low, *_ = _intervals("approximate", 0.1, "", sign="nonnegative")
    assert low >= 0.0


def test_the_guides_worked_examples_are_the_codes() -> None:
    from integration_indicators.model.claimed import worked_examples_table

    guide = Path(__file__).resolve().parents[1] / "docs" / "guides" / "check-a-press-figure.md"
    assert worked_examples_table() in guide.read_text(encoding="utf-8")


def test_dollars_at_purchasing_power_parity_are_international_dollars(tmp_path: Path) -> None:
    """ "US$ ... at purchasing power parity" was stored in US dollars and unverifiable (no
    rate of international dollars per US dollar); it is an international-dollar claim."""
    quotes = {
        "Belarus's GDP per capita at purchasing power parity was US$22,300 in 2019.": "US$22,300",
        "In PPP terms, Belarus's GDP per head reached $22,300 in 2019.": "$22,300",
    }
    folder = desk_catalogue(
        tmp_path,
        [
            {
                "quote": quote,
                "figure": figure,
                "date": "2021-01-01",
                "geo": "BLR",
                "period": "2019",
                "indicator": "macro.gdp_per_capita_ppp",
            }
            for quote, figure in quotes.items()
        ],
    )
    added = pd.read_csv(folder / "observations-claims.csv", dtype="str", keep_default_na=False)
    assert set(added["unit"]) == {"intl_dollar/person"}
    table = ii.load(folder).crosscheck()
    judged = table[table["of_record"] & table["quote"].isin(list(quotes))]
    assert set(judged["verdict"]) == {"consistent"}  # 22,301.59 in [22,250, 22,350]


def test_a_rules_words_name_the_claims_own_economies(catalogue_dir: Path) -> None:
    """The turnover-growth rule spoke of "Belarusian-Russian trade" for a Germany-Russia
    claim; its words now come from the claim's geo and counterpart."""
    from .conftest import read_rows, write_rows

    rows = read_rows(catalogue_dir)
    growth = next(r for r in rows if r["indicator"] == "trade.turnover.growth")
    rows.append(dict(growth, id="deu-rus-growth", geo="DEU", counterpart="RUS"))
    write_rows(catalogue_dir, rows)
    table = ii.load(catalogue_dir).crosscheck()
    said = " ".join(table.loc[table["claim"] == "deu-rus-growth", "reasons"].astype("str"))
    assert "trade between Germany and Russian Federation" in said and "Belarus" not in said
    theirs = " ".join(table.loc[table["claim"] == growth["id"], "reasons"].astype("str"))
    assert "trade between Belarus and Russian Federation" in theirs


def test_gross_fdi_and_year_end_inflation_are_partial_with_the_difference_named(
    tmp_path: Path,
) -> None:
    """A press figure of FDI inflows or inflation is judged against WDI's net inflows and
    annual-average rate as a partial comparison: computed, and the difference in words."""
    rows = [
        (
            "Inflation in Belarus reached 5.6 percent in 2019.",
            "5.6 percent",
            "macro.inflation",
            "BLR",
        ),
        (
            "Kazakhstan attracted $3.7 billion of foreign direct investment in 2019.",
            "$3.7 billion",
            "finance.fdi.inflows",
            "KAZ",
        ),
    ]
    folder = desk_catalogue(
        tmp_path,
        [
            {
                "quote": quote,
                "figure": figure,
                "indicator": indicator,
                "geo": geo,
                "date": "2021-01-01",
                "period": "2019",
            }
            for quote, figure, indicator, geo in rows
        ],
    )
    table = ii.load(folder).crosscheck()
    judged = table[table["of_record"] & table["quote"].isin([r[0] for r in rows])]
    judged = judged.set_index("indicator")
    assert set(judged["comparability"]) == {"partial"}
    assert set(judged["verdict"]) == {
        "consistent"
    }  # 5.598 in [5.55, 5.65]; 3.731 in [3.65, 3.75] bn
    assert "December on December" in str(judged.loc["macro.inflation", "reasons"])
    assert "net inflows to Kazakhstan" in str(judged.loc["finance.fdi.inflows", "reasons"])
