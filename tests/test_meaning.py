"""Meaning, not only form: signs agree with the words, pairs with the indicator."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import integration_indicators as ii

from .conftest import problems_of


def test_a_deficit_stored_as_positive_is_an_error(edit_row: Callable[..., Path]) -> None:
    folder = edit_row(
        "jt23-balance-2019",
        value="5",
        figure="deficit of $5 billion",
        quote="Belarus ran a deficit of $5 billion with Russia in 2019.",
    )
    problems = [p for p in problems_of(folder) if p.rule == "sign-convention"]
    assert [(p.row, p.column, p.value) for p in problems] == [(22, "value", "5")]
    assert "the text says deficit but the value is positive" in problems[0].message


def test_a_surplus_stored_as_negative_is_an_error(edit_row: Callable[..., Path]) -> None:
    folder = edit_row("jt23-balance-2022", lower="", upper="0")
    assert "sign-convention" in {p.rule for p in problems_of(folder)}


def test_a_rise_stored_as_a_fall_is_an_error(edit_row: Callable[..., Path]) -> None:
    folder = edit_row("jt23-turnover-growth-2021", value="-35")
    problems = [p for p in problems_of(folder) if p.rule == "sign-convention"]
    assert "the text says a rise but the value is negative" in problems[0].message


def test_the_bundled_signs_agree() -> None:
    obs = ii.load().observations()
    balance = obs[(obs["indicator"] == "trade.balance") & (obs["status"] == "reported")]
    assert (balance.set_index("id")["value"].dropna() < 0).all()
    stated = obs[(obs["indicator"] == "trade.balance") & (obs["status"] == "stated")]
    assert stated.set_index("id").loc["stated-blr-official-2022-balance", "value"] == 127.4e6
    assert balance.set_index("id").loc["jt23-balance-2022", "lower"] == 0


def test_a_bilateral_indicator_needs_a_counterpart(edit_row: Callable[..., Path]) -> None:
    folder = edit_row("jt23-goods-turnover-2022", geo="BEL", counterpart="")
    problems = {(p.row, p.column, p.rule) for p in problems_of(folder)}
    assert (19, "counterpart", "counterpart-required") in problems


@pytest.mark.parametrize(
    ("cells", "column"),
    [({"geo": "RUS", "counterpart": "BLR"}, "geo"), ({"counterpart": "CHN"}, "counterpart")],
)
def test_union_state_indicators_are_blr_with_rus(
    edit_row: Callable[..., Path], cells: dict[str, str], column: str
) -> None:
    folder = edit_row("bw24-directions-count", **cells)
    assert (column, "union-state") in {(p.column, p.rule) for p in problems_of(folder)}


def test_as_of_is_the_cited_sources_date() -> None:
    obs = ii.load().observations().set_index("id")
    assert obs.loc["jt23-programmes-count-initiated", "as_of"] == "2021-09-10"


@pytest.mark.parametrize(
    ("column", "text"), [("period", "0000"), ("period", "0000/2020"), ("as_of", "0000-01-01")]
)
def test_year_zero_is_refused(edit_row: Callable[..., Path], column: str, text: str) -> None:
    folder = edit_row("jt23-balance-2019", **{column: text})
    problems = [p for p in problems_of(folder) if p.column == column]
    assert [p.rule for p in problems] == ["period" if column == "period" else "as-of"]
    assert "year 0000 does not exist" in problems[0].message


def test_a_reported_figure_stated_before_its_period_ends_is_refused(
    edit_row: Callable[..., Path],
) -> None:
    folder = edit_row("jt23-balance-2019", as_of="2019-06-01")  # 213 days before 2019 ends
    problems = [p for p in problems_of(folder) if p.rule == "stated-before-period"]
    assert [(p.row, p.column, p.value) for p in problems] == [(22, "as_of", "2019-06-01")]
    assert "announced or planned" in problems[0].message


def test_a_planned_figure_may_be_stated_long_before_its_period(
    edit_row: Callable[..., Path],
) -> None:
    folder = edit_row("jt23-balance-2019", as_of="2019-06-01", status="planned")
    planned = ii.load(folder, cache=False).observations().set_index("id")
    assert planned.loc["jt23-balance-2019", "status"] == "planned"


def test_a_figure_stated_in_the_last_weeks_of_its_period_loads(
    edit_row: Callable[..., Path],
) -> None:
    ii.load(edit_row("jt23-balance-2019", as_of="2019-10-15"), cache=False)
