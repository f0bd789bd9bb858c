"""Excel workbooks (.xlsx: a zip of XML parts) checked within bounds before any is parsed.

A spreadsheet reader allocates what a workbook declares: one cell at ``XFD1048576`` makes a
dense range of 17 billion cells (python-calamine aborts the process), a 12 MB zip may expand
to gigabytes of XML, one shared string may be 1.5 GiB. ``bounded_workbook`` reads the zip with
the standard library, never more than each limit, and checks in order: the number of parts,
each part's size as declared in the central directory and as actually decompressed (a lying
header gains nothing), the total, then in each worksheet the declared dimension, the highest
row and column any cell names, the number of rows and cells, and in the shared strings their
number and the longest. Every breach is a positioned ``Problem`` naming the limit, all of them
at once. What passes is handed on re-packed, uncompressed, from the bytes that were checked,
so the reader never decompresses anything the checks did not see.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import numpy as np

from integration_indicators.errors import Problem, ValidationError


@dataclass(frozen=True, slots=True)
class WorkbookLimits:
    """Bounds of one workbook; the library uses ``WORKBOOK_LIMITS``.

    Examples
    --------
    >>> WORKBOOK_LIMITS.max_rows, WORKBOOK_LIMITS.max_columns
    (100000, 256)
    """

    #: Parts (files) in the zip.
    max_parts: int = 256
    #: Largest part, uncompressed.
    max_part_bytes: int = 64 * 1024 * 1024
    #: All parts together, uncompressed.
    max_total_bytes: int = 256 * 1024 * 1024
    #: Highest row a cell or the sheet's dimension may name.
    max_rows: int = 100_000
    #: Highest column (256: ``IV``).
    max_columns: int = 256
    #: Cells of one sheet.
    max_cells: int = 2_000_000
    #: Entries of the shared-strings table.
    max_shared_strings: int = 1_000_000
    #: Longest shared string, in bytes of XML (Excel's own cell limit is 32,767 characters).
    max_string_bytes: int = 128 * 1024


#: The limits the library applies.
WORKBOOK_LIMITS = WorkbookLimits()

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]*)([0-9]*)(?::([A-Z]*)([0-9]*))?"')
#: A cell's reference (only cells have letters in their ``r``): its column, its row.
_CELL_COLUMN = re.compile(rb'\sr="([A-Z]{1,4})[0-9]')
_CELL_ROW = re.compile(rb'\sr="[A-Z]{1,4}([0-9]{1,9})"')
#: Elements counted by their opening tag, with or without a namespace prefix (over-counting
#: only ever refuses more).
_CELL_TAGS = (b"<c ", b"<c>", b"<c/>", b":c ", b":c>", b":c/>")
_ROW_TAGS = (b"<row", b":row")
_STRING = re.compile(rb"<(?:\w+:)?si[\s/>]")


def column_number(letters: bytes) -> int:
    """1-based number of a column written in letters.

    Examples
    --------
    >>> column_number(b"A"), column_number(b"AE"), column_number(b"XFD")
    (1, 31, 16384)
    """
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


class _Checks:
    def __init__(self, name: str, limits: WorkbookLimits) -> None:
        self.name, self.limits = name, limits
        self.problems: list[Problem] = []

    def fail(self, part: str | None, value: object, rule: str, message: str) -> None:
        self.problems.append(Problem(self.name, None, part, value, rule, message))

    def read(self, book: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
        """The part's bytes, never more than the part limit decompressed."""
        limit = self.limits.max_part_bytes
        if info.file_size > limit:
            self.fail(
                info.filename,
                info.file_size,
                "workbook-limit",
                f"expands to {info.file_size} bytes: the limit is {limit}",
            )
            return None
        try:
            with book.open(info) as stream:
                data = stream.read(limit + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            self.fail(info.filename, None, "dots-workbook", f"cannot read this part: {exc}")
            return None
        if len(data) > limit or len(data) != info.file_size:
            self.fail(
                info.filename,
                len(data),
                "workbook-limit",
                f"decompresses to {len(data)} bytes, not the {info.file_size} its header declares",
            )
            return None
        return data

    def sheet(self, part: str, xml: bytes) -> None:
        limits = self.limits
        dimension = _DIMENSION.search(xml, 0, 4096)
        corners = [] if dimension is None else [(dimension[1], dimension[2])]
        if dimension is not None and dimension[3] is not None:
            corners.append((dimension[3], dimension[4]))
        letters = {*_CELL_COLUMN.findall(xml), *(c for c, _ in corners)}
        named_rows = np.array(_CELL_ROW.findall(xml) or [b"0"], dtype="S9").astype(np.int64)
        cells = sum(xml.count(tag) for tag in _CELL_TAGS)
        rows = sum(xml.count(tag) for tag in _ROW_TAGS)
        highest_row = max([rows, int(named_rows.max())] + [int(r) for _, r in corners if r])
        highest_column = max([column_number(c) for c in letters] + [0])
        if highest_row > limits.max_rows:
            self.fail(
                part,
                highest_row,
                "workbook-limit",
                f"names row {highest_row}: the limit is {limits.max_rows}",
            )
        if highest_column > limits.max_columns:
            message = f"names column {highest_column}: the limit is {limits.max_columns}"
            self.fail(part, highest_column, "workbook-limit", message)
        if cells > limits.max_cells:
            self.fail(
                part,
                cells,
                "workbook-limit",
                f"holds {cells} cells: the limit is {limits.max_cells}",
            )

    def shared_strings(self, part: str, xml: bytes) -> None:
        starts = np.array([m.start() for m in _STRING.finditer(xml)], dtype=np.int64)
        if len(starts) > self.limits.max_shared_strings:
            self.fail(
                part,
                len(starts),
                "workbook-limit",
                f"holds {len(starts)} strings: the limit is {self.limits.max_shared_strings}",
            )
        if len(starts):
            longest = int(np.diff(np.append(starts, len(xml))).max())
            if longest > self.limits.max_string_bytes:
                self.fail(
                    part,
                    longest,
                    "workbook-limit",
                    f"holds a string of {longest} bytes: the limit is "
                    f"{self.limits.max_string_bytes}",
                )


def bounded_workbook(
    data: bytes, name: str, location: str, limits: WorkbookLimits = WORKBOOK_LIMITS
) -> bytes:
    """The workbook *data*, checked within *limits* and re-packed from the checked bytes.

    Raises ``ValidationError`` naming *name*, the part and the limit of every breach.
    """
    checks = _Checks(name, limits)
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        checks.fail(None, None, "dots-workbook", f"cannot read it as a workbook (.xlsx): {exc}")
        raise ValidationError(checks.problems, location) from None
    with book:
        infos = book.infolist()
        if len(infos) > limits.max_parts:
            checks.fail(
                None,
                len(infos),
                "workbook-limit",
                f"{len(infos)} parts: the limit is {limits.max_parts}",
            )
            raise ValidationError(checks.problems, location)
        declared = sum(i.file_size for i in infos)
        if declared > limits.max_total_bytes:
            message = f"expands to {declared} bytes: the limit is {limits.max_total_bytes}"
            checks.fail(None, declared, "workbook-limit", message)
            raise ValidationError(checks.problems, location)
        parts: dict[str, bytes] = {}
        for info in infos:
            if info.is_dir():
                continue
            part = checks.read(book, info)
            if part is None:
                continue
            parts[info.filename] = part
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                checks.sheet(info.filename, part)
            elif info.filename == "xl/sharedStrings.xml":
                checks.shared_strings(info.filename, part)
    if checks.problems:
        raise ValidationError(checks.problems, location)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_STORED) as out:
        for filename, part in parts.items():
            out.writestr(filename, part)
    return packed.getvalue()
