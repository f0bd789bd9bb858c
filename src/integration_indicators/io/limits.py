"""Every limit on what the library reads, in one place, checked before any parsing.

A file that breaks a limit is refused with a positioned problem (file, rule, the limit), never
parsed in part: a header of a million columns, a YAML mapping of a million keys, a JSON
document nested 100,000 deep or a symlink to ``/dev/zero`` each end in a
``integration_indicators.errors.ValidationError`` within a fraction of a second and a
bounded amount of memory. The guide "How the data stay safe" (``docs/guides``) lists the
limits and the measured cost of each hostile case.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """The bounds of one read; the library uses ``LIMITS``.

    Examples
    --------
    >>> LIMITS.max_depth
    64
    """

    #: Largest CSV file (observations, imports), checked on the open file before reading.
    max_csv_bytes: int = 512 * 1024 * 1024
    #: Largest YAML file (sources, indicators, rules).
    max_yaml_bytes: int = 16 * 1024 * 1024
    #: Largest JSON file (a data package's ``datapackage.json``).
    max_json_bytes: int = 8 * 1024 * 1024
    #: Most columns of a CSV header.
    max_columns: int = 256
    #: Longest line of a CSV or YAML file, in characters.
    max_line_chars: int = 1024 * 1024
    #: Most YAML nodes (scalars, mappings, sequences) in one file.
    max_yaml_nodes: int = 200_000
    #: Deepest nesting of YAML collections or JSON arrays and objects.
    max_depth: int = 64
    #: Most files of one catalogue (sources-*, observations-*, ...), counted before any is read.
    max_catalogue_files: int = 1_000
    #: Most bytes of one catalogue's files together: each file is read within what is left.
    max_catalogue_bytes: int = 2 * 1024 * 1024 * 1024


#: The limits the library applies.
LIMITS = ReadLimits()
