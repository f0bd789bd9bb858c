"""The verdict engine: each bundled claim's verdict, with its numbers computed by hand here."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.model.claimed import claimed_intervals, precision

from .conftest import problems_of, read_rows, write_rows

# Official values, copied from datasets/observations-wdi.csv and observations-dots.csv.
GDP = {
    ("RUS", 2018): 1657328773461.31,
    ("RUS", 2019): 1693115002708.32,
    ("BLR", 2018): 60031026576.26,
    ("BLR", 2019): 64410170653.4569,
}
PPP_PER_HEAD = {
    ("RUS", 2018): 28628.5625,
    ("RUS", 2019): 30963.853515625,
    ("BLR", 2018): 20025.9815543598,
    ("BLR", 2019): 22301.5932411839,
}
POP = {
    ("RUS", 2018): 145398106,
    ("RUS", 2019): 145453291,
    ("BLR", 2018): 9438785,
    ("BLR", 2019): 9419758,
    ("BLR", 2022): 9228071,
    ("BLR", 2024): 9132629,
}
DOTS = {
    ("exports", 2018): 12986.5089e6,
    ("exports", 2019): 13685.7551e6,
    ("imports", 2018): 22619.3682e6,
    ("imports", 2019): 22016.403e6,
}


def verdict(lower: float, upper: float, official: float) -> str:
    """The spec's verdict, written out once more."""
    if lower <= official <= upper:
        return "consistent"
    distance = lower - official if lower > official else official - upper
    if distance <= 0.05 * abs(official):
        return "close"
    return "overstated" if lower > official else "understated"


@pytest.fixture(scope="module")
def table() -> Any:  # a frame indexed by (claim, rule, basis); Any spares pandas-stubs' .loc
    return ii.load().crosscheck().set_index(["claim", "rule", "basis"])


# (claim, rule, basis, claimed interval, official value, official period)
CASES = [
    (
        "sochi19-economy-size-ratio",
        "economy-size-ratio-usd",
        "same-period",
        (28.5, 29.5),
        GDP["RUS", 2019] / GDP["BLR", 2019],
        "2019",
    ),
    (
        "sochi19-economy-size-ratio",
        "economy-size-ratio-usd",
        "knowable",
        (28.5, 29.5),
        GDP["RUS", 2018] / GDP["BLR", 2018],
        "2018",
    ),  # WDI 2019 came out in July 2020
    (
        "sochi19-economy-size-ratio",
        "economy-size-ratio-ppp",
        "same-period",
        (28.5, 29.5),
        PPP_PER_HEAD["RUS", 2019]
        * POP["RUS", 2019]
        / (PPP_PER_HEAD["BLR", 2019] * POP["BLR", 2019]),
        "2019",
    ),
    (
        "sochi19-population-blr",
        "default-population.total",
        "same-period",
        (10e6 - 0.5e6, 10e6 + 0.5e6),
        POP["BLR", 2019],
        "2019",
    ),  # "close to 10 million"
    (
        "sochi19-population-blr",
        "default-population.total",
        "knowable",
        (9.5e6, 10.5e6),
        POP["BLR", 2018],
        "2018",
    ),
    (
        "sochi19-population-rus",
        "default-population.total",
        "same-period",
        (145e6 - 0.5e6, 145e6 + 0.5e6),
        POP["RUS", 2019],
        "2019",
    ),
    (
        "bw24-population",
        "default-population.total",
        "same-period",
        (9.5e6 - 0.05e6, 9.5e6 + 0.05e6),
        POP["BLR", 2024],
        "2024",
    ),
    (
        "bw24-population",
        "default-population.total",
        "knowable",
        (9.45e6, 9.55e6),
        POP["BLR", 2022],
        "2022",
    ),  # 2023 is published in July 2024
    (
        "jt23-balance-2019",
        "trade-balance-dots",
        "same-period",
        (-8.45e9, -8.35e9),
        DOTS["exports", 2019] - DOTS["imports", 2019],
        "2019",
    ),
    (
        "jt23-balance-2018",
        "trade-balance-dots",
        "same-period",
        (-9.65e9, -9.55e9),
        DOTS["exports", 2018] - DOTS["imports", 2018],
        "2018",
    ),
]


@pytest.mark.parametrize(("claim", "rule", "basis", "claimed", "official", "period"), CASES)
def test_bundled_verdicts(
    table: Any,
    claim: str,
    rule: str,
    basis: str,
    claimed: tuple[float, float],
    official: float,
    period: str,
) -> None:
    row = table.loc[(claim, rule, basis)]
    assert math.isclose(row["claimed_lower"], claimed[0], rel_tol=1e-12)
    assert math.isclose(row["claimed_upper"], claimed[1], rel_tol=1e-12)
    assert math.isclose(row["official_value"], official, rel_tol=1e-12)
    assert row["official_period"] == period
    assert row["verdict"] == verdict(*claimed, official)


def test_the_verdicts_in_words(table: Any) -> None:
    """The outcomes of the cases above, stated plainly so that a change shows."""
    got = {(c, r, b): table.loc[(c, r, b), "verdict"] for c, r, b, *_ in CASES}
    assert list(got.values()) == [
        "overstated",
        "close",
        "overstated",
        "close",
        "close",
        "consistent",
        "close",
        "close",
        "close",
        "consistent",
    ]


def test_the_knowable_rule_changes_29_times(table: Any) -> None:
    usd = table.xs("economy-size-ratio-usd", level="rule").loc["sochi19-economy-size-ratio"]
    assert usd.loc["knowable", "official_period"] == "2018"
    assert usd.loc["same-period", "official_period"] == "2019"
    assert "the latest official period published by its date" in usd.loc["knowable", "reasons"]
    assert "the official figure of 2017 matches" in usd.loc["knowable", "reasons"]  # a year earlier


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        ("bw24-labour-active", "not-comparable"),
        ("jt23-services-turnover-2022", "no-official-source"),
        ("bw24-emigration-experts", "not-comparable"),  # beside WDI net migration
        ("coop21-loan-russia", "not-comparable"),  # beside Belarus's public external debt
        ("bw24-programmes-implementation-pm", "no-official-source"),
        ("bw24-repatriation-appeals", "no-official-source"),
    ],
)
def test_claims_without_a_verdict_say_why(table: Any, claim: str, expected: str) -> None:
    rows = table.xs(claim, level="claim")
    assert set(rows["verdict"]) == {expected}
    assert rows["reasons"].str.len().min() > 20


def test_every_press_claim_has_rows() -> None:
    cat = ii.load()
    obs = cat.observations()
    press = set(obs.loc[~obs["status"].isin(["official", "stated"]), "id"])
    table = cat.crosscheck()
    assert set(table["claim"]) == press
    from integration_indicators.validation.tables import Crosscheck

    Crosscheck.validate(table, lazy=True)  # columns in order, types, which may be missing
    labour = table[table["claim"] == "bw24-labour-active"].iloc[0]
    assert labour["official_value"] == 4861854  # shown for context beside not-comparable
    assert "not the ILO labour force" in labour["reasons"]


def test_the_dots_data_end_in_2020(table: Any) -> None:
    row = table.loc[("jt23-balance-2022", "trade-balance-dots", "same-period")]
    assert "no dataset holds 2022" in row["reasons"]
    assert "the official figure is a statement reported by the press" in row["reasons"]


@pytest.mark.parametrize(
    ("written", "scaled", "expected"),
    [
        ("29", False, 0.5),
        ("8.4", True, 0.05),
        ("9.5", True, 0.05),
        ("10", True, 0.5),
        ("145", True, 0.5),
        ("4172000", False, 500.0),
        ("150", False, 0.5),
        ("0", False, 0.5),
        ("2000", False, 500.0),
        ("80", False, 0.5),
        ("200000", False, 50_000.0),
        ("1.50", False, 0.005),
        ("2e3", False, 500.0),
    ],
)
def test_precision_is_half_the_last_digit_written(
    written: str, scaled: bool, expected: float
) -> None:
    assert precision(pd.Series([written]), pd.Series([scaled]))[0] == pytest.approx(expected)


def test_claimed_intervals_follow_the_qualifier() -> None:
    obs = ii.load().observations().set_index("id")
    c = claimed_intervals(obs)
    # range "between 200,000 and half a million": p = 50,000 and 0.5 million as written, each
    # capped at 5% of its bound: [200,000 - 10,000, 500,000 + 25,000]
    assert tuple(c.loc["bw24-emigration-experts", ["claimed_lower", "claimed_upper"]]) == (
        190_000,
        525_000,
    )
    karpiankou = c.loc["bw24-emigration-karpiankou"]  # "some 350,000": w = max(5,000, 17,500)
    assert (karpiankou["claimed_lower"], karpiankou["claimed_upper"]) == (332_500, 367_500)
    at_most = c.loc["jt23-programmes-implementation-apr"]  # "almost 80 percent": p = 0.5
    assert at_most["claimed_lower"] == 72.0 and at_most["claimed_upper"] == 80.5  # near: 10%
    assert at_most["literal_lower"] == -np.inf and at_most["literal_upper"] == 80.5
    sign = c.loc["jt23-balance-2022"]
    assert sign["claimed_lower"] == 0 and sign["claimed_upper"] == np.inf  # (0, inf): open


def test_a_claim_added_by_a_user_gets_a_verdict_by_default(catalogue_dir: Path) -> None:
    """A press row for macro.gdp needs no rule: the indicator's official rows answer it."""
    official = Path(ii.bundled_path())
    for name in ("observations-wdi.csv", "sources-wdi.yaml"):
        (catalogue_dir / name).write_bytes((official / name).read_bytes())
    rows = read_rows(catalogue_dir)
    rows.append(
        dict(
            rows[0],
            id="user-gdp-blr-2019",
            indicator="macro.gdp",
            geo="BLR",
            counterpart="",
            period="2019",
            as_of="2020-09",
            value="64",
            lower="",
            upper="",
            unit="billion USD",
            qualifier="approximate",
            status="reported",
            figure="about $64 billion",
            quote="GDP was about $64 billion in 2019.",
            attributed_to="",
            cited_source="",
            note="",
        )
    )
    write_rows(catalogue_dir, rows)
    table = ii.load(catalogue_dir).crosscheck()
    row = table[table["claim"] == "user-gdp-blr-2019"].iloc[0]
    assert row["rule"] == "default-macro.gdp"
    assert row["official_value"] == GDP["BLR", 2019]
    # about 64 billion: w = max(0.5e9, 3.2e9); 64.41e9 lies in [60.8e9, 67.2e9]
    assert row["verdict"] == verdict(64e9 - 3.2e9, 64e9 + 3.2e9, GDP["BLR", 2019]) == "consistent"


def test_diagnostics_name_a_factor_slip_and_a_sign_flip(catalogue_dir: Path) -> None:
    official = Path(ii.bundled_path())
    for name in ("observations-wdi.csv", "sources-wdi.yaml"):
        (catalogue_dir / name).write_bytes((official / name).read_bytes())
    rows = read_rows(catalogue_dir)
    template = dict(
        rows[0],
        counterpart="",
        as_of="2020-09",
        lower="",
        upper="",
        qualifier="exact",
        status="reported",
        attributed_to="",
        cited_source="",
        note="",
        indicator="macro.gdp",
        geo="BLR",
        period="2019",
    )
    rows.append(
        dict(
            template,
            id="slip",
            value="64.41",
            unit="trillion USD",
            figure="64.41 trillion",
            quote="It was 64.41 trillion.",
        )
    )
    write_rows(catalogue_dir, rows)
    table: Any = ii.load(catalogue_dir).crosscheck().set_index("claim")
    assert table.loc["slip", "verdict"] == "overstated"
    assert (
        "the official figure times a thousand would match the claim" in table.loc["slip", "reasons"]
    )


def test_rules_are_validated_with_positions(catalogue_dir: Path) -> None:
    path = catalogue_dir / "crosschecks.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("operation: ratio", "operation: eval", 1).replace(
            "first: [macro.gdp]", "first: [macro.nothing]", 1
        ),
        encoding="utf-8",
    )
    problems = {(p.file, p.column, p.rule) for p in problems_of(catalogue_dir)}
    assert ("crosschecks.yaml", "operation", "operation") in problems
    assert ("crosschecks.yaml", "first", "unknown-indicator") in problems
    rows = [p for p in problems_of(catalogue_dir) if p.column == "operation"]
    assert rows[0].row == text.splitlines().index("  operation: ratio") + 1


def test_an_unexplained_partial_rule_is_an_error(catalogue_dir: Path) -> None:
    path = catalogue_dir / "crosschecks.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: trade-balance-dots")
    block_end = text.index("- id: goods-turnover-dots")
    block = text[start:block_end]
    cut = block[: block.index("  difference:")] + "\n"
    path.write_text(text[:start] + cut + text[block_end:], encoding="utf-8")
    assert ("difference", "not-empty") in {(p.column, p.rule) for p in problems_of(catalogue_dir)}


def test_a_catalogue_without_rules_still_checks_by_default(catalogue_dir: Path) -> None:
    (catalogue_dir / "crosschecks.yaml").unlink()
    (catalogue_dir / "releases.yaml").unlink()
    table = ii.load(catalogue_dir).crosscheck()
    assert set(table["verdict"]) == {"no-official-source"}  # the press part alone


def test_claimreview_is_schema_org_json_ld() -> None:
    from integration_indicators.publish.claimreview import claim_reviews

    table = ii.load().crosscheck()
    reviews = claim_reviews(
        table,
        ii.load().sources,
        base_url="https://example.org/",
        publisher="A Desk",
        date_published="2026-11-30",
    )
    review = next(r for r in reviews if "29 times" in str(r["claimReviewed"]))
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == "https://example.org/claims/sochi19-economy-size-ratio.html"
    # judged on what was knowable in December 2019 (2018: 27.61), 2019 (26.29) beside it
    rating = review["reviewRating"]
    assert rating == {
        "@type": "Rating",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "close",
    }
    assert "knowable: official 2018 27.6 times" in str(review["reviewBody"])
    assert "same-period: official 2019 26.3 times" in str(review["reviewBody"])
    assert review["author"] == {"@type": "Organization", "name": "A Desk"}
    balance = next(r for r in reviews if "$8.4 billion" in str(r["reviewBody"]))
    assert "official 2019 -$8.33 billion" in str(balance["reviewBody"])
    assert balance["itemReviewed"]["author"]["name"] == "The Jamestown Foundation"  # type: ignore[index]


def test_claimreview_holds_the_fields_publishers_require() -> None:
    """schema.org ClaimReview as fact-check aggregators read it: every review has a url,
    its date, the claim reviewed, a numeric rating on a stated scale with the verdict as its
    name, the reviewing organisation, and the claim's author never the article's title."""
    from integration_indicators.publish.claimreview import claim_reviews

    cat = ii.load()
    table = cat.crosscheck()
    titles = set(cat.sources["title"])
    everything = claim_reviews(table, cat.sources, include_all=True)
    published = claim_reviews(table, cat.sources)
    assert len(everything) == table["claim"].nunique()  # one review per claim with --all
    verdicts = {str(r["reviewRating"]["alternateName"]) for r in published}  # type: ignore[index]
    assert not verdicts & {"unverifiable", "no-official-source"}
    for review in everything:
        assert review["@type"] == "ClaimReview" and review["@context"] == "https://schema.org"
        assert str(review["url"]).endswith(".html")
        assert len(str(review["datePublished"])) == 10
        assert review["claimReviewed"]
        rating = review["reviewRating"]
        assert isinstance(rating, dict)
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert isinstance(rating["ratingValue"], int) and rating["alternateName"]
        assert review["author"]["@type"] == "Organization" and review["author"]["name"]  # type: ignore[index]
        item = review["itemReviewed"]
        assert isinstance(item, dict) and item["@type"] == "Claim"
        if "author" in item:
            assert item["author"]["name"] and item["author"]["name"] not in titles
        body = str(review["reviewBody"])
        assert "e+0" not in body and "dimensionless" not in body


def test_user_rows_keep_their_edits(edit_row: Callable[..., Path]) -> None:
    folder = edit_row(
        "sochi19-population-rus",
        value="150",
        figure="150 million",
        quote="a much larger Russia of 150 million.",
    )
    (folder / "observations-wdi.csv").write_bytes(
        (Path(ii.bundled_path()) / "observations-wdi.csv").read_bytes()
    )
    (folder / "sources-wdi.yaml").write_bytes(
        (Path(ii.bundled_path()) / "sources-wdi.yaml").read_bytes()
    )
    table: Any = ii.load(folder).crosscheck().set_index(["claim", "basis"])
    row = table.loc[("sochi19-population-rus", "same-period")]
    assert row["verdict"] == verdict(149.5e6, 150.5e6, POP["RUS", 2019]) == "close"
    assert math.isclose(row["gap_percent"], (150e6 - POP["RUS", 2019]) / POP["RUS", 2019] * 100)


def test_a_loan_is_shown_beside_the_public_external_debt_for_scale(table: Any) -> None:
    row = table.loc[("coop21-loan-russia", "loans-against-public-external-debt", "knowable")]
    assert row["verdict"] == "not-comparable"
    assert row["official_period"] == "2020"  # the latest published by 2021-09-09 (July 2021)
    assert "whole stock of public and publicly guaranteed external debt" in row["reasons"]


def test_official_answers_are_kept_per_catalogue_never_shared_with_a_changed_one() -> None:
    """A catalogue checked again gives the same table (its official answers are kept); a
    catalogue made from it with another official figure is answered afresh."""

    cat = ii.load()
    first, again = cat.crosscheck(), cat.crosscheck()
    pd.testing.assert_frame_equal(first, again)
    obs = cat.observations()
    changed = (obs["indicator"] == "macro.gdp") & (obs["geo"] == "RUS") & (obs["period"] == "2019")
    assert changed.sum() == 1
    obs.loc[changed, "value"] = GDP[("RUS", 2019)] * 2
    other = cat.with_rows(obs, cat.superseded()).crosscheck()
    row = (
        (other["claim"] == "sochi19-economy-size-ratio")
        & (other["rule"] == "economy-size-ratio-usd")
        & (other["basis"] == "same-period")
    )
    assert other.loc[row, "official_value"].item() == pytest.approx(
        2 * GDP[("RUS", 2019)] / GDP[("BLR", 2019)]
    )
    kept = (
        (first["claim"] == "sochi19-economy-size-ratio")
        & (first["rule"] == "economy-size-ratio-usd")
        & (first["basis"] == "same-period")
    )
    assert first.loc[kept, "official_value"].item() == pytest.approx(
        GDP[("RUS", 2019)] / GDP[("BLR", 2019)]
    )


# WDI net migration of Belarus (SM.POP.NETM), copied from datasets/observations-wdi.csv.
NET_MIGRATION = {2020: -33954, 2021: -33954, 2022: -8000, 2023: -3034}


@pytest.mark.parametrize(
    ("claim", "period", "years", "left_out"),
    [
        ("bw24-emigration-experts", "2020/2023", (2020, 2021, 2022, 2023), "2020/2024-01"),
        ("bw24-emigration-karpiankou", "2020/2022", (2020, 2021, 2022), "2020/2023-10"),
    ],
)
def test_emigration_is_shown_beside_net_migration_of_the_whole_years_it_spans(
    table: Any, claim: str, period: str, years: tuple[int, ...], left_out: str
) -> None:
    """A context rule sums the whole official years from the span's start that end inside it,
    says which part of the claim's period is left out, and never gives a verdict."""
    row = table.xs(claim, level="claim").xs("emigration-against-net-migration", level="rule")
    assert list(row.index) == ["same-period"]
    row = row.iloc[0]
    assert row["verdict"] == "not-comparable"
    assert row["official_period"] == period
    assert row["official_value"] == sum(NET_MIGRATION[y] for y in years)
    assert f"not the rest of the claim's period ({left_out})" in row["reasons"]
    assert "net migration" in row["reasons"]
    assert "opposite signs" not in row["reasons"]  # different measures: no sign diagnostic


def test_a_comparable_flow_over_a_span_is_never_summed_over_part_of_it() -> None:
    """Only a not-comparable rule sums part of a span: a comparable flow claimed over
    2018/2019-06 against whole years (2018 and 2019 both published) stays unverifiable."""
    cat = ii.load()
    obs = cat.observations()
    claim = obs[obs["id"] == "jt23-balance-2022"].copy()
    claim["id"], claim["period"], claim["as_of"] = "balance-over-a-span", "2018/2019-06", "2020-01"
    claim["period_start"] = pd.Timestamp("2018-01-01")
    claim["period_end"] = pd.Timestamp("2019-06-30")

    other = cat.with_rows(pd.concat([obs, claim], ignore_index=True), cat.superseded()).crosscheck()
    rows = other[other["claim"] == "balance-over-a-span"]
    assert set(rows["verdict"]) == {"unverifiable"}
    assert rows["official_value"].isna().all()


def test_a_verdict_on_an_imf_estimate_says_so(tmp_path: Path) -> None:
    import csv
    import shutil

    folder = tmp_path / "catalogue"
    shutil.copytree(ii.bundled_path(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    with (folder / "observations.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    claim = dict(rows[0])  # a press figure of the bundled articles, re-pointed
    claim.update(
        id="test-kaz-blr-1993",
        indicator="trade.goods.exports",
        geo="KAZ",
        counterpart="BLR",
        period="1993",
        as_of="1995",
        value="75",
        lower="",
        upper="",
        unit="million USD",
        qualifier="approximate",
        status="reported",
        figure="about $75 million",
        quote="about $75 million",
        note="",
    )
    with (folder / "observations.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows([*rows, claim])
    table = ii.load(folder).crosscheck()
    said = table.set_index("claim").loc[["test-kaz-blr-1993"]].iloc[0]
    # DOTS_103 writes Kazakhstan's 1993 exports to Belarus as "75.54 e"
    assert said["official_observations"] == "dots-kaz-exports-blr-1993"
    assert "rests on a value its source marks as an estimate" in said["reasons"]
    others = table[table["claim"] != "test-kaz-blr-1993"]
    assert not others["reasons"].str.contains("marks as an estimate").any()


def test_the_stages_hand_on_frames_of_the_declared_model() -> None:
    """The official answers the stages hand each other (today's, the held releases' after
    them, and an answer to nothing) are frames of ``OfficialAnswer``: columns in order,
    types, keys the combinations'."""
    from integration_indicators.analysis.crosscheck import official_answers, rules_of
    from integration_indicators.analysis.crosscheck.matching import claim_rule_pairs, claims_frame
    from integration_indicators.analysis.crosscheck.pipeline import _answered
    from integration_indicators.analysis.crosscheck.releases import with_releases
    from integration_indicators.validation.tables import OfficialAnswer

    cat = ii.load()
    obs = cat.observations()
    claims = claims_frame(cat, obs)
    rules = rules_of(cat, claims, obs)
    pairs = claim_rule_pairs(claims, rules, cat)
    combos = pairs.drop_duplicates("key").sort_values("key")
    combos = combos.astype({c: "str" for c in ("rule", "geo", "counterpart", "indicator")})
    answered = _answered(cat, obs, combos, rules)
    judged_on = with_releases(cat, answered.rows, combos, rules, pairs[pairs["rule"] != ""])
    assert len(judged_on.held) > 0 and len(judged_on.current) == len(answered.rows)
    OfficialAnswer.validate(judged_on.frame, lazy=True)
    assert set(judged_on.frame["key"]) <= set(combos["key"])
    nothing = official_answers(cat, obs, combos.iloc[:0], rules).rows
    assert nothing.empty
    OfficialAnswer.validate(nothing, lazy=True)
