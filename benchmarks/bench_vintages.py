"""Four WDI releases of the 14 series for every economy: storage and as-of selection.

Run: ``python benchmarks/bench_vintages.py [--repeat N]`` with the package installed and
``../shared/official`` beside the project. Imports the releases of 2018-08-01, 2025-12-17
and 2026-05-01 (``world-bank-wdi-vintages/``) and of 2026-07-01 (``world-bank-wdi/``) on top
of one another with the library's importer (``importers.releases.merge_releases``), then
prints:

- storage: the rows held (the published ones and the replaced ones) against the rows of one
  release, and the same for the observation file's bytes (target <= 1.5x), beside what a
  copy of every release would take;
- selection: ``series(indicator, geo, as_of=DATE)`` on the four releases against a plain
  ``series(indicator, geo)`` on one release (the latest alone), for every (series, economy)
  of a sample, interleaved, medians (target <= 2x).
"""

from __future__ import annotations

import argparse
import io
import random
from pathlib import Path

from interleave import interleaved_medians

from integration_indicators.importers.imports import ImportResult, Provenance, validate_imports
from integration_indicators.importers.releases import merge_releases
from integration_indicators.importers.wdi import WDI_SERIES, read_wdi

OFFICIAL = Path(__file__).resolve().parents[2] / "shared" / "official"
RELEASES = [
    (OFFICIAL / "world-bank-wdi-vintages" / "2018-08-01", "2018-08-01"),
    (OFFICIAL / "world-bank-wdi-vintages" / "2025-12-17", "2025-12-17"),
    (OFFICIAL / "world-bank-wdi-vintages" / "2026-05-01", "2026-05-01"),
    (OFFICIAL / "world-bank-wdi", "2026-07-01"),
]


def release(folder: Path, date: str) -> list[ImportResult]:
    """One release of the 14 series, every economy, dated *date*."""
    provenance = Provenance(as_of=date)
    return [
        read_wdi(folder / code, provenance=provenance)
        for code in sorted(WDI_SERIES)
        if (folder / code).is_dir()
    ]


def csv_bytes(results: list[ImportResult]) -> int:
    """Bytes of the observation file the results make."""
    import pandas as pd

    buffer = io.StringIO()
    pd.concat([r.observations for r in results]).to_csv(buffer, index=False)
    return len(buffer.getvalue().encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sample", type=int, default=60, help="(series, economy) pairs timed")
    args = parser.parse_args()
    held: list[ImportResult] = []
    releases = []
    for folder, date in RELEASES:
        one = release(folder, date)
        releases.append(one)
        held = merge_releases(held, one)
    latest = releases[-1]
    every = sum(len(r.observations) for one in releases for r in one)
    rows = sum(len(r.observations) for r in held)
    one_rows = sum(len(r.observations) for r in latest)
    print(
        f"rows held: {rows:,} for {one_rows:,} in the latest release: {rows / one_rows:.2f}x "
        f"(a copy of every release: {every:,}, {every / one_rows:.2f}x)"
    )
    held_bytes, one_bytes = csv_bytes(held), csv_bytes(latest)
    print(
        f"observation file: {held_bytes / 2**20:.1f} MiB for {one_bytes / 2**20:.1f} MiB: "
        f"{held_bytes / one_bytes:.2f}x"
    )
    four, one = validate_imports(held), validate_imports(latest)
    published = four.observations()
    # exchange rates aside: a series of one economy's rate refuses a change of currency
    rates = (published["indicator"] == "fx.official_rate").to_numpy()
    pairs = published.loc[~rates, ["indicator", "geo"]].drop_duplicates()
    chosen = pairs.sample(
        min(args.sample, len(pairs)), random_state=random.Random(1).randint(0, 99)
    )
    wanted = list(chosen.itertuples(index=False))

    def plain() -> None:
        for indicator, geo in wanted:
            one.series(indicator, geo=geo)

    def as_of() -> None:
        for indicator, geo in wanted:
            four.series(indicator, geo=geo, as_of="2026-06-01")

    times = interleaved_medians({"plain": plain, "as_of": as_of}, args.repeat)
    per = {name: value / len(wanted) * 1000 for name, value in times.items()}
    print(
        f"series() on one release: {per['plain']:.2f} ms a call; series(as_of=) on four: "
        f"{per['as_of']:.2f} ms: {times['as_of'] / times['plain']:.2f}x (target <= 2x; "
        f"{len(wanted)} (series, economy) pairs, medians of {args.repeat})"
    )


if __name__ == "__main__":
    main()
