"""Closed vocabularies of the catalogue: qualifiers, statuses, measures, kinds, categories."""

from __future__ import annotations

from typing import Literal, get_args

Qualifier = Literal["exact", "approximate", "at_most", "at_least", "range", "sign"]
Status = Literal["reported", "estimated", "claimed", "announced", "planned", "official"]
Measure = Literal["flow", "stock", "ratio", "share", "count"]
SourceKind = Literal["news", "analysis", "official_statistics"]
Category = Literal[
    "trade", "finance", "migration", "labour", "population", "macro", "integration", "fx"
]

#: Every qualifier, status, ... as a tuple, for membership checks.
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
STATUSES: tuple[str, ...] = get_args(Status)
MEASURES: tuple[str, ...] = get_args(Measure)
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
CATEGORIES: tuple[str, ...] = get_args(Category)

#: Source fields that may be listed in a source's ``inferred``.
INFERABLE_SOURCE_FIELDS = (
    "title", "authors", "producer", "kind", "date_published", "date_accessed", "url_main",
    "license",
)  # fmt: skip

#: Columns whose values, together, identify one observation.
OBSERVATION_KEY = ("indicator", "geo", "counterpart", "period", "source", "status")
