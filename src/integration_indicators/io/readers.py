"""Reading the catalogue's files into tables of text, with every file-level problem recorded.

Nothing here interprets values: each cell comes back as the text the file holds (``""`` for an
empty cell), with the row number a person would look up, so that the schemas can report
problems at their place. CSV is read with every cell as text; YAML files are read by
``integration_indicators.yaml_tables`` into the same ``RawTable``.
"""

from __future__ import annotations

import bisect
import csv
import io
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from integration_indicators.errors import Problem
from integration_indicators.io.limits import LIMITS
from integration_indicators.io.safe_read import read_bytes


@dataclass(frozen=True, slots=True)
class RawTable:
    """One file's table of text, with where each row and cell came from."""

    #: File name relative to the catalogue directory.
    file: str
    #: Every cell as text; RangeIndex in file order.
    frame: pd.DataFrame
    #: Row number to report for each row (CSV: spreadsheet row, header = 1; YAML: line).
    rows: tuple[int, ...] | np.ndarray
    #: YAML only: line of each (row position, field); used for precise reports.
    cell_lines: dict[tuple[int, str], int] = field(default_factory=dict)
    #: Problems found while reading.
    problems: tuple[Problem, ...] = ()
    #: Where the table joins several files: the first row position of each, and its name
    #: (empty: every row is from `file`).
    file_starts: tuple[tuple[int, str], ...] = ()

    def file_of(self, position: int) -> str:
        """File that the row at *position* comes from."""
        if not self.file_starts:
            return self.file
        at = bisect.bisect_right([start for start, _ in self.file_starts], position) - 1
        return self.file_starts[max(at, 0)][1]

    def row_of(self, position: int, column: str | None = None) -> int | None:
        """Row number to report for the row at *position* (and *column*)."""
        if column is not None and (position, column) in self.cell_lines:
            return self.cell_lines[(position, column)]
        return int(self.rows[position]) if 0 <= position < len(self.rows) else None


#: Messages of a missing and of an unknown column.
MISSING_COLUMN = "the column is missing"
UNKNOWN_COLUMN = "is not a column of this file"


def column_problems(file: str, columns: Iterable[object], expected: Iterable[str]) -> list[Problem]:
    """A problem for each column of *expected* missing from *columns*, and each one extra."""
    have, want = [str(c) for c in columns], list(expected)
    problems = [
        Problem(file, None, c, None, "missing-column", MISSING_COLUMN)
        for c in want
        if c not in have
    ]
    problems += [
        Problem(file, None, c, None, "unknown-column", UNKNOWN_COLUMN)
        for c in have
        if c not in want
    ]
    return problems


def concat_tables(name: str, tables: list[RawTable]) -> RawTable:
    """Join tables of the same kind (several files) into one, keeping each row's origin."""
    if len(tables) == 1:
        return tables[0]
    frame = pd.concat([t.frame for t in tables], ignore_index=True)
    rows = np.concatenate([np.asarray(t.rows, dtype="int64") for t in tables])
    starts = np.cumsum([0] + [len(t.frame) for t in tables[:-1]])
    files = tuple((int(start), t.file) for start, t in zip(starts, tables, strict=True))
    problems = tuple(p for t in tables for p in t.problems)
    cell_lines: dict[tuple[int, str], int] = {}
    offset = 0
    for table in tables:
        cell_lines.update(
            {(pos + offset, col): line for (pos, col), line in table.cell_lines.items()}
        )
        offset += len(table.frame)
    return RawTable(name, frame, rows, cell_lines, problems, files)


def failed_table(
    file: str, rule: str, message: str, columns: tuple[str, ...], row: int | None = None
) -> RawTable:
    empty = pd.DataFrame({c: pd.Series([], dtype="str") for c in columns})
    return RawTable(file, empty, (), {}, (Problem(file, row, None, None, rule, message),))


def longest_line(data: bytes) -> tuple[int, int]:
    """Number (1-based) and length in bytes of the longest line of *data*.

    Examples
    --------
    >>> longest_line(b"a\\nbbb\\ncc")
    (2, 3)
    """
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n"))
    bounds = np.concatenate(([-1], ends, [len(data)]))
    lengths = np.diff(bounds) - 1
    longest = int(np.argmax(lengths))
    return longest + 1, int(lengths[longest])


def _may_have_long_line(data: bytes) -> bool:
    """False when no line can pass the limit: every block of half the limit holds a line
    break (then no two breaks are a limit apart). A few hundred memchr calls, no copy."""
    half = max(LIMITS.max_line_chars // 2, 1)
    if len(data) <= LIMITS.max_line_chars:
        return False
    return any(
        data.find(b"\n", start, start + half) < 0 for start in range(0, len(data) - half + 1, half)
    )


def decode_text(data: bytes | Problem, name: str, columns: tuple[str, ...]) -> str | RawTable:
    """Bytes read from a file as text, or a failed table saying why they are not text."""
    if isinstance(data, Problem):
        return failed_table(name, data.rule, data.message, columns)
    if b"\x00" in data:
        return failed_table(name, "binary-file", "holds NUL bytes: not a text file", columns)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return failed_table(
            name, "not-utf8", f"not UTF-8 text (byte {exc.start}): save it as UTF-8", columns
        )
    if not text or text.isspace():
        return failed_table(name, "empty-file", "the file is empty", columns)
    line, length = longest_line(data) if _may_have_long_line(data) else (0, 0)
    if length > LIMITS.max_line_chars:
        message = f"line {line} is longer than {LIMITS.max_line_chars} bytes"
        return failed_table(name, "line-too-long", message, columns)
    return text


def parse_csv_table(  # noqa: PLR0911 (one return per way a file fails)
    text: str, name: str, columns: tuple[str, ...], data: bytes | None = None
) -> RawTable:
    """Text of a comma-separated file with a header row as a table of text.

    *data*, where given, is the UTF-8 text as the file's bytes (read without encoding again).
    """
    first = text.split("\n", 1)[0]
    if first.count(",") >= LIMITS.max_columns:
        message = f"the header has more than {LIMITS.max_columns} columns"
        return failed_table(name, "too-many-columns", message, columns)
    header = next(csv.reader(io.StringIO(first)), [])
    if len(header) == 1 and any(sep in header[0] for sep in ";\t|"):
        return failed_table(
            name, "csv-delimiter", "the header has no commas: separate fields with ','", columns
        )
    duplicated = sorted(c for c, n in Counter(header).items() if n > 1)
    if duplicated:
        return failed_table(name, "csv-header", f"repeated column names: {duplicated}", columns)
    if data is None:
        data = text.encode("utf-8")
    unclosed = _unclosed_quote(name, data, columns)
    if unclosed is not None:
        return unclosed
    frame = _read_with_arrow(data.removeprefix(b"\xef\xbb\xbf"), header)
    if frame is None:  # pyarrow refused the file: pandas' C parser says where and why
        try:
            with warnings.catch_warnings():
                # a row longer than the header: pandas would make it an index or drop cells
                warnings.simplefilter("error", pd.errors.ParserWarning)
                frame = pd.read_csv(
                    io.StringIO(text),
                    dtype="str",
                    keep_default_na=False,
                    na_filter=False,
                    skip_blank_lines=True,
                    engine="c",
                    index_col=False,
                )
        except pd.errors.ParserWarning:
            message = "a row has more fields than the header (a stray quote or comma?)"
            return failed_table(name, "malformed-csv", message, columns)
        except (pd.errors.ParserError, ValueError) as exc:
            return failed_table(name, "malformed-csv", str(exc).strip(), columns)
        frame = frame.astype("str")
    return RawTable(name, frame, np.arange(2, len(frame) + 2))


def _unclosed_quote(name: str, data: bytes, columns: tuple[str, ...]) -> RawTable | None:
    """The problem of a file whose last quoted field is never closed (an odd number of
    quotes: quotes inside a field are doubled), which a CSV reader takes to the end of file
    as if whole; None where the quotes pair up."""
    if not data.count(b'"') % 2:
        return None
    row = data.count(b"\n", 0, data.rfind(b'"')) + 1  # the line of the last quote
    message = "a quoted field is never closed before EOF: the file was cut or a quote is missing"
    return failed_table(name, "malformed-csv", message, columns, row)


def _read_with_arrow(data: bytes, header: list[str]) -> pd.DataFrame | None:
    """Every cell as text (empty cells as ""), read by pyarrow's multi-threaded CSV reader;
    None where it refuses the file (a row of the wrong length, a broken quote)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if not header or len(set(header)) != len(header):
        return None
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),  # zero-copy, read natively (no Python file object)
            read_options=pacsv.ReadOptions(block_size=4 * LIMITS.max_line_chars + 1),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    if table.column_names != header:
        return None
    text_type = pd.StringDtype("pyarrow", na_value=np.nan)
    frame: pd.DataFrame = table.to_pandas(
        types_mapper=lambda kind: text_type if kind == pa.string() else None
    )
    return frame


def read_csv_table(
    path: Path, name: str, columns: tuple[str, ...], data: bytes | Problem | None = None
) -> RawTable:
    """Read a comma-separated file with a header row into a table of text.

    *data*, where given, is the file's bytes as already read (the loader reads each file once).
    """
    if data is None:
        data = read_bytes(path, name, LIMITS.max_csv_bytes)
    text = decode_text(data, name, columns)
    if isinstance(text, RawTable):
        return text
    return parse_csv_table(text, name, columns, data if isinstance(data, bytes) else None)
