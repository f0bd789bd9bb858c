"""Numbers written in words and digits: ``$8.4 billion``, ``six and a half million``.

A figure is the span of a quote that states a number. ``figure_numbers`` reads every
number in a column of figures at once (a regular expression via ``str.extractall``), applying
scale words and percent signs, so that the catalogue can check that what it records is what
the quote says. What it reads (the grammar of figures):

- digits, with thousands separators: ``4,172,000``, ``8.4``;
- number words from zero to nine hundred and ninety-nine, hyphenated or not
  (``twenty-nine``, ``three hundred``), with a fraction after "and" (``six and a half``,
  ``two and three quarters``);
- fractions: ``half``, ``a third``, ``a quarter``, ``two thirds``, ``three quarters``;
  ``a``/``an`` counts as one before a scale word only (``a thousand``, ``half a million``);
- a scale word after either (thousand, million, billion, trillion), and a range that writes
  it once applies it to both ends (``between 3.7 and 3.8 million``, ``3.7-3.8 million``,
  ``5 to 7%``);
- percent (``%``, ``percent``, ``per cent``) and percentage points (``percentage points``,
  ``pp``) divide by 100, as pint's root units of ``percent`` and ``percentage_point`` do.

Number words are read once per distinct spelling; a third and two thirds are inexact
(``inexact_numbers``): the check compares them within the precision of the recorded digits.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd

SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_UNIT_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TEN_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = {word: float(n) for n, word in enumerate(_UNIT_WORDS)}
_TENS = {word: 10.0 * n for n, word in enumerate(_TEN_WORDS, start=2)}
#: Denominators of the fraction words.
_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}
_ARTICLES = ("a", "an")
_TOKENS = sorted([*_UNITS, *_TENS, "hundred", *_FRACTIONS, *_ARTICLES], key=len, reverse=True)
TOKEN = r"\b(?:" + "|".join(_TOKENS) + r")\b"
#: A run of number words, "and" only between two of them.
_WORD_NUMBER = rf"{TOKEN}(?:[\s-]+(?:and[\s-]+)?{TOKEN}){{0,12}}"
SCALE_WORD = "|".join(SCALES)
_PERCENT = r"%|\bper\s?cent\b|\bpercentage[\s-]+points?\b|\bp\.?p\b\.?"

#: One number: digits (``4,172,000``, ``8.4``) or number words (``six and a half``), then an
#: optional scale word and an optional percent sign or word.
FIGURE_NUMBER = re.compile(
    rf"(?:(?<![0-9.,])(?P<digits>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    rf"|(?P<word>{_WORD_NUMBER}))"
    rf"(?:\s*\b(?P<scale>{SCALE_WORD})\b)?"
    rf"(?:\s*(?P<percent>{_PERCENT}))?",
    re.IGNORECASE,
)

#: A range whose scale word or percent sign is written once, after its second end.
_ONE_SCALE_RANGE = re.compile(
    r"(?<![0-9.,])(?P<first>[0-9][0-9,]*(?:\.[0-9]+)?)"
    r"(?P<between>\s*(?:-|–|—|\bto\b|\band\b)\s*(?:US\$|[$€£₽₸¥])?)"
    rf"(?P<second>[0-9][0-9,]*(?:\.[0-9]+)?)(?P<gap>\s*)(?P<scale>\b(?:{SCALE_WORD})\b|{_PERCENT})",
    re.IGNORECASE,
)


@cache
def words_value(text: str) -> float:
    """The number a run of number words writes (NaN where it writes none).

    Examples
    --------
    >>> [words_value(t) for t in ("six and a half", "twenty-nine", "two thirds", "half a")]
    [6.5, 29.0, 0.6666666666666666, 0.5]
    >>> words_value("a"), words_value("one hundred and five")
    (1.0, 105.0)
    """
    tokens = [t for t in re.split(r"[\s-]+", text.lower()) if t]
    whole, current, said = 0.0, 0.0, False
    for token in tokens:
        if token in _UNITS or token in _TENS:
            current += _UNITS.get(token, _TENS.get(token, 0.0))
            said = True
        elif token == "hundred":
            current = (current or 1.0) * 100.0
            said = True
        elif token == "and":
            whole, current = whole + current, 0.0
        elif token in _FRACTIONS:
            whole, current = whole + (current or 1.0) / _FRACTIONS[token], 0.0
            said = True
    if not said:  # articles alone: one, where a scale word follows (the caller's rule)
        return 1.0 if tokens and all(t in _ARTICLES for t in tokens) else float("nan")
    return whole + current


#: English press abbreviations of scale words, as the grammar's words ("$69.52 bln",
#: "$18bn", "3.5 mln", "2 trn"); other languages' scale words are ``figure_locales``'.
SCALE_ABBREVIATIONS = (
    (r"(?:bn|bln|billions)", "billion"),
    (r"(?:mn|mln|millions)", "million"),
    (r"(?:tn|trn|trln|trillions)", "trillion"),
    (r"(?:thousands)", "thousand"),
)


def normalise_figures(figures: pd.Series) -> pd.Series:
    """Figures in the grammar's words: thousands separated by a space of any kind or an
    apostrophe ("9 478 200", "9'478'200") joined; scale abbreviations and other languages'
    scale, percent and fraction words, decimal commas and other scripts' digits as English
    (``figure_locales.in_english_words``); "6.6-percent" and "per cent" as "6.6 percent".

    Examples
    --------
    >>> normalise_figures(pd.Series(["$69.52 bln", "$18bn", "9\u202f478\u00a0200",
    ...     "9'478'200", "6.6-percent", "1 300 млн", "$38,5 млрд"])).tolist()
    ['$69.52 billion', '$18 billion', '9478200', '9478200', '6.6 percent', '1300 million', \
'$38.5 billion']
    """
    from integration_indicators.model.figure_locales import in_english_words

    codes, distinct = pd.factorize(figures.astype("str"))  # each spelling read once
    text = pd.Series(distinct, dtype="object").str.replace(
        r"(?<=[0-9])[ \u00a0\u2009\u202f'’](?=[0-9]{3}(?![0-9]))", "", regex=True
    )
    text = in_english_words(text)
    text = text.str.replace(r"(?<=[0-9])-(?=per\s?cent\b|percent\b)", " ", regex=True)
    return pd.Series(text.to_numpy(dtype=object)[codes], index=figures.index, dtype="object")


def one_scale_ranges(figures: pd.Series) -> pd.Series:
    """Figures with a range's scale word written at both ends ("3.7 million and 3.8 million"),
    read in the grammar's words (``normalise_figures``)."""
    figures = normalise_figures(figures)
    return figures.str.replace(
        _ONE_SCALE_RANGE, r"\g<first> \g<scale>\g<between>\g<second>\g<gap>\g<scale>", regex=True
    )


def read_figures(figures: pd.Series) -> pd.DataFrame:
    """Every number of every figure: its magnitude in root units (``number``) and whether it
    was written as a fraction that digits cannot hold exactly (``inexact``), by position."""
    text = one_scale_ranges(figures.reset_index(drop=True).astype("str"))
    found = text.str.extractall(FIGURE_NUMBER)
    if found.empty:
        return pd.DataFrame(
            {"number": pd.Series(dtype="float64"), "inexact": pd.Series(dtype="bool")},
            index=pd.Index([], dtype="int64"),
        )
    digits = pd.to_numeric(found["digits"].str.replace(",", "", regex=False), errors="coerce")
    words = found["word"].str.lower().str.replace(r"\s+", " ", regex=True)
    distinct = words.dropna().unique()
    values = {w: words_value(w) for w in distinct}  # once per distinct spelling
    word_values = words.map(values).astype("float64")
    has_scale = found["scale"].notna()
    article = words.isin(_ARTICLES) | words.isin([f"{a} {b}" for a in _ARTICLES for b in _ARTICLES])
    word_values = word_values.where(~article | has_scale)  # "a" counts before a scale word only
    base = digits.fillna(word_values).astype("float64")
    scale = found["scale"].str.lower().map(SCALES).fillna(1.0).astype("float64")
    percent = np.where(found["percent"].notna(), 0.01, 1.0)
    inexact = words.str.contains(r"\bthirds?\b", regex=True, na=False).to_numpy(dtype=bool)
    frame = pd.DataFrame(
        {"number": (base * scale * percent).to_numpy(), "inexact": inexact},
        index=found.index.get_level_values(0).to_numpy(),
    )
    return frame[frame["number"].notna().to_numpy()]


def figure_numbers(figures: pd.Series) -> pd.Series:
    """Every number of every figure, as a magnitude in root units.

    Returns a float Series indexed by the position (0-based) of the figure it came from, one
    entry per number, in reading order. Scale words multiply (``9.5 million`` -> 9.5e6) and
    percent divides by 100 (``90%`` -> 0.9), matching pint's root units of the written unit.

    Examples
    --------
    >>> figure_numbers(pd.Series(["between 200,000 and half a million", "about 90%"])).tolist()
    [200000.0, 500000.0, 0.9]
    >>> figure_numbers(pd.Series(["six and a half million", "3.7-3.8 million"])).tolist()
    [6500000.0, 3700000.0, 3800000.0]
    """
    return read_figures(figures)["number"]


def inexact_numbers(figures: pd.Series) -> pd.Series:
    """For each number of ``figure_numbers(figures)``, whether digits cannot write it exactly
    (a third, two thirds): compared within the precision of the digits recorded for it.

    Examples
    --------
    >>> inexact_numbers(pd.Series(["a third", "a quarter"])).tolist()
    [True, False]
    """
    return read_figures(figures)["inexact"]


def mismatches(
    written: pd.Series,
    recorded: pd.Series,
    *,
    rtol: float = 1e-9,
    inexact: pd.Series | None = None,
    slack: pd.Series | None = None,
) -> np.ndarray:
    """Positions whose written numbers differ from the recorded ones, as multisets.

    *written* and *recorded* are long Series of magnitudes indexed by position (as
    ``figure_numbers`` returns); signs are ignored (a deficit is written unsigned). Where
    *inexact* (aligned with *written*) marks a number, it matches a recorded one within that
    one's *slack* (aligned with *recorded*: half a unit of its last digit).
    """

    def ranked(numbers: pd.Series, extra: pd.Series | None, name: str) -> pd.DataFrame:
        frame = pd.DataFrame({"pos": numbers.index.to_numpy(), "x": np.abs(numbers.to_numpy())})
        if extra is not None:
            frame[name] = extra.to_numpy()
        frame = frame.sort_values(["pos", "x"], kind="stable")
        frame["rank"] = frame.groupby("pos").cumcount()
        return frame

    both = ranked(written, inexact, "inexact").merge(
        ranked(recorded, slack, "slack"), on=["pos", "rank"], how="outer"
    )
    same = np.isclose(both["x_x"], both["x_y"], rtol=rtol, atol=0.0)
    if inexact is not None and slack is not None:
        loose = both["inexact"].fillna(False).to_numpy(dtype=bool)
        gap = np.abs((both["x_x"] - both["x_y"]).to_numpy(dtype="float64"))
        near = gap <= both["slack"].to_numpy(dtype="float64") * (1 + rtol)
        same |= loose & near
    return np.unique(both.loc[~same, "pos"].to_numpy())
