"""Timings of steps taken in turn (A, B, A, B, ...), so that a busy machine slows both sides of
a ratio alike; a ratio of two medians taken minutes apart can be anything on a loaded machine."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping


def interleaved_medians(
    steps: Mapping[str, Callable[[], object]], repeat: int, *, warm_up: bool = True
) -> dict[str, float]:
    """Median wall seconds of each step over *repeat* rounds; each round runs every step once,
    in turn (after one untimed warm-up round where *warm_up*)."""
    if warm_up:
        for step in steps.values():
            step()
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(repeat):
        for name, step in steps.items():
            gc.collect()
            start = time.perf_counter()
            step()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(found) for name, found in times.items()}
