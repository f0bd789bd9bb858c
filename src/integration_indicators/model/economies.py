"""Economies: which codes a catalogue accepts, and official names mapped to them.

- Codes: every ISO 3166-1 alpha-3 code and the alpha-3 code of every historical economy of
  ISO 3166-3 (pycountry: USSR ``SUN``, Czechoslovakia ``CSK``, Yugoslavia ``YUG``, East
  Germany ``DDR``, Serbia and Montenegro ``SCG``, Netherlands Antilles ``ANT``), plus the
  codes the World Bank and the IMF give economies that ISO 3166 does not list
  (``USER_ASSIGNED``: Kosovo ``XKX``, the Channel Islands ``CHI``), and two historical
  reporters of the IMF's DOTS that ISO 3166 never coded, given codes of the range ISO 3166-1
  leaves to its users (``X..``, the range of the World Bank's ``XKX``): Belgium-Luxembourg
  ``XBL`` (the Belgium-Luxembourg Economic Union, reporting jointly until Belgium and
  Luxembourg report apart) and Yemen Arab Rep. ``XYA`` (North Yemen until 1990: its ISO code
  ``YEM`` passed to the united Yemen). They are economies, not aggregates: their trade counts
  in every index, as the USSR's and Czechoslovakia's does.
- Names: IMF and World Bank names ("Belarus, Rep. of", "China, P.R.: Mainland") are mapped to
  codes by country_converter's maintained regular expressions; ``NAME_OVERRIDES`` holds
  only what it misses or gets wrong (it reads "Czechoslovakia" as Czechia and finds three
  matches for "Aruba, Kingdom of the Netherlands"), each pinned by a test.
- The World as a reporter (the IMF's World workbook: the world's exports and imports) is
  ``WORLD`` (``WLD``, the World Bank's code for the World); as a counterpart the World is the
  empty code. ``reporter_codes`` adds it to the economy codes.
- A name or code that is none of these is an aggregate (World, Euro Area, income and regional
  groups) and is kept apart by the importers.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pandas as pd

#: Codes the sources use for economies that ISO 3166 does not list.
USER_ASSIGNED = {
    "XKX": "Kosovo",
    "CHI": "Channel Islands",
    "XBL": "Belgium-Luxembourg",
    "XYA": "Yemen Arab Rep.",
}

#: The World as a reporter (the World Bank's code; as a counterpart the World is "").
WORLD = "WLD"

#: Names country_converter misses or maps wrongly -> code ("" = an aggregate, set apart).
NAME_OVERRIDES = {
    "Czechoslovakia": "CSK",
    "USSR": "SUN",
    "Yugoslavia": "YUG",
    "Yugoslavia, SFR": "YUG",
    "Eastern Germany": "DDR",
    "Serbia and Montenegro": "SCG",
    "Netherlands Antilles": "ANT",
    "Aruba, Kingdom of the Netherlands": "ABW",
    "Curaçao, Kingdom of the Netherlands": "CUW",
    "Sint Maarten, Kingdom of the Netherlands": "SXM",
    "Yemen, People's Dem. Rep. of": "YMD",
    "Belgium-Luxembourg": "XBL",  # the economic union reporting jointly: no ISO code
    "Yemen Arab Rep.": "XYA",  # North Yemen until 1990: its code YEM passed to the united Yemen
    "Malaysia, West": "",  # a part of Malaysia, beside Malaysia itself
    "South African Common Customs Area (SACCA)": "",  # a customs area, beside South Africa
    "World": "",
}


@cache
def economy_codes() -> frozenset[str]:
    """Every code a catalogue accepts as geo or counterpart.

    Examples
    --------
    >>> {"BLR", "XKX", "CHI", "SUN"} <= economy_codes(), "WLD" in economy_codes()
    (True, False)
    """
    import pycountry

    current = {c.alpha_3 for c in pycountry.countries}
    historic = {c.alpha_3 for c in pycountry.historic_countries}
    return frozenset(current | historic | set(USER_ASSIGNED))


@cache
def reporter_codes() -> frozenset[str]:
    """Every code a catalogue accepts as geo: the economy codes and ``WORLD``.

    Examples
    --------
    >>> "WLD" in reporter_codes(), reporter_codes() - economy_codes()
    (True, frozenset({'WLD'}))
    """
    return economy_codes() | {WORLD}


@cache
def _converter() -> Any:
    import country_converter as coco
    from country_converter import country_converter as module

    # read its data as text: pandas would read Namibia's ISO2 code "NA" as missing
    data = pd.read_csv(
        module.COUNTRY_DATA_FILE, sep="\t", encoding="utf-8", keep_default_na=False,
        na_values=[""], dtype="str",
    )  # fmt: skip
    return coco.CountryConverter(country_data=data)


def codes_of_names(names: pd.Series) -> pd.Series:
    """The economy code of each name ("" for an aggregate), resolved once per distinct name.

    Examples
    --------
    >>> codes_of_names(pd.Series(["Belarus, Rep. of", "World", "Czechoslovakia"])).tolist()
    ['BLR', '', 'CSK']
    """
    codes, uniques = pd.factorize(names.astype("str"))
    distinct = [str(u) for u in uniques]
    new = [name for name in distinct if name not in _RESOLVED]
    if new:
        _RESOLVED.update(zip(new, _resolve(new), strict=True))
    resolved = [_RESOLVED[name] for name in distinct]
    return pd.Series(np.asarray(resolved, dtype=object)[codes], index=names.index, dtype="str")


#: Names resolved so far in this process (country_converter's regexes cost ~1 ms a name).
_RESOLVED: dict[str, str] = {}


def _resolve(distinct: list[str]) -> list[str]:
    import logging

    logger = logging.getLogger("country_converter")
    level = logger.level
    logger.setLevel(logging.ERROR)  # it warns once per aggregate name; we report them ourselves
    try:
        found = _converter().convert(distinct, to="ISO3", not_found=None) if distinct else []
    finally:
        logger.setLevel(level)
    if len(distinct) == 1:  # one name gives its code (or a list of candidates), not a list
        found = [found]
    known = economy_codes()
    return [
        NAME_OVERRIDES[name] if name in NAME_OVERRIDES
        else code if isinstance(code, str) and code in known else ""
        for name, code in zip(distinct, found, strict=True)
    ]  # fmt: skip


def name_of(geo: str) -> str:
    """A person's name for an economy code ("Belarus" for BLR); the code where unknown.

    Examples
    --------
    >>> name_of("BLR"), name_of("XKX")
    ('Belarus', 'Kosovo')
    """
    if geo in USER_ASSIGNED:
        return USER_ASSIGNED[geo]
    if geo == WORLD:
        return "World"
    import pycountry

    found = pycountry.countries.get(alpha_3=geo) or pycountry.historic_countries.get(alpha_3=geo)
    return str(getattr(found, "common_name", None) or getattr(found, "name", geo)) if found else geo


@cache
def _name_patterns() -> tuple[tuple[str, str], ...]:
    """(code, pattern) of each economy's names in running text: its short name, and
    country_converter's regular expression where that one is not anchored to a whole name."""
    import re

    data = _converter().data
    known = economy_codes()
    found = []
    for code, short, regex in data.loc[:, ["ISO3", "name_short", "regex"]].itertuples(index=False):
        if code not in known:
            continue
        names = [rf"\b{re.escape(str(short))}\b"]
        if isinstance(regex, str) and regex and not regex.startswith("^") and "$" not in regex:
            names.append(regex)
        found.append((str(code), "|".join(names)))
    return tuple(found)


def economies_in(texts: pd.Series) -> pd.Series:
    """The economies each text names, in order of first mention (a list of codes per text).

    Examples
    --------
    >>> economies_in(pd.Series(["Belarus's deficit in trade with Russia", "no names"])).tolist()
    [['BLR', 'RUS'], []]
    """
    text = texts.fillna("").astype("str").reset_index(drop=True)
    hits: list[pd.DataFrame] = []
    for code, pattern in _name_patterns():  # one vectorised search per economy
        before = text.str.extract(f"(?is)^(.*?)(?:{pattern})", expand=False)
        found = before.notna().to_numpy()
        if found.any():
            hits.append(pd.DataFrame({"text": np.flatnonzero(found), "code": code,
                                      "at": before[found].str.len().to_numpy()}))  # fmt: skip
    if not hits:
        return pd.Series([[] for _ in range(len(text))], index=texts.index, dtype=object)
    ordered = pd.concat(hits).sort_values(["text", "at", "code"])
    lists = ordered.groupby("text")["code"].agg(list)
    return pd.Series([lists.get(i, []) for i in range(len(text))], index=texts.index, dtype=object)
