"""How long the documentation site takes to build, and where the time goes.

Run: ``python benchmarks/bench_site.py [--catalogue DIR] [--repeat N]`` with the package
installed (docs extra). Builds the site of the bundled catalogue (and of ``--catalogue DIR``,
for example a catalogue of all of DOTS, from its cached load) into a temporary directory
*N* times and prints the median of the whole build (target: the bundled site in at most
5 s, all of DOTS in at most 30 s), of the pages and chart specifications the library writes
(``write_pages``) and of MkDocs' rendering of them.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from unittest import mock

import integration_indicators as ii
from integration_indicators.publish import docs


def timed_build(catalogue: ii.Catalogue) -> tuple[float, float, float]:
    """Seconds for one whole build, for its ``write_pages`` part, and the CPU seconds of
    the whole build (steadier than wall time on a shared machine)."""
    spent: list[float] = []
    write_pages = docs.write_pages

    def counted(*args: object, **kwargs: object) -> list[str]:
        start = time.perf_counter()
        try:
            return write_pages(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            spent.append(time.perf_counter() - start)

    with tempfile.TemporaryDirectory() as work, mock.patch.object(docs, "write_pages", counted):
        start, cpu = time.perf_counter(), time.process_time()
        docs.build_site(Path(work) / "site", catalogue)
        total, cpu = time.perf_counter() - start, time.process_time() - cpu
    return total, spent[0], cpu


def report(name: str, catalogue: ii.Catalogue, repeat: int, target: float) -> None:
    runs = [timed_build(catalogue) for _ in range(repeat)]
    total, pages, cpu = (statistics.median(r[i] for r in runs) for i in range(3))
    verdict = "met" if total <= target else "not met"
    print(
        f"{name}: {total:.1f} s, {cpu:.1f} s CPU (pages and charts {pages:.1f} s, MkDocs"
        f" {total - pages:.1f} s); target <= {target:.0f} s: {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--catalogue", type=Path, help="a second catalogue, e.g. all of DOTS")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    report("bundled catalogue", ii.load(), args.repeat, 5.0)
    if args.catalogue:
        report(str(args.catalogue), ii.load(args.catalogue), args.repeat, 30.0)


if __name__ == "__main__":
    main()
