"""The files of a catalogue that a load does not need, read and checked all the same:
``catalogue.yaml`` (title and description), ``headline.yaml`` (the headline metrics), a
``groups.yaml`` of its own and ``group-statements.csv`` (officials' figures of a group),
with the bounds of every read and their problems positioned, so that ``validate`` never
calls a catalogue OK about a file it has not read."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from integration_indicators.catalogue import Catalogue
from integration_indicators.errors import Problem, Report, ValidationError


def check_described_files(catalogue: Catalogue) -> None:
    """Read and check ``catalogue.yaml``, ``headline.yaml``, ``groups.yaml`` and
    ``group-statements.csv`` of *catalogue* where present; ``ValidationError`` with every
    problem of all of them."""
    from integration_indicators.analysis.group_statements import catalogue_group_statements
    from integration_indicators.analysis.groups import GROUPS_FILE, read_groups
    from integration_indicators.analysis.headline import declared_metrics
    from integration_indicators.io.catalogue_meta import catalogue_meta

    problems: list[Problem] = []
    where = Path(catalogue.location)
    checks: list[Callable[[], object]] = [
        lambda: catalogue_meta(catalogue.location),
        lambda: declared_metrics(catalogue),
    ]
    if catalogue.location and (where / GROUPS_FILE).exists():
        checks.append(lambda: read_groups(where / GROUPS_FILE))
    checks.append(lambda: catalogue_group_statements(catalogue.location, catalogue.sources))
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            problems += exc.problems
    if problems:
        raise ValidationError(problems, catalogue.location)


def validate(path: str | os.PathLike[str] | None = None) -> Report:
    """Validate a catalogue, every file of it, and return what was found as data, without
    raising for it: the problems ``load`` raises and those of the files it does not need
    (:func:`check_described_files`). The cache is not used.

    Examples
    --------
    >>> import integration_indicators as ii
    >>> ii.validate().valid
    True
    """
    from integration_indicators.catalogue.loader import bundled_path, load

    location = str(bundled_path() if path is None else path)
    try:
        check_described_files(load(path, cache=False))
    except ValidationError as exc:
        return exc.to_report()
    return Report(location)
