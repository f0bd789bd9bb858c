"""The headline metrics: press figures set beside what official statistics give.

``headline_metrics`` computes each with bounds and lineage from the catalogue and returns
one table; ``integration-indicators metrics`` prints it. Every row names the sources its value
rests on and a caveat in words: what the comparison can and cannot say. Rows whose metric
starts with ``press:`` are figures as the press states them. Verdicts on the press figures
are the crosscheck engine's (``integration-indicators crosscheck``), not this table's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from integration_indicators.analysis.series import IndicatorSeries
from integration_indicators.catalogue import Catalogue
from integration_indicators.errors import AlignmentError, MetricError, NoRowsError, UnitError

if TYPE_CHECKING:
    from integration_indicators.analysis.formulas import Node

#: Columns of the headline table.
HEADLINE_COLUMNS = (
    "metric",
    "period",
    "value",
    "lower",
    "upper",
    "unit",
    "approximate",
    "sources",
    "observations",
    "caveat",
)

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


_FIELDS = ("name", "about", "compute", "caveat")


@dataclass(frozen=True)
class Declared:
    """A headline metric as ``headline.yaml`` declares it: its formula read."""

    name: str
    about: str
    formula: Node
    caveat: str


def declared_metrics(cat: Catalogue) -> list[Declared] | None:
    """The metrics *cat*'s ``headline.yaml`` declares (None where it has none); every
    problem of the file at once as ``ValidationError`` (line, field, value, rule)."""
    from integration_indicators.analysis.formulas import FormulaError, parse
    from integration_indicators.errors import Problem, ValidationError
    from integration_indicators.io.catalogue_files import HEADLINE_FILE
    from integration_indicators.io.yaml_tables import read_yaml_table

    path = Path(cat.location) / HEADLINE_FILE
    if not cat.location or not path.exists():
        return None
    table = read_yaml_table(path, HEADLINE_FILE, _FIELDS, optional_fields=_FIELDS)
    problems = list(table.problems)
    frame = table.frame
    for column in sorted(set(frame.columns) - set(_FIELDS)):
        problems.append(
            Problem(
                HEADLINE_FILE,
                None,
                str(column),
                None,
                "unknown-column",
                f"a headline metric has {', '.join(_FIELDS)}",
            )
        )
    declared: list[Declared] = []
    seen: set[str] = set()
    for position, entry in enumerate(frame.to_dict("records")):
        line = table.rows[position] if position < len(table.rows) else None
        for field_name in ("name", "compute"):
            if not str(entry.get(field_name, "") or "").strip():
                problems.append(
                    Problem(
                        HEADLINE_FILE,
                        line,
                        field_name,
                        None,
                        "missing-field",
                        f"every headline metric needs a {field_name}",
                    )
                )
        name, text = str(entry.get("name", "")), str(entry.get("compute", ""))
        if name in seen:
            problems.append(
                Problem(
                    HEADLINE_FILE,
                    line,
                    "name",
                    name,
                    "unique",
                    "two headline metrics have this name",
                )
            )
        seen.add(name)
        if not text.strip():
            continue
        try:
            formula = parse(text)
        except FormulaError as exc:
            where = table.cell_lines.get((position, "compute"), line)
            problems.append(
                Problem(HEADLINE_FILE, where, "compute", text, "headline-formula", str(exc))
            )
            continue
        declared.append(
            Declared(name, str(entry.get("about", "")), formula, str(entry.get("caveat", "")))
        )
    if problems:
        raise ValidationError(problems, cat.location)
    return declared


#: What a catalogue that declares no headline metrics is told, once.
NO_METRICS = (
    "this catalogue declares no headline metrics: declare them in headline.yaml "
    '(name, about, compute, caveat; see the README\'s "Headline metrics")'
)


def available_series(cat: Catalogue) -> tuple[list[Entry], list[str]]:
    """The headline metrics *cat* can give (as ``headline_series``), and for each it cannot,
    its name and the series it lacks, in words: a catalogue declares its own metrics in
    ``headline.yaml``, and may hold some of their series or none."""
    from integration_indicators.analysis.formulas import evaluate

    declared = declared_metrics(cat)
    if not declared:
        return [], [NO_METRICS]
    entries: list[Entry] = []
    missing: list[str] = []
    for metric in declared:
        try:
            entries.append((metric.name, evaluate(metric.formula, cat), metric.caveat))
        except NoRowsError as exc:
            lacking = str(exc).split(": ", 1)[0]
            missing.append(f"{metric.name}: needs {lacking}, which this catalogue does not hold")
        except (AlignmentError, MetricError, UnitError) as exc:  # an ambiguity surfaces
            missing.append(f"{metric.name}: {exc}")
    return entries, missing


def headline_series(cat: Catalogue) -> list[Entry]:
    """Each headline metric's name, series (with bounds and lineage) and caveat; a series
    the catalogue lacks raises ``IndicatorError``."""
    from integration_indicators.analysis.formulas import evaluate

    return [(m.name, evaluate(m.formula, cat), m.caveat) for m in declared_metrics(cat) or []]


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
