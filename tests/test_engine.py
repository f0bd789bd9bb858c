"""One engine: the catalogue loader and the panel checker report the same rows for the rules
they share, because both run them through ``validation.engine``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import integration_indicators as ii
from integration_indicators.validation.panel import check_panel

#: Rules both checkers own (the loader has more: quotes, bounds, figures, sources...).
SHARED = {"unknown-indicator", "iso-country", "period", "unit-unknown", "unit-dimension",
          "unit-currency", "duplicate-key"}  # fmt: skip

#: Ways to break a cell, each breaking one shared rule.
BREAKS = {
    "indicator": "no.such_indicator",
    "geo": "XYZ",
    "period": "2019-13",
    "unit": "biliion USD",
}

ROWS = 40


@pytest.fixture(scope="module")
def official_rows() -> pd.DataFrame:
    path = ii.bundled_path() / "observations-wdi.csv"
    frame = pd.read_csv(path, dtype="str", keep_default_na=False)
    return frame.iloc[:ROWS].reset_index(drop=True)


def catalogue_with(directory: Path, rows: pd.DataFrame) -> Path:
    bundled = ii.bundled_path()
    directory.mkdir(exist_ok=True)
    for name in ("indicators.yaml", "sources.yaml", "sources-wdi.yaml"):
        shutil.copyfile(bundled / name, directory / name)
    rows.to_csv(directory / "observations.csv", index=False)
    return directory


def shared_problems(problems: list[ii.Problem]) -> set[tuple[int | None, str]]:
    return {(p.row, p.rule) for p in problems if p.rule in SHARED}


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    breaks=st.lists(
        st.tuples(st.integers(0, ROWS - 1), st.sampled_from(sorted(BREAKS))), max_size=6
    ),
    twins=st.lists(st.integers(0, ROWS - 1), max_size=3),
)
def test_loader_and_panel_report_the_same_rows(
    official_rows: pd.DataFrame,
    tmp_path_factory: pytest.TempPathFactory,
    breaks: list[tuple[int, str]],
    twins: list[int],
) -> None:
    rows = official_rows.copy()
    for position, column in breaks:
        rows.loc[position, column] = BREAKS[column]
    repeated = rows.iloc[twins].assign(id=[f"twin-{i}" for i in range(len(twins))])
    rows = pd.concat([rows, repeated], ignore_index=True)
    directory = catalogue_with(tmp_path_factory.mktemp("engine"), rows)
    try:
        ii.load(directory, cache=False)
    except ii.ValidationError as error:
        loader = shared_problems(list(error.problems))
    else:
        loader = set()
    indicators = ii.load().indicators
    try:
        check_panel(rows, indicators, file="observations.csv", first_rows=10**6)
    except ii.ValidationError as error:
        panel = shared_problems(list(error.problems))
    else:
        panel = set()
    assert loader == panel
    assert bool(loader) == bool(breaks or twins)
