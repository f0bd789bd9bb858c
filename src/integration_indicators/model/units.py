"""Units and currencies: the library's one pint registry and vectorised conversion.

The registry is built on first use from ``unit_definitions.txt`` (each currency its own
dimension, persons, counts, percent, scale words) and nothing else. It is one object with its
currency definitions (``UnitRegistryHolder``): built, extended with a currency and queried
under one lock, so threads that parse units at once share one registry that knows every
currency any of them defined. Unit strings from data are
checked against an allow-list grammar before pint parses them: pint's parser is not safe on
hostile input (``10**10**10`` hangs it). Conversion is one pint call per distinct
(unit, target) pair; numpy applies the factor to whole columns.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from integration_indicators.errors import UnitError

if TYPE_CHECKING:
    import pint

#: Longest unit string accepted; longer ones are rejected before any parsing.
MAX_UNIT_LENGTH = 64

#: Words of ASCII letters and underscores, joined by one space, ``*`` or ``/`` (spaces allowed
#: around the operators). No digits, powers, parentheses or symbols.
UNIT_GRAMMAR = re.compile(r"[A-Za-z_]+(?: ?[*/] ?[A-Za-z_]+| [A-Za-z_]+)*")

#: Words of a unit string (the grammar allows no others).
_WORDS = re.compile(r"[A-Za-z_]+")

#: Words pint itself knows in every registry.
_PINT_WORDS = frozenset({"dimensionless"})

#: Prefix of the currency dimensions in unit_definitions.txt.
_CURRENCY_DIMENSION = "[currency_"


def grammar_problem(unit: str) -> str | None:
    """Why *unit* fails the allow-list grammar, or None where it passes.

    Examples
    --------
    >>> grammar_problem("billion USD") is None
    True
    >>> grammar_problem("10**10**10")
    "only words of letters joined by spaces, '*' or '/' are allowed"
    """
    if len(unit) > MAX_UNIT_LENGTH:
        return f"longer than {MAX_UNIT_LENGTH} characters"
    if not unit.isascii() or UNIT_GRAMMAR.fullmatch(unit) is None:
        return "only words of letters joined by spaces, '*' or '/' are allowed"
    return None


class UnitRegistryHolder:
    """The library's pint registry and the currencies defined in it, as one object.

    Every use goes through one re-entrant lock: the registry is built once, a currency is
    defined (as its own dimension, the first time a unit names it) and units are parsed and
    converted while the lock is held, so a thread never sees a second registry, nor a
    currency recorded as defined in a registry that lacks it.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._registry: pint.UnitRegistry[Any] | None = None
        self._currencies: set[str] = set()
        self._known: frozenset[str] | None = None

    @contextmanager
    def locked(self) -> Iterator[pint.UnitRegistry[Any]]:
        """The registry, built on first use, held under the lock for the block."""
        with self._lock:
            if self._registry is None:
                import pint

                path = resources.files(__package__).joinpath("unit_definitions.txt")
                with resources.as_file(path) as file:
                    self._registry = pint.UnitRegistry(filename=str(file), cache_folder=None)
                self._currencies = set()
            yield self._registry

    def known_words(self) -> frozenset[str]:
        """Every word a unit string may hold: the names and aliases of the library's own
        definitions, pint's own words and every CLDR currency code (built once)."""
        with self.locked() as ureg:
            if self._known is None:
                from integration_indicators.model.currencies import currency_codes

                self._known = frozenset(ureg._units) | _PINT_WORDS | currency_codes()
            return self._known

    def unknown_word(self, unit: str) -> str | None:
        """A word of *unit* that is not a known word (pint accepts a plural ``s``), or None:
        garbage is refused without calling pint's parser."""
        known = self.known_words()
        for word in _WORDS.findall(unit):
            if word not in known and not (word.endswith("s") and word[:-1] in known):
                return str(word)
        return None

    def parse(self, unit: str) -> pint.Unit:
        """*unit* parsed, the CLDR currencies it names defined first (once each)."""
        with self.locked() as ureg:
            words = {w for w in re.findall(r"[A-Z]{3}", unit) if w not in self._currencies}
            if words:
                from integration_indicators.model.currencies import currency_codes

                for code in sorted(words & currency_codes()):
                    ureg.define(f"{code} = [currency_{code}]")
                    self._currencies.add(code)
            return ureg.parse_units(unit)

    def defined_currencies(self) -> frozenset[str]:
        """Currencies defined in the registry so far."""
        with self._lock:
            return frozenset(self._currencies)


#: The one holder of the library's registry.
REGISTRY = UnitRegistryHolder()


def registry() -> pint.UnitRegistry[Any]:
    """The library's pint registry, built once from its own definitions file.

    Use ``locked()`` for work that must not interleave with another thread defining a
    currency (arithmetic on quantities).
    """
    with REGISTRY.locked() as ureg:
        return ureg


def locked() -> contextlib.AbstractContextManager[pint.UnitRegistry[Any]]:
    """The registry under the library's unit lock, for a block of pint arithmetic."""
    return REGISTRY.locked()


def _parse(unit: str) -> pint.Unit:
    reason = grammar_problem(unit)
    if reason is not None:
        raise UnitError(unit, "unit-grammar", reason)
    import pint

    unknown = REGISTRY.unknown_word(unit)
    if unknown is not None:
        raise UnitError(unit, "unit-unknown", _unknown_message(unknown))
    try:
        return REGISTRY.parse(unit)
    except (pint.errors.PintError, ValueError, TypeError, AttributeError, KeyError) as exc:
        # pint reads words such as "nan" as numbers and fails in several ways on them
        raise UnitError(
            unit, "unit-unknown", f"not a unit of the library's registry ({exc})"
        ) from None


def currency_dimensions(dimensionality: Mapping[Any, Any]) -> tuple[str, ...]:
    """Currencies among the dimensions of a pint dimensionality (zero powers left out)."""
    return tuple(
        sorted(
            str(d)[len(_CURRENCY_DIMENSION) : -1]
            for d, power in dimensionality.items()
            if power and str(d).startswith(_CURRENCY_DIMENSION)
        )
    )


def parse_unit(unit: str) -> pint.Unit:
    """*unit* as a pint unit, after the grammar check (currencies defined on first use).

    Raises ``UnitError`` for a string outside the grammar or the registry.
    """
    return _parse(unit)


def currencies_of(unit: str) -> tuple[str, ...]:
    """Currency dimensions of *unit*, e.g. ``('USD',)`` for ``'billion USD'``."""
    return currency_dimensions(_parse(unit).dimensionality)


def check_unit(unit: str) -> None:
    """Raise ``UnitError`` unless *unit* passes the grammar and is in the registry."""
    _parse(unit)


@cache
def conversion_factor(unit: str, target: str) -> float:
    """Factor that turns a magnitude in *unit* into one in *target*.

    Raises ``UnitError`` for a unit outside the grammar or registry, a unit of another
    dimension than *target*, or another currency (there is no implicit exchange rate).

    Examples
    --------
    >>> conversion_factor("billion USD", "USD")
    1000000000.0
    >>> conversion_factor("percent", "dimensionless")
    0.01
    """
    import pint

    source, goal = _parse(unit), _parse(target)
    try:
        with locked() as ureg:
            return float(ureg.Quantity(1.0, source).to(goal).magnitude)
    except pint.errors.DimensionalityError:
        mine, theirs = currencies_of(unit), currencies_of(target)
        if mine and theirs and mine != theirs:
            raise UnitError(
                unit,
                "unit-currency",
                f"is in {', '.join(mine)} but {target!r} is in {', '.join(theirs)}; "
                "convert with an explicit, dated exchange rate",
                target,
            ) from None
        raise UnitError(
            unit,
            "unit-dimension",
            f"has dimension {source.dimensionality} but {target!r} has {goal.dimensionality}",
            target,
        ) from None


def root_factor(unit: str) -> float:
    """Factor from *unit* to its root units (``percent`` -> 0.01, ``million person`` -> 1e6)."""
    parsed = _parse(unit)
    with locked() as ureg:
        return float(ureg.Quantity(1.0, parsed).to_root_units().magnitude)


def unknown_words(units: pd.Series) -> pd.Series:
    """For each unit string, its first word that the registry does not know ("" where every
    word is known), for a whole column at once: a file of garbage units costs a vectorised
    look-up, not a parse per distinct string. Grammar is not checked here."""
    names = REGISTRY.known_words()
    words = units.astype("str").str.findall(_WORDS.pattern).explode()
    known = words.isin(names) | (words.str.endswith("s") & words.str.slice(0, -1).isin(names))
    known |= words.isna()
    first = words[~known].groupby(level=0).first()
    return first.reindex(units.index, fill_value="").astype("str")


def _unknown_message(word: str) -> str:
    return (
        f"not a unit of the library's registry ({word!r} is not a unit, scale word or "
        "currency code it knows)"
    )


def root_factors(units: pd.Series) -> np.ndarray:
    """``root_factor`` of every row, computed once per distinct unit (NaN where invalid)."""
    codes, uniques = pd.factorize(units)
    factors = np.full(len(uniques), np.nan)
    unknown = unknown_words(pd.Series(uniques, dtype="str")).to_numpy() != ""
    for i, unit in enumerate(uniques):
        if unknown[i]:
            continue
        try:
            factors[i] = root_factor(str(unit))
        except UnitError:
            continue
    return factors[codes]


@dataclass(frozen=True, slots=True)
class PairFactors:
    """Per row: the conversion factor, and the rule and message where it fails."""

    #: Factor from the row's unit to its target (NaN where the pair fails).
    factors: np.ndarray
    #: Rule code of the failure (``unit-grammar``, ``unit-unknown``, ...), "" where none.
    rules: np.ndarray
    #: What is wrong, "" where nothing is.
    messages: np.ndarray
    #: The target in the row's own currency where the pair differs in currency alone
    #: (``EUR`` for ``billion EUR`` against ``USD``), else "".
    own_currency: np.ndarray
    #: Factor from the row's unit to ``own_currency`` (NaN where that is "").
    own_factors: np.ndarray


def in_currency(target: str, currency: str) -> str | None:
    """*target* with its one currency replaced by *currency* (None where *target* has no
    currency or more than one).

    Examples
    --------
    >>> in_currency("USD", "EUR"), in_currency("USD/person", "BYN"), in_currency("person", "EUR")
    ('EUR', 'BYN/person', None)
    """
    theirs = currencies_of(target)
    if len(theirs) != 1:
        return None
    return re.sub(rf"\b{theirs[0]}\b", currency, target)


def _own_currency(unit: str, target: str) -> tuple[float, str]:
    """Factor from *unit* to *target* in *unit*'s currency, and that unit; NaN and "" where
    *unit* differs from *target* by more than its one currency."""
    mine = currencies_of(unit)
    swapped = in_currency(target, mine[0]) if len(mine) == 1 else None
    if swapped is None:
        return float("nan"), ""
    try:
        return conversion_factor(unit, swapped), swapped
    except UnitError:
        return float("nan"), ""


def pair_factors(units: pd.Series, targets: pd.Series) -> PairFactors:
    """Conversion factor of every row, computed once per distinct (unit, target) pair.

    pint is called once per distinct pair; numpy spreads the results over the rows. A pair
    that differs in currency alone fails with ``unit-currency`` and also gives the factor to
    the target in the row's own currency (``own_currency``, ``own_factors``): the catalogue
    accepts that for press figures, which the crosscheck converts with a dated official rate.
    """
    keys = pd.DataFrame({"unit": units.to_numpy(), "target": targets.to_numpy()})
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(keys))
    factors = np.full(len(uniques), np.nan)
    rules = np.full(len(uniques), "", dtype=object)
    messages = np.full(len(uniques), "", dtype=object)
    pair_units = pd.Series(uniques.get_level_values(0), dtype="str")
    grammar = pair_units.str.fullmatch(UNIT_GRAMMAR.pattern).fillna(False).to_numpy(dtype=bool)
    grammar = grammar & (pair_units.str.len() <= MAX_UNIT_LENGTH).to_numpy(dtype=bool)
    unknown = unknown_words(pair_units).to_numpy(dtype=object)
    refused = grammar & (unknown != "")  # outside the grammar: the loop says why
    rules[refused] = "unit-unknown"
    messages[refused] = [_unknown_message(w) for w in unknown[refused]]
    own = np.full(len(uniques), "", dtype=object)
    own_factors = np.full(len(uniques), np.nan)
    for i, (unit, target) in enumerate(uniques):
        if refused[i]:
            continue
        try:
            factors[i] = conversion_factor(str(unit), str(target))
        except UnitError as exc:
            rules[i], messages[i] = exc.rule, exc.message
            if exc.rule == "unit-currency":
                own_factors[i], own[i] = _own_currency(str(unit), str(target))
    return PairFactors(
        factors[codes], rules[codes], messages[codes], own[codes], own_factors[codes]
    )
