"""A table kept as its compressed Arrow IPC file and decoded on demand.

A cached catalogue's observations are most of its entry (2 million rows of all of DOTS and
WDI: 611 MiB as pandas columns, 144 MiB as the entry's compressed file). A call that needs a
few of its columns (the sources behind an index: status, indicator, geo, source) or a few of
its rows (one indicator's series) decodes only those: a column's buffers alone, or the
record batches (``BATCH_ROWS`` rows each) that hold the rows. The whole frame is decoded on
the first call that needs it, once, and the file's bytes are then let go.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from integration_indicators.errors import CacheError

if TYPE_CHECKING:
    import pyarrow as pa

#: Rows of each record batch an entry's table is written in: the unit of a row read.
BATCH_ROWS = 65_536


class EncodedTable:
    """The table *name* as an Arrow IPC file whose schema was checked (``cache`` checks it
    before building one): ``frame()`` decodes it whole, ``columns(names)`` some of its
    columns and ``rows(mask)`` some of its rows, each as the whole file's ``to_pandas``
    gives them (same dtypes; rows keep their position as their index label)."""

    __slots__ = ("_columns", "_file", "_frame", "_lock", "_names", "_schema", "_starts", "name")

    def __init__(self, name: str, file: pa.Buffer, schema: pa.Schema) -> None:
        self.name = name
        self._file: pa.Buffer | None = file
        self._schema = schema
        self._names: tuple[str, ...] = tuple(schema.names)
        self._frame: pd.DataFrame | None = None
        self._columns: dict[str, pd.Series] = {}
        self._starts: np.ndarray | None = None  # each batch's first row, then the row count
        self._lock = threading.Lock()

    def frame(self) -> pd.DataFrame:
        """The whole table (decoded on the first call, then kept; the file let go)."""
        with _decoding(self):
            if self._frame is None:
                table = self._read(None).read_all()
                self._frame = table.to_pandas(self_destruct=True, split_blocks=True)
                self._file, self._columns = None, {}
            return self._frame

    def columns(self, names: Sequence[str]) -> pd.DataFrame:
        """The columns *names* only (those not yet decoded are, and are kept)."""
        unknown = [name for name in names if name not in self._names]
        if unknown:
            raise KeyError(f"no columns {unknown}")
        with _decoding(self):
            if self._frame is not None:
                return self._frame.loc[:, list(names)]
            missing = [name for name in names if name not in self._columns]
            if missing:
                table = self._read(missing).read_all()
                self._columns.update(table.to_pandas(split_blocks=True).items())
            return pd.DataFrame({name: self._columns[name] for name in names}, copy=False)

    def rows(self, mask: np.ndarray) -> pd.DataFrame:
        """The rows where *mask* (booleans, one per row) is true, every column: only the
        record batches that hold them are decoded."""
        if len(mask) != len(self):
            raise ValueError(f"a mask of {len(mask)} rows for a table of {len(self)}")
        positions = np.flatnonzero(mask)
        with _decoding(self):
            if self._frame is not None:
                return self._frame.iloc[positions]
            import pyarrow as pa

            starts = self._batch_starts()
            batch_of = np.searchsorted(starts, positions, side="right") - 1
            reader, taken = self._read(None), []
            for batch in np.unique(batch_of):
                local = positions[batch_of == batch] - starts[batch]
                taken.append(reader.get_batch(int(batch)).take(pa.array(local)))
            table = pa.Table.from_batches(taken, schema=self._schema)
        frame: pd.DataFrame = table.to_pandas(self_destruct=True, split_blocks=True)
        frame.index = pd.Index(positions)
        return frame

    def __reduce__(self) -> tuple[object, tuple[pd.DataFrame]]:
        """Pickled as the frame it decodes to: a catalogue read from the cache crosses a
        process boundary as one validated from its files does."""
        return (_as_frame, (self.frame(),))

    def __len__(self) -> int:
        """The number of rows (read from the batches' lengths where not decoded whole)."""
        with _decoding(self):
            if self._frame is not None:
                return len(self._frame)
            return int(self._batch_starts()[-1])

    def _batch_starts(self) -> np.ndarray:
        """Each batch's first row and, last, the number of rows (read once from the
        narrowest column)."""
        if self._starts is None:
            import pyarrow as pa

            fields = list(self._schema)
            narrow = next((f.name for f in fields if pa.types.is_boolean(f.type)), fields[0].name)
            reader = self._read([narrow])
            lengths = [reader.get_batch(i).num_rows for i in range(reader.num_record_batches)]
            self._starts = np.concatenate([[0], np.cumsum(lengths, dtype="int64")])
        return self._starts

    def _read(self, names: list[str] | None) -> pa.ipc.RecordBatchFileReader:
        """A reader of the file, or of its columns *names* only (their buffers alone are
        decompressed); the table's own schema (its pandas dtypes) kept for a subset."""
        import pyarrow as pa

        file = self._file
        if file is None:  # decoded whole meanwhile: the frame answers every call
            raise RuntimeError("the file was let go after the table was decoded")
        fields = None if names is None else [self._names.index(n) for n in names]
        return pa.ipc.open_file(file, options=pa.ipc.IpcReadOptions(included_fields=fields))


def _as_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame


@contextmanager
def _decoding(table: EncodedTable) -> Iterator[None]:
    """Hold the table's lock; a file that does not decode raises ``CacheError`` naming it
    (its entry passed the digest: written whole, but not as this library writes)."""
    import pyarrow as pa

    with table._lock:
        try:
            yield
        except (pa.ArrowException, OSError, IndexError) as exc:
            raise CacheError(table.name, str(exc)) from None
