"""Reading the catalogue's YAML files (sources, indicators) into tables of text.

YAML is read with a safe loader (libyaml's where available) that also refuses aliases (no
"billion laughs" expansion), duplicate keys and keys that are not text; every scalar is built
as the text the file holds (no numbers, booleans or dates: a 4,301-digit integer is text, not
an error of Python's int), each entry reported at its line.

Depth and size are bounded while the events stream, before anything is built. libyaml's
scanner reads ahead and has a nesting limit of its own (1,000 in recent releases), so a
document it refuses is scanned again by PyYAML's own parser up to the point of refusal: the
library's ``yaml-limit`` is what a user sees, whatever the parser's version.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from integration_indicators.errors import Problem
from integration_indicators.io.limits import LIMITS
from integration_indicators.io.readers import RawTable, decode_text, failed_table
from integration_indicators.io.safe_read import read_bytes

#: libyaml's parser where PyYAML was built with it (ten times faster), else PyYAML's own.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_NULL = "tag:yaml.org,2002:null"

#: Tags of scalars PyYAML would build as numbers, booleans, dates or bytes: built as text.
_AS_TEXT = tuple(f"tag:yaml.org,2002:{t}" for t in ("bool", "int", "float", "timestamp", "binary"))


class _StrictLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """Safe loader: every scalar text (null: None), keys text and unique (aliases and
    limits: _prescan)."""

    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML reads it as a class attribute)
        key: [(tag, rx) for tag, rx in resolvers if tag == _NULL]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    yaml_constructors = dict(_SafeBase.yaml_constructors)  # noqa: RUF012 (as above)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be text, not a list or mapping", key_node.start_mark
                )
            key = self.construct_object(key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        mapping: dict[Hashable, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def _as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


for _tag in _AS_TEXT:
    _StrictLoader.add_constructor(_tag, _as_text)


class _RefusedYaml(yaml.composer.ComposerError):
    """A document refused before it is built; ``rule`` is the problem's rule code."""

    rule = "malformed-yaml"


def _prescan(text: str) -> None:
    """Raise a YAML error at the first alias (``*name``: no "billion laughs" expansion), or
    where the document passes the node or depth limit, before anything is built.

    Where libyaml refuses the document, PyYAML's own parser (no nesting limit, a look-ahead
    of one simple key) reads it again up to libyaml's mark: a limit of the library's found
    there is reported instead of libyaml's refusal.
    """
    try:
        _scan(text, _SafeBase)
    except _RefusedYaml:
        raise
    except yaml.YAMLError as exc:
        if _SafeBase is yaml.SafeLoader:
            raise
        mark = getattr(exc, "problem_mark", None)
        end = len(text) if mark is None else min(len(text), mark.index + 1)
        try:
            _scan(text[:end], yaml.SafeLoader)
        except _RefusedYaml:
            raise
        except yaml.YAMLError:
            pass  # the prefix ends inside the document: libyaml's own refusal stands
        raise exc from None


def _scan(text: str, loader: type[yaml.SafeLoader]) -> None:
    nodes = depth = 0
    for event in yaml.parse(text, Loader=loader):
        rule = "yaml-limit"
        if isinstance(event, yaml.AliasEvent):
            rule, message = "malformed-yaml", "YAML aliases (*name) are not allowed"
        elif isinstance(event, yaml.CollectionStartEvent):
            nodes, depth = nodes + 1, depth + 1
            message = f"nested deeper than {LIMITS.max_depth}" if depth > LIMITS.max_depth else ""
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            continue
        elif isinstance(event, yaml.ScalarEvent):
            nodes += 1
            message = ""
        else:
            continue
        if nodes > LIMITS.max_yaml_nodes:
            message = f"more than {LIMITS.max_yaml_nodes} values"
        if message:
            error = _RefusedYaml(None, None, message, event.start_mark)  # type: ignore[arg-type]
            error.rule = rule
            raise error


def _yaml_error(name: str, exc: yaml.YAMLError, columns: tuple[str, ...]) -> RawTable:
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    text = f"{where}{problem}" + (f" ({context})" if context else "")
    return failed_table(name, getattr(exc, "rule", "malformed-yaml"), text, columns)


def _cell_text(value: object, is_list: bool) -> tuple[str, str | None]:
    """A YAML value as the table's text, and the rule it breaks (None where it is fine)."""
    if is_list:
        items = [] if value is None else value
        if isinstance(items, list) and all(isinstance(v, str) for v in items):
            return "; ".join(items), None
        shown = [str(v) for v in items] if isinstance(items, list) else [str(items)]
        rule = "not-text-list"
        return "; ".join(shown), rule
    if value is None or isinstance(value, str):
        return ("" if value is None else value), None
    rule = "not-text"
    return str(value), rule


def _document(
    path: Path, name: str, columns: tuple[str, ...], data: bytes | Problem | None
) -> tuple[object, yaml.Node | None] | RawTable:
    """The file's document and its node tree, or a failed table saying why not."""
    if data is None:
        data = read_bytes(path, name, LIMITS.max_yaml_bytes)
    text = decode_text(data, name, columns)
    if isinstance(text, RawTable):
        return text
    try:
        _prescan(text)
    except yaml.YAMLError as exc:
        return _yaml_error(name, exc, columns)
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    except yaml.YAMLError as exc:
        return _yaml_error(name, exc, columns)
    finally:
        loader.dispose()


def read_yaml_table(
    path: Path,
    name: str,
    columns: tuple[str, ...],
    *,
    list_fields: tuple[str, ...] = (),
    optional_fields: tuple[str, ...] = (),
    data: bytes | Problem | None = None,
) -> RawTable:
    """Read a YAML list of mappings into a table of text.

    Fields in *list_fields* are lists of text, joined with ``"; "``; other fields are text
    (null becomes ``""``). A value of another type is a problem at its line. Fields in
    *optional_fields* that an entry leaves out are ``""``. *data*, where given, is the file's
    bytes as already read.
    """
    if data is None:
        data = read_bytes(path, name, LIMITS.max_yaml_bytes)
    fields = (columns, list_fields, optional_fields)
    if isinstance(data, bytes) and len(data) <= MEMO_BYTES:
        # a table is of the limits it met and the parser that read it
        reading = (LIMITS.max_depth, LIMITS.max_yaml_nodes, _SafeBase)
        table = _memo_table(data, name, fields, reading)
        # each caller gets its own frame and lines (the memo's are never handed out)
        return replace(table, frame=table.frame.copy(), cell_lines=dict(table.cell_lines))
    return _table(data, name, fields)


#: Files up to this size are parsed once per process for the same bytes (``_memo_table``):
#: a catalogue loaded again, or its copy, reads its YAML without parsing it again.
MEMO_BYTES = 1 << 20

#: The columns, list fields and optional fields of a table (``read_yaml_table``).
_Fields = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


@functools.lru_cache(maxsize=64)  # at most 64 MiB of files held, and their tables
def _memo_table(data: bytes, name: str, fields: _Fields, reading: tuple[object, ...]) -> RawTable:
    del reading  # part of the key only
    return _table(data, name, fields)


def _table(data: bytes | Problem, name: str, fields: _Fields) -> RawTable:
    """``read_yaml_table`` of bytes already read."""
    columns, list_fields, optional_fields = fields
    read = _document(Path(name), name, columns, data)
    if isinstance(read, RawTable):
        return read
    document, node = read
    if not isinstance(document, list) or not isinstance(node, yaml.SequenceNode):
        return failed_table(
            name, "yaml-shape", "must be a list of entries (lines starting '- ')", columns
        )
    problems: list[Problem] = []
    records: list[dict[str, str]] = []
    rows: list[int] = []
    cell_lines: dict[tuple[int, str], int] = {}
    for position, (entry, item) in enumerate(zip(document, node.value, strict=True)):
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


def read_yaml_mapping(
    path: Path, name: str, fields: tuple[str, ...]
) -> tuple[dict[str, str], list[Problem]]:
    """Read a YAML mapping of text fields (a catalogue's ``catalogue.yaml``) within the
    limits: the fields given, and the problems (a field not in *fields*, a value that is
    not text, a document that is not a mapping), all at once."""
    read = _document(path, name, fields, None)
    if isinstance(read, RawTable):
        return {}, list(read.problems)
    document, node = read
    if document is None:
        return {}, []
    if not isinstance(document, dict) or not isinstance(node, yaml.MappingNode):
        return {}, [
            Problem(
                name, None, None, None, "yaml-shape", f"must be a mapping of {', '.join(fields)}"
            )
        ]
    lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    found: dict[str, str] = {}
    problems: list[Problem] = []
    for key, value in document.items():
        field_name = str(key)
        if field_name not in fields:
            said = f"the fields are {', '.join(fields)}"
            problems.append(
                Problem(name, lines.get(field_name), field_name, None, "unknown-column", said)
            )
            continue
        text, rule = _cell_text(value, False)
        if rule is not None:
            problems.append(
                Problem(
                    name, lines.get(field_name), field_name, value, rule, "must be text: quote it"
                )
            )
            continue
        found[field_name] = text
    return found, problems
