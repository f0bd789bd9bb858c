"""The headline metrics: press claims set beside what official statistics give.

:func:`headline_metrics` computes each with bounds and lineage from the catalogue and returns
one table; ``integration-indicators metrics`` prints it. Every row names the sources its value
rests on; rows whose metric starts with ``press:`` are figures as the press states them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from . import metrics
from .catalogue import Catalogue
from .series import IndicatorSeries

#: Columns of the headline table.
HEADLINE_COLUMNS = (
    "metric", "period", "value", "lower", "upper", "unit", "approximate", "sources", "observations",
)  # fmt: skip


def _rows(metric: str, series: IndicatorSeries) -> pd.DataFrame:
    origins = series.origins
    return pd.DataFrame(
        {
            "metric": metric,
            "period": list(series.periods),
            "value": series.values.to_numpy(),
            "lower": series.lower.to_numpy(),
            "upper": series.upper.to_numpy(),
            "unit": series.unit,
            "approximate": series.approximate.to_numpy(dtype=bool),
            "sources": [", ".join(sorted({o.source for o in os})) for os in origins],
            "observations": [", ".join(o.observation for o in os) for os in origins],
        }
    )


def _economy(cat: Catalogue) -> list[tuple[str, IndicatorSeries]]:
    gdp = {g: cat.series("macro.gdp", geo=g) for g in ("RUS", "BLR")}
    pop = {g: cat.series("population.total", geo=g, status="official") for g in ("RUS", "BLR")}
    ppp = {
        g: metrics.product(cat.series("macro.gdp_per_capita_ppp", geo=g), pop[g], align="inner")
        for g in ("RUS", "BLR")
    }
    per_head = {g: cat.series("macro.gdp_per_capita", geo=g) for g in ("RUS", "BLR")}
    press_pop = {
        g: cat.series("population.total", geo=g, source="sochi-meeting-2019-12")
        for g in ("RUS", "BLR")
    }
    return [
        ("Russia/Belarus economy size, GDP in current US$ (World Bank)",
         metrics.ratio(gdp["RUS"], gdp["BLR"], align="inner")),
        ("Russia/Belarus economy size, GDP at PPP: GDP per head PPP x population (World Bank)",
         metrics.ratio(ppp["RUS"], ppp["BLR"], align="inner")),
        ("press: the Russian economy is N times the Belarusian one",
         cat.series("macro.economy_size_ratio", geo="RUS", counterpart="BLR")),
        ("Russia/Belarus population (World Bank)",
         metrics.ratio(pop["RUS"], pop["BLR"], align="inner")),
        ("press: Russia/Belarus population (145 million / close to 10 million)",
         metrics.ratio(press_pop["RUS"], press_pop["BLR"])),
        ("Russia/Belarus GDP per head, current US$ (World Bank)",
         metrics.ratio(per_head["RUS"], per_head["BLR"], align="inner")),
    ]  # fmt: skip


def _trade(cat: Catalogue) -> list[tuple[str, IndicatorSeries]]:
    exports = cat.series("trade.goods.exports", geo="BLR", counterpart="RUS")
    imports = cat.series("trade.goods.imports", geo="BLR", counterpart="RUS")
    turnover = metrics.total(exports, imports)
    growth = cat.series("trade.turnover.growth", geo="BLR", counterpart="RUS")
    return [
        ("Belarus-Russia goods turnover, exports FOB + imports CIF as Belarus reports (IMF DOTS)",
         turnover),
        ("Belarus-Russia goods balance, exports FOB - imports CIF as Belarus reports (IMF DOTS)",
         metrics.difference(exports, imports)),
        ("growth of Belarus-Russia goods turnover (IMF DOTS)", metrics.growth_rate(turnover)),
        ("press: Belarus's trade balance with Russia",
         cat.series("trade.balance", geo="BLR", counterpart="RUS")),
        ("turnover implied by the reported growth (press) from the 2020 level (IMF DOTS)",
         metrics.implied_levels(turnover.at("2020"), growth)),
        ("press: Belarus-Russia goods turnover",
         cat.series("trade.goods.turnover", geo="BLR", counterpart="RUS")),
    ]  # fmt: skip


def _emigration(cat: Catalogue) -> list[tuple[str, IndicatorSeries]]:
    experts = cat.series("migration.emigration.cumulative", geo="BLR", status="estimated")
    minister = cat.series("migration.emigration.cumulative", geo="BLR", status="claimed")
    press_pop = cat.series("population.total", geo="BLR", source="belarus-weekly-2024-02-02")
    pop = cat.series("population.total", geo="BLR", status="official").at("2023")
    labour = cat.series("labour.force", geo="BLR").at("2023")
    expert_total = experts.at(experts.periods[0])
    claimed = minister.at(minister.periods[0])
    return [
        ("emigration estimate of Belarusian experts / population (press, 9.5 million)",
         metrics.share(expert_total, press_pop.at(press_pop.periods[0]))),
        ("emigration estimate of Belarusian experts / population 2023 (World Bank)",
         metrics.share(expert_total, pop)),
        ("emigration claimed by the Interior Ministry / population 2023 (World Bank)",
         metrics.share(claimed, pop)),
        ("emigration estimate of Belarusian experts / labour force 2023 (World Bank, ILO)",
         metrics.share(expert_total, labour)),
        ("emigration claimed by the Interior Ministry / labour force 2023 (World Bank, ILO)",
         metrics.share(claimed, labour)),
    ]  # fmt: skip


def _programmes(cat: Catalogue) -> list[tuple[str, IndicatorSeries]]:
    implementation = cat.series("integration.programmes.implementation")
    count = cat.series(
        "integration.programmes.count", source="jamestown-2023-04-24", status="reported"
    )
    return [
        ("integration programmes implemented: share implemented x 28 (press)",
         metrics.product(implementation, count.at(count.periods[0]))),
        ("pace of implementation between reports, percentage points per month (press)",
         metrics.pace(implementation)),
    ]  # fmt: skip


#: The groups of headline metrics, in the order of the table.
GROUPS: tuple[Callable[[Catalogue], list[tuple[str, IndicatorSeries]]], ...] = (
    _economy, _trade, _emigration, _programmes,
)  # fmt: skip


def headline_series(cat: Catalogue) -> list[tuple[str, IndicatorSeries]]:
    """Each headline metric's name and series (with bounds and lineage)."""
    return [entry for group in GROUPS for entry in group(cat)]


def headline_metrics(cat: Catalogue) -> pd.DataFrame:
    """The headline metrics as one table, a row per metric and period.

    Columns: metric, period, value, lower, upper, unit, approximate, sources (the source ids
    the value rests on) and observations (their ids).
    """
    frames = [_rows(name, series) for name, series in headline_series(cat)]
    return pd.concat(frames, ignore_index=True).loc[:, list(HEADLINE_COLUMNS)]


def render(table: pd.DataFrame) -> str:
    """The headline table for a terminal: 4 significant digits, bounds only where they add."""

    def number(x: float) -> str:
        return "" if np.isnan(x) else f"{x:.4g}"

    point = (table["lower"] == table["value"]) & (table["upper"] == table["value"])
    bounds = [
        "" if same else f"[{number(lo)}, {number(hi)}]"
        for same, lo, hi in zip(point, table["lower"], table["upper"], strict=True)
    ]
    shown = pd.DataFrame(
        {
            "period": table["period"],
            "value": [
                "~" * a + number(v)
                for a, v in zip(table["approximate"], table["value"], strict=True)
            ],
            "bounds": bounds,
            "unit": table["unit"],
            "sources": table["sources"],
        }
    )
    blocks = []
    for metric, rows in shown.groupby(table["metric"], sort=False):
        blocks.append(f"{metric}\n{rows.to_string(index=False)}")
    return "\n\n".join(blocks) + "\n"
