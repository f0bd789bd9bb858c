"""Every integration index for every reporter-partner pair of the full DOTS, in one pass.

Run: ``python benchmarks/bench_indices.py [--workbooks DIR]``. Reads all DOTS workbooks (not
timed), then times the vectorised panels (partner shares of exports, imports and turnover,
trade intensity, mirror gaps and partner concentration) against the pandas baseline the
issue names, measured in the same run: a groupby that computes partner shares alone.
Target (issue 11): <= 1.5x.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

from integration_indicators import indices
from integration_indicators.importers.dots_workbooks import read_dots_workbooks

HERE = Path(__file__).resolve().parent
WORKBOOKS = HERE.parents[1] / "shared" / "official" / "imf-dots" / "workbooks"


def load_trade(folder: Path) -> tuple[pd.DataFrame, pd.Series]:
    paths = sorted(folder.glob("DOTS_*.xlsx"), key=lambda p: int(p.stem.split("_")[1]))
    results, _ = read_dots_workbooks(paths)
    obs = pd.concat([r.observations for r in results], ignore_index=True)
    trade = pd.DataFrame(
        {
            "geo": obs["geo"],
            "counterpart": obs["counterpart"],
            "flow": obs["indicator"].str.rsplit(".", n=1).str[-1],
            "period": obs["period"],
            "value": pd.to_numeric(obs["value"]).to_numpy() * 1e6,
        }
    )
    return indices.coded(trade), indices.world_imports(str(folder / "DOTS_221.xlsx"))


def baseline(trade: pd.DataFrame) -> pd.Series:
    world = trade["value"].where(trade["counterpart"] == "")
    total = world.groupby([trade["geo"], trade["flow"], trade["period"]]).transform("max")
    return trade["value"] / total * 100


def every_index(trade: pd.DataFrame, world: pd.Series) -> int:
    return sum(len(f) for f in indices.all_indices(trade, world).values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workbooks", type=Path, default=WORKBOOKS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    trade, world = load_trade(args.workbooks)
    pairs = trade.loc[trade["counterpart"] != "", ["geo", "counterpart"]].drop_duplicates()
    print(f"rows: {len(trade):,}; pairs: {len(pairs):,}; years: {trade['period'].nunique()}")
    times: dict[str, list[float]] = {"baseline": [], "indices": []}
    for _ in range(args.repeat):
        start = time.perf_counter()
        shares = baseline(trade)
        times["baseline"].append(time.perf_counter() - start)
        start = time.perf_counter()
        rows = every_index(trade, world)
        times["indices"].append(time.perf_counter() - start)
    base, ours = (statistics.median(times[k]) for k in times)
    print(
        f"pandas groupby, partner shares alone  {base:7.3f} s ({int(np.isfinite(shares).sum()):,})"
    )
    print(
        f"every index, every pair               {ours:7.3f} s ({rows:,} rows)  "
        f"{ours / base:5.2f}x  (target <= 1.5x)"
    )


if __name__ == "__main__":
    main()
