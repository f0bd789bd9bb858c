"""Charts of observations and derived series as Vega-Lite specifications: drawn in the
reader's browser by vega-embed (shipped with the package, so a site opened from the file
system loads nothing from the network), with values on hover, the picture as SVG or PNG
from the chart's menu and the rows behind it as CSV.

A chart is data, not pixels: :class:`Chart` holds the specification (data inline), the
rows for the download and a caption written from the layers actually drawn, so that the
caption cannot describe a mark the chart lacks. Each layer says in its ``description``
what it draws, starting with the mark's name in words (see :data:`MARK_WORDS`).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from integration_indicators.analysis.series import IndicatorSeries
from integration_indicators.model.economies import name_of

if TYPE_CHECKING:
    from markupsafe import Markup

#: The words a layer's description starts with, and the Vega-Lite mark each names.
MARK_WORDS = {
    "lines": "line",
    "dots": "point",
    "diamond": "point",
    "bars": "rule",
    "spans": "rule",
    "boxes": "rect",
    "shaded areas": "rect",
    "band": "area",
    "dashed line": "rule",
    "labels": "text",
}

#: Most official series drawn on one chart; a big catalogue's page charts a selection.
MAX_SERIES = 8

#: Most further official series a reader may add to a chart (the next largest after the
#: drawn ones); their rows travel in the page, hidden until added.
MAX_ADDABLE = 40

#: Scale words for axis labels, largest first.
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))

#: Orders of magnitude between the series plotted beyond which the axis is logarithmic.
LOG_SPREAD = 1.5

_PRESS_COLOURS = ("#111111", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


@dataclass(frozen=True)
class Chart:
    """A chart: its Vega-Lite specification, the rows it draws (unscaled, for the CSV
    download) and its caption (the layers' descriptions, in drawing order)."""

    spec: dict[str, Any]
    data: pd.DataFrame
    caption: str

    def spec_json(self) -> str:
        """The specification as JSON safe inside an HTML ``<script>`` element."""
        from integration_indicators.publish.escape import json_for_script

        return json_for_script(self.spec)


def figure_html(chart: Chart, csv: Path, link: str, alt: str) -> Markup:
    """The HTML of *chart* for a page: the view vega-embed draws into (its menu saves SVG
    or PNG), the specification inline, a note for readers without JavaScript and the
    caption with a link to the rows drawn, written to *csv* (*link* from the page)."""
    from markupsafe import Markup

    from integration_indicators.publish.escape import neutralise_formulas

    neutralise_formulas(chart.data).to_csv(csv, index=False, lineterminator="\n")
    name = html.escape(csv.stem, quote=True)
    return Markup(
        f'<figure class="ii-chart" id="chart-{name}" data-name="{name}">\n'
        f'<div class="ii-chart-view" role="img" aria-label="{html.escape(alt, quote=True)}">'
        "</div>\n"
        f'<script type="application/json" class="ii-chart-spec">{chart.spec_json()}</script>\n'
        "<noscript><p>The chart needs JavaScript; the figures it draws are in the tables "
        "of this page and in its data (CSV).</p></noscript>\n"
        f"<figcaption>{html.escape(chart.caption, quote=False)} "
        f'<a href="{html.escape(link, quote=True)}" download>Data (CSV)</a>; the menu at '
        "the chart's top right saves it as SVG or PNG.</figcaption>\n</figure>\n"
    )


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


def log_ticks(low: float, high: float) -> list[float]:
    """Tick values for a log axis from *low* to *high*: the powers of ten, with 2 and 5
    times them where fewer than three powers fall inside.

    Examples
    --------
    >>> log_ticks(8.0, 150.0)
    [10.0, 20.0, 50.0, 100.0]
    >>> log_ticks(0.5, 2000.0)
    [1.0, 10.0, 100.0, 1000.0]
    """
    exponents = np.arange(np.floor(np.log10(low)), np.ceil(np.log10(high)) + 1)
    powers = 10.0**exponents
    ticks = powers[(powers >= low) & (powers <= high)]
    if ticks.size < 3:
        steps = np.concatenate([powers, 2 * powers, 5 * powers])
        ticks = np.sort(steps[(steps >= low) & (steps <= high)])
    return [float(t) for t in ticks]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (NaN as null), by pandas' JSON writer; dates are drawn from
    the ISO text columns (x, x1, x2), so datetime columns stay out."""
    frame = frame.select_dtypes(exclude=["datetime", "datetimetz"])
    rows: list[dict[str, Any]] = json.loads(frame.to_json(orient="records", double_precision=15))
    return rows


def _texts(values: np.ndarray, unit: str) -> np.ndarray:
    """Values for people ("8.40 billion USD"), one call for a column."""
    from integration_indicators.publish.numbers import for_people_column

    return for_people_column(values.astype("float64"), np.full(len(values), unit))


def _iso(dates: pd.Series) -> pd.Series:
    return pd.to_datetime(dates).dt.strftime("%Y-%m-%d")


class _Plot:
    """The layers of one chart on a shared time axis and value axis."""

    def __init__(
        self, unit: str, values: np.ndarray, *, log: bool = False, signs: np.ndarray | None = None
    ) -> None:
        """*signs*: for each sign-only figure, whether it states a positive value; the
        axis then holds zero and room on that side for the shaded area."""
        finite = values[np.isfinite(values)]
        signs = np.zeros(0, dtype=bool) if signs is None else np.asarray(signs, dtype=bool)
        self.unit = unit
        self.log = log and finite.size > 0 and bool((finite > 0).all()) and not signs.size
        if self.log:  # the scale word of the smallest values: ticks 10, 100, 1,000 million
            self.factor, self.label = scale_for(np.array([finite.min()]), unit)
        else:
            self.factor, self.label = scale_for(values, unit)
        scaled = finite / self.factor
        low, high = (float(scaled.min()), float(scaled.max())) if scaled.size else (0.0, 1.0)
        self.reach = 0.3 * max(abs(low), abs(high)) or 1.0
        if signs.size:
            low, high = min(low, 0.0), max(high, 0.0)
            high = max(high, self.reach * 1.1) if signs.any() else high
            low = min(low, -self.reach * 1.1) if (~signs).any() else low
        if self.log:  # down to the power of ten below where it is near: a tick on each line
            floor = 10.0 ** np.floor(np.log10(low))
            self.domain = [floor if low / floor < 3 else low / 1.25, high * 1.25]
        else:
            pad = (high - low) * 0.06 or abs(high) * 0.1 or 1.0
            self.domain = [low - pad, high + pad]
        self.layers: list[dict[str, Any]] = []
        self.rows: list[pd.DataFrame] = []
        self.starts: list[pd.Series] = []
        self.ends: list[pd.Series] = []
        self.addable: list[str] = []  # series in the data a reader may add (not drawn)

    def scaled(self, values: pd.Series | np.ndarray) -> np.ndarray:
        return np.asarray(values, dtype="float64") / self.factor

    def add(
        self, description: str, mark: dict[str, Any], encoding: dict[str, Any], data: pd.DataFrame
    ) -> None:
        """A layer drawing *data*; its description starts with a word of MARK_WORDS."""
        if data.empty:
            return
        words = [w for w in MARK_WORDS if description.startswith(w + ":")]
        if not words or MARK_WORDS[words[0]] != mark["type"]:
            raise ValueError(f"a {mark['type']} layer described as {description!r}")
        self.layers.append(
            {
                "description": description,
                "data": {"values": _records(data)},
                "mark": {"clip": True, **mark},  # a mark may say otherwise
                "encoding": encoding,
            }
        )

    def x(self, field: str = "x") -> dict[str, Any]:
        return {"field": field, "type": "temporal", "title": None, "scale": {"type": "utc"}}

    def y(self, field: str = "y") -> dict[str, Any]:
        axis: dict[str, Any] = {"format": ",~f", "title": self.label}
        scale: dict[str, Any] = {"domain": self.domain, "nice": False, "zero": False}
        if self.log:
            scale = {"type": "log", "domain": self.domain, "nice": False}
            axis["values"] = log_ticks(*self.domain) or None
            axis = {k: v for k, v in axis.items() if v is not None}
        return {"field": field, "type": "quantitative", "scale": scale, "axis": axis}

    def spec(self, title: str | None = None) -> dict[str, Any]:
        starts = pd.to_datetime(pd.concat(self.starts)) if self.starts else pd.Series([])
        ends = pd.to_datetime(pd.concat(self.ends)) if self.ends else pd.Series([])
        xaxis: dict[str, Any] = {"labelOverlap": True}
        if len(starts) and (
            ((ends - starts).dt.days >= 364).all() or (ends.max() - starts.min()).days > 4 * 365
        ):
            years = (ends.max() - starts.min()).days / 365.25
            step = next((s for s in (1, 2, 5, 10, 20, 50) if years / s <= 8), 100)
            xaxis.update(format="%Y", tickCount={"interval": "year", "step": step})
        spec: dict[str, Any] = {
            "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
            "width": "container",
            "height": 280,
            "autosize": {"type": "fit-x", "contains": "padding"},  # the legend below adds
            "config": {
                "font": "Roboto, Helvetica, Arial, sans-serif",
                "axis": {"labelFontSize": 12, "titleFontSize": 12},
                "legend": {
                    "orient": "bottom",
                    "columns": 1,
                    "labelFontSize": 12,
                    "labelLimit": 600,
                    "title": None,
                },
                "axisX": xaxis,
            },
            "layer": self.layers,
        }
        if title:
            spec["title"] = {"text": title, "fontSize": 13}
        if self.addable:  # read by ii-charts.js: hidden until a reader adds them
            spec["usermeta"] = {"addable": self.addable}
        return spec

    def chart(self, columns: list[str], title: str | None = None) -> Chart:
        data = pd.concat(self.rows, ignore_index=True) if self.rows else pd.DataFrame()
        data = data.reindex(columns=[c for c in columns if c in data.columns])
        caption = "; ".join(str(layer["description"]) for layer in self.layers)
        return Chart(self.spec(title), data, caption[:1].upper() + caption[1:] + ".")


_COLOUR = {"field": "series", "type": "nominal", "title": None}
_TIP = [
    {"field": "series", "title": "series"},
    {"field": "period", "title": "period"},
    {"field": "text", "title": "value"},
]
_CSV = ["series", "kind", "period", "value", "lower", "upper", "unit", "who", "source", "id"]


def _periods(frame: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """x (the period's middle), x1 and x2 (its first and last day) as ISO dates."""
    first, last = pd.to_datetime(frame[start]), pd.to_datetime(frame[end])
    return frame.assign(x=_iso(first + (last - first) / 2), x1=_iso(first), x2=_iso(last))


def _official_layer(plot: _Plot, frame: pd.DataFrame, description: str) -> None:
    """Official series as lines with a dot per period (the hover targets)."""
    frame = frame.sort_values(["series", "x"])
    plot.add(
        description,
        {"type": "line", "point": {"size": 25}, "tooltip": True, "strokeWidth": 1.6},
        {
            "x": plot.x(),
            "y": plot.y(),
            "color": _COLOUR,
            "tooltip": [*_TIP, {"field": "source", "title": "source"}],
        },
        frame,
    )


def _sign_layers(plot: _Plot, frame: pd.DataFrame, colour: str) -> None:
    """Sign-only figures (a surplus, a deficit): a shaded area from zero towards the side
    the figure names over its period, labelled; never a dot, since no value is claimed."""
    if frame.empty:
        return
    above = frame["lower"].to_numpy(float) == 0  # a sign-only figure has lower = 0 or NaN
    reach = plot.reach
    shown = frame.assign(
        y=0.0,
        y2=np.where(above, reach, -reach),
        ylabel=np.where(above, reach, -reach) * 0.85,
        words=np.where(above, "positive (sign only)", "negative (sign only)"),
    )
    tip = [
        {"field": "series", "title": "stated by"},
        {"field": "period", "title": "period"},
        {"field": "words", "title": "claims"},
    ]
    plot.add(
        "shaded areas: figures that state only a sign, from zero towards that sign over "
        "their period",
        {"type": "rect", "opacity": 0.18, "color": colour, "tooltip": True},
        {
            "x": plot.x("x1"),
            "x2": {"field": "x2"},
            "y": plot.y(),
            "y2": {"field": "y2"},
            "tooltip": tip,
        },
        shown,
    )
    plot.add(
        "labels: the sign each such figure states",
        {
            "type": "text",
            "color": colour,
            "fontSize": 12,
            "align": "right",
            "dx": -4,
            "clip": False,
        },
        {"x": plot.x("x2"), "y": plot.y("ylabel"), "text": {"field": "words"}},
        shown,
    )


def _press_layers(plot: _Plot, press: pd.DataFrame) -> None:
    """Press figures, each its own mark coloured by who stated it: a dot at the value (a
    span over a period range), bars to its bounds (an unbounded side to the chart's edge),
    a box from bound to bound for a range with no central value, a shaded area for a sign."""
    if press.empty:
        return
    sign = (press["qualifier"] == "sign").to_numpy()
    _sign_layers(plot, press[sign], "#d62728")
    rest = press[~sign]
    value, lower, upper = (plot.scaled(rest[c]) for c in ("value", "lower", "upper"))
    bottom, top = plot.domain
    shown = rest.assign(
        y=value,
        low=np.where(np.isnan(lower), np.where(np.isnan(value), bottom, value), lower),
        high=np.where(np.isnan(upper), np.where(np.isnan(value), top, value), upper),
        bounds=np.where(
            np.isnan(lower) & np.isnan(upper),
            "",
            _texts(rest["lower"].to_numpy(float), plot.unit)
            + " to "
            + _texts(rest["upper"].to_numpy(float), plot.unit),
        ),
    )
    tip = [
        {"field": "series", "title": "stated by"},
        {"field": "period", "title": "period"},
        {"field": "text", "title": "value"},
        {"field": "bounds", "title": "bounds"},
        {"field": "figure", "title": "as printed"},
        {"field": "source", "title": "source"},
    ]
    has_value = np.isfinite(value)
    bounded = has_value & (np.isfinite(lower) | np.isfinite(upper))
    long = rest["period"].astype("str").str.contains("/").to_numpy()
    colour = {**_COLOUR, "legend": {"symbolType": "circle"}}
    plot.add(
        "boxes: ranges stated without a central value, from bound to bound over their period",
        {"type": "rect", "opacity": 0.35, "tooltip": True},
        {
            "x": plot.x("x1"),
            "x2": {"field": "x2"},
            "y": plot.y("low"),
            "y2": {"field": "high"},
            "color": colour,
            "tooltip": tip,
        },
        shown[~has_value],
    )
    plot.add(
        "spans: press figures over a range of periods, from its first to its last day",
        {"type": "rule", "strokeWidth": 2.5, "tooltip": True},
        {"x": plot.x("x1"), "x2": {"field": "x2"}, "y": plot.y(), "color": colour, "tooltip": tip},
        shown[has_value & long],
    )
    plot.add(
        "bars: the bounds of press figures (an unbounded side reaches the chart's edge)",
        {"type": "rule", "strokeWidth": 1.2, "tooltip": True},
        {
            "x": plot.x(),
            "y": plot.y("low"),
            "y2": {"field": "high"},
            "color": colour,
            "tooltip": tip,
        },
        shown[bounded],
    )
    plot.add(
        "dots: press figures, one per figure, coloured by who stated it",
        {"type": "point", "filled": True, "size": 90, "opacity": 1, "tooltip": True},
        {"x": plot.x(), "y": plot.y(), "color": colour, "tooltip": tip},
        shown[has_value],
    )


def _press_rows(
    press: pd.DataFrame, unit: str, source_names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Press figures as chart rows, each coloured by who stated it (else its source, by its
    name for people where *source_names* gives one)."""
    who = press["attributed_to"].astype("object").where(press["attributed_to"].notna(), None)
    source = press["source"].astype("str")
    present = set(source.unique())
    mapping = {k: v for k, v in (source_names or {}).items() if k in present}
    named = source.replace(mapping) if mapping else source
    series = who.fillna("the source: " + named).astype("str")
    rows = _periods(press, "period_start", "period_end").assign(
        series=series,
        kind="press",
        who=who.fillna(""),
        unit=unit,
        text=_texts(press["value"].to_numpy(float), unit),
    )
    return rows


def _log_wanted(groups: list[np.ndarray]) -> bool:
    """A log axis where the series differ by more than :data:`LOG_SPREAD` orders."""
    levels = [float(np.nanmedian(np.abs(g))) for g in groups if np.isfinite(g).any()]
    levels = [lv for lv in levels if lv > 0]
    positive = all((np.asarray(g)[np.isfinite(g)] > 0).all() for g in groups)
    return positive and len(levels) > 1 and bool(np.log10(max(levels) / min(levels)) > LOG_SPREAD)


def _chosen_series(
    official: pd.DataFrame, press_geos: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """At most :data:`MAX_SERIES` official series to draw: those of the economies the press
    figures are about first, then the largest by their latest value; and the next
    :data:`MAX_ADDABLE` in that order, which a reader may add to the chart."""
    keys = official["geo"].astype("str") + "|" + official["counterpart"].fillna("").astype("str")
    if keys.nunique() <= MAX_SERIES:
        return official, official.iloc[:0]
    latest = official.assign(key=keys).sort_values("period_start").groupby("key").last()
    rank = latest.assign(press=latest["geo"].isin(press_geos), size=latest["value"].abs())
    order = rank.sort_values(["press", "size"], ascending=False).index
    chosen = keys.isin(order[:MAX_SERIES]).to_numpy()
    addable = keys.isin(order[MAX_SERIES : MAX_SERIES + MAX_ADDABLE]).to_numpy()
    return official[chosen], official[addable]


def _official_rows(official: pd.DataFrame, unit: str) -> pd.DataFrame:
    geo = official["geo"].astype("str")
    counterpart = official["counterpart"].fillna("").astype("str")
    names = {g: name_of(g) for g in set(geo) | set(counterpart) if g}  # once per economy
    partner: pd.Series = " with " + counterpart.map(names).fillna("")
    series: pd.Series = geo.map(names) + np.where(counterpart != "", partner, "") + " (official)"
    return _periods(official, "period_start", "period_end").assign(
        series=series,
        kind="official",
        who="",
        unit=unit,
        text=_texts(official["value"].to_numpy(float), unit),
    )


def observations_chart(
    obs: pd.DataFrame,
    unit: str,
    lines: list[tuple[str, pd.DataFrame]] | None = None,
    *,
    source_names: Mapping[str, str] | None = None,
) -> Chart:
    """Observations of one indicator by period: official lines, each press figure a mark.

    The axis carries a scale word (billion USD) and turns logarithmic where the series
    differ by more than 1.5 orders of magnitude; see :func:`_press_layers` for the marks.
    """
    from integration_indicators.model.periods import parse_periods

    official = obs[obs["status"] == "official"]
    press = obs[obs["status"] != "official"]
    official, addable = _chosen_series(official, set(press["geo"]))
    computed = []
    for name, frame in lines or []:  # official series a rule computes (the DOTS balance)
        parsed = parse_periods(frame["official_period"].astype("str"))
        computed.append(
            pd.DataFrame(
                {
                    "series": name if "official" in name else f"{name} (official)",
                    "period": frame["official_period"].astype("str"),
                    "period_start": parsed["start"].to_numpy(),
                    "period_end": parsed["end"].to_numpy(),
                    "value": frame["official_value"].to_numpy(float),
                    "kind": "official",
                    "source": frame.get("official_sources", pd.Series("", index=frame.index))
                    .astype("str")
                    .to_numpy(),
                    "unit": unit,
                    "who": "",
                }
            )
        )
    groups = [
        g["value"].to_numpy(float)
        for _, g in official.groupby(["geo", "counterpart"], dropna=False)
    ]
    groups += [c["value"].to_numpy(float) for c in computed]
    groups += [g["value"].to_numpy(float) for _, g in press.groupby("geo")]
    everything = np.concatenate(
        [
            pd.concat([official, press])[["value", "lower", "upper"]].to_numpy(float).ravel(),
            *(c["value"].to_numpy(float) for c in computed),
        ]
    )
    signs = press.loc[press["qualifier"] == "sign", "lower"].to_numpy(float) == 0
    plot = _Plot(unit, everything, log=_log_wanted(groups), signs=signs)
    drawn = []
    if computed:
        rows = _periods(pd.concat(computed, ignore_index=True), "period_start", "period_end")
        drawn.append(rows.assign(text=_texts(rows["value"].to_numpy(float), unit)))
    if not official.empty:
        drawn.append(_official_rows(official, unit))
    extra = _official_rows(addable, unit) if not addable.empty else None
    if drawn:  # the addable series' rows ride in the same layer, hidden until added
        frame = pd.concat([*drawn, *([extra] if extra is not None else [])], ignore_index=True)
        _official_layer(
            plot,
            frame.assign(y=plot.scaled(frame["value"])),
            "lines: official statistics, a dot per period",
        )
    if not press.empty:
        drawn.append(_press_rows(press, unit, source_names))
        _press_layers(plot, drawn[-1])
    plot.rows = drawn
    plot.starts = [d["x1"] for d in drawn]
    plot.ends = [d["x2"] for d in drawn]
    if extra is not None:
        plot.addable = list(dict.fromkeys(extra["series"]))
    return plot.chart(_CSV)


def series_chart(series: IndicatorSeries, name: str | None = None) -> Chart:
    """A derived series by period: a line with a dot per period, its bounds as a band."""
    from integration_indicators.model.periods import parse_periods

    parsed = parse_periods(pd.Series(series.periods))
    value = series.values.to_numpy(float)
    lower = np.where(np.isfinite(series.lower), series.lower, np.nan)
    upper = np.where(np.isfinite(series.upper), series.upper, np.nan)
    frame = pd.DataFrame(
        {
            "series": name or series.name,
            "period": list(series.periods),
            "kind": "derived",
            "value": value,
            "lower": lower,
            "upper": upper,
            "unit": series.unit,
            "period_start": parsed["start"].to_numpy(),
            "period_end": parsed["end"].to_numpy(),
        }
    )
    plot = _Plot(series.unit, np.concatenate([value, lower, upper]))
    frame = _periods(frame, "period_start", "period_end").assign(
        y=plot.scaled(value),
        text=_texts(value, series.unit),
        low=plot.scaled(np.where(np.isnan(lower), value, lower)),
        high=plot.scaled(np.where(np.isnan(upper), value, upper)),
    )
    if np.any(np.nan_to_num(lower, nan=np.inf) != np.nan_to_num(upper, nan=np.inf)):
        plot.add(
            "band: the bounds of each value",
            {"type": "area", "opacity": 0.25},
            {"x": plot.x(), "y": plot.y("low"), "y2": {"field": "high"}},
            frame,
        )
    _official_layer(plot, frame, "lines: the derived series, a dot per period")
    plot.rows, plot.starts, plot.ends = [frame], [frame["x1"]], [frame["x2"]]
    return plot.chart(_CSV)


def revisions_chart(releases: dict[str, IndicatorSeries], economy: str) -> Chart:
    """One economy's series as each held release published it, drawn as the change from
    the first release held that published each period, in percent of its value (a flat
    line at 0: the release kept the figure): revisions read apart even where the levels lie
    on top of each other. The tooltip gives the release's value beside its change; today's
    figures are the thick line."""
    from integration_indicators.model.periods import parse_periods

    first = next(iter(releases.values()))
    base = pd.Series(dtype="float64")  # each period's value in the first release holding it
    for series in releases.values():
        held = pd.Series(series.values.to_numpy(float), index=list(series.periods)).dropna()
        base = pd.concat([base, held[~held.index.isin(base.index)]])
    frames = []
    for position, (release, series) in enumerate(releases.items()):
        latest = position == len(releases) - 1
        values = series.values.to_numpy(float)
        before = base.reindex(list(series.periods)).to_numpy(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            change = (values - before) / np.abs(before) * 100.0
        frames.append(
            pd.DataFrame(
                {
                    "series": f"release of {release}"
                    + (" (today's figures)" if latest else "")
                    + (" (the first held)" if position == 0 else ""),
                    "period": list(series.periods),
                    "value": values,
                    "change": change,
                    "unit": series.unit,
                    "kind": "official",
                    "latest": latest,
                }
            )
        )
    rows = pd.concat(frames, ignore_index=True)
    parsed = parse_periods(rows["period"])  # every release's periods at once
    rows = rows.assign(period_start=parsed["start"], period_end=parsed["end"])
    rows = _periods(rows[np.isfinite(rows["change"].to_numpy(float))], "period_start", "period_end")
    plot = _Plot("percent", rows["change"].to_numpy(float))
    said = _texts(rows["value"].to_numpy(float), first.unit)
    moved = _texts(rows["change"].to_numpy(float), "percent")
    sign = np.where(rows["change"].to_numpy(float) > 0, "+", "")
    rows = rows.assign(
        y=plot.scaled(rows["change"]), text=said + " (" + sign + moved + " from the first release)"
    )
    encoding = {"x": plot.x(), "y": plot.y(), "color": _COLOUR, "tooltip": _TIP}
    plot.add(
        "lines: the change of each earlier release held from the first, dashed",
        {
            "type": "line",
            "point": {"size": 20},
            "tooltip": True,
            "strokeWidth": 1.4,
            "strokeDash": [5, 3],
        },
        encoding,
        rows[~rows["latest"]],
    )
    plot.add(
        "lines: today's figures (the latest release held) from the first, thick",
        {
            "type": "line",
            "point": {"size": 20},
            "tooltip": True,
            "strokeWidth": 3.5,
            "opacity": 0.6,
        },
        encoding,
        rows[rows["latest"]],
    )
    plot.rows, plot.starts, plot.ends = [rows], [rows["x1"]], [rows["x2"]]
    return plot.chart(_CSV, title=f"{economy}: change from the first release held (%)")


def claim_chart(official: pd.DataFrame, claim: pd.Series, unit: str, cutoff: object) -> Chart:
    """One claim against the official series: the series as a line, the claimed interval
    as a box over the claim's period (a sign-only claim as on indicator pages), the claimed
    value as a diamond, the last period knowable when the claim was made as a dashed line.

    *official* has ``official_period`` and ``official_value``; *claim* is a crosscheck row.
    """
    from integration_indicators.model.periods import parse_periods

    parsed = parse_periods(official["official_period"].astype("str"))
    line = pd.DataFrame(
        {
            "series": "official",
            "kind": "official",
            "period": official["official_period"].astype("str").to_numpy(),
            "value": official["official_value"].to_numpy(float),
            "unit": unit,
            "period_start": parsed["start"].to_numpy(),
            "period_end": parsed["end"].to_numpy(),
        }
    )
    low, high = float(claim["claimed_lower"]), float(claim["claimed_upper"])
    value = float(claim["claimed_value"])
    cparsed = parse_periods(pd.Series([str(claim["period"])]))
    said = pd.DataFrame(
        {
            "series": f"claim: {claim['figure']}",
            "kind": "claim",
            "period": [str(claim["period"])],
            "value": [value],
            "lower": [low if np.isfinite(low) else np.nan],
            "upper": [high if np.isfinite(high) else np.nan],
            "unit": unit,
            "period_start": cparsed["start"].to_numpy(),
            "period_end": cparsed["end"].to_numpy(),
            "qualifier": [str(claim.get("qualifier", "") or "")],
            "figure": [str(claim["figure"])],
            "who": [str(claim.get("attributed_to", "") or "")],
            "source": [str(claim["source"])],
        }
    )
    signs = np.array([low == 0]) if said["qualifier"].iloc[0] == "sign" else None
    plot = _Plot(
        unit, np.concatenate([line["value"].to_numpy(float), [value, low, high]]), signs=signs
    )
    line = _periods(line, "period_start", "period_end")
    line = line.assign(y=plot.scaled(line["value"]), text=_texts(line["value"].to_numpy(), unit))
    _official_layer(plot, line, "lines: the official series, a dot per period")
    said = _periods(said, "period_start", "period_end").assign(
        text=_texts(said["value"].to_numpy(float), unit), y=plot.scaled(said["value"])
    )
    bottom, top = plot.domain
    tip = [
        {"field": "series", "title": "claim"},
        {"field": "period", "title": "period"},
        {"field": "bounds", "title": "claimed interval"},
    ]
    if said["qualifier"].iloc[0] == "sign":
        _sign_layers(plot, said.assign(series=said["figure"]), "#d62728")
    else:
        box = said.assign(
            low=plot.scaled(said["lower"].fillna(-np.inf)).clip(bottom, top),
            high=plot.scaled(said["upper"].fillna(np.inf)).clip(bottom, top),
            bounds=f"{_texts(np.array([low]), unit)[0] or '-inf'} to "
            f"{_texts(np.array([high]), unit)[0] or 'inf'}",
        )
        days = (cparsed["end"].iloc[0] - cparsed["start"].iloc[0]).days
        span = (parsed["end"].max() - parsed["start"].min()).days
        if days * 60 >= span:  # wide enough to see: over the claim's period
            plot.add(
                "boxes: the claimed interval over the claim's period",
                {"type": "rect", "color": "#d62728", "opacity": 0.2, "tooltip": True},
                {
                    "x": plot.x("x1"),
                    "x2": {"field": "x2"},
                    "y": plot.y("low"),
                    "y2": {"field": "high"},
                    "tooltip": tip,
                },
                box,
            )
        else:  # a month or a day on decades of data: a box 10 pixels wide at its middle
            plot.add(
                "boxes: the claimed interval, at the middle of the claim's period",
                {"type": "rect", "color": "#d62728", "opacity": 0.35, "width": 10, "tooltip": True},
                {"x": plot.x(), "y": plot.y("low"), "y2": {"field": "high"}, "tooltip": tip},
                box,
            )
        plot.add(
            "diamond: the claimed value",
            {
                "type": "point",
                "shape": "diamond",
                "filled": True,
                "size": 110,
                "color": "#d62728",
                "tooltip": True,
            },
            {
                "x": plot.x(),
                "y": plot.y(),
                "tooltip": [*tip[:2], {"field": "text", "title": "claimed value"}],
            },
            said[np.isfinite(said["y"].to_numpy(float))],
        )
    rows = [line, said]
    if cutoff is not None:
        mark = pd.DataFrame(
            {
                "x": [_iso(pd.Series([cutoff])).iloc[0]],
                "what": ["last official period published by the claim's date"],
            }
        )
        plot.add(
            "dashed line: the end of the last official period published by the claim's date",
            {"type": "rule", "strokeDash": [5, 4], "color": "grey", "tooltip": True},
            {"x": plot.x(), "tooltip": [{"field": "what", "title": "marks"}]},
            mark,
        )
    plot.rows, plot.starts, plot.ends = rows, [r["x1"] for r in rows], [r["x2"] for r in rows]
    return plot.chart(_CSV)
