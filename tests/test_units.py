"""The registry, the unit grammar and vectorised conversion."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from integration_indicators import UnitError
from integration_indicators.model.units import (
    conversion_factor,
    currencies_of,
    grammar_problem,
    pair_factors,
    root_factor,
)


@pytest.mark.parametrize(
    ("unit", "target", "factor"),
    [
        ("billion USD", "USD", 1e9),
        ("million USD", "USD", 1e6),
        ("thousand person", "person", 1e3),
        ("million person", "person", 1e6),
        ("trillion RUB", "RUB", 1e12),
        ("percent", "percent", 1.0),
        ("percent", "dimensionless", 0.01),
        ("times", "dimensionless", 1.0),
        ("USD / person", "USD/person", 1.0),
        ("count", "count", 1.0),
    ],
)
def test_conversion_factor(unit: str, target: str, factor: float) -> None:
    assert conversion_factor(unit, target) == pytest.approx(factor, rel=1e-15)


@pytest.mark.parametrize(
    ("unit", "target", "rule", "message"),
    [
        ("billion RUB", "USD", "unit-currency", "is in RUB but 'USD' is in USD"),
        ("EUR", "CNY", "unit-currency", "explicit, dated exchange rate"),
        ("person", "USD", "unit-dimension", "has dimension [person]"),
        ("count", "person", "unit-dimension", "has dimension [count]"),
        ("USD", "percent", "unit-dimension", "has dimension [currency_USD]"),
        ("billion dollars", "USD", "unit-unknown", "not a unit of the library's registry"),
        ("meter", "USD", "unit-unknown", "not a unit"),
        ("NaN", "USD", "unit-unknown", "not a unit"),  # found by the fuzz suite
        ("nan person", "person", "unit-unknown", "not a unit"),
        ("10**10**10", "USD", "unit-grammar", "only words"),
        ("USD^2", "USD", "unit-grammar", "only words"),
        ("(USD)", "USD", "unit-grammar", "only words"),
        ("", "USD", "unit-grammar", "only words"),
        ("ＵＳＤ", "USD", "unit-grammar", "only words"),
        ("x" * 65, "USD", "unit-grammar", "longer than 64 characters"),
    ],
)
def test_conversion_errors(unit: str, target: str, rule: str, message: str) -> None:
    with pytest.raises(UnitError, match=re.escape(message)) as caught:
        conversion_factor(unit, target)
    assert caught.value.rule == rule
    assert isinstance(caught.value, ValueError)


def test_hostile_strings_fail_fast_before_pint() -> None:
    for hostile in ("10**10**10", "9" * 10_000, "1e999999", "a" * 10_000_000, "__import__"):
        reason = grammar_problem(hostile)
        if hostile == "__import__":
            assert reason is None  # passes the grammar, but pint does not know it:
            with pytest.raises(UnitError, match="not a unit"):
                conversion_factor(hostile, "USD")
        else:
            assert reason is not None


def test_currencies_and_roots() -> None:
    assert currencies_of("billion USD") == ("USD",)
    assert currencies_of("person") == ()
    assert root_factor("percent") == 0.01
    assert root_factor("million person") == 1e6


def test_pair_factors_one_row_per_input_and_errors_aligned() -> None:
    units = pd.Series(
        ["billion USD", "million USD", "billion USD", "person", "RUB"], index=[5, 6, 7, 8, 9]
    )
    targets = pd.Series(["USD", "USD", "USD", "USD", "USD"], index=units.index)
    found = pair_factors(units, targets)
    assert found.factors[:3].tolist() == [1e9, 1e6, 1e9]
    assert np.isnan(found.factors[3:]).all()
    assert found.rules.tolist() == ["", "", "", "unit-dimension", "unit-currency"]
    assert found.messages[4].startswith("is in RUB but 'USD' is in USD")
    # a pair that differs in currency alone also gives the factor to the target in its own
    assert found.own_currency.tolist() == ["", "", "", "", "RUB"]
    assert found.own_factors[4] == 1.0 and np.isnan(found.own_factors[:4]).all()


SCALES = {"": 1.0, "thousand ": 1e3, "million ": 1e6, "billion ": 1e9, "trillion ": 1e12}


@given(
    st.lists(
        st.tuples(
            st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
            st.sampled_from(sorted(SCALES)),
            st.sampled_from(["USD", "RUB", "BYN", "CNY", "EUR"]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_vectorised_normalisation_equals_scale_times_value(
    rows: list[tuple[float, str, str]],
) -> None:
    values = np.array([v for v, _, _ in rows])
    units = pd.Series([f"{scale}{currency}" for _, scale, currency in rows])
    targets = pd.Series([currency for _, _, currency in rows])
    found = pair_factors(units, targets)
    assert (found.rules == "").all()
    expected = np.array([v * SCALES[s] for v, s, _ in rows])
    np.testing.assert_allclose(values * found.factors, expected, rtol=1e-15, atol=0)


@given(st.text(max_size=200))
def test_grammar_never_passes_a_string_pint_could_choke_on(text: str) -> None:
    if grammar_problem(text) is None:
        assert re.fullmatch(r"[A-Za-z_ */]+", text)
        assert len(text) <= 64
