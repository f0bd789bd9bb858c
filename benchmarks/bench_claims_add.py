"""A desk's 60 claims into a catalogue of all of DOTS and WDI: ``claims add`` in one load.

Run: ``python benchmarks/bench_claims_add.py [--catalogue DIR] [--repeat 3]``. Without
``--catalogue`` it first builds one in a temporary directory with the command line, as a
user would: ``init``, ``import dots-workbooks`` of the 235 workbooks and ``import wdi`` of
the 21 series of ``../shared/official`` (every economy). The spreadsheet is the 20 claims
of ``tests/data/desk-claims.csv`` as three publications print them: 60 rows.

Each round copies the catalogue to a new directory (untimed; the cache is keyed by the
files' bytes, so a copy's load is the warm load of the original) and times, in new
processes, interleaved:

- ``claims add SHEET -o COPY``: read and complete the rows, load the catalogue (once),
  validate the claims with its definitions, write, and print every claim's verdict;
- the floor it is measured against: ``ii.load(COPY).crosscheck()``, one load and one
  crosscheck of the whole catalogue.

Target (issue 32): one load, so ``claims add`` within 1.5x of the floor (before, the
catalogue was validated again in full for the trial and once more for the verdicts).
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OFFICIAL = ROOT.parent / "shared" / "official"
SHEET = ROOT / "tests" / "data" / "desk-claims.csv"
CLI = [sys.executable, "-m", "integration_indicators.cli"]

#: Runs a command in this process and prints its CPU seconds and peak memory.
PROBE = """
import resource, sys, time
start = time.process_time()
if sys.argv[1] == "floor":
    import integration_indicators as ii
    ii.load(sys.argv[2]).crosscheck()
else:
    from integration_indicators.cli import main
    assert main(["claims", "add", sys.argv[3], "-o", sys.argv[2]]) == 0
cpu = time.process_time() - start
print(f"{cpu:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}", file=sys.stderr)
"""


def build(directory: Path) -> None:
    """All of DOTS and WDI as a catalogue, made by the command line."""
    series = sorted(
        p
        for folder in ("world-bank-wdi", "world-bank-wdi-more")
        for p in (OFFICIAL / folder).iterdir()
        if p.is_dir()
    )
    for command in (
        ["init", str(directory)],
        [
            "import",
            "dots-workbooks",
            str(OFFICIAL / "imf-dots" / "workbooks"),
            "-o",
            str(directory),
            "--name",
            "dots-all",
            "--quiet",
        ],
        ["import", "wdi", *map(str, series), "-o", str(directory), "--name", "wdi-all"],
    ):
        subprocess.run([*CLI, *command], check=True, stdout=subprocess.DEVNULL)


def sheet(path: Path) -> Path:
    """The desk's 20 claims as three publications print them: 60 rows."""
    with SHEET.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for outlet in ("Desk Gazette", "Desk Herald", "Desk Courier"):
            writer.writerows({**row, "published_in": outlet} for row in rows)
    return path


def timed(kind: str, catalogue: Path, spreadsheet: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MB of one run in a new process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PROBE, kind, str(catalogue), str(spreadsheet)],
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    )
    wall = time.perf_counter() - start
    cpu, peak = done.stderr.strip().splitlines()[-1].split()
    return wall, float(cpu), float(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--catalogue", type=Path, help="an existing catalogue of DOTS and WDI")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        base = args.catalogue
        if base is None:
            base = work / "all"
            start = time.perf_counter()
            build(base)
            print(
                f"built the catalogue of all of DOTS and WDI in {time.perf_counter() - start:.0f} s"
            )
        subprocess.run([*CLI, "validate", str(base)], check=True, stdout=subprocess.DEVNULL)
        spreadsheet = sheet(work / "desk-60.csv")
        runs: dict[str, list[tuple[float, float, float]]] = {"claims add": [], "floor": []}
        for round_ in range(args.repeat):
            for kind in ("claims add", "floor"):
                copy = work / f"copy-{round_}-{kind.replace(' ', '-')}"
                shutil.copytree(base, copy)
                runs[kind].append(
                    timed("add" if kind == "claims add" else "floor", copy, spreadsheet)
                )
                shutil.rmtree(copy)
        medians = {
            k: [statistics.median(r[i] for r in v) for i in range(3)] for k, v in runs.items()
        }
        for kind, (wall, cpu, peak) in medians.items():
            label = "claims add, 60 rows" if kind == "claims add" else "load + crosscheck (floor)"
            print(f"{label:32} {wall:7.1f} s wall {cpu:7.1f} s CPU {peak:7.0f} MB peak")
        ratio = medians["claims add"][1] / medians["floor"][1]
        print(f"claims add / floor, CPU: {ratio:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
