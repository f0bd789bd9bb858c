"""Economies sharing a currency give one rate (issue 33): the claim's own economy's where it
uses the currency, else the median of rates that agree within 0.1%; only a real
disagreement leaves a claim without a rate, with the spread."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from integration_indicators.analysis.rates import RATE_AGREEMENT, period_rate

START, END = np.datetime64("2019-01-01T00:00:00"), np.datetime64("2019-12-31T00:00:00")


def _rates(values: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "currency": "EUR",
            "geo": list(values),
            "period": "2019",
            "start": START,
            "end": END,
            "rate": list(values.values()),
            "observation": [f"wdi-{g.lower()}-2019" for g in values],
        }
    )


#: WDI PA.NUS.FCRF 2019 (the issue's figures): Montenegro, San Marino and Kosovo against the
#: euro area and Germany.
EURO_2019 = {"MNE": 0.893216, "SMR": 0.893216, "XKX": 0.893216, "EMU": 0.893276, "DEU": 0.893276}


def test_the_claims_own_economy_gives_its_rate() -> None:
    rate, words, failed = period_rate(_rates(EURO_2019), "EUR", START, END, "MNE")
    assert (rate, failed) == (0.893216, "") and "wdi-mne-2019" in words


def test_rates_within_a_thousandth_are_one_rate_the_median() -> None:
    rate, words, failed = period_rate(_rates(EURO_2019), "EUR", START, END, "FRA")
    assert failed == "" and rate == pytest.approx(np.median(list(EURO_2019.values())))
    assert "median of the official rates of DEU, EMU, MNE, SMR, XKX" in words


def test_a_spread_exactly_on_the_threshold_agrees_and_one_beyond_does_not() -> None:
    on = {"AAA": 1.0, "BBB": 1.0 + RATE_AGREEMENT}
    assert period_rate(_rates(on), "EUR", START, END, "FRA")[2] == ""
    beyond = {"AAA": 1.0, "BBB": 1.0 + 1.01 * RATE_AGREEMENT}
    rate, _, failed = period_rate(_rates(beyond), "EUR", START, END, "FRA")
    assert np.isnan(rate) and "disagree between economies by 0.10%" in failed
    assert period_rate(_rates(beyond), "EUR", START, END, "BBB")[2] == ""  # its own rate
