"""ISO 8601 reference periods: ``2022``, ``2023-02``, ``2023-01-12`` and intervals ``A/B``.

Parsing is vectorised: one regular expression over the column, one date conversion per side,
and numpy calendar arithmetic for the last day of a year or month.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_DATE = r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?"

#: One date of year, month or day precision.
DATE_PATTERN = rf"^{_DATE}$"

#: A date or an interval of two dates.
PERIOD_PATTERN = rf"^{_DATE}(?:/{_DATE})?$"

#: Example periods shown in error messages.
PERIOD_EXAMPLES = "2022, 2023-02, 2023-01-12 or an interval such as 2020/2024-01"


def _side(year: pd.Series, month: pd.Series, day: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """First and last day covered by one side of a period (NaT where invalid)."""
    text = year + "-" + month.fillna("01") + "-" + day.fillna("01")
    first = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").to_numpy()
    first = first.astype("datetime64[D]")
    year_end = (first.astype("datetime64[Y]") + 1).astype("datetime64[D]") - 1
    month_end = (first.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
    last = np.where(day.notna(), first, np.where(month.notna(), month_end, year_end))
    return first, last


def parse_periods(periods: pd.Series, *, intervals: bool = True) -> pd.DataFrame:
    """Start, end and problem of each period in *periods*.

    Returns a frame on the same index with columns ``start`` and ``end`` (``datetime64[D]``,
    the first and last day covered; NaT where invalid) and ``problem`` (None where valid,
    else why not).

    Examples
    --------
    >>> parsed = parse_periods(pd.Series(["2022", "2020/2024-01", "2023-13"]))
    >>> parsed["end"].dt.strftime("%Y-%m-%d").tolist()
    ['2022-12-31', '2024-01-31', nan]
    >>> parsed["problem"].tolist()
    [nan, nan, 'not a calendar date']
    """
    text = periods.astype("str")
    parts = text.str.extract(PERIOD_PATTERN if intervals else DATE_PATTERN).astype("object")
    parts = parts.where(parts.notna(), None)
    start, end1 = _side(parts[0], parts[1], parts[2])
    if intervals:
        is_interval = parts[3].notna().to_numpy()
        start2, end2 = _side(parts[3].fillna("1970"), parts[4], parts[5])
        end = np.where(is_interval, end2, end1)
        bad_date = np.isnat(start) | np.isnat(end1) | (is_interval & np.isnat(start2))
    else:
        end = end1
        bad_date = np.isnat(start)
    matched = parts[0].notna().to_numpy()
    problem = np.full(len(text), None, dtype=object)
    problem[matched & bad_date] = "not a calendar date"
    problem[matched & ~bad_date & (end < start)] = "the interval ends before it starts"
    year_zero = (parts[0] == "0000") | (parts[3] == "0000") if intervals else parts[0] == "0000"
    problem[year_zero.to_numpy(dtype=bool)] = "year 0000 does not exist: years start at 0001"
    problem[~matched] = (
        f"not an ISO 8601 period ({PERIOD_EXAMPLES})"
        if intervals
        else "not an ISO 8601 date (2023, 2023-10 or 2023-10-05)"
    )
    valid = pd.isna(problem)
    nat = np.datetime64("NaT", "D")
    return pd.DataFrame(
        {
            "start": np.where(valid, start, nat),
            "end": np.where(valid, end, nat),
            "problem": problem,
        },
        index=periods.index,
    )
