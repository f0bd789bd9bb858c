"""Importers of official statistics: the bundled extracts, every country, and bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.importers.dots import read_dots
from integration_indicators.importers.imports import ImportResult, Provenance
from integration_indicators.importers.wdi import WDI_SERIES, read_wdi

from .conftest import SEEDS

OFFICIAL = SEEDS.parent / "official"
WDI = OFFICIAL / "world-bank-wdi"
DOTS = OFFICIAL / "imf-dots" / "imf_dots_blr_rus_bilateral.csv"
needs_official = pytest.mark.skipif(not OFFICIAL.is_dir(), reason="../shared/official is not here")

WDI_PROVENANCE = Provenance(
    "datasets/world-development-indicators",
    "4ebec5a2273f531ba238a34dbe440394dc5a6c4b",
    "indicators/{code}/data.csv",
    "2026-07-01",
)


def _bundled(name: str) -> pd.DataFrame:
    """A bundled observation file, with the optional columns it leaves out empty (as the
    loader reads it), in the columns' order."""
    from integration_indicators.validation.tables import file_columns

    frame = pd.read_csv(
        ii.bundled_path() / name, dtype="str", keep_default_na=False, na_filter=False
    )
    return frame.reindex(columns=list(file_columns()), fill_value="")


#: The WDI releases the bundled catalogue holds, oldest first, with the commit of each
#: (../shared/official/PROVENANCE.md; the path of the older copies is not given there).
WDI_RELEASES = [
    (
        WDI.parent / "world-bank-wdi-vintages" / "2018-08-01",
        Provenance("datasets/world-development-indicators", "e73c49d", "", "2018-08-01"),
    ),
    (
        WDI.parent / "world-bank-wdi-vintages" / "2025-12-17",
        Provenance("datasets/world-development-indicators", "20289a7", "", "2025-12-17"),
    ),
    (
        WDI.parent / "world-bank-wdi-vintages" / "2026-05-01",
        Provenance("datasets/world-development-indicators", "6b2145a", "", "2026-05-01"),
    ),
    (WDI, WDI_PROVENANCE),
]

#: Germany: the euro's official rate (euro members carry the euro area's), for claims made
#: in euros.
WDI_GEOS = ["BLR", "RUS", "CHN", "ARM", "KAZ", "KGZ", "DEU"]


def _rows(results: list[ImportResult]) -> pd.DataFrame:
    imported = pd.concat([r.observations for r in results], ignore_index=True)
    return imported.sort_values("id").reset_index(drop=True).astype("str")


@needs_official
def test_bundled_wdi_rows_are_the_four_releases_published() -> None:
    from integration_indicators.importers.releases import merge_releases

    held: list[ImportResult] = []
    for folder, provenance in WDI_RELEASES:  # as the README's commands import them
        codes = [code for code in sorted(WDI_SERIES) if (folder / code).is_dir()]
        assert len(codes) == 14
        held = merge_releases(
            held, [read_wdi(folder / code, geos=WDI_GEOS, provenance=provenance) for code in codes]
        )
    pd.testing.assert_frame_equal(
        _rows(held), _rows([ImportResult(_bundled("observations-wdi.csv"), held[0].source)])
    )
    sources = ii.load().sources.set_index("id")
    for result in held:
        entry = sources.loc[result.source.id]
        release = result.source.date_published
        commit = dict((p.as_of, p.commit) for _, p in WDI_RELEASES)[release]
        assert entry["commit"] == commit and entry["date_published"] == release
        assert entry["license"] == "CC-BY-4.0"
        assert entry["attribution"] == "World Bank, World Development Indicators"
        assert entry["title"] == result.source.title
        assert result.source.id.endswith(f"-v{release}") == (release != "2026-07-01")


@needs_official
def test_bundled_wdi_more_rows_are_the_published_rows() -> None:
    folder = WDI.parent / "world-bank-wdi-more"
    codes = [code for code in sorted(WDI_SERIES) if (folder / code).is_dir()]
    assert codes
    results = [
        read_wdi(folder / code, geos=WDI_GEOS[:-1], provenance=WDI_PROVENANCE) for code in codes
    ]
    bundled = _bundled("observations-wdi-more.csv").drop(columns="valid_until", errors="ignore")
    pd.testing.assert_frame_equal(
        _rows(results).drop(columns="valid_until"),
        _rows([ImportResult(bundled, results[0].source)]),
    )
    sources = ii.load().sources.set_index("id")
    for result in results:
        assert sources.loc[result.source.id, "commit"] == WDI_PROVENANCE.commit


@needs_official
def test_bundled_dots_rows_are_the_published_rows() -> None:
    imported = read_dots(DOTS).observations
    bundled = _bundled("observations-dots.csv").astype("str")
    assert imported["value"].tolist() == bundled["value"].tolist()
    assert set(bundled["geo"]) == {"BLR", "RUS"}
    assert set(bundled["counterpart"]) == {"", "BLR", "RUS"}


def test_known_official_values() -> None:
    obs = ii.load().observations().set_index("id")
    # Belarus's GDP of 1990 as published: 17389558232.9317 current US$
    assert obs.loc["wdi-ny.gdp.mktp.cd-blr-1990", "value"] == 17389558232.9317
    # DOTS: Russia's imports from Belarus in 2020, US$ 12,585.0767 million, CIF
    row = obs.loc["dots-rus-imports-blr-2020"]
    assert (row["indicator"], row["geo"], row["counterpart"]) == (
        "trade.goods.imports",
        "RUS",
        "BLR",
    )
    assert row["value"] == pytest.approx(12585.0767e6, rel=1e-15)
    assert row["unit_as_written"] == "million USD"


@needs_official
def test_every_country_imports_and_validates_without_aggregates() -> None:
    result = read_wdi(WDI / "sp.pop.totl")
    assert {"WLD", "EUU", "ARB"} <= set(result.dropped)
    assert not result.observations["geo"].isin(result.dropped).any()
    catalogue = result.to_catalogue()
    assert catalogue.observations()["geo"].nunique() > 180
    kept = read_wdi(WDI / "sp.pop.totl", keep_aggregates=True)
    assert kept.observations["geo"].isin(["WLD"]).any()


def _wdi_copy(tmp_path: Path, text: str, name: str = "sp.pop.totl") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "data.csv").write_text(text, encoding="utf-8")
    (folder / "datapackage.json").write_text(
        f'{{"name": "{name}", "title": "Population, total", "licenses": [{{"name": "CC-BY-4.0"}}]}}',
        encoding="utf-8",
    )
    return folder


def test_wdi_bad_cells_are_reported_with_row_and_column(tmp_path: Path) -> None:
    text = (
        "Country Name,Country Code,Year,Value\n"
        "Belarus,BLR,2019,9419758\n"
        "Belarus,BLR,20x9,9419758\n"
        '"Korea, Rep.",KOR,2019,nine\n'
    )
    with pytest.raises(ii.ValidationError) as caught:
        read_wdi(_wdi_copy(tmp_path, text))
    found = {(p.file, p.row, p.column, p.rule) for p in caught.value.problems}
    assert found == {
        ("data.csv", 3, "Year", "year"),
        ("data.csv", 4, "Value", "number-or-empty"),
    }


def test_wdi_wrong_columns_and_unknown_series(tmp_path: Path) -> None:
    with pytest.raises(ii.ValidationError, match="column 'Value': the column is missing"):
        read_wdi(_wdi_copy(tmp_path, "Country Name,Country Code,Year\nBelarus,BLR,2019\n"))
    unknown = _wdi_copy(tmp_path, "Country Name,Country Code,Year,Value\n", name="xx.yy")
    with pytest.raises(ii.ValidationError, match="no indicator is mapped to this series"):
        read_wdi(unknown)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ii.ValidationError, match="datapackage"):
        read_wdi(tmp_path / "empty")


def test_dots_unknown_partner_and_flow(tmp_path: Path) -> None:
    path = tmp_path / "dots.csv"
    path.write_text(
        "reporter,flow,partner,year,value_usd_millions,source_file\n"
        "Belarus,Exports FOB,Russian Federation,2019,1.5,x\n"
        'Belarus,"Exports, FOB",Atlantis,2019,1.5,x\n'
        'World,"Exports, FOB",Belarus,2019,1.5,x\n',
        encoding="utf-8",
    )
    with pytest.raises(ii.ValidationError) as caught:
        read_dots(path)
    found = {(p.row, p.column, p.rule) for p in caught.value.problems}
    assert found == {
        (2, "flow", "dots-flow"),
        (3, "partner", "dots-area"),
        (4, "reporter", "dots-reporter"),
    }


@needs_official
def test_import_command_writes_a_valid_catalogue_part(tmp_path: Path) -> None:
    from integration_indicators.cli import main

    target = tmp_path / "mine"
    ignore = shutil.ignore_patterns("observations-*.csv", "sources-*.yaml")
    shutil.copytree(ii.bundled_path(), target, ignore=ignore)
    args = [
        "import",
        "wdi",
        str(WDI / "sp.pop.totl"),
        "--geo",
        "BLR",
        "-o",
        str(target),
        "--name",
        "pop",
    ]
    assert main(args) == 0
    cat = ii.load(target)
    pop = cat.observations().query("source == 'wb-wdi-sp.pop.totl'")
    assert set(pop["geo"]) == {"BLR"}
    assert len(pop) > 60
