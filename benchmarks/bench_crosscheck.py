"""Crosscheck 100,000 synthetic claims against the full bundled official data.

Run: ``python benchmarks/bench_crosscheck.py [--claims N] [--repeat R]``. The claims are
press-style rows made from the bundled official rows (population and GDP, every geo and
year, values scaled by a random factor, exact or approximate, half naming their year and
half stating only a date), so every claim needs the engine's full work: the claimed
interval from the digits as written, the official quantity of its rule, the same-period and
knowable matches, verdicts and reasons in words.

The baseline (issue 17): the same verdicts computed by one DuckDB query
(``crosscheck.sql``) over the catalogue's frames, measured in the same run, and checked to
agree with the engine's verdict, official period and reasons on every row. Target: the
engine within 3x of it, on a catalogue it has never seen (``cold``: nothing cached). Also
printed: the same catalogue checked again (``warm``: its official answers cached).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

import integration_indicators as ii
from integration_indicators.analysis.crosscheck import crosscheck

QUERY = (Path(__file__).resolve().parent / "crosscheck.sql").read_text(encoding="utf-8")


def synthetic(cat: ii.Catalogue, n: int, seed: int = 0) -> pd.DataFrame:
    """*n* press rows made from the catalogue's official rows (those of at least a million,
    so that every figure written in millions has a digit that is not 0)."""
    rng = np.random.default_rng(seed)
    obs = cat.observations()
    official = obs[
        (obs["status"] == "official")
        & obs["indicator"].isin(["population.total", "macro.gdp"])
        & (obs["value"].abs() >= 1e6)
    ]
    base = official.iloc[rng.integers(0, len(official), n)].reset_index(drop=True)
    factor = rng.choice([0.9, 0.97, 1.0, 1.02, 1.2], n)
    written = np.round(base["value"].to_numpy() * factor / 1e6, 1)
    named = rng.random(n) < 0.5
    year = base["period"].astype("int64")
    as_of = np.where(named, (year + 1).astype("str") + "-03-01", base["period"] + "-12")
    frame = base.assign(
        id=[f"synthetic-{i}" for i in range(n)],
        period=np.where(named, base["period"], as_of),
        as_of=as_of,
        period_start=np.where(
            named,
            base["period_start"],
            pd.to_datetime(base["period"] + "-12-01", format="%Y-%m-%d"),
        ),
        period_end=np.where(
            named, base["period_end"], pd.to_datetime(base["period"] + "-12-31", format="%Y-%m-%d")
        ),
        value=written * 1e6,
        lower=np.nan,
        upper=np.nan,
        value_as_written=pd.Series(written).astype("str"),
        unit_as_written="million " + base["unit"],
        qualifier=rng.choice(["exact", "approximate"], n),
        status="reported",
        figure="",
        quote="",
        source="sochi-meeting-2019-12",
    )
    return frame


def duckdb_verdicts(cat: ii.Catalogue, connection: object) -> pd.DataFrame:
    """The verdicts of ``crosscheck.sql`` over *cat*'s frames."""
    import duckdb

    assert isinstance(connection, duckdb.DuckDBPyConnection)
    for name, frame in (
        ("obs", cat.observations()),
        ("sources", cat.sources),
        ("indicators", cat.indicators),
        ("releases", cat.releases),
        ("history", cat.superseded()),
    ):
        connection.register(name, frame)
    return connection.execute(QUERY).df()


def agreement(ours: pd.DataFrame, theirs: pd.DataFrame) -> tuple[int, int]:
    """Rows of the engine's table for the synthetic claims whose verdict, official period
    and reasons the query gives too, and all such rows (the query does not cover the
    bundled claims' rules)."""
    columns = ["claim", "basis", "verdict", "official_period", "reasons"]

    def text(table: pd.DataFrame) -> pd.DataFrame:
        rows = table.loc[table["claim"].astype("str").str.startswith("synthetic-"), columns]
        return rows.astype("object").fillna("").astype("str")

    merged = text(ours).merge(
        text(theirs), on=["claim", "basis"], how="outer", suffixes=("", "_sql"), indicator=True
    )
    same = merged["_merge"] == "both"
    for column in ("verdict", "official_period", "reasons"):
        same &= merged[column] == merged[f"{column}_sql"]
    return int(same.sum()), len(merged)


def main() -> None:
    import duckdb

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cat = ii.load()
    claims = synthetic(cat, args.claims)
    observations = pd.concat([cat.observations(), claims], ignore_index=True)
    warm = cat.with_rows(observations, cat.superseded())
    connection = duckdb.connect()

    times: dict[str, list[float]] = {"duckdb": [], "cold": [], "warm": []}
    for _ in range(args.repeat):
        cold = cat.with_rows(observations, cat.superseded())  # a catalogue never checked
        for name, checked in (("duckdb", cold), ("cold", cold), ("warm", warm)):
            start = time.perf_counter()
            if name == "duckdb":
                duckdb_verdicts(checked, connection)
            else:
                crosscheck(checked)
            times[name].append(time.perf_counter() - start)
    base, first, again = (statistics.median(times[k]) for k in times)
    ours = crosscheck(warm)
    same, rows = agreement(ours, duckdb_verdicts(warm, connection))
    print(
        f"claims: {args.claims:,}; crosscheck rows: {len(ours):,}; the query agrees on "
        f"{same:,} of {rows:,} (verdict, official period, reasons)"
    )
    print(f"duckdb query (baseline)     {base:8.3f} s")
    print(f"crosscheck, cold catalogue  {first:8.3f} s   {first / base:6.2f}x   (target <= 3x)")
    print(f"crosscheck, checked again   {again:8.3f} s   {again / base:6.2f}x")


if __name__ == "__main__":
    main()
