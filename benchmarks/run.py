"""Run every benchmark: ``python benchmarks/run.py`` (add ``--quick`` for 1M rows only).

Prints the import and load timings (bench_load.py), then the panel pipeline at 1M and 10M
rows with categorical and with plain text columns (bench_panel.py), each with its ratios to
the baselines measured in the same run; ``--big`` adds the WDI + DOTS catalogue
(bench_catalogue.py, which first builds it from ../shared/official: a few minutes) and the
panel engines on a 10M-row BACI-like Parquet panel (bench_panel_engines.py; its own
``--rows 100000000 300000000`` for the out-of-core sizes: about 25 minutes).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the panel at 1M rows only")
    parser.add_argument("--big", action="store_true", help="also the WDI + DOTS catalogue")
    args = parser.parse_args()
    rows = ["1000000"] if args.quick else ["1000000", "10000000"]
    subprocess.run([sys.executable, str(HERE / "bench_load.py")], check=True)
    panel = [sys.executable, str(HERE / "bench_panel.py"), "--rows", *rows]
    subprocess.run(panel, check=True)
    subprocess.run([*panel, "--text"], check=True)
    if args.big:
        subprocess.run([sys.executable, str(HERE / "bench_catalogue.py")], check=True)
        subprocess.run([sys.executable, str(HERE / "bench_panel_engines.py")], check=True)


if __name__ == "__main__":
    main()
