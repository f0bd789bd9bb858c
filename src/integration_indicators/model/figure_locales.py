"""Figures as the region's press prints them in other languages, read into the grammar's
English words (``figures.normalise_figures`` calls ``in_english_words``).

- Scale words of every press locale from CLDR's compact number patterns (Babel): "млрд",
  "миллиардов", "мільярдів", "miliardi", "Milliarden", "mil millones" (10^9), "billones"
  (10^12). English press abbreviations ("bn", "bln", "mln", "trn") win where another
  locale means something else by the same letters (Polish and Italian "bln" are 10^12);
  a word two other locales read differently, or a single letter, is not read.
- Digits of other scripts ("٣٫٥", "३") as ASCII digits.
- Decimal separators by locale: a figure that writes a word of a locale (Cyrillic, or a
  scale or percent word) takes that locale's decimal and grouping symbols from CLDR
  ("$38,5 млрд" is 38.5, "2,355 триллиона" 2.355, "277.648 millones" 277,648); elsewhere a
  comma followed by one or two digits, or by four or more, is a decimal comma ("10,5").
- Percent and percentage-point words ("процентов", "per cento", "п.п.").
- Fraction words ("треть", "половина", "четверть") and a scale written in two parts ("1 млрд
  300 миллионов" is 1.300 billion).

Hedge and sign words of these languages are ``HEDGE_WORDS``, ``NEAR_WORDS`` and
``SIGN_WORDS``, which ``figure_fields`` joins to its English ones.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pandas as pd

#: Locales whose press the library reads, beyond English: the region's (Russian,
#: Ukrainian, Belarusian, Kazakh, Polish, Turkish) and the agencies' (Spanish, Italian,
#: German, French, Portuguese).
PRESS_LOCALES = ("ru", "uk", "be", "kk", "pl", "tr", "es", "it", "de", "fr", "pt")

#: English press abbreviations CLDR does not give, by factor; they win over other locales.
ENGLISH_ABBREVIATIONS = {
    "bn": 1e9,
    "bln": 1e9,
    "mn": 1e6,
    "mln": 1e6,
    "tn": 1e12,
    "trn": 1e12,
    "trln": 1e12,
}

_ENGLISH_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_CYRILLIC = re.compile(r"[а-яёіўєїқңғүұһәө]", re.IGNORECASE)
_FACTOR_WORD = {1e3: "thousand", 1e6: "million", 1e9: "billion", 1e12: "trillion"}

#: Percent and percentage points in the press locales (CLDR has no such words).
PERCENT_WORDS = (
    r"процент(?:а|ов|ы)?|проц\.|відсот(?:ок|ки|ків)|працэнт(?:аў|ы)?|per\s+cento|"
    r"por\s+ciento|pour\s+cent|por\s+cento|Prozent|procent(?:y|ów)?"
)
POINT_WORDS = (
    r"п\.\s?п\.?|процентн(?:ых|ого|ый|ые)\s+пункт(?:а|ов)?|punti\s+percentuali|"
    r"puntos\s+porcentuales|points?\s+de\s+pourcentage|Prozentpunkte?n?|"
    r"punkt(?:y|ów)?\s+procentow(?:e|ych)"
)

#: Fraction words, as the grammar's English.
FRACTION_WORDS = {
    r"две\s+трети": "two thirds",
    r"треть|трети": "a third",
    r"половин(?:а|у|ы)": "half",
    r"четверть|четверти": "a quarter",
}

#: Hedges of the press locales, by qualifier (as ``figure_fields.HEDGES``).
HEDGE_WORDS = {
    "approximate": r"около|примерно|приблизительно|порядка|почти\s+ровно|близько|"
    r"circa|quasi\s+esattamente|alrededor\s+de|unos|unas|cerca\s+de|environ|près\s+de|"
    r"autour\s+de|etwa|rund|ungefähr|rond|około|yaklaşık",
    "at_most": r"почти|менее|меньше|не\s+более|чуть\s+меньше|чуть\s+менее|майже|"
    r"quasi|meno\s+di|casi|menos\s+de|presque|moins\s+de|fast|knapp|weniger\s+als|"
    r"prawie|niemal|mniej\s+niż",
    "at_least": r"более\s+чем|более|свыше|больше|не\s+менее|превысил[аио]?|превысив|превышает|"
    r"понад|більше|oltre|più\s+di|más\s+de|plus\s+de|über|mehr\s+als|ponad|powyżej|"
    r"ponad",
}

#: One-sided hedges of the press locales that approximate ("почти", "чуть более"), as
#: ``figure_fields.NEAR_HEDGES``.
NEAR_WORDS = (
    r"почти|майже|чуть\s+(?:более|больше|менее|меньше)|немногим\s+(?:более|больше|"
    r"менее|меньше)|quasi|casi|presque|fast|knapp|prawie|niemal"
)

#: A word between a hedge and its number: "почти на 1 млрд", "более чем на 5%".
HEDGE_LINKS = r"(?:на|в|до|by|di|de)"

#: Words that give a figure's sign in the press locales: (negative, positive).
SIGN_WORDS = (
    r"дефицит\w*|сократил\w*|снизил\w*|снижени\w*|сокращени\w*|упал\w*|падени\w*|"
    r"уменьшил\w*|спад\w*|disavanzo|calo|diminuit\w*|scesa|sceso|déficit|cayó|caída|"
    r"descenso|disminu\w*|baisse|recul\w*|Defizit|gesunken|Rückgang|sank",
    r"профицит\w*|вырос\w*|увеличил\w*|прирост\w*|рост|роста|росте|avanzo|aumento|crescit\w*|"
    r"cresciut\w*|superávit|creció|crecimiento|hausse|croissance|excédent|Überschuss|"
    r"gestiegen|Wachstum|wuchs",
)


def _pattern_word(pattern: str) -> str:
    """The word of a CLDR compact pattern ("0\u00a0тыс'.'" -> "тыс."), "" for patterns
    that write the number in another magnitude ("0000 M") or a single letter."""
    text = pattern.replace("'", "").replace("\u00a0", " ").strip()
    if text.count("0") > 1 or "¤" in text:
        return ""
    word = re.sub(r"\s+", " ", text.replace("0", "")).strip()
    return word if len(word.rstrip(".")) > 1 else ""


@cache
def scale_words() -> dict[str, float]:
    """Scale word (lowercase) -> factor, in every press locale, English first.

    >>> words = scale_words()
    >>> words["млрд"], words["mil millones"], words["billones"], words["bln"]
    (1000000000.0, 1000000000.0, 1000000000000.0, 1000000000.0)
    """
    found: dict[str, set[float]] = {}
    for locale in PRESS_LOCALES:
        for word, factor in _compact_words(locale).items():
            found.setdefault(word, set()).add(factor)
    english = {**_ENGLISH_WORDS, **ENGLISH_ABBREVIATIONS}
    words = {
        w: next(iter(f))
        for w, f in found.items()
        if len(f) == 1 and w not in english and w.removesuffix("s") not in english
    }
    # a word English reads as its own ("billion", "bln") stays English
    return {**{w: f for w, f in english.items() if w not in _ENGLISH_WORDS}, **words}


@cache
def _scale_pattern() -> re.Pattern[str]:
    words = sorted(scale_words(), key=len, reverse=True)
    spelled = "|".join(
        re.escape(w).replace(r"\ ", r"\s+") + ("" if w.endswith(".") else r"\.?") for w in words
    )
    return re.compile(
        rf"(?<=[0-9])\s?(?:{spelled}|billions?|millions?|trillions?|thousands?)"
        r"(?![\w])",
        re.IGNORECASE,
    )


@cache
def _compact_words(locale: str) -> dict[str, float]:
    """The scale words of *locale*'s compact number patterns (long and short forms, CLDR via
    Babel), lowercase, with the factor each writes (thousand to trillion)."""
    from babel import Locale

    words: dict[str, float] = {}
    formats = Locale.parse(locale).compact_decimal_formats
    for kind in ("long", "short"):
        for patterns in formats.get(kind, {}).values():
            for magnitude, pattern in patterns.items():
                word = _pattern_word(getattr(pattern, "pattern", str(pattern))).lower()
                if word and float(magnitude) in _FACTOR_WORD:
                    words[word] = float(magnitude)
    return words


def _locale_words(locale: str) -> set[str]:
    """The scale words of *locale* that are not English's."""
    english = {*_ENGLISH_WORDS, *ENGLISH_ABBREVIATIONS}
    return {
        w for w in _compact_words(locale) if w.removesuffix("s") not in english and w not in english
    }


@cache
def _locale_marks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Words that put a figure in a locale with a decimal comma, split by its grouping
    symbol: a point ("277.648 millones") or a space (Cyrillic, French, Polish)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    by_group: dict[str, set[str]] = {".": set(), " ": set()}
    for locale in PRESS_LOCALES:
        if get_decimal_symbol(locale) == ",":
            group = "." if get_group_symbol(locale) == "." else " "
            by_group[group] |= {w for w in _locale_words(locale) if not _CYRILLIC.search(w)}

    def spelled(words: set[str]) -> str:
        ordered = sorted(words, key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)

    point_percent = r"per\s+cento|por\s+ciento|por\s+cento|Prozent"
    space_percent = r"pour\s+cent|procent"
    point = spelled(by_group["."])
    space = spelled(by_group[" "] - by_group["."])
    return (
        re.compile(rf"(?i)(?<![\w])(?:{point}|{point_percent})(?![\w])"),
        re.compile(
            rf"(?i){_CYRILLIC.pattern}|"
            rf"(?<![\w])(?:{space}|{space_percent})(?![\w])"
        ),
    )


def ascii_digits(figures: pd.Series) -> pd.Series:
    """Digits of any script as ASCII digits.

    >>> ascii_digits(pd.Series(["٣٥ مليار", "३.५"])).tolist()
    ['35 مليار', '3.5']
    """
    other = figures.str.contains(r"(?![0-9])\d", regex=True, na=False)
    if not other.any():
        return figures
    fixed = figures[other].str.replace(
        r"(?![0-9])\d", lambda m: str(unicodedata.decimal(m.group(0))), regex=True
    )
    return figures.mask(other, fixed)


def decimal_points(figures: pd.Series) -> pd.Series:
    """Figures with their decimal separator a point and no grouping, by their locale.

    >>> decimal_points(pd.Series(["$38,5 млрд", "2,355 триллиона", "277.648 millones",
    ...                           "10,5 per cento", "1,234,000", "6,5%", "1.234,5 Mio."])).tolist()
    ['$38.5 млрд', '2.355 триллиона', '277648 millones', '10.5 per cento', '1,234,000', '6.5%', \
'1234.5 Mio.']
    """
    point, space = _locale_marks()
    grouped_by_point = figures.str.contains(point, regex=True)
    comma = grouped_by_point | figures.str.contains(space, regex=True)
    out = figures.mask(
        grouped_by_point,
        figures.str.replace(r"(?<=[0-9])\.(?=[0-9]{3}(?![0-9]))", "", regex=True),
    )
    in_locale = out.str.replace(r"(?<=[0-9]),(?=[0-9])", ".", regex=True)
    # elsewhere a comma is a decimal one only where no thousands grouping writes it
    english = out.str.replace(r"(?<=[0-9]),(?=[0-9]{1,2}(?![0-9])|[0-9]{4,})", ".", regex=True)
    return in_locale.where(comma, english)


def in_english_words(figures: pd.Series) -> pd.Series:
    """Figures of any press locale in the grammar's English words and ASCII digits with a
    decimal point (thousands separators are joined by the caller first).

    >>> in_english_words(pd.Series(["почти на 1 млрд 300 миллионов долларов",
    ...     "10,5 miliardi di dollari", "на 13-14 процентов", "вырос на треть",
    ...     "1,8 п.п."])).tolist()
    ['почти на 1.300 billion долларов', '10.5 billion di dollari', 'на 13-14 percent', \
'вырос на a third', '1.8 percentage points']
    """
    text = decimal_points(ascii_digits(figures))
    text = text.str.replace(
        _scale_pattern(),
        lambda m: " " + _FACTOR_WORD[_factor(m.group(0))],
        regex=True,
    )
    text = text.str.replace(
        rf"(?i)(?<![\w])(?:{POINT_WORDS})(?![\w])", " percentage points", regex=True
    )
    text = text.str.replace(rf"(?i)(?<![\w])(?:{PERCENT_WORDS})(?![\w])", "percent", regex=True)
    text = text.str.replace(r"(?<=[0-9])\s+percentage points", " percentage points", regex=True)
    for pattern, english in FRACTION_WORDS.items():
        text = text.str.replace(rf"(?i)(?<![\w])(?:{pattern})(?![\w])", english, regex=True)
    # "1 billion 300 million": one number of the larger scale
    for big, small in (("trillion", "billion"), ("billion", "million"), ("million", "thousand")):
        text = text.str.replace(
            rf"(?<![0-9.])(?P<a>[0-9]+)\s+(?P<big>{big})\s+(?P<b>[0-9]{{1,3}})\s+{small}\b",
            _one_number,
            regex=True,
        )
    return text


def _one_number(match: re.Match[str]) -> str:
    """ "1 billion 300 million" as "1.300 billion"."""
    return f"{match.group('a')}.{int(match.group('b')):03d} {match.group('big')}"


def _factor(word: str) -> float:
    """The factor of a matched scale word: as ``scale_words`` keys it (lowercase, spaces
    single, a dot kept only where the word has one), or an English word or its plural."""
    text = re.sub(r"\s+", " ", word.strip().lower())
    words = scale_words()
    if text in words or text.rstrip(".") in words:
        return words.get(text, words.get(text.rstrip("."), 0.0))
    return _ENGLISH_WORDS[text.removesuffix("s")]
