"""Exporting observations to CSV or JSON and reading the exports back, losslessly.

Files are written atomically (see ``outputs``): to a temporary file beside the target, then
renamed over it, so a failure midway leaves any earlier file whole. Floats are written in
their shortest exact form (``repr``), so export then read gives the same numbers to the last
digit.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from integration_indicators.catalogue import (
    DATE_COLUMNS,
    NUMBER_COLUMNS,
    OBSERVATION_COLUMNS,
    Catalogue,
)
from integration_indicators.errors import Problem, ValidationError
from integration_indicators.io.outputs import (
    catalogue_paths,
    check_output_file,
    write_text_atomic,
)

ExportFormat = Literal["csv", "json"]

#: Export formats, for command-line choices.
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "json")


def _text_frame(table: pd.DataFrame, columns: tuple[str, ...] | None) -> pd.DataFrame:
    frame = table.loc[:, list(columns)].copy() if columns else table.copy()
    for column in DATE_COLUMNS:
        if column in frame.columns:
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    return frame


def render(
    table: pd.DataFrame,
    fmt: ExportFormat,
    columns: tuple[str, ...] | None = OBSERVATION_COLUMNS,
) -> str:
    """A table (the observations by default) as CSV or JSON text; floats exact.

    JSON has no infinity: an unbounded side (``inf``) is ``null`` there, as a missing value is.
    """
    frame = _text_frame(table, columns)
    if fmt == "csv":
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, lineterminator="\n")
        return buffer.getvalue()
    numbers = frame.select_dtypes("number").columns
    frame[numbers] = frame[numbers].replace([np.inf, -np.inf], np.nan)  # JSON has no infinity
    records = frame.astype("object").where(frame.notna(), None).to_dict("records")
    return json.dumps(records, ensure_ascii=False, allow_nan=False, indent=1) + "\n"


def export_observations(
    catalogue: Catalogue, fmt: ExportFormat = "csv", path: str | os.PathLike[str] | None = None
) -> str:
    """Export the catalogue's observations; write them to *path* (atomically) if given.

    Returns the exported text.
    """
    if path is not None:
        check_output_file(path, catalogue_paths(catalogue))
    text = render(catalogue.observations(), fmt)
    if path is not None:
        write_text_atomic(path, text)
    return text


def _typed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    missing = [c for c in OBSERVATION_COLUMNS if c not in frame.columns]
    if missing:
        problems = [
            Problem(name, None, c, None, "missing-column", "the column is missing") for c in missing
        ]
        raise ValidationError(problems, name)
    frame = frame.loc[:, list(OBSERVATION_COLUMNS)]
    out: dict[str, pd.Series] = {}
    for column in OBSERVATION_COLUMNS:
        series = frame[column]
        if column in NUMBER_COLUMNS:
            out[column] = pd.to_numeric(series.mask(series == ""), errors="raise").astype("float64")
        elif column in DATE_COLUMNS:
            out[column] = pd.to_datetime(series, format="%Y-%m-%d").astype("datetime64[s]")
        else:
            text = series.astype("str")
            out[column] = text.mask(text == "")
    return pd.DataFrame(out)


def read_observations(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read an export of ``export_observations`` (CSV or JSON, by extension) back.

    The result equals ``catalogue.observations()`` column for column.
    """
    file = Path(path)
    try:
        if file.suffix.lower() == ".json":
            frame = pd.DataFrame.from_records(json.loads(file.read_text(encoding="utf-8")))
        else:
            frame = pd.read_csv(
                file, dtype="str", keep_default_na=False, na_filter=False, encoding="utf-8-sig"
            )
        return _typed(frame, str(file))
    except (OSError, ValueError, TypeError) as exc:
        if isinstance(exc, ValidationError):
            raise
        problem = Problem(str(file), None, None, None, "unreadable-export", str(exc))
        raise ValidationError([problem], str(file)) from None
