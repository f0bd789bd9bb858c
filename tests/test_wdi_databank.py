"""`import wdi` of a World Bank DataBank export (issue 39): many series in one CSV, years
written "2019 [YR2019]", ".." for no value, the footer's "Last Updated" the release; every
series a name says no unit or topic for refused at once, naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

import integration_indicators as ii
from integration_indicators.cli import main
from integration_indicators.importers.wdi_databank import (
    is_databank_export,
    read_wdi_databank,
)

FIXTURE = Path(__file__).parent / "data" / "wdi-databank" / "WDICSV.csv"


def _without(tmp_path: Path, code: str) -> Path:
    """The export without the rows of series *code*."""
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "WDICSV.csv"
    path.write_text(
        "\n".join(line for line in lines if f",{code}," not in line) + "\n", encoding="utf-8"
    )
    return path


def test_an_export_is_known_by_its_header(tmp_path: Path) -> None:
    assert is_databank_export(FIXTURE)
    other = tmp_path / "data.csv"
    other.write_text("Country Name,Country Code,Year,Value\n", encoding="utf-8")
    assert not is_databank_export(other)


def test_each_series_is_one_import_of_the_exports_release(tmp_path: Path) -> None:
    (result,) = read_wdi_databank(_without(tmp_path, "EG.ELC.ACCS.ZS"))
    rows = result.observations.set_index("id")
    assert len(rows) == 44  # Albania 1980-2023; ".." before 1980 is no value, no row
    assert rows.loc["wdi-ny.gdp.pcap.kd-alb-2023", "value"] == "5419.63779125273"
    assert set(rows["as_of"]) == {"2025-01-28"}  # "Last Updated: 01/28/2025"
    assert result.indicators[0]["unit"] == "USD/person"  # constant 2015 US$ per capita
    assert "Last Updated date is 2025-01-28" in result.source.note


def test_a_series_whose_name_says_no_topic_is_refused_by_name() -> None:
    """Access to electricity (EG: energy) has no category the catalogue knows."""
    with pytest.raises(ii.ValidationError) as caught:
        read_wdi_databank(FIXTURE)
    (problem,) = caught.value.problems
    assert problem.rule == "wdi-unit" and problem.value == "eg.elc.accs.zs"
    assert "declare an indicator for it" in problem.message


def test_a_year_column_not_written_as_an_export_writes_it_is_refused(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("2019 [YR2019]", "2019 [YR2018]", 1)
    path = tmp_path / "WDICSV.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ii.ValidationError) as caught:
        read_wdi_databank(path)
    assert caught.value.problems[0].column == "2019 [YR2018]"


def test_the_import_command_takes_an_export(tmp_path: Path) -> None:
    out = tmp_path / "catalogue"
    assert main(["init", str(out)]) == 0
    path = _without(tmp_path, "EG.ELC.ACCS.ZS")
    assert main(["import", "wdi", str(path), "-o", str(out), "--name", "databank"]) == 0
    cat = ii.load(out, cache=False)
    series = cat.series("wdi.ny.gdp.pcap.kd", geo="ALB")
    assert series.values.loc["1980"] == 1740.50583847766


def test_the_bulk_files_layout_imports_series_by_series(tmp_path: Path) -> None:
    """The bulk WDICSV.csv's layout (the header of a one-series download, no preamble, years
    as "2019", empty for no value, a trailing comma): the real lines of the one-series
    fixture, saved under the bulk file's name, import as that series."""
    real = Path(__file__).parent / "data" / "wdi-download"
    text = next(real.glob("API_*.csv")).read_text(encoding="utf-8")
    path = tmp_path / "WDICSV.csv"
    path.write_text(text, encoding="utf-8")
    assert is_databank_export(path)
    (result,) = read_wdi_databank(path)
    rows = result.observations.set_index("id")
    assert set(rows["geo"]) == {"ARM", "BLR"} and result.dropped == ("AFE",)
    assert rows["indicator"].iloc[0] == "macro.gdp"
    assert not is_databank_export(next(real.glob("API_*.csv")))  # its own reader takes it
