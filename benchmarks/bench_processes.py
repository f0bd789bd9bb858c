"""What a user waits for, each in a new process, beside its floor measured in the same run.

Run: ``python benchmarks/bench_processes.py [--catalogue DIR] [--repeat 3]``. Each command
runs in a new Python process, in turn with its alternative (A, B, A, B, ...), and reports
the median wall time, CPU time and peak resident memory, and the ratio of the medians:

- ``import dots-workbooks`` of all 235 IMF workbooks into a new catalogue, against
  python-calamine reading every sheet of them (``to_python``), the reader's own floor
  (issue 36: within 3x, under 500 MB);
- with ``--catalogue`` (a catalogue of all of DOTS and WDI, its cache filled): the cached
  ``load()``, and ``load().observations()``, against ``pandas.read_csv`` of its observation
  files (issue 36: within 0.5x of read_csv and 1.2x its memory).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OFFICIAL = Path(__file__).resolve().parents[1].parent / "shared" / "official"
WORKBOOKS = OFFICIAL / "imf-dots" / "workbooks"

CALAMINE = f"""
from pathlib import Path
from python_calamine import CalamineWorkbook
for path in sorted(Path({str(WORKBOOKS)!r}).glob("*.xlsx")):
    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python(skip_empty_area=False)
"""


def measured(command: list[str], before: list[str] | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak resident bytes of *command* in a new process
    (*before*, if given, is run first and not counted)."""
    if before:
        subprocess.run(before, check=True, stdout=subprocess.DEVNULL)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        raise SystemExit(f"{' '.join(command)} failed")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def compare(name: str, steps: dict[str, tuple[list[str], list[str] | None]], repeat: int) -> None:
    """Run *steps* in turn *repeat* times; print each median and its ratio to the last."""
    rounds: dict[str, list[tuple[float, float, int]]] = {step: [] for step in steps}
    for _ in range(repeat):
        for step, (command, before) in steps.items():
            rounds[step].append(measured(command, before))
    medians = {
        step: tuple(statistics.median(r[i] for r in found) for i in range(3))
        for step, found in rounds.items()
    }
    base = list(medians.values())[-1]
    print(name)
    for step, (wall, cpu, peak) in medians.items():
        print(
            f"  {step:34s} {wall:6.2f} s wall {wall / base[0]:5.2f}x, {cpu:6.2f} s CPU "
            f"{cpu / base[1]:5.2f}x, {peak / 2**20:6.0f} MiB {peak / base[2]:5.2f}x"
        )


def compare_import(python: str, repeat: int) -> None:
    """``import dots-workbooks`` of every workbook into a new catalogue against calamine."""
    cli = [python, "-m", "integration_indicators.cli"]
    with tempfile.TemporaryDirectory() as scratch:
        target = str(Path(scratch) / "dots")
        fresh = (  # a new empty catalogue before each import, not counted
            "import shutil, subprocess, sys; "
            f"shutil.rmtree({target!r}, ignore_errors=True); "
            "subprocess.run([sys.executable, '-m', 'integration_indicators.cli', 'init', "
            f"{target!r}], check=True, stdout=subprocess.DEVNULL)"
        )
        importing = [*cli, "import", "dots-workbooks", str(WORKBOOKS), "-o", target]
        compare(
            "import dots-workbooks of all 235 workbooks, against calamine alone:",
            {
                "import dots-workbooks (235)": (
                    [*importing, "--name", "dots", "--quiet"],
                    [python, "-c", fresh],
                ),
                "calamine, every sheet": ([python, "-c", CALAMINE], None),
            },
            repeat,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--catalogue", type=Path, help="all of DOTS and WDI, cache filled")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-import", action="store_true", help="the cached load only")
    args = parser.parse_args()
    python = sys.executable
    if not args.skip_import:
        compare_import(python, args.repeat)
    if args.catalogue is not None:
        where = str(args.catalogue)
        files = sorted(str(p) for p in args.catalogue.glob("observations*.csv"))
        load = f"import integration_indicators as ii; cat = ii.load({where!r})"
        read = (
            f"import pandas as pd; frames = [pd.read_csv(f, low_memory=False) for f in {files!r}]"
        )
        compare(
            f"the cached load of {where} (new processes):",
            {
                "load()": ([python, "-c", load], None),
                "load().observations()": ([python, "-c", load + "; cat.observations()"], None),
                "pandas read_csv of its files": ([python, "-c", read], None),
            },
            args.repeat,
        )


if __name__ == "__main__":
    main()
