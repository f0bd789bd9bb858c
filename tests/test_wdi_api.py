"""`import wdi` of a saved World Bank Indicators API response (issue 39): the documented v2
layout, its lastupdated the release, aggregates set apart, nulls left out, and every way a
file is not one whole annual series refused with the file named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import integration_indicators as ii
from integration_indicators.importers.wdi import read_wdi
from integration_indicators.importers.wdi_api import read_wdi_api

FIXTURE = Path(__file__).parent / "data" / "wdi-api" / "ny.gdp.mktp.cd.json"


def test_a_saved_response_becomes_the_series_of_its_release() -> None:
    result = read_wdi(FIXTURE)
    rows = result.observations.set_index("id")
    assert len(rows) == 5 and result.dropped == ("WLD",)  # the World is an aggregate
    assert rows.loc["wdi-ny.gdp.mktp.cd-blr-2019", "value"] == "64410170653.4569"
    assert set(rows["as_of"]) == {"2026-07-01"} and set(rows["indicator"]) == {"macro.gdp"}
    assert "wdi-ny.gdp.mktp.cd-blr-2025" not in rows.index  # null: no value, no row
    assert result.source.id == "wb-wdi-ny.gdp.mktp.cd"
    assert "lastupdated is 2026-07-01" in result.source.note


def test_the_response_agrees_with_the_bundled_release() -> None:
    """The values read from the response are the bundled WDI release's, to the digit."""
    obs = ii.load().observations()
    bundled = obs[obs["indicator"] == "macro.gdp"].set_index(["geo", "period"])["value"]
    read = read_wdi(FIXTURE).observations
    for geo, period, value in read[["geo", "period", "value"]].itertuples(index=False):
        assert float(value) == bundled.loc[(geo, period)], (geo, period)


def _document(
    tmp_path: Path, change: dict[str, object] | None = None, header: dict[str, object] | None = None
) -> Path:
    header_row, records = json.loads(FIXTURE.read_text(encoding="utf-8"))
    header_row.update(header or {})
    records[0].update(change or {})
    path = tmp_path / "response.json"
    path.write_text(json.dumps([header_row, records]), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "header", "words"),
    [
        ({}, {"page": 1, "pages": 2}, "holds page 1 of 2"),
        ({"date": "2020M01"}, {}, "annual series only"),
        ({"value": "n/a"}, {}, "a value is not a number"),
        (
            {"indicator": {"id": "SP.POP.TOTL", "value": "Population, total"}},
            {},
            "must hold one series",
        ),
    ],
)
def test_what_is_not_one_whole_annual_series_is_refused(
    tmp_path: Path, change: dict[str, object], header: dict[str, object], words: str
) -> None:
    with pytest.raises(ii.ValidationError) as caught:
        read_wdi_api(_document(tmp_path, change, header))
    problem = caught.value.problems[0]
    assert problem.file == "response.json" and problem.rule == "wdi-api"
    assert words in problem.message


def test_an_error_message_of_the_api_is_said(tmp_path: Path) -> None:
    path = tmp_path / "response.json"
    path.write_text('[{"message": [{"id": "120", "key": "Invalid value"}]}]', encoding="utf-8")
    with pytest.raises(ii.ValidationError) as caught:
        read_wdi_api(path)
    assert "the API answered with a message" in caught.value.problems[0].message


def test_the_import_command_takes_a_response(tmp_path: Path) -> None:
    from integration_indicators.cli import main

    out = tmp_path / "catalogue"
    assert main(["init", str(out)]) == 0
    assert main(["import", "wdi", str(FIXTURE), "-o", str(out), "--name", "wdi-api"]) == 0
    cat = ii.load(out, cache=False)
    gdp = cat.series("macro.gdp", geo="BLR")
    assert gdp.values.loc["2020"] == 61371673344.7424
