"""Importer of World Bank World Development Indicators, as Frictionless data packages.

Each series is a folder with ``data.csv`` (Country Name, Country Code, Year, Value; all
countries and aggregates) and ``datapackage.json`` (title, licence, ...), as published by the
Frictionless "datasets" project. ``read_wdi`` maps it to the catalogue's indicators, units
and ISO codes; the values stay the published text.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandera.pandas as pa
from pandera.typing import Series

from integration_indicators.errors import Problem, ValidationError
from integration_indicators.importers.imports import (
    ImportResult,
    Provenance,
    SourceRecord,
    observation_frame,
    read_checked_csv,
)
from integration_indicators.model.economies import economy_codes
from integration_indicators.validation.schemas import is_number_or_empty, is_year

#: WDI series code -> (indicator id, unit of the published values).
WDI_SERIES: dict[str, tuple[str, str]] = {
    "ny.gdp.mktp.cd": ("macro.gdp", "USD"),
    "ny.gdp.pcap.cd": ("macro.gdp_per_capita", "USD/person"),
    "ny.gdp.pcap.pp.cd": ("macro.gdp_per_capita_ppp", "intl_dollar/person"),
    "ny.gdp.mktp.kd.zg": ("macro.gdp.growth", "percent"),
    "sp.pop.totl": ("population.total", "person"),
    "sl.tlf.totl.in": ("labour.force", "person"),
    "sl.uem.totl.zs": ("labour.unemployment_rate", "percent"),
    "sl.emp.totl.sp.zs": ("labour.employment_to_population", "percent"),
    "sm.pop.netm": ("migration.net", "person"),
    "pa.nus.fcrf": ("fx.official_rate", "LCU/USD"),
    "tx.val.mrch.cd.wt": ("trade.merchandise.exports", "USD"),
    "tm.val.mrch.cd.wt": ("trade.merchandise.imports", "USD"),
    "dt.dod.dect.cd": ("finance.external_debt", "USD"),
    "dt.dod.dppg.cd": ("finance.external_debt.public", "USD"),
    "bn.cab.xoka.cd": ("macro.current_account", "USD"),
    "bx.klt.dinv.cd.wd": ("finance.fdi.net_inflows", "USD"),
    "bx.trf.pwkr.cd.dt": ("finance.remittances.received", "USD"),
    "fp.cpi.totl.zg": ("macro.inflation.cpi", "percent"),
    "ne.exp.gnfs.zs": ("trade.exports.gdp_share", "percent"),
    "ne.imp.gnfs.zs": ("trade.imports.gdp_share", "percent"),
    "sm.pop.totl": ("migration.migrant_stock", "person"),
}

#: Attribution the CC-BY-4.0 licence of the WDI asks for.
WDI_ATTRIBUTION = "World Bank, World Development Indicators"

WDI_COLUMNS = ("Country Name", "Country Code", "Year", "Value")


class WdiFile(pa.DataFrameModel):
    """data.csv of a WDI data package, every cell as text."""

    country_name: Series[str] = pa.Field(alias="Country Name")
    country_code: Series[str] = pa.Field(alias="Country Code")
    year: Series[str] = pa.Field(alias="Year")
    value: Series[str] = pa.Field(alias="Value")

    @pa.check("Country Code", name="country-shape")
    def _code(cls, s: Series[str]) -> Series[bool]:
        return s.str.fullmatch(r"[A-Z0-9]{3}").fillna(False)  # type: ignore[return-value]

    @pa.check("Year", name="year")
    def _year(cls, s: Series[str]) -> Series[bool]:
        return is_year(s)  # type: ignore[return-value]

    @pa.check("Value", name="number-or-empty")
    def _value(cls, s: Series[str]) -> Series[bool]:
        return is_number_or_empty(s)  # type: ignore[return-value]

    class Config:
        strict = True


def _package(folder: Path) -> dict[str, object]:
    """``datapackage.json`` of a series, read within the limits, its fields type-checked."""
    from integration_indicators.io.safe_read import read_json

    path = folder / "datapackage.json"
    meta = read_json(path, path.name, str(path))
    if not isinstance(meta, dict) or not isinstance(meta.get("name"), str):
        problem = Problem(path.name, None, "name", None, "datapackage", "has no series name")
        raise ValidationError([problem], str(path))
    problems = []
    if not isinstance(meta.get("title", ""), str):
        problems.append(
            Problem(path.name, None, "title", meta["title"], "datapackage", "must be text")
        )
    licenses = meta.get("licenses", [])
    if not isinstance(licenses, list) or not all(
        isinstance(x, dict) and isinstance(x.get("name", ""), str) for x in licenses
    ):
        message = "must be a list of objects whose name is text"
        problems.append(Problem(path.name, None, "licenses", licenses, "datapackage", message))
    if problems:
        raise ValidationError(problems, str(path))
    return meta


def read_wdi(
    path: str | Path,
    *,
    geos: Iterable[str] | None = None,
    keep_aggregates: bool = False,
    provenance: Provenance = Provenance(),  # noqa: B008 (frozen, immutable)
) -> ImportResult:
    """Read one WDI series (a data-package folder) into catalogue observations.

    Parameters
    ----------
    path
        The folder holding ``data.csv`` and ``datapackage.json``.
    geos
        ISO 3166-1 alpha-3 codes to keep (default: every country).
    keep_aggregates
        Keep codes that are not countries (WLD, EUU, ...). Such rows cannot join a catalogue,
        whose geo must be a country; they are for analysis of the returned frame.
    provenance
        Repository, commit, path and update date of the copy, recorded in the source; a
        ``{code}`` in the path is replaced by the series code.

    Raises
    ------
    ValidationError
        For a malformed file, with file, row, column and value of each problem.
    """
    folder = Path(path)
    meta = _package(folder)
    code = str(meta["name"])
    if code not in WDI_SERIES:
        known = ", ".join(WDI_SERIES)
        message = f"no indicator is mapped to this series; known: {known}"
        problem = Problem("datapackage.json", None, "name", code, "wdi-series", message)
        raise ValidationError([problem], str(folder))
    frame = read_checked_csv(folder / "data.csv", WDI_COLUMNS, WdiFile, str(folder))
    countries = frame["Country Code"].isin(economy_codes())
    dropped = tuple(sorted(set(frame.loc[~countries, "Country Code"])))
    keep = (countries | keep_aggregates) & (frame["Value"] != "")
    if geos is not None:
        keep &= frame["Country Code"].isin(list(geos))
    frame = frame[keep]
    indicator, unit = WDI_SERIES[code]
    geo = frame["Country Code"]
    licenses = meta.get("licenses")
    license_name = ""
    if isinstance(licenses, list) and licenses and isinstance(licenses[0], dict):
        license_name = str(licenses[0].get("name", ""))
    source = SourceRecord(
        id=f"wb-wdi-{code}",
        title=str(meta.get("title", "")),
        producer="World Bank",
        date_published=provenance.as_of,
        license=license_name,
        dataset="World Development Indicators",
        code=code,
        attribution=WDI_ATTRIBUTION,
        repository=provenance.repository,
        commit=provenance.commit,
        path=provenance.path.replace("{code}", code),
        note=(
            "Frictionless data package of one WDI series; values as published in its data.csv."
            + (f" Copy updated {provenance.as_of}." if provenance.as_of else "")
        ),
    )
    rows = observation_frame(
        {
            "id": "wdi-" + code + "-" + geo.str.lower() + "-" + frame["Year"],
            "indicator": indicator,
            "geo": geo,
            "period": frame["Year"],
            "as_of": provenance.as_of,
            "value": frame["Value"],
            "unit": unit,
            "qualifier": "exact",
            "status": "official",
            "source": source.id,
        }
    )
    return ImportResult(rows, source, dropped)
