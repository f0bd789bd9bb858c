"""Whole-process timings of importing the library and loading the bundled catalogue.

Run: ``python benchmarks/bench_load.py [--repeat N]`` with the package installed. Prints the
median of N runs of each command and its ratio to ``import pandas`` measured in the same run,
so that a slow or busy machine shifts both sides alike: the commands run in turn (A, B, C, D,
A, B, ...), never one after another's whole series. "cached" runs after the warm-up has
filled the validation cache; "validating" passes ``cache=False``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from interleave import interleaved_medians

LOAD = "import integration_indicators as ii; ii.load().observations()"
COMMANDS = {
    "import pandas": "import pandas",
    "import integration_indicators": "import integration_indicators",
    "load + observations() (cached)": LOAD,
    "load + observations() (validating)": LOAD.replace("ii.load()", "ii.load(cache=False)"),
}

#: Targets as ratios to ``import pandas`` (issue 5 of the tracker).
TARGETS = {"import integration_indicators": 1.15, "load + observations() (cached)": 1.5}


def run(code: str) -> None:
    """``python -c code`` in a new interpreter."""
    subprocess.run([sys.executable, "-c", code], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    steps = {name: (lambda c=code: run(c)) for name, code in COMMANDS.items()}
    results = interleaved_medians(steps, args.repeat)
    base = results["import pandas"]
    print(f"{'command':36} {'median s':>9} {'x pandas':>9} {'target':>7}")
    for name, seconds in results.items():
        target = TARGETS.get(name)
        shown = f"{target:.2f}" if target else ""
        print(f"{name:36} {seconds:9.3f} {seconds / base:9.2f} {shown:>7}")


if __name__ == "__main__":
    main()
