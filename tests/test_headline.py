"""Each headline metric against a value worked out by hand from the bundled rows."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.analysis.headline import HEADLINE_COLUMNS, NO_METRICS, headline_metrics
from integration_indicators.cli import main


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return headline_metrics(ii.load())


@pytest.fixture(scope="module")
def obs() -> pd.Series:
    frame = ii.load().observations().set_index("id")
    return frame["value"]


def row(table: pd.DataFrame, start: str, period: str) -> pd.Series:
    hits = table[table["metric"].str.startswith(start) & (table["period"] == period)]
    assert len(hits) == 1, (start, period)
    return hits.iloc[0]


def test_economy_ratio_current_usd(table: pd.DataFrame, obs: pd.Series) -> None:
    r = row(table, "Russia/Belarus economy size, GDP in current US$", "2019")
    expected = obs["wdi-ny.gdp.mktp.cd-rus-2019"] / obs["wdi-ny.gdp.mktp.cd-blr-2019"]
    assert r["value"] == pytest.approx(expected, rel=1e-12)
    assert r["value"] == pytest.approx(26.29, abs=0.01)
    assert r["unit"] == "dimensionless"
    assert r["sources"] == "wb-wdi-ny.gdp.mktp.cd-v2025-12-17"  # first published then, unrevised


def test_economy_ratio_ppp(table: pd.DataFrame, obs: pd.Series) -> None:
    r = row(table, "Russia/Belarus economy size, GDP at PPP", "2019")
    rus = obs["wdi-ny.gdp.pcap.pp.cd-rus-2019"] * obs["wdi-sp.pop.totl-rus-2019"]
    blr = obs["wdi-ny.gdp.pcap.pp.cd-blr-2019"] * obs["wdi-sp.pop.totl-blr-2019"]
    assert r["value"] == pytest.approx(rus / blr, rel=1e-12)


def test_press_economy_ratio_beside(table: pd.DataFrame) -> None:
    r = row(table, "press: the Russian economy is N times", "2019-12")
    assert (r["value"], r["sources"]) == (29.0, "sochi-meeting-2019-12")


def test_population_ratios(table: pd.DataFrame, obs: pd.Series) -> None:
    r = row(table, "Russia/Belarus population (World Bank)", "2019")
    assert r["value"] == pytest.approx(
        obs["wdi-sp.pop.totl-rus-2019"] / obs["wdi-sp.pop.totl-blr-2019"], rel=1e-12
    )
    press = row(table, "press: Russia/Belarus population", "2019-12")
    assert press["value"] == pytest.approx(145e6 / 10e6)
    assert bool(press["approximate"]) is True  # "close to 10 million"


def test_gdp_per_head_ratio(table: pd.DataFrame, obs: pd.Series) -> None:
    r = row(table, "Russia/Belarus GDP per head", "2022")
    assert r["value"] == pytest.approx(
        obs["wdi-ny.gdp.pcap.cd-rus-2022"] / obs["wdi-ny.gdp.pcap.cd-blr-2022"], rel=1e-12
    )


def test_dots_turnover_balance_and_growth(table: pd.DataFrame, obs: pd.Series) -> None:
    def turnover(year: int) -> float:
        return float(obs[f"dots-blr-exports-rus-{year}"] + obs[f"dots-blr-imports-rus-{year}"])

    r = row(table, "Belarus-Russia goods turnover", "2019")
    assert r["value"] == pytest.approx(turnover(2019), rel=1e-12)
    balance = row(table, "Belarus-Russia goods balance", "2019")
    expected = obs["dots-blr-exports-rus-2019"] - obs["dots-blr-imports-rus-2019"]
    assert balance["value"] == pytest.approx(expected, rel=1e-12)
    growth = row(table, "growth of Belarus-Russia goods turnover", "2020")
    assert growth["value"] == pytest.approx((turnover(2020) / turnover(2019) - 1) * 100, rel=1e-12)
    press = row(table, "press: Belarus's trade balance", "2019")
    assert press["value"] == -8.4e9
    surplus = row(table, "press: Belarus's trade balance", "2022")
    assert (surplus["lower"], surplus["upper"]) == (0.0, math.inf)


def test_turnover_implied_by_reported_growth(table: pd.DataFrame, obs: pd.Series) -> None:
    base = obs["dots-blr-exports-rus-2020"] + obs["dots-blr-imports-rus-2020"]
    r2021 = row(table, "turnover implied by the press growth rates", "2021")
    r2022 = row(table, "turnover implied by the press growth rates", "2022")
    assert r2021["value"] == pytest.approx(base * 1.35, rel=1e-12)
    assert r2022["value"] == pytest.approx(base * 1.35 * 1.12, rel=1e-12)
    assert r2022["sources"] == "imf-dots-blr-rus, jamestown-2023-04-24"
    assert "Not a check of the $45 billion" in r2022["caveat"]
    assert "the scopes differ" in r2022["caveat"]
    reported = row(table, "press: Belarus-Russia goods turnover", "2022")
    assert reported["value"] == 45e9


def test_emigration_shares(table: pd.DataFrame, obs: pd.Series) -> None:
    press = row(
        table, "emigration estimate of Belarusian experts / population (press", "2020/2024-01"
    )
    assert math.isnan(press["value"])
    assert press["lower"] == pytest.approx(200_000 / 9.5e6 * 100)
    assert press["upper"] == pytest.approx(500_000 / 9.5e6 * 100)
    pop = obs["wdi-sp.pop.totl-blr-2023"]
    labour = obs["wdi-sl.tlf.totl.in-blr-2023"]
    claimed = row(
        table,
        "emigration claimed by Deputy Interior Minister Karpiankou / population",
        "2020/2023-10",
    )
    assert claimed["value"] == pytest.approx(350_000 / pop * 100)
    assert bool(claimed["approximate"]) is True
    assert "regime dissenters" in claimed["caveat"]
    claimed_lf = row(
        table,
        "emigration claimed by Deputy Interior Minister Karpiankou, ratio to the labour",
        "2020/2023-10",
    )
    assert claimed_lf["value"] == pytest.approx(350_000 / labour)  # a ratio, not a percent share
    assert claimed_lf["unit"] == "dimensionless"
    experts_lf = row(
        table, "emigration estimate of Belarusian experts, ratio to the labour", "2020/2024-01"
    )
    assert experts_lf["upper"] == pytest.approx(500_000 / labour)
    assert "A ratio, not a share" in experts_lf["caveat"]
    assert not table["metric"].str.contains("Interior Ministry /").any()


def test_programmes_pace_and_no_fractional_programmes(table: pd.DataFrame) -> None:
    assert not table["metric"].str.contains("programmes implemented").any()
    pace = row(table, "pace of implementation", "2023-04-05")
    months = (pd.Timestamp("2023-04-05") - pd.Timestamp("2023-01-12")).days / 30.436875
    assert pace["value"] == pytest.approx((80 - 70) / months)
    assert pace["unit"] == "percentage_point / month"
    assert "no count of programmes is derived" in pace["caveat"]


def test_metrics_command_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics"]) == 0
    out = capsys.readouterr().out
    assert "press: the Russian economy is N times the Belarusian one" in out
    assert "sochi-meeting-2019-12" in out
    assert main(["metrics", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {"metric", "period", "value", "lower", "upper", "unit", "sources"} <= set(records[0])
    assert main(["metrics", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("metric,period,value,lower,upper,unit")


def test_a_catalogue_without_the_bundled_series_says_which_metrics_it_cannot_give(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "catalogue"
    assert main(["init", "--with-case-study", str(folder)]) == 0
    table = headline_metrics(ii.load(folder, cache=False))
    assert table.empty and list(table.columns) == list(HEADLINE_COLUMNS)
    declared = (ii.bundled_path() / "headline.yaml").read_text(encoding="utf-8")
    assert len(table.attrs["notes"]) == declared.count("\n- name:") == 18
    assert table.attrs["notes"][0] == (
        "not computed: Russia/Belarus economy size, GDP in current US$ (World Bank): needs "
        "series('macro.gdp', geo='RUS'), which this catalogue does not hold"
    )
    capsys.readouterr()
    assert main(["metrics", "--catalogue", str(folder)]) == 0
    assert capsys.readouterr().err.count("note: not computed:") == 18


def _own_metrics(folder: Path, entries: str) -> ii.Catalogue:
    assert main(["init", str(folder)]) == 0
    (folder / "headline.yaml").write_text(entries, encoding="utf-8")
    return ii.load(folder, cache=False)


def test_a_catalogue_declares_its_own_metrics(catalogue_dir: Path) -> None:
    """A formula of headline.yaml gives the same series as the metrics called in Python."""
    from integration_indicators.analysis import metrics

    (catalogue_dir / "headline.yaml").write_text(
        "- name: press population, Russia over Belarus\n"
        "  compute: >-\n"
        "    ratio(population.total[RUS; source=sochi-meeting-2019-12],\n"
        "    population.total[BLR; source=sochi-meeting-2019-12])\n"
        "- name: emigrants claimed, share of the press population\n"
        "  about: emigration\n"
        "  compute: share(at(migration.emigration.cumulative[BLR; status=claimed], first),"
        " at(population.total[BLR; source=belarus-weekly-2024-02-02], last))\n"
        "  caveat: only an example\n",
        encoding="utf-8",
    )
    cat = ii.load(catalogue_dir, cache=False)
    table = headline_metrics(cat)
    assert list(table["metric"].unique()) == [
        "press population, Russia over Belarus",
        "emigrants claimed, share of the press population",
    ]
    assert table.attrs["notes"] == []
    rus = cat.series("population.total", "RUS", source="sochi-meeting-2019-12")
    blr = cat.series("population.total", "BLR", source="sochi-meeting-2019-12")
    first = table[table["metric"] == "press population, Russia over Belarus"]
    assert first["value"].tolist() == metrics.ratio(rus, blr).values.tolist() == [14.5]
    claimed = cat.series("migration.emigration.cumulative", "BLR", status="claimed")
    population = cat.series("population.total", "BLR", source="belarus-weekly-2024-02-02")
    share = metrics.share(claimed.at(claimed.periods[0]), population.at(population.periods[-1]))
    second = table[table["metric"] == "emigrants claimed, share of the press population"]
    assert second["value"].tolist() == share.values.tolist()
    assert second["value"].iloc[0] == pytest.approx(350_000 / 9_500_000 * 100)
    assert set(second["caveat"]) == {"only an example"}


@pytest.mark.parametrize(
    ("formula", "said"),
    [
        ("ratoi(macro.gdp[RUS], macro.gdp[BLR])", "unknown operation 'ratoi': did you mean ratio?"),
        ("ratio(macro.gdp[RUS])", "ratio takes 2 series: ratio(macro.gdp[RUS])"),
        ("ratio(macro.gdp[RUS], macro.gdp[BLR], how=inner)", "ratio takes no how= (only align=)"),
        ("growth_rate(macro.gdp[RUS], align=inner)", "growth_rate takes no align= (none)"),
        ("macro.gdp[RUS; year=2020]", "a filter is one of status, source=VALUE"),
        ("macro.gdp[rus]", "'rus' is not an economy code (e.g. BLR)"),
        ("ratio(macro.gdp[RUS], macro.gdp[BLR]", "expected ')', found 'the end'"),
        ("macro.gdp[RUS] macro.gdp[BLR]", "unexpected 'macro.gdp[BLR]' after macro.gdp[RUS]"),
        ("__import__('os')", "cannot read"),
        ("growth_rate(" * 9 + "macro.gdp[RUS]" + ")" * 9, "calls nested more than 8 deep"),
        ("x" * 2001, "2001 characters: the limit is 2000"),
        ("at(macro.gdp[RUS])", "at takes 1 series and a period"),
    ],
)
def test_a_formula_that_does_not_read_says_why(formula: str, said: str) -> None:
    from integration_indicators.analysis.formulas import FormulaError, parse

    with pytest.raises(FormulaError) as caught:
        parse(formula)
    assert said in str(caught.value)


def test_every_problem_of_a_headline_file_at_once(tmp_path: Path) -> None:
    from integration_indicators.errors import ValidationError

    cat = _own_metrics(
        tmp_path / "c",
        (
            "- name: one\n  compute: ratio(macro.gdp[RUS], macro.gdp[BLR])\n"
            "- name: one\n  compute: ratoi(macro.gdp[RUS], macro.gdp[BLR])\n"
            "- name: three\n  formula: macro.gdp[RUS]\n"
        ),
    )
    with pytest.raises(ValidationError) as caught:
        headline_metrics(cat)
    found = {(p.row, p.column, p.rule) for p in caught.value.problems}
    assert found == {
        (3, "name", "unique"),
        (4, "compute", "headline-formula"),
        (5, "compute", "missing-field"),
        (None, "formula", "unknown-column"),
    }
    assert main(["metrics", "--catalogue", str(tmp_path / "c")]) == 1


def test_a_catalogue_without_a_headline_file_says_so(catalogue_dir: Path) -> None:
    (catalogue_dir / "headline.yaml").unlink()
    table = headline_metrics(ii.load(catalogue_dir, cache=False))
    assert table.empty
    assert table.attrs["notes"] == [f"not computed: {NO_METRICS}"]


def test_init_frames_no_union_state_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A catalogue of one's own declares no Belarus-Russia metrics: `metrics` says once what
    to declare, not 18 "not computed" notes; `init --with-case-study` writes them."""
    assert main(["init", str(tmp_path / "mine")]) == 0
    capsys.readouterr()
    assert main(["metrics", "--catalogue", str(tmp_path / "mine")]) == 0
    notes = [line for line in capsys.readouterr().err.splitlines() if line.startswith("note:")]
    assert notes == [f"note: not computed: {NO_METRICS}"]
    assert "Russia" not in (tmp_path / "mine" / "headline.yaml").read_text(encoding="utf-8")
    assert main(["init", "--with-case-study", str(tmp_path / "case")]) == 0
    declared = (tmp_path / "case" / "headline.yaml").read_text(encoding="utf-8")
    assert "Belarus-Russia" in declared
