"""Qualifier and bounds: the rules of the data conventions, as a property."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import integration_indicators as ii

from .conftest import read_rows, write_rows

Number = int | None


def follows_the_rules(qualifier: str, value: Number, lower: Number, upper: Number) -> bool:
    """The conventions of the README, written out case by case."""
    if qualifier in ("exact", "approximate"):
        return value is not None and lower is None and upper is None
    if qualifier == "at_most":
        return value is not None and lower is None and upper == value
    if qualifier == "at_least":
        return value is not None and upper is None and lower == value
    if qualifier == "range":
        if lower is None or upper is None or lower > upper:
            return False
        return value is None or lower <= value <= upper
    assert qualifier == "sign"
    return value is None and ((lower == 0 and upper is None) or (upper == 0 and lower is None))


numbers = st.one_of(st.none(), st.integers(min_value=-2, max_value=2))


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    qualifier=st.sampled_from(["exact", "approximate", "at_most", "at_least", "range", "sign"]),
    value=numbers,
    lower=numbers,
    upper=numbers,
    scale=st.sampled_from([("USD", 1.0), ("million USD", 1e6), ("billion USD", 1e9)]),
)
def test_bounds_follow_the_qualifier(
    catalogue_dir: Path,
    qualifier: str,
    value: Number,
    lower: Number,
    upper: Number,
    scale: tuple[str, float],
) -> None:
    unit, factor = scale
    rows = read_rows(catalogue_dir)
    row = next(r for r in rows if r["id"] == "jt23-balance-2019")
    text = {
        k: "" if v is None else str(v)
        for k, v in (("value", value), ("lower", lower), ("upper", upper))
    }
    row.update(text, qualifier=qualifier, unit=unit, status="official", figure="", quote="")
    write_rows(catalogue_dir, rows)
    if follows_the_rules(qualifier, value, lower, upper):
        got = ii.load(catalogue_dir).observations().set_index("id").loc["jt23-balance-2019"]
        for column, written in (("value", value), ("lower", lower), ("upper", upper)):
            expected = math.nan if written is None else written * factor
            assert got[column] == pytest.approx(expected, nan_ok=True)
    else:
        with pytest.raises(ii.ValidationError) as caught:
            ii.load(catalogue_dir)
        rules = {p.rule for p in caught.value.problems}
        assert rules and rules <= {"qualifier-bounds", "bounds-order"}
