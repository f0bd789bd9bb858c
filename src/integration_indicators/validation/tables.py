"""pandera models of the tables a ``Catalogue`` returns, and what the library reads of models.

The file models of ``validation.schemas`` declare each file's text; the models here declare
the typed form the library hands out: ``Observation`` (numbers as floats in the indicator's
unit, periods as dates, empty text as missing, the figure as written beside it) and the
tables of sources, indicators, rules and releases (their files' text, optional fields
filled with ""). Column order, optional fields, list fields, nullable text and the float
and date columns are read from these models (``columns``, ``optional_fields``...), never
listed by hand: a test fails where a table's columns are spelled out elsewhere.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.engines import pandas_engine
from pandera.typing import Series

from integration_indicators.validation.schemas import (
    CrosscheckFile,
    IndicatorFile,
    ObservationFile,
    ReleaseFile,
    SourceFile,
)

#: A date column: the first or last day of a period, to the second (``datetime64[s]``).
Date = Annotated[pandas_engine.DateTime, {}, "s", None, False, {}]

#: Field metadata of an observation column about the record (its id, status, words and
#: source) rather than the figure's place and number: carried by id, not computed with.
RECORD = {"record": True}


def _as_written(column: str) -> dict[str, object]:
    return {"file": column}


class Observation(pa.DataFrameModel):
    """``Catalogue.observations()``: one row per figure, typed; ids unique."""

    class Config:
        strict = True
        ordered = True
        coerce = False

    id: Series[str] = pa.Field(unique=True, metadata=RECORD)
    indicator: Series[str]
    geo: Series[str]
    counterpart: Series[str] = pa.Field(nullable=True)
    period: Series[str]
    #: First and last day of the period.
    period_start: Series[Date]
    period_end: Series[Date]
    #: When the figure was stated or published (for an official figure: the release it
    #: first appeared in, its vintage).
    as_of: Series[str] = pa.Field(nullable=True)
    #: For a figure a later release revised or withdrew: that release's date (NA while it
    #: is the published one). ``Catalogue.observations()`` holds the published ones only.
    valid_until: Series[str] = pa.Field(nullable=True)
    #: The figure in the indicator's canonical unit (NaN where not given).
    value: Series[float] = pa.Field(nullable=True)
    lower: Series[float] = pa.Field(nullable=True)
    upper: Series[float] = pa.Field(nullable=True)
    #: The indicator's canonical unit.
    unit: Series[str]
    #: The figure as the file writes it.
    value_as_written: Series[str] = pa.Field(nullable=True, metadata=_as_written("value"))
    lower_as_written: Series[str] = pa.Field(nullable=True, metadata=_as_written("lower"))
    upper_as_written: Series[str] = pa.Field(nullable=True, metadata=_as_written("upper"))
    unit_as_written: Series[str] = pa.Field(metadata=_as_written("unit"))
    qualifier: Series[str]
    #: True where the source marks the value as its own estimate (the IMF's "e").
    estimated: Series[bool]
    status: Series[str] = pa.Field(metadata=RECORD)
    figure: Series[str] = pa.Field(nullable=True, metadata=RECORD)
    quote: Series[str] = pa.Field(nullable=True, metadata=RECORD)
    attributed_to: Series[str] = pa.Field(nullable=True, metadata=RECORD)
    cited_source: Series[str] = pa.Field(nullable=True, metadata=RECORD)
    source: Series[str] = pa.Field(metadata=RECORD)
    note: Series[str] = pa.Field(nullable=True, metadata=RECORD)


class Source(SourceFile):
    """``Catalogue.sources``: the sources files' text, optional fields "" where left out."""

    class Config:
        ordered = True


class Indicator(IndicatorFile):
    """``Catalogue.indicators``: the indicator definitions' text."""

    class Config:
        ordered = True


class Rule(CrosscheckFile):
    """``Catalogue.rules``: the crosscheck rules' text."""

    class Config:
        ordered = True


class Release(ReleaseFile):
    """``Catalogue.releases``: the release lags' text."""

    class Config:
        ordered = True


class Crosscheck(pa.DataFrameModel):
    """``Catalogue.crosscheck()``: one row per claim and basis. Text the engine writes
    repeats across claims and is categorical; values are in the claim indicator's unit."""

    class Config:
        strict = True
        ordered = True
        coerce = False

    #: The claim's observation id.
    claim: Series[str]
    indicator: Series[pa.Category]
    geo: Series[pa.Category]
    counterpart: Series[pa.Category]
    period: Series[pa.Category]
    as_of: Series[pa.Category] = pa.Field(nullable=True)
    figure: Series[str] = pa.Field(nullable=True)
    qualifier: Series[pa.Category]
    quote: Series[str] = pa.Field(nullable=True)
    attributed_to: Series[str] = pa.Field(nullable=True)
    source: Series[str]
    cited_source: Series[str] = pa.Field(nullable=True)
    #: The claim as an interval read from its digits and hedge (NaN for a sign-only claim).
    claimed_value: Series[float] = pa.Field(nullable=True)
    claimed_lower: Series[float] = pa.Field(nullable=True)
    claimed_upper: Series[float] = pa.Field(nullable=True)
    unit: Series[pa.Category]
    #: ``same-period`` (the claim's own period) or ``knowable`` (the data of its date).
    basis: Series[pa.Category]
    rule: Series[pa.Category]
    role: Series[pa.Category]
    official_period: Series[pa.Category] = pa.Field(nullable=True)
    official_value: Series[float] = pa.Field(nullable=True)
    official_lower: Series[float] = pa.Field(nullable=True)
    official_upper: Series[float] = pa.Field(nullable=True)
    official_sources: Series[pa.Category] = pa.Field(nullable=True)
    official_observations: Series[pa.Category] = pa.Field(nullable=True)
    #: The release the official figure is as published in: a held release for a knowable
    #: row judged on one, else the latest release its inputs were published in ("" where
    #: the catalogue has no release dates).
    official_vintage: Series[pa.Category] = pa.Field(nullable=True)
    #: (claimed - official) / |official| in percent.
    gap_percent: Series[float] = pa.Field(nullable=True)
    verdict: Series[pa.Category]
    #: For a row judged on a held release: the verdict against today's revised figure of
    #: the same period, where it differs ("" elsewhere).
    revised_verdict: Series[pa.Category]
    comparability: Series[pa.Category]
    #: Why the verdict is what it is, in words.
    reasons: Series[pa.Category]
    #: The row a fact-checker publishes for the claim.
    of_record: Series[bool]


class OfficialAnswer(pa.DataFrameModel):
    """The crosscheck's official answers (``crosscheck.official_answers(...).rows``): one row
    per (rule, geo, counterpart) combination and period, the frame the stages hand on and
    a claim's ``answer_row`` points into."""

    class Config:
        strict = True
        ordered = True
        coerce = False

    #: The combination's row in the combinations asked.
    key: Series[int] = pa.Field(ge=0)
    official_period: Series[str]
    official_value: Series[float] = pa.Field(nullable=True)
    official_lower: Series[float] = pa.Field(nullable=True)
    official_upper: Series[float] = pa.Field(nullable=True)
    #: The sources behind the value, the first the one of precedence (", " between).
    official_sources: Series[str]
    official_observations: Series[str]
    official_vintage: Series[str] = pa.Field(nullable=True)
    official_start: Series[Date]
    official_end: Series[Date]
    #: The first day the figure was out, by the dataset's release lag or its release date.
    available_from: Series[Date] = pa.Field(nullable=True)


#: The catalogue's tables in the order a catalogue holds them.
TABLES: dict[str, type[pa.DataFrameModel]] = {
    "sources": Source,
    "indicators": Indicator,
    "observations": Observation,
    "rules": Rule,
    "releases": Release,
    "history": Observation,
}


@cache
def columns(model: type[pa.DataFrameModel]) -> tuple[str, ...]:
    """The model's columns, in order.

    >>> columns(Release)
    ('id', 'dataset', 'lag_months', 'note')
    """
    return tuple(model.to_schema().columns)


def _where(model: type[pa.DataFrameModel], test: str) -> tuple[str, ...]:
    found = []
    for name, column in model.to_schema().columns.items():
        meta = column.metadata or {}
        kind = str(column.dtype)
        if (
            (test == "optional" and not column.required)
            or (test in ("list", "record", "file") and meta.get(test))
            or (test == "float" and kind.startswith("float"))
            or (test == "date" and kind.startswith("datetime"))
            or (test == "bool" and kind.startswith("bool"))
            or (test == "nullable-text" and column.nullable and kind.startswith("str"))
        ):
            found.append(str(name))
    return tuple(found)


@cache
def optional_fields(model: type[pa.DataFrameModel]) -> tuple[str, ...]:
    """Fields an entry of the model's file may leave out (read as "").

    >>> optional_fields(IndicatorFile)
    ('pair', 'sign', 'concepts')
    """
    return _where(model, "optional")


@cache
def list_fields(model: type[pa.DataFrameModel]) -> tuple[str, ...]:
    """Fields that are lists in the model's YAML file and "; "-joined text in its table.

    >>> list_fields(SourceFile)
    ('authors', 'inferred')
    """
    return _where(model, "list")


@cache
def float_columns(model: type[pa.DataFrameModel]) -> tuple[str, ...]:
    """Columns of floats.

    >>> float_columns(Observation)
    ('value', 'lower', 'upper')
    """
    return _where(model, "float")


@cache
def date_columns(model: type[pa.DataFrameModel]) -> tuple[str, ...]:
    """Columns of dates.

    >>> date_columns(Observation)
    ('period_start', 'period_end')
    """
    return _where(model, "date")


@cache
def bool_columns(model: type[pa.DataFrameModel]) -> tuple[str, ...]:
    """Columns of flags (written "true" or left empty in a file).

    >>> bool_columns(Observation)
    ('estimated',)
    """
    return _where(model, "bool")


@cache
def nullable_text(model: type[pa.DataFrameModel]) -> tuple[str, ...]:
    """Text columns that are missing (NA), not "", where the file leaves them empty."""
    return _where(model, "nullable-text")


@cache
def record_columns(model: type[pa.DataFrameModel]) -> tuple[str, ...]:
    """Observation columns about the record (id, status, words, source), not the figure."""
    return _where(model, "record")


@cache
def file_column_of(model: type[pa.DataFrameModel]) -> dict[str, str]:
    """Each typed column read from a file column of another name (``value_as_written``:
    ``value``)."""
    schema = model.to_schema().columns
    return {name: str(schema[name].metadata["file"]) for name in _where(model, "file")}


def typed_observations(
    frame: pd.DataFrame, periods: pd.DataFrame, numbers: pd.DataFrame, units: pd.Series
) -> pd.DataFrame:
    """The ``Observation`` table of an observation file's text *frame*, given what the
    checks parsed of it: *periods* (``start``, ``end``), *numbers* (the float columns in the
    canonical unit) and the canonical *units*. Empty optional text becomes NA."""
    parsed: dict[str, pd.Series] = {
        "period_start": periods["start"],
        "period_end": periods["end"],
        "unit": units,
        "estimated": (frame["estimated"] == "true")
        if "estimated" in frame
        else pd.Series(False, index=frame.index),
        **{name: numbers[name] for name in float_columns(Observation)},
    }
    renamed = file_column_of(Observation)
    result = pd.DataFrame(
        {
            name: parsed[name] if name in parsed else frame[renamed.get(name, name)]
            for name in columns(Observation)
        },
        index=frame.index,
    )
    for column in nullable_text(Observation):
        empty = (result[column] == "").to_numpy(dtype=bool)
        if empty.all():  # a column the file leaves empty throughout (official rows' quotes)
            result[column] = pd.Series(np.nan, index=result.index, dtype="str")
        elif empty.any():
            result[column] = result[column].mask(empty)
    return result


def file_columns() -> tuple[str, ...]:
    """The columns of an observation file, in order.

    >>> file_columns()[:4]
    ('id', 'indicator', 'geo', 'counterpart')
    """
    return columns(ObservationFile)
