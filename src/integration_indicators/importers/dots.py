"""Importer of the IMF Direction of Trade Statistics (DOTS) extract of Belarus and Russia.

The extract lists goods trade in US$ millions by reporter, flow, partner and year. Exports are
FOB and imports CIF, so the two reporters' figures of the same flow differ: geo is always the
reporter, and the two sides are never mixed in one series.
"""

from __future__ import annotations

from pathlib import Path

import pandera.pandas as pa
from pandera.typing import Series

from integration_indicators.importers.imports import (
    ImportResult,
    Provenance,
    SourceRecord,
    observation_frame,
    read_checked_csv,
)
from integration_indicators.validation.schemas import is_number_or_empty, is_year

DOTS_COLUMNS = ("reporter", "flow", "partner", "year", "value_usd_millions", "source_file")

#: Names the IMF uses for the countries of the extract -> ISO 3166-1 alpha-3 ("" = World).
DOTS_AREAS = {
    "Belarus": "BLR",
    "Belarus, Rep. of": "BLR",
    "Russian Federation": "RUS",
    "World": "",
}

#: Flows of the extract -> indicator id.
DOTS_FLOWS = {"Exports, FOB": "trade.goods.exports", "Imports, CIF": "trade.goods.imports"}


class DotsFile(pa.DataFrameModel):
    """The DOTS extract, every cell as text."""

    reporter: Series[str]
    flow: Series[str]
    partner: Series[str]
    year: Series[str]
    value_usd_millions: Series[str]
    source_file: Series[str]

    @pa.check("reporter", name="dots-reporter")
    def _reporter(cls, s: Series[str]) -> Series[bool]:
        return s.isin([name for name, code in DOTS_AREAS.items() if code])  # type: ignore[return-value]

    @pa.check("partner", name="dots-area")
    def _partner(cls, s: Series[str]) -> Series[bool]:
        return s.isin(DOTS_AREAS)  # type: ignore[return-value]

    @pa.check("flow", name="dots-flow")
    def _flow(cls, s: Series[str]) -> Series[bool]:
        return s.isin(DOTS_FLOWS)  # type: ignore[return-value]

    @pa.check("year", name="year")
    def _year(cls, s: Series[str]) -> Series[bool]:
        return is_year(s)  # type: ignore[return-value]

    @pa.check("value_usd_millions", name="number-or-empty")
    def _value(cls, s: Series[str]) -> Series[bool]:
        return is_number_or_empty(s)  # type: ignore[return-value]

    class Config:
        strict = True


def read_dots(
    path: str | Path,
    *,
    provenance: Provenance = Provenance(),  # noqa: B008 (frozen, immutable)
) -> ImportResult:
    """Read the DOTS extract (CSV) into catalogue observations of exports and imports.

    Raises
    ------
    ValidationError
        For a malformed file or an unknown reporter, partner or flow, with file, row, column
        and value of each problem.
    """
    file = Path(path)
    frame = read_checked_csv(file, DOTS_COLUMNS, DotsFile, str(file))
    frame = frame[frame["value_usd_millions"] != ""]
    geo = frame["reporter"].map(DOTS_AREAS)
    counterpart = frame["partner"].map(DOTS_AREAS)
    indicator = frame["flow"].map(DOTS_FLOWS)
    source = SourceRecord(
        id="imf-dots-blr-rus",
        title="Direction of Trade Statistics (DOTS): Belarus and the Russian Federation",
        producer="IMF",
        dataset="Direction of Trade Statistics (DOTS)",
        repository=provenance.repository,
        commit=provenance.commit,
        path=provenance.path,
        note=(
            "Goods trade in US$ millions, as reported by Belarus and by the Russian Federation "
            "(exports FOB, imports CIF): an extract of the DOTS Excel tables. The provenance "
            "gives no licence, so license is empty."
        ),
    )
    flow = indicator.str.rsplit(".", n=1).str[-1]
    partner = counterpart.replace("", "wld").str.lower()
    rows = observation_frame(
        {
            "id": "dots-" + geo.str.lower() + "-" + flow + "-" + partner + "-" + frame["year"],
            "indicator": indicator,
            "geo": geo,
            "counterpart": counterpart,
            "period": frame["year"],
            "as_of": provenance.as_of,
            "value": frame["value_usd_millions"],
            "unit": "million USD",
            "qualifier": "exact",
            "status": "official",
            "cited_source": frame["source_file"],
            "source": source.id,
        }
    )
    return ImportResult(rows, source)
