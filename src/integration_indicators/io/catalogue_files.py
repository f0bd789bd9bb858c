"""The names of a catalogue's files: what a load reads, and so what no output may replace."""

from __future__ import annotations

from fnmatch import fnmatchcase

#: The catalogue's files, relative to its directory.
SOURCES_FILE = "sources.yaml"
INDICATORS_FILE = "indicators.yaml"
OBSERVATIONS_FILE = "observations.csv"
#: Further observation files (official statistics, a user's additions): same columns.
OBSERVATIONS_EXTRA = "observations-*.csv"
#: Further source files (generated entries of official statistics): same fields.
SOURCES_EXTRA = "sources-*.yaml"
#: Further indicator definitions a user adds: same fields, ids unique across the files.
INDICATORS_EXTRA = "indicators-*.yaml"
#: Optional: the crosscheck rules and the release lags of official datasets.
RULES_FILE = "crosschecks.yaml"
RELEASES_FILE = "releases.yaml"


def is_catalogue_file(name: str) -> bool:
    """Whether a load reads a file called *name* in a catalogue directory.

    Examples
    --------
    >>> is_catalogue_file("observations-wdi.csv"), is_catalogue_file("notes.csv")
    (True, False)
    """
    fixed = (SOURCES_FILE, INDICATORS_FILE, OBSERVATIONS_FILE, RULES_FILE, RELEASES_FILE)
    return name in fixed or any(fnmatchcase(name, p) for p in (OBSERVATIONS_EXTRA, SOURCES_EXTRA))
