"""The table models: every table a catalogue returns is of its model, and no table's
columns are declared anywhere else."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest

import integration_indicators as ii
from integration_indicators.validation import schemas, tables

SOURCE = Path(__file__).resolve().parents[1] / "src" / "integration_indicators"

#: The modules that declare the tables.
MODELS = {SOURCE / "validation" / "schemas.py", SOURCE / "validation" / "tables.py"}


def _tables(cat: ii.Catalogue) -> dict[str, pd.DataFrame]:
    return {
        "sources": cat.sources,
        "indicators": cat.indicators,
        "observations": cat.observations(),
        "rules": cat.rules,
        "releases": cat.releases,
    }


@pytest.mark.parametrize("cache", [False, True])
def test_every_table_of_the_bundled_catalogue_is_of_its_model(cache: bool) -> None:
    for name, frame in _tables(ii.load(cache=cache)).items():
        tables.TABLES[name].validate(frame, lazy=True)
        assert tuple(frame.columns) == tables.columns(tables.TABLES[name])


def test_the_observation_model_refuses_a_table_of_other_types() -> None:
    frame = ii.load().observations()
    broken = frame.astype({"value": "str"})
    with pytest.raises(pa.errors.SchemaErrors, match="value"):
        tables.Observation.validate(broken, lazy=True)
    reordered = frame[list(reversed(frame.columns))]
    with pytest.raises(pa.errors.SchemaErrors):
        tables.Observation.validate(reordered, lazy=True)
    missing_id = frame.assign(id=frame["id"].mask(frame.index == 0))
    with pytest.raises(pa.errors.SchemaErrors, match="id"):
        tables.Observation.validate(missing_id, lazy=True)


def test_typed_observations_turns_empty_optional_text_into_missing() -> None:
    text = pd.DataFrame({name: pd.Series(["x", ""], dtype="str") for name in tables.file_columns()})
    periods = pd.DataFrame(
        {
            "start": pd.to_datetime(["2020-01-01"] * 2).astype("datetime64[s]"),
            "end": pd.to_datetime(["2020-12-31"] * 2).astype("datetime64[s]"),
        }
    )
    numbers = pd.DataFrame({"value": [1.5, 2.0], "lower": [float("nan")] * 2, "upper": [3.0, 4.0]})
    typed = tables.typed_observations(text, periods, numbers, pd.Series(["USD", "USD"]))
    assert tuple(typed.columns) == tables.columns(tables.Observation)
    assert typed["value_as_written"].tolist()[0] == "x" and pd.isna(typed["quote"].iloc[1])
    assert typed["unit_as_written"].iloc[1] == ""  # not optional: kept as written
    assert typed["value"].tolist() == [1.5, 2.0] and typed["unit"].tolist() == ["USD"] * 2


def _string_literals(node: ast.AST) -> list[str] | None:
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        items = node.elts
        if items and all(isinstance(x, ast.Constant) and isinstance(x.value, str) for x in items):
            return [str(x.value) for x in items if isinstance(x, ast.Constant)]
    return None


def test_no_table_s_columns_are_declared_outside_the_models() -> None:
    models: list[type[pa.DataFrameModel]] = [
        *tables.TABLES.values(),
        schemas.ObservationFile,
        tables.Crosscheck,
    ]
    declared = [set(tables.columns(m)) for m in models]
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path in MODELS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = _string_literals(node)
            if names is None or len(names) < 4 or not isinstance(node, ast.expr):
                continue
            for model, columns in zip(models, declared, strict=True):
                shared = columns & set(names)
                if len(shared) >= 4 and len(shared) >= 0.75 * len(columns):
                    found.append(f"{path.name}:{node.lineno} lists {model.__name__}'s columns")
    assert not found, found


def test_the_guard_finds_a_hand_list() -> None:
    names = _string_literals(ast.parse('("id", "dataset", "lag_months", "note")').body[0].value)  # type: ignore[attr-defined]
    assert names is not None and set(names) == set(tables.columns(tables.Release))
