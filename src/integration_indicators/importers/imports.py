"""What the importers of official statistics share: their result and how it becomes data.

An importer turns a published file into rows of the catalogue's observation format (text,
exactly as published) and one source record, so that imported data pass the same schemas and
checks as the catalogue's own files.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import yaml

if TYPE_CHECKING:
    from pandera.pandas import DataFrameModel

from integration_indicators.catalogue import Catalogue
from integration_indicators.errors import OutputError, ValidationError
from integration_indicators.io.outputs import write_files_together
from integration_indicators.io.readers import RawTable, column_problems, read_csv_table


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a copy of a published dataset came from (not readable from the files)."""

    #: Repository holding the copy, ``owner/name``.
    repository: str = ""
    #: Commit of that repository.
    commit: str = ""
    #: Path of the file in that repository.
    path: str = ""
    #: Date the copy was published or updated, ISO 8601; becomes the observations' as_of.
    as_of: str = ""


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """One entry of a sources file, with the fields of ``sources.yaml``."""

    id: str
    title: str
    producer: str
    kind: str = "official_statistics"
    authors: tuple[str, ...] = ()
    date_published: str = ""
    date_accessed: str = ""
    url_main: str = ""
    license: str = ""
    document: str = ""
    inferred: tuple[str, ...] = ()
    note: str = ""
    dataset: str = ""
    code: str = ""
    attribution: str = ""
    #: The currency the source reports in, where not the US dollar (ISO 4217).
    currency: str = ""
    repository: str = ""
    commit: str = ""
    path: str = ""

    def to_text(self) -> dict[str, str]:
        """The record as one row of a sources table of text."""
        row = asdict(self)
        row["authors"] = "; ".join(self.authors)
        row["inferred"] = "; ".join(self.inferred)
        return row

    def to_yaml(self) -> str:
        """The record as an entry of a sources YAML file."""
        entry = asdict(self)
        entry["authors"] = list(self.authors)
        entry["inferred"] = list(self.inferred)
        return yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=100)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Observations read from an official file, with their source record."""

    #: Rows in the columns of ``observations*.csv``, every cell as published text.
    observations: pd.DataFrame
    #: The source entry the rows refer to.
    source: SourceRecord
    #: Codes or names in the file that are not economies (aggregates), left out.
    dropped: tuple[str, ...] = field(default=())
    #: Where the whole file is an aggregate's (a DOTS workbook of the Euro Area): its name.
    aggregate: str = ""
    #: Values the file prints that its indicator cannot hold (a negative flow), left out and
    #: named ("World-Malaysia 1948 exports: -4.8").
    set_apart: tuple[str, ...] = field(default=())
    #: Indicators made for the rows from the file's own metadata (``indicators.yaml``
    #: entries), written beside them as ``indicators-NAME.yaml`` for a person to review.
    indicators: tuple[dict[str, str], ...] = field(default=())

    def to_catalogue(self, indicators: str | Path | None = None) -> Catalogue:
        """Validate the rows with the catalogue's schemas and checks, as a catalogue.

        *indicators* is an ``indicators.yaml`` (default: the bundled one).
        """
        return validate_imports([self], indicators)


def validate_imports(
    results: list[ImportResult], indicators: str | Path | None = None
) -> Catalogue:
    """Validate the rows of several imports at once, as one catalogue (one schema run).

    Raises ``ValidationError`` naming each source's rows.
    """
    from integration_indicators.catalogue.loader import (
        build_catalogue,
        bundled_path,
        model_columns,
        yaml_fields_of,
    )
    from integration_indicators.io.catalogue_files import INDICATORS_FILE
    from integration_indicators.io.yaml_tables import read_yaml_table

    path = Path(indicators) if indicators is not None else bundled_path() / INDICATORS_FILE
    definitions = read_yaml_table(
        path, path.name, model_columns("IndicatorFile"), **yaml_fields_of("IndicatorFile")
    )
    made = [i for r in results for i in r.indicators]
    if made:  # indicators made from the files' metadata join the definitions
        extra = pd.DataFrame(made, dtype="object").reindex(
            columns=definitions.frame.columns, fill_value=""
        )
        definitions = RawTable(
            definitions.file,
            pd.concat([definitions.frame, extra.astype("str")], ignore_index=True),
            (*definitions.rows, *range(1, len(made) + 1)),
        )
    sources = pd.DataFrame([r.source.to_text() for r in results]).astype("str")
    source_table = RawTable("source records", sources, tuple(range(1, len(results) + 1)))
    tables = [
        RawTable(
            f"{r.source.id} observations", r.observations, np.arange(2, len(r.observations) + 2)
        )
        for r in results
    ]
    location = results[0].source.id if len(results) == 1 else f"{len(results)} imports"
    return build_catalogue(location, [source_table], definitions, tables)


#: Header of a generated sources file.
_SOURCES_HEADER = """\
# sources-{name}.yaml: entries of official statistics, generated by
#   integration-indicators import {command}
# from the files named in each entry (repository, commit, path). Fields as in sources.yaml.
# Regenerate rather than edit: the import writes this file and observations-{name}.csv together.

"""


#: What an import's ``--name`` may be: it becomes part of two file names.
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def check_import_name(name: str) -> None:
    """Raise ``OutputError`` unless *name* is an identifier (letters, digits, - and _).

    Examples
    --------
    >>> check_import_name("../x")
    Traceback (most recent call last):
    integration_indicators.errors.OutputError: '../x': an import name is ... [import-name]
    """
    if NAME_PATTERN.fullmatch(name) is None:
        message = (
            "an import name is 1-64 letters, digits, '-' or '_', starting with a letter or digit"
        )
        raise OutputError(repr(name), "import-name", message)


def sources_already_held(results: list[ImportResult], directory: str | Path, name: str) -> str:
    """One line naming the sources of *results* that the catalogue in *directory* already
    holds under another file ("" when none): importing them again would repeat every row."""
    from integration_indicators.catalogue.loader import catalogue_files, read_source_table
    from integration_indicators.io.catalogue_files import SOURCES_EXTRA, SOURCES_FILE

    folder = Path(directory)
    if not folder.is_dir():
        return ""
    ours = {r.source.id for r in results}
    held: dict[str, str] = {}
    for path in catalogue_files(folder, SOURCES_FILE, SOURCES_EXTRA):
        if path.name == f"sources-{name}.yaml":
            continue  # the import being replaced
        table = read_source_table(path)
        if "id" in table.frame.columns:
            held.update({i: path.name for i in table.frame["id"] if i in ours})
    if not held:
        return ""
    files = sorted(set(held.values()))
    shown = ", ".join(sorted(held)[:3]) + (f" and {len(held) - 3} more" if len(held) > 3 else "")
    names = [f.removeprefix("sources-").removesuffix(".yaml") for f in files if f != SOURCES_FILE]
    again = f"; to replace them, import with --name {names[0]}" if names else ""
    return (
        f"{folder} already holds {len(held)} of these {len(ours)} sources ({shown}) in "
        f"{', '.join(files)}: importing them again would repeat their rows{again}; "
        "nothing was written"
    )


def write_catalogue_files(
    results: list[ImportResult], directory: str | Path, name: str, command: str
) -> tuple[Path, Path]:
    """Write imports as ``observations-NAME.csv`` and ``sources-NAME.yaml`` of a catalogue.

    Both files are written as one unit (both or neither, even if the process is killed).
    Existing files of that name are replaced only if an earlier import wrote them (the
    sources file starts with the import's header). Returns their paths.
    """
    check_import_name(name)
    folder = Path(directory)
    observations = folder / f"observations-{name}.csv"
    sources = folder / f"sources-{name}.yaml"
    check_replaceable(observations, sources, name)
    made = [i for r in results for i in r.indicators]
    definitions = folder / f"indicators-{name}.yaml"
    if definitions.exists() and not _written_by_import(definitions, _INDICATORS_HEADER):
        raise OutputError(
            definitions,
            "not-owned-output",
            "exists and was not written by an import of this library; choose another --name",
        )
    from integration_indicators.io.csv_writing import text_csv

    frame = pd.concat([r.observations for r in results], ignore_index=True)
    entries = "\n".join(r.source.to_yaml() for r in results)
    header = _SOURCES_HEADER.format(name=name, command=command)
    files = {observations: text_csv(frame), sources: (header + entries).encode()}
    if made:
        listed = yaml.safe_dump(made, sort_keys=False, allow_unicode=True, width=100)
        files[definitions] = (
            _INDICATORS_HEADER.format(name=name, command=command) + listed
        ).encode()
    write_files_together(files)
    return observations, sources


#: Header of a generated indicators file.
_INDICATORS_HEADER = """\
# indicators-{name}.yaml: indicators made from the files' own metadata by
#   integration-indicators import {command}
# for the series no indicator of the catalogue maps. Review each (unit, measure, category)
# before citing its figures. Fields as in indicators.yaml.
"""


def _written_by_import(path: Path, header: str) -> bool:
    """Whether *path* starts with the two first lines of an import's *header*."""
    from integration_indicators.io.safe_read import read_bytes

    data = read_bytes(path, path.name, 1024 * 1024)
    mark = (
        header.split("\n", maxsplit=1)[0].split(": ", 1)[1].encode()
    )  # "indicators made from ..."
    return isinstance(data, bytes) and mark in data[:300]


def check_replaceable(observations: Path, sources: Path, name: str) -> None:
    """Raise ``OutputError`` where the files exist and no import wrote them."""
    from integration_indicators.io.safe_read import read_bytes

    if not observations.exists() and not sources.exists():
        return
    data = read_bytes(sources, sources.name, 1024 * 1024 * 1024)
    mark = _SOURCES_HEADER.format(name=name, command="").split("\n")[:2]
    ours = isinstance(data, bytes) and data.startswith("\n".join(mark).encode())
    if not ours:
        raise OutputError(
            observations if observations.exists() else sources,
            "not-owned-output",
            "exists and was not written by an import of this library; choose another --name",
        )


def observation_frame(columns: dict[str, pd.Series | str]) -> pd.DataFrame:
    """Rows of an observation file from columns (a text applies to every row)."""
    length = max(len(v) for v in columns.values() if isinstance(v, pd.Series))
    from integration_indicators.validation.tables import file_columns

    text = pd.StringDtype(na_value=np.nan)  # the "str" dtype
    data: dict[str, object] = {}
    for name in file_columns():
        column = columns.get(name, "")
        if not isinstance(column, pd.Series):
            data[name] = _repeated(column, length, text)
        elif column.dtype == text:
            data[name] = column.array  # text already: no copy
        else:
            data[name] = pd.Series(column.to_numpy()).astype(text).array
    return pd.DataFrame(data, index=pd.RangeIndex(length), copy=False)


def _repeated(value: str, length: int, dtype: pd.StringDtype) -> object:
    """*value* *length* times as a text array, its bytes laid out at once (no cell made)."""
    import pyarrow as pa

    raw = value.encode()
    offsets = np.arange(length + 1, dtype=np.int64) * len(raw)
    buffers = [None, pa.py_buffer(offsets), pa.py_buffer(raw * length)]
    return pd.array(pa.Array.from_buffers(pa.large_string(), length, buffers), dtype=dtype)


def read_checked_csv(
    path: Path, columns: tuple[str, ...], model: type[DataFrameModel], location: str
) -> pd.DataFrame:
    """A published CSV as a table of text, after its reading, column and schema checks.

    Raises ``ValidationError`` naming *location* with every problem found.
    """
    from integration_indicators.validation.schemas import schema_problems

    table = read_csv_table(path, path.name, columns)
    problems = list(table.problems) or column_problems(path.name, table.frame.columns, columns)
    problems = problems or schema_problems(model, table)
    if problems:
        raise ValidationError(problems, location)
    return table.frame
