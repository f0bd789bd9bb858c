"""A cache entry of a big catalogue: its size and the CPU time to write and read it, against
reading the same rows from CSV with pandas (issue 36).

The bundled observations repeated to about 2 million rows (ids made unique), encoded and
decoded in memory with ``cache.encode`` and ``cache.decode``, as a load's cache does.

    python benchmarks/bench_cache_entry.py [--copies 280]
"""

from __future__ import annotations

import argparse
import io
import time

import pandas as pd

import integration_indicators as ii
from integration_indicators.catalogue import cache


def main() -> None:
    """Print the entry's size, its write and read times and the CSV baseline."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=280)
    args = parser.parse_args()
    cat = ii.load()
    obs = cat.observations()
    big = pd.concat([obs] * args.copies, ignore_index=True)
    big = big.assign(id=big["id"].astype(str) + "-" + pd.Series(range(len(big))).astype(str))
    bigger = cat.with_rows(big, cat.superseded())
    start = time.process_time()
    data = cache.encode("key", bigger)
    written = time.process_time() - start
    start = time.process_time()
    back = cache.decode("key", data)
    read = time.process_time() - start
    assert back is not None and len(back.observations()) == len(big)
    text = big.to_csv(index=False).encode()
    start = time.process_time()
    pd.read_csv(io.BytesIO(text), dtype=str, keep_default_na=False)
    baseline = time.process_time() - start
    print(
        f"{len(big):,} rows: entry {len(data) / 2**20:.1f} MiB, written {written:.2f} s, "
        f"read {read:.2f} s; read_csv of the same rows {baseline:.2f} s "
        f"({read / baseline:.2f}x)"
    )


if __name__ == "__main__":
    main()
