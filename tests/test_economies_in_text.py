"""Economies found in running text: every name country_converter knows, in one linear scan,
never an error, whatever the text holds."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from integration_indicators.model.economies import (
    _converter,
    economies_in,
    economy_codes,
)


def _short_names() -> dict[str, str]:
    data = _converter().data
    known = economy_codes()
    return {
        str(c): str(n) for c, n in zip(data["ISO3"], data["name_short"], strict=True) if c in known
    }


def test_every_economy_is_found_by_its_short_name_in_a_sentence() -> None:
    names = _short_names()
    assert len(names) > 240
    texts = pd.Series([f"Trade with {name} grew by 4 percent in 2019." for name in names.values()])
    found = economies_in(texts)
    wrong = {code: got for code, got in zip(names, found, strict=True) if got != [code]}
    assert not wrong


def test_names_whose_patterns_capture_groups_are_found() -> None:
    """The names that crashed claims add and extract (country_converter's groups)."""
    text = (
        "Moldova, Romania, New Zealand, Haiti, Gabon, Suriname, Macao, Curacao, Cabo Verde, "
        "Cote d'Ivoire and the Aland Islands"
    )
    assert economies_in(pd.Series([text])).tolist() == [
        ["MDA", "ROU", "NZL", "HTI", "GAB", "SUR", "MAC", "CUW", "CPV", "CIV", "ALA"]
    ]


def test_a_longer_name_wins_over_the_name_it_holds() -> None:
    found = economies_in(pd.Series(["Guinea-Bissau, Papua New Guinea, Niger and Nigeria"]))
    assert found.tolist() == [["GNB", "PNG", "NER", "NGA"]]


def test_a_sentence_of_twenty_thousand_characters_is_one_scan() -> None:
    """The quadratic case of the audit (a lookahead scanning to the end at each position)
    now gives its answer; its time is in benchmarks/bench_hostile.py."""
    text = "Belarus " + "and the other " * 1500 + "Russia"
    assert economies_in(pd.Series([text])).tolist() == [["BLR", "RUS"]]


@given(st.text(max_size=300))
def test_any_text_gives_a_list_of_known_codes(text: str) -> None:
    (found,) = economies_in(pd.Series([text])).tolist()
    assert isinstance(found, list) and set(found) <= economy_codes()
    assert len(found) == len(set(found))
