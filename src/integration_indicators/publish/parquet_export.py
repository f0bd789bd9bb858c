"""Exporting a catalogue as Parquet: one file per table, values exact, units in the metadata.

``observations.parquet`` holds ``Catalogue.observations`` as it is (floats in the
indicator's canonical unit, periods as dates, text as UTF-8), and its schema's key-value
metadata carries the canonical unit of every indicator (``integration_indicators.units``) and
the id, title and producer of every source (``integration_indicators.sources``), so that a
reader without this library (DuckDB, Polars, Spark) knows what the numbers are.
``sources.parquet`` and ``indicators.parquet`` hold the other two tables.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from integration_indicators.catalogue import Catalogue
from integration_indicators.io.outputs import catalogue_paths, replace_directory

#: Key-value metadata keys of observations.parquet.
UNITS_KEY = b"integration_indicators.units"
SOURCES_KEY = b"integration_indicators.sources"


def _write(frame: pd.DataFrame, path: Path, extra: dict[bytes, bytes] | None = None) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    if extra:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), **extra})
    pq.write_table(table, path, compression="zstd")


def export_parquet(catalogue: Catalogue, directory: str | os.PathLike[str]) -> Path:
    """Write the catalogue's three tables as Parquet files in *directory*, all or nothing.

    *directory* must be new, empty or an earlier Parquet export of the library.
    """
    units = dict(zip(catalogue.indicators["id"], catalogue.indicators["unit"], strict=True))
    sources = catalogue.sources.loc[:, ["id", "title", "producer"]].fillna("")
    metadata = {
        UNITS_KEY: json.dumps(units, ensure_ascii=False).encode(),
        SOURCES_KEY: json.dumps(sources.to_dict("records"), ensure_ascii=False).encode(),
    }

    def build(staging: Path) -> None:
        _write(catalogue.observations(), staging / "observations.parquet", metadata)
        _write(catalogue.sources, staging / "sources.parquet")
        _write(catalogue.indicators, staging / "indicators.parquet")

    return replace_directory(directory, "parquet", build, protect=catalogue_paths(catalogue))
