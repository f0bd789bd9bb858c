"""The library's exceptions and the problem records of a validation report.

Every exception derives from ``IndicatorError`` and from the builtin it refines, so
``except ValueError`` keeps working for callers that do not know this library.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

#: How many problems a report prints before it summarises the rest per rule.
REPORT_LIMIT = 50

#: Values longer than this are cut in messages (a 10 MB unit string must not flood a terminal).
VALUE_LIMIT = 80


def shorten(value: object, limit: int = VALUE_LIMIT) -> str:
    """``repr`` of *value*, cut to *limit* characters with its full length noted."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(str(value))} characters)"


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule at one place of one file.

    Examples
    --------
    >>> print(Problem("observations.csv", 7, "geo", "XXX", "iso-country", "not a country"))
    observations.csv row 7, column 'geo': 'XXX': not a country [iso-country]
    """

    #: File name relative to the catalogue directory, e.g. ``observations.csv``.
    file: str
    #: CSV: the row a spreadsheet shows (header = 1); YAML: the line. None: the whole file.
    row: int | None
    #: Column or field name; None where the problem is not about one column.
    column: str | None
    #: The offending value (shortened in messages).
    value: object
    #: Stable rule code, e.g. ``unit-dimension``.
    rule: str
    #: What is wrong and how to fix it.
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column is not None:
            where += f", column {self.column!r}"
        shown = "" if self.value is None else f": {shorten(self.value)}"
        return f"{where}{shown}: {self.message} [{self.rule}]"


@dataclass(frozen=True, slots=True)
class Report:
    """A validation's outcome as data, never raised: what ``integration_indicators.validate``
    returns (modelled on frictionless' report).

    ``problems`` lists the first rows of each rule; ``counts`` counts every problem by rule.

    Examples
    --------
    >>> report = Report("my-data", (Problem("observations.csv", 7, "geo", "XXX",
    ...     "iso-country", "not an economy"),), {"iso-country": 3})
    >>> report.valid, report.to_dict()["counts"]
    (False, {'iso-country': 3})
    """

    #: The catalogue validated.
    location: str
    #: Problems listed (the first rows of each rule), sorted by file, row and column.
    problems: tuple[Problem, ...] = ()
    #: Every problem counted, by rule code.
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        """Whether the catalogue passed every rule."""
        return not self.problems and not sum(self.counts.values())

    def to_dict(self) -> dict[str, object]:
        """The report as JSON-ready data: valid, location, counts, and each problem's file,
        row, column, value (as text), rule, message and the rule's description."""
        from integration_indicators.rule_codes import RULE_CODES

        return {
            "valid": self.valid,
            "location": self.location,
            "counts": dict(self.counts),
            "problems": [
                {
                    "file": p.file,
                    "row": p.row,
                    "column": p.column,
                    "value": None if p.value is None else str(p.value),
                    "rule": p.rule,
                    "message": p.message,
                    "description": RULE_CODES.get(p.rule, ""),
                }
                for p in self.problems
            ],
        }


class IndicatorError(Exception):
    """Root of every exception raised by integration_indicators."""

    #: Stable code of the failure class.
    code = "indicator-error"


class ValidationError(IndicatorError, ValueError):
    """A catalogue, or a file of one, breaks the library's rules.

    Holds every problem found, in every file, so that one run shows all that needs fixing.
    """

    code = "validation-error"

    def __init__(
        self,
        problems: Iterable[Problem],
        location: str = "",
        counts: dict[str, int] | None = None,
    ) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.location = location
        #: Where ``problems`` holds only the first rows of each rule: the full count per rule.
        self.counts = dict(counts) if counts is not None else None
        super().__init__(self.report())

    def __reduce__(self) -> tuple[type[ValidationError], tuple[object, ...]]:
        # whole across processes (a ProcessPoolExecutor worker's error keeps its report)
        return (type(self), (self.problems, self.location, self.counts))

    def to_report(self) -> Report:
        """The problems as a ``Report`` (data, for scripts and ``--format json``)."""
        return Report(self.location, self.problems, self.rule_counts())

    def rule_counts(self) -> dict[str, int]:
        """Number of problems per rule code, most frequent first."""
        counts = self.counts or Counter(p.rule for p in self.problems)
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def report(self, limit: int = REPORT_LIMIT) -> str:
        """The human-readable report: a count line, then one line per problem."""
        counts = self.rule_counts()
        n = sum(counts.values())
        where = f" in {self.location}" if self.location else ""
        lines = [f"{n} problem{'s' if n != 1 else ''}{where}:"]
        if self.counts is not None:
            lines.append("  by rule: " + ", ".join(f"{rule}: {k}" for rule, k in counts.items()))
            lines.append("  first rows of each rule:")
        lines += [f"  {p}" for p in self.problems[:limit]]
        shown = min(limit, len(self.problems))
        if n > shown:
            rest = Counter(p.rule for p in self.problems[shown:])
            for rule, total in counts.items():
                rest[rule] = total - sum(1 for p in self.problems[:shown] if p.rule == rule)
            summary = ", ".join(f"{rule}: {k}" for rule, k in rest.most_common() if k)
            lines.append(f"  ... and {n - shown} more ({summary})")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.report()


class PanelError(ValidationError):
    """A panel breaks the rules: the report of ``ValidationError`` and the rows checked."""

    code = "panel-error"

    def __init__(
        self,
        problems: Iterable[Problem],
        location: str = "",
        counts: dict[str, int] | None = None,
        rows: int = 0,
    ) -> None:
        #: Rows of the panel checked.
        self.rows = rows
        super().__init__(problems, location, counts)

    def __reduce__(self) -> tuple[type[ValidationError], tuple[object, ...]]:
        return (type(self), (self.problems, self.location, self.counts, self.rows))


class UnitError(IndicatorError, ValueError):
    """A unit string is not allowed, unknown, or of the wrong dimension or currency."""

    code = "unit-error"

    def __init__(self, unit: str, rule: str, message: str, target: str | None = None) -> None:
        self.unit = unit
        self.target = target
        self.rule = rule
        self.message = message
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type[UnitError], tuple[object, ...]]:
        return (type(self), (self.unit, self.rule, self.message, self.target))

    def __str__(self) -> str:
        return f"unit {shorten(self.unit)}: {self.message} [{self.rule}]"


class AmbiguityError(IndicatorError, ValueError):
    """More than one observation matches a period of a requested series.

    Lists every candidate, so that the caller can filter (source=, status=, counterpart=) or
    pass an explicit ``prefer=`` order.
    """

    code = "ambiguous-series"

    def __init__(self, request: str, candidates: list[str]) -> None:
        self.request = request
        self.candidates = tuple(candidates)
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type[AmbiguityError], tuple[object, ...]]:
        return (type(self), (self.request, list(self.candidates)))

    def __str__(self) -> str:
        lines = [
            f"{self.request}: more than one observation for a period; filter by source, status "
            "or counterpart, or pass prefer=(...). Candidates:"
        ]
        return "\n".join(lines + [f"  {c}" for c in self.candidates])


class AlignmentError(IndicatorError, ValueError):
    """Two series do not cover the same periods and no ``align=`` rule says what to do."""

    code = "misaligned-periods"


class NoRowsError(IndicatorError, LookupError):
    """No observation matches a request (an indicator, geo, counterpart, source or status the
    catalogue does not hold together); the message names the closest held."""

    code = "no-observation"


class PeriodError(IndicatorError, KeyError):
    """A period a series does not hold, or text that is no period; names the periods held.

    Examples
    --------
    >>> print(PeriodError("macro.gdp[BLR]", "2020/2019", "1990 to 2024"))
    macro.gdp[BLR] has no period '2020/2019' (it holds 1990 to 2024) [no-such-period]
    """

    code = "no-such-period"

    def __init__(self, series: str, period: str, held: str) -> None:
        self.series, self.period, self.held = series, period, held
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type[PeriodError], tuple[object, ...]]:
        return (type(self), (self.series, self.period, self.held))

    def __str__(self) -> str:
        return f"{self.series} has no period {self.period!r} (it holds {self.held}) [{self.code}]"


class GroupError(IndicatorError, LookupError):
    """No group of that name in the groups file (the message names the groups there)."""

    code = "group-error"


class MetricError(IndicatorError, ValueError):
    """A metric is undefined for its input (a growth rate on a non-positive base, a missing
    exchange rate) and says so instead of returning a misleading number."""

    code = "undefined-metric"


class FetchError(IndicatorError, OSError):
    """A series could not be fetched: the API unreachable, an answer that is not one, or a
    file already in the place of the one to write."""


class OutputError(IndicatorError, OSError):
    """An output path the library refuses to write, or a write that failed; nothing was touched.

    Examples
    --------
    >>> print(OutputError("/", "protected-path", "is the root directory"))
    /: is the root directory [protected-path]
    """

    code = "unsafe-output"

    def __init__(self, path: object, rule: str, reason: str) -> None:
        self.path = str(path)
        self.rule = rule
        self.reason = reason
        super().__init__(reason)

    def __reduce__(self) -> tuple[type[OutputError], tuple[object, ...]]:
        return (type(self), (self.path, self.rule, self.reason))

    def __str__(self) -> str:
        return f"{self.path}: {self.reason} [{self.rule}]"


class CacheError(IndicatorError, OSError):
    """A cached catalogue's table could not be decoded when it was first needed (its entry
    passed the digest when read, so someone wrote it whole but wrong): nothing was changed;
    load the catalogue again with ``cache=False``.

    Examples
    --------
    >>> print(CacheError("observations", "truncated"))
    the cached observations cannot be decoded (truncated): load with cache=False [cache-entry]
    """

    code = "cache-entry"

    def __init__(self, table: str, reason: str) -> None:
        self.table = table
        self.reason = reason
        super().__init__(table, reason)

    def __str__(self) -> str:
        return (
            f"the cached {self.table} cannot be decoded ({self.reason}): load with "
            f"cache=False [{self.code}]"
        )
