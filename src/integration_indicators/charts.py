"""Charts of observations and derived series, rendered without a display, byte for byte
reproducible (fixed font, SVG hash salt, no timestamp)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .series import IndicatorSeries

_STYLE: dict[str, object] = {
    "svg.hashsalt": "integration-indicators",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _figure() -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(_STYLE)  # type: ignore[arg-type]
    return plt.subplots(figsize=(7.0, 3.2))


def _save(figure: Any, path: Path) -> None:
    import matplotlib.pyplot as plt

    figure.tight_layout()
    figure.savefig(path, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(figure)


def _middle(obs: pd.DataFrame) -> pd.Series:
    return obs["period_start"] + (obs["period_end"] - obs["period_start"]) / 2


def _error_bars(ax: Any, x: Any, value: np.ndarray, lower: np.ndarray, upper: np.ndarray,
                **style: Any) -> None:  # fmt: skip
    top, bottom = ax.get_ylim()[1], ax.get_ylim()[0]
    low = np.where(np.isnan(lower), bottom, lower)
    high = np.where(np.isnan(upper), top, upper)
    centre = np.where(np.isnan(value), (low + high) / 2, value)
    ax.vlines(x, low, high, **style)
    ax.plot(x, centre, linestyle="none", marker="o", **style)


def observations_chart(obs: pd.DataFrame, unit: str, path: Path) -> Path:
    """Observations of one indicator by period: official lines, press markers with bounds."""
    figure, ax = _figure()
    official = obs[obs["status"] == "official"]
    press = obs[obs["status"] != "official"]
    groups = official.groupby(["geo", official["counterpart"].fillna("")], sort=True)
    for (geo, counterpart), group in groups:
        ordered = group.sort_values("period_start")
        label = f"{geo}-{counterpart} (official)" if counterpart else f"{geo} (official)"
        ax.plot(_middle(ordered), ordered["value"], linewidth=1.2, label=label)
    if not press.empty:
        x = _middle(press)
        for column in ("value", "lower", "upper"):  # invisible: only to set the limits
            known = np.isfinite(press[column].to_numpy(float))
            ax.plot(x[known], press[column][known], linestyle="none", marker="")
        ax.autoscale_view()
        for geo, group in press.groupby("geo", sort=True):
            colour = "black" if geo == "BLR" else "tab:red"
            value = group["value"].to_numpy(float)
            lower = group["lower"].where(group["lower"].notna(), group["value"]).to_numpy(float)
            upper = group["upper"].where(group["upper"].notna(), group["value"]).to_numpy(float)
            _error_bars(ax, _middle(group), value, lower, upper, color=colour)
            ax.plot([], [], linestyle="none", marker="o", color=colour, label=f"{geo!s} (press)")
    ax.set_ylabel(unit)
    ax.legend(fontsize=7, frameon=False, ncol=3)
    _save(figure, path)
    return path


def series_chart(series: IndicatorSeries, path: Path) -> Path:
    """A derived series by period, its bounds as a band (or bars for single points)."""
    from .periods import parse_periods

    figure, ax = _figure()
    parsed = parse_periods(pd.Series(series.periods))
    x = parsed["start"] + (parsed["end"] - parsed["start"]) / 2
    value = series.values.to_numpy(float)
    lower = np.where(np.isfinite(series.lower), series.lower, np.nan)
    upper = np.where(np.isfinite(series.upper), series.upper, np.nan)
    ax.plot(x, value, marker="o", markersize=3, linewidth=1.2, label=series.name[:60])
    if np.any(lower != upper):
        low = np.where(np.isnan(lower), value, lower)
        high = np.where(np.isnan(upper), value, upper)
        ax.fill_between(x, low, high, alpha=0.25, label="bounds")
    ax.set_ylabel(series.unit)
    ax.legend(fontsize=7, frameon=False)
    _save(figure, path)
    return path
