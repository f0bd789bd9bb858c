"""Formulas of derived metrics as data: ``ratio(macro.gdp[RUS], macro.gdp[BLR], align=inner)``.

A catalogue declares its headline metrics in ``headline.yaml`` with one formula each; this
module reads a formula into a tree and computes it with the library's metrics. Nothing is
evaluated as Python: the grammar has series references, calls of the operations in
:data:`OPERATIONS` and words, and is bounded in length and depth.

A series reference is ``INDICATOR[GEO]``, ``INDICATOR[GEO-COUNTERPART]`` or ``INDICATOR[]``
(any economy), with filters after semicolons: ``population.total[BLR; status=official]``,
``population.total[RUS; source=sochi-meeting-2019-12]``.

Examples
--------
>>> print(parse("ratio(macro.gdp[RUS], macro.gdp[BLR], align=inner)"))
ratio(macro.gdp[RUS], macro.gdp[BLR], align=inner)
>>> print(parse("at(trade.goods.exports[BLR-RUS; status=official], first)"))
at(trade.goods.exports[BLR-RUS; status=official], first)
>>> try:
...     parse("ratoi(macro.gdp[RUS], macro.gdp[BLR])")
... except FormulaError as exc:
...     print(exc)
unknown operation 'ratoi': did you mean ratio?
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from integration_indicators.errors import IndicatorError

if TYPE_CHECKING:
    from integration_indicators.analysis.series import IndicatorSeries
    from integration_indicators.catalogue import Catalogue

#: Longest formula read, and deepest nesting of calls.
MAX_LENGTH = 2_000
MAX_DEPTH = 8

#: Operation -> (the series it takes, the keywords it accepts).
OPERATIONS: dict[str, tuple[int, tuple[str, ...]]] = {
    "ratio": (2, ("align",)),
    "product": (2, ("align",)),
    "share": (2, ("align",)),
    "total": (2, ("align",)),
    "difference": (2, ("align",)),
    "growth_rate": (1, ()),
    "pace": (1, ("per",)),
    "implied_levels": (2, ()),
    "at": (1, ()),  # and a period: at(SERIES, 2020), at(SERIES, first), at(SERIES, last)
}

#: The filters a series reference may carry, as ``Catalogue.series`` keywords.
FILTERS = ("status", "source")

_WORD = r"[A-Za-z0-9_.:/\-]+"
_TOKENS = re.compile(
    rf"\s*(?:(?P<ref>[a-z][a-z0-9_.]*\[[^\[\]()]*\])|(?P<word>{_WORD})|(?P<punct>[(),=]))"
)


class FormulaError(IndicatorError, ValueError):
    """A formula that does not read: what is wrong, in words."""

    code = "formula-error"


@dataclass(frozen=True)
class Ref:
    """A series of the catalogue: indicator, economies and filters."""

    indicator: str
    geo: str | None
    counterpart: str | None
    filters: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        where = "" if self.geo is None else self.geo
        where += f"-{self.counterpart}" if self.counterpart else ""
        where += "".join(f"; {k}={v}" for k, v in self.filters)
        return f"{self.indicator}[{where}]"


@dataclass(frozen=True)
class Call:
    """An operation on series (and, for ``at``, a period)."""

    operation: str
    arguments: tuple[Ref | Call | str, ...]
    keywords: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        said = [str(a) for a in self.arguments] + [f"{k}={v}" for k, v in self.keywords]
        return f"{self.operation}({', '.join(said)})"


Node = Ref | Call


def _reference(text: str) -> Ref:
    indicator, inside = text[:-1].split("[", 1)
    parts = [p.strip() for p in inside.split(";")]
    where, filters = parts[0], []
    for part in parts[1:]:
        key, _, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if key not in FILTERS or not value:
            raise FormulaError(
                f"{text}: a filter is one of {', '.join(FILTERS)}=VALUE, not {part!r}"
            )
        filters.append((key, value))
    geo, _, counterpart = where.partition("-")
    for code in (geo, counterpart):
        if code and not re.fullmatch(r"[A-Z0-9]{2,8}", code):
            raise FormulaError(f"{text}: {code!r} is not an economy code (e.g. BLR)")
    return Ref(indicator, geo or None, counterpart or None, tuple(filters))


class _Reader:
    def __init__(self, text: str) -> None:
        if len(text) > MAX_LENGTH:
            raise FormulaError(f"{len(text)} characters: the limit is {MAX_LENGTH}")
        self.tokens: list[tuple[str, str]] = []
        position, text = 0, text.strip()
        while position < len(text):
            found = _TOKENS.match(text, position)
            if found is None or found.end() == position:
                raise FormulaError(f"cannot read {text[position : position + 20]!r}")
            kind = str(found.lastgroup)
            self.tokens.append((kind, found.group(kind)))
            position = found.end()
        self.at = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.at] if self.at < len(self.tokens) else ("end", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if value is not None and token[1] != value:
            raise FormulaError(f"expected {value!r}, found {token[1] or 'the end'!r}")
        self.at += 1
        return token

    def node(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise FormulaError(f"calls nested more than {MAX_DEPTH} deep")
        kind, value = self.take()
        if kind == "ref":
            return _reference(value)
        if kind != "word" or self.peek()[1] != "(":
            raise FormulaError(
                f"expected a series (indicator[GEO]) or an operation, found {value or 'the end'!r}"
            )
        if value not in OPERATIONS:
            close = difflib.get_close_matches(value, list(OPERATIONS), n=1)
            hint = f": did you mean {close[0]}?" if close else f" (one of {', '.join(OPERATIONS)})"
            raise FormulaError(f"unknown operation {value!r}{hint}")
        self.take("(")
        arguments: list[Ref | Call | str] = []
        keywords: list[tuple[str, str]] = []
        while True:
            if self.tokens[self.at + 1 : self.at + 2] == [("punct", "=")]:
                key = self.take()[1]
                self.take("=")
                kind, word = self.take()
                if kind != "word":
                    raise FormulaError(f"{value}: {key}= takes a word, not {word!r}")
                keywords.append((key, word))
            elif value == "at" and len(arguments) == 1 and self.peek()[0] == "word":
                arguments.append(self.take()[1])  # the period
            else:
                arguments.append(self.node(depth + 1))
            if self.peek()[1] != ",":
                break
            self.take(",")
        self.take(")")
        return _checked(Call(value, tuple(arguments), tuple(keywords)))


def _checked(call: Call) -> Call:
    count, allowed = OPERATIONS[call.operation]
    series = [a for a in call.arguments if not isinstance(a, str)]
    periods = [a for a in call.arguments if isinstance(a, str)]
    wanted_periods = 1 if call.operation == "at" else 0
    if len(series) != count or len(periods) != wanted_periods:
        what = f"{count} series" + (" and a period" if wanted_periods else "")
        raise FormulaError(f"{call.operation} takes {what}: {call}")
    for key, _ in call.keywords:
        if key not in allowed:
            raise FormulaError(
                f"{call.operation} takes no {key}= ("
                + (f"only {', '.join(allowed)}=" if allowed else "none")
                + ")"
            )
    return call


def parse(text: str) -> Node:
    """The formula's tree; ``FormulaError`` saying what does not read."""
    reader = _Reader(text)
    node = reader.node(0)
    if reader.peek()[0] != "end":
        raise FormulaError(f"unexpected {reader.peek()[1]!r} after {node}")
    return node


def references(node: Node) -> list[Ref]:
    """The series a formula reads, in order."""
    if isinstance(node, Ref):
        return [node]
    return [r for a in node.arguments if not isinstance(a, str) for r in references(a)]


def evaluate(node: Node, catalogue: Catalogue) -> IndicatorSeries:
    """The formula's series, with bounds and lineage. A series the catalogue lacks raises
    ``IndicatorError`` (its message starts with what is missing)."""
    from integration_indicators.analysis import metrics

    if isinstance(node, Ref):
        filters = dict(node.filters)
        return catalogue.series(node.indicator, node.geo, node.counterpart, **filters)
    inputs = [evaluate(a, catalogue) for a in node.arguments if not isinstance(a, str)]
    options: dict[str, Any] = dict(node.keywords)
    if node.operation == "at":
        series, period = inputs[0], str(node.arguments[1])
        chosen = {"first": series.periods[:1], "last": series.periods[-1:]}.get(period, [period])
        if not chosen or chosen[0] not in series.values.index:
            raise IndicatorError(f"{node.arguments[0]} for {period}: no such period")
        return series.at(chosen[0])
    function = getattr(metrics, node.operation)
    result: IndicatorSeries = function(*inputs, **options)
    return result
