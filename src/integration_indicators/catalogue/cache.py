"""A cache of validated catalogues: tables in Arrow IPC, keyed by the bytes that were read.

Validating a catalogue imports pandera, pint and pycountry and runs every check; a catalogue
whose files have not changed by a single byte need not be validated again. The key is a
SHA-256 over the library's version, its unit definitions, the versions of pandas, pandera,
pint and pycountry (whose country list the checks use) and the name, size and SHA-256 of
every catalogue file, so any edit is a new key. A load hashes the files a chunk at a time
(``digest_files``: nothing of them held) to look for an entry; on a miss it reads them for
validation and the entry's key is of the bytes *as read for validation*, so a file changed
while validating gives a new key.

An entry holds data, never code: the tables as Arrow IPC files (pyarrow, which pandas
already imports for its string columns, so reading an entry costs no import), their buffers
LZ4-compressed (a 2-million-row catalogue's entry: 144 MiB instead of 675 MiB, written in
1.7 s instead of 5.0 s and read in 1.6 s instead of 2.5 s), behind a JSON header and a
SHA-256 of every byte after it. An entry that fails the digest, cannot be read
or does not hold the expected columns is ignored and rewritten, never trusted and never fatal.
The observations, most of an entry, are decoded as far as a call needs them
(``EncodedTable``: some columns, or the batches holding some rows); should their buffers,
whose digest matched, still not decode, the call raises ``CacheError``.
Only catalogues that passed validation are stored. Beside an entry, tables derived from its
catalogue may be kept the same way (``write_derived``: the trade table of the indices, coded,
so a pair or group call in a new process reads 1.9 million rows in 0.2 s instead of
selecting and coding them in 3-4 s); each is checked as an entry is before it is read.

The cache lives in ``$INTEGRATION_INDICATORS_CACHE_DIR``, else ``$XDG_CACHE_HOME`` or
``~/.cache``, under ``integration-indicators/``; set the variable to an empty string to turn
it off. The directory is created 0700; one that is not owned by the user, or that group or
others can write, is not used (a warning once, then every load validates), as ssh treats its
files. Entries beyond ``MAX_CACHE_BYTES`` are pruned, oldest first.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import stat
import warnings
from collections.abc import Mapping
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from integration_indicators.catalogue import Catalogue
from integration_indicators.catalogue.encoded_table import BATCH_ROWS, EncodedTable
from integration_indicators.errors import Problem

if TYPE_CHECKING:
    from integration_indicators.io.safe_read import FileDigest

#: Bump when the layout of an entry changes.
CACHE_FORMAT = "6"

#: How an entry's table buffers are compressed (Arrow IPC's own codec, LZ4 frames).
_COMPRESSION = "lz4"  # measured against zstd: 2.2x faster to read, 2.5x larger

#: First bytes of every entry.
MAGIC = b"IICACHE2"

#: Total size of the entries kept; older ones beyond it are deleted after a write.
MAX_CACHE_BYTES = 512 * 1024 * 1024

#: Largest entry read, and largest header inside it.
_MAX_ENTRY_BYTES = 4 * 1024 * 1024 * 1024
_MAX_HEADER_BYTES = 64 * 1024

_ENV = "INTEGRATION_INDICATORS_CACHE_DIR"
_SUFFIX = ".arrows"
_TABLES = ("sources", "indicators", "observations", "rules", "releases", "history")

#: Most columns a table of an entry may declare.
_MAX_COLUMNS = 256

#: The kinds of column an entry may hold (categories: a derived table's coded text).
_KINDS = ("text", "float", "date", "bool", "category")

#: Names of the tables derived from a catalogue kept beside its entry (``write_derived``).
DERIVED_TABLES = ("trade",)

#: Files whose bytes are part of every key: the models that declare the tables' columns, so
#: an entry's layout (written from them) is theirs as long as the key matches.
_MODELS = ("schemas.py", "tables.py")

_warned: set[str] = set()


class CacheWarning(UserWarning):
    """The cache directory is not safe to use; loads validate as if the cache were off."""


def cache_dir() -> Path | None:
    """Directory of the cache, or None where it is turned off."""
    chosen = os.environ.get(_ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "integration-indicators"


def _unsafe(folder: Path) -> str | None:
    """Why *folder* must not be used as the cache, or None where it is safe."""
    try:
        info = folder.lstat()
    except OSError as exc:
        return f"cannot inspect it ({exc.strerror})"
    if not stat.S_ISDIR(info.st_mode):
        return "it is not a directory (a symlink or a file)"
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return "it is owned by another user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "group or others can write to it"
    return None


def usable_dir() -> Path | None:
    """The cache directory, created 0700 if missing; None where it is off or unsafe."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    reason = _unsafe(folder)
    if reason is None:
        return folder
    if str(folder) not in _warned:
        _warned.add(str(folder))
        warnings.warn(
            f"the cache directory {folder} is not used: {reason}; catalogues are validated "
            f"on every load (fix its owner and mode 0700, or set {_ENV})",
            CacheWarning,
            stacklevel=3,
        )
    return None


def _version(distribution: str) -> str:
    """Installed version of a package, read from its metadata (no import)."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


def catalogue_key(files: Mapping[Path, FileDigest | Problem]) -> str:
    """SHA-256 of the library's version and definitions and of each file's name, size and
    SHA-256.

    *files* maps each catalogue file to the digest of its bytes (or the problem that stopped
    the read), in the order the loader reads them.
    """
    from integration_indicators import __version__

    digest = hashlib.sha256()
    definitions = (
        resources.files("integration_indicators.model")
        .joinpath("unit_definitions.txt")
        .read_bytes()
    )
    models = [
        resources.files("integration_indicators.validation").joinpath(name).read_bytes()
        for name in _MODELS
    ]
    tools = [_version(name) for name in ("pandera", "pint", "pycountry")]
    parts: list[str | bytes] = [
        CACHE_FORMAT,
        __version__,
        pd.__version__,
        *tools,
        definitions,
        *models,
    ]
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    for file, data in files.items():
        digest.update(file.name.encode())
        digest.update(b"\0")
        if isinstance(data, Problem):
            digest.update(f"<{data.rule}>".encode())
        else:
            digest.update(f"{data.size}:".encode() + data.sha256)
        digest.update(b"\0")
    return digest.hexdigest()


def _table_bytes(frame: pd.DataFrame) -> bytes:
    """A table as an Arrow IPC file in batches of ``BATCH_ROWS`` rows (read by column or by
    batch: ``EncodedTable``), its buffers compressed (a catalogue's text repeats:
    ids, codes, units, sources; the reader decompresses as it reads)."""
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    sink = io.BytesIO()
    options = pa.ipc.IpcWriteOptions(compression=_COMPRESSION)
    with pa.ipc.new_file(sink, table.schema, options=options) as writer:
        writer.write_table(table, max_chunksize=BATCH_ROWS)
    return sink.getvalue()


def entry_tables(catalogue: Catalogue) -> tuple[pd.DataFrame, ...]:
    """The catalogue's tables in an entry's order: sources, indicators, observations, rules,
    releases and the superseded rows."""
    return (
        catalogue.sources,
        catalogue.indicators,
        catalogue.observations(),
        catalogue.rules,
        catalogue.releases,
        catalogue.superseded(),
    )


def encode(key: str, catalogue: Catalogue) -> bytes:
    """An entry's bytes: magic, SHA-256 of the rest, header length, JSON header, tables."""
    tables = [_table_bytes(frame) for frame in entry_tables(catalogue)]
    return _entry_bytes(key, _TABLES, tables, _model_layout())


def _entry_bytes(
    key: str, names: tuple[str, ...], tables: list[bytes], layout: list[list[list[str]]]
) -> bytes:
    """Magic, SHA-256 of the rest, header length, JSON header (key, tables, columns), tables:
    the bytes of a catalogue's entry or of a table derived from it."""
    header = json.dumps(
        {
            "key": key,
            "tables": [[n, len(t)] for n, t in zip(names, tables, strict=True)],
            "columns": layout,
        }
    ).encode()
    body = len(header).to_bytes(8, "little") + header + b"".join(tables)
    return MAGIC + hashlib.sha256(body).digest() + body


#: What decoding an entry whose bytes are not as written raises (it is then not trusted).
_UNTRUSTED = (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError)


def _entry_data(path: Path, folder: Path) -> bytes | None:
    """An entry's bytes, read bounded (None: missing, not a regular file, too large)."""
    from integration_indicators.io.safe_read import read_bytes

    data = read_bytes(path, "cache entry", _MAX_ENTRY_BYTES, root=folder)
    return None if isinstance(data, Problem) else data


def _used(path: Path) -> None:
    """Mark an entry used now: the last to be evicted."""
    with contextlib.suppress(OSError):
        os.utime(path, follow_symlinks=False)


def _store(folder: Path, path: Path, entry: bytes) -> None:
    """Write an entry atomically (a symlink planted in its place is replaced, never written
    through) and prune the cache; skipped where not writable."""
    from integration_indicators.io.outputs import write_bytes_atomic

    try:
        write_bytes_atomic(path, entry, mode=0o600, follow_symlinks=False)
        prune(folder)
    except (OSError, ValueError):
        return


def _model_layout() -> list[list[list[str]]]:
    """Each table's columns and their kinds (float, date, bool or text), as the models declare
    them: an entry's header holds them, so reading one needs no model (no pandera import);
    the key holds the models' bytes, so a header of this key is of these models."""
    from integration_indicators.validation.tables import (
        TABLES,
        bool_columns,
        columns,
        date_columns,
        float_columns,
    )

    layout = []
    for model in TABLES.values():
        kinds = {
            **dict.fromkeys(float_columns(model), "float"),
            **dict.fromkeys(date_columns(model), "date"),
            **dict.fromkeys(bool_columns(model), "bool"),
        }
        layout.append([[name, kinds.get(name, "text")] for name in columns(model)])
    return layout


def _layout(header: dict[str, object], tables: int) -> list[list[tuple[str, str]]]:
    """The columns and kinds the header declares for each of its *tables*; ValueError where
    its shape is not that of an entry's."""
    declared = header.get("columns")
    if not isinstance(declared, list) or len(declared) != tables:
        raise ValueError("an entry without the columns of its tables")
    layout = []
    for table in declared:
        if not isinstance(table, list) or len(table) > _MAX_COLUMNS:
            raise ValueError("a table's columns out of bounds")
        pairs = []
        for pair in table:
            if not (
                isinstance(pair, list)
                and len(pair) == 2
                and isinstance(pair[0], str)
                and pair[1] in _KINDS
            ):
                raise ValueError("a column not named with a kind")
            pairs.append((pair[0], str(pair[1])))
        layout.append(pairs)
    return layout


def _column_problem(schema: object, expected: list[tuple[str, str]]) -> str | None:
    """Why an Arrow schema is not that of a table of the *expected* columns and kinds, or
    None: every column by name, in order, and by type."""
    import pyarrow as pa

    names = tuple(schema.names)  # type: ignore[attr-defined]
    if names != tuple(name for name, _ in expected):
        return f"columns {names[:5]}... instead of those its header declares"
    for column, (_, kind) in zip(schema, expected, strict=True):  # type: ignore[call-overload]
        arrow = column.type
        if kind == "float":
            fits = pa.types.is_float64(arrow)
        elif kind == "date":
            fits = pa.types.is_timestamp(arrow)
        elif kind == "bool":
            fits = pa.types.is_boolean(arrow)
        elif kind == "category":
            fits = pa.types.is_dictionary(arrow) and (
                pa.types.is_string(arrow.value_type) or pa.types.is_large_string(arrow.value_type)
            )
        else:  # text, or a text column with no rows
            fits = pa.types.is_string(arrow) or pa.types.is_large_string(arrow)
            fits = fits or pa.types.is_null(arrow)
        if not fits:
            return f"column {column.name!r} is {arrow}"
    return None


def _frames(
    key: str,
    data: bytes,
    *,
    names: tuple[str, ...] = _TABLES,
    expected: list[list[tuple[str, str]]] | None = None,
    on_demand: tuple[str, ...] = (),
) -> list[pd.DataFrame | EncodedTable]:
    """The tables of an entry (of a catalogue's *names*, or a derived table's); ValueError
    where anything about its bytes is wrong. Those named in *on_demand* stay encoded, to be
    decoded when and as far as they are used (``EncodedTable``).

    Checked before trusted: the magic and digest, the header's size, depth and layout (the
    *expected* one where given), and every table's columns by name and type before any is
    turned into a frame.
    """
    import pyarrow as pa

    from integration_indicators.io.safe_read import json_depth

    whole = memoryview(data)  # slices of a view share its bytes: no copy of the entry
    stored, body = bytes(whole[len(MAGIC) : len(MAGIC) + 32]), whole[len(MAGIC) + 32 :]
    if data[: len(MAGIC)] != MAGIC or hashlib.sha256(body).digest() != stored:
        raise ValueError("not an entry, or its digest does not match its bytes")
    size = int.from_bytes(body[:8], "little")
    if not 0 < size <= _MAX_HEADER_BYTES:
        raise ValueError("header size out of bounds")
    text = bytes(body[8 : 8 + size])
    if json_depth(text) > 4:
        raise ValueError("header nested too deeply")
    header = json.loads(text)
    if not isinstance(header, dict) or header.get("key") != key:
        raise ValueError("an entry of another key")
    tables = header.get("tables")
    if not isinstance(tables, list) or [t[0] for t in tables if isinstance(t, list)] != list(names):
        raise ValueError("an entry of another layout")
    declared = _layout(header, len(names))
    if expected is not None and declared != expected:
        raise ValueError("a derived table of other columns")
    offset = 8 + size
    frames: list[pd.DataFrame | EncodedTable] = []
    for (name, length), columns in zip(tables, declared, strict=True):
        if not isinstance(length, int) or not 0 <= length <= len(body) - offset:
            raise ValueError("a table's length out of bounds")
        chunk = pa.py_buffer(body[offset : offset + length])  # a view, not a copy
        offset += length
        try:
            reader = pa.ipc.open_file(chunk)
            problem = _column_problem(reader.schema, columns)
            if problem is not None:
                raise ValueError(problem)
            if name in on_demand:  # its schema checked; its buffers decoded when used
                frames.append(EncodedTable(name, chunk, reader.schema))
                continue
            table = reader.read_all()
        except pa.ArrowException as exc:
            raise ValueError(str(exc)) from None
        frames.append(table.to_pandas(self_destruct=True, split_blocks=True))
        del table  # its buffers freed as they are converted, not held beside the frame
    return frames


def decode(key: str, data: bytes) -> Catalogue | None:
    """The catalogue of an entry's bytes, or None where anything about them is wrong."""
    try:
        # the observations, most of an entry, are decoded as far as a call needs them
        sources, indicators, observations, *rest = _frames(key, data, on_demand=("observations",))
        rules, releases, history = (_frame(table) for table in rest)
        return Catalogue(
            "", _frame(sources), _frame(indicators), observations, rules, releases, history
        )
    except _UNTRUSTED:
        return None


def _frame(table: pd.DataFrame | EncodedTable) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise ValueError("a table of frames left encoded")
    return table


def read(key: str) -> Catalogue | None:
    """The cached catalogue of *key*, or None (no cache, a miss, or an entry not trusted)."""
    folder = usable_dir()
    if folder is None:
        return None
    path = folder / f"{key}{_SUFFIX}"
    data = _entry_data(path, folder)
    found = None if data is None else decode(key, data)
    if found is not None:
        _used(path)
    return found


def write(key: str, catalogue: Catalogue) -> None:
    """Store a validated catalogue under *key* (atomically; skipped where not writable)."""
    folder = usable_dir()
    if folder is None:
        return
    try:
        entry = encode(key, catalogue)
    except ValueError:
        return
    _store(folder, folder / f"{key}{_SUFFIX}", entry)


def prune(folder: Path, limit: int = MAX_CACHE_BYTES) -> list[Path]:
    """Delete the least recently used entries (a read marks its entry used) beyond *limit*
    bytes in all; returns what was deleted. The newest entry stays whatever its size, and so
    does the most recently used entry larger than *limit* on its own (a big catalogue's):
    a small entry written beside it never evicts it, and it does not count against the
    others' *limit*; an older entry over the limit goes."""
    entries = []
    for path in folder.glob(f"*{_SUFFIX}"):
        try:
            info = path.lstat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            entries.append((info.st_mtime, info.st_size, path))
    entries.sort(reverse=True)
    big = next((path for _, size, path in entries if size > limit), None)
    kept, removed = 0, []
    for position, (_, size, path) in enumerate(entries):
        if path == big:
            continue  # the latest big catalogue's entry, beside the others' limit
        kept += size
        if kept > limit and position > 0:  # the newest entry stays, whatever its size
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _derived_path(folder: Path, key: str, name: str) -> Path:
    if name not in DERIVED_TABLES:
        raise ValueError(f"no derived table {name!r}")
    return folder / f"{key}.{name}{_SUFFIX}"


def write_derived(key: str, name: str, frame: pd.DataFrame, layout: list[tuple[str, str]]) -> None:
    """Keep *frame*, a table derived from the catalogue of *key* (``DERIVED_TABLES``), beside
    its entry: one table of the *layout*'s columns and kinds, as an entry is written (digest,
    header, compressed Arrow IPC); skipped where the cache is off or not writable."""
    folder = usable_dir()
    if folder is None:
        return
    path = _derived_path(folder, key, name)  # a name not declared is a coding error: raised
    try:
        table = _table_bytes(frame.loc[:, [column for column, _ in layout]])
    except ValueError:
        return
    _store(folder, path, _entry_bytes(key, (name,), [table], [[list(p) for p in layout]]))


def read_derived(key: str, name: str, layout: list[tuple[str, str]]) -> pd.DataFrame | None:
    """The table *name* derived from the catalogue of *key*, kept by ``write_derived``, or
    None (no cache, a miss, or an entry not trusted: checked as an entry is, and its
    columns and kinds must be *layout*'s)."""
    folder = usable_dir()
    if folder is None:
        return None
    path = _derived_path(folder, key, name)
    data = _entry_data(path, folder)
    if data is None:
        return None
    try:
        (table,) = _frames(key, data, names=(name,), expected=[list(layout)])
        frame = _frame(table)
    except _UNTRUSTED:
        return None
    _used(path)
    return frame
