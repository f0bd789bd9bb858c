"""A researcher's calls on all of DOTS: one pair, one group, against every pair at once.

Run: ``python benchmarks/bench_indices_calls.py [--catalogue DIR] [--repeat 5]``. Without
``--catalogue`` it first builds one in a temporary directory with the command line (``init``,
``import dots-workbooks`` of the 235 workbooks, the World's among them) from
``../shared/official``. Then, on the loaded catalogue whose trade table is built once and
kept with it (``indices.trade_frame``), it reports medians of interleaved rounds:

- every index for every pair (``all_indices``): the pass the calls are measured against;
- one pair's table (``pair_table(cat, "BLR", "RUS")``), target within 3x of that pass;
- one group's tables (``--group EAEU``: intra-group share, introversion, dependence on the
  largest member, sigma-convergence), target within 3x;
- the commands ``integration-indicators indices --pair BLR,RUS`` (``--group EAEU``,
  ``--pair BLR,@EU``, ``--pair @EAEU,@EU``) as a user runs them, each in a new process
  (import, cached load, trade table, the tables): median wall and CPU time and peak
  resident memory, against the targets of 3 s and 1 GB.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from interleave import interleaved_medians

import integration_indicators as ii
from integration_indicators.analysis import indices

OFFICIAL = Path(__file__).resolve().parents[1].parent / "shared" / "official"
WORKBOOKS = OFFICIAL / "imf-dots" / "workbooks"
CLI = [sys.executable, "-m", "integration_indicators.cli"]


def build(directory: Path) -> None:
    """All of DOTS as a catalogue, made by the command line as a user would."""
    for command in (
        ["init", str(directory)],
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
        subprocess.run([*CLI, *command], check=True, stdout=subprocess.DEVNULL)


def group_call(cat: ii.Catalogue) -> int:
    trade = indices.trade_frame(cat)
    tables = (
        indices.intra_group_share(cat, "EAEU", trade),
        indices.group_introversion(cat, "EAEU", trade),
        indices.dependence_on_largest(cat, "EAEU", trade),
        indices.sigma_convergence(cat, "EAEU"),
    )
    return sum(len(t) for t in tables)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--catalogue", type=Path, help="an existing catalogue of all DOTS")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = args.catalogue
        if directory is None:
            directory = Path(scratch) / "dots"
            start = time.perf_counter()
            build(directory)
            print(f"built the catalogue of all DOTS in {time.perf_counter() - start:.0f} s")
        # first, while this process is small: a child's peak memory counts its parent's
        calls = {option: new_process(directory, option, args.repeat) for option in COMMANDS}
        cat = ii.load(directory)
        start = time.perf_counter()
        trade = indices.trade_frame(cat)
        built = time.perf_counter() - start
        print(f"trade rows: {len(trade):,}; the trade table built once in {built:.2f} s")
        medians = interleaved_medians(
            {
                "every index, every pair": lambda: indices.all_indices(trade),
                "one pair (BLR-RUS)": lambda: indices.pair_table(cat, "BLR", "RUS"),
                "one group (EAEU)": lambda: group_call(cat),
            },
            args.repeat,
        )
    base = medians["every index, every pair"]
    for name, seconds in medians.items():
        target = "  (target <= 3x)" if name.startswith("one ") else ""
        print(f"{name:28s} {seconds:7.3f} s  {seconds / base:5.2f}x{target}")
    print("the command in a new process (median of rounds; target <= 3 s wall, < 1 GB):")
    for option, (wall, cpu, peak) in calls.items():
        print(f"  indices {option:22s} {wall:5.2f} s wall, {cpu:5.2f} s CPU, {peak / 2**30:.2f} GB")


#: The calls a researcher types, each timed in a new process.
COMMANDS = ("--pair BLR,RUS", "--group EAEU", "--pair BLR,@EU", "--pair @EAEU,@EU")


def new_process(directory: Path, option: str, repeat: int) -> tuple[float, float, int]:
    """Median wall time, CPU time and peak resident memory (bytes) of ``indices OPTION`` run
    *repeat* times, each in a new process (after one run that fills the cache)."""
    import os
    import statistics

    command = [*CLI, "indices", *option.split(), "--catalogue", str(directory)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        if status:
            raise SystemExit(f"{' '.join(command)} failed")
        cpu = usage.ru_utime + usage.ru_stime
        rounds.append((time.perf_counter() - start, cpu, usage.ru_maxrss * 1024))
    return (
        statistics.median(r[0] for r in rounds),
        statistics.median(r[1] for r in rounds),
        int(statistics.median(r[2] for r in rounds)),
    )


if __name__ == "__main__":
    main()
