"""One WDI series as the World Bank's Indicators API (v2) answers in JSON: a list of two
elements, a header (``page``, ``pages``, ``per_page``, ``total``, ``sourceid``,
``lastupdated``: "the date of the source's most recent update") and the records
(``indicator`` id and name, ``country``, ``countryiso3code``, ``date``, ``value``, null
where none), as the API's documentation describes them
(https://datahelpdesk.worldbank.org/knowledgebase/articles/1886674).

A saved response (``?format=json&per_page=20000`` so that one page holds the series) is read
within the library's JSON limits; its ``lastupdated`` becomes the release (the rows'
``as_of``). A response of one page of several is refused: the rest of the series is not in
the file.
"""

from __future__ import annotations

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


def _refused(
    name: str, where: str, message: str, column: str | None = None, value: object = None
) -> ValidationError:
    return ValidationError([Problem(name, None, column, value, "wdi-api", message)], where)


def _records(document: object, name: str, where: str) -> tuple[dict[str, object], list[object]]:
    """The header and the records of a response, or why it is not one."""
    if not (
        isinstance(document, list)
        and len(document) == 2
        and isinstance(document[0], dict)
        and isinstance(document[1], list)
    ):
        said = "not an API response: a list of a header and a list of records"
        if (
            isinstance(document, list)
            and document
            and isinstance(document[0], dict)
            and ("message" in document[0])
        ):
            said = f"the API answered with a message, not data: {document[0]['message']}"
        raise _refused(name, where, said)
    header, records = document
    page, pages = header.get("page"), header.get("pages")
    if pages not in (None, 0, 1, "1", "0") or page not in (None, 1, "1"):
        raise _refused(
            name,
            where,
            f"holds page {page} of {pages}: ask for the whole series in one page (per_page=20000)",
            "page",
            page,
        )
    return header, records


def read_wdi_api(
    path: str | Path,
    *,
    geos: Iterable[str] | None = None,
    keep_aggregates: bool = False,
    provenance: Provenance = Provenance(),  # noqa: B008 (frozen, immutable)
) -> ImportResult:
    """Read one series from a saved response of the World Bank's Indicators API (JSON, v2):
    annual values as catalogue observations, the header's ``lastupdated`` the release
    date (the ``as_of`` of its rows unless *provenance* gives one).

    Raises ``ValidationError`` naming the file and what in it is not a response of one
    series: another shape, one page of several, two series, a date that is not a year, a
    value that is not a number.
    """
    from integration_indicators.io.safe_read import read_json

    file = Path(path)
    name, where = file.name, str(file)
    header, records = _records(read_json(file, name, where), name, where)
    rows = [r for r in records if isinstance(r, dict)]
    if len(rows) != len(records):
        raise _refused(name, where, "a record is not an object")
    frame = pd.json_normalize(rows, max_level=1) if rows else pd.DataFrame()
    needed = [
        "indicator.id",
        "indicator.value",
        "country.value",
        "countryiso3code",
        "date",
        "value",
    ]
    missing = [c for c in needed if c not in frame.columns]
    if missing or frame.empty:
        raise _refused(name, where, f"records without {', '.join(missing) or 'any rows'}")
    codes = sorted(set(frame["indicator.id"].astype("str")))
    if len(codes) != 1:
        raise _refused(name, where, "must hold one series", "indicator", ", ".join(codes[:5]))
    dates = frame["date"].astype("str")
    other = sorted(set(dates[~dates.str.fullmatch(r"[0-9]{4}")]))
    if other:
        raise _refused(name, where, "annual series only (a date is a year)", "date", other[0])
    values = frame["value"]
    numbers = pd.to_numeric(values, errors="coerce")
    wrong = values.notna() & numbers.isna()
    if wrong.any():
        raise _refused(name, where, "a value is not a number", "value", values[wrong].iloc[0])
    written = numbers.astype("float64").astype("str").where(numbers.notna(), "")
    long = pd.DataFrame(
        {
            "Country Name": frame["country.value"].astype("str"),
            "Country Code": frame["countryiso3code"].fillna("").astype("str"),
            "Year": dates,
            "Value": written.astype("str"),
        }
    )
    long = checked_series_frame(long.loc[:, list(WDI_COLUMNS)], name, where)
    released = str(header.get("lastupdated") or "")
    released = released if re.fullmatch(r"\d{4}-\d{2}-\d{2}", released) else ""
    code, title = codes[0].lower(), str(frame["indicator.value"].iloc[0])
    dated, note = release_dated(
        provenance,
        f"The World Bank Indicators API's response (v2, JSON) for one WDI series ({name})",
        released,
        "lastupdated",
    )
    return series_result(
        long,
        code,
        title,
        license_name="CC BY-4.0",
        provenance=dated,
        note=note,
        geos=geos,
        keep_aggregates=keep_aggregates,
        where=where,
        definition="",
    )
