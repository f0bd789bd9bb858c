"""A claim naming its period is judged on the latest held release out by its date that holds
the period, with today's verdict beside it, as a claim naming none is (issue 33); where no
release of its day holds the period, on today's figure, said so. Official figures: WDI
NY.GDP.MKTP.CD of Belarus, 2016: $47,407,217,531 in the release of 2018-08-01 (the bundled
vintage), $47,723,545,321 today."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import integration_indicators as ii

from .conftest import desk_catalogue

QUOTE = "Belarus's GDP was $47.4 billion in 2016, the statistics committee said."


def _judged(tmp_path: Path, said_on: str) -> pd.Series:
    folder = desk_catalogue(
        tmp_path,
        [
            {
                "quote": QUOTE,
                "figure": "$47.4 billion",
                "date": said_on,
                "indicator": "macro.gdp",
                "geo": "BLR",
                "period": "2016",
                "url": "https://example.org/g",
            }
        ],
    )
    table = ii.load(folder).crosscheck()
    chosen = table[table["of_record"] & (table["quote"] == QUOTE)]
    assert len(chosen) == 1
    return chosen.iloc[0]


def test_judged_on_the_release_of_its_day_with_todays_verdict_beside(tmp_path: Path) -> None:
    row = _judged(tmp_path, "2019-01-10")
    assert row["official_vintage"] == "2018-08-01"
    assert row["official_value"] == pytest.approx(47_407_217_531)
    assert row["verdict"] == "consistent" and row["revised_verdict"] == "close"
    assert "as published in the release of 2018-08-01" in row["reasons"]


def test_the_day_a_release_appears_it_is_the_one(tmp_path: Path) -> None:
    assert _judged(tmp_path, "2018-08-01")["official_vintage"] == "2018-08-01"


def test_before_any_release_holds_the_period_todays_figure_said_so(tmp_path: Path) -> None:
    row = _judged(tmp_path, "2018-07-31")
    assert row["official_value"] == pytest.approx(47_723_545_321) and row["verdict"] == "close"
    assert "no release held from before the claim holds its period" in row["reasons"]
