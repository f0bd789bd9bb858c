"""Where a panel lives: a pandas frame, Parquet files, a DuckDB relation or a Spark DataFrame.

Each source is opened as an ibis table with two columns added, ``_file`` and ``_row``, that
say where each row came from: for Parquet, the file (as the engine spells its path; reports
name it as the user gave it, a directory joined with the file's path inside it, through
``ParquetFiles.name_of``) and the row inside that file (the first row is 1);
for a frame, ``panel`` and the row as in a CSV with a header (the first data row is 2), as the
in-memory engine counts. A DuckDB relation or a Spark DataFrame not read from files has no
row order: its rows are located by their values only (``_row`` empty).

Parquet is listed before anything is read: a file or a directory (searched recursively for
``*.parquet``, names starting with ``_`` or ``.`` skipped, as Spark and Hive write them),
regular files only, at most ``MAX_PARQUET_FILES`` files and ``LIMITS.max_columns`` columns.
"""

from __future__ import annotations

import bisect
import os
import stat
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from integration_indicators.errors import Problem, ValidationError
from integration_indicators.io.limits import LIMITS

#: Most Parquet files of one panel.
MAX_PARQUET_FILES = 100_000

#: Engines that check a panel.
ENGINES = ("pandas", "duckdb", "spark")

#: Columns added to locate rows.
FILE, ROW = "_file", "_row"


@dataclass(frozen=True, slots=True)
class ParquetFiles:
    """The Parquet files of a panel, in order, and the name each is reported by."""

    given: str
    paths: tuple[Path, ...]
    names: tuple[str, ...]
    #: Reported name by resolved path, built once (``name_of`` is asked for each first row).
    by_real: dict[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.by_real.update(
            (str(p.resolve()), n) for p, n in zip(self.paths, self.names, strict=True)
        )

    def name_of(self, location: str) -> str:
        """The reported name of a file as an engine spells it (a path or a ``file:`` URI)."""
        parsed = urllib.parse.urlparse(location)
        path = urllib.parse.unquote(parsed.path) if parsed.scheme == "file" else location
        return self.by_real.get(str(Path(path).resolve()), location)


def _refuse(name: str, *, rule: str, message: str) -> ValidationError:
    return ValidationError([Problem(name, None, None, None, rule, message)], name)


def _regular(path: Path, name: str) -> None:
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise _refuse(
            name, rule="unreadable-file", message=exc.strerror or "cannot be read"
        ) from None
    if not stat.S_ISREG(mode):
        raise _refuse(
            name,
            rule="not-regular-file",
            message="is not a regular file (a FIFO, device or socket)",
        )


def parquet_files(path: str | os.PathLike[str]) -> ParquetFiles:
    """The Parquet files of *path* (a file or a directory), checked before any is read."""
    given = os.fspath(path)
    root = Path(given)
    if root.is_dir():
        found: list[Path] = []
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
            for file in sorted(files):
                if file.endswith(".parquet") and not file.startswith(("_", ".")):
                    found.append(Path(folder) / file)
                    if len(found) > MAX_PARQUET_FILES:
                        raise _refuse(
                            given,
                            rule="too-many-files",
                            message=f"holds more than {MAX_PARQUET_FILES} Parquet files",
                        )
        found.sort(key=str)  # the order every engine sorts the file names in
        if not found:
            raise _refuse(given, rule="no-parquet-files", message="holds no *.parquet file")
        for file_path in found:
            _regular(file_path, str(file_path))
        names = tuple(str(Path(given) / p.relative_to(root)) for p in found)
        return ParquetFiles(given, tuple(found), names)
    _regular(root, given)
    return ParquetFiles(given, (root,), (given,))


def check_parquet_schema(files: ParquetFiles) -> list[str]:
    """Column names of the panel's files (footers only), refused beyond ``LIMITS.max_columns``
    or where two files give one column types that do not unify (a column all null in a file
    unifies with any type)."""
    return list(unified_schema(file_schemas(files), files).names)


def file_schemas(files: ParquetFiles) -> list[Any]:
    """The Arrow schema of each file (its footer), refused beyond ``LIMITS.max_columns``."""
    import pyarrow.parquet as pq

    schemas = []
    for path, name in zip(files.paths, files.names, strict=True):
        try:
            schema = pq.read_schema(path)
        except (OSError, ValueError) as exc:
            raise _refuse(
                name, rule="unreadable-parquet", message=f"is not a Parquet file ({exc})"
            ) from None
        if len(schema.names) > LIMITS.max_columns:
            raise _refuse(
                name,
                rule="too-many-columns",
                message=f"has {len(schema.names)} columns; at most {LIMITS.max_columns} are read",
            )
        schemas.append(schema)
    return schemas


def unified_schema(schemas: list[Any], files: ParquetFiles) -> Any:
    """The Arrow schema every file of the panel fits, or the problem why there is none."""
    import pyarrow as pa

    try:
        return pa.unify_schemas(schemas)
    except (pa.ArrowTypeError, pa.ArrowInvalid) as exc:
        said = f"its files give a column different types ({exc})"
        raise _refuse(files.given, rule="parquet-types", message=said) from None


def is_spark_frame(source: object) -> bool:
    """Whether *source* is a Spark DataFrame (classic or Spark Connect), without importing
    pyspark."""
    kind = type(source)
    return kind.__name__ == "DataFrame" and kind.__module__.startswith("pyspark.sql")


def is_duckdb_relation(source: object) -> bool:
    """Whether *source* is a DuckDB relation, without importing duckdb."""
    kind = type(source)
    return kind.__name__ == "DuckDBPyRelation" and kind.__module__.startswith("duckdb")


def default_engine(source: object) -> str:
    """The engine a source is checked on when none is named."""
    if is_spark_frame(source):
        return "spark"
    if is_duckdb_relation(source) or not isinstance(source, pd.DataFrame):
        return "duckdb"
    return "pandas"


def duckdb_connection(
    memory_limit: str | None, spill: str | None, connection: object = None
) -> Any:
    """An ibis DuckDB backend with a memory limit and a spill directory: on *connection* (a
    ``duckdb.DuckDBPyConnection``) where given, else on a new in-memory database."""
    import ibis

    # DuckDB 1.x-2.0 folds ISNAN() and comparisons of a Parquet FLOAT column to false from
    # its statistics, which leave NaN out: a NaN would pass the number rule unseen
    options: dict[str, object] = {
        "preserve_insertion_order": False,
        "disabled_optimizers": "statistics_propagation",
    }
    if memory_limit:
        options["memory_limit"] = memory_limit
    if spill:
        options["temp_directory"] = spill
    if connection is None:
        return ibis.duckdb.connect(**options)
    raw: Any = connection
    for name, value in options.items():
        raw.execute(f"SET {name} = ?", [value])
    return ibis.duckdb.from_connection(raw)


def spark_session() -> Any:
    """The active Spark session, or a local one on every core (a cluster: set
    ``spark.master`` or ``SPARK_REMOTE`` as Spark reads them)."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.appName("integration-indicators")
    if not os.environ.get("SPARK_REMOTE"):
        builder = builder.master(os.environ.get("SPARK_MASTER", "local[*]"))
        builder = builder.config("spark.ui.enabled", "false")
        # one machine: a few shuffle partitions per core, not Spark's 200 of a cluster
        shuffle = str(4 * (os.cpu_count() or 1))
        builder = builder.config("spark.sql.shuffle.partitions", shuffle)
    session = builder.config("spark.ui.showConsoleProgress", "false").getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _located(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame's rows with ``_file`` and ``_row`` as the in-memory engine counts them."""
    located = frame.copy(deep=False)
    located[FILE] = "panel"
    located[ROW] = np.arange(2, len(frame) + 2, dtype=np.int64)
    return located


def open_duckdb(source: object, connection: Any) -> tuple[Any, ParquetFiles | None]:
    """A DuckDB-backed ibis table of *source* with ``_file`` and ``_row``."""
    import ibis

    if isinstance(source, pd.DataFrame):
        import pyarrow as pa

        located = pa.Table.from_pandas(_located(source), preserve_index=False)
        name = f"ii_panel_{id(source)}"
        connection.con.register(name, located)  # DuckDB scans the Arrow table in place
        return connection.table(name), None
    if is_duckdb_relation(source):
        name = f"ii_panel_{id(source)}"
        relation: Any = source
        relation.create_view(name, replace=True)
        from ibis.common.exceptions import TableNotFound

        try:
            table = connection.table(name)
        except TableNotFound:  # its view is in the relation's own connection, not this one
            raise _refuse(
                "relation",
                rule="other-connection",
                message="belongs to another DuckDB connection: pass connection=",
            ) from None
        return table.mutate(**{FILE: ibis.literal("relation"), ROW: ibis.null("int64")}), None
    files = parquet_files(os.fspath(source))  # type: ignore[call-overload]
    check_parquet_schema(files)
    paths = [str(p) for p in files.paths]
    table = connection.read_parquet(paths, filename="ii_file", file_row_number=True)
    table = table.mutate(**{FILE: table.ii_file, ROW: table.file_row_number + 1})
    return table.drop("ii_file", "file_row_number"), files


def _file_scan(frame: Any) -> bool:
    """Whether a Spark DataFrame reads files directly (it then has ``_metadata``)."""
    from pyspark.errors import AnalysisException

    try:
        frame.select("_metadata.row_index")
    except AnalysisException:  # no such column: not a scan of files
        return False
    return True


def open_spark(source: object, session: Any) -> tuple[Any, ParquetFiles | None]:
    """A Spark-backed ibis table of *source* with ``_file`` and ``_row``."""
    import ibis
    from pyspark.sql import functions as sf

    connection = ibis.pyspark.connect(session)
    files = None
    if isinstance(source, pd.DataFrame):
        frame = session.createDataFrame(_located(source))
    elif is_spark_frame(source):
        frame = cast(Any, source)
        if "_metadata" in frame.columns or _file_scan(frame):
            frame = frame.select(
                "*",
                sf.col("_metadata.file_path").alias(FILE),
                (sf.col("_metadata.row_index") + 1).alias(ROW),
            )
        else:  # not a file scan: located by values only
            frame = frame.withColumn(FILE, sf.lit("dataframe"))
            frame = frame.withColumn(ROW, sf.lit(None).cast("long"))
    else:
        files = parquet_files(os.fspath(source))  # type: ignore[call-overload]
        frame = _spark_files(session, files, file_schemas(files))
    name = f"ii_panel_{id(frame)}"
    frame.createOrReplaceTempView(name)
    table = connection.table(name)
    return table, files


def _spark_type(arrow_type: Any) -> str:
    import pyarrow as pa

    if pa.types.is_floating(arrow_type):
        return "double"
    if pa.types.is_integer(arrow_type):
        return "bigint"
    return "string"


def _spark_files(session: Any, files: ParquetFiles, schemas: list[Any]) -> Any:
    """The panel's files in Spark with ``_file`` and ``_row``. Spark refuses a column that
    is all null in one file (Parquet's null type) beside its type in another: such files
    are read one by one and the column cast to the type the others give."""
    import pyarrow as pa
    from pyspark.sql import functions as sf

    schema = unified_schema(schemas, files)

    def located(frame: Any) -> Any:
        return frame.select(
            "*",
            sf.col("_metadata.file_path").alias(FILE),
            (sf.col("_metadata.row_index") + 1).alias(ROW),
        )

    nulls = {
        str(p): [f.name for f in each if pa.types.is_null(f.type)]
        for p, each in zip(files.paths, schemas, strict=True)
    }
    plain = [p for p, columns in nulls.items() if not columns]
    frames = [located(session.read.parquet(*plain))] if plain else []
    for path, columns in nulls.items():
        if columns:
            frame = session.read.parquet(path)
            for column in columns:
                wanted = _spark_type(schema.field(column).type)
                frame = frame.withColumn(column, sf.col(column).cast(wanted))
            frames.append(located(frame))
    union = frames[0]
    for frame in frames[1:]:
        union = union.unionByName(frame, allowMissingColumns=True)
    return union


@dataclass(frozen=True, slots=True)
class FileRows:
    """Rows of Parquet files read into one frame: each position's file and row (first 1)."""

    names: Sequence[str]
    offsets: Sequence[int]

    def file_of(self, position: int) -> str:
        return self.names[bisect.bisect_right(self.offsets, position) - 1]

    def row_of(self, position: int, column: str | None = None) -> int | None:
        return position - self.offsets[bisect.bisect_right(self.offsets, position) - 1] + 1


def read_parquet_frame(
    files: ParquetFiles, columns: Sequence[str]
) -> tuple[pd.DataFrame, FileRows]:
    """The Parquet files as one frame (text as categories), memory checked first."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from integration_indicators.io.memory import PANEL_BYTES_PER_ROW, check_memory

    footers = [pq.ParquetFile(p) for p in files.paths]  # each footer read once
    counts = [footer.metadata.num_rows for footer in footers]
    check_memory(
        sum(counts) * (PANEL_BYTES_PER_ROW + 8 * len(columns)),
        f"reading {sum(counts)} rows",
        files.given,
    )
    tables = []
    for path, footer in zip(files.paths, footers, strict=True):
        present = [c for c in columns if c in footer.schema_arrow.names]
        text = [c for c in present if c != "value"]
        tables.append(pq.read_table(path, columns=present, read_dictionary=text))
    frame = pa.concat_tables(tables, promote_options="permissive").to_pandas()
    offsets = [0]
    for count in counts[:-1]:
        offsets.append(offsets[-1] + count)
    return frame, FileRows(files.names, offsets)
