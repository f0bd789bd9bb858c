"""Every CLDR currency, and "LCU" resolved per geo and period, never relabelled silently."""

from __future__ import annotations

import pytest

import integration_indicators as ii
from integration_indicators import metrics
from integration_indicators.importers.imports import Provenance
from integration_indicators.importers.wdi import read_wdi
from integration_indicators.model.currencies import currency_codes, local_currency
from integration_indicators.model.units import conversion_factor

from .conftest import SEEDS

WDI = SEEDS.parent / "official" / "world-bank-wdi"


@pytest.mark.parametrize(
    ("geo", "year", "currency"),
    [
        ("BLR", 2015, "BYN"),
        ("BLR", 1994, "BYN"),
        ("KAZ", 2019, "KZT"),
        ("DEU", 1999, "EUR"),
        ("DEU", 1998, "DEM"),
        ("RUS", 1997, "RUB"),
        ("ARM", 2020, "AMD"),
        ("KGZ", 2020, "KGS"),
    ],
)
def test_local_currency_by_the_wdi_convention(geo: str, year: int, currency: str) -> None:
    assert local_currency(geo, year) == currency


def test_historical_and_current_codes_are_each_their_own_dimension() -> None:
    assert {"DEM", "BYR", "BYB", "SUR", "KZT", "AMD", "KGS"} <= currency_codes()
    assert conversion_factor("million KZT", "KZT") == 1e6
    with pytest.raises(ii.UnitError, match="is in DEM but 'EUR' is in EUR"):
        conversion_factor("DEM", "EUR")
    with pytest.raises(ii.UnitError, match="unit-unknown"):
        conversion_factor("XYZ", "USD")  # not a currency of CLDR


def test_kazakhstan_gdp_converts_to_kzt_with_the_rate_from_the_data() -> None:
    cat = ii.load()
    gdp, rates = cat.series("macro.gdp", geo="KAZ"), cat.series("fx.official_rate", geo="KAZ")
    assert rates.unit == "KZT/USD"
    tenge = metrics.convert_currency(gdp, to="KZT", rates=rates, align="inner")
    assert tenge.unit == "KZT"
    assert tenge.values["2019"] == pytest.approx(gdp.values["2019"] * rates.values["2019"])


@pytest.mark.skipif(not WDI.is_dir(), reason="no WDI here")
def test_germanys_change_of_currency_is_never_relabelled(tmp_path: object) -> None:
    result = read_wdi(WDI / "pa.nus.fcrf", geos=["DEU"], provenance=Provenance())
    cat = result.to_catalogue()
    with pytest.raises(
        ii.UnitError, match=r"the local currency changes \(DEM 1960-1998, EUR 1999-"
    ):
        cat.series("fx.official_rate", geo="DEU")
    assert cat.series("fx.official_rate", geo="DEU", periods=[1998]).unit == "DEM/USD"
    euro = cat.series("fx.official_rate", geo="DEU", periods=range(1999, 2010))
    assert euro.unit == "EUR/USD"
    assert euro.values["1999"] == pytest.approx(0.938, abs=0.001)
