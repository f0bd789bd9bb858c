"""Loading a catalogue directory: read, validate everything, normalise units, or report."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypedDict, TypeVar

import pandas as pd

from integration_indicators.catalogue import Catalogue
from integration_indicators.errors import Problem, ValidationError
from integration_indicators.io.catalogue_files import (
    INDICATORS_EXTRA,
    INDICATORS_FILE,
    OBSERVATIONS_EXTRA,
    OBSERVATIONS_FILE,
    RELEASES_FILE,
    RULES_FILE,
    SOURCES_EXTRA,
    SOURCES_FILE,
)
from integration_indicators.io.limits import LIMITS
from integration_indicators.io.readers import (
    RawTable,
    column_problems,
    concat_tables,
    read_csv_table,
)

if TYPE_CHECKING:
    from pandera.pandas import DataFrameModel

    from integration_indicators.io.safe_read import FileDigest

_Read = TypeVar("_Read")


def bundled_path() -> Path:
    """Directory of the catalogue shipped with the package.

    An installed package carries it as package data; a source checkout (editable install)
    falls back to the repository's ``datasets/``.
    """
    installed = Path(str(resources.files("integration_indicators").joinpath("datasets")))
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[3] / "datasets"


def model_columns(model_name: str) -> tuple[str, ...]:
    from integration_indicators.validation import schemas, tables

    return tables.columns(getattr(schemas, model_name))


class YamlFields(TypedDict):
    """The keywords of ``read_yaml_table`` a file's model decides."""

    list_fields: tuple[str, ...]
    optional_fields: tuple[str, ...]


def yaml_fields_of(model_name: str) -> YamlFields:
    """The list and optional fields of a YAML file's model, as ``read_yaml_table`` takes them."""
    from integration_indicators.validation import schemas, tables

    model = getattr(schemas, model_name)
    return {
        "list_fields": tables.list_fields(model),
        "optional_fields": tables.optional_fields(model),
    }


def catalogue_files(directory: Path, first: str, extra: str) -> list[Path]:
    """*first* and, sorted, the files of *directory* matching the pattern *extra*."""
    return [directory / first, *sorted(directory.glob(extra))]


def _limit(path: Path) -> int:
    return LIMITS.max_yaml_bytes if path.suffix == ".yaml" else LIMITS.max_csv_bytes


def _read_within_limits(
    directory: Path,
    reading: Callable[[Path, str, int, Path], _Read | Problem],
    size: Callable[[_Read], int],
) -> dict[Path, _Read | Problem]:
    """What *reading* gives of each catalogue file of *directory* (*size*: its bytes), once.

    Only regular files inside *directory* are read (a symlink out of it is refused), each
    within its size limit and the catalogue's total; more files than the limit are refused
    before any is read.
    """
    files = [
        *catalogue_files(directory, SOURCES_FILE, SOURCES_EXTRA),
        *catalogue_files(directory, INDICATORS_FILE, INDICATORS_EXTRA),
        *catalogue_files(directory, OBSERVATIONS_FILE, OBSERVATIONS_EXTRA),
        *(directory / name for name in (RULES_FILE, RELEASES_FILE) if (directory / name).exists()),
    ]
    if len(files) > LIMITS.max_catalogue_files:
        message = f"{len(files)} catalogue files: the limit is {LIMITS.max_catalogue_files}"
        problem = Problem(str(directory), None, None, len(files), "catalogue-limit", message)
        raise ValidationError([problem], str(directory))
    data: dict[Path, _Read | Problem] = {}
    left = LIMITS.max_catalogue_bytes
    for path in files:  # each read within its own limit and what the catalogue has left
        found = reading(path, path.name, min(_limit(path), left), directory)
        if isinstance(found, Problem) and found.rule == "file-too-large" and left < _limit(path):
            message = (
                f"the catalogue's files pass {LIMITS.max_catalogue_bytes} bytes together "
                "with this one"
            )
            found = Problem(path.name, None, None, None, "catalogue-limit", message)
        data[path] = found
        left -= 0 if isinstance(found, Problem) else size(found)
    return data


def read_files(directory: Path) -> dict[Path, bytes | Problem]:
    """Each catalogue file of *directory* and its bytes (or why they cannot be read), once,
    within the limits (see ``_read_within_limits``)."""
    from integration_indicators.io.safe_read import read_bytes

    return _read_within_limits(directory, read_bytes, len)


def digest_files(directory: Path) -> dict[Path, FileDigest | Problem]:
    """Each catalogue file of *directory* and its digest (or why it cannot be read), within
    the limits ``read_files`` keeps: the cache key of a load, without the files' bytes."""
    from integration_indicators.io.safe_read import digest_file

    return _read_within_limits(directory, digest_file, lambda digest: digest.size)


def file_digests(data: Mapping[Path, bytes | Problem]) -> dict[Path, FileDigest | Problem]:
    """The digests of files already read (the key of the bytes a load validates)."""
    from integration_indicators.io.safe_read import FileDigest

    return {p: FileDigest.of(d) if isinstance(d, bytes) else d for p, d in data.items()}


def read_rule_tables(
    directory: Path, data: dict[Path, bytes | Problem]
) -> tuple[RawTable | None, RawTable | None]:
    """The optional crosschecks.yaml and releases.yaml of *directory* (None where absent)."""
    from integration_indicators.io.yaml_tables import read_yaml_table

    rules_path, releases_path = directory / RULES_FILE, directory / RELEASES_FILE
    rules = (
        read_yaml_table(
            rules_path,
            RULES_FILE,
            model_columns("CrosscheckFile"),
            **yaml_fields_of("CrosscheckFile"),
            data=data[rules_path],
        )
        if rules_path in data
        else None
    )
    releases = (
        read_yaml_table(
            releases_path, RELEASES_FILE, model_columns("ReleaseFile"), data=data[releases_path]
        )
        if releases_path in data
        else None
    )
    return rules, releases


#: How often a load reads a catalogue that a writer is replacing before it gives up.
READ_ATTEMPTS = 200


def _consistent_files(
    directory: Path, location: str, reading: Callable[[Path], dict[Path, _Read | Problem]]
) -> dict[Path, _Read | Problem]:
    """What *reading* gives of the catalogue's files (their bytes, or their digests) as one
    consistent state: the old files while a
    writer has renamed none of its files, the new ones once it has renamed all; a read
    during the renames is read again. Only a catalogue a killed writer left half replaced
    is refused, with the command that finishes it."""
    import time

    from integration_indicators.io.outputs import journal_states, snapshot

    for _ in range(READ_ATTEMPTS):
        states = journal_states(directory)
        stuck = [j for j, s in states if s == "interrupted"]
        if stuck:
            message = (
                "an import into this catalogue was killed after it had replaced some of its "
                "files and before the others: its files disagree. Finish it with "
                f"`integration-indicators finish-import {directory}` (nothing was changed)"
            )
            problems = [
                Problem(j.name, None, None, None, "interrupted-import", message) for j in stuck
            ]
            raise ValidationError(problems, location)
        if any(s == "writing" for _, s in states):
            time.sleep(0.02)  # a live writer is between two renames
            continue
        before = snapshot(directory)
        data = reading(directory)
        if snapshot(directory) == before:
            return data
        time.sleep(0.02)
    message = "it was being rewritten on every attempt to read it; try again when imports end"
    raise ValidationError(
        [Problem(location, None, None, None, "catalogue-busy", message)], location
    )


def read_source_table(path: Path, data: bytes | Problem | None = None) -> RawTable:
    """A sources file (``sources.yaml`` or ``sources-NAME.yaml``) as a table of text."""
    from integration_indicators.io.yaml_tables import read_yaml_table

    return read_yaml_table(
        path, path.name, model_columns("SourceFile"), **yaml_fields_of("SourceFile"), data=data
    )


def _read_of_kind(data: dict[Path, bytes | Problem], first: str, extra: str) -> list[Path]:
    """The files of one kind among those ``read_files`` read (in its order: no second glob,
    so the tables are of exactly the bytes the cache key was made of)."""
    from fnmatch import fnmatchcase

    return [path for path in data if path.name == first or fnmatchcase(path.name, extra)]


def _read(
    data: dict[Path, bytes | Problem],
) -> tuple[list[RawTable], list[RawTable], list[RawTable]]:
    from integration_indicators.io.yaml_tables import read_yaml_table

    sources = [
        read_source_table(path, data[path])
        for path in _read_of_kind(data, SOURCES_FILE, SOURCES_EXTRA)
    ]
    indicators = [
        read_yaml_table(
            path,
            path.name,
            model_columns("IndicatorFile"),
            **yaml_fields_of("IndicatorFile"),
            data=data[path],
        )
        for path in _read_of_kind(data, INDICATORS_FILE, INDICATORS_EXTRA)
    ]
    columns = model_columns("ObservationFile")
    observations = [
        with_optional_columns(read_csv_table(path, path.name, columns, data=data[path]))
        for path in _read_of_kind(data, OBSERVATIONS_FILE, OBSERVATIONS_EXTRA)
    ]
    return sources, indicators, observations


def with_optional_columns(table: RawTable) -> RawTable:
    """An observation table with the optional columns its file leaves out, empty (a file
    written before ``valid_until`` existed)."""
    from integration_indicators.validation.schemas import ObservationFile
    from integration_indicators.validation.tables import optional_fields

    frame = table.frame
    if len(frame.columns) == 0:  # a file that could not be read: its problems say why
        return table
    for name in optional_fields(ObservationFile):
        if name not in frame.columns:
            frame[name] = pd.Series("", index=frame.index, dtype="str")
    return table


def _sort_key(problem: Problem) -> tuple[str, int, str]:
    return (problem.file, problem.row or 0, problem.column or "")


def load(path: str | os.PathLike[str] | None = None, *, cache: bool = True) -> Catalogue:
    """Load and validate a catalogue: the bundled one, or a directory in the same layout.

    The directory holds ``sources.yaml``, ``indicators.yaml`` and ``observations.csv``, and
    optionally more ``sources-*.yaml`` and ``observations-*.csv`` of the same fields (see the
    README's data conventions). Every problem in every file is collected and raised at once.

    A catalogue whose files are byte for byte those of an earlier valid load is taken from
    the cache (see ``integration_indicators.catalogue.cache``); ``cache=False`` validates anyway.

    Raises
    ------
    ValidationError
        Listing file, row, column, value and rule of each problem.

    Examples
    --------
    >>> import integration_indicators as ii
    >>> len(ii.load().observations()) > 0
    True
    """
    directory = bundled_path() if path is None else Path(path)
    location = str(directory)
    if not directory.is_dir():
        message = (
            "a catalogue is a directory (sources.yaml, indicators.yaml, observations.csv), "
            "not a file"
            if directory.exists()
            else "no such directory"
        )
        problem = Problem(location, None, None, None, "missing-directory", message)
        raise ValidationError([problem], location)
    from integration_indicators.catalogue import cache as store

    key = None
    if cache:  # the files hashed a chunk at a time: an entry is read without their bytes
        key = store.catalogue_key(_consistent_files(directory, location, digest_files))
        hit = store.read(key)
        if hit is not None:
            return replace(hit, location=location, digest=key)
    data = _consistent_files(directory, location, read_files)
    if cache:  # a miss: the key is of the bytes validated, whatever changed since
        key = store.catalogue_key(file_digests(data))
    from integration_indicators.io.memory import LOAD_BYTES_PER_FILE_BYTE, check_memory

    size = sum(len(d) for d in data.values() if isinstance(d, bytes))
    check_memory(size * LOAD_BYTES_PER_FILE_BYTE, "validating this catalogue", location)
    sources, indicators, observations = _read(data)
    rules, releases = read_rule_tables(directory, data)
    catalogue = build_catalogue(
        location, sources, indicators, observations, rules=rules, releases=releases
    )
    if key is not None:  # the key is of the bytes validated, whatever changed since
        store.write(key, catalogue)
        catalogue = replace(catalogue, digest=key)
    return catalogue


def _joined(
    name: str, tables: list[RawTable], model: type[DataFrameModel]
) -> tuple[RawTable, list[Problem]]:
    """Files of one kind joined into one table, and their reading and column problems.

    Column sets are checked per file; the schema then runs once over the rows of every file
    that has the right columns (pandera's cost is per column and call, not per row).
    """
    expected = tuple(model.to_schema().columns)
    problems: list[Problem] = []
    usable = []
    for table in tables:
        problems += table.problems
        if any(p.row is None or p.rule == "yaml-shape" for p in table.problems):
            continue
        wrong = column_problems(table.file, table.frame.columns, expected)
        problems += wrong
        if not wrong:
            usable.append(table)
    if not usable:
        empty = pd.DataFrame({c: pd.Series([], dtype="str") for c in expected})
        return RawTable(name, empty, ()), problems
    return concat_tables(name, usable), problems


#: Structural problems: the table cannot be read as its kind, so no rule runs on it.
_STRUCTURAL = ("missing-column", "unknown-column", "missing-field", "not-text", "yaml-shape")

#: From this many observations, their rules run beside the schemas (on the other core).
_OVERLAP_ROWS = 200_000


def _raise(problems: list[Problem], location: str) -> NoReturn:
    """Raise the validation's report: the problems listed, and where the running validation
    counted more than it listed (``PROBLEMS_PER_RULE`` per rule and table), every count."""
    from collections import Counter

    from integration_indicators.validation.engine import current

    context = current()
    omitted = context.omitted if context is not None else Counter()
    counts = Counter(p.rule for p in problems) + omitted if sum(omitted.values()) else None
    raise ValidationError(sorted(problems, key=_sort_key), location, counts)


def _readable(problems: list[Problem]) -> bool:
    return not any(p.row is None or p.rule in _STRUCTURAL for p in problems)


def build_catalogue(
    location: str,
    source_tables: list[RawTable],
    indicators: RawTable | list[RawTable],
    observation_tables: list[RawTable],
    *,
    rules: RawTable | None = None,
    releases: RawTable | None = None,
) -> Catalogue:
    """Validate tables of text (as read from a catalogue's files) into a ``Catalogue``.

    Raises ``ValidationError`` with every problem of every table.
    """
    from integration_indicators.validation.engine import sharing

    # the schemas and the rules factorise each column once, within this validation only
    return sharing(
        _build_catalogue,
        location,
        source_tables,
        indicators,
        observation_tables,
        rules=rules,
        releases=releases,
    )


def _build_catalogue(
    location: str,
    source_tables: list[RawTable],
    indicators: RawTable | list[RawTable],
    observation_tables: list[RawTable],
    *,
    rules: RawTable | None,
    releases: RawTable | None,
) -> Catalogue:
    indicator_tables = indicators if isinstance(indicators, list) else [indicators]
    from integration_indicators.validation.checks import (
        check_indicators,
        check_observations,
        check_releases,
        check_rules,
        check_sources,
    )
    from integration_indicators.validation.engine import in_context
    from integration_indicators.validation.schemas import (
        CrosscheckFile,
        IndicatorFile,
        ObservationFile,
        ReleaseFile,
        SourceFile,
        schema_problems,
    )
    from integration_indicators.validation.tables import (
        Indicator,
        Release,
        Rule,
        Source,
        columns,
        typed_observations,
    )

    kinds: list[tuple[str, list[RawTable], type[DataFrameModel]]] = [
        (SOURCES_FILE, source_tables, SourceFile),
        (INDICATORS_FILE, indicator_tables, IndicatorFile),
        (OBSERVATIONS_FILE, observation_tables, ObservationFile),
        (RULES_FILE, [rules] if rules is not None else [], CrosscheckFile),
        (RELEASES_FILE, [releases] if releases is not None else [], ReleaseFile),
    ]
    problems: list[Problem] = []
    joined: list[RawTable] = []
    for name, tables, model in kinds:
        table, found = _joined(name, tables, model)
        problems += found
        joined.append(table)
    sources, indicators, observations, rule_table, release_table = joined
    overlap = _readable(problems) and len(observations.frame) >= _OVERLAP_ROWS
    with ThreadPoolExecutor(1) as pool:
        # A long catalogue's observation rules need only its tables as read: they run on
        # one core while the schemas run on the other, and count only if the tables are
        # readable.
        read = (observations, indicators, sources)
        rows = pool.submit(in_context(check_observations), *read) if overlap else None
        for table, (_, _, model) in zip(joined, kinds, strict=True):
            if len(table.frame) or len(table.rows):
                problems += schema_problems(model, table)
        if not _readable(problems):
            _raise(problems, location)
        problems += check_sources(sources)
        problems += check_indicators(indicators)
        problems += check_rules(rule_table, indicators)
        problems += check_releases(release_table)
        found, parsed = rows.result() if rows is not None else check_observations(*read)
    problems += found
    if problems:
        _raise(problems, location)
    canonical = parsed.numbers.mul(parsed.factors, axis=0)
    typed = typed_observations(observations.frame, parsed.periods, canonical, parsed.canonical)
    texts = (sources, indicators, rule_table, release_table)
    source_frame, indicator_frame, rule_frame, release_frame = (
        table.frame.loc[:, list(columns(model))]  # the columns in the models' order
        for table, model in zip(texts, (Source, Indicator, Rule, Release), strict=True)
    )
    replaced = typed["valid_until"].notna().to_numpy(dtype=bool)
    current, history = typed, typed.iloc[:0]
    if replaced.any():  # figures later releases revised: held apart from the published ones
        current = typed[~replaced].reset_index(drop=True)
        history = typed[replaced].reset_index(drop=True)
    return Catalogue(
        location, source_frame, indicator_frame, current, rule_frame, release_frame, history
    )
