"""All of DOTS in the IMF's Excel layout, every economy by a maintained library."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.cli import main
from integration_indicators.importers.dots_workbooks import read_dots_workbook, read_dots_workbooks
from integration_indicators.importers.wdi import read_wdi
from integration_indicators.model.economies import NAME_OVERRIDES, codes_of_names, economy_codes

from .conftest import SEEDS

OFFICIAL = SEEDS.parent / "official"
WORKBOOKS = OFFICIAL / "imf-dots" / "workbooks"
needs_workbooks = pytest.mark.skipif(not WORKBOOKS.is_dir(), reason="no DOTS workbooks here")


@needs_workbooks
def test_the_bundled_extract_comes_out_of_dots_18_and_162_identical() -> None:
    imported = pd.concat(
        [read_dots_workbook(WORKBOOKS / f"DOTS_{n}.xlsx").observations for n in (18, 162)]
    )
    bundled = pd.read_csv(
        ii.bundled_path() / "observations-dots.csv", dtype="str", keep_default_na=False
    )
    joined = bundled.merge(imported, on="id", how="left", suffixes=("", "_workbook"))
    assert len(joined) == len(bundled) == 220
    for column in ("indicator", "geo", "counterpart", "period", "value", "unit", "status"):
        assert (joined[column] == joined[f"{column}_workbook"]).all(), column


@needs_workbooks
def test_aggregates_are_set_apart_and_estimates_noted() -> None:
    belarus = read_dots_workbook(WORKBOOKS / "DOTS_18.xlsx")
    assert {"Euro Area", "Advanced Economies"} <= set(belarus.dropped)
    assert not ({"Euro Area", "World"} & set(belarus.observations["counterpart"]))
    world = belarus.observations[belarus.observations["counterpart"] == ""]
    assert len(world) > 50  # the World is kept, as the empty counterpart
    euro = read_dots_workbook(WORKBOOKS / "DOTS_230.xlsx")
    assert euro.aggregate == "European Union" and euro.observations.empty


@needs_workbooks
def test_imf_estimates_marked_e_are_a_column_of_their_own() -> None:
    from python_calamine import CalamineWorkbook

    result = read_dots_workbook(WORKBOOKS / "DOTS_103.xlsx")  # Kazakhstan
    obs = result.observations.set_index("id")
    sheet = (
        CalamineWorkbook.from_path(WORKBOOKS / "DOTS_103.xlsx")
        .get_sheet_by_name("Exports, FOB")
        .to_python()
    )
    header = [str(c) for c in sheet[5]]
    belarus = next(row for row in sheet if str(row[0]).startswith("Belarus"))
    assert str(belarus[header.index("1993")]) == "75.54 e"  # as the IMF writes it
    row = obs.loc["dots-kaz-exports-blr-1993"]
    assert (row["value"], row["estimated"]) == ("75.54", "true")
    assert set(obs["estimated"]) == {"", "true"} and (obs["note"] == "").all()
    assert pd.to_numeric(obs.loc[obs["estimated"] == "true", "value"]).notna().all()


@needs_workbooks
def test_a_repeated_reporter_is_skipped_and_named() -> None:
    results, notes = read_dots_workbooks([WORKBOOKS / "DOTS_143.xlsx", WORKBOOKS / "DOTS_144.xlsx"])
    assert len(results) == 1
    assert notes == ["DOTS_144.xlsx: repeats DOTS_143.xlsx (NIC) row for row, skipped"]


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    fake = tmp_path / "DOTS_1.xlsx"
    fake.write_text("not a workbook")
    with pytest.raises(ii.ValidationError, match="dots-workbook"):
        read_dots_workbook(fake)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Belarus, Rep. of", "BLR"),
        ("China, P.R.: Mainland", "CHN"),
        ("Kosovo, Rep. of", "XKX"),
        ("Russian Federation", "RUS"),
        ("Czechoslovakia", "CSK"),
        ("USSR", "SUN"),
        ("Eastern Germany", "DDR"),
        ("Serbia and Montenegro", "SCG"),
        ("Netherlands Antilles", "ANT"),
        ("World", ""),
        ("Euro Area", ""),
        ("Curaçao, Kingdom of the Netherlands", "CUW"),
    ],
)
def test_names_map_to_codes(name: str, code: str) -> None:
    assert codes_of_names(pd.Series([name])).tolist() == [code]


def test_every_override_is_an_economy_or_an_aggregate() -> None:
    assert all(code == "" or code in economy_codes() for code in NAME_OVERRIDES.values())


@pytest.mark.skipif(not (OFFICIAL / "world-bank-wdi").is_dir(), reason="no WDI here")
def test_wdi_keeps_kosovo_and_the_channel_islands_and_sets_aggregates_apart() -> None:
    result = read_wdi(OFFICIAL / "world-bank-wdi" / "sp.pop.totl")
    geos = set(result.observations["geo"])
    assert {"XKX", "CHI", "BLR"} <= geos
    assert "WLD" not in geos and "WLD" in result.dropped


@needs_workbooks
def test_init_then_import_then_load(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mine"
    assert main(["init", str(folder)]) == 0
    assert main(["init", str(folder)]) == 1  # never over an existing catalogue
    books = [str(WORKBOOKS / f"DOTS_{n}.xlsx") for n in (18, 162, 230)]
    argv = ["import", "dots-workbooks", *books, "-o", str(folder), "--name", "dots", "--quiet"]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "DOTS_230.xlsx: an aggregate (European Union), set apart" in err
    obs = ii.load(folder).observations()
    assert set(obs["geo"]) == {"BLR", "RUS"}
    assert len(obs) > 10_000


@needs_workbooks
def test_the_bundled_eaeu_rows_are_the_published_rows() -> None:
    eaeu = {"ARM", "BLR", "KAZ", "KGZ", "RUS", ""}
    imported = pd.concat(
        [read_dots_workbook(WORKBOOKS / f"DOTS_{n}.xlsx").observations for n in (9, 103, 109)]
    )
    imported = imported[imported["counterpart"].isin(eaeu)]
    bundled = pd.read_csv(
        ii.bundled_path() / "observations-dots-eaeu.csv", dtype="str", keep_default_na=False
    )
    columns = ["id", "indicator", "geo", "counterpart", "period", "value", "unit", "note"]
    pd.testing.assert_frame_equal(
        imported.loc[:, columns].sort_values("id").reset_index(drop=True),
        bundled.loc[:, columns].sort_values("id").reset_index(drop=True).astype("str"),
    )


@needs_workbooks
def test_the_worlds_negative_flows_are_set_apart_and_named() -> None:
    """The World's workbook prints five negative flows with Malaysia; no flow can be
    negative (the indicators' ``sign: nonnegative``), so they are left out and named, and
    the rest imports: the import of every workbook is not refused for five cells."""
    result = read_dots_workbook(WORKBOOKS / "DOTS_221.xlsx")
    assert len(result.set_apart) == 5
    assert all(s.startswith("World-Malaysia ") for s in result.set_apart)
    assert "World-Malaysia" in result.set_apart[0] and "-4.8" in result.set_apart[0]
    values = pd.to_numeric(result.observations["value"])
    assert (values >= 0).all() and len(values) > 10_000
    results, notes = read_dots_workbooks([WORKBOOKS / "DOTS_221.xlsx"])
    assert len(results) == 1 and results[0].set_apart == result.set_apart
    assert any("5 negative flows" in n and "set apart" in n for n in notes)
    result.to_catalogue()  # valid as it is now
