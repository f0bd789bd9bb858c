"""WDI series in the World Bank's wide CSV files of many series: a DataBank export (one row
per economy and series, ``Country Name, Country Code, Series Name, Series Code``, one column
per year written ``2019 [YR2019]``, ``..`` where there is no value, and a footer after empty
rows: "Data from database: World Development Indicators", "Last Updated: 01/28/2025") and
the bulk download's ``WDICSV.csv`` (``WDIData.csv`` before 2023: ``Indicator Name,
Indicator Code``, years written ``2019``, empty where there is no value, the same header as a
one-series download without its preamble).

One file holds any number of series: ``read_wdi_databank`` gives one import per series,
its "Last Updated" date the release (the rows' ``as_of``). A series no indicator maps gets
one made from its name (``wdi_metadata``); where a name says no unit or topic, the import
is refused naming every such series at once.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from integration_indicators.errors import Problem, ValidationError
from integration_indicators.importers.imports import ImportResult, Provenance
from integration_indicators.importers.wdi import (
    WDI_COLUMNS,
    checked_series_frame,
    release_dated,
    series_result,
)

#: The columns a DataBank export opens with (the bulk file's name the series "Indicator").
DATABANK_HEADER = ("Country Name", "Country Code", "Series Name", "Series Code")
BULK_HEADER = ("Country Name", "Country Code", "Indicator Name", "Indicator Code")

_YEAR = re.compile(r"([0-9]{4})(?: \[YR\1\])?")
_UPDATED = re.compile(r'^"?Last Updated: ([0-9]{2})/([0-9]{2})/([0-9]{4})')


def is_databank_export(path: str | Path) -> bool:
    """Whether *path* is a CSV file whose header is a DataBank export's or the bulk WDI
    file's (read: its first line only, at most 64 KiB). A one-series download
    (``API_<CODE>_...csv``) is not: its own reader takes its metadata beside it."""
    file = Path(path)
    if not file.is_file() or file.suffix.lower() != ".csv" or file.name.startswith("API_"):
        return False
    with file.open("rb") as stream:
        first = stream.read(64 * 1024).split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
    plain = first.replace('"', "")
    return plain.startswith((",".join(DATABANK_HEADER), ",".join(BULK_HEADER)))


def read_wdi_databank(
    path: str | Path,
    *,
    geos: Iterable[str] | None = None,
    keep_aggregates: bool = False,
    provenance: Provenance = Provenance(),  # noqa: B008 (frozen, immutable)
) -> list[ImportResult]:
    """Every series of a DataBank export, one import each, values as written, the export's
    "Last Updated" date the release unless *provenance* gives one.

    Raises ``ValidationError`` naming the file and every problem: a header that is not an
    export's, a year column that is not ``YYYY [YRYYYY]``, a value that is not a number or
    ``..``, series whose unit or topic their names do not say.
    """
    from integration_indicators.io.limits import LIMITS
    from integration_indicators.io.safe_read import read_bytes

    file = Path(path)
    name, where = file.name, str(file)
    data = read_bytes(file, name, LIMITS.max_csv_bytes)
    if isinstance(data, Problem):
        raise ValidationError([data], where)
    lines = data.decode("utf-8-sig", errors="replace").splitlines()
    end = next(
        (n for n, line in enumerate(lines) if not line.replace(",", "").strip()), len(lines)
    )  # the footer follows the first empty row
    released = next(
        (
            f"{m.group(3)}-{m.group(1)}-{m.group(2)}"
            for line in lines[end:]
            if (m := _UPDATED.match(line))
        ),
        "",
    )
    table = pd.read_csv(io.StringIO("\n".join(lines[:end])), dtype="str", keep_default_na=False)
    table = table.loc[:, [c for c in table.columns if not str(c).startswith("Unnamed")]]
    if tuple(table.columns[:4]) == BULK_HEADER:  # the bulk file: named as an export
        table = table.rename(columns=dict(zip(BULK_HEADER, DATABANK_HEADER, strict=True)))
    problems: list[Problem] = []
    if tuple(table.columns[:4]) != DATABANK_HEADER:
        problems.append(
            Problem(
                name,
                1,
                None,
                ", ".join(map(str, table.columns[:4])),
                "wdi-download",
                "not the header of a DataBank export or of the bulk WDI file",
            )
        )
    years = {str(c): m.group(1) for c in table.columns[4:] if (m := _YEAR.fullmatch(str(c)))}
    other = [str(c) for c in table.columns[4:] if str(c) not in years]
    if other:
        problems.append(
            Problem(
                name,
                1,
                other[0],
                other[0],
                "wdi-download",
                "a year column is written 2019 [YR2019] or 2019",
            )
        )
    if len(table.columns) > LIMITS.max_columns:
        problems.append(
            Problem(
                name,
                1,
                None,
                len(table.columns),
                "too-many-columns",
                f"more than {LIMITS.max_columns} columns",
            )
        )
    if problems:
        raise ValidationError(problems, where)
    long = table.melt(
        id_vars=list(DATABANK_HEADER), value_vars=list(years), var_name="Year", value_name="Value"
    )
    long["Year"] = long["Year"].map(years)
    long["Value"] = long["Value"].where(long["Value"] != "..", "")
    # checked once for every series (names, codes, years, values), then split by series
    checked_series_frame(long.loc[:, list(WDI_COLUMNS)], name, where)
    results: list[ImportResult] = []
    refused: list[Problem] = []
    for code, rows in long.groupby("Series Code", sort=True):
        try:
            results.append(
                _series(
                    rows,
                    str(code),
                    file=file,
                    provenance=provenance,
                    geos=geos,
                    keep_aggregates=keep_aggregates,
                    released=released,
                )
            )
        except ValidationError as exc:
            refused += exc.problems
    if refused:
        raise ValidationError(refused, where)
    return results


def _series(
    rows: pd.DataFrame,
    code: str,
    *,
    file: Path,
    provenance: Provenance,
    geos: Iterable[str] | None,
    keep_aggregates: bool,
    released: str,
) -> ImportResult:
    """One series of an export as an import (an indicator made from its name where none maps
    it)."""
    name, where = file.name, str(file)
    frame = rows.loc[:, list(WDI_COLUMNS)].reset_index(drop=True)  # checked with the file
    key, title = code.lower(), str(rows["Series Name"].iloc[0])
    dated, note = release_dated(
        provenance,
        f"A World Bank DataBank export of WDI ({name}), series {code}; values as written",
        released,
        "Last Updated date",
    )
    return series_result(
        frame,
        key,
        title,
        license_name="CC BY-4.0",
        provenance=dated,
        note=note,
        geos=geos,
        keep_aggregates=keep_aggregates,
        where=where,
        definition="",
    )
