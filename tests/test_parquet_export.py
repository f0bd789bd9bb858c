"""Parquet export: exact values, units and sources in the metadata, readable by DuckDB."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq

import integration_indicators as ii
from integration_indicators.publish.parquet_export import SOURCES_KEY, UNITS_KEY, export_parquet


def test_duckdb_reads_the_same_numbers(tmp_path: Path) -> None:
    catalogue = ii.load()
    folder = export_parquet(catalogue, tmp_path / "parquet")
    path = (folder / "observations.parquet").as_posix()
    query = (
        f"SELECT id, value, lower, upper, unit FROM read_parquet('{path}') "
        "WHERE indicator = 'macro.gdp' AND geo = 'BLR' ORDER BY id"
    )
    connection = duckdb.connect()
    got = connection.execute(query).fetchdf()
    obs = catalogue.observations()
    want = obs[(obs["indicator"] == "macro.gdp") & (obs["geo"] == "BLR")].sort_values("id")
    assert len(got) == len(want) > 20
    assert got["id"].tolist() == want["id"].tolist()
    for column in ("value", "lower", "upper"):
        np.testing.assert_array_equal(got[column].to_numpy(), want[column].to_numpy())
    total = connection.execute(f"SELECT count(*), sum(value) FROM read_parquet('{path}')")
    count, value_sum = total.fetchall()[0]
    assert count == len(obs)
    assert np.isclose(value_sum, obs["value"].sum(), rtol=1e-12)


def test_the_round_trip_is_exact_and_the_metadata_says_units_and_sources(tmp_path: Path) -> None:
    catalogue = ii.load()
    folder = export_parquet(catalogue, tmp_path / "parquet")
    table = pq.read_table(folder / "observations.parquet")
    back = table.to_pandas()
    # Parquet has no timestamp in seconds: the same instants come back in milliseconds
    back[["period_start", "period_end"]] = back[["period_start", "period_end"]].astype(
        "datetime64[s]"
    )
    pd.testing.assert_frame_equal(back, catalogue.observations())
    units = json.loads(table.schema.metadata[UNITS_KEY])
    assert units["trade.balance"] == "USD"
    assert units["fx.official_rate"] == "LCU/USD"
    sources = json.loads(table.schema.metadata[SOURCES_KEY])
    assert {s["id"] for s in sources} == set(catalogue.sources["id"])
    assert sorted(p.name for p in folder.iterdir()) == [
        ".integration-indicators.json",
        "indicators.parquet",
        "observations.parquet",
        "sources.parquet",
    ]
