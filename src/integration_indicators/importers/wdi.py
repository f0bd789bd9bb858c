"""Importer of World Bank World Development Indicators: the World Bank's own download of a
series, or a Frictionless data package.

- The World Bank's download (``read_wdi_download``): ``API_<CODE>_DS2_en_csv_v2_<N>.csv`` as
  its site serves it, or the zip holding it beside its ``Metadata_*.csv``; years as columns;
  its "Last Updated Date" line is the release (the rows' ``as_of``).
- A data package: a folder with ``data.csv`` (Country Name, Country Code, Year, Value) and
  ``datapackage.json`` (title, licence, ...), as the Frictionless "datasets" project publishes.

``read_wdi`` takes either and maps the series to the catalogue's indicators, units and ISO
codes; the values stay the published text ("1.03417E+11" as written).
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
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


#: The preamble line of a World Bank download that dates its release.
_LAST_UPDATED = re.compile(r'^\ufeff?"?Last Updated Date"?\s*,\s*"?([0-9]{4}-[0-9]{2}-[0-9]{2})"?')


def _download_bytes(path: Path) -> tuple[bytes, str, bytes | None]:
    """The CSV of a World Bank download (the file, or the ``API_*.csv`` of its zip), read
    within the library's limits, its name, and its ``Metadata_Indicator_*.csv`` (in the zip,
    or beside the CSV; None where there is none)."""
    from integration_indicators.io.limits import LIMITS
    from integration_indicators.io.safe_read import read_bytes

    limit = LIMITS.max_csv_bytes
    data = read_bytes(path, path.name, limit)
    if isinstance(data, Problem):
        raise ValidationError([data], str(path))
    if path.suffix.lower() != ".zip":
        beside = path.parent / f"Metadata_Indicator_{path.name}"
        metadata = read_bytes(beside, beside.name, limit) if beside.is_file() else None
        return data, path.name, metadata if isinstance(metadata, bytes) else None

    def member(book: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
        """A member's bytes, never more than the limit decompressed."""
        with book.open(info) as stream:
            body = stream.read(limit + 1)
        if max(info.file_size, len(body)) > limit:
            raise ValidationError(
                [
                    Problem(
                        path.name,
                        None,
                        info.filename,
                        len(body),
                        "file-too-large",
                        f"expands beyond {limit} bytes",
                    )
                ],
                str(path),
            )
        return body

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            members = [i for i in book.infolist() if re.fullmatch(r"API_[^/]*\.csv", i.filename)]
            if len(members) != 1:
                raise ValidationError(
                    [
                        Problem(
                            path.name,
                            None,
                            None,
                            None,
                            "wdi-download",
                            "holds no one API_*.csv (the series' data)",
                        )
                    ],
                    str(path),
                )
            notes = [i for i in book.infolist() if i.filename.startswith("Metadata_Indicator")]
            body = member(book, members[0])
            metadata = member(book, notes[0]) if notes else None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        said = Problem(path.name, None, None, None, "wdi-download", f"cannot read this zip: {exc}")
        raise ValidationError([said], str(path)) from None
    return body, members[0].filename, metadata


def read_wdi_download(
    path: str | Path,
    *,
    geos: Iterable[str] | None = None,
    keep_aggregates: bool = False,
    provenance: Provenance = Provenance(),  # noqa: B008 (frozen, immutable)
) -> ImportResult:
    """Read one series as the World Bank's site serves it: ``API_<CODE>_DS2_...csv`` (or the
    zip holding it), years as columns, its "Last Updated Date" line the release date (the
    ``as_of`` of its rows unless *provenance* gives one), values as written ("1.03417E+11").

    Raises ``ValidationError`` naming file, row, column and value of each problem.
    """
    from integration_indicators.io.limits import LIMITS

    file = Path(path)
    data, name, metadata = _download_bytes(file)
    text = data.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    header_at = next(
        (n for n, line in enumerate(lines[:10]) if line.lstrip('"').startswith("Country Name")),
        None,
    )
    if header_at is None:
        said = Problem(
            name,
            None,
            None,
            None,
            "wdi-download",
            "no 'Country Name' header in "
            "its first 10 lines: not a World Bank download of one series",
        )
        raise ValidationError([said], str(file))
    released = next(
        (m.group(1) for line in lines[:header_at] if (m := _LAST_UPDATED.match(line))), ""
    )
    table = pd.read_csv(
        io.StringIO("\n".join(lines[header_at:])),
        dtype="str",
        keep_default_na=False,
        engine="python",
    )
    table = table.loc[:, [c for c in table.columns if not str(c).startswith("Unnamed")]]
    years = [c for c in table.columns if re.fullmatch(r"[0-9]{4}", str(c))]
    problems = []
    if len(table.columns) > LIMITS.max_columns:
        problems.append(
            Problem(
                name,
                header_at + 1,
                None,
                len(table.columns),
                "too-many-columns",
                f"more than {LIMITS.max_columns} columns",
            )
        )
    codes = sorted(set(table.get("Indicator Code", pd.Series(dtype="str"))))
    if len(codes) != 1:
        problems.append(
            Problem(
                name,
                None,
                "Indicator Code",
                ", ".join(codes[:5]),
                "wdi-download",
                "must name one series",
            )
        )
    if problems:
        raise ValidationError(problems, str(file))
    long = table.melt(
        id_vars=["Country Name", "Country Code"],
        value_vars=years,
        var_name="Year",
        value_name="Value",
    )
    frame = checked_series_frame(long.loc[:, list(WDI_COLUMNS)], name, str(file))
    code, title = codes[0].lower(), str(table["Indicator Name"].iloc[0]) if len(table) else ""
    dated, note = release_dated(
        provenance,
        f"The World Bank's download of one WDI series ({name}); values as written",
        released,
        "Last Updated Date",
    )
    return series_result(
        frame,
        code,
        title,
        license_name="CC BY-4.0",
        provenance=dated,
        note=note,
        geos=geos,
        keep_aggregates=keep_aggregates,
        where=str(file),
        definition=_metadata_note(metadata, code),
    )


def _metadata_note(data: bytes | None, code: str) -> str:
    """The SOURCE_NOTE of *code* in a download's ``Metadata_Indicator_*.csv`` (its bytes),
    "" where none is held."""
    if data is None:
        return ""
    try:
        notes = pd.read_csv(io.BytesIO(data), dtype="str", keep_default_na=False)
    except (ValueError, pd.errors.ParserError):
        return ""
    if not {"INDICATOR_CODE", "SOURCE_NOTE"} <= set(notes.columns):
        return ""
    mine = notes[notes["INDICATOR_CODE"].str.lower() == code]
    return str(mine["SOURCE_NOTE"].iloc[0]) if len(mine) else ""


def checked_series_frame(frame: pd.DataFrame, name: str, where: str) -> pd.DataFrame:
    """*frame* (the columns of ``WDI_COLUMNS``, text) checked by ``WdiFile``: every problem
    (the first 20) named by column, value and check."""
    try:
        WdiFile.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.head(20).to_dict("records")
        raise ValidationError(
            [
                Problem(
                    name,
                    None,
                    str(c.get("column")),
                    c.get("failure_case"),
                    str(c.get("check")),
                    "not as a World Bank download writes it",
                )
                for c in cases
            ],
            where,
        ) from None
    return frame


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
    if folder.is_file() and folder.suffix.lower() == ".json":  # a saved API response
        from integration_indicators.importers.wdi_api import read_wdi_api

        return read_wdi_api(
            folder, geos=geos, keep_aggregates=keep_aggregates, provenance=provenance
        )
    if folder.is_file():  # the World Bank's own download: API_<CODE>_DS2_...csv or its zip
        return read_wdi_download(
            folder, geos=geos, keep_aggregates=keep_aggregates, provenance=provenance
        )
    meta = _package(folder)
    code = str(meta["name"])
    frame = read_checked_csv(folder / "data.csv", WDI_COLUMNS, WdiFile, str(folder))
    licenses = meta.get("licenses")
    license_name = ""
    if isinstance(licenses, list) and licenses and isinstance(licenses[0], dict):
        license_name = str(licenses[0].get("name", ""))
    note = "Frictionless data package of one WDI series; values as published in its data.csv." + (
        f" Copy updated {provenance.as_of}." if provenance.as_of else ""
    )
    return series_result(
        frame,
        code,
        str(meta.get("title", "")),
        license_name=license_name,
        provenance=provenance,
        note=note,
        geos=geos,
        keep_aggregates=keep_aggregates,
        where=str(folder),
    )


def release_dated(
    provenance: Provenance, note: str, released: str, said: str
) -> tuple[Provenance, str]:
    """*provenance* dated by the release date a file gives (*released*, "" for none) unless
    it has one, and *note* ending with that date as the file says it (*said*)."""
    dated = provenance if provenance.as_of else dataclasses.replace(provenance, as_of=released)
    return dated, note + (f"; its {said} is {released}." if released else ".")


def series_result(
    frame: pd.DataFrame,
    code: str,
    title: str,
    *,
    license_name: str,
    provenance: Provenance,
    note: str,
    geos: Iterable[str] | None,
    keep_aggregates: bool,
    where: str,
    definition: str | None = None,
) -> ImportResult:
    """One WDI series (long: Country Name, Country Code, Year, Value) as catalogue rows of
    its indicator, countries only unless *keep_aggregates*. A series ``WDI_SERIES`` does not
    map gets an indicator made from its name (*title*) and *definition*
    (``wdi_metadata``), carried in the result's ``indicators``, where a definition is given
    ("" for none); where it is None, such a series is a ``wdi-series`` error."""
    made: tuple[dict[str, str], ...] = ()
    if code not in WDI_SERIES and definition is None:
        known = ", ".join(WDI_SERIES)
        message = f"no indicator is mapped to this series; known: {known}"
        raise ValidationError(
            [Problem(Path(where).name, None, "name", code, "wdi-series", message)], where
        )
    if code not in WDI_SERIES:  # an indicator from the World Bank's own metadata
        from integration_indicators.importers.wdi_metadata import indicator_from_metadata

        made = (indicator_from_metadata(code, title, definition or "", Path(where).name),)
    countries = frame["Country Code"].isin(economy_codes())
    dropped = tuple(sorted(set(frame.loc[~countries, "Country Code"])))
    keep = (countries | keep_aggregates) & (frame["Value"] != "")
    if geos is not None:
        keep &= frame["Country Code"].isin(list(geos))
    frame = frame[keep]
    indicator, unit = (made[0]["id"], made[0]["unit"]) if made else WDI_SERIES[code]
    geo = frame["Country Code"]
    source = SourceRecord(
        id=f"wb-wdi-{code}",
        title=title,
        producer="World Bank",
        date_published=provenance.as_of,
        license=license_name,
        dataset="World Development Indicators",
        code=code,
        attribution=WDI_ATTRIBUTION,
        repository=provenance.repository,
        commit=provenance.commit,
        path=provenance.path.replace("{code}", code),
        note=note,
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
    return ImportResult(rows, source, dropped, indicators=made)
