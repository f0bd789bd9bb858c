"""Exporting a catalogue as a Frictionless data package that loads back identically.

The package is a catalogue directory (``sources.yaml``, ``indicators.yaml``,
``observations.csv`` with every observation as written, and the catalogue's
``crosschecks.yaml`` and ``releases.yaml``, so that its verdicts travel with it) plus
``datapackage.json``, which
describes each file as a resource, the CSV with its Table Schema, and lists the catalogue's
licences. ``integration_indicators.load`` reads the directory back: the same observations,
sources and definitions, every digit and character.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pandas as pd
import yaml

from integration_indicators.catalogue import Catalogue
from integration_indicators.io.outputs import catalogue_paths, replace_directory


def observation_file(catalogue: Catalogue) -> pd.DataFrame:
    """The catalogue's observations in the columns and text of ``observations.csv``."""
    import numpy as np

    from integration_indicators.validation.tables import (
        Observation,
        bool_columns,
        file_column_of,
        file_columns,
    )

    table = pd.concat([catalogue.observations(), catalogue.superseded()], ignore_index=True)
    for flag in bool_columns(Observation):  # a file writes "true" or leaves the cell empty
        table[flag] = np.where(table[flag].fillna(False).to_numpy(dtype=bool), "true", "")
    written = {file: typed for typed, file in file_column_of(Observation).items()}
    columns = {name: table[written.get(name, name)] for name in file_columns()}
    return pd.DataFrame(columns).fillna("").astype("str")


def _yaml_entries(frame: pd.DataFrame, lists: tuple[str, ...]) -> str:
    entries = []
    for record in frame.fillna("").astype("str").to_dict("records"):
        entry: dict[str, object] = {str(k): v for k, v in record.items()}
        for name in lists:
            if name in entry:
                text = str(entry[name])
                entry[name] = text.split("; ") if text else []
        entries.append(entry)
    return yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=100)


def _rule_entries(frame: pd.DataFrame) -> str:
    """crosschecks.yaml: list fields as lists, optional fields left out where empty."""
    from integration_indicators.validation.tables import Rule, list_fields, optional_fields

    entries = []
    for record in frame.fillna("").astype("str").to_dict("records"):
        entry: dict[str, object] = {}
        for key, text in record.items():
            if key in list_fields(Rule):
                if text:
                    entry[str(key)] = text.split("; ")
            elif text or key not in optional_fields(Rule):
                entry[str(key)] = text
        entries.append(entry)
    return yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=100)


def _descriptor(catalogue: Catalogue) -> dict[str, object]:
    """The package's descriptor. A licence is the package's only where every source declares
    the same one; otherwise each source's own is in sources.yaml (``license``) and the
    descriptor says so, never asserting one the catalogue did not declare for all."""
    from integration_indicators.io.catalogue_meta import catalogue_meta
    from integration_indicators.validation.tables import Observation, file_columns, float_columns

    declared = [str(x) for x in catalogue.sources["license"]]
    shared = sorted(set(declared)) if declared and all(declared) else []
    # the columns the catalogue reads as floats are plain decimals as written (Table Schema
    # ``number``); the others are text: periods are ISO 8601 intervals and dates of any
    # precision, which Table Schema's ``date`` cannot hold
    numbers = float_columns(Observation)
    fields = [
        {"name": name, "type": "number" if name in numbers else "string"} for name in file_columns()
    ]
    meta = catalogue_meta(catalogue.location)  # catalogue.yaml's, else named by its folder
    licensing = (
        {"licenses": [{"name": name} for name in shared], "description": meta.description}
        if len(shared) == 1
        else {
            "description": f"{meta.description} Each source's licence is its `license` "
            "field in sources.yaml (empty where the source declares none); the package as "
            "a whole has no one licence."
        }
    )
    return {
        "name": "integration-indicators-catalogue",
        "title": meta.title,
        **licensing,
        "resources": [
            {
                "name": "sources",
                "path": "sources.yaml",
                "format": "yaml",
                "mediatype": "application/yaml",
            },
            {
                "name": "indicators",
                "path": "indicators.yaml",
                "format": "yaml",
                "mediatype": "application/yaml",
            },
            {
                "name": "observations",
                "path": "observations.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": ["id"], "missingValues": [""]},
            },
            *(
                [
                    {
                        "name": "crosschecks",
                        "path": "crosschecks.yaml",
                        "format": "yaml",
                        "mediatype": "application/yaml",
                    }
                ]
                if len(catalogue.rules)
                else []
            ),
            *(
                [
                    {
                        "name": "releases",
                        "path": "releases.yaml",
                        "format": "yaml",
                        "mediatype": "application/yaml",
                    }
                ]
                if len(catalogue.releases)
                else []
            ),
        ],
    }


def _described(catalogue: Catalogue) -> dict[str, bytes]:
    """The catalogue's own catalogue.yaml and headline.yaml as they are (checked first, read
    within the limits), for the package to carry."""
    from integration_indicators.analysis.headline import declared_metrics
    from integration_indicators.errors import Problem, ValidationError
    from integration_indicators.io.catalogue_files import HEADLINE_FILE, METADATA_FILE
    from integration_indicators.io.catalogue_meta import catalogue_meta
    from integration_indicators.io.limits import LIMITS
    from integration_indicators.io.safe_read import read_bytes

    if not catalogue.location:
        return {}
    catalogue_meta(catalogue.location)  # ValidationError where they break a rule
    declared_metrics(catalogue)
    found: dict[str, bytes] = {}
    for name in (METADATA_FILE, HEADLINE_FILE):
        path = Path(catalogue.location) / name
        if path.exists():
            data = read_bytes(path, name, LIMITS.max_yaml_bytes)
            if isinstance(data, Problem):
                raise ValidationError([data], catalogue.location)
            found[name] = data
    return found


def export_datapackage(
    catalogue: Catalogue, directory: str | os.PathLike[str], protect: tuple[Path, ...] = ()
) -> Path:
    """Write *catalogue* as a data package in *directory*, all or nothing.

    *directory* must be new, empty or an earlier data package of the library (see
    ``outputs.replace_directory``); the catalogue's own directory and *protect* are never
    replaced. The package is built beside it and swapped in. Returns the path.
    """

    from integration_indicators.validation.tables import Indicator, Source, list_fields

    def build(staging: Path) -> None:
        buffer = io.StringIO()
        observation_file(catalogue).to_csv(buffer, index=False, lineterminator="\n")
        (staging / "observations.csv").write_text(buffer.getvalue(), encoding="utf-8")
        (staging / "sources.yaml").write_text(
            _yaml_entries(catalogue.sources, list_fields(Source)), encoding="utf-8"
        )
        (staging / "indicators.yaml").write_text(
            _yaml_entries(catalogue.indicators, list_fields(Indicator)), encoding="utf-8"
        )
        if len(catalogue.rules):  # the verdicts travel with the data
            (staging / "crosschecks.yaml").write_text(
                _rule_entries(catalogue.rules), encoding="utf-8"
            )
        if len(catalogue.releases):
            (staging / "releases.yaml").write_text(
                _yaml_entries(catalogue.releases, ()), encoding="utf-8"
            )
        for name, data in _described(catalogue).items():  # its title and headline metrics
            (staging / name).write_bytes(data)
        descriptor = json.dumps(_descriptor(catalogue), indent=2, ensure_ascii=False)
        (staging / "datapackage.json").write_text(descriptor + "\n", encoding="utf-8")

    return replace_directory(
        directory, "datapackage", build, protect=(*protect, *catalogue_paths(catalogue))
    )
