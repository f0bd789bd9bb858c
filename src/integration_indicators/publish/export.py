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

from integration_indicators.catalogue import Catalogue
from integration_indicators.errors import Problem, ValidationError
from integration_indicators.io.limits import LIMITS
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
    for column in frame.select_dtypes("datetime").columns:
        frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    return frame


def render(
    table: pd.DataFrame,
    fmt: ExportFormat,
    columns: tuple[str, ...] | None = None,
) -> str:
    """A table as CSV or JSON text, in *columns* where given; floats exact, dates as days.

    JSON has no infinity: an unbounded side (``inf``) is ``null`` there, as a missing value is.
    CSV is written for people who open it in a spreadsheet: a text cell that would run as a
    formula gets a leading ``'`` (``escape.neutralise_formulas``), which
    :func:`read_observations` takes off again.
    """
    frame = _text_frame(table, columns)
    if fmt == "csv":
        return csv_text(frame)
    numbers = frame.select_dtypes("number").columns
    frame[numbers] = frame[numbers].replace([np.inf, -np.inf], np.nan)  # JSON has no infinity
    records = frame.astype("object").where(frame.notna(), None).to_dict("records")
    return json.dumps(records, ensure_ascii=False, allow_nan=False, indent=1) + "\n"


def csv_text(frame: pd.DataFrame) -> str:
    """*frame* as CSV for people: no index, formulas neutralised."""
    from integration_indicators.publish.escape import neutralise_formulas

    buffer = io.StringIO()
    neutralise_formulas(frame).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def export_observations(
    catalogue: Catalogue, fmt: ExportFormat = "csv", path: str | os.PathLike[str] | None = None
) -> str:
    """Export the catalogue's observations; write them to *path* (atomically) if given.

    Returns the exported text.
    """
    if path is not None:
        check_output_file(path, catalogue_paths(catalogue))
    from integration_indicators.validation.tables import Observation, columns

    text = render(catalogue.observations(), fmt, columns(Observation))
    if path is not None:
        write_text_atomic(path, text)
    return text


def _typed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    from integration_indicators.validation.tables import (
        Observation,
        bool_columns,
        columns,
        date_columns,
        float_columns,
        nullable_text,
    )

    expected = columns(Observation)
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        problems = [
            Problem(name, None, c, None, "missing-column", "the column is missing") for c in missing
        ]
        raise ValidationError(problems, name)
    out: dict[str, pd.Series] = {}
    for column in expected:
        series = frame[column]
        if column in float_columns(Observation):
            out[column] = pd.to_numeric(series.mask(series == ""), errors="raise").astype("float64")
        elif column in date_columns(Observation):
            out[column] = pd.to_datetime(series, format="%Y-%m-%d").astype("datetime64[s]")
        elif column in bool_columns(Observation):  # CSV writes True/False, JSON true/false
            text = series.astype("str").str.lower()
            if not text.isin(["true", "false"]).all():
                raise ValueError(f"column {column!r} holds other values than true and false")
            out[column] = (text == "true").astype("bool")
        else:
            text = series.fillna("").astype("str")
            out[column] = text.mask(text == "") if column in nullable_text(Observation) else text
    return pd.DataFrame(out)


def read_observations(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read an export of ``export_observations`` (CSV or JSON, by extension) back, within
    the library's limits (a regular file, its size and the JSON's depth bounded).

    The result equals ``catalogue.observations()`` column for column.
    """
    from integration_indicators.io.safe_read import json_depth, read_bytes

    file = Path(path)
    data = read_bytes(file, str(file), LIMITS.max_csv_bytes)
    if isinstance(data, Problem):
        raise ValidationError([data], str(file))
    try:
        if file.suffix.lower() == ".json":
            if json_depth(data) > LIMITS.max_depth:
                raise ValueError(f"nested deeper than {LIMITS.max_depth}")
            frame = pd.DataFrame.from_records(json.loads(data.decode("utf-8-sig")))
        else:
            frame = pd.read_csv(
                io.BytesIO(data),
                dtype="str",
                keep_default_na=False,
                na_filter=False,
                encoding="utf-8-sig",
            )
        from integration_indicators.publish.escape import restore_formulas

        return _typed(restore_formulas(frame), str(file))
    except (UnicodeDecodeError, ValueError, TypeError) as exc:
        if isinstance(exc, ValidationError):
            raise
        problem = Problem(str(file), None, None, None, "unreadable-export", str(exc))
        raise ValidationError([problem], str(file)) from None
