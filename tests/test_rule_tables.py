"""crosschecks.yaml and releases.yaml are checked when a catalogue loads, not at verdict time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import integration_indicators as ii


@pytest.fixture
def whole_catalogue(tmp_path: Path) -> Path:
    """The bundled catalogue with its official files, in a writable directory."""
    target = tmp_path / "whole"
    shutil.copytree(ii.bundled_path(), target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _rules(directory: Path) -> list[tuple[str, int | None, str | None, str]]:
    with pytest.raises(ii.ValidationError) as caught:
        ii.load(directory, cache=False)
    return [(p.file, p.row, p.column, p.rule) for p in caught.value.problems]


def test_two_release_lags_for_one_dataset_are_a_load_time_problem(whole_catalogue: Path) -> None:
    path = whole_catalogue / "releases.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n- id: wdi-again\n  dataset: World Development Indicators\n  lag_months: "3"\n'
        "  note: a second lag\n",
        encoding="utf-8",
    )
    found = _rules(whole_catalogue)
    assert {(f, c, r) for f, _, c, r in found} == {("releases.yaml", "dataset", "unique")}
    assert len(found) == 2  # both entries named, each at its line


MIS_UNITED = """
- id: growth-against-ratio
  claim: trade.turnover.growth
  operation: ratio
  first: [macro.gdp]
  first_geo: geo
  second: [population.total]
  second_geo: geo
  comparability: comparable
"""


def test_a_rule_whose_operation_cannot_give_the_claims_unit_is_refused(
    whole_catalogue: Path,
) -> None:
    path = whole_catalogue / "crosschecks.yaml"
    path.write_text(path.read_text(encoding="utf-8") + MIS_UNITED, encoding="utf-8")
    with pytest.raises(ii.ValidationError) as caught:
        ii.load(whole_catalogue, cache=False)
    (problem,) = caught.value.problems
    assert (problem.file, problem.column, problem.rule) == (
        "crosschecks.yaml",
        "operation",
        "rule-unit",
    )
    assert "ratio of USD and person cannot give 'percent'" in problem.message


LCU_RULE = """
- id: rate-as-loans
  claim: finance.loan.amount
  operation: as_is
  first: [fx.official_rate]
  first_geo: geo
  comparability: comparable
"""


def test_a_unit_mismatch_found_at_verdict_time_is_said_as_such(whole_catalogue: Path) -> None:
    path = whole_catalogue / "crosschecks.yaml"
    path.write_text(path.read_text(encoding="utf-8") + LCU_RULE, encoding="utf-8")
    table = ii.load(whole_catalogue, cache=False).crosscheck()
    mine = table[table["rule"] == "rate-as-loans"]
    assert len(mine)
    reasons = mine["reasons"].astype("str")
    assert reasons.str.contains("not in the claim's unit").all()
    assert not reasons.str.contains("missing from this catalogue").any()
    assert set(mine["verdict"].astype("str")) == {"unverifiable"}
