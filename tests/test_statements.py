"""Official statements as a second tier of official figures (issue 34): where no dataset
holds a claim's period, the figures officials stated and the press reported answer it, on
the claim's own side first, never mixing sides, an interval where two disagree, judged on
what had been stated by the claim's date, and always said in words."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import integration_indicators as ii

from .conftest import desk_catalogue

INTERFAX = "https://sport-interfax.ru/IceHockey2021/724441"


def _record(cat: ii.Catalogue, quote: str) -> pd.Series:
    table = cat.crosscheck()
    return table[table["of_record"] & (table["quote"] == quote)].iloc[0]


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    table = ii.load().crosscheck()
    return table[table["of_record"]].set_index("claim")


@pytest.mark.parametrize(
    ("claim", "verdict", "official", "words"),
    [
        (
            "jt23-turnover-growth-2021",
            "consistent",
            34.9,
            "the Belarusian National Statistic "
            "Committee (34.9% higher; UrduPoint (Sputnik), 2022-09-30)",
        ),
        ("jt23-turnover-growth-2022", "close", 13.0, "it is on Russian Federation's statistics"),
        ("jt23-goods-turnover-2022", "close", 43.4e9, "stated after the claim: Boris Gryzlov"),
        (
            "jt23-balance-2022",
            "consistent",
            127.4e6,
            "every statement found was made after the claim",
        ),
    ],
)
def test_the_seeds_2021_and_2022_claims_are_judged_on_statements(
    bundled: pd.DataFrame, claim: str, verdict: str, official: float, words: str
) -> None:
    """The 2021 growth against Belstat's 34.9%; the 2022 figures against the Russian
    government's (the only side that stated them by the claims' date of April 2023: 13% and
    $43.4 billion), the later statements named; the 2022 surplus against Belarus's official
    +$127.4 million, stated after the claim and said so."""
    row = bundled.loc[claim]
    assert row["verdict"] == verdict and row["official_value"] == pytest.approx(official)
    assert (
        "the official figure is a statement reported by the press, not a dataset"
        in (row["reasons"])
    )
    assert words in row["reasons"]


def test_no_verdict_rests_on_a_statement_without_saying_so() -> None:
    table = ii.load().crosscheck()
    stated = table["official_observations"].astype("str").str.contains("stated-")
    assert stated.sum() >= 4
    assert table.loc[stated, "reasons"].str.contains("statement reported by the press").all()
    assert not table.loc[~stated, "reasons"].str.contains("statement reported by").any()


def test_the_services_turnover_of_2022_stays_without_an_official_figure(
    bundled: pd.DataFrame,
) -> None:
    assert bundled.loc["jt23-services-turnover-2022", "verdict"] == "no-official-source"


def _claim(
    tmp_path: Path,
    quote: str,
    figure: str,
    geo: str,
    counterpart: str,
    period: str,
    date: str,
    indicator: str = "trade.turnover.growth",
) -> ii.Catalogue:
    folder = desk_catalogue(
        tmp_path,
        [
            {
                "quote": quote,
                "figure": figure,
                "date": date,
                "indicator": indicator,
                "geo": geo,
                "counterpart": counterpart,
                "period": period,
            }
        ],
    )
    return ii.load(folder, cache=False)


def test_the_claims_own_side_first_then_the_partners(tmp_path: Path) -> None:
    """2021 growth: Belstat's 34.9% for a Belarusian claim, Putin's "на треть" (33.3%) for a
    Russian one; neither mixed into the other."""
    quote = "Trade between the two countries grew by a third in 2021."
    belarus = _record(
        _claim(tmp_path / "b", quote, "a third", "BLR", "RUS", "2021", "2023-01-10"), quote
    )
    assert belarus["official_value"] == pytest.approx(34.9)
    assert "Russian Federation's statistics" not in belarus["reasons"]
    russia = _record(
        _claim(tmp_path / "r", quote, "a third", "RUS", "BLR", "2021", "2023-01-10"), quote
    )
    assert russia["official_value"] == pytest.approx(33.3)
    assert "Belstat" not in russia["reasons"] and "Statistic Committee" not in russia["reasons"]


def test_statements_that_disagree_give_an_interval_naming_each(tmp_path: Path) -> None:
    """Said in 2024, the 2022 growth has three Russian statements: 13%, 12% and 14.3%."""
    quote = "Trade between Belarus and Russia grew by 12 percent in 2022."
    row = _record(_claim(tmp_path, quote, "12 percent", "BLR", "RUS", "2022", "2024-02-01"), quote)
    assert (row["official_lower"], row["official_value"], row["official_upper"]) == (
        pytest.approx(12.0),
        pytest.approx(13.0),
        pytest.approx(14.3),
    )
    assert row["verdict"] == "consistent"
    assert "the statements differ: the official interval spans them" in row["reasons"]
    for who in ("the Russian government's press service", "Vladimir Putin", "Boris Gryzlov"):
        assert who in row["reasons"]


def test_a_dataset_comes_before_any_statement(tmp_path: Path) -> None:
    """Mishustin's "превысил 35,5 млрд долларов" of 2019 (Interfax) added as a statement:
    a claim about 2019 is still judged on IMF DOTS, which holds 2019."""
    quote = "Trade between Russia and Belarus was over $35.5 billion in 2019."
    folder = desk_catalogue(
        tmp_path,
        [
            {
                "quote": quote,
                "figure": "over $35.5 billion",
                "date": "2020-10-01",
                "indicator": "trade.goods.turnover",
                "geo": "RUS",
                "counterpart": "BLR",
                "period": "2019",
            }
        ],
    )
    said = (
        "Мишустин напомнил, что в 2019 году товарооборот между двумя странами превысил "
        "35,5 млрд долларов"
    )
    with (folder / "observations-statements.csv").open("a", encoding="utf-8") as stream:
        stream.write(
            f"stated-mishustin-2019,trade.goods.turnover,RUS,BLR,2019,2020-09-03,35.5,"
            f'35.5,,billion USD,at_least,stated,"35,5 млрд долларов","{said}",'
            f"Mikhail Mishustin,,interfax-2020-09-03,\n"
        )
    with (folder / "sources-statements.yaml").open("a", encoding="utf-8") as stream:
        stream.write(
            f"\n- id: interfax-2020-09-03\n  title: ''\n  authors: []\n  producer: "
            f"Interfax\n  kind: news\n  date_published: '2020-09-03'\n  date_accessed: "
            f"''\n  url_main: {INTERFAX}\n  license: ''\n  document: ''\n  inferred: "
            f"[]\n  note: ''\n"
        )
    row = _record(ii.load(folder, cache=False), quote)
    assert "imf-dots" in row["official_sources"]
    assert "statement" not in row["reasons"]


def test_the_claim_card_and_the_claimreview_say_it_is_a_statement() -> None:
    from integration_indicators.publish.claimreview import claim_reviews
    from integration_indicators.publish.docs import _claim_card

    cat = ii.load()
    table = cat.crosscheck()
    row = table[table["of_record"] & (table["claim"] == "jt23-turnover-growth-2022")].iloc[0]
    card = _claim_card(cat, row)
    assert card["official"].endswith(": a statement reported by the press, not a dataset")
    assert "13%" in card["official"]
    reviews = {str(r["url"]).rsplit("/", 1)[-1]: r for r in claim_reviews(table, cat.sources)}
    body = str(reviews["jt23-turnover-growth-2022.html"]["reviewBody"])
    assert "the official figure is a statement reported by the press, not a dataset" in body


def _without_stated(folder: Path, indicator: str) -> None:
    """Drop the statements of *indicator* from a copied catalogue."""
    path = folder / "observations-statements.csv"
    rows = pd.read_csv(path, dtype="str", keep_default_na=False)
    rows[rows["indicator"] != indicator].to_csv(path, index=False)


def test_a_growth_none_stated_is_computed_from_one_sides_levels(tmp_path: Path) -> None:
    """Without any stated growth, a Russian claim of the 2022 growth said in April 2023 is
    judged on the Russian side's levels known then: Putin's $38.5 billion of 2021 and the
    government's $43.4 billion of 2022 (+12.7%); Gryzlov's $45.8 billion (May 2023) is named
    as stated after the claim, and Belarus's side, which stated no level, is not used."""
    quote = "Trade between Russia and Belarus grew by 13 percent in 2022."
    folder = desk_catalogue(
        tmp_path,
        [
            {
                "quote": quote,
                "figure": "13 percent",
                "date": "2023-04-06",
                "indicator": "trade.turnover.growth",
                "geo": "RUS",
                "counterpart": "BLR",
                "period": "2022",
            }
        ],
    )
    _without_stated(folder, "trade.turnover.growth")
    row = _record(ii.load(folder, cache=False), quote)
    grown = 100 * (43.4 / 38.5 - 1)
    assert (row["official_lower"], row["official_value"], row["official_upper"]) == (
        pytest.approx(grown),
        pytest.approx(grown),
        pytest.approx(grown),
    )
    assert row["verdict"] == "consistent"  # 12.73 lies in 13 percent's rounding (12.5-13.5)
    assert "the growth is computed from stated levels of 2022 over 2021" in row["reasons"]
    assert "stated after the claim: Boris Gryzlov" in row["reasons"]
    assert set(str(row["official_observations"]).split(", ")) == {
        "stated-putin-2021-goods-turnover",
        "stated-rus-gov-2022-goods-turnover",
    }


def test_a_growth_is_never_computed_from_the_other_sides_levels(tmp_path: Path) -> None:
    """A Belarusian claim of the 2022 growth, with no statement of growth on either side:
    Belarus stated no levels of 2021 and 2022 and Russia's levels stand for the partner's
    statistics only as a whole answer, said so; never Belarus's 2021 against Russia's 2022."""
    quote = "Trade between Belarus and Russia grew by 13 percent in 2022."
    folder = desk_catalogue(
        tmp_path,
        [
            {
                "quote": quote,
                "figure": "13 percent",
                "date": "2024-02-01",
                "indicator": "trade.turnover.growth",
                "geo": "BLR",
                "counterpart": "RUS",
                "period": "2022",
            }
        ],
    )
    _without_stated(folder, "trade.turnover.growth")
    row = _record(ii.load(folder, cache=False), quote)
    low, high = 100 * (43.4 / 38.5 - 1), 100 * (45.8 / 38.5 - 1)
    assert (row["official_lower"], row["official_upper"]) == (
        pytest.approx(low),
        pytest.approx(high),
    )
    assert "it is on Russian Federation's statistics" in row["reasons"]
    assert "Belstat" not in row["reasons"] and "Statistic Committee" not in row["reasons"]


def test_a_level_of_only_one_year_gives_no_growth(tmp_path: Path) -> None:
    """The 2021 growth with no growth stated: no side stated a 2020 level, so no growth is
    computed and the claim has no official figure (DOTS ends in 2020, it holds no 2021)."""
    quote = "Trade between Russia and Belarus grew by a third in 2021."
    folder = desk_catalogue(
        tmp_path,
        [
            {
                "quote": quote,
                "figure": "a third",
                "date": "2023-01-10",
                "indicator": "trade.turnover.growth",
                "geo": "RUS",
                "counterpart": "BLR",
                "period": "2021",
            }
        ],
    )
    _without_stated(folder, "trade.turnover.growth")
    row = _record(ii.load(folder, cache=False), quote)
    assert pd.isna(row["official_value"]) and "statement" not in row["reasons"]


def test_a_total_none_stated_is_the_sum_of_one_sides_stated_parts(tmp_path: Path) -> None:
    """Without a stated turnover, a Russian claim of the 2022 turnover is judged on the
    Russian government's stated exports ($21.3 billion) and imports ($22 billion) of 2022:
    $43.3 billion, said so."""
    quote = "Trade between Russia and Belarus reached $43 billion in 2022."
    folder = desk_catalogue(
        tmp_path,
        [
            {
                "quote": quote,
                "figure": "$43 billion",
                "date": "2023-04-06",
                "indicator": "trade.goods.turnover",
                "geo": "RUS",
                "counterpart": "BLR",
                "period": "2022",
            }
        ],
    )
    _without_stated(folder, "trade.goods.turnover")
    row = _record(ii.load(folder, cache=False), quote)
    assert row["official_value"] == pytest.approx(43.3e9)
    assert "the official figure is the total of two stated figures of 2022" in row["reasons"]
    assert set(str(row["official_observations"]).split(", ")) == {
        "stated-rus-gov-2022-exports",
        "stated-rus-gov-2022-imports",
    }
    assert row["verdict"] == "consistent"  # 43.3 within "$43 billion"'s rounding (42.5-43.5)


def test_a_total_of_the_partners_parts_is_said_to_be_on_its_statistics(tmp_path: Path) -> None:
    """A Belarusian claim of the same turnover: Belarus stated no parts, so the answer is
    Russia's total of its own parts, whole (never Belarus's part with Russia's), and the
    reasons say it is on Russia's statistics."""
    quote = "Trade between Belarus and Russia reached $43 billion in 2022."
    folder = desk_catalogue(
        tmp_path,
        [
            {
                "quote": quote,
                "figure": "$43 billion",
                "date": "2023-04-06",
                "indicator": "trade.goods.turnover",
                "geo": "BLR",
                "counterpart": "RUS",
                "period": "2022",
            }
        ],
    )
    _without_stated(folder, "trade.goods.turnover")
    row = _record(ii.load(folder, cache=False), quote)
    assert row["official_value"] == pytest.approx(43.3e9)  # the partner's, as a whole answer
    assert "it is on Russian Federation's statistics" in row["reasons"]
    assert "the official figure is the total of two stated figures of 2022" in row["reasons"]


def test_the_claim_card_names_its_official_source_not_its_id() -> None:
    from integration_indicators.publish.docs import _claim_card

    cat = ii.load()
    table = cat.crosscheck()
    row = table[table["of_record"] & (table["claim"] == "jt23-balance-2019")].iloc[0]
    card = _claim_card(cat, row)
    assert (
        "(Direction of Trade Statistics (DOTS): Belarus and the Russian Federation"
        in (card["official"])
    )
    assert "imf-dots-blr-rus" not in card["official"]
