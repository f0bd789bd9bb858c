"""Official vintages: several releases imported on top of one another, as-of views and
revisions, checked against values read by hand from the release files."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.cli import main
from integration_indicators.errors import IndicatorError, ValidationError

OFFICIAL = Path(__file__).resolve().parents[2] / "shared" / "official"
VINTAGES = OFFICIAL / "world-bank-wdi-vintages"
LATEST = OFFICIAL / "world-bank-wdi"
RELEASES = ("2018-08-01", "2025-12-17", "2026-05-01")

pytestmark = pytest.mark.skipif(not VINTAGES.is_dir(), reason="no WDI vintages here")

#: Read by hand from the data.csv of each release (ny.gdp.mktp.cd).
RUS_2023 = {"2025-12-17": 2071505725030.58, "2026-07-01": 2046284838151.09}
BLR_2016 = {"2018-08-01": 47407217531.162, "2025-12-17": 47723545321.259}


def _import(folder: Path, paths: list[Path], *extra: str) -> int:
    argv = [
        "import",
        "wdi",
        *map(str, paths),
        "--geo",
        "BLR,RUS",
        "-o",
        str(folder),
        "--name",
        "wdi",
        *extra,
    ]
    return main(argv)


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("vintages") / "catalogue"
    assert main(["init", str(folder)]) == 0
    series = ["ny.gdp.mktp.cd", "sp.pop.totl"]
    for release in RELEASES:  # oldest first, each release dated by its folder's name
        assert _import(folder, [VINTAGES / release / code for code in series]) == 0
    assert _import(folder, [LATEST / code for code in series], "--vintage", "2026-07-01") == 0
    return folder


def test_each_period_is_the_value_published_on_the_date(releases: Path) -> None:
    cat = ii.load(releases, cache=False)
    before = cat.series("macro.gdp", geo="RUS", as_of="2026-06-01")
    after = cat.series("macro.gdp", geo="RUS", as_of="2026-08-01")
    assert before.values.loc["2023"] == RUS_2023["2025-12-17"]
    assert after.values.loc["2023"] == RUS_2023["2026-07-01"]
    assert cat.series("macro.gdp", geo="RUS").values.loc["2023"] == RUS_2023["2026-07-01"]
    assert before.origins.loc["2023"][0].vintage == "2025-12-17"
    assert "published 2025-12-17" in str(before.origins.loc["2023"][0])


def test_a_period_published_later_is_nan_with_a_note(releases: Path) -> None:
    cat = ii.load(releases, cache=False)
    then = cat.series("macro.gdp", geo="BLR", as_of="2019-01-01")
    assert then.values.loc["2016"] == BLR_2016["2018-08-01"]
    assert math.isnan(then.values.loc["2017"])  # first published in the 2025-12-17 release
    assert then.notes.loc["2017"] == "not yet published on 2019-01-01: a later release holds it"
    assert list(then.periods) == list(cat.series("macro.gdp", geo="BLR").periods)
    nothing = cat.series("macro.gdp", geo="BLR", as_of="2000-01-01")
    assert nothing.values.isna().all() and (nothing.notes != "").all()


def test_the_series_of_each_release_are_those_as_of_its_day(releases: Path) -> None:
    """``series_by_release`` selects the rows once for several days: each day's series is
    the one ``series(as_of=day)`` gives, a day before any release included (all NaN); an
    economy without rows gives none, where ``series`` raises."""
    cat = ii.load(releases, cache=False)
    days = ["2000-01-01", "2018-08-01", "2025-12-17", "2026-06-30", "2026-07-01"]
    found = cat.series_by_release("macro.gdp", days, "BLR", "", status="official")
    assert list(found) == days
    for day in days:
        alone = cat.series("macro.gdp", "BLR", "", status="official", as_of=day)
        assert found[day].values.equals(alone.values), day
        assert found[day].notes.equals(alone.notes), day
        assert list(found[day].origins) == list(alone.origins), day
    assert cat.series_by_release("macro.gdp", days, "ATA") == {}
    with pytest.raises(ii.NoRowsError):
        cat.series("macro.gdp", "ATA", as_of=days[0])


def test_the_revisions_of_one_observation(releases: Path) -> None:
    cat = ii.load(releases, cache=False)
    table = cat.revisions("macro.gdp", "BLR", 2016)
    assert table["published"].tolist() == ["2018-08-01", "2025-12-17"]
    assert table["value"].tolist() == [BLR_2016["2018-08-01"], BLR_2016["2025-12-17"]]
    assert table["valid_until"].iloc[0] == "2025-12-17" and pd.isna(table["valid_until"].iloc[1])
    panel = cat.revision_table("macro.gdp")
    row = panel[(panel["geo"] == "BLR") & (panel["period"] == "2016")].iloc[0]
    revision = BLR_2016["2025-12-17"] - BLR_2016["2018-08-01"]
    assert row["revision"] == pytest.approx(revision, rel=1e-12)
    assert row["revision_percent"] == pytest.approx(revision / BLR_2016["2018-08-01"] * 100)
    assert row["values"] == 2


def test_a_value_a_release_repeats_is_held_once(releases: Path) -> None:
    cat = ii.load(releases, cache=False)
    rus = cat.revisions("macro.gdp", "RUS", 2023)  # the same in 2025-12-17 and 2026-05-01
    assert rus["published"].tolist() == ["2025-12-17", "2026-07-01"]
    every = pd.concat([cat.observations(), cat.superseded()])
    official = every[every["status"] == "official"]
    distinct = official.drop_duplicates(["indicator", "geo", "period", "value"])
    assert len(distinct) == len(official)  # no value held twice for one observation
    assert set(cat.sources["id"]) >= {"wb-wdi-ny.gdp.mktp.cd", "wb-wdi-ny.gdp.mktp.cd-v2018-08-01"}


def test_releases_are_imported_oldest_first_and_again_changes_nothing(
    releases: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "catalogue"
    shutil.copytree(releases, copy)
    before = (copy / "observations-wdi.csv").read_bytes()
    old = [VINTAGES / "2018-08-01" / "ny.gdp.mktp.cd"]
    assert _import(copy, old) == 1  # older than what is held: refused, nothing written
    assert (copy / "observations-wdi.csv").read_bytes() == before
    assert _import(copy, [LATEST / "ny.gdp.mktp.cd"], "--vintage", "2026-07-01") == 0
    assert (copy / "observations-wdi.csv").read_bytes().count(b"\n") == before.count(b"\n")
    assert _import(copy, old, "--replace") == 0  # replaced: one release, no history
    assert ii.load(copy, cache=False).superseded().empty


def test_the_as_of_view_holds_only_what_was_said_by_then() -> None:
    cat = ii.load()
    obs = cat.observations(as_of="2020-01-01")
    stated = pd.to_datetime(obs["as_of"].dropna().str.slice(0, 10), format="mixed")
    assert (stated <= pd.Timestamp("2020-01-01")).all()
    assert len(obs) < len(cat.observations())
    with pytest.raises(IndicatorError, match="ISO 8601 day"):
        cat.as_of("last year")


def test_valid_until_is_checked(tmp_path: Path) -> None:
    folder = tmp_path / "catalogue"
    assert main(["init", str(folder)]) == 0
    rows = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "indicator": "macro.gdp",
            "geo": "BLR",
            "counterpart": "",
            "period": ["2016", "2017", "2018"],
            "as_of": ["2019-01-01", "", "2019-01-01"],
            "valid_until": ["2018-01-01", "2020-01-01", "2020-01-01"],
            "value": "1",
            "lower": "",
            "upper": "",
            "unit": "USD",
            "qualifier": "exact",
            "status": ["official", "official", "reported"],
            "figure": "",
            "quote": "",
            "attributed_to": "",
            "cited_source": "",
            "source": "s",
            "note": "",
        }
    )
    (folder / "observations.csv").write_text(rows.to_csv(index=False), encoding="utf-8")
    (folder / "sources.yaml").write_text(
        "- id: s\n  title: t\n  authors: []\n  producer: p\n  kind: official_statistics\n"
        "  date_published: ''\n  date_accessed: ''\n  url_main: ''\n  license: ''\n"
        "  document: ''\n  inferred: []\n  note: ''\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as caught:
        ii.load(folder, cache=False)
    said = {(p.row, p.rule) for p in caught.value.problems if p.column == "valid_until"}
    assert said == {(2, "valid-until"), (3, "valid-until"), (4, "valid-until")}


#: A claim made on 2026-06-01 that names no period: the release of 2026-05-01 was the one
#: out, with 2024 as its latest period of Russia's GDP (read from its data.csv).
RUS_2024 = {"2026-05-01": 2173835806671.66, "2026-07-01": 2186462268813.08}


def _claim(folder: Path, figure: str, value: str, qualifier: str) -> None:
    columns = (folder / "observations.csv").read_text(encoding="utf-8").splitlines()[0]
    row = {
        "id": "desk-rus-gdp",
        "indicator": "macro.gdp",
        "geo": "RUS",
        "period": "2026-06-01",
        "as_of": "2026-06-01",
        "value": value,
        "unit": "trillion USD",
        "qualifier": qualifier,
        "status": "reported",
        "figure": figure,
        "quote": f"Russia's economy is {figure}.",
        "source": "desk",
    }
    frame = pd.DataFrame([{c: row.get(c, "") for c in columns.split(",")}])
    (folder / "observations.csv").write_text(frame.to_csv(index=False), encoding="utf-8")
    (folder / "sources.yaml").write_text(
        "- id: desk\n  title: A desk's note\n  authors: []\n  producer: A desk\n"
        "  kind: news\n  date_published: '2026-06-01'\n  date_accessed: ''\n  url_main: ''\n"
        "  license: ''\n  document: ''\n  inferred: []\n  note: ''\n",
        encoding="utf-8",
    )


def test_a_claim_is_judged_on_the_release_out_by_its_date(releases: Path, tmp_path: Path) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(releases, folder)
    _claim(folder, "about $2.17 trillion", "2.17", "approximate")
    table = ii.load(folder, cache=False).crosscheck()
    row = table[table["basis"] == "knowable"].iloc[0]
    assert (row["official_period"], row["official_vintage"]) == ("2024", "2026-05-01")
    assert row["official_value"] == RUS_2024["2026-05-01"]
    assert "as published in the release of 2026-05-01" in row["reasons"]
    same = table[table["basis"] == "same-period"].iloc[0]  # no official figure of June 2026
    assert same["verdict"] == "unverifiable" and pd.isna(same["official_vintage"])


def test_a_verdict_that_today_s_figure_changes_says_both(releases: Path, tmp_path: Path) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(releases, folder)
    _claim(folder, "$2.17 trillion", "2.17", "exact")  # the digits: 2.165 to 2.175 trillion
    table = ii.load(folder, cache=False).crosscheck()
    row = table[table["basis"] == "knowable"].iloc[0]
    assert row["verdict"] == "consistent"  # 2,173.8 billion as published then
    assert row["revised_verdict"] == "close"  # 2,186.5 billion today: 0.5% above 2.175
    assert (
        "consistent with what was published then; close against today's revised figure"
        in row["reasons"]
    )


@pytest.mark.parametrize(("date", "kept"), [("2018-12-31", True), ("2018-12-30", False)])
def test_undated_rows_by_period_end_sit_on_the_last_day(date: str, kept: bool) -> None:
    """``undated="period-end"``: an undated official row of 2018 is kept on 2018-12-31, the
    day its period ends, and not the day before; ``"keep"`` keeps it either way."""
    cat = ii.load()
    row = "dots-blr-exports-rus-2018"
    ids = cat.as_of(date, undated="period-end").observations()["id"]
    assert (row in set(ids)) is kept
    assert row in set(cat.as_of(date).observations()["id"])
