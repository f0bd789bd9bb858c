"""Dated official exchange rates of a catalogue, to judge a claim made in another currency.

A press figure may be written in another currency than its indicator's (``billion EUR`` of a
trade balance kept in US dollars); the catalogue keeps it as written, in its own currency,
and the crosscheck converts it with the period-average official rate of the claim's period:

- rates are the catalogue's official observations in ``LCU/USD`` (WDI PA.NUS.FCRF,
  ``fx.official_rate``: local currency units per US dollar, period average), each economy's
  LCU resolved to its currency for the year by its dataset's convention (the euro for
  Germany from 1999, the rebased rouble for Belarus);
- the rate of a claim is the one whose period covers the claim's period (a claim about 2019:
  the 2019 average; about December 2019: the 2019 average too, as no monthly rate is held);
  the US dollar's is 1, and a claim in C of an indicator in T is multiplied by
  rate(T) / rate(C);
- economies sharing a currency give one rate: the claim's own economy's where it uses the
  currency (Germany's for a German claim in euros); otherwise rates within
  ``RATE_AGREEMENT`` (0.1%) of each other are one rate, their median, naming the economies
  (Montenegro's 0.893216 and the euro area's 0.893276 EUR per dollar in 2019); only a real
  disagreement, or no period covering the claim's (a span of years), leaves the claim without
  a rate and its verdict ``unverifiable``, saying so with the spread.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from integration_indicators.catalogue import Catalogue
from integration_indicators.errors import UnitError

#: Unit of the official exchange-rate series (local currency units per US dollar).
RATE_UNIT = "LCU/USD"

#: Largest relative spread between economies' rates of one currency still read as one rate.
RATE_AGREEMENT = 0.001

#: Columns of ``rate_table``.
RATE_COLUMNS = ("currency", "geo", "period", "start", "end", "rate", "observation")


def rate_table(cat: Catalogue) -> pd.DataFrame:
    """Every official rate of *cat* in ``RATE_UNIT`` with its currency (``RATE_COLUMNS``),
    built once per catalogue; rows whose LCU cannot be resolved are left out."""
    return cat.computed("exchange-rates", lambda: _rate_table(cat))


def _rate_table(cat: Catalogue) -> pd.DataFrame:
    from integration_indicators.model.currencies import LCU_CONVENTIONS, local_currency

    indicators = cat.indicators
    ids = indicators.loc[indicators["unit"] == RATE_UNIT, "id"]
    rows = cat.official_rows(ids)
    datasets = rows["source"].map(cat.sources.set_index("id")["dataset"]).fillna("")
    convention = datasets.map(LCU_CONVENTIONS).fillna("").to_numpy(dtype=object)
    years = pd.to_datetime(rows["period_start"]).dt.year.to_numpy()
    geos = rows["geo"].astype("str").to_numpy(dtype=object)
    keys = pd.MultiIndex.from_arrays([geos, years, convention])
    codes, distinct = pd.factorize(keys)

    def currency_of(geo: str, year: int, rule: str) -> str:
        try:
            return local_currency(geo, int(year), rule) if rule else ""
        except UnitError:
            return ""

    found = [currency_of(*key) for key in distinct]  # once per economy and year, not per row
    currency = np.asarray(found, dtype=object)[codes] if len(codes) else np.zeros(0, object)
    table = pd.DataFrame(
        {
            "currency": currency,
            "geo": geos,
            "period": rows["period"].astype("str").to_numpy(),
            "start": rows["period_start"].to_numpy().astype("datetime64[s]"),
            "end": rows["period_end"].to_numpy().astype("datetime64[s]"),
            "rate": rows["value"].to_numpy(dtype="float64"),
            "observation": rows["id"].astype("str").to_numpy(),
        }
    )
    usable = (table["currency"] != "") & np.isfinite(table["rate"]) & (table["rate"] > 0)
    ordered: pd.DataFrame = table[usable].sort_values(["currency", "start", "geo"])
    return ordered.reset_index(drop=True)


def period_rate(
    rates: pd.DataFrame, currency: str, start: np.datetime64, end: np.datetime64, geo: str = ""
) -> tuple[float, str, str]:
    """The rate of *currency* per US dollar over the period from *start* to *end* (that of
    *geo*, the claim's economy, where it uses the currency), in words, and why there is none
    ("" where there is one)."""
    if currency == "USD":
        return 1.0, "", ""
    held = rates[rates["currency"] == currency]
    if held.empty:
        return (
            np.nan,
            "",
            (
                f"no official rate of {currency} per US dollar in this catalogue (import WDI "
                f"PA.NUS.FCRF of an economy whose currency is {currency})"
            ),
        )
    covering = held[(held["start"] <= start) & (held["end"] >= end)]
    if covering.empty:
        return (
            np.nan,
            "",
            (
                f"no official rate of {currency} per US dollar covers the claim's period "
                "(rates are period averages: a span of several periods has none)"
            ),
        )
    own = covering[covering["geo"] == geo]  # the claim's economy uses it: its own rate
    values = covering["rate"].to_numpy()
    spread = 0.0 if len(own) else float(values.max() / values.min() - 1.0)
    if spread > RATE_AGREEMENT:
        said = ", ".join(f"{g} {v:.6g}" for g, v in zip(covering["geo"], values, strict=True))
        return (
            np.nan,
            "",
            f"the official rates of {currency} disagree between economies by "
            f"{spread:.2%}, more than {RATE_AGREEMENT:.1%} ({said})",
        )
    if not len(own) and not np.allclose(values, values[0], rtol=1e-9, atol=0.0):
        median = float(np.median(values))
        geos = sorted(set(covering["geo"]))
        named = ", ".join(geos[:6]) + (f" and {len(geos) - 6} more" if len(geos) > 6 else "")
        return (
            median,
            f"{median:.6g} {currency} per US dollar ({covering['period'].iloc[0]} "
            f"average: the median of the official rates of {named}, which agree within "
            f"{RATE_AGREEMENT:.1%})",
            "",
        )
    first = (own if len(own) else covering).iloc[0]
    return (
        float(first["rate"]),
        (
            f"{first['rate']:.6g} {currency} per US dollar ({first['period']} average, "
            f"{first['observation']})"
        ),
        "",
    )


def converted(
    cat: Catalogue, claims: pd.DataFrame, units_of: pd.Series
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each claim row, the factor from its own currency to its indicator's (1 where they
    agree, NaN where no rate answers), the conversion in words and why it failed ("").

    *claims* has ``indicator``, ``unit`` (the row's), ``period_start`` and ``period_end``;
    *units_of* maps indicator id to its unit. Rates are looked up once per distinct
    (currency, indicator currency, period).
    """
    from integration_indicators.model.units import currencies_of

    factor = np.ones(len(claims))
    said = np.full(len(claims), "", dtype=object)
    failed = np.full(len(claims), "", dtype=object)
    unit_codes, units = pd.factorize(claims["unit"])  # -1: missing, read as ""
    indicator_codes, indicators = pd.factorize(claims["indicator"])
    width = len(indicators) + 1
    pairs, pair_of_row = np.unique(
        (unit_codes + 1) * width + indicator_codes + 1, return_inverse=True
    )
    unit_names = ["", *(str(u) for u in units)]
    indicator_units = ["", *(str(units_of.get(i, "")) for i in indicators)]
    own = np.asarray([unit_names[p // width] for p in pairs], dtype=object)
    target = np.asarray([indicator_units[p % width] for p in pairs], dtype=object)
    foreign = ((own != target) & (own != "") & (target != ""))[pair_of_row.reshape(-1)]
    if not foreign.any():
        return factor, said, failed
    rates = rate_table(cat)
    wanted = pd.DataFrame(
        {
            "own": own[pair_of_row.reshape(-1)],
            "target": target[pair_of_row.reshape(-1)],
            "start": claims["period_start"].to_numpy(),
            "end": claims["period_end"].to_numpy(),
            "geo": claims["geo"].astype("str").to_numpy(),
        }
    )[foreign]
    for spec, group in wanted.groupby(["own", "target", "start", "end", "geo"], sort=False):
        unit, goal, start, end, geo = spec  # a few distinct combinations
        mine, theirs = currencies_of(str(unit)), currencies_of(str(goal))
        if len(mine) != 1 or len(theirs) != 1:
            continue
        rate_from, from_words, from_fail = period_rate(rates, mine[0], start, end, str(geo))
        rate_to, to_words, to_fail = period_rate(rates, theirs[0], start, end, str(geo))
        at = group.index.to_numpy()
        factor[at] = rate_to / rate_from
        failed[at] = from_fail or to_fail
        if not failed[at[0]]:
            words = " and ".join(w for w in (from_words, to_words) if w)
            said[at] = f"the claim, in {mine[0]}, is converted to {theirs[0]} at {words}"
    return factor, said, failed
