"""What no statistic can say is refused with its rule: a negative quantity of an indicator
that cannot be negative, an economy as its own partner, a release dated after today."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

from .conftest import problems_of


def test_a_negative_quantity_that_cannot_be_negative_is_refused(
    edit_row: Callable[..., Path],
) -> None:
    folder = edit_row("bw24-labour-active", value="-4172000", figure="", quote="")
    found = [(p.row, p.column, p.rule) for p in problems_of(folder)]
    assert (6, "value", "negative-quantity") in found


def test_a_negative_lower_bound_is_refused_too(edit_row: Callable[..., Path]) -> None:
    folder = edit_row("bw24-emigration-experts", lower="-200000")
    rules = {p.rule for p in problems_of(folder)}
    assert "negative-quantity" in rules


def test_zero_is_not_negative(edit_row: Callable[..., Path]) -> None:
    """On the edge: 0 passes the rule (other rules may still speak of the row)."""
    folder = edit_row("bw24-labour-active", value="0", figure="", quote="")
    found = problems_of(folder) if _fails(folder) else ()
    assert "negative-quantity" not in {p.rule for p in found}


def _fails(folder: Path) -> bool:
    import integration_indicators as ii

    try:
        ii.load(folder, cache=False)
    except ii.ValidationError:
        return True
    return False


def test_an_economy_is_not_its_own_partner(edit_row: Callable[..., Path]) -> None:
    folder = edit_row("bw24-programmes-count-pm", counterpart="BLR")
    assert (3, "counterpart", "own-partner") in [
        (p.row, p.column, p.rule) for p in problems_of(folder)
    ]


def test_a_release_dated_after_today_is_refused_and_today_is_not(
    edit_row: Callable[..., Path],
) -> None:
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    folder = edit_row("bw24-repatriation-appeals", as_of=tomorrow)
    found = [(p.row, p.column, p.rule) for p in problems_of(folder)]
    assert (10, "as_of", "future-release") in found
    today = datetime.date.today().isoformat()
    folder = edit_row("bw24-repatriation-appeals", as_of=today)
    rules = {p.rule for p in problems_of(folder)} if _fails(folder) else set()
    assert "future-release" not in rules
