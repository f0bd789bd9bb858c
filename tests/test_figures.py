"""Reading the numbers a figure writes."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from integration_indicators.model.figures import (
    figure_numbers,
    inexact_numbers,
    mismatches,
    words_value,
)


@pytest.mark.parametrize(
    ("figure", "numbers"),
    [
        ("4,172,000", [4_172_000.0]),
        ("$8.4 billion", [8.4e9]),
        ("about $5 billion", [5e9]),
        ("90%", [0.9]),
        ("about 90 %", [0.9]),
        ("almost 80 percent", [0.8]),
        ("half a million", [500_000.0]),
        ("between 200,000 and half a million", [200_000.0, 500_000.0]),
        ("29 times", [29.0]),
        ("close to 10 million", [1e7]),
        ("some 350,000", [350_000.0]),
        ("a thousand", [1000.0]),
        ("registered a surplus", []),
        ("a surplus of a kind", []),
        ("eight times", [8.0]),
        ("twenty-nine times", [29.0]),
        ("six and a half million", [6.5e6]),
        ("one and a half billion dollars", [1.5e9]),
        ("three hundred thousand", [3e5]),
        ("one hundred and five", [105.0]),
        ("a third", [1 / 3]),
        ("two-thirds", [2 / 3]),
        ("a quarter", [0.25]),
        ("two and three quarters", [2.75]),
        ("between 3.7 and 3.8 million", [3.7e6, 3.8e6]),
        ("3.7-3.8 million", [3.7e6, 3.8e6]),
        ("from 3.7 to 3.8 billion", [3.7e9, 3.8e9]),
        ("between 5 and 7 percent", [0.05, 0.07]),
        ("1.2 percentage points", [0.012]),
        ("up 3 pp", [0.03]),
    ],
)
def test_figure_numbers(figure: str, numbers: list[float]) -> None:
    assert figure_numbers(pd.Series([figure])).tolist() == pytest.approx(numbers, rel=1e-15)


def test_positions_follow_the_input() -> None:
    found = figure_numbers(pd.Series(["none", "1 and 2", "3"], index=["a", "b", "c"]))
    assert found.index.tolist() == [1, 1, 2]


def test_mismatches_compare_multisets_ignoring_sign() -> None:
    written = pd.Series([1.0, 2.0, 3.0], index=[0, 0, 1])
    assert mismatches(written, pd.Series([-2.0, 1.0, 3.0], index=[0, 0, 1])).tolist() == []
    assert mismatches(written, pd.Series([1.0, 3.0], index=[0, 1])).tolist() == [0]
    assert mismatches(written, pd.Series([1.0, 2.0, 3.5], index=[0, 0, 1])).tolist() == [1]


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators_round_trip(n: int) -> None:
    assert figure_numbers(pd.Series([f"{n:,}"])).tolist() == [float(n)]


def test_only_thirds_are_inexact() -> None:
    figures = pd.Series(["a third", "two thirds", "a quarter", "half a million", "8.4"])
    assert inexact_numbers(figures).tolist() == [True, True, False, False, False]


def test_an_inexact_fraction_matches_within_the_recorded_digits() -> None:
    written = pd.Series([1 / 3, 1 / 3, 1 / 3], index=[0, 1, 2])
    inexact = pd.Series([True, True, True], index=[0, 1, 2])
    recorded = pd.Series([0.333, 0.33, 0.3], index=[0, 1, 2])  # "33.3", "33", "30" percent
    slack = pd.Series([0.0005, 0.005, 0.005], index=[0, 1, 2])
    assert mismatches(written, recorded, inexact=inexact, slack=slack).tolist() == [2]
    assert mismatches(written, recorded).tolist() == [0, 1, 2]  # exact numbers: no slack


@given(st.integers(min_value=0, max_value=999))
def test_number_words_read_back_every_whole_number_below_a_thousand(n: int) -> None:
    ones = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ]
    tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

    def spelled(k: int) -> str:
        if k < 20:
            return ones[k]
        return tens[k // 10] + ("-" + ones[k % 10] if k % 10 else "")

    hundreds, rest = divmod(n, 100)
    words = (
        spelled(rest)
        if not hundreds
        else (f"{ones[hundreds]} hundred" + (f" and {spelled(rest)}" if rest else ""))
    )
    assert words_value(words) == float(n)
    assert figure_numbers(pd.Series([f"{words} million"])).tolist() == [n * 1e6]
