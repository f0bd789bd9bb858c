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

import re
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
        module.COUNTRY_DATA_FILE,
        sep="\t",
        encoding="utf-8",
        keep_default_na=False,
        na_values=[""],
        dtype="str",
    )
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
        NAME_OVERRIDES[name]
        if name in NAME_OVERRIDES
        else code
        if isinstance(code, str) and code in known
        else ""
        for name, code in zip(distinct, found, strict=True)
    ]


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


#: Parts of country_converter's expressions that cost more than linear time on running
#: text (``.*`` and lookarounds scan to the text's end at every position) or that anchor
#: to a whole name: an alternative holding one is left out (the short name still finds it).
_UNBOUNDED = re.compile(r"\.\*|\.\+|\\[DdWwSs][*+]|\(\?[=!<]|\^|\$|\\[0-9]")


def _alternatives(regex: str) -> list[str]:
    """The top-level alternatives of *regex* (``a|(b|c)d`` -> ``a``, ``(b|c)d``)."""
    parts, depth, current, escaped = [], 0, "", False
    for char in regex:
        if escaped:
            current, escaped = current + char, False
            continue
        if char == "\\":
            current, escaped = current + char, True
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


@cache
def _name_pattern() -> tuple[re.Pattern[str], tuple[tuple[re.Pattern[str], str], ...]]:
    """One expression that finds every economy's names in running text in linear time, and
    (expression, code) pairs that say which economy a match names.

    Each economy's names are its short name (whole words) and the alternatives of
    country_converter's expression that run in linear time (``belarus|byelo`` for Belarus,
    as prefixes of words: "Belarusian"), with their groups made non-capturing; longer names
    come first, so that "Guinea-Bissau" is found as itself, not as "Guinea".
    """
    data = _converter().data
    known = economy_codes()
    names: list[tuple[int, str, str]] = []
    for code, short, regex in data.loc[:, ["ISO3", "name_short", "regex"]].itertuples(index=False):
        if code not in known:
            continue
        names.append((len(str(short)), rf"{re.escape(str(short))}\b", str(code)))
        for given in _alternatives(str(regex) if isinstance(regex, str) else ""):
            # a search needs no leading or trailing ".*" ("maca(o|u)" for ".*maca(o|u)")
            part = re.sub(r"\((?!\?)", "(?:", given.strip()).removeprefix("\\b")
            part = part.removeprefix(".*").removesuffix(".*").removeprefix("\\b")
            if not part or _UNBOUNDED.search(part):
                continue
            try:
                re.compile(part)
            except re.error:
                continue
            literal = len(re.sub(r"[^A-Za-z ]", "", part))
            names.append((literal, part, str(code)))
    names.sort(key=lambda n: -n[0])
    combined = re.compile(r"\b(?:" + "|".join(p for _, p, _ in names) + ")", re.IGNORECASE)
    which = tuple((re.compile(p, re.IGNORECASE), c) for _, p, c in names)
    return combined, which


@cache
def _code_of_match(text: str) -> str:
    """The economy a matched name names (the first expression that matches it whole)."""
    pairs = _name_pattern()[1]
    exact = next((code for pattern, code in pairs if pattern.fullmatch(text)), "")
    return exact or next((code for pattern, code in pairs if pattern.match(text)), "")


def economies_in(texts: pd.Series) -> pd.Series:
    """The economies each text names, in order of first mention (a list of codes per text).

    One expression scans each distinct text once (linear in its length, whatever it holds).

    Examples
    --------
    >>> economies_in(pd.Series(["Belarus's deficit in trade with Russia", "no names"])).tolist()
    [['BLR', 'RUS'], []]
    >>> economies_in(pd.Series(["Moldova, New Zealand and Guinea-Bissau"])).tolist()
    [['MDA', 'NZL', 'GNB']]
    """
    text = texts.fillna("").astype("str")
    codes, distinct = pd.factorize(text)
    combined = _name_pattern()[0]
    found = pd.Series(distinct, dtype="str").str.findall(combined)
    named = [list(dict.fromkeys(c for c in map(_code_of_match, hits) if c)) for hits in found]
    lists = [named[i] if i >= 0 else [] for i in codes]
    return pd.Series(lists, index=texts.index, dtype=object)
