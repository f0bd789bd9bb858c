"""Reading the numbers a figure writes."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from integration_indicators.model.figures import figure_numbers, mismatches


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
