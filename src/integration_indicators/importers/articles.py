"""Draft claims pulled from a plain-text article, for a person to confirm.

``extract_claims`` reads an article (bounded, as every input), splits it into sentences and
finds each figure a sentence states: digits or number words with their hedge, currency,
scale word and unit ("almost $1.7 trillion", "between 200,000 and half a million", "eight
times", "about 90%"), and the sign claims of trade ("registered a surplus"). Years and the
days of dates are not figures. Each figure becomes a draft row in the observation file's
columns, its fields read by ``model.figure_fields``, with the sentence as its quote, the
person or body the sentence names as saying it, the economies it names, the one year it
names as the period and a proposed indicator; the note says what is a proposal and what
could not be read. Nothing enters a catalogue from here: ``claims add`` (or a person) does
that after review.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from integration_indicators.importers.imports import observation_frame
from integration_indicators.model.figure_fields import HEDGES
from integration_indicators.model.figures import SCALE_ABBREVIATIONS, SCALE_WORD, TOKEN

#: Largest article read, in bytes.
MAX_ARTICLE_BYTES = 8 * 1024 * 1024

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|"
    r"Dec(?:ember)?)\.?"
)
_SYMBOL = r"(?:US\$|[$€£₽₸¥])"
#: A year is not an amount unless a unit follows it ("2019 and $9.6 billion" is no range).
_NOT_A_YEAR = (
    r"(?!(?:19|20)[0-9]{2}(?![0-9,.%]|\s*(?:percent|per\s?cent|thousand|million|"
    r"billion|trillion)\b))"
)
#: Digits that are no amount: a phone number (202.483.8888), a model (Su-30).
_NOT_A_CODE = r"(?<![0-9.,])(?<![A-Za-z]-)"
_DIGITS = (
    rf"{_NOT_A_CODE}{_NOT_A_YEAR}[0-9]{{1,3}}(?:[,\u00a0\u202f\u2009'’][0-9]{{3}})+"
    rf"(?:\.[0-9]+)?(?!\.[0-9])|"
    rf"{_NOT_A_CODE}{_NOT_A_YEAR}[0-9]+(?:\.[0-9]+)?(?!\.?[0-9])"
)
_WORDS = rf"{TOKEN}(?:[\s-]+(?:and[\s-]+)?{TOKEN}){{0,12}}"
_UNIT_AFTER = (
    r"%|\bper\s?cent\b|\bpercent\b|\bpercentage[\s-]+points?\b|\bpp\b|\btimes\b|"
    r"\b(?:US\s+)?dollars?\b|\beuros?\b|\b(?:Belarusian\s+|Russian\s+)?(?:roubles?|"
    r"rubles?)\b|\btenge\b|\byuan\b"
)
_HEDGE = "|".join(HEDGES.values())
_NUMBER = rf"{_SYMBOL}?\s?(?:{_DIGITS})"
#: A scale word after a number, its abbreviations included ("$18bn", "3.5 mln"): the forms
#: the figure grammar reads (``figures.SCALE_ABBREVIATIONS``).
_SCALE_AFTER = (
    rf"(?:\s+(?:{SCALE_WORD})\b|\s?(?:"
    + "|".join(form for form, _ in SCALE_ABBREVIATIONS)
    + r")(?!\w))"
)
_AMOUNT = (
    rf"(?:{_NUMBER}|{_SYMBOL}?\s?(?:{_WORDS})(?=\s+(?:{SCALE_WORD}|times|percent)\b))"
    rf"{_SCALE_AFTER}?"
)
#: One figure in running text: a hedge, an amount or a range of two, a unit after it.
FIGURE_SPAN = re.compile(
    rf"(?:\b(?:between|from)\s+)?(?:\b(?:{_HEDGE})\s+)?{_AMOUNT}"
    rf"(?:\s*(?:-|–|—|\bto\b|\band\b)\s*{_AMOUNT})?(?:\s*(?:{_UNIT_AFTER}))?",
    re.IGNORECASE,
)
#: A claim of sign alone about trade.
SIGN_SPAN = re.compile(
    r"\b(?:registered|recorded|posted|ran|reported|had|showed)\s+(?:a|its\s+first)\s+"
    r"(?:trade\s+)?(?:surplus|deficit)\b",
    re.IGNORECASE,
)
_SAYS = r"said|says|claimed|claims|stated|announced|noted|told|reported|added|estimated"
_NAME = r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,4}"
_SPEAKER = re.compile(
    r"\b(?i:according\s+to)\s+(?P<a>[^,.;:]{2,60})|"
    rf"(?P<b>{_NAME})\s+(?:{_SAYS})\b|"
    rf"\b(?:{_SAYS})\s+(?P<c>{_NAME})"
)


def normalise(text: str) -> str:
    """NFKC, one space for every run of white space inside a paragraph, paragraphs kept."""
    text = unicodedata.normalize("NFKC", text)
    paragraphs = re.split(r"\n\s*\n", text)
    return "\n\n".join(re.sub(r"\s+", " ", p).strip() for p in paragraphs if p.strip())


def sentences(text: str) -> pd.DataFrame:
    """The sentences of normalised *text* with their offsets (``start``, ``sentence``)."""
    found = [
        (m.start(), m.group(0))
        for m in re.finditer(r"[^\n]+?(?:[.!?](?=\s+[A-Z\"“(]|\s*$|\n)|$)", text, re.MULTILINE)
    ]
    frame = pd.DataFrame(found, columns=["start", "sentence"])
    frame["sentence"] = frame["sentence"].str.strip()
    return frame[frame["sentence"] != ""].reset_index(drop=True)


def _not_a_figure(span: pd.Series, after: pd.Series, before: pd.Series) -> np.ndarray:
    """Years, days of dates and bare counts of a date ("Jan. 29, 2024", "4 February"), clock
    times, addresses (street, suite and office numbers, postcodes) and ages."""
    plain = span.str.fullmatch(r"[0-9]+", na=False).to_numpy()
    numbers = pd.to_numeric(span.where(pd.Series(plain, index=span.index)), errors="coerce")
    year = plain & numbers.between(1900, 2100).to_numpy()
    digits_first = span.str.match(r"[0-9]", na=False).to_numpy()
    day = (digits_first & before.str.contains(rf"{_MONTHS}\s*$", regex=True).to_numpy()) | (
        plain & after.str.match(rf"\s*{_MONTHS}", na=False).to_numpy()
    )
    clock = after.str.match(r"\s*(?::[0-9]|[ap]\.?m\b)", case=False, na=False).to_numpy()
    length = after.str.match(r"\s*(?:min\b|minutes?\b)", case=False, na=False).to_numpy()
    # an address: a street number, a suite or office, a postcode after a place or state
    street = after.str.match(
        r"\s+(?:[A-Z][\w.]*\s+){0,3}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|"
        r"Lane|Square|Sq)\b\.?",
        na=False,
    ).to_numpy()
    office = before.str.contains(
        r"\b(?:Suite|Ste|Office|Room|Apt|Floor|Box)\.?\s*#?$", case=False, regex=True
    ).to_numpy()
    after_state = before.str.contains(r"\b[A-Z][A-Za-z]+,?\s+[A-Z]{2},?\s*$", regex=True)
    postcode = after_state.to_numpy() & span.str.fullmatch(r"[0-9]{5}", na=False).to_numpy()
    # an age: "55-year-old", "aged 55", a page header's "Age: 2 months"
    age = after.str.match(r"\s*-?\s*years?[\s-]+old\b", case=False, na=False).to_numpy()
    age = age | before.str.contains(r"\b(?:aged|Age:)\s*$", case=False, regex=True).to_numpy()
    # "Heorhiy Charavaka, 55, a recognized political prisoner": an age between commas
    named = before.str.contains(r"\b[A-Z][a-z]+,\s*$", regex=True).to_numpy()
    age = age | (
        plain
        & named
        & span.str.fullmatch(r"[0-9]{1,3}", na=False).to_numpy()
        & after.str.match(r"\s*,", na=False).to_numpy()
    )
    return np.asarray(year | day | clock | length | street | office | postcode | age, dtype=bool)


def find_figures(text: str) -> pd.DataFrame:
    """Every figure of normalised *text*: ``figure``, its ``start`` offset and its
    ``sentence`` (the quote)."""
    rows = []
    for start, sentence in sentences(text).itertuples(index=False):  # an article: dozens
        for pattern in (FIGURE_SPAN, SIGN_SPAN):
            rows += [
                (
                    m.group(0).strip(),
                    start + m.start(),
                    sentence,
                    sentence[: m.start()],
                    sentence[m.end() :],
                )
                for m in pattern.finditer(sentence)
            ]
    found = pd.DataFrame(rows, columns=["figure", "start", "sentence", "before", "after"])
    keep = ~_not_a_figure(found["figure"], found["after"], found["before"])
    keep &= found["figure"].str.contains(r"[0-9]|[A-Za-z]", regex=True).to_numpy()
    found = found[keep].drop_duplicates(["start", "figure"]).sort_values("start")
    return found.loc[:, ["figure", "start", "sentence"]].reset_index(drop=True)


def speakers(quotes: pd.Series) -> pd.Series:
    """The person or body each sentence names as saying something ("" where none)."""
    found = quotes.str.extract(_SPEAKER)
    return found["a"].fillna(found["b"]).fillna(found["c"]).fillna("").astype("str")


def extract_claims(
    path: str | Path, source: str, indicators: pd.DataFrame, as_of: str = ""
) -> pd.DataFrame:
    """Draft rows (an observation file's columns, plus the figure's offset ``start`` in the
    normalised text) for every figure of the article at *path*; see the module."""
    from integration_indicators.importers.claims import fields_and_indicators
    from integration_indicators.io.readers import decode_text
    from integration_indicators.io.safe_read import read_bytes
    from integration_indicators.model.economies import economies_in

    name = Path(path).name
    data = read_bytes(Path(path), name, MAX_ARTICLE_BYTES)
    decoded = decode_text(data, name, ("text",))
    if not isinstance(decoded, str):
        from integration_indicators.errors import ValidationError

        raise ValidationError(decoded.problems, str(path))
    found = find_figures(normalise(decoded))
    blank = pd.Series("", index=found.index)
    fields, proposed, _ = fields_and_indicators(
        found["figure"], found["sentence"], blank, indicators, keep_values=True
    )
    named = economies_in(found["sentence"])
    years = found["sentence"].str.findall(r"\b(?:19|20)[0-9]{2}\b").map(lambda y: sorted(set(y)))
    note = "draft from " + name + ": confirm every field before adding it to a catalogue"
    problem = fields["problem"].where(fields["problem"] == "", "; " + fields["problem"])
    said_by = speakers(found["sentence"])
    drafts = observation_frame(
        {
            "id": pd.Series([f"{source}-draft-{i + 1}" for i in range(len(found))]),
            "indicator": proposed,
            "geo": named.map(lambda c: c[0] if c else ""),
            "counterpart": named.map(lambda c: c[1] if len(c) > 1 else ""),
            "period": years.map(lambda y: y[0] if len(y) == 1 else ""),
            "as_of": as_of,
            "value": fields["value"],
            "lower": fields["lower"],
            "upper": fields["upper"],
            "unit": fields["unit"],
            "qualifier": fields["qualifier"],
            "status": said_by.map(lambda s: "claimed" if s else "reported"),
            "figure": found["figure"],
            "quote": found["sentence"],
            "attributed_to": said_by,
            "source": source,
            "note": note + problem,
        }
    )
    return drafts.assign(start=found["start"].to_numpy())


def match_drafts(
    drafts: pd.DataFrame, curated: pd.DataFrame, text: str
) -> tuple[np.ndarray, np.ndarray]:
    """Which *curated* rows (a catalogue's press rows of one article) the *drafts* of
    ``extract_claims`` found, and which drafts found one: a draft finds a row when its figure
    lies inside the row's quote in the normalised *text*, the two figures write the same
    numbers, and one figure holds the other ("about 90%" and "90%")."""
    from integration_indicators.model.figures import figure_numbers
    from integration_indicators.validation.checks import normalise_text

    def numbers(figures: pd.Series) -> list[tuple[float, ...]]:
        read = figure_numbers(figures.reset_index(drop=True)).abs()
        said: dict[int, tuple[float, ...]] = {}
        for position, value in zip(read.index, read.to_numpy(), strict=True):  # a few dozen
            said[int(position)] = tuple(sorted((*said.get(int(position), ()), float(value))))
        return [said.get(i, ()) for i in range(len(figures))]

    quotes = normalise_text(curated["quote"].astype("str")).tolist()  # as the figure check
    starts = np.array([text.find(q) for q in quotes])
    ends = starts + np.array([len(q) for q in quotes])
    figure = normalise_text(curated["figure"].astype("str")).str.lower().to_numpy()
    draft_figure = drafts["figure"].astype("str").str.lower().to_numpy()
    at = drafts["start"].to_numpy()
    inside = (
        (starts[:, None] >= 0) & (starts[:, None] <= at[None, :]) & (at[None, :] < ends[:, None])
    )
    drafted = numbers(drafts["figure"])
    same = np.array(
        [[a == b for b in drafted] for a in numbers(curated["figure"])], dtype=bool
    ).reshape(len(curated), len(drafts))
    holds = np.array(
        [[f in d or d in f for d in draft_figure] for f in figure], dtype=bool
    ).reshape(len(curated), len(drafts))
    hit = inside & same & holds
    return hit.any(axis=1), hit.any(axis=0)
