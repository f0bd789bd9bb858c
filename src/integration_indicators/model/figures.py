"""Numbers written in words and digits: ``$8.4 billion``, ``half a million``, ``about 90%``.

A figure is the span of a quote that states a number. ``figure_numbers`` reads every
number in a column of figures at once (a regular expression via ``str.extractall``), applying
scale words and percent signs, so that the catalogue can check that what it records is what
the quote says.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_WORDS = {
    "a": 1.0, "an": 1.0, "half a": 0.5, "half an": 0.5, "one": 1.0, "two": 2.0, "three": 3.0,
    "four": 4.0, "five": 5.0, "six": 6.0, "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0,
    "eleven": 11.0, "twelve": 12.0,
}  # fmt: skip
_SCALE_WORD = "|".join(_SCALES)
_NUMBER_WORD = "|".join(sorted(_WORDS, key=len, reverse=True)).replace(" ", r"\s+")

#: One number: digits (``4,172,000``, ``8.4``) or a number word before a scale word
#: (``half a million``), then an optional scale word and an optional percent sign or word.
FIGURE_NUMBER = re.compile(
    rf"(?:(?<![0-9.,])(?P<digits>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    rf"|\b(?P<word>{_NUMBER_WORD})(?=\s+(?:{_SCALE_WORD})\b))"
    rf"(?:\s*\b(?P<scale>{_SCALE_WORD})\b)?"
    r"(?:\s*(?P<percent>%|\bper\s?cent\b))?",
    re.IGNORECASE,
)


def figure_numbers(figures: pd.Series) -> pd.Series:
    """Every number of every figure, as a magnitude in root units.

    Returns a float Series indexed by the position (0-based) of the figure it came from, one
    entry per number, in reading order. Scale words multiply (``9.5 million`` -> 9.5e6) and
    percent divides by 100 (``90%`` -> 0.9), matching pint's root units of the written unit.

    Examples
    --------
    >>> figure_numbers(pd.Series(["between 200,000 and half a million", "about 90%"])).tolist()
    [200000.0, 500000.0, 0.9]
    """
    found = figures.reset_index(drop=True).astype("str").str.extractall(FIGURE_NUMBER)
    if found.empty:
        return pd.Series([], dtype="float64", index=pd.Index([], dtype="int64"))
    digits = pd.to_numeric(found["digits"].str.replace(",", "", regex=False), errors="coerce")
    words = found["word"].str.lower().str.replace(r"\s+", " ", regex=True).map(_WORDS)
    base = digits.fillna(words).astype("float64")
    scale = found["scale"].str.lower().map(_SCALES).fillna(1.0).astype("float64")
    percent = np.where(found["percent"].notna(), 0.01, 1.0)
    return pd.Series(
        (base * scale * percent).to_numpy(), index=found.index.get_level_values(0).to_numpy()
    )


def mismatches(written: pd.Series, recorded: pd.Series, *, rtol: float = 1e-9) -> np.ndarray:
    """Positions whose written numbers differ from the recorded ones, as multisets.

    *written* and *recorded* are long Series of magnitudes indexed by position (as
    ``figure_numbers`` returns); signs are ignored (a deficit is written unsigned).
    """

    def ranked(numbers: pd.Series) -> pd.DataFrame:
        frame = pd.DataFrame({"pos": numbers.index.to_numpy(), "x": np.abs(numbers.to_numpy())})
        frame = frame.sort_values(["pos", "x"], kind="stable")
        frame["rank"] = frame.groupby("pos").cumcount()
        return frame

    both = ranked(written).merge(ranked(recorded), on=["pos", "rank"], how="outer")
    same = np.isclose(both["x_x"], both["x_y"], rtol=rtol, atol=0.0)
    return np.unique(both.loc[~same, "pos"].to_numpy())
