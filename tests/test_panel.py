"""The panel engine agrees with pandas and with the catalogue's rules, on shuffled rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.validation.panel import check_panel, panel_growth

GEOS = ["BLR", "RUS", "CHN", "POL", "LTU"]
YEARS = [str(y) for y in range(1990, 2010)]


def panel(seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    rows = [
        (ind, geo, year) for ind in ("a.usd", "b.rub", "c.person") for geo in GEOS for year in YEARS
    ]
    frame = pd.DataFrame(rows, columns=["indicator", "geo", "period"])
    units = {"a.usd": "billion USD", "b.rub": "million RUB", "c.person": "thousand person"}
    frame["unit"] = frame["indicator"].map(units)
    frame["value"] = rng.uniform(1, 100, len(frame))
    frame = frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    indicators = pd.DataFrame(
        {"id": ["a.usd", "b.rub", "c.person"], "unit": ["USD", "RUB", "person"]}
    )
    return frame.astype({c: "category" for c in ("indicator", "geo", "period", "unit")}), indicators


def test_normalised_values_and_growth_match_pandas() -> None:
    frame, indicators = panel()
    checked = check_panel(frame, indicators)
    scale = frame["unit"].map({"billion USD": 1e9, "million RUB": 1e6, "thousand person": 1e3})
    np.testing.assert_allclose(checked.value, frame["value"] * scale.astype(float), rtol=1e-15)
    ours = panel_growth(checked)
    expected = (
        frame.assign(value=checked.value)
        .sort_values(["indicator", "geo", "period"])
        .groupby(["indicator", "geo"], observed=True)["value"]
        .pct_change()
        .reindex(frame.index)
        * 100
    )
    np.testing.assert_allclose(ours.to_numpy(), expected.to_numpy(), rtol=1e-12, equal_nan=True)
    assert ours.isna().sum() == 3 * len(GEOS)  # the first year of each series


def test_every_rule_is_counted_and_its_first_rows_shown() -> None:
    frame, indicators = panel()
    broken = frame.astype({c: "object" for c in ("indicator", "geo", "period", "unit")})
    broken.loc[0:9, "geo"] = "XXA"
    broken.loc[10:14, "unit"] = "billion EUR"
    broken.loc[15, "period"] = "1999-13"
    broken.loc[16, "value"] = np.inf
    broken.loc[17, "indicator"] = "z.none"
    twin = broken.iloc[[20]].copy()
    broken = pd.concat([broken, twin], ignore_index=True)
    with pytest.raises(ii.ValidationError) as caught:
        check_panel(broken, indicators, file="mine.csv", first_rows=3)
    counts = caught.value.rule_counts()
    assert counts["iso-country"] == 10
    assert counts["number"] == 1
    assert counts["period"] == 1
    assert counts["unknown-indicator"] == 1
    assert counts["duplicate-key"] >= 2
    assert sum(v for k, v in counts.items() if k.startswith("unit-")) >= 4
    iso = [p for p in caught.value.problems if p.rule == "iso-country"]
    assert len(iso) == 3  # first rows only
    assert (iso[0].file, iso[0].row, iso[0].column, iso[0].value) == ("mine.csv", 2, "geo", "XXA")
    report = str(caught.value)
    assert "by rule: iso-country: 10" in report


def test_missing_columns() -> None:
    with pytest.raises(ii.ValidationError, match="column 'unit': the column is missing"):
        check_panel(
            pd.DataFrame({"indicator": [], "geo": [], "period": [], "value": []}),
            pd.DataFrame({"id": [], "unit": []}),
        )


def test_catalogue_rows_pass_the_panel_engine() -> None:
    cat = ii.load()
    obs = cat.observations().query("status == 'official'")
    frame = obs.assign(value=obs["value_as_written"].astype(float), unit=obs["unit_as_written"])
    checked = check_panel(frame, cat.indicators)
    np.testing.assert_allclose(checked.value, obs["value"].to_numpy(), rtol=1e-15)
