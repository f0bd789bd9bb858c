"""The currency a figure is written in, as the press writes it: names, plurals, symbols and
codes from CLDR (via Babel), resolved by the claim's economy where they are ambiguous.

- Names and plurals of every active ISO 4217 currency in English ("Turkish lira", "Polish
  zlotys", "Canadian dollars") name one currency; their last word ("lira", "zlotys",
  "dollars", "roubles", "francs", "pesos", "crowns") may name several, and so may a symbol
  ("$", "¥", "kr"): each form maps to its candidates.
- Symbols are read from the English locale ("$", "€", "£", "¥", "₹", "CA$", "A$", "HK$") and
  from each territory's official languages for its own currency ("₺" in Turkish, "zł" in
  Polish, "₽" in Russian, "₸" in Kazakh, "C$" and "S$" as the press writes them); a symbol
  counts only beside a number ("zł 5", "5 zł"), a name or code anywhere in the figure.
- An ambiguous form is resolved by the claim's economy: its currency in the claim's year
  (CLDR's territory history: Belarus's roubles are BYR in 2015, BYN from 2016) where that is
  a candidate; "$" and "dollars" of an economy without a dollar are US dollars (said in the
  reasons by the caller); anything else stays ambiguous and is refused with its candidates,
  never a silent US dollar.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

#: Extra spellings the press uses: British "rouble", CLDR's own adjectives shortened.
_ALIASES = {"ruble": "rouble", "rubles": "roubles", "zloty": "zlotych", "yuan": "renminbi"}

#: Nouns the English-language press uses that CLDR's names lack.
_CROWNS = ("CZK", "DKK", "ISK", "NOK", "SEK")
_PRESS_NAMES: dict[str, tuple[str, ...]] = {
    "crown": _CROWNS,
    "crowns": _CROWNS,
    "renminbi": ("CNY",),
    "sterling": ("GBP",),
    "pounds sterling": ("GBP",),
}

#: Symbols the press writes that CLDR's locales do not give (checked against its data).
_PRESS_SYMBOLS: dict[str, tuple[str, ...]] = {
    "C$": ("CAD",),
    "S$": ("SGD",),
    "US$": ("USD",),
    "NT$": ("TWD",),
    "R$": ("BRL",),
    "RMB": ("CNY",),
}

#: Symbols the press uses for one currency when the economy has none of its kind: "$" for
#: US dollars, "£" for pounds sterling (a noun naming dollars only, "dollars", "долларов",
#: "dólares", is US dollars likewise: ``resolve``).
_PRESS_DEFAULTS = {"$": "USD", "£": "GBP"}

#: Locales whose currency names (every plural form) are read beside English's: the
#: region's press (Russian first) and the agencies' languages.
NAME_LOCALES = ("ru", "uk", "be", "pl", "it", "es", "fr", "de", "pt")

#: Abbreviations the Russian-language press writes: "долл.", "руб.".
_PRESS_ABBREVIATIONS = {"долл.": "доллар", "руб.": "рубль"}


#: ISO 4217 codes that are no money a figure is written in: funds and units of account.
_NOT_MONEY = frozenset(
    {
        "BOV",
        "CHE",
        "CHW",
        "CLF",
        "COU",
        "MXV",
        "USN",
        "UYI",
        "UYW",
        "XAG",
        "XAU",
        "XBA",
        "XBB",
        "XBC",
        "XBD",
        "XDR",
        "XPD",
        "XPT",
        "XSU",
        "XTS",
        "XUA",
        "XXX",
    }
)


@cache
def active_currencies() -> frozenset[str]:
    """ISO 4217's active currencies (pycountry), the ones a figure of today may be in, less
    funds and units of account (the WIR euro, gold, the SDR)."""
    import pycountry

    return frozenset(str(c.alpha_3) for c in pycountry.currencies) - _NOT_MONEY


def _generic(code: str) -> str:
    """The last word of a currency's English name, British spelling ("Belarusian Ruble
    (2000-2016)" -> "rouble")."""
    from babel.numbers import get_currency_name

    name = re.sub(r"\s*\(.*\)", "", str(get_currency_name(code, locale="en"))).lower()
    last = name.split(" ")[-1] if name else ""
    return _ALIASES.get(last, last)


def _add(table: dict[str, set[str]], form: str, code: str) -> None:
    if form:
        table.setdefault(form, set()).add(code)


@cache
def _english_names() -> tuple[tuple[str, str], ...]:
    """(code, name) of every active currency's English name and plural, lowercase, spaces
    single; names with a parenthesis (a former currency's) left out. Read once."""
    from babel import Locale
    from babel.numbers import get_currency_name

    english = Locale("en")
    found = []
    for code in active_currencies():
        for name in (
            get_currency_name(code, locale=english),
            get_currency_name(code, count=2, locale=english),
        ):
            text = re.sub(r"\s+", " ", str(name).lower()).strip()
            if text and "(" not in text:
                found.append((code, text))
    return tuple(found)


@cache
def _names() -> dict[str, frozenset[str]]:
    """Name or noun (lowercase) or code (capitals) -> the currencies it may name."""
    names: dict[str, set[str]] = {}
    for code in active_currencies():
        _add(names, code, code)
    for code, text in _english_names():
        _add(names, text, code)
        last = text.split(" ")[-1]
        if last in _ALIASES:  # British spelling of the whole name
            _add(names, text.removesuffix(last) + _ALIASES[last], code)
    for name, codes in _PRESS_NAMES.items():
        names.setdefault(name, set()).update(codes)
    for name, named in _locale_tables()[0].items():
        names.setdefault(name, set()).update(named)
    return {k: frozenset(v) for k, v in names.items()}


@cache
def _nouns() -> dict[str, frozenset[str]]:
    """Noun (lowercase) -> the currencies it may name: the last word of each English name
    ("dollars", "real", "won", "roubles") and the shared words of other locales' names
    ("долларов", "рублей"). A noun is a word people also write for other things ("real
    GDP", "won the vote"), so it counts only after a number (``currency_forms``)."""
    nouns: dict[str, set[str]] = {}
    for code, text in _english_names():
        last = text.split(" ")[-1]
        _add(nouns, last, code)
        if last in _ALIASES:
            _add(nouns, _ALIASES[last], code)
    for noun in ("crown", "crowns"):
        nouns.setdefault(noun, set()).update(_CROWNS)
    for noun, named in _locale_tables()[1].items():
        nouns.setdefault(noun, set()).update(named)
    for abbreviation, word in _PRESS_ABBREVIATIONS.items():
        nouns.setdefault(abbreviation, set()).update(nouns.get(word, set()))
    names = _names()
    return {k: frozenset(v) for k, v in nouns.items() if k not in names}


@cache
def _locale_tables() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The names and nouns of ``NAME_LOCALES`` (``_add_locale_names``), read once."""
    names: dict[str, set[str]] = {}
    nouns: dict[str, set[str]] = {}
    for locale in NAME_LOCALES:
        _add_locale_names(names, nouns, locale)
    return names, nouns


def _add_locale_names(names: dict[str, set[str]], nouns: dict[str, set[str]], locale: str) -> None:
    """Every plural form of every currency's name in *locale* ("долларов США", "российских
    рублей") to *names*, and each word of four letters or more whose currencies share one
    English noun ("долларов": the dollars; "рублей": Russia's and Belarus's roubles;
    "тенге") to *nouns*."""
    from babel.numbers import get_currency_name

    words: dict[str, set[str]] = {}
    for code in active_currencies():
        for count in (1, 2, 5, 1.5):  # one, few, many, other
            text = re.sub(r"\s+", " ", str(get_currency_name(code, count=count, locale=locale)))
            text = text.lower().strip()
            if not text or "(" in text or text == code.lower():
                continue
            _add(names, text, code)
            for word in text.split(" "):
                if len(word) >= 4:
                    words.setdefault(word, set()).add(code)
    for word, codes in words.items():
        if len({_generic(c) for c in codes}) == 1:
            nouns.setdefault(word, set()).update(codes)


@cache
def _symbols() -> dict[str, frozenset[str]]:
    """Symbol -> the currencies it may name: the English locale's, and each territory's own
    in its official languages."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global
    from babel.languages import get_official_languages
    from babel.numbers import get_territory_currencies

    english = Locale("en")
    symbols: dict[str, set[str]] = {}
    for code in active_currencies():
        symbol = english.currency_symbols.get(code, "")
        if symbol and symbol != code:
            _add(symbols, symbol, code)
    today = dt.date.today()
    for territory in get_global("territory_currencies"):
        current = get_territory_currencies(territory, today, tender=True)
        if not re.fullmatch(r"[A-Z]{2}", territory) or not current:
            continue
        for language in get_official_languages(territory, de_facto=True):
            try:
                local = Locale.parse(f"{language}_{territory}")
            except (UnknownLocaleError, ValueError):
                continue
            symbol = local.currency_symbols.get(current[0], "")
            visible = re.sub(r"[\s\u200b-\u200f\u2060\ufeff]", "", symbol)
            usable = visible not in ("", "¤", current[0]) and current[0] in active_currencies()
            if usable and (len(visible) > 1 or not visible.isalpha()):
                _add(symbols, visible, current[0])
    for symbol, codes in _PRESS_SYMBOLS.items():
        symbols.setdefault(symbol, set()).update(codes)
    return {k: frozenset(v) for k, v in symbols.items()}


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A name or code anywhere (whole words, longest first), a symbol beside a number, and
    a noun after a number and at most two words ("5 billion won", "10,5 miliardi di dollari")."""
    names, symbols, nouns = _names(), _symbols(), _nouns()
    codes = sorted(n for n in names if n.isupper())
    words = sorted((n for n in names if not n.isupper()), key=len, reverse=True)
    spelled = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    # a name in any case, whole words; a code in capitals, also fused to its number ("USD7.9")
    named = re.compile(rf"(?<![\w$])((?i:{spelled})(?!\w)|(?:{'|'.join(codes)})(?![A-Za-z]))")
    marks = "|".join(re.escape(s) for s in sorted(symbols, key=len, reverse=True))
    beside = re.compile(rf"(?:(?<![\w$])({marks})\s?(?=[0-9]))|(?:(?<=[0-9])\s?({marks})(?!\w))")
    listed = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    between = r"(?:\s*[^\W\d_]{1,14}\.?){0,2}(?:\s+(?:of|de|di|du|der|des))?\s*"
    after = re.compile(rf"(?<=[0-9]){between}(?<![^\W\d_])((?i:{listed}))(?!\w)")
    return named, beside, after


def currency_forms(text: str) -> list[tuple[str, frozenset[str]]]:
    """The currency forms of *text* in order, each with its candidate codes.

    Examples
    --------
    >>> [(f, sorted(c)) for f, c in currency_forms("HK$30 billion")]
    [('HK$', ['HKD'])]
    >>> sorted(currency_forms("5 billion Canadian dollars")[0][1])
    ['CAD']
    >>> "JPY" in currency_forms("¥500 billion")[0][1]
    True
    >>> [f for f, _ in currency_forms("real GDP of 1.2 trillion real")]
    ['real']
    """
    names, symbols, nouns = _names(), _symbols(), _nouns()
    named, beside, after = _patterns()
    found: list[tuple[int, str, frozenset[str]]] = []
    for match in beside.finditer(text):
        symbol = match.group(1) or match.group(2)
        found.append((match.start(), symbol, symbols[symbol]))
    spans = []
    for match in named.finditer(text):
        given = match.group(1)
        form = given if given.isupper() else re.sub(r"\s+", " ", given.lower())
        found.append((match.start(), given, names[form]))
        spans.append(match.span(1))
    for match in after.finditer(text):
        given, at = match.group(1), match.start(1)
        if not any(start <= at < end for start, end in spans):  # not a name's own noun
            found.append((at, given, nouns[given.lower()]))
    return [(form, codes) for _, form, codes in sorted(found, key=lambda f: f[0])]


def currency_in_year(geo: str, year: int) -> str:
    """The currency *geo* used in *year* (CLDR's territory history; "" where unknown).

    >>> currency_in_year("BLR", 2015), currency_in_year("BLR", 2019), currency_in_year("DEU", 1998)
    ('BYR', 'BYN', 'DEM')
    """
    import pycountry
    from babel.numbers import get_territory_currencies

    country = pycountry.countries.get(alpha_3=geo) if len(geo) == 3 else None
    if country is None:
        return ""
    found = get_territory_currencies(str(country.alpha_2), dt.date(year, 7, 1), tender=True)
    return str(found[0]) if found else ""


def resolve(forms: list[tuple[str, frozenset[str]]], geo: str, year: int | None) -> tuple[str, str]:
    """The one currency *forms* name (``""`` none), or ``"?"`` and why: forms naming
    different currencies, or an ambiguous form the claim's economy does not settle.

    >>> resolve(currency_forms("135 trillion rubles"), "RUS", 2023)
    ('RUB', '')
    >>> resolve(currency_forms("$8.4 billion"), "BLR", 2019)
    ('USD', '')
    >>> resolve(currency_forms("¥5 trillion"), "", None)[0]
    '?'
    """
    if not forms:
        return "", ""
    own = currency_in_year(geo, year) if geo and year else ""
    chosen: list[str] = []
    for form, codes in forms:
        generic = form.lower() if not form.isupper() else ""
        if len(codes) == 1:
            chosen.append(next(iter(codes)))
        elif own in codes or (own and generic and _generic(own) in (generic, generic[:-1])):
            chosen.append(own)  # its currency then, a former one included (BYR in 2015)
        elif _PRESS_DEFAULTS.get(form.lower(), "") in codes:
            chosen.append(_PRESS_DEFAULTS[form.lower()])  # as the press means it
        elif "USD" in codes and {_generic(c) for c in codes} == {"dollar"}:
            chosen.append("USD")  # "dollars" in any language, of an economy without them
        else:
            listed = ", ".join(sorted(codes)[:8]) + (" and more" if len(codes) > 8 else "")
            where = f"{geo} in {year} used {own}" if own else "the claim names no economy"
            return "?", (
                f"'{form}' names no one currency ({listed}) and {where}: write the "
                "currency's code (EUR, JPY) or name ('Japanese yen')"
            )
    distinct = sorted(set(chosen))
    if len(distinct) > 1:
        return "?", f"the figure names more than one currency ({', '.join(distinct)})"
    return distinct[0], ""
