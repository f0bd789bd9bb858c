"""Interval arithmetic on numpy arrays of lower and upper bounds.

An interval is a pair of float arrays ``(lo, hi)``; ``-inf`` and ``inf`` stand for an
unbounded side and stay unbounded. Every operation returns an interval that contains each
result of applying the operation to points of the input intervals.
"""

from __future__ import annotations

import numpy as np

Interval = tuple[np.ndarray, np.ndarray]


def add(a: Interval, b: Interval) -> Interval:
    """[a] + [b]."""
    with np.errstate(all="ignore"):  # overflow to inf is a bound, not an error
        return a[0] + b[0], a[1] + b[1]


def subtract(a: Interval, b: Interval) -> Interval:
    """[a] - [b]."""
    with np.errstate(all="ignore"):
        return a[0] - b[1], a[1] - b[0]


def _extremes(candidates: list[np.ndarray]) -> Interval:
    """Smallest and largest candidate per element (NaN candidates ignored; all NaN: NaN)."""
    stacked = np.vstack(candidates)
    missing = np.isnan(stacked)
    lo = np.where(missing, np.inf, stacked).min(axis=0)
    hi = np.where(missing, -np.inf, stacked).max(axis=0)
    none = missing.all(axis=0)
    return np.where(none, np.nan, lo), np.where(none, np.nan, hi)


def _times(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x * y with 0 * inf = 0 (the limit that interval endpoints stand for)."""
    with np.errstate(all="ignore"):
        product = x * y
    return np.where((x == 0) | (y == 0), 0.0, product)


def multiply(a: Interval, b: Interval) -> Interval:
    """[a] * [b]."""
    return _extremes([_times(x, y) for x in a for y in b])


def divide(a: Interval, b: Interval) -> Interval:
    """[a] / [b]; unbounded (-inf, inf) wherever [b] contains 0.

    Endpoints are divided directly (not multiplied by 1/b), so that a point interval gives
    exactly the quotient of its points.
    """
    with np.errstate(all="ignore"):
        lo, hi = _extremes([x / y for x in a for y in b])
    spans_zero = (b[0] <= 0) & (b[1] >= 0)
    return np.where(spans_zero, -np.inf, lo), np.where(spans_zero, np.inf, hi)


def scale(a: Interval, factor: float) -> Interval:
    """[a] * factor for a finite factor."""
    factors = np.full_like(a[0], factor, dtype="float64")
    lo, hi = _times(a[0], factors), _times(a[1], factors)
    return (lo, hi) if factor >= 0 else (hi, lo)
