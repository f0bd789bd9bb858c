"""The headline metrics: press figures set beside what official statistics give.

``headline_metrics`` computes each with bounds and lineage from the catalogue and returns
one table; ``integration-indicators metrics`` prints it. Every row names the sources its value
rests on and a caveat in words: what the comparison can and cannot say. Rows whose metric
starts with ``press:`` are figures as the press states them. Verdicts on the press figures
are the crosscheck engine's (``integration-indicators crosscheck``), not this table's.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from integration_indicators.analysis import metrics
from integration_indicators.analysis.series import IndicatorSeries
from integration_indicators.catalogue import Catalogue
from integration_indicators.errors import IndicatorError

#: Columns of the headline table.
HEADLINE_COLUMNS = (
    "metric", "period", "value", "lower", "upper", "unit", "approximate", "sources", "observations",
    "caveat",
)  # fmt: skip

#: One headline metric: its name, its series and the caveat a reader needs.
Entry = tuple[str, IndicatorSeries, str]


def _rows(metric: str, series: IndicatorSeries, caveat: str) -> pd.DataFrame:
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
            "caveat": caveat,
        }
    )


_MEASURE = (
    "The press never says how it measures the size of an economy; the crosscheck judges "
    '"29 times" (December 2019) on the data published by then (2018), not on 2019\'s.'
)


def _economy(cat: Catalogue) -> list[Entry]:
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
         metrics.ratio(gdp["RUS"], gdp["BLR"], align="inner"), _MEASURE),
        ("Russia/Belarus economy size, GDP at PPP: GDP per head PPP x population (World Bank)",
         metrics.ratio(ppp["RUS"], ppp["BLR"], align="inner"), _MEASURE),
        ("press: the Russian economy is N times the Belarusian one",
         cat.series("macro.economy_size_ratio", geo="RUS", counterpart="BLR"), _MEASURE),
        ("Russia/Belarus population (World Bank)",
         metrics.ratio(pop["RUS"], pop["BLR"], align="inner"), ""),
        ("press: Russia/Belarus population (145 million / close to 10 million)",
         metrics.ratio(press_pop["RUS"], press_pop["BLR"]),
         "Two rounded press figures of December 2019; \"close to\" is flagged approximate."),
        ("Russia/Belarus GDP per head, current US$ (World Bank)",
         metrics.ratio(per_head["RUS"], per_head["BLR"], align="inner"), ""),
    ]  # fmt: skip


_SCOPE = (
    "IMF DOTS goods trade as Belarus reports it (exports FOB, imports CIF); the press figures "
    "do not say whether services are included or whose statistics they use."
)


def _trade(cat: Catalogue) -> list[Entry]:
    exports = cat.series("trade.goods.exports", geo="BLR", counterpart="RUS")
    imports = cat.series("trade.goods.imports", geo="BLR", counterpart="RUS")
    turnover = metrics.total(exports, imports)
    growth = cat.series("trade.turnover.growth", geo="BLR", counterpart="RUS")
    implied = (
        "Not a check of the $45 billion: the press rates (35% in 2021, 12% in 2022) are of "
        '"the volume of Belarusian-Russian trade", goods and services or goods only '
        "(unstated), while the base is 2020 goods trade (DOTS); the scopes differ."
    )
    return [
        ("Belarus-Russia goods turnover, exports FOB + imports CIF as Belarus reports (IMF DOTS)",
         turnover, _SCOPE),
        ("Belarus-Russia goods balance, exports FOB - imports CIF as Belarus reports (IMF DOTS)",
         metrics.difference(exports, imports), _SCOPE),
        ("growth of Belarus-Russia goods turnover (IMF DOTS)", metrics.growth_rate(turnover),
         _SCOPE),
        ("press: Belarus's trade balance with Russia",
         cat.series("trade.balance", geo="BLR", counterpart="RUS"), _SCOPE),
        ("turnover implied by the press growth rates from the 2020 goods level (IMF DOTS)",
         metrics.implied_levels(turnover.at("2020"), growth), implied),
        ("press: Belarus-Russia goods turnover",
         cat.series("trade.goods.turnover", geo="BLR", counterpart="RUS"), _SCOPE),
    ]  # fmt: skip


def _emigration(cat: Catalogue) -> list[Entry]:
    experts = cat.series("migration.emigration.cumulative", geo="BLR", status="estimated")
    minister = cat.series("migration.emigration.cumulative", geo="BLR", status="claimed")
    press_pop = cat.series("population.total", geo="BLR", source="belarus-weekly-2024-02-02")
    pop = cat.series("population.total", geo="BLR", status="official").at("2023")
    labour = cat.series("labour.force", geo="BLR").at("2023")
    expert_total = experts.at(experts.periods[0])
    claimed = minister.at(minister.periods[0])
    dissenters = (
        'The Deputy Interior Minister\'s figure counts "regime dissenters" who fled abroad, '
        "not all emigrants."
    )
    ratio = (
        "A ratio, not a share: emigrants of all ages are not part of the labour force; it says "
        "how large the outflow is against the people working or seeking work in 2023."
    )
    return [
        ("emigration estimate of Belarusian experts / population (press, 9.5 million)",
         metrics.share(expert_total, press_pop.at(press_pop.periods[0])),
         "Both figures from the same article; the experts give a range and no central value."),
        ("emigration estimate of Belarusian experts / population 2023 (World Bank)",
         metrics.share(expert_total, pop), "The experts give a range and no central value."),
        ("emigration claimed by Deputy Interior Minister Karpiankou / population 2023 "
         "(World Bank)", metrics.share(claimed, pop), dissenters),
        ("emigration estimate of Belarusian experts, ratio to the labour force 2023 "
         "(World Bank, ILO)", metrics.ratio(expert_total, labour), ratio),
        ("emigration claimed by Deputy Interior Minister Karpiankou, ratio to the labour force "
         "2023 (World Bank, ILO)", metrics.ratio(claimed, labour), f"{ratio} {dissenters}"),
    ]  # fmt: skip


def _programmes(cat: Catalogue) -> list[Entry]:
    implementation = cat.series("integration.programmes.implementation")
    return [
        ("pace of implementation between reports, percentage points per month (press)",
         metrics.pace(implementation),
         "The reports say the 28 programmes were \"implemented\" or \"completed\" at about "
         "70, almost 80 and about 90 percent; whether that is the share of programmes done or "
         "the degree of completion is not said, so no count of programmes is derived."),
    ]  # fmt: skip


#: The groups of headline metrics, in the order of the table.
GROUPS: tuple[Callable[[Catalogue], list[Entry]], ...] = (
    _economy, _trade, _emigration, _programmes,
)  # fmt: skip

#: What each group of ``GROUPS`` is about, in words.
GROUP_NAMES = (
    "the size of the Russian economy against the Belarusian one",
    "Belarus-Russia goods trade and the press figures on it",
    "emigration from Belarus against its population and labour force",
    "the pace of the Union State's integration programmes",
)


def available_series(cat: Catalogue) -> tuple[list[Entry], list[str]]:
    """The headline metrics *cat* can give (as ``headline_series``), and for each group it
    cannot, what it is about and the series it lacks, in words: the metrics are those of the
    bundled sources, and another catalogue may hold some of their series or none."""
    entries: list[Entry] = []
    missing: list[str] = []
    for group, about in zip(GROUPS, GROUP_NAMES, strict=True):
        try:
            entries += group(cat)
        except IndicatorError as exc:
            lacking = str(exc).split(": ", 1)[0]
            missing.append(f"{about}: needs {lacking}, which this catalogue does not hold")
    return entries, missing


def headline_series(cat: Catalogue) -> list[Entry]:
    """Each headline metric's name, series (with bounds and lineage) and caveat."""
    return [entry for group in GROUPS for entry in group(cat)]


def headline_metrics(cat: Catalogue, *, as_of: str | None = None) -> pd.DataFrame:
    """The headline metrics as one table, a row per metric and period; with *as_of* (an
    ISO date), on what was published on that date (``Catalogue.as_of``).

    Columns: metric, period, value, lower, upper, unit, approximate, sources (the source ids
    the value rests on), observations (their ids) and caveat (what the comparison cannot say).
    The metrics a catalogue cannot give are left out and said in ``attrs["notes"]``.
    """
    if as_of is not None:
        cat = cat.as_of(as_of)
    entries, missing = available_series(cat)
    empty = pd.DataFrame({c: pd.Series(dtype="object") for c in HEADLINE_COLUMNS})
    frames = [_rows(name, series, caveat) for name, series, caveat in entries]
    table = pd.concat(frames, ignore_index=True) if frames else empty
    table = table.loc[:, list(HEADLINE_COLUMNS)]
    table.attrs["notes"] = [f"not computed: {text}" for text in missing]
    return table


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
    caveats = table.groupby("metric", sort=False)["caveat"].first()
    for metric, rows in shown.groupby(table["metric"], sort=False):
        caveat = f"  caveat: {caveats[metric]}\n" if caveats[metric] else ""
        blocks.append(f"{metric}\n{caveat}{rows.to_string(index=False)}")
    return "\n\n".join(blocks) + "\n"
