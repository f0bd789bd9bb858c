"""A panel check from start to end, as ``check-panel`` runs it: the report and the output.

``check_panel_outcome`` checks a panel on the engine asked for, writes the normalised rows
with their growth as a Parquet dataset directory when asked (nothing where there are
problems), and gives the same ``PanelOutcome`` whatever the engine; ``to_json`` is the
report the command prints with ``--format json``.

Examples
--------
>>> import pandas as pd
>>> indicators = pd.DataFrame({"id": ["macro.gdp"], "unit": ["USD"]})
>>> frame = pd.DataFrame({"indicator": ["macro.gdp"] * 2, "geo": ["BLR", "XXA"],
...                       "period": ["2019", "2020"], "value": [60.0, 61.2],
...                       "unit": ["billion USD"] * 2})
>>> outcome = check_panel_outcome(frame, indicators)
>>> outcome.to_json()["problems"], outcome.to_json()["first"]["iso-country"][0]["row"]
({'iso-country': 1}, 3)
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from integration_indicators.errors import PanelError, Problem


@dataclass(frozen=True, slots=True)
class PanelOutcome:
    """What checking a panel found: rows, problems per rule, first rows, the output written."""

    rows: int
    #: Rows breaking each rule (every row counted), in the order the rules run.
    counts: dict[str, int] = field(default_factory=dict)
    #: The first rows of each broken rule.
    problems: tuple[Problem, ...] = ()
    engine: str = "pandas"
    #: The Parquet dataset written (None: not asked for, or not written because of problems).
    written: Path | None = None

    @property
    def valid(self) -> bool:
        """Whether the panel passed every rule."""
        return not self.counts

    def to_json(self) -> dict[str, object]:
        """``{"rows": N, "problems": {rule: count}, "first": {rule: [rows]}}``: the same
        whatever the engine (each row: file, row, column, value, message)."""
        first: dict[str, list[dict[str, object]]] = {}
        for p in self.problems:
            first.setdefault(p.rule, []).append(
                {
                    "file": p.file,
                    "row": p.row,
                    "column": p.column,
                    "value": _json_value(p.value),
                    "message": p.message,
                }
            )
        return {"rows": self.rows, "problems": dict(self.counts), "first": first}

    def text(self) -> str:
        """The report for people: a summary line, then the first rows of each rule."""
        if self.valid:
            said = f"panel OK: {self.rows} rows checked on {self.engine}"
            return said + (f"; wrote {self.written}" if self.written is not None else "")
        error = PanelError(self.problems, "", self.counts, self.rows)
        return f"{self.rows} rows checked on {self.engine}; " + error.report()


def _json_value(value: object) -> object:
    """A cell as JSON: NaN and null alike as null, infinities as text, numbers as numbers."""
    from integration_indicators.validation.panel_relational import plain_cell

    value = plain_cell(value)
    if value is None or isinstance(value, (int, bool)):
        return value
    if isinstance(value, float):
        return value if not math.isinf(value) else ("inf" if value > 0 else "-inf")
    return str(value)


def check_panel_outcome(
    source: object,
    indicators: pd.DataFrame,
    *,
    engine: str | None = None,
    output: str | os.PathLike[str] | None = None,
    memory_limit: str | None = None,
    spill: str | None = None,
    first_rows: int = 5,
    progress: Callable[[str], None] | None = None,
) -> PanelOutcome:
    """Check *source* (see ``check_panel``) and, where it passes and *output* is given, write
    its normalised rows with ``growth`` as a Parquet dataset directory *output*."""
    from integration_indicators.validation import panel_sources as sources
    from integration_indicators.validation.panel import Panel, check_panel, panel_growth

    chosen = engine or sources.default_engine(source)
    try:
        checked = check_panel(
            source,
            indicators,
            engine=chosen,
            memory_limit=memory_limit,
            spill=spill,
            first_rows=first_rows,
            progress=progress,
        )
    except PanelError as exc:
        counts = exc.counts if exc.counts is not None else {}
        return PanelOutcome(exc.rows, dict(counts), exc.problems, chosen)
    if isinstance(checked, Panel):
        rows = len(checked.frame)
        if output is not None:
            _write_frame(checked, panel_growth(checked), indicators, output)
        return PanelOutcome(rows, engine=chosen, written=_path(output))
    if output is not None:
        from integration_indicators.validation.panel_relational import write_parquet

        if progress is not None:
            progress("writing the normalised panel")
        write_parquet(panel_growth(checked), checked, output)
    return PanelOutcome(checked.rows, engine=chosen, written=_path(output))


def _path(output: str | os.PathLike[str] | None) -> Path | None:
    return None if output is None else Path(output)


def _write_frame(
    panel: Any, growth: pd.Series, indicators: pd.DataFrame, output: str | os.PathLike[str]
) -> None:
    """The in-memory engine's normalised panel as ``output/part-0.parquet``, all or nothing."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from integration_indicators.io.outputs import replace_directory

    frame: pd.DataFrame = panel.frame
    units = pd.Series(indicators["unit"].to_numpy(), index=indicators["id"].to_numpy())
    canonical = frame["indicator"].astype("category").map(units)  # once per indicator
    normalised = frame.assign(value=panel.value, unit=canonical, growth=growth)

    def build(staging: Path) -> None:
        table = pa.Table.from_pandas(normalised, preserve_index=False)
        pq.write_table(table, staging / "part-0.parquet", compression="zstd")

    replace_directory(output, "panel", build)
