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


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.sampled_from(["2019", "2020-02", "2020-02-30", "2019/2020", "0000", "x", ""]),
            st.from_regex(r"[0-9]{4}(-[0-9]{2})?(/[0-9]{4})?", fullmatch=True),
        ),
        max_size=40,
    ),
    st.booleans(),
)
def test_a_remembered_parse_is_the_parse_of_the_periods_themselves(
    periods: list[str | None], intervals: bool
) -> None:
    """Small sets of distinct periods are remembered: the frame is the one parsing them
    anew gives (a limit of 0 remembers nothing), on the periods' own index, and changing it
    changes nothing remembered."""
    from integration_indicators.model import periods as module

    series = pd.Series(periods, index=np.arange(len(periods)) * 3, dtype="object")
    first = parse_periods(series, intervals=intervals)
    first.loc[:, "problem"] = "changed"
    remembered = parse_periods(series, intervals=intervals)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "MEMO_PERIODS", 0)
        anew = parse_periods(series, intervals=intervals)
    pd.testing.assert_frame_equal(remembered, anew)
    assert list(remembered.index) == list(series.index)
