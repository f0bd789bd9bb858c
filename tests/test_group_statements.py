"""A group's own figures as officials stated them (issue 34, point 5): the EAEU's mutual
trade 2020-2024 from the statements the press reported, beside the series computed from
IMF DOTS (to 2020), never joined to it; the file checked like a catalogue's, every problem
at once."""

from __future__ import annotations

import csv
import html
import io
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.analysis import indices
from integration_indicators.analysis.group_statements import (
    GROUP_STATEMENT_COLUMNS,
    read_group_statements,
    statements_table,
)
from integration_indicators.cli import main


@pytest.fixture(scope="module")
def cat() -> ii.Catalogue:
    return ii.load()


def test_the_eaeus_mutual_trade_is_stated_for_every_year_2020_to_2024(cat: ii.Catalogue) -> None:
    table = read_group_statements(sources=cat.sources["id"])
    eaeu = table[table["group"] == "EAEU"]
    assert set(eaeu["period"]) == {"2015", "2020", "2021", "2022", "2023", "2024"}
    sources = cat.sources.set_index("id")
    for row in eaeu.astype("str").to_dict("records"):
        assert row["figure"] in row["quote"], row["id"]
        assert str(sources.loc[row["source"], "url_main"]).startswith("http"), row["id"]
        assert row["as_of"] or "no date" in row["note"], row["id"]  # an undated page says so
    two = eaeu[(eaeu["period"] == "2022") & (eaeu["measure"] == "mutual_trade")]
    assert sorted(two["value"]) == [83.3, 84.0]  # both kept: the government's and Overchuk's
    rubles = eaeu[eaeu["unit"] == "trillion RUB"]
    assert list(rubles["value"]) == [7.4] and "TASS's conversion" in rubles["note"].iloc[0]


def test_the_datasets_mutual_trade_is_the_members_exports_to_each_other(
    cat: ii.Catalogue,
) -> None:
    """2020: the five members' exports to the four others, summed from the trade frame."""
    trade = indices.trade_frame(cat)
    members = ["ARM", "BLR", "KAZ", "KGZ", "RUS"]
    rows = trade[
        (trade["period"] == "2020")
        & (trade["flow"] == "exports")
        & trade["geo"].isin(members)
        & trade["counterpart"].isin(members)
        & (trade["geo"] != trade["counterpart"])
    ]
    assert len(rows) == 20
    table = indices.mutual_trade(cat, "EAEU").set_index("period")
    assert table.loc["2020", "mutual_trade"] == pytest.approx(rows["value"].sum())
    assert table.loc["2020", "members"] == 5
    assert (
        np.isnan(table["mutual_trade"].to_numpy()[table.index == "2018"]).all()
        and table.loc["2018", "note"]
    )
    assert "2021" not in table.index  # DOTS ends in 2020: nothing is spliced on


def test_the_indices_show_the_statements_beside_the_series_never_joined(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["indices", "--group", "EAEU", "--format", "json"]) == 0
    records = pd.read_json(io.StringIO(capsys.readouterr().out))
    series = records[records["table"].str.contains("as they report them to the dataset")]
    stated = records[
        records["table"].str.contains("statements reported by the press, not a dataset")
    ]
    assert set(series["period"].astype(str)) == {str(y) for y in range(2015, 2021)}
    assert series["statement"].isna().all()
    assert set(stated["period"].astype(str)) == {"2015", "2020", "2021", "2022", "2023", "2024"}
    assert stated["mutual_trade"].isna().all()  # a statement never fills the series' column
    assert (stated["statement"].str.startswith("stated-")).all()


def test_as_of_a_day_only_the_statements_made_by_then_are_shown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """As of the last day of 2022: 2020's (May 2021) and 2021's (November 2022) only; the
    undated EEC page is left out, as when it was said is unknown."""
    argv = [
        "indices",
        "--group",
        "EAEU",
        "--format",
        "csv",
        "--as-of",
        "2022-12-31",
        "--as-of-period-end",
    ]
    assert main(argv) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    stated = [r for r in rows if r["statement"]]
    assert sorted({r["period"] for r in stated}) == ["2020", "2021"]
    assert all(r["said_on"] <= "2022-12-31" for r in stated)


def test_on_the_day_a_statement_was_made_it_counts() -> None:
    table = read_group_statements()
    sources = ii.load().sources
    on = statements_table(table, "EAEU", sources, as_of="2022-11-29")
    before = statements_table(table, "EAEU", sources, as_of="2022-11-28")
    assert "2021" in set(on["period"]) and "2021" not in set(before["period"])


def _bad_file(tmp_path: Path) -> Path:
    good = read_group_statements().astype("object").iloc[:1].fillna("")
    row = {c: str(good.iloc[0][c]) for c in GROUP_STATEMENT_COLUMNS}
    rows = [
        row | {"id": "a", "group": "EAUE"},
        row | {"id": "a", "measure": "trade"},
        row | {"id": "c", "period": "2020-Q1", "as_of": "2021-02-30"},
        row | {"id": "d", "value": "fifty", "unit": "percent"},
        row | {"id": "e", "figure": "$56bn", "source": "nowhere"},
        row | {"id": "f", "value": "56"},
    ]
    path = tmp_path / "group-statements.csv"
    pd.DataFrame(rows, columns=list(GROUP_STATEMENT_COLUMNS)).to_csv(path, index=False)
    return path


def test_a_bad_file_reports_every_problem_at_once(tmp_path: Path, cat: ii.Catalogue) -> None:
    with pytest.raises(ii.ValidationError) as caught:
        read_group_statements(_bad_file(tmp_path), sources=cat.sources["id"])
    found = {(p.row, p.column, p.rule) for p in caught.value.problems}
    assert {
        (2, "group", "unknown-group"),
        (2, "id", "unique"),
        (3, "id", "unique"),
        (3, "measure", "group-measure"),
        (4, "period", "period"),
        (4, "as_of", "as-of"),
        (5, "value", "number"),
        (5, "unit", "unit-dimension"),
        (6, "figure", "figure-not-in-quote"),
        (6, "source", "unknown-source"),
        (7, "figure", "figure-mismatch"),
    } <= found
    assert all(p.file == "group-statements.csv" for p in caught.value.problems)


def test_validate_reads_a_catalogues_group_statements(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(ii.bundled_path(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(_bad_file(tmp_path), folder / "group-statements.csv")
    assert main(["validate", str(folder)]) == 1
    said = capsys.readouterr()
    assert "group-statements.csv row 2, column 'group': 'EAUE'" in said.out + said.err


def test_a_directory_in_the_files_place_is_refused(tmp_path: Path) -> None:
    (tmp_path / "group-statements.csv").mkdir()
    with pytest.raises(ii.ValidationError) as caught:
        read_group_statements(tmp_path / "group-statements.csv")
    assert [p.rule for p in caught.value.problems] == ["not-regular-file"]


def test_the_groups_page_shows_both_apart_and_text_from_data_is_never_markup(
    tmp_path: Path,
) -> None:
    from integration_indicators.publish.docs import _environment
    from integration_indicators.publish.group_pages import write_group_pages

    folder = tmp_path / "catalogue"
    shutil.copytree(ii.bundled_path(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    path = folder / "group-statements.csv"
    rows = pd.read_csv(path, dtype="str", keep_default_na=False)
    rows.loc[0, "attributed_to"] = '<script>alert("who")</script>'
    rows.to_csv(path, index=False)
    written = write_group_pages(_environment(), ii.load(folder), tmp_path / "docs", {"BLR"})
    assert ("EAEU", "Eurasian Economic Union") in written
    raw = (tmp_path / "docs" / "groups" / "EAEU.md").read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;script&gt;" in raw
    page = html.unescape(raw)  # the page escapes every character of data markdown could read
    series, stated = page.split("## Mutual trade as officials stated it")
    assert "| 2020 | 5 | 53.89 | 12.9 |" in series and "| 2021 |" not in series
    assert "statements reported by the press, not a dataset" in stated
    assert "| 2023 | mutual trade | 7.4 trillion rubles | 7.4 trillion RUB |" in stated
    assert "at most 100 billion USD" in stated and "undated" in stated
    assert "[Belarus](../economies/BLR.md)" in page and "(../economies/RUS.md)" not in page
    overlap = page.split("## Where the statements and the dataset overlap")[1]
    assert "| 2015 | $44.5 billion |" in overlap and "| 44.50 | 42.73 | -4.0% |" in overlap
    assert "| 2020 | $55bn |" in overlap and "| 55.00 | 53.89 | -2.0% |" in overlap
    assert overlap.index("| 2015 |") < overlap.index("| 2020 |")
