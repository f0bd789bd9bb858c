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
SHARED = {
    "unknown-indicator",
    "iso-country",
    "period",
    "unit-unknown",
    "unit-dimension",
    "unit-currency",
    "duplicate-key",
}

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


@pytest.mark.parametrize("structural", [False, True])
def test_rules_beside_the_schemas_report_what_they_report_after_them(
    official_rows: pd.DataFrame,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    structural: bool,
) -> None:
    """A long catalogue runs its observation rules on another thread while the schemas run;
    the problems are the same as when they run one after the other (here forced on a short
    catalogue), and a table the schemas find unreadable stops the rules' results."""
    from integration_indicators.catalogue import loader

    rows = official_rows.copy()
    rows.loc[3, "geo"] = "XYZ"  # a rule
    rows.loc[5, "value"] = "1,5"  # a schema check
    rows.loc[7, "id"] = str(rows["id"].iloc[8])  # both: a repeated id
    if structural:
        rows = rows.drop(columns="note")
    directory = catalogue_with(tmp_path / "catalogue", rows)

    def problems() -> list[tuple[str, int | None, str | None, str]]:
        with pytest.raises(ii.ValidationError) as caught:
            ii.load(directory, cache=False)
        return [(p.file, p.row, p.column, p.rule) for p in caught.value.problems]

    after = problems()
    monkeypatch.setattr(loader, "_OVERLAP_ROWS", 0)
    beside = problems()
    assert beside == after
    rules = {rule for _, _, _, rule in after}
    if structural:
        assert rules == {"missing-column"}
    else:
        assert {"iso-country", "number-or-empty", "unique"} <= rules
