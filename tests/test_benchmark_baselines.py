"""The benchmarks' baselines compute what the library computes: a ratio against a query that
does less work, or other work, measures nothing."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

import integration_indicators as ii

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _benchmark(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))  # a benchmark imports its neighbours by name
    try:
        spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCHMARKS))
    return module


def test_the_crosscheck_query_gives_the_engines_verdicts_periods_and_reasons() -> None:
    """On synthetic claims of every decade (some judged on a held WDI release, some made
    before any), the DuckDB query of ``bench_crosscheck`` agrees with the engine on every
    row's verdict, official period and reasons."""
    duckdb = pytest.importorskip("duckdb")
    bench = _benchmark("bench_crosscheck")
    cat = ii.load()
    claims = bench.synthetic(cat, 2_000, seed=7)
    named = (claims["period"] != claims["as_of"]).to_numpy()
    year = claims["period"].str[:4].astype("int64").to_numpy()
    # claims made after a held release that holds their period (the 2018 release ends in
    # 2016) and, naming none, after the 2026 releases: judged on what those published
    claims.loc[named & (year <= 2016), "as_of"] = "2019-06-01"
    late = ~named & (year >= 2020)
    claims.loc[late, ["period", "as_of"]] = "2026-06"
    claims.loc[late, "period_start"] = pd.Timestamp("2026-06-01")
    claims.loc[late, "period_end"] = pd.Timestamp("2026-06-30")
    checked = cat.with_rows(
        pd.concat([cat.observations(), claims], ignore_index=True), cat.superseded()
    )
    ours = checked.crosscheck()
    same, rows = bench.agreement(ours, bench.duckdb_verdicts(checked, duckdb.connect()))
    assert rows > 2_000 and same == rows
    said = ours.loc[ours["claim"].astype("str").str.startswith("synthetic-"), "reasons"]
    for words in (  # every way a release judges a claim is exercised
        "judged on its period as published in the release of 2018-08-01",
        "judged on the latest official period as published in the release of 2026-",
        "against today's revised figure",
        "no release held from before the claim holds its period",
        "no release held was out by the claim's date",
        "the latest release held from before the claim (2018-08-01) ends in",
    ):
        assert said.str.contains(words, regex=False).any(), words
