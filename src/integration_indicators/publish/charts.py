"""Charts of observations and derived series, rendered without a display, byte for byte
reproducible (fixed font, SVG hash salt, no timestamp)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from integration_indicators.analysis.series import IndicatorSeries
from integration_indicators.model.economies import name_of

_STYLE: dict[str, object] = {
    "svg.hashsalt": "integration-indicators",
    "svg.fonttype": "none",  # text as text: a tenth of the time of glyph paths, searchable
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
    return plt.subplots(figsize=(7.0, 3.6))


def _save(figure: Any, path: Path) -> None:
    import matplotlib.pyplot as plt

    figure.tight_layout()
    figure.savefig(path, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(figure)


def _middle(obs: pd.DataFrame) -> pd.Series:
    return obs["period_start"] + (obs["period_end"] - obs["period_start"]) / 2


#: Scale words for axis labels, largest first.
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))

#: Orders of magnitude between the series plotted beyond which the axis is logarithmic.
LOG_SPREAD = 1.5


def scale_for(values: np.ndarray, unit: str) -> tuple[float, str]:
    """A divisor and an axis label with a scale word ("billion USD"), for counts and money.

    Examples
    --------
    >>> scale_for(np.array([4.5e10, 8e9]), "USD")
    (1000000000.0, 'billion USD')
    >>> scale_for(np.array([26.3]), "dimensionless")
    (1.0, 'ratio')
    """
    if unit in ("dimensionless", "times"):
        return 1.0, "ratio"
    if unit == "percent":
        return 1.0, "%"
    finite = np.abs(values[np.isfinite(values)])
    top = float(finite.max()) if finite.size else 0.0
    for factor, word in _SCALES:
        if top >= factor:
            return factor, f"{word} {unit}".replace(" person", " persons")
    return 1.0, unit


def _axis_scale(ax: Any, groups: list[np.ndarray]) -> None:
    """A log axis where the series differ by more than :data:`LOG_SPREAD` orders."""
    levels = [float(np.nanmedian(np.abs(g))) for g in groups if np.isfinite(g).any()]
    levels = [lv for lv in levels if lv > 0]
    positive = all((np.asarray(g)[np.isfinite(g)] > 0).all() for g in groups)
    if positive and len(levels) > 1 and np.log10(max(levels) / min(levels)) > LOG_SPREAD:
        from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter, NullLocator

        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(base=10))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))  # 0.01, not 10^-2
        ax.yaxis.set_minor_locator(NullLocator())  # no unlabelled clutter, and fast
        ax.yaxis.set_minor_formatter(NullFormatter())


def _time_axis(ax: Any, starts: pd.Series, ends: pd.Series) -> None:
    """Year ticks for annual data; otherwise concise dates, never more than about 8 ticks."""
    import matplotlib.dates

    mdates: Any = matplotlib.dates  # untyped
    spans = (ends - starts).dt.days
    first, last = starts.min(), ends.max()
    if (spans >= 364).all() or (last - first).days > 4 * 365:
        years = max(1, int(np.ceil(((last - first).days / 365.25) / 8)))
        ax.xaxis.set_major_locator(mdates.YearLocator(base=years))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _press(ax: Any, group: pd.DataFrame, factor: float, colour: str, label: str) -> None:
    """Press figures: a point (or a span over a period range) with bars for its bounds; a
    sign-only figure as a shaded half-plane over its period, never a point."""
    sign = group["qualifier"] == "sign"
    for row in group[sign].itertuples():  # the few sign-only figures, each drawn once
        above = bool(row.lower == 0)  # a sign-only figure has lower = 0 (surplus) or NaN
        bottom, top = ax.get_ylim()
        reach = 0.3 * max(abs(bottom), abs(top), 1e-12)
        top, bottom = (max(top, reach), bottom) if above else (top, min(bottom, -reach))
        ax.set_ylim(bottom, top)
        said = f"{label}: {'surplus' if above else 'deficit'}, sign only"
        ax.fill_between([row.period_start, row.period_end], 0, top if above else bottom,
                        color=colour, alpha=0.12, hatch="//", linewidth=0, label=said)  # fmt: skip
        ax.annotate("", xy=(_middle(group[sign]).iloc[0], (top if above else bottom) * 0.8),
                    xytext=(_middle(group[sign]).iloc[0], 0),
                    arrowprops={"arrowstyle": "->", "color": colour})  # fmt: skip
        ax.axhline(0, color="grey", linewidth=0.6)
    rest = group[~sign]
    if rest.empty:
        return
    value = rest["value"].to_numpy(float) / factor
    lower = rest["lower"].to_numpy(float) / factor
    upper = rest["upper"].to_numpy(float) / factor
    bottom, top = ax.get_ylim()
    low = np.where(np.isnan(lower), np.where(np.isnan(value), bottom, value), lower)
    high = np.where(np.isnan(upper), np.where(np.isnan(value), top, value), upper)
    centre = np.where(np.isnan(value), (low + high) / 2, value)
    x = _middle(rest)
    long = rest["period"].astype("str").str.contains("/")  # a period range: a span
    ax.hlines(centre[long.to_numpy()], rest["period_start"][long], rest["period_end"][long],
              color=colour, linewidth=2)  # fmt: skip
    ax.vlines(x, low, high, color=colour, linewidth=1)
    ax.plot(x, centre, linestyle="none", marker="o", color=colour, label=label)


#: Most official series drawn on one chart; a big catalogue's page charts a selection.
MAX_SERIES = 8


def _chosen_series(official: pd.DataFrame, press_geos: set[str]) -> pd.DataFrame:
    """At most :data:`MAX_SERIES` official series: those of the economies the press figures
    are about first, then the largest by their latest value."""
    keys = official["geo"].astype("str") + "|" + official["counterpart"].fillna("").astype("str")
    if keys.nunique() <= MAX_SERIES:
        return official
    latest = official.assign(key=keys).sort_values("period_start").groupby("key").last()
    rank = latest.assign(press=latest["geo"].isin(press_geos), size=latest["value"].abs())
    chosen = rank.sort_values(["press", "size"], ascending=False).index[:MAX_SERIES]
    return official[keys.isin(chosen).to_numpy()]


def observations_chart(
    obs: pd.DataFrame,
    unit: str,
    path: Path,
    lines: list[tuple[str, pd.DataFrame]] | None = None,
) -> Path:
    """Observations of one indicator by period: official lines, press markers with bounds.

    Legends name economies; the axis carries a scale word (billion USD) and turns
    logarithmic where the series differ by more than 1.5 orders of magnitude; periods that
    are ranges are drawn as spans, sign-only figures as shaded half-planes.
    """
    from integration_indicators.model.periods import parse_periods

    figure, ax = _figure()
    official = obs[obs["status"] == "official"]
    press = obs[obs["status"] != "official"]
    values = obs[["value", "lower", "upper"]].to_numpy(float).ravel()
    for _, frame in lines or []:
        values = np.append(values, frame["official_value"].to_numpy(float))
    factor, label = scale_for(values, unit)
    starts, ends = obs["period_start"], obs["period_end"]
    for name, frame in lines or []:  # official series a rule computes (the DOTS balance)
        parsed = parse_periods(frame["official_period"].astype("str"))
        x = parsed["start"] + (parsed["end"] - parsed["start"]) / 2
        ax.plot(x, frame["official_value"].to_numpy(float) / factor, linewidth=1.2,
                linestyle="-", label=name)  # fmt: skip
        starts, ends = pd.concat([starts, parsed["start"]]), pd.concat([ends, parsed["end"]])
    official = _chosen_series(official, set(press["geo"]))
    groups = official.groupby(["geo", official["counterpart"].fillna("")], sort=True)
    plotted: list[np.ndarray] = []
    for (geo, counterpart), group in groups:
        ordered = group.sort_values("period_start")
        who = name_of(str(geo)) + (f" with {name_of(str(counterpart))}" if counterpart else "")
        ax.plot(_middle(ordered), ordered["value"] / factor, linewidth=1.2,
                label=f"{who} (official)")  # fmt: skip
        plotted.append(ordered["value"].to_numpy(float))
    if not press.empty:
        known = press[["value", "lower", "upper"]].to_numpy(float) / factor
        for column in range(3):  # invisible: only to set the limits
            finite = np.isfinite(known[:, column])
            ax.plot(_middle(press)[finite], known[finite, column], linestyle="none", marker="")
        ax.autoscale_view()
        colours = iter(("black", "tab:red", "tab:purple", "tab:brown"))
        for geo, group in press.groupby("geo", sort=True):
            _press(ax, group, factor, next(colours, "black"), f"{name_of(str(geo))} (press)")
            plotted.append(group["value"].to_numpy(float))
    _axis_scale(ax, plotted)
    _time_axis(ax, starts, ends)
    ax.set_ylabel(label)
    _legend(ax)
    _save(figure, path)
    return path


def _plain(text: object) -> str:
    """Text matplotlib shows as written: "$45 billion" is not mathtext."""
    return str(text).replace("$", r"\$")


def _legend(ax: Any) -> None:
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    ax.legend(unique.values(), unique.keys(), fontsize=7, frameon=False, ncol=2,
              loc="upper left", bbox_to_anchor=(0.0, -0.12))  # fmt: skip


def series_chart(series: IndicatorSeries, path: Path, name: str | None = None) -> Path:
    """A derived series by period, its bounds as a band (or bars for single points)."""
    from integration_indicators.model.periods import parse_periods

    figure, ax = _figure()
    parsed = parse_periods(pd.Series(series.periods))
    x = parsed["start"] + (parsed["end"] - parsed["start"]) / 2
    factor, label = scale_for(series.values.to_numpy(float), series.unit)
    value = series.values.to_numpy(float) / factor
    lower = np.where(np.isfinite(series.lower), series.lower, np.nan) / factor
    upper = np.where(np.isfinite(series.upper), series.upper, np.nan) / factor
    ax.plot(x, value, marker="o", markersize=3, linewidth=1.2, label=_plain(name or series.name))
    if np.any(lower != upper):
        low = np.where(np.isnan(lower), value, lower)
        high = np.where(np.isnan(upper), value, upper)
        ax.fill_between(x, low, high, alpha=0.25, label="bounds")
    _time_axis(ax, parsed["start"], parsed["end"])
    ax.set_ylabel(label)
    _legend(ax)
    _save(figure, path)
    return path


def revisions_chart(releases: dict[str, IndicatorSeries], path: Path, economy: str) -> Path:
    """One economy's series as each held release published it, a line per release: the
    latest solid and thick, the earlier ones dashed on top of it; where the lines part, a
    later release revised the figures."""
    from integration_indicators.model.periods import parse_periods

    figure, ax = _figure()
    every = np.concatenate([s.values.to_numpy(float) for s in releases.values()])
    unit = next(iter(releases.values())).unit
    factor, label = scale_for(every[np.isfinite(every)], unit)
    spans = {release: parse_periods(pd.Series(series.periods))  # once per release
             for release, series in releases.items()}  # fmt: skip
    for position, (release, series) in enumerate(releases.items()):
        parsed = spans[release]
        x = parsed["start"] + (parsed["end"] - parsed["start"]) / 2
        latest = position == len(releases) - 1
        ax.plot(x, series.values.to_numpy(float) / factor, linewidth=2.6 if latest else 1.2,
                alpha=0.45 if latest else 1.0, zorder=1 if latest else 2 + position,
                linestyle="-" if latest else ("--", "-.", ":")[position % 3],
                label=f"release of {release}" + (" (today's figures)" if latest else ""),
                marker="o" if len(series) < 3 else None, markersize=3)  # fmt: skip
    _time_axis(ax, pd.concat([p["start"] for p in spans.values()]),
               pd.concat([p["end"] for p in spans.values()]))  # fmt: skip
    ax.set_ylabel(label)
    ax.set_title(_plain(f"{economy}: as published in each release held"), fontsize=9)
    _legend(ax)
    _save(figure, path)
    return path


def claim_chart(
    official: pd.DataFrame, claim: pd.Series, unit: str, cutoff: object, path: Path
) -> Path:
    """One claim against the official series: the series as a line, the claim as a marker
    with its claimed interval as a band, the last period knowable when it was made marked.

    *official* has ``official_period`` and ``official_value``; *claim* is a crosscheck row.
    """
    from integration_indicators.model.periods import parse_periods

    figure, ax = _figure()
    parsed = parse_periods(official["official_period"].astype("str"))
    x = parsed["start"] + (parsed["end"] - parsed["start"]) / 2
    values = official["official_value"].to_numpy(float)
    low, high = float(claim["claimed_lower"]), float(claim["claimed_upper"])
    factor, label = scale_for(np.append(values, [low, high]), unit)
    ax.plot(x, values / factor, linewidth=1.2, marker="o", markersize=2.5, label="official")
    cparsed = parse_periods(pd.Series([str(claim["period"])]))
    start, end = cparsed["start"].iloc[0], cparsed["end"].iloc[0]
    bottom, top = ax.get_ylim()
    band_low = low / factor if np.isfinite(low) else bottom
    band_high = high / factor if np.isfinite(high) else top
    ax.axhspan(band_low, band_high, color="tab:red", alpha=0.15, label="claimed interval")
    middle = start + (end - start) / 2
    ax.axvspan(start, end, color="tab:red", alpha=0.08, linewidth=0)  # the claim's period
    if np.isfinite(float(claim["claimed_value"])):
        said = _plain(f"claim: {claim['figure']}")
        ax.plot([middle], [float(claim["claimed_value"]) / factor], marker="D",
                color="tab:red", linestyle="none", label=said)  # fmt: skip
    if cutoff is not None:
        ax.axvline(cutoff, color="grey", linestyle="--", linewidth=0.8,
                   label="last official period published by the claim's date")  # fmt: skip
    _time_axis(ax, pd.concat([parsed["start"], cparsed["start"]]),
               pd.concat([parsed["end"], cparsed["end"]]))  # fmt: skip
    ax.set_ylabel(label)
    _legend(ax)
    _save(figure, path)
    return path
