"""Numbers for people, one formatter for every page, card, caption, tooltip and ClaimReview:
"$8.33 billion", "3.07 BYN per US$", "9.13 million people", "26.3 times", "41.5%".

Three significant digits (what a reader compares; the exact value is in the downloads),
a scale word from a thousand up for money, people and counts, none for rates and ratios.
"""

from __future__ import annotations

import re

import numpy as np

#: Scale words, largest first.
SCALE_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))

_CURRENCY = re.compile(r"[A-Z]{3}")


def _currency(code: str) -> str:
    """A currency or money unit as a reader writes it (the international dollar of PPP
    figures in the World Bank's words)."""
    return {"USD": "US$", "intl_dollar": "international $"}.get(code, code)


def unit_words(unit: str) -> tuple[str, str, bool]:
    """How a unit is said around a number: (before, after, with scale words).

    Examples
    --------
    >>> unit_words("USD"), unit_words("BYN/USD"), unit_words("person")
    (('$', '', True), ('', ' BYN per US$', False), ('', ' people', True))
    >>> unit_words("intl_dollar/person")
    ('', ' international $ per person', False)
    """
    if unit == "USD":
        return "$", "", True
    if _CURRENCY.fullmatch(unit):
        return "", f" {unit}", True
    if "/" in unit:
        top, _, bottom = unit.partition("/")
        return "", f" {_currency(top)} per {_currency(bottom)}", False
    said = {
        "person": (" people", True),
        "percent": ("%", False),
        "percentage_point": (" percentage points", False),
        "dimensionless": (" times", False),
        "times": (" times", False),
        "count": ("", True),
    }.get(unit)
    if said is None:
        return "", f" {unit}", True
    return "", said[0], said[1]


def _plain(value: float, digits: int) -> str:
    text = np.format_float_positional(
        value, precision=digits, unique=False, fractional=False, trim="-"
    )
    whole, point, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-') or 0):,}{point}{fraction}"


def plain_numbers(values: np.ndarray, digits: int = 3) -> np.ndarray:
    """Numbers to *digits* significant digits as a reader writes them: never in scientific
    notation, thousands grouped ("18,100", "0.0000123", "2.5"); one call per distinct value.

    >>> plain_numbers(np.array([18136.0, 0.0000123456, 2.5, 0.0, 1234567.0])).tolist()
    ['18,100', '0.0000123', '2.5', '0', '1,230,000']
    """
    numbers = np.asarray(values, dtype="float64")
    distinct, where = np.unique(numbers, return_inverse=True)
    said = np.asarray([_plain(float(x), digits) for x in distinct], dtype=object)
    return said[where.reshape(-1)] if len(numbers) else np.zeros(0, dtype=object)


def for_people_column(values: np.ndarray, units: np.ndarray, digits: int = 3) -> np.ndarray:
    """:func:`for_people` of a column, with numpy (one pass per distinct unit): empty where
    NaN, "inf" or "-inf" where unbounded; *digits* significant digits."""
    values = np.asarray(values, dtype="float64")
    units = np.asarray(units).astype(str)
    out = np.full(len(values), "", dtype=object)
    for unit in np.unique(units):  # a handful of units per table
        mask = units == unit
        v = values[mask]
        before, after, scaled = unit_words(str(unit))
        size = np.abs(np.nan_to_num(v, nan=0.0, posinf=0.0, neginf=0.0))
        if scaled:
            factor = np.select(
                [size >= f for f, _ in SCALE_WORDS], [f for f, _ in SCALE_WORDS], 1.0
            )
            word = np.select(
                [size >= f for f, _ in SCALE_WORDS], [" " + w for _, w in SCALE_WORDS], ""
            )
        else:
            factor, word = np.ones(len(v)), np.full(len(v), "")
        number = plain_numbers(np.abs(np.nan_to_num(v / factor, posinf=0, neginf=0)), digits)
        sign = np.where(v < 0, "-", "")
        text = sign.astype(object) + before + number.astype(object) + word + after
        text = np.where(np.isinf(v), np.where(v > 0, "inf", "-inf"), text)
        out[mask] = np.where(np.isnan(v), "", text)
    return out


def for_people(value: float | None, unit: str) -> str:
    """A number as a reader writes it.

    Examples
    --------
    >>> for_people(-8.330648e9, "USD"), for_people(26.2864, "dimensionless")
    ('-$8.33 billion', '26.3 times')
    >>> for_people(9.4197e6, "person"), for_people(1.446, "percent")
    ('9.42 million people', '1.45%')
    >>> for_people(3.069, "BYN/USD"), for_people(350_000, "person"), for_people(150, "count")
    ('3.07 BYN per US$', '350 thousand people', '150')
    """
    if value is None:
        return ""
    return str(for_people_column(np.array([value], dtype="float64"), np.array([unit]))[0])


def interval_column(lower: np.ndarray, upper: np.ndarray, units: np.ndarray) -> np.ndarray:
    """Intervals for people, "[$8.35 billion, $8.45 billion]", with as many significant
    digits (3 to 6) as tell the two bounds apart; one value where they are equal.

    Examples
    --------
    >>> interval_column(np.array([6.295e8, 1.0]), np.array([6.305e8, 1.0]),
    ...                 np.array(["USD", "percent"])).tolist()
    ['[$629.5 million, $630.5 million]', '1%']
    """
    lower = np.asarray(lower, dtype="float64")
    upper = np.asarray(upper, dtype="float64")
    low, high = for_people_column(lower, units), for_people_column(upper, units)
    for digits in (4, 5, 6):  # a few passes over the rows whose bounds read the same
        same = (low == high) & (lower != upper)
        if not same.any():
            break
        low[same] = for_people_column(lower[same], np.asarray(units)[same], digits)
        high[same] = for_people_column(upper[same], np.asarray(units)[same], digits)
    point = lower == upper
    return np.where(point, low, "[" + low.astype(object) + ", " + high.astype(object) + "]")
