"""ISO 8601 periods: parsing, bounds and the problems of malformed ones."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from integration_indicators.model.periods import parse_periods


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2022", "2022-01-01", "2022-12-31"),
        ("2023-02", "2023-02-01", "2023-02-28"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2023-01-12", "2023-01-12", "2023-01-12"),
        ("2020/2024-01", "2020-01-01", "2024-01-31"),
        ("2021/2023", "2021-01-01", "2023-12-31"),
        ("2020/2024-02-02", "2020-01-01", "2024-02-02"),
    ],
)
def test_valid_period(text: str, start: str, end: str) -> None:
    parsed = parse_periods(pd.Series([text]))
    assert parsed["problem"].isna().all()
    assert parsed["start"][0] == np.datetime64(start)
    assert parsed["end"][0] == np.datetime64(end)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2023-13", "not a calendar date"),
        ("2023-02-29", "not a calendar date"),
        ("2023-00", "not a calendar date"),
        ("2024/2020", "the interval ends before it starts"),
        ("2023-02-01/2023-01", "the interval ends before it starts"),
        ("23", "not an ISO 8601 period"),
        ("2023/", "not an ISO 8601 period"),
        ("2023-1", "not an ISO 8601 period"),
        ("Q1 2023", "not an ISO 8601 period"),
        (" 2023", "not an ISO 8601 period"),
        ("2020/2021/2022", "not an ISO 8601 period"),
        ("", "not an ISO 8601 period"),
    ],
)
def test_invalid_period(text: str, problem: str) -> None:
    parsed = parse_periods(pd.Series([text]))
    assert str(parsed["problem"][0]).startswith(problem)
    assert pd.isna(parsed["start"][0])
    assert pd.isna(parsed["end"][0])


def test_dates_without_intervals() -> None:
    parsed = parse_periods(pd.Series(["2023-10", "2020/2024"]), intervals=False)
    assert parsed["problem"].isna().tolist() == [True, False]


@given(st.dates(), st.dates())
def test_any_pair_of_days_parses_in_order(a: date, b: date) -> None:
    first, last = sorted([a, b])
    parsed = parse_periods(pd.Series([f"{first}/{last}"]))
    assert parsed["problem"].isna().all()
    assert parsed["start"][0] == np.datetime64(first)
    assert parsed["end"][0] == np.datetime64(last)
