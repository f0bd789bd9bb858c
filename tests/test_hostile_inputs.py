"""Hostile inputs end in a positioned ValidationError, never a hang, a crash or wrong data.

Each case is a small file that once ran for minutes, took gigabytes, raised a raw
RecursionError or loaded wrong numbers. Their time and memory are measured by
``benchmarks/bench_hostile.py`` (figures in the guide "How the data stay safe"); here
each must end in the library's error with the right rule. No test here times anything: time and memory belong to the
benchmark, where a machine's load cannot fail a correct run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

import integration_indicators as ii
from integration_indicators.importers.wdi import read_wdi

from .conftest import read_rows, write_rows


def _rules(directory: Path) -> set[tuple[str, str]]:
    with pytest.raises(ii.ValidationError) as caught:
        ii.load(directory, cache=False)
    return {(p.file, p.rule) for p in caught.value.problems}


def wide_header(folder: Path) -> None:
    (folder / "observations.csv").write_text(",".join(f"c{i}" for i in range(16_000)) + "\n")


def million_columns(folder: Path) -> None:
    (folder / "observations.csv").write_text(",".join(f"c{i}" for i in range(1_000_000)) + "\n")


def long_line(folder: Path) -> None:
    path = folder / "observations.csv"
    path.write_text(path.read_text(encoding="utf-8") + "x" * 2_000_000 + "\n", encoding="utf-8")


def many_keys(folder: Path) -> None:
    keys = "\n".join(f"  k{i}: v" for i in range(1_000_000))
    (folder / "sources.yaml").write_text("- id: a\n" + keys + "\n")


def deep_yaml(folder: Path) -> None:
    (folder / "indicators.yaml").write_text("- a: " + "[" * 10_000 + "]" * 10_000 + "\n")


def symlink_out(folder: Path) -> None:
    outside = folder.parent / "elsewhere.csv"
    outside.write_text((folder / "observations.csv").read_text(encoding="utf-8"))
    (folder / "observations-linked.csv").symlink_to(outside)


def symlink_to_zero(folder: Path) -> None:
    (folder / "observations-zero.csv").symlink_to("/dev/zero")


def fifo(folder: Path) -> None:
    os.mkfifo(folder / "observations-fifo.csv")


CATALOGUE_CASES: list[tuple[Callable[[Path], None], str, str]] = [
    (wide_header, "observations.csv", "too-many-columns"),
    (million_columns, "observations.csv", "line-too-long"),
    (long_line, "observations.csv", "line-too-long"),
    (many_keys, "sources.yaml", "yaml-limit"),
    (deep_yaml, "indicators.yaml", "yaml-limit"),
    (symlink_out, "observations-linked.csv", "outside-catalogue"),
    (symlink_to_zero, "observations-zero.csv", "outside-catalogue"),
    (fifo, "observations-fifo.csv", "not-regular-file"),
]


@pytest.mark.parametrize(
    ("mutate", "file", "rule"), CATALOGUE_CASES, ids=[c[0].__name__ for c in CATALOGUE_CASES]
)
def test_hostile_catalogue_files(
    catalogue_dir: Path, mutate: Callable[[Path], None], file: str, rule: str
) -> None:
    mutate(catalogue_dir)
    assert (file, rule) in _rules(catalogue_dir)


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"lower": "٢٠٠٠٠٠"}, "lower"),  # Arabic-Indic digits: NaN in a range row before
        ({"period": "٢٠٢٠/2024-01"}, "period"),  # dodged the duplicate check before
        ({"as_of": "٢٠٢٤-02-02"}, "as_of"),
    ],
)
def test_only_ascii_digits(catalogue_dir: Path, cells: dict[str, str], column: str) -> None:
    rows = read_rows(catalogue_dir)
    row = next(r for r in rows if r["id"] == "bw24-emigration-experts")
    row.update(cells)
    write_rows(catalogue_dir, rows)
    with pytest.raises(ii.ValidationError) as caught:
        ii.load(catalogue_dir, cache=False)
    assert column in {p.column for p in caught.value.problems}


@pytest.mark.parametrize(
    ("value", "unit", "says"),
    [
        ("1e300", "trillion USD", "overflows to infinity in 'USD'"),
        ("1e-320", "USD / trillion", "underflows to 0 in 'USD'"),
    ],
)
def test_a_value_that_overflows_or_underflows_in_the_canonical_unit(
    catalogue_dir: Path, value: str, unit: str, says: str
) -> None:
    rows = read_rows(catalogue_dir)
    row = next(r for r in rows if r["id"] == "crlb21-npp-funds")
    row.update(value=value, unit=unit, figure="", quote=row["quote"])
    write_rows(catalogue_dir, rows)
    with pytest.raises(ii.ValidationError) as caught:
        ii.load(catalogue_dir, cache=False)
    found = [p for p in caught.value.problems if p.rule == "number-range"]
    assert [(p.row, p.column) for p in found] == [(24, "value")]
    assert says in found[0].message


def _wdi_folder(tmp_path: Path, meta: bytes | None = None) -> Path:
    folder = tmp_path / "series"
    folder.mkdir()
    (folder / "data.csv").write_text("Country Name,Country Code,Year,Value\nBelarus,BLR,2019,1\n")
    if meta is not None:
        (folder / "datapackage.json").write_bytes(meta)
    return folder


def _wdi_rule(folder: Path) -> str:
    with pytest.raises(ii.ValidationError) as caught:
        read_wdi(folder)
    return caught.value.problems[0].rule


def test_deep_datapackage_json(tmp_path: Path) -> None:
    folder = _wdi_folder(tmp_path, b"[" * 100_000 + b"]" * 100_000)
    assert _wdi_rule(folder) == "too-deep"


def test_datapackage_json_to_dev_zero_or_a_fifo(tmp_path: Path) -> None:
    folder = _wdi_folder(tmp_path)
    (folder / "datapackage.json").symlink_to("/dev/zero")
    assert _wdi_rule(folder) == "not-regular-file"
    (folder / "datapackage.json").unlink()
    os.mkfifo(folder / "datapackage.json")
    assert _wdi_rule(folder) == "not-regular-file"


def test_datapackage_fields_of_the_wrong_json_type(tmp_path: Path) -> None:
    meta = {"name": "sp.pop.totl", "title": {"en": "Population"}, "licenses": [{"name": 4}]}
    folder = _wdi_folder(tmp_path, json.dumps(meta).encode())
    with pytest.raises(ii.ValidationError) as caught:
        read_wdi(folder)
    assert {(p.column, p.rule) for p in caught.value.problems} == {
        ("title", "datapackage"),
        ("licenses", "datapackage"),
    }


def test_more_catalogue_files_than_the_limit_are_refused_before_any_is_read(
    catalogue_dir: Path,
) -> None:
    from integration_indicators.io.limits import LIMITS

    header = (catalogue_dir / "observations.csv").read_text(encoding="utf-8").splitlines()[0]
    for k in range(LIMITS.max_catalogue_files):
        (catalogue_dir / f"observations-empty{k}.csv").write_text(header + "\n", encoding="utf-8")
    with pytest.raises(ii.ValidationError) as caught:
        ii.load(catalogue_dir, cache=False)
    (problem,) = caught.value.problems
    assert problem.rule == "catalogue-limit"
    assert f"the limit is {LIMITS.max_catalogue_files}" in problem.message


def test_the_catalogues_total_bytes_are_bounded(
    catalogue_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from integration_indicators.catalogue import loader
    from integration_indicators.io.catalogue_files import is_catalogue_file
    from integration_indicators.io.limits import LIMITS

    total = sum(
        p.stat().st_size
        for p in catalogue_dir.iterdir()
        if p.is_file() and is_catalogue_file(p.name)
    )
    monkeypatch.setattr(loader, "LIMITS", dataclasses.replace(LIMITS, max_catalogue_bytes=total))
    ii.load(catalogue_dir, cache=False)  # exactly at the limit: loads
    extra = catalogue_dir / "observations-more.csv"
    extra.write_bytes((catalogue_dir / "observations.csv").read_bytes())
    with pytest.raises(ii.ValidationError) as caught:
        ii.load(catalogue_dir, cache=False)
    assert [(p.file, p.rule) for p in caught.value.problems] == [
        ("observations-more.csv", "catalogue-limit")
    ]


def test_a_garbage_file_is_reported_by_counts_and_first_rows(catalogue_dir: Path) -> None:
    """300,000 rows of garbage: every problem counted, the first 100 of each rule listed."""
    import random

    from integration_indicators.validation.engine import PROBLEMS_PER_RULE

    path = catalogue_dir / "observations.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    width = header.count(",") + 1
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ./-"
    words = ["".join(rng.choices(letters, k=rng.randint(0, 6))) for _ in range(50_000)]
    rows = (",".join(rng.choices(words, k=width)) for _ in range(300_000))
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(ii.ValidationError) as caught:
        ii.load(catalogue_dir, cache=False)
    error = caught.value
    counts = error.rule_counts()
    listed: dict[str, int] = {}
    for p in error.problems:
        listed[p.rule] = listed.get(p.rule, 0) + 1
    assert counts["qualifier"] == counts["status"] == 300_000  # every row, counted
    assert sum(counts.values()) > 2_000_000
    assert all(n <= 3 * PROBLEMS_PER_RULE for n in listed.values())  # per rule and table
    assert len(error.problems) < 5_000
    assert all(counts[rule] >= n for rule, n in listed.items())
    assert "first rows of each rule" in str(error)


def test_a_load_too_large_for_the_machine_says_so_before_allocating(
    catalogue_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from integration_indicators.io import memory

    monkeypatch.setattr(memory, "available_bytes", lambda: 1024)
    with pytest.raises(ii.ValidationError) as caught:
        ii.load(catalogue_dir, cache=False)
    (problem,) = caught.value.problems
    assert problem.rule == "memory-limit"
    assert "needs about" in problem.message and "available" in problem.message


def test_a_panel_too_large_for_the_machine_says_so_before_allocating(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pandas as pd

    from integration_indicators.io import memory
    from integration_indicators.validation.panel import check_panel

    frame = pd.DataFrame(
        {
            "indicator": ["macro.gdp"] * 3,
            "geo": ["BLR"] * 3,
            "counterpart": [""] * 3,
            "period": ["2019", "2020", "2021"],
            "value": [1.0, 2.0, 3.0],
            "unit": ["USD"] * 3,
            "source": ["s"] * 3,
        }
    )
    monkeypatch.setattr(memory, "available_bytes", lambda: 100)
    with pytest.raises(ii.ValidationError) as caught:
        check_panel(frame, ii.load().indicators)
    assert [p.rule for p in caught.value.problems] == ["memory-limit"]
    monkeypatch.setattr(memory, "available_bytes", lambda: None)  # unknown: no refusal
    assert len(check_panel(frame, ii.load().indicators).value) == 3


def test_available_memory_is_read() -> None:
    from integration_indicators.io.memory import available_bytes

    found = available_bytes()
    assert found is None or found > 0
