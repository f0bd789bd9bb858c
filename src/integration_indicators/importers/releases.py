"""Releases of official series imported on top of one another, held as ALFRED holds them.

An import whose rows carry a release date (``as_of``, the vintage: ``import wdi --vintage``)
into a name that already holds an earlier release of the same series adds the new release
to the history instead of replacing it. Each observation keeps one row per value it has had:

- a value the new release repeats stays as it is (one row, first published in an earlier
  release: storage grows only with what changes);
- a value the new release revises, or a period of an economy the release covers that it no
  longer lists, gets ``valid_until`` (the new release's date) and the id ``ID-vDATE`` of
  the release it appeared in; the new value takes the plain id;
- a period the release adds is added.

Each release has its own source entry: the latest ``wb-wdi-CODE``, earlier ones
``wb-wdi-CODE-vDATE``, so every row names the copy it was read from. Releases are imported
oldest first; the same release again changes nothing.
"""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import pandas as pd

from integration_indicators.errors import OutputError, Problem, ValidationError
from integration_indicators.importers.imports import ImportResult, SourceRecord

#: Columns that identify an observation across releases.
KEY = ["indicator", "geo", "counterpart", "period"]

#: Columns whose text must be the same for a release to repeat a value.
_VALUE = ["value", "lower", "upper", "unit"]

#: A date in a path: the release a folder of releases holds (``.../2018-08-01/CODE``).
_DATE_PART = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


def release_in_path(path: str | Path) -> str:
    """The last folder of *path* named as an ISO date ("" where none is).

    >>> release_in_path("official/world-bank-wdi-vintages/2018-08-01/ny.gdp.mktp.cd")
    '2018-08-01'
    >>> release_in_path("official/world-bank-wdi/ny.gdp.mktp.cd")
    ''
    """
    import re

    found = [part for part in Path(path).parts if re.fullmatch(_DATE_PART, part)]
    return found[-1] if found else ""


def _release_of(result: ImportResult) -> str:
    dates = result.observations["as_of"].astype("str").unique()  # not a set of every cell
    return str(dates[0]) if len(dates) == 1 else ""


def held_imports(directory: str | Path, name: str) -> list[ImportResult]:
    """What an earlier import of *name* wrote in *directory*, one result per source entry
    (empty where it wrote nothing). Read within the limits; ``ValidationError`` where the
    files do not read."""
    from integration_indicators.catalogue.loader import (
        model_columns,
        read_source_table,
        with_optional_columns,
    )
    from integration_indicators.io.readers import read_csv_table

    folder = Path(directory)
    observations, sources = folder / f"observations-{name}.csv", folder / f"sources-{name}.yaml"
    if not observations.is_file() or not sources.is_file():
        return []
    rows = with_optional_columns(
        read_csv_table(observations, observations.name, model_columns("ObservationFile"))
    )
    entries = read_source_table(sources)
    problems = [*rows.problems, *entries.problems]
    if problems:
        raise ValidationError(list(problems), str(folder))
    names = {f.name for f in fields(SourceRecord)}
    held = []
    by_source = dict(iter(rows.frame.groupby("source", sort=False)))
    for record in entries.frame.to_dict("records"):
        text = {k: str(v) for k, v in record.items() if k in names}
        lists = {k: tuple(x for x in text[k].split("; ") if x) for k in ("authors", "inferred")}
        source = SourceRecord(**{**text, **lists})  # type: ignore[arg-type]
        mine = by_source.get(source.id, rows.frame.iloc[:0])
        held.append(ImportResult(mine.reset_index(drop=True), source))
    return held


def _problem(message: str) -> OutputError:
    return OutputError("import", "release-order", message)


def _renamed(frame: pd.DataFrame, replaced: np.ndarray, until: str) -> pd.DataFrame:
    """*frame* with the rows of *replaced* closed at *until* under ``ID-vDATE`` ids."""
    if not replaced.any():
        return frame
    frame = frame.copy()
    ids, starts = frame["id"].astype("str"), frame["as_of"].astype("str")
    frame.loc[replaced, "id"] = (ids + "-v" + starts)[replaced]
    frame.loc[replaced, "valid_until"] = until
    return frame


def _merge_series(held: list[ImportResult], new: ImportResult) -> list[ImportResult]:
    """The held results of one series with the release *new* on top (see the module)."""
    release = _release_of(new)
    rows = pd.concat([h.observations for h in held], ignore_index=True)
    open_rows = (rows["valid_until"].astype("str") == "").to_numpy()
    published = [h.source.date_published for h in held if h.source.id == new.source.id]
    latest = max([*rows["as_of"].astype("str"), *published])
    code = new.source.code
    if release < latest:
        raise _problem(
            f"the release of {release} of {code} is older than the one held "
            f"({latest}): import releases oldest first"
        )
    incoming = new.observations
    both = (
        rows[open_rows]
        .reset_index()
        .merge(
            incoming.loc[:, [*KEY, *_VALUE]],
            on=KEY,
            how="outer",
            suffixes=("", "_new"),
            indicator=True,
        )
    )
    paired = (both["_merge"] == "both").to_numpy()
    same = paired.copy()
    for column in _VALUE:
        same &= (both[column].astype("str") == both[f"{column}_new"].astype("str")).to_numpy()
    covered = both["geo"].isin(set(incoming["geo"])).to_numpy()
    left_only = (both["_merge"] == "left_only").to_numpy()
    if release == latest:
        if (paired & ~same).any() or (both["_merge"] == "right_only").any():
            raise _problem(
                f"the release of {release} of {code} is held already with other "
                "values: import a later release, or another --name"
            )
        return held
    closing = np.zeros(len(rows), dtype=bool)
    closing[both.loc[(paired & ~same) | (left_only & covered), "index"].to_numpy(dtype=int)] = True
    rows = _renamed(rows, closing, release)
    added = incoming.merge(both.loc[~same & ~left_only, KEY], on=KEY, how="inner")
    previous = f"{new.source.id}-v{latest}"
    results = []
    for result in held:  # the held latest entry takes the id of its release
        moved = result.source.id == new.source.id
        source = replace(result.source, id=previous) if moved else result.source
        mine = rows[(rows["source"] == result.source.id).to_numpy()]
        results.append(ImportResult(mine.assign(source=source.id) if moved else mine, source))
    # the new entry stays even where the release changed nothing: it records the release
    return [*results, replace(new, observations=added.reset_index(drop=True))]


def merge_releases(held: list[ImportResult], new: list[ImportResult]) -> list[ImportResult]:
    """*new* imported on top of *held*: a series both hold, where every new row carries its
    release date, keeps its history (see the module), as do several releases of one series
    in *new*; the held series *new* does not import are kept. Where the held rows or the new
    ones carry no release dates, *new* replaces what the name held (the import as it always
    was)."""
    dated = all(_release_of(r) for r in new)
    results = list(held) if keeps_history(held, new) else []
    for result in sorted(new, key=_release_of) if dated else new:
        series = (result.source.dataset, result.source.code or result.source.id)
        mine = [r for r in results if (r.source.dataset, r.source.code or r.source.id) == series]
        if not mine or not dated:
            results.append(result)
            continue
        others = [r for r in results if all(r is not m for m in mine)]
        results = [*others, *_merge_series(mine, result)]
    return results


def keeps_history(held: list[ImportResult], new: list[ImportResult]) -> bool:
    """Whether *new* goes on top of *held* (both carry release dates) rather than replacing."""
    undated = any((r.observations["as_of"].astype("str") == "").any() for r in held)
    return bool(held) and not undated and all(_release_of(r) for r in new)


def release_problems(results: list[ImportResult]) -> list[Problem]:
    """One problem per series imported twice from the same release in one command."""
    seen: dict[tuple[str, str], int] = {}
    for result in results:
        key = (result.source.id, _release_of(result))
        seen[key] = seen.get(key, 0) + 1
    return [
        Problem(
            "import",
            None,
            None,
            source,
            "release-repeated",
            f"the release of {release or 'no date'} is given {count} times",
        )
        for (source, release), count in seen.items()
        if count > 1
    ]
