"""The checked panel pipeline against the unchecked pandas one-liner, at 1M and 10M rows.

Run: ``python benchmarks/bench_panel.py [--rows 1000000 10000000] [--repeat 3]``. For each
size it builds a synthetic long panel in the observation format (about 200 countries, 64
years, as many indicators as the size needs, 5 unit strings with scale words and two
currencies), then reports, as medians and as ratios measured in the same run:

- time: unit normalisation + full validation + growth for every series
  (``check_panel`` + ``panel_growth``) against
  ``df.sort_values(["indicator", "geo", "period"]).groupby(["indicator", "geo"])["value"]
  .pct_change()``;
- memory: peak of the allocations the step makes (tracemalloc, which numpy and pandas report
  to), above the frame, against the frame's own size;
- failure path: the same panel with a third of its keys duplicated and 1% of its units
  misspelt, time and peak memory until the error report.
"""

from __future__ import annotations

import argparse
import gc
import os
import threading
import time
import tracemalloc
from collections.abc import Callable

import numpy as np
import pandas as pd
import pycountry
from interleave import interleaved_medians

import integration_indicators as ii
from integration_indicators.validation.panel import check_panel, panel_growth

YEARS = [str(y) for y in range(1960, 2024)]
#: written unit -> canonical unit of the indicators that use it
UNITS = {
    "USD": "USD",
    "billion USD": "USD",
    "million RUB": "RUB",
    "thousand person": "person",
    "percent": "percent",
}


def make_panel(rows: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A long panel of *rows* observations and its indicator definitions."""
    geos = sorted(c.alpha_3 for c in pycountry.countries)[:200]
    per_indicator = len(geos) * len(YEARS)
    count = -(-rows // per_indicator)
    ids = [f"bench.series_{i:05d}" for i in range(count)]
    written = list(UNITS)
    unit_of = np.arange(count) % len(written)
    indicators = pd.DataFrame({"id": ids, "unit": [UNITS[written[u]] for u in unit_of]})
    position = np.arange(rows)
    indicator = position // per_indicator
    geo = (position // len(YEARS)) % len(geos)
    year = position % len(YEARS)
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "indicator": pd.Categorical.from_codes(indicator, categories=ids),
            "geo": pd.Categorical.from_codes(geo, categories=geos),
            "counterpart": pd.Categorical.from_codes(np.full(rows, -1), categories=["RUS"]),
            "period": pd.Categorical.from_codes(year, categories=YEARS),
            "value": rng.uniform(1.0, 1000.0, rows),
            "unit": pd.Categorical.from_codes(unit_of[indicator], categories=written),
            "status": pd.Categorical.from_codes(
                np.zeros(rows, dtype="int8"), categories=["official"]
            ),
            "source": pd.Categorical.from_codes(np.zeros(rows, dtype="int8"), categories=["bench"]),
        }
    )
    return frame, indicators


def break_panel(frame: pd.DataFrame, seed: int = 1) -> pd.DataFrame:
    """A third of the keys duplicated (every third row takes its neighbour's period) and 1%
    of the units misspelt."""
    broken = frame.copy()
    codes = broken["period"].cat.codes.to_numpy().copy()
    third = np.arange(1, len(codes), 3)
    codes[third] = codes[third - 1]
    broken["period"] = pd.Categorical.from_codes(codes, categories=broken["period"].cat.categories)
    units = broken["unit"].cat.add_categories(["biliion USD"])
    rng = np.random.default_rng(seed)
    misspelt = rng.choice(len(units), size=len(units) // 100, replace=False)
    values = units.to_numpy(copy=True)
    values[misspelt] = "biliion USD"
    broken["unit"] = pd.Categorical(values, categories=units.cat.categories)
    return broken


def baseline(frame: pd.DataFrame) -> object:
    ordered = frame.sort_values(["indicator", "geo", "period"])
    return ordered.groupby(["indicator", "geo"], observed=True)["value"].pct_change()


def pipeline(frame: pd.DataFrame, indicators: pd.DataFrame) -> object:
    return panel_growth(check_panel(frame, indicators))


def failing(frame: pd.DataFrame, indicators: pd.DataFrame) -> object:
    try:
        check_panel(frame, indicators)
    except ii.ValidationError as error:
        return error
    raise AssertionError("the broken panel passed")


def rss() -> int:
    """Resident set size of this process, in bytes (Linux)."""
    with open("/proc/self/statm") as stream:  # noqa: PTH123
        return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_rss_above(step: Callable[[], object]) -> int:
    """Peak RSS while *step* runs, above the RSS before it (sampled every millisecond)."""
    gc.collect()
    before = rss()
    peak = before
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss())
            time.sleep(0.001)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        step()
    finally:
        done.set()
        sampler.join()
    return max(peak, rss()) - before


def measure(step: Callable[[], object]) -> tuple[float, float, object, float]:
    """Peak traced bytes and peak RSS above the start of one run each, a run's result, and
    the peak traced bytes of the first call (before any warm run). Times: ``interleaved``."""
    gc.collect()
    tracemalloc.start()
    step()
    first = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    resident = peak_rss_above(step)
    gc.collect()
    tracemalloc.start()
    result = step()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, resident, result, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--text",
        action="store_true",
        help="text columns as plain strings (what read_csv gives), not categories",
    )
    args = parser.parse_args()
    check_panel(*make_panel(1000))  # imports and registries, outside the timings
    for rows in args.rows:
        frame, indicators = make_panel(rows)
        broken = break_panel(frame)
        if args.text:
            text = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
            frame, broken = (
                frame.astype(dict.fromkeys(text, "str")),
                broken.astype(dict.fromkeys(text, "str")),
            )
        size = frame.memory_usage(deep=True).sum()
        steps = {
            "baseline": lambda f=frame: baseline(f),
            "pipeline": lambda f=frame, i=indicators: pipeline(f, i),
            "failing": lambda b=broken, i=indicators: failing(b, i),
        }
        base_peak, base_rss, _, base_first = measure(steps["baseline"])
        ours_peak, ours_rss, _, ours_first = measure(steps["pipeline"])
        fail_peak, fail_rss, error, _ = measure(steps["failing"])
        # times taken in turn (baseline, pipeline, failing, baseline, ...) on a warm process
        timed = interleaved_medians(steps, args.repeat, warm_up=False)
        base_s, ours_s, fail_s = timed["baseline"], timed["pipeline"], timed["failing"]
        assert isinstance(error, ii.ValidationError)
        mib = 2**20
        kind = "plain text columns" if args.text else "categorical columns"
        print(f"rows {rows:,}: frame {size / mib:.0f} MiB ({kind}), {len(indicators)} indicators")
        print("  (peak: traced allocations / resident set size, above the frame)")
        print(
            f"  pandas baseline   {base_s:7.2f} s   peak +{base_peak / mib:5.0f} / "
            f"{base_rss / mib:5.0f} MiB "
            f"({base_peak / size:.2f}x / {base_rss / size:.2f}x frame)"
        )
        print(
            f"  checked pipeline  {ours_s:7.2f} s   peak +{ours_peak / mib:5.0f} / "
            f"{ours_rss / mib:5.0f} MiB ({ours_peak / size:.2f}x / {ours_rss / size:.2f}x frame)"
            f"   time {ours_s / base_s:.2f}x baseline (targets 1.0x time, 2x frame)"
        )
        print(
            f"  first call        peak +{ours_first / mib:5.0f} MiB traced "
            f"({ours_first / size:.2f}x frame; pandas' {base_first / size:.2f}x)"
        )
        print(
            f"  failure path      {fail_s:7.2f} s   peak +{fail_peak / mib:5.0f} / "
            f"{fail_rss / mib:5.0f} MiB   time {fail_s / base_s:.2f}x baseline "
            f"(targets 2x, < 1 GiB): {error.rule_counts()}"
        )
        del frame, broken, error
        gc.collect()


if __name__ == "__main__":
    main()
