"""Time and memory of the hostile texts of issue 31, each in a fresh process.

Run: ``python benchmarks/bench_hostile_text.py``. Cases: finding economies in one sentence of
20,000 characters (14 s before), ``extract`` of a 5 KB article of number words (minutes
before) and of a 780 KB article (over 3 GiB before), and reading a figure of "1" and 20,000
zeros (a minute before). Reports process time beyond start-up (CPU seconds after the
imports) and peak resident memory. Target: each under a second of CPU and 1 GiB, the
extract of 780 KB under 10 s.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from pathlib import Path

PROBE = """
import resource, sys, time
import pandas as pd
from integration_indicators.importers.articles import extract_claims
from integration_indicators.catalogue.loader import load
from integration_indicators.model.economies import economies_in
from integration_indicators.model.figure_fields import figure_fields
indicators = load().indicators
economies_in(pd.Series(["Belarus"]))  # the names' expression, built once per process
case, path = sys.argv[1], sys.argv[2]
start = time.process_time()
if case == "economies":
    economies_in(pd.Series([open(path, encoding="utf-8").read()]))
elif case == "figure":
    figure_fields(pd.Series([open(path, encoding="utf-8").read()]), pd.Series(["x"]),
                  pd.Series(["USD"]))
else:
    extract_claims(path, "bench", indicators)
cpu = time.process_time() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{cpu:.2f} {peak:.0f}")
"""


def texts(folder: Path) -> dict[str, tuple[str, Path]]:
    random.seed(1)
    words = "one two three four five six seven eight nine ten twenty hundred a half third and"
    cases = {
        "one sentence of 20,000 characters, economies": (
            "economies",
            "Belarus " + "and the other " * 1500 + "Russia",
        ),
        "extract, 5 KB of number words": (
            "extract",
            " ".join(random.choice(words.split()) for _ in range(900)) + ".\n",
        ),
        "extract, 780 KB article": (
            "extract",
            "Trade between Belarus and Russia grew by 4.5 "
            "percent to $35.5 billion in 2019, the minister said. " * 8000,
        ),
        "a figure of 1 and 20,000 zeros": ("figure", "1" + "0" * 20_000),
    }
    made = {}
    for n, (name, (kind, text)) in enumerate(cases.items()):
        path = folder / f"case-{n}.txt"
        path.write_text(text, encoding="utf-8")
        made[name] = (kind, path)
    return made


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        for name, (kind, path) in texts(Path(scratch)).items():
            argv = [sys.executable, "-c", PROBE, kind, str(path)]
            out = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=600)
            cpu, peak = out.stdout.split()
            print(f"{name:48} {cpu:>7} s CPU {peak:>7} MB peak")


if __name__ == "__main__":
    main()
