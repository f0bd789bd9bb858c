"""The schema check of a table as read: text columns trusted by their type, never blindly."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest

from integration_indicators.catalogue.loader import bundled_path, read_source_table
from integration_indicators.validation.schemas import SourceFile, schema_problems


def _sources() -> pd.DataFrame:
    return read_source_table(bundled_path() / "sources.yaml").frame


def test_a_table_as_read_gets_the_problems_the_models_own_schema_finds() -> None:
    """A broken kind and a date in words in text columns of the text type: the problems
    the model's own schema (type checks included) finds, and no type problem."""
    from integration_indicators.io.readers import RawTable

    frame = _sources()
    frame.loc[1, "kind"] = "gossip"
    frame.loc[2, "date_published"] = "2 Feb 2024"
    table = RawTable("sources.yaml", frame, tuple(range(2, len(frame) + 2)))
    found = schema_problems(SourceFile, table)
    rules = sorted((p.rule, p.column) for p in found)
    assert ("source-kind", "kind") in rules and ("date-shape-or-empty", "date_published") in rules
    with pytest.raises(pa.errors.SchemaErrors) as whole:
        SourceFile.to_schema().validate(frame.copy(), lazy=True)
    checks = set(whole.value.failure_cases["check"].astype("str"))
    assert {"source-kind", "date-shape-or-empty"} <= checks
    assert not any(c.startswith("dtype(") for c in checks)  # the type checks found nothing


def test_a_column_not_of_the_text_type_is_named_not_text() -> None:
    """A column holding a number among its text (not what a reader gives): the model's own
    schema checks the table and names the column."""
    from integration_indicators.io.readers import RawTable

    frame = _sources()
    frame["title"] = frame["title"].astype("object")
    frame.loc[0, "title"] = 42
    table = RawTable("sources.yaml", frame, tuple(range(2, len(frame) + 2)))
    found = schema_problems(SourceFile, table)
    assert ("not-text", "title") in {(p.rule, p.column) for p in found}
