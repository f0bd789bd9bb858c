"""Errors a user can reach are the library's own, with a sentence: the API probes and the
commands of the audit (internal errors before: raw KeyError, ValueError, pandas' merge)."""

from __future__ import annotations

from pathlib import Path

import pytest

import integration_indicators as ii
from integration_indicators.analysis import metrics
from integration_indicators.cli import main


@pytest.fixture(scope="module")
def cat() -> ii.Catalogue:
    return ii.load()


@pytest.mark.parametrize("period", ["0000", "2020/2019", "2019-13", "x", "9999"])
def test_a_period_a_series_does_not_hold_is_a_period_error(cat: ii.Catalogue, period: str) -> None:
    gdp = cat.series("macro.gdp", geo="BLR")
    with pytest.raises(ii.PeriodError) as caught:
        gdp.at(period)
    said = str(caught.value)
    assert f"has no period {period!r}" in said and "it holds 1990 to" in said
    assert isinstance(caught.value, KeyError)  # what callers caught before still works


def test_an_alignment_rule_that_is_no_rule_is_a_metric_error(cat: ii.Catalogue) -> None:
    gdp = cat.series("macro.gdp", geo="BLR")
    with pytest.raises(ii.MetricError, match="align is 'exact' or 'inner', not 'weird'"):
        metrics.ratio(gdp, gdp, align="weird")  # type: ignore[arg-type]


def test_a_one_member_group_gives_its_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    groups = tmp_path / "groups.yaml"
    groups.write_text(
        "- group: ONE\n  name: One\n  geo: BLR\n  from: '2000-01-01'\n"
        "  until: ''\n  sources: [a page]\n",
        encoding="utf-8",
    )
    assert main(["indices", "--group", "ONE", "--groups", str(groups)]) == 0
    said = capsys.readouterr()
    assert "ONE: intra-group export share" in said.out and "bug" not in said.err


def test_the_debug_flag_prints_the_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--debug", "validate", "/nonexistent/catalogue"]) == 1
    said = capsys.readouterr().err
    assert "Traceback (most recent call last)" in said and "[missing-directory]" in said
    assert main(["validate", "/nonexistent/catalogue"]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_duckdb_out_of_memory_is_a_limit_to_raise_not_a_bug(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("duckdb")
    import pandas as pd

    panel = tmp_path / "panel"
    panel.mkdir()
    pd.DataFrame(
        {
            "indicator": ["macro.gdp"] * 3,
            "geo": ["BLR"] * 3,
            "period": ["2017", "2018", "2019"],
            "value": [1.0, 2.0, 3.0],
            "unit": ["USD"] * 3,
        }
    ).to_parquet(panel / "part-0.parquet", index=False)
    assert main(["check-panel", str(panel), "--engine", "duckdb", "--memory-limit", "1KB"]) == 1
    said = capsys.readouterr().err
    assert "[memory-limit]" in said and "raise the limit or give --spill" in said
    assert "bug" not in said


def test_an_ambiguity_in_a_past_release_surfaces(cat: ii.Catalogue) -> None:
    """Before, ``as_of=`` caught the library's base error: an ambiguity in a past release
    became "not yet published" NaN. Only a release with no row of the series is empty."""
    from integration_indicators.analysis.vintages import series_as_of

    latest = cat.series("macro.gdp", geo="BLR", status="official")

    def ambiguous(rows: object) -> ii.IndicatorSeries:
        raise ii.AmbiguityError("macro.gdp BLR", ["a", "b"])

    def nothing(rows: object) -> ii.IndicatorSeries:
        raise ii.NoRowsError("series('macro.gdp', geo='BLR'): no observation matches")

    with pytest.raises(ii.AmbiguityError):
        series_as_of(cat.observations().iloc[:0], latest, "2018-01-01", ambiguous)
    then = series_as_of(cat.observations().iloc[:0], latest, "2018-01-01", nothing)
    assert then.values.isna().all() and len(then) == len(latest)


@pytest.mark.parametrize("members", [["BLR", "XXX"], []])
def test_a_group_of_members_names_economies(cat: ii.Catalogue, members: list[str]) -> None:
    with pytest.raises(ii.GroupError, match="write ISO 3166 alpha-3 codes"):
        ii.indices.intra_group_share(cat, members)
