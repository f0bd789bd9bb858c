"""Reading the catalogue's files into tables of text, with every file-level problem recorded.

Nothing here interprets values: each cell comes back as the text the file holds (``""`` for an
empty cell), with the row number a person would look up, so that the schemas can report
problems at their place. YAML is read with a safe loader that also refuses aliases (no
"billion laughs"), duplicate keys and implicit dates; CSV is read with every cell as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .errors import Problem

#: Files larger than this are refused before parsing.
MAX_FILE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class RawTable:
    """One file's table of text, with where each row and cell came from."""

    #: File name relative to the catalogue directory.
    file: str
    #: Every cell as text; RangeIndex in file order.
    frame: pd.DataFrame
    #: Row number to report for each row (CSV: spreadsheet row, header = 1; YAML: line).
    rows: tuple[int, ...]
    #: YAML only: line of each (row position, field); used for precise reports.
    cell_lines: dict[tuple[int, str], int] = field(default_factory=dict)
    #: Problems found while reading.
    problems: tuple[Problem, ...] = ()
    #: File of each row where the table joins several files (empty: every row is from `file`).
    row_files: tuple[str, ...] = ()

    def file_of(self, position: int) -> str:
        """File that the row at *position* comes from."""
        return self.row_files[position] if self.row_files else self.file

    def row_of(self, position: int, column: str | None = None) -> int | None:
        """Row number to report for the row at *position* (and *column*)."""
        if column is not None and (position, column) in self.cell_lines:
            return self.cell_lines[(position, column)]
        return self.rows[position] if 0 <= position < len(self.rows) else None


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
    rows = tuple(r for t in tables for r in t.rows)
    files = tuple(t.file for t in tables for _ in range(len(t.frame)))
    problems = tuple(p for t in tables for p in t.problems)
    cell_lines: dict[tuple[int, str], int] = {}
    offset = 0
    for table in tables:
        cell_lines.update(
            {(pos + offset, col): line for (pos, col), line in table.cell_lines.items()}
        )
        offset += len(table.frame)
    return RawTable(name, frame, rows, cell_lines, problems, files)


def _failed(file: str, rule: str, message: str, columns: tuple[str, ...]) -> RawTable:
    empty = pd.DataFrame({c: pd.Series([], dtype="str") for c in columns})
    return RawTable(file, empty, (), {}, (Problem(file, None, None, None, rule, message),))


def _read_text(path: Path, name: str, columns: tuple[str, ...]) -> str | RawTable:
    """The file's text, or a failed table saying why it cannot be read."""
    if not path.is_file():
        return _failed(name, "missing-file", f"no such file: {path}", columns)
    if path.stat().st_size > MAX_FILE_BYTES:
        return _failed(name, "file-too-large", f"larger than {MAX_FILE_BYTES} bytes", columns)
    data = path.read_bytes()
    if b"\x00" in data:
        return _failed(name, "binary-file", "holds NUL bytes: not a text file", columns)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _failed(
            name, "not-utf8", f"not UTF-8 text (byte {exc.start}): save it as UTF-8", columns
        )
    if not text.strip():
        return _failed(name, "empty-file", "the file is empty", columns)
    return text


#: libyaml's parser where PyYAML was built with it (ten times faster), else PyYAML's own.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """Safe loader without duplicate keys or implicit timestamps (aliases: _refuse_aliases)."""

    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML reads it as a class attribute)
        key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        mapping: dict[Hashable, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def _refuse_aliases(text: str) -> None:
    """Raise a YAML error at the first alias (``*name``): no "billion laughs" expansion."""
    for event in yaml.parse(text, Loader=_SafeBase):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None,
                None,
                "YAML aliases (*name) are not allowed",
                event.start_mark,  # type: ignore[arg-type]
            )


def _yaml_error(name: str, exc: yaml.YAMLError, columns: tuple[str, ...]) -> RawTable:
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    text = f"{where}{problem}" + (f" ({context})" if context else "")
    return _failed(name, "malformed-yaml", text, columns)


def _cell_text(value: object, is_list: bool) -> tuple[str, str | None]:
    """A YAML value as the table's text, and the rule it breaks (None where it is fine)."""
    if is_list:
        items = [] if value is None else value
        if isinstance(items, list) and all(isinstance(v, str) for v in items):
            return "; ".join(items), None
        shown = [str(v) for v in items] if isinstance(items, list) else [str(items)]
        return "; ".join(shown), "not-text-list"
    if value is None or isinstance(value, str):
        return ("" if value is None else value), None
    return str(value), "not-text"


def read_yaml_table(
    path: Path,
    name: str,
    columns: tuple[str, ...],
    list_fields: tuple[str, ...] = (),
    optional_fields: tuple[str, ...] = (),
) -> RawTable:
    """Read a YAML list of mappings into a table of text.

    Fields in *list_fields* are lists of text, joined with ``"; "``; other fields are text
    (null becomes ``""``). A value of another type is a problem at its line. Fields in
    *optional_fields* that an entry leaves out are ``""``.
    """
    text = _read_text(path, name, columns)
    if isinstance(text, RawTable):
        return text
    try:
        _refuse_aliases(text)
    except yaml.YAMLError as exc:
        return _yaml_error(name, exc, columns)
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        return _yaml_error(name, exc, columns)
    finally:
        loader.dispose()
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        return _failed(
            name, "yaml-shape", "must be a list of entries (lines starting '- ')", columns
        )
    problems: list[Problem] = []
    records: list[dict[str, str]] = []
    rows: list[int] = []
    cell_lines: dict[tuple[int, str], int] = {}
    for position, (entry, item) in enumerate(zip(data, node.value, strict=True)):
        line = item.start_mark.line + 1
        rows.append(line)
        if not isinstance(entry, dict) or not isinstance(item, yaml.MappingNode):
            problems.append(
                Problem(name, line, None, entry, "yaml-shape", "an entry must be a mapping")
            )
            records.append({})
            continue
        for key_node, _ in item.value:
            cell_lines[(position, str(key_node.value))] = key_node.start_mark.line + 1
        record = dict.fromkeys(optional_fields, "")
        for key, value in entry.items():
            field_name = str(key)
            where = cell_lines.get((position, field_name), line)
            record[field_name], rule = _cell_text(value, field_name in list_fields)
            if rule is not None:
                message = (
                    "must be a list of text"
                    if rule == "not-text-list"
                    else "must be text: quote it"
                )
                problems.append(Problem(name, where, field_name, value, rule, message))
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=None if records else list(columns))
    for column in optional_fields:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame.astype("object").where(frame.notna(), None).astype("str")
    return RawTable(name, frame, tuple(rows), cell_lines, tuple(problems))


def read_csv_table(path: Path, name: str, columns: tuple[str, ...]) -> RawTable:
    """Read a comma-separated file with a header row into a table of text."""
    text = _read_text(path, name, columns)
    if isinstance(text, RawTable):
        return text
    header = next(csv.reader(io.StringIO(text.splitlines()[0])), [])
    if len(header) == 1 and any(sep in header[0] for sep in ";\t|"):
        return _failed(
            name, "csv-delimiter", "the header has no commas: separate fields with ','", columns
        )
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype="str", keep_default_na=False, na_filter=False,
            skip_blank_lines=True, engine="c",
        )  # fmt: skip
    except (pd.errors.ParserError, ValueError) as exc:
        return _failed(name, "malformed-csv", str(exc).strip(), columns)
    duplicated = [c for c in header if header.count(c) > 1]
    if duplicated:
        return _failed(
            name, "csv-header", f"repeated column names: {sorted(set(duplicated))}", columns
        )
    frame = frame.astype("str")
    return RawTable(name, frame, tuple(range(2, len(frame) + 2)))
