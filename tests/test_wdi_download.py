"""The World Bank's own download of a WDI series (issue 39): the CSV its site serves, years as
columns, with or without its preamble, alone or in its zip. The fixture is four lines of a
public copy (tests/data/wdi-download/README.md gives its origin)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.cli import main
from integration_indicators.importers.wdi import read_wdi

FILE = (
    Path(__file__).parent / "data" / "wdi-download" / "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_4770391.csv"
)
#: The preamble the World Bank writes above the header, as public code documents its layout
#: (e.g. a reader that skips '"Data Source","World Development Indicators",', a blank line,
#: '"Last Updated Date","2023-05-10",' and a blank line); the date is that example's.
PREAMBLE = '"Data Source","World Development Indicators",\n\n"Last Updated Date","2023-05-10",\n\n'


def test_a_download_imports_as_it_is() -> None:
    result = read_wdi(FILE)
    rows = result.observations
    assert set(rows["geo"]) == {"ARM", "BLR"} and "AFE" in result.dropped
    belarus = rows[(rows["geo"] == "BLR")].set_index("period")["value"]
    assert belarus["2019"] == "64409647193.8044" and belarus["1990"] == "21650000000"
    assert len(belarus) == 32 and "1989" not in belarus.index  # empty cells are no rows
    assert set(rows["indicator"]) == {"macro.gdp"} and set(rows["unit"]) == {"USD"}
    assert result.source.title == "GDP (current US$)" and result.source.code == "ny.gdp.mktp.cd"
    assert (rows["as_of"] == "").all()  # this copy has no "Last Updated Date": undated
    result.to_catalogue()


def test_the_last_updated_date_is_the_release(tmp_path: Path) -> None:
    dated = tmp_path / FILE.name
    dated.write_text(PREAMBLE + FILE.read_text(encoding="utf-8"), encoding="utf-8")
    rows = read_wdi(dated).observations
    assert (rows["as_of"] == "2023-05-10").all()
    assert "Last Updated Date is 2023-05-10" in read_wdi(dated).source.note


def test_the_zip_as_served_with_its_metadata_files(tmp_path: Path) -> None:
    archive = tmp_path / "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_4770391.zip"
    with zipfile.ZipFile(archive, "w") as book:
        book.writestr(FILE.name, PREAMBLE + FILE.read_text(encoding="utf-8"))
        book.writestr(
            "Metadata_Indicator_API_NY.GDP.MKTP.CD_DS2_en_csv_v2_4770391.csv",
            '"INDICATOR_CODE","INDICATOR_NAME"\n',
        )
    dated = tmp_path / FILE.name
    dated.write_text(PREAMBLE + FILE.read_text(encoding="utf-8"), encoding="utf-8")
    pd.testing.assert_frame_equal(read_wdi(archive).observations, read_wdi(dated).observations)
    assert len(read_wdi(archive).observations) == 64


def test_a_file_that_is_no_download_is_refused_by_name(tmp_path: Path) -> None:
    wrong = tmp_path / "notes.csv"
    wrong.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ii.ValidationError) as caught:
        read_wdi(wrong)
    assert caught.value.problems[0].rule == "wdi-download"
    broken = tmp_path / "API_X.zip"
    broken.write_bytes(b"PK not a zip")
    with pytest.raises(ii.ValidationError) as caught:
        read_wdi(broken)
    assert "cannot read this zip" in caught.value.problems[0].message


def test_import_wdi_takes_the_download(tmp_path: Path) -> None:
    folder = tmp_path / "cat"
    assert main(["init", str(folder)]) == 0
    assert main(["import", "wdi", str(FILE), "-o", str(folder), "--name", "wdi-gdp"]) == 0
    held = ii.load(folder).series("macro.gdp", geo="BLR")
    assert held.values["2019"] == pytest.approx(64409647193.8044)


def test_a_series_no_indicator_maps_gets_one_from_its_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fixture's series taken as unmapped (the data and its name are the World Bank's):
    an indicator is made from its name and its Metadata_Indicator file's SOURCE_NOTE, marked
    for review, written to indicators-NAME.yaml beside the rows, and the catalogue loads."""
    from integration_indicators.importers import wdi

    monkeypatch.delitem(wdi.WDI_SERIES, "ny.gdp.mktp.cd")
    note = "GDP at purchaser's prices is the sum of gross value added ..."
    (tmp_path / f"Metadata_Indicator_{FILE.name}").write_text(
        '"INDICATOR_CODE","INDICATOR_NAME","SOURCE_NOTE","SOURCE_ORGANIZATION"\n'
        f'"NY.GDP.MKTP.CD","GDP (current US$)","{note}","World Bank"\n',
        encoding="utf-8",
    )
    copy = tmp_path / FILE.name
    copy.write_bytes(FILE.read_bytes())
    result = read_wdi(copy)
    (made,) = result.indicators
    assert (made["id"], made["unit"], made["measure"], made["category"]) == (
        "wdi.ny.gdp.mktp.cd",
        "USD",
        "flow",
        "macro",
    )
    assert made["definition"] == note and "review it" in made["note"]
    assert set(result.observations["indicator"]) == {"wdi.ny.gdp.mktp.cd"}
    folder = tmp_path / "cat"
    assert main(["init", str(folder)]) == 0
    assert main(["import", "wdi", str(copy), "-o", str(folder), "--name", "wdi-more"]) == 0
    written = (folder / "indicators-wdi-more.yaml").read_text(encoding="utf-8")
    assert written.startswith("# indicators-wdi-more.yaml: indicators made from")
    cat = ii.load(folder, cache=False)
    assert cat.series("wdi.ny.gdp.mktp.cd", geo="BLR").values["2019"] == pytest.approx(
        64409647193.8044
    )


def test_a_unit_its_name_does_not_give_is_an_error_naming_the_series() -> None:
    from integration_indicators.importers.wdi_metadata import indicator_from_metadata

    with pytest.raises(ii.ValidationError) as caught:  # a WDI name as the World Bank writes it
        indicator_from_metadata(
            "sp.dyn.le00.in",
            "Life expectancy at birth, total (years)",
            "",
            "API_SP.DYN.LE00.IN.csv",
        )
    (problem,) = caught.value.problems
    assert problem.rule == "wdi-unit" and problem.value == "sp.dyn.le00.in"
    assert "its unit is not read from its name" in problem.message
    assert "declare an indicator for it in indicators-NAME.yaml" in problem.message
    per_head = indicator_from_metadata(
        "ny.gnp.pcap.cd", "GNI per capita, Atlas method (current US$)", "", "f.csv"
    )
    assert (per_head["unit"], per_head["measure"]) == ("USD/person", "ratio")
