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
#: Optional, and read by what uses them rather than by a load: the headline metrics the
#: catalogue declares (``metrics``, the site), its title and description (site, package).
HEADLINE_FILE = "headline.yaml"
METADATA_FILE = "catalogue.yaml"


def is_catalogue_file(name: str) -> bool:
    """Whether a load reads a file called *name* in a catalogue directory.

    Examples
    --------
    >>> is_catalogue_file("observations-wdi.csv"), is_catalogue_file("notes.csv")
    (True, False)
    >>> is_catalogue_file("indicators-wdi.yaml")
    True
    """
    fixed = (SOURCES_FILE, INDICATORS_FILE, OBSERVATIONS_FILE, RULES_FILE, RELEASES_FILE)
    extras = (OBSERVATIONS_EXTRA, SOURCES_EXTRA, INDICATORS_EXTRA)
    return name in fixed or any(fnmatchcase(name, p) for p in extras)


def is_written_by_library(name: str) -> bool:
    """Whether the library writes a catalogue file called *name*: those a load reads, and
    the headline metrics and description ``init`` writes.

    Examples
    --------
    >>> is_written_by_library("headline.yaml"), is_catalogue_file("headline.yaml")
    (True, False)
    """
    return is_catalogue_file(name) or name in (HEADLINE_FILE, METADATA_FILE)
