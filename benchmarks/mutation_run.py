"""A mutation run over the boundaries and constants of the verdicts, intervals, indices,
vintages, loader reads, data-quality flags and group statements (issue 37).

Each mutant moves one edge (a ``<=`` to ``<``) or one constant (5% to 6%) in a copy of
the source tree, never in the working tree, and runs the tests that guard those modules
against the copy (the boundary tests, then the module's own tests where they survive); a
mutant is killed when a test fails. Prints each mutant's fate and the score; exits 1 below
``--min-score``. Outside the default test run: a few minutes on two cores.

    python benchmarks/mutation_run.py [--min-score 0.9]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "src/integration_indicators"

#: The tests run against a mutant of each file: the boundary tests and the file's own.
TESTS = {
    "analysis/crosscheck/verdicts.py": ["tests/test_verdict_rules.py"],
    "analysis/crosscheck/matching.py": ["tests/test_verdict_rules.py"],
    "analysis/crosscheck/statements.py": ["tests/test_statements.py"],
    "model/verdicts.py": ["tests/test_verdict_rules.py", "tests/test_verdict_vocabulary.py"],
    "analysis/intervals.py": ["tests/test_bounds.py"],
    "analysis/indices.py": ["tests/test_indices.py"],
    "catalogue/as_of.py": ["tests/test_vintages.py"],
    "io/safe_read.py": ["tests/test_hostile_inputs.py"],
    "analysis/trade_quality.py": ["tests/test_trade_quality.py"],
    "analysis/group_statements.py": ["tests/test_group_statements.py"],
}

#: (file under the package, text, its mutant, what the mutant breaks).
MUTANTS = [
    (
        "analysis/crosscheck/verdicts.py",
        "distance <= _close_band(rows, o)",
        "distance < _close_band(rows, o)",
        "the close band excludes its edge",
    ),
    (
        "analysis/crosscheck/verdicts.py",
        "return (value >= lower) & (value <= upper)",
        "return (value > lower) & (value <= upper)",
        "an interval excludes its lower end",
    ),
    (
        "analysis/crosscheck/verdicts.py",
        "return (value >= lower) & (value <= upper)",
        "return (value >= lower) & (value < upper)",
        "an interval excludes its upper end",
    ),
    (
        "analysis/crosscheck/verdicts.py",
        "np.where(sign & (lower == 0), tiny, lower)",
        "np.where(sign & (lower == 0), 0.0, lower)",
        "a surplus claim is met by an official 0",
    ),
    (
        "analysis/crosscheck/verdicts.py",
        "np.where(sign & (upper == 0), -tiny, upper)",
        "np.where(sign & (upper == 0), 0.0, upper)",
        "a deficit claim is met by an official 0",
    ),
    (
        "analysis/crosscheck/matching.py",
        "for step in (-1, 1, -2, 2):",
        "for step in (-1, 1):",
        "slips of two periods are not looked for",
    ),
    (
        "analysis/crosscheck/matching.py",
        "for step in (-1, 1, -2, 2):",
        "for step in (-1, 1, -2, 2, -3, 3):",
        "slips of three periods are taken as two",
    ),
    (
        "analysis/crosscheck/statements.py",
        "if not min(base, base_low) > 0:",
        "if not min(base, base_low) >= 0:",
        "a growth from a level of zero",
    ),
    (
        "analysis/crosscheck/statements.py",
        "if not (len(period) == 4 and period.isdigit()):",
        "if not (len(period) >= 4):",
        "a growth from levels of a period that is not a year",
    ),
    ("model/verdicts.py", "CLOSE_SHARE = 0.05", "CLOSE_SHARE = 0.06", "the close share moved"),
    (
        "model/verdicts.py",
        "CLOSE_POINTS = 1.0",
        "CLOSE_POINTS = 0.5",
        "the close floor of rates moved",
    ),
    (
        "analysis/intervals.py",
        "spans_zero = (b[0] <= 0) & (b[1] >= 0)",
        "spans_zero = (b[0] < 0) & (b[1] >= 0)",
        "a divisor from 0 up is taken as bounded",
    ),
    (
        "analysis/intervals.py",
        "spans_zero = (b[0] <= 0) & (b[1] >= 0)",
        "spans_zero = (b[0] <= 0) & (b[1] > 0)",
        "a divisor up to 0 is taken as bounded",
    ),
    (
        "analysis/indices.py",
        "MIN_COVERAGE = 0.95",
        "MIN_COVERAGE = 0.90",
        "the HHI's coverage rule at 90%",
    ),
    (
        "analysis/indices.py",
        "enough = known & (coverage >= min_coverage)",
        "enough = known & (coverage > min_coverage)",
        "the HHI refuses exactly 95%",
    ),
    (
        "catalogue/as_of.py",
        "kept = (no_date | (start <= day))",
        "kept = (no_date | (start < day))",
        "a release is not held on its own day",
    ),
    (
        "catalogue/as_of.py",
        "(np.isnat(until) | (until > day))",
        "(np.isnat(until) | (until >= day))",
        "a revision does not replace on its own day",
    ),
    (
        "io/safe_read.py",
        "if info.st_size > max_bytes:",
        "if info.st_size >= max_bytes:",
        "a file of exactly the limit is refused",
    ),
    (
        "io/safe_read.py",
        "if info.st_size > max_bytes:",
        "if info.st_size > max_bytes + 1:",
        "a file one byte over the limit is read",
    ),
    (
        "io/safe_read.py",
        "    if size > max_bytes:",
        "    if size > max_bytes + 1:",
        "a file growing past the limit while read is kept",
    ),
    (
        "analysis/trade_quality.py",
        "mirror_high: float = 2.0",
        "mirror_high: float = 2.5",
        "the mirror bound moved",
    ),
    (
        "analysis/trade_quality.py",
        "change_high: float = 2.0",
        "change_high: float = 2.5",
        "the change bound moved",
    ),
    (
        "analysis/trade_quality.py",
        "out = large & ((ratio < low) | (ratio > high))",
        "out = large & ((ratio <= low) | (ratio > high))",
        "a ratio on the lower bound is flagged",
    ),
    (
        "analysis/trade_quality.py",
        "out = large & ((ratio < low) | (ratio > high))",
        "out = large & ((ratio < low) | (ratio >= high))",
        "a ratio on the upper bound is flagged",
    ),
    (
        "analysis/trade_quality.py",
        "large = np.fmax(value, compared) >= min_value",
        "large = np.fmax(value, compared) > min_value",
        "a flow of exactly the floor is not flagged",
    ),
    (
        "analysis/trade_quality.py",
        "min_value: float = 1e8",
        "min_value: float = 1e9",
        "the flagging floor moved",
    ),
    (
        "analysis/group_statements.py",
        'rows = rows[(said != "") & (said <= as_of)]',
        'rows = rows[(said != "") & (said < as_of)]',
        "a statement is not shown as of its own day",
    ),
]


def _copy(work: Path) -> None:
    """The source tree, tests and data the tests read, copied to *work*."""
    for part in ("src", "tests"):
        shutil.copytree(
            ROOT / part, work / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    (work / "datasets").symlink_to(ROOT / "datasets")
    shutil.copy(ROOT / "pyproject.toml", work / "pyproject.toml")


def _killed(work: Path, tests: list[str]) -> bool:
    """Whether one of *tests* fails against the copy in *work* (the boundary tests first;
    stops at the first failure)."""
    env = {**os.environ, "PYTHONPATH": str(work / "src")}
    for chosen in (["tests/test_boundaries.py"], tests):
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-x",
                "-n",
                "2",
                "-p",
                "no:cacheprovider",
                *chosen,
            ],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            return True
    return False


def main() -> int:
    """Run every mutant; print the score."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-score", type=float, default=0.9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mutants-") as folder:
        work = Path(folder)
        _copy(work)
        every = sorted({t for tests in TESTS.values() for t in tests})
        if _killed(work, every):
            print("the tests fail without any mutant: fix them first", file=sys.stderr)
            return 2
        killed = 0
        for name, text, mutant, what in MUTANTS:
            path = work / PACKAGE / name
            original = path.read_text(encoding="utf-8")
            if original.count(text) != 1:
                print(
                    f"stale mutant ({name}: {text!r} found {original.count(text)} times)",
                    file=sys.stderr,
                )
                return 2
            path.write_text(original.replace(text, mutant), encoding="utf-8")
            try:
                dead = _killed(work, TESTS[name])
            finally:
                path.write_text(original, encoding="utf-8")
            killed += dead
            print(f"{'killed  ' if dead else 'SURVIVED'} {name}: {what}", flush=True)
    score = killed / len(MUTANTS)
    print(f"mutation score: {killed} of {len(MUTANTS)} killed ({score:.0%})")
    return 0 if score >= args.min_score else 1


if __name__ == "__main__":
    sys.exit(main())
