"""Panels past one machine's memory: the pandas, DuckDB and Spark engines on BACI-like Parquet.

Run: ``python benchmarks/bench_panel_engines.py --rows 10000000 100000000 300000000
[--engines pandas duckdb plain spark] [--memory-limit 4GB] [--work DIR]``.

For each size it writes (once, kept in ``--work``) a synthetic BACI-like panel as Parquet,
six columns laid out as the guide says: ``indicator`` (the HS product code), ``geo`` (the
exporter), ``counterpart`` (the importer), ``period`` (1995-2024), ``value`` (thousand US$,
``unit``) and ``quantity`` (tonnes, carried along). Every (product, exporter, importer) series
runs over the 30 years, so growth is defined almost everywhere. Then, each in a process of its
own (so that peaks are not shared), it measures time and peak resident memory of:

- ``duckdb``: ``check-panel``'s path (``check_panel_outcome`` on DuckDB with the memory limit,
  spilling to ``--work``), writing the normalised panel with growth to Parquet;
- ``plain``: one DuckDB SQL script doing the same checks by hand with the same limit (distinct
  values joined to tables of the valid ones, one pass counting the broken rows, a grouping
  for duplicate keys, a window for growth written to Parquet): the floor an engine layer
  could reach;
- ``pandas``: the in-memory engine on the same files (where they fit);
- ``spark``: Spark local on every core, same output (time only: its JVM is another process).

Peak memory is the child process's high-water mark (``ru_maxrss``), DuckDB's own allocations
included; Spark's JVM is a process of its own, not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

YEARS = 30
EXPORTERS = 200
IMPORTERS = 200


def economies() -> list[str]:
    import pycountry

    return sorted(c.alpha_3 for c in pycountry.countries)[:EXPORTERS]


def products(rows: int) -> int:
    return max(1, -(-rows // (YEARS * EXPORTERS * IMPORTERS)))


def write_panel(rows: int, work: Path) -> Path:
    """The synthetic panel of *rows* rows as Parquet (written by DuckDB, out of core)."""
    import duckdb

    target = work / f"baci-{rows}"
    done = target / "_done"
    if done.exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    codes = economies()
    con = duckdb.connect()
    con.execute("SET memory_limit = '4GB'")
    con.execute(f"SET temp_directory = '{work / 'spill'}'")
    con.execute(
        "CREATE TABLE geo AS SELECT unnest(?::VARCHAR[]) AS code, "
        "generate_subscripts(?::VARCHAR[], 1) - 1 AS n",
        [codes, codes],
    )
    con.execute(f"""
        COPY (
          SELECT 'hs92.' || lpad(CAST((i // {YEARS * EXPORTERS * IMPORTERS}) AS VARCHAR), 6, '0')
                   AS indicator,
                 e.code AS geo, m.code AS counterpart,
                 CAST(1995 + i % {YEARS} AS VARCHAR) AS period,
                 round(1 + hash(i) % 1000000 / 7.0, 3) AS value,
                 'thousand USD' AS unit,
                 round(hash(i + 1) % 100000 / 3.0, 3) AS quantity
          FROM range({rows}) t(i)
          JOIN geo e ON e.n = (i // {YEARS}) % {EXPORTERS}
          JOIN geo m ON m.n = (i // {YEARS * EXPORTERS}) % {IMPORTERS}
        ) TO '{target}' (FORMAT parquet, PER_THREAD_OUTPUT, ROW_GROUP_SIZE 1000000)
    """)
    done.write_text("")
    return target


def indicators(rows: int) -> object:
    import pandas as pd

    ids = [f"hs92.{n:06d}" for n in range(products(rows))]
    return pd.DataFrame({"id": ids, "unit": ["USD"] * len(ids)})


def run_engine(engine: str, panel: Path, rows: int, limit: str, work: Path) -> dict[str, object]:
    """One measurement, in this (child) process."""
    out = work / f"out-{engine}-{rows}"
    started = time.perf_counter()
    if engine == "plain":
        checked = plain_query(panel, rows, limit, work, out)
    else:
        from integration_indicators.validation.panel_outcome import check_panel_outcome

        spill = str(work / "spill") if engine == "duckdb" else None
        memory = limit if engine == "duckdb" else None
        outcome = check_panel_outcome(
            panel,
            indicators(rows),
            engine=engine,
            output=out,  # type: ignore[arg-type]
            memory_limit=memory,
            spill=spill,
        )
        checked = {"rows": outcome.rows, "problems": outcome.counts}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB -> GiB
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "peak_gib": round(peak, 2),
        **checked,
    }


def plain_query(panel: Path, rows: int, limit: str, work: Path, out: Path) -> dict[str, object]:
    """The same checks written by hand in DuckDB SQL, with the same memory limit."""
    import shutil

    import duckdb

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{limit}'")
    con.execute(f"SET temp_directory = '{work / 'spill'}'")
    con.execute("SET preserve_insertion_order = false")
    con.execute(
        f"CREATE VIEW p AS SELECT * FROM read_parquet('{panel}/*.parquet', filename=true, "
        "file_row_number=true)"
    )
    known = [f"hs92.{n:06d}" for n in range(products(rows))]
    con.execute("CREATE TABLE ind AS SELECT unnest(?::VARCHAR[]) AS id", [known])
    con.execute("CREATE TABLE eco AS SELECT unnest(?::VARCHAR[]) AS code", [economies()])
    for column in ("indicator", "geo", "counterpart", "period", "unit"):  # distinct values
        con.execute(f"SELECT DISTINCT {column} FROM p").fetchall()
    counts = con.execute("""
        SELECT count(*) AS rows,
               count(*) FILTER (WHERE ind.id IS NULL) AS unknown_indicator,
               count(*) FILTER (WHERE g.code IS NULL OR c.code IS NULL) AS iso_country,
               count(*) FILTER (WHERE NOT regexp_full_match(period, '[0-9]{4}')) AS period,
               count(*) FILTER (WHERE value IS NULL OR isnan(value) OR isinf(value)) AS number,
               count(*) FILTER (WHERE unit <> 'thousand USD') AS unit
        FROM p LEFT JOIN ind ON p.indicator = ind.id
               LEFT JOIN eco g ON p.geo = g.code LEFT JOIN eco c ON p.counterpart = c.code
    """).fetchone()
    duplicates = con.execute("""
        SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM p
        GROUP BY indicator, geo, counterpart, period HAVING count(*) > 1)
    """).fetchone()
    con.execute(f"""
        COPY (
          SELECT indicator, geo, counterpart, period, value * 1000 AS value, 'USD' AS unit,
                 quantity,
                 CASE WHEN lag(value) OVER w IS NULL THEN NULL
                      WHEN CAST(period AS INTEGER) - lag(CAST(period AS INTEGER)) OVER w <> 1
                        THEN NULL
                      WHEN NOT lag(value * 1000) OVER w > 0 THEN NULL
                      ELSE (value * 1000 / lag(value * 1000) OVER w - 1) * 100 END AS growth
          FROM p WINDOW w AS (PARTITION BY indicator, geo, counterpart ORDER BY period)
        ) TO '{out / "part-0.parquet"}' (FORMAT parquet)
    """)
    assert counts is not None and duplicates is not None
    rules = ("unknown-indicator", "iso-country", "period", "number", "unit")
    problems = {k: v for k, v in zip(rules, counts[1:], strict=True) if v}
    if duplicates[0]:
        problems["duplicate-key"] = duplicates[0]
    return {"rows": counts[0], "problems": problems}


def measure(engine: str, panel: Path, rows: int, limit: str, work: Path) -> dict[str, object]:
    """Run one engine in a child process; its time, peak memory and report."""
    child = [sys.executable, __file__, "--child", engine, str(panel), str(rows), limit, str(work)]
    done = subprocess.run(child, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"engine": engine, "rows": rows, "failed": tail[:300]}
    return {"engine": engine, **json.loads(done.stdout.strip().splitlines()[-1])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000_000])
    parser.add_argument("--engines", nargs="+", default=["plain", "duckdb", "pandas", "spark"])
    parser.add_argument("--memory-limit", default="4GB")
    parser.add_argument("--work", default="/tmp/ii-bench-panels")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, panel, rows, limit, work = args.child
        print(json.dumps(run_engine(engine, Path(panel), int(rows), limit, Path(work))))
        return
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    for rows in args.rows:
        started = time.perf_counter()
        panel = write_panel(rows, work)
        size = sum(f.stat().st_size for f in panel.glob("*.parquet"))
        print(
            f"{rows:,} rows: {size / 2**30:.2f} GiB of Parquet "
            f"(written in {time.perf_counter() - started:.0f} s)",
            flush=True,
        )
        for engine in args.engines:
            print(json.dumps(measure(engine, panel, rows, args.memory_limit, work)), flush=True)


if __name__ == "__main__":
    os.environ.setdefault("PYARROW_IGNORE_TIMEZONE", "1")
    main()
