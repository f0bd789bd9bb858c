"""Currencies from CLDR (via Babel), and the local currency unit of a geo and period.

The registry knows every currency of the Unicode CLDR, active and historical (307 codes:
USD, KZT, AMD, KGS, but also DEM, BYR, BYB, SUR), each its own dimension, defined in the pint
registry the first time a unit string names it. CLDR rather than pycountry's ISO 4217 list
because the data need historical codes that ISO 4217's active list lacks, and because CLDR
also holds each territory's currency history with dates, which the local currency unit needs.

"LCU" (local currency unit) is resolved per geo and period by the convention of the dataset
the values come from (``LCU_CONVENTIONS``). The World Bank's WDI states each economy's
series in its current currency, rebased over redenominations (Belarus 1994 is in BYN although
BYB circulated), except that a euro-area member's series before its euro entry are in the
legacy currency (Germany 1998: DEM; 1999: EUR). A series whose periods fall in two currencies
is an error naming the change, never relabelled; no rate is ever invented.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from integration_indicators.errors import UnitError

#: How each dataset (the ``dataset`` field of its sources) states "LCU".
LCU_CONVENTIONS = {"World Development Indicators": "current-rebased-euro-legacy"}


@cache
def currency_codes() -> frozenset[str]:
    """Every currency code of CLDR, active and historical.

    Examples
    --------
    >>> {"USD", "KZT", "DEM", "BYR", "SUR"} <= currency_codes()
    True
    """
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def _alpha2(geo: str) -> str | None:
    import pycountry

    found = pycountry.countries.get(alpha_3=geo)
    return None if found is None else str(found.alpha_2)


@cache
def local_currency(geo: str, year: int, convention: str = "current-rebased-euro-legacy") -> str:
    """The currency an "LCU" value of *geo* for *year* is in, by *convention*.

    Examples
    --------
    >>> local_currency("BLR", 2015), local_currency("KAZ", 2019)
    ('BYN', 'KZT')
    >>> local_currency("DEU", 1998), local_currency("DEU", 1999)
    ('DEM', 'EUR')
    """
    from babel.numbers import get_territory_currencies

    if convention not in LCU_CONVENTIONS.values():
        raise UnitError("LCU", "unit-lcu", f"no such LCU convention: {convention!r}")
    territory = _alpha2(geo)
    if territory is None:
        raise UnitError("LCU", "unit-lcu", f"no territory of CLDR for {geo!r}: LCU is unknown")
    today = dt.date.today()
    current = get_territory_currencies(territory, today, tender=True)
    if not current:
        raise UnitError("LCU", "unit-lcu", f"CLDR knows no current currency of {geo}")
    if current[0] != "EUR":
        return str(current[0])
    history = get_territory_currencies(
        territory, dt.date(1900, 1, 1), today, tender=True, include_details=True
    )
    euro_from = min(h["from"] for h in history if h["currency"] == "EUR" and h["from"])
    start = dt.date(year, 1, 1)
    if start >= euro_from:
        return "EUR"
    legacy = [
        h["currency"]
        for h in history
        if h["currency"] != "EUR"
        and (h["from"] is None or h["from"] <= start)
        and (h["to"] is None or h["to"] >= start)
    ]
    if not legacy:
        raise UnitError("LCU", "unit-lcu", f"CLDR knows no currency of {geo} in {year}")
    return str(legacy[-1])
