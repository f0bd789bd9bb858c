"""Crafted workbooks end in a positioned ValidationError before anything is allocated.

Each case is a real DOTS workbook (DOTS_18, Belarus) with one part changed: a cell at
``XFD1048576`` (python-calamine aborted the process allocating 550 GB), one at
``AE1048576`` (3.9 GB), a part that expands past its limit, a header that lies about a part's
size, a shared string past its limit, an empty reporter, and cells that are booleans or
infinite. Their cost is measured by ``benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import integration_indicators as ii
from integration_indicators.importers.dots_workbooks import read_dots_workbook
from integration_indicators.io.xlsx_bounds import WORKBOOK_LIMITS, column_number

WORKBOOK = Path(__file__).resolve().parents[2] / "shared/official/imf-dots/workbooks/DOTS_18.xlsx"
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"

pytestmark = pytest.mark.skipif(not WORKBOOK.exists(), reason="the DOTS workbooks are not here")


def _parts() -> dict[str, bytes]:
    with zipfile.ZipFile(WORKBOOK) as book:
        return {info.filename: book.read(info) for info in book.infolist()}


def _pack(parts: dict[str, bytes], path: Path) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return path


def _edit_sheet(edit: Callable[[str], str]) -> Callable[[Path], Path]:
    def make(path: Path) -> Path:
        parts = _parts()
        parts[SHEET] = edit(parts[SHEET].decode("utf-8")).encode("utf-8")
        return _pack(parts, path)

    return make


def _far_cell(ref: str) -> Callable[[Path], Path]:
    row = "".join(ch for ch in ref if ch.isdigit())
    return _edit_sheet(
        lambda xml: xml.replace(
            "</sheetData>", f'<row r="{row}"><c r="{ref}"><v>1</v></c></row></sheetData>'
        )
    )


def _big_part(path: Path) -> Path:
    parts = _parts()
    parts["xl/worksheets/sheet3.xml"] = b" " * (WORKBOOK_LIMITS.max_part_bytes + 1)
    return _pack(parts, path)


def _lying_header(path: Path) -> Path:
    """The central directory says sharedStrings.xml is 100 bytes; it is 185 KB."""
    _pack(_parts(), path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as book:
        info = book.getinfo(STRINGS)
    # the central directory entry: signature, then the sizes at offsets 20 (compressed) and 24
    name = STRINGS.encode()
    at = next(i for i in _all(data, b"PK\x01\x02") if data[i + 46 : i + 46 + len(name)] == name)
    struct.pack_into("<I", data, at + 24, 100)
    local = info.header_offset
    struct.pack_into("<I", data, local + 22, 100)
    path.write_bytes(bytes(data))
    return path


def _all(data: bytearray, needle: bytes) -> list[int]:
    found, at = [], data.find(needle)
    while at != -1:
        found.append(at)
        at = data.find(needle, at + 1)
    return found


def _long_string(path: Path) -> Path:
    parts = _parts()
    long = "x" * (WORKBOOK_LIMITS.max_string_bytes + 1)
    parts[STRINGS] = parts[STRINGS].replace(b"</sst>", f"<si><t>{long}</t></si></sst>".encode())
    return _pack(parts, path)


def _not_a_zip(path: Path) -> Path:
    path.write_bytes(b"PK\x03\x04 not really a zip")
    return path


CASES = [
    (_far_cell("XFD1048576"), "workbook-limit", "names row 1048576"),
    (_far_cell("AE1048576"), "workbook-limit", "names row 1048576"),
    (_far_cell("IW1"), "workbook-limit", "names column 257"),
    (_big_part, "workbook-limit", "the limit is 67108864"),
    (_lying_header, "dots-workbook", "cannot read this part"),
    (_long_string, "workbook-limit", "holds a string of"),
    (_not_a_zip, "dots-workbook", "cannot read it as a workbook"),
    (
        _edit_sheet(
            lambda x: x.replace('<c r="B4" s="3" t="s"><v>1</v></c>', '<c r="B4" s="3" />')
        ),
        "dots-layout",
        "reporter's IMF name",
    ),
    (
        _edit_sheet(
            lambda x: x.replace(
                '<c r="C8" s="9"><v>0.80400000000000005</v></c>',
                '<c r="C8" s="9" t="b"><v>1</v></c>',
            )
        ),
        "number-or-empty",
        "must be a number",
    ),
    (
        _edit_sheet(lambda x: x.replace("<v>0.80400000000000005</v>", "<v>1e400</v>")),
        "number-or-empty",
        "must be a number",
    ),
    (
        _edit_sheet(lambda x: x.replace("<v>0.80400000000000005</v>", "<v>inf</v>")),
        "number-or-empty",
        "must be a number",
    ),
]


@pytest.mark.parametrize(
    ("make", "rule", "words"),
    CASES,
    ids=[
        "XFD1048576",
        "AE1048576",
        "column-IW",
        "expands",
        "lying-header",
        "long-string",
        "not-a-zip",
        "empty-reporter",
        "boolean",
        "1e400",
        "inf",
    ],
)
def test_a_crafted_workbook_is_refused_with_its_rule(
    tmp_path: Path, make: Callable[[Path], Path], rule: str, words: str
) -> None:
    path = make(tmp_path / "DOTS_18.xlsx")
    with pytest.raises(ii.ValidationError) as caught:
        read_dots_workbook(path)
    problems = caught.value.problems
    assert {p.rule for p in problems} == {rule}, problems
    assert all(p.file == "DOTS_18.xlsx" for p in problems)
    assert any(words in p.message for p in problems), [p.message for p in problems]


def test_the_unchanged_workbook_reads_as_before(tmp_path: Path) -> None:
    repacked = read_dots_workbook(_pack(_parts(), tmp_path / "DOTS_18.xlsx")).observations
    original = read_dots_workbook(WORKBOOK).observations
    assert repacked.drop(columns=["source"]).equals(original.drop(columns=["source"]))
    assert len(original) > 5_000


def test_every_bad_cell_is_reported_at_once(tmp_path: Path) -> None:
    make = _edit_sheet(
        lambda x: x.replace("<v>0.80400000000000005</v>", "<v>inf</v>").replace(
            "<v>0.57999999999999818</v>", "<v>-inf</v>"
        )
    )
    with pytest.raises(ii.ValidationError) as caught:
        read_dots_workbook(make(tmp_path / "DOTS_18.xlsx"))
    found = [(p.row, p.column) for p in caught.value.problems]
    assert found == [(8, "1992"), (8, "1993"), (32, "1992"), (32, "1993")]  # row 32 repeats 8


def test_column_letters() -> None:
    assert [column_number(c) for c in (b"A", b"Z", b"AA", b"IV", b"XFD")] == [1, 26, 27, 256, 16384]
