"""A user's big catalogue: all 14 WDI series for every economy plus all of IMF DOTS.

Run: ``python benchmarks/bench_catalogue.py [--catalogue DIR] [--repeat 3]``. Without
``--catalogue`` it first builds one in a temporary directory with the command line (``init``,
``import wdi`` of the 14 series, ``import dots-workbooks`` of the 235 workbooks) from
``../shared/official``. Then it reports medians and ratios measured in the same run:

- validating the catalogue cold (``load(cache=False)``: read, every schema and rule,
  normalised values) against ``pandas.read_csv`` of the same observation files (target 3x);
- importing the 14 WDI series (``read_wdi`` of each, then ``validate_imports``: the rows
  checked as a catalogue) against ``pandas.read_csv`` of their 14 ``data.csv`` (target 3x).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from interleave import interleaved_medians

import integration_indicators as ii
from integration_indicators.importers.imports import validate_imports
from integration_indicators.importers.wdi import read_wdi

OFFICIAL = Path(__file__).resolve().parents[1].parent / "shared" / "official"
WDI = OFFICIAL / "world-bank-wdi"
WORKBOOKS = OFFICIAL / "imf-dots" / "workbooks"


def build(directory: Path) -> None:
    """The big catalogue, made by the command line as a user would."""
    cli = [sys.executable, "-m", "integration_indicators.cli"]
    series = sorted(str(p) for p in WDI.iterdir() if p.is_dir())
    for command in (
        ["init", str(directory)],
        ["import", "wdi", *series, "-o", str(directory), "--name", "wdi-all"],
        [
            "import",
            "dots-workbooks",
            str(WORKBOOKS),
            "-o",
            str(directory),
            "--name",
            "dots-all",
            "--quiet",
        ],
    ):
        subprocess.run([*cli, *command], check=True, stdout=subprocess.DEVNULL)


def read_all(paths: list[Path]) -> int:
    return sum(len(pd.read_csv(path, low_memory=False)) for path in paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--catalogue", type=Path, help="an existing big catalogue to load")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = args.catalogue
        if directory is None:
            directory = Path(scratch) / "big"
            start = time.perf_counter()
            build(directory)
            print(
                f"built the catalogue with the command line in {time.perf_counter() - start:.0f} s"
            )
        files = sorted(directory.glob("observations*.csv"))
        rows = len(ii.load(directory, cache=False).observations())
        timed = interleaved_medians(
            {"load": lambda: ii.load(directory, cache=False), "read": lambda: read_all(files)},
            args.repeat,
            warm_up=False,
        )
        load_s, read_s = timed["load"], timed["read"]
        size = sum(f.stat().st_size for f in files) / 2**20
        print(f"catalogue: {rows:,} observations in {len(files)} files ({size:.0f} MiB)")
        print(f"  pandas read_csv        {read_s:6.2f} s")
        print(f"  load(cache=False)      {load_s:6.2f} s   {load_s / read_s:.2f}x (target 3x)")

    series = sorted(p for p in WDI.iterdir() if p.is_dir())
    data = [p / "data.csv" for p in series]
    imported = validate_imports([read_wdi(p) for p in series])
    timed = interleaved_medians(
        {
            "wdi": lambda: validate_imports([read_wdi(p) for p in series]),
            "read": lambda: read_all(data),
        },
        args.repeat,
    )
    wdi_s, base_s = timed["wdi"], timed["read"]
    print(f"WDI import: {len(series)} series, {len(imported.observations()):,} rows kept")
    print(f"  pandas read_csv        {base_s:6.2f} s")
    print(f"  read_wdi + validation  {wdi_s:6.2f} s   {wdi_s / base_s:.2f}x (target 3x)")


if __name__ == "__main__":
    main()
