"""Fuzzing: mutated catalogues and official files load correctly or fail with a report.

Every case ends in the library's ValidationError (with a file, and a row where one applies)
or in a catalogue that holds exactly what the file says; never another exception, never a
silently coerced value. A bounded number of examples runs in CI; the tests
marked ``slow`` run many more: ``python -m pytest -m slow tests/test_fuzz.py``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import integration_indicators as ii
from integration_indicators.importers.wdi import read_wdi

from .conftest import read_rows, write_rows

HOSTILE = [
    "",
    " ",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "1e400",
    "-1e400",
    "1e-400",
    "1,000",
    "9" * 400,
    "0x10",
    "１２",
    "ＵＳＤ",
    "$",
    "10**10**10",
    "x" * 10_000,
    "\u202eUSD",
    "BLR ",
    "null",
    "~",
    "'",
    '"',
    "2020/",
    "2023-02-30",
    "USD\n",
    "\t",
    "bіllion USD",
    "-0",
    "1e5",
    "0.000",
    "٥",
    "١٩٩٣",
    "٢٠٢٤-02-02",
    "1e300",
    "1e-320",
    "USD / trillion",
    "1e300 trillion",
]  # (whole hostile files: tests/test_hostile_inputs.py)
CELLS = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30))
COLUMNS = [
    "id",
    "indicator",
    "geo",
    "counterpart",
    "period",
    "as_of",
    "value",
    "lower",
    "upper",
    "unit",
    "qualifier",
    "status",
    "figure",
    "quote",
    "attributed_to",
    "cited_source",
    "source",
    "note",
]
AS_WRITTEN = {
    "value": "value_as_written",
    "lower": "lower_as_written",
    "upper": "upper_as_written",
    "unit": "unit_as_written",
}
FILES = ["observations.csv", "sources.yaml", "indicators.yaml"]
SHORT = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
LONG = settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))


def outcome(call: Callable[[], Any]) -> Any:
    """The result of *call*, or its ValidationError; anything else fails the test."""
    try:
        return call()
    except ii.ValidationError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.file and problem.rule and problem.message
        return error


def reset(directory: Path) -> None:
    """Put the press catalogue's pristine files back (fixtures outlive hypothesis examples)."""
    for name in FILES:
        (directory / name).write_bytes((ii.bundled_path() / name).read_bytes())


def mutate_cell(directory: Path, row: int, column: str, text: str) -> int:
    reset(directory)
    rows = read_rows(directory)
    position = row % len(rows)
    rows[position][column] = text
    write_rows(directory, rows)
    return position


def check_cell(directory: Path, position: int, column: str, text: str) -> None:
    result = outcome(lambda: ii.load(directory, cache=False))
    if isinstance(result, ii.ValidationError):
        return
    row = result.observations().iloc[position]  # loaded: the cell must be exactly as written
    stored = row[AS_WRITTEN.get(column, column)]
    assert (stored if pd.notna(stored) else "") == text


CELL = {"row": st.integers(0, 100), "column": st.sampled_from(COLUMNS), "text": CELLS}


def _cell(catalogue_dir: Path, row: int, column: str, text: str) -> None:
    position = mutate_cell(catalogue_dir, row, column, text)
    check_cell(catalogue_dir, position, column, text)


@SHORT
@given(**CELL)
def test_mutated_cell(catalogue_dir: Path, row: int, column: str, text: str) -> None:
    _cell(catalogue_dir, row, column, text)


@pytest.mark.slow
@LONG
@given(**CELL)
def test_mutated_cell_long(catalogue_dir: Path, row: int, column: str, text: str) -> None:
    _cell(catalogue_dir, row, column, text)


@SHORT
@given(row=st.integers(0, 100), first=st.sampled_from(COLUMNS), second=st.sampled_from(COLUMNS))
def test_swapped_cells(catalogue_dir: Path, row: int, first: str, second: str) -> None:
    reset(catalogue_dir)
    rows = read_rows(catalogue_dir)
    picked = rows[row % len(rows)]
    picked[first], picked[second] = picked[second], picked[first]
    write_rows(catalogue_dir, rows)
    outcome(lambda: ii.load(catalogue_dir, cache=False))


YAML_LINES = [
    "\tid: tab",
    "*alias",
    "- &a [1, 2]",
    "x: !!python/object/apply:os.system ['true']",
    "title: [unclosed",
    "- - -",
    "kind: !!binary aGVsbG8=",
    "id: 12",
    "? complex key",
    "note: " + "y" * 5000,
    ": no key",
    "%YAML 9.9",
    "--- second document",
]


@st.composite
def file_mutations(draw: st.DrawFn) -> tuple[str, str, bytes]:
    name = draw(st.sampled_from(FILES))
    kind = draw(
        st.sampled_from(
            [
                "truncate",
                "insert",
                "delimiter",
                "bom",
                "crlf",
                "drop-line",
                "yaml-line",
                "quote",
                "empty",
                "binary",
            ]
        )
    )
    payload = draw(
        st.one_of(st.binary(max_size=20), st.sampled_from([s.encode() for s in YAML_LINES]))
    )
    return name, kind, payload


def apply_mutation(path: Path, kind: str, payload: bytes, where: float) -> None:
    data = path.read_bytes()
    at = int(len(data) * where)
    lines = data.split(b"\n")
    line = min(int(len(lines) * where), len(lines) - 1)
    if kind == "truncate":
        data = data[:at]
    elif kind == "insert":
        data = data[:at] + payload + data[at:]
    elif kind == "delimiter":
        data = data.replace(b",", b";")
    elif kind == "bom":
        data = b"\xef\xbb\xbf" + data
    elif kind == "crlf":
        data = data.replace(b"\n", b"\r\n")
    elif kind == "drop-line":
        data = b"\n".join(lines[:line] + lines[line + 1 :])
    elif kind == "yaml-line":
        data = b"\n".join([*lines[:line], payload, *lines[line + 1 :]])
    elif kind == "quote":
        data = data[:at] + b'"' + data[at:]
    elif kind == "empty":
        data = b""
    else:
        data = bytes(range(256)) + payload
    path.write_bytes(data)


def mutate_csv(
    path: Path, cell: tuple[int, int, str] | None, mutation: tuple[str, str, bytes], where: float
) -> None:
    """Set one cell (row, column, text) of a CSV file, or, with no cell, mutate the file."""
    if cell is None:
        apply_mutation(path, mutation[1], mutation[2], where)
        return
    row, column, text = cell
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[1 + row % (len(rows) - 1)][column] = text
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _file(catalogue_dir: Path, mutation: tuple[str, str, bytes], where: float) -> None:
    name, kind, payload = mutation
    reset(catalogue_dir)
    apply_mutation(catalogue_dir / name, kind, payload, where)
    result = outcome(lambda: ii.load(catalogue_dir, cache=False))
    if kind in ("bom", "crlf") and not isinstance(result, ii.ValidationError):
        assert len(result.observations()) == 27


@SHORT
@given(mutation=file_mutations(), where=st.floats(0, 1))
def test_mutated_file(catalogue_dir: Path, mutation: tuple[str, str, bytes], where: float) -> None:
    _file(catalogue_dir, mutation, where)


@pytest.mark.slow
@LONG
@given(mutation=file_mutations(), where=st.floats(0, 1))
def test_mutated_file_long(
    catalogue_dir: Path, mutation: tuple[str, str, bytes], where: float
) -> None:
    _file(catalogue_dir, mutation, where)


def test_missing_files_each(catalogue_dir: Path) -> None:
    for name in FILES:
        (catalogue_dir / name).unlink()
        result = outcome(lambda: ii.load(catalogue_dir, cache=False))
        assert isinstance(result, ii.ValidationError)
        assert any(p.rule == "missing-file" and p.file == name for p in result.problems)


WDI = Path(__file__).resolve().parents[2] / "shared" / "official" / "world-bank-wdi" / "sp.pop.totl"
WDI_LINES = (
    (WDI / "data.csv").read_text(encoding="utf-8").splitlines()[:300] if WDI.is_dir() else []
)


@pytest.fixture
def wdi_copy(tmp_path: Path) -> Path:
    if not WDI.is_dir():
        pytest.skip("../shared/official is not here")
    folder = tmp_path / "sp.pop.totl"
    folder.mkdir()
    (folder / "datapackage.json").write_bytes((WDI / "datapackage.json").read_bytes())
    return folder


@SHORT
@given(
    row=st.integers(0, 298),
    column=st.integers(0, 3),
    text=CELLS,
    mutation=file_mutations(),
    where=st.floats(0, 1),
    whole_file=st.booleans(),
)
def test_mutated_wdi_file(
    wdi_copy: Path,
    row: int,
    column: int,
    text: str,
    mutation: tuple[str, str, bytes],
    where: float,
    whole_file: bool,
) -> None:
    data = wdi_copy / "data.csv"
    data.write_text("\n".join(WDI_LINES) + "\n", encoding="utf-8")
    mutate_csv(data, (row, column, text) if not whole_file else None, mutation, where)
    result = outcome(lambda: read_wdi(wdi_copy))
    if not isinstance(result, ii.ValidationError):
        outcome(result.to_catalogue)


DOTS = WDI.parents[1] / "imf-dots" / "imf_dots_blr_rus_bilateral.csv"


@SHORT
@given(
    row=st.integers(0, 219),
    column=st.integers(0, 5),
    text=CELLS,
    mutation=file_mutations(),
    where=st.floats(0, 1),
    whole_file=st.booleans(),
)
def test_mutated_dots_file(
    tmp_path_factory: pytest.TempPathFactory,
    row: int,
    column: int,
    text: str,
    mutation: tuple[str, str, bytes],
    where: float,
    whole_file: bool,
) -> None:
    if not DOTS.is_file():
        pytest.skip("../shared/official is not here")
    from integration_indicators.importers.dots import read_dots

    data = tmp_path_factory.mktemp("dots") / "dots.csv"
    data.write_bytes(DOTS.read_bytes())
    mutate_csv(data, (row, column, text) if not whole_file else None, mutation, where)
    result = outcome(lambda: read_dots(data))
    if not isinstance(result, ii.ValidationError):
        outcome(result.to_catalogue)
