"""YAML as the library reads it: every scalar text, keys text, limits before libyaml's own.

The rule code a user sees never depends on which parser PyYAML was built with: each case
runs with libyaml's loader (where present) and with PyYAML's pure-Python one.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from integration_indicators.io import yaml_tables
from integration_indicators.io.limits import LIMITS
from integration_indicators.io.readers import RawTable
from integration_indicators.io.yaml_tables import read_yaml_table

COLUMNS = ("id", "note")

PARSERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])


@pytest.fixture(params=PARSERS, ids=lambda p: p.__name__)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> type:
    monkeypatch.setattr(yaml_tables, "_SafeBase", request.param)
    return request.param  # type: ignore[no-any-return]


def _read(tmp_path: Path, text: str) -> RawTable:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return read_yaml_table(path, "sources.yaml", COLUMNS)


def _rules(table: RawTable) -> list[tuple[str, int | None, str | None]]:
    return [(p.rule, p.row, p.column) for p in table.problems]


@pytest.mark.parametrize(
    "text",
    [
        "- id: a\n  note: " + "[" * 10_000 + "]" * 10_000 + "\n",  # flow, past libyaml's 1,000
        "- id: a\n  note: " + "[" * 1_001 + "]" * 1_001 + "\n",
        "- id: a\n  note: " + "{a: " * 2_000 + "b" + "}" * 2_000 + "\n",
        "- id: a\n  note:\n" + "".join("  " * k + "  - \n" for k in range(1, 80)),  # block
    ],
    ids=["flow-10000", "flow-1001", "mapping-2000", "block-80"],
)
def test_depth_past_the_limit_is_yaml_limit_with_either_parser(
    tmp_path: Path, parser: type, text: str
) -> None:
    problems = _read(tmp_path, text).problems
    assert [p.rule for p in problems] == ["yaml-limit"]
    assert f"nested deeper than {LIMITS.max_depth}" in problems[0].message


def test_depth_at_the_limit_is_read(tmp_path: Path, parser: type) -> None:
    # the entry list and its mapping take two levels: 62 more lists make 64
    table = _read(tmp_path, "- id: a\n  note: " + "[" * 62 + "]" * 62 + "\n")
    assert _rules(table) == [("not-text", 2, "note")]


def test_huge_integer_is_text(tmp_path: Path, parser: type) -> None:
    digits = "1" * 4_301  # past Python's int-from-text limit: a raw ValueError before
    table = _read(tmp_path, f"- id: {digits}\n  note: 0x1F\n")
    assert _rules(table) == []
    assert table.frame.loc[0, "id"] == digits
    assert table.frame.loc[0, "note"] == "0x1F"


@pytest.mark.parametrize(
    ("scalar", "text"),
    [
        ("2024", "2024"),
        ("2024-02-02", "2024-02-02"),
        ("yes", "yes"),
        ("1e400", "1e400"),
        ("!!int 12", "12"),
        ("!!float .inf", ".inf"),
        ("!!bool true", "true"),
        ("", ""),
        ("null", ""),
        ("~", ""),
    ],
)
def test_every_scalar_is_the_text_written(
    tmp_path: Path, parser: type, scalar: str, text: str
) -> None:
    table = _read(tmp_path, f"- id: a\n  note: {scalar}\n")
    assert _rules(table) == []
    assert table.frame.loc[0, "note"] == text


@pytest.mark.parametrize("key", ["? [a, b]\n  : 1", "? {a: b}\n  : 1", "[a]: 1"])
def test_a_key_that_is_not_text_is_malformed_at_its_line(
    tmp_path: Path, parser: type, key: str
) -> None:
    table = _read(tmp_path, f"- id: a\n  {key}\n")
    assert [p.rule for p in table.problems] == ["malformed-yaml"]
    assert "line 2" in table.problems[0].message
    assert "key must be text" in table.problems[0].message


def test_the_same_bytes_are_parsed_once_and_each_caller_gets_its_own_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file read again (a catalogue loaded again, or its copy) is not parsed again; the
    table a caller gets is its own to change; other limits, or other bytes, parse anew."""
    yaml_tables._memo_table.cache_clear()
    text = "- id: a\n  note: " + "[" * 3 + "]" * 3 + "\n- id: b\n  note: x\n"
    first = _read(tmp_path, text)
    first.frame.loc[0, "id"] = "changed"
    first.cell_lines.clear()
    again = _read(tmp_path, text)
    assert yaml_tables._memo_table.cache_info().hits == 1
    assert again.frame["id"].tolist() == ["a", "b"] and again.cell_lines[(1, "note")] == 4
    assert _read(tmp_path, text.replace("x", "y")).frame["note"].tolist()[1] == "y"
    # the entry list, its mapping and one list more
    monkeypatch.setattr(yaml_tables, "LIMITS", dataclasses.replace(LIMITS, max_depth=3))
    assert [p.rule for p in _read(tmp_path, text).problems] == ["yaml-limit"]
    assert yaml_tables._memo_table.cache_info().misses == 3
