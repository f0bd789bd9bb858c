"""From a figure as printed to the fields an observation records: value, lower, upper,
unit and qualifier, read from the figure and the words around it in its quote.

The rules (the claims guide has worked examples):

- numbers as ``figures`` reads them (digits, number words, fractions, ranges with one scale
  word); one number is a value, two a range (``lower``, ``upper``); none, with "surplus",
  "deficit", "grew" or "fell" in the figure, a claim of sign alone;
- the unit is the scale word shared by the numbers, then what the figure or quote names:
  percent, percentage points, "times", a currency (``currency_words``: a symbol, an ISO 4217
  code or its name, from CLDR: "$", "HK$", "₺", "euros", "tenge", "Turkish lira"), else the
  indicator's unit (``person``); an ambiguous one ("roubles", "¥", "kr") is settled by the
  claim's economy in its year, else reported with its candidates, never guessed;
- the hedge in the figure, or just before it in the quote: "about", "some", "around",
  "roughly", "close to", "an estimated" are ``approximate``; "almost", "nearly", "up to",
  "under", "less than" are ``at_most`` (value and upper); "more than", "over", "at least",
  "above" are ``at_least`` (value and lower);
- on an indicator whose sign carries meaning, a deficit, fall or decline is negative.

Rows that cannot be read get a ``problem`` in words and no fields: nothing is guessed.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

import numpy as np
import pandas as pd

from integration_indicators.model.claimed import SIGNED
from integration_indicators.model.figure_locales import (
    HEDGE_LINKS,
    HEDGE_WORDS,
    NEAR_WORDS,
    SIGN_WORDS,
)
from integration_indicators.model.figures import (
    FIGURE_NUMBER,
    TOKEN,
    normalise_figures,
    words_value,
)

#: Hedge words by qualifier, as they precede a number, in English and the press locales
#: (``figure_locales.HEDGE_WORDS``).
HEDGES = {
    "approximate": r"about|around|some|roughly|approximately|close\s+to|an\s+estimated|"
    r"estimated|almost\s+exactly|" + HEDGE_WORDS["approximate"],
    "at_most": r"almost|nearly|approaching|up\s+to|under|less\s+than|fewer\s+than|below|"
    r"no\s+more\s+than|at\s+most|just\s+under|just\s+short\s+of|" + HEDGE_WORDS["at_most"],
    "at_least": r"more\s+than|over|at\s+least|above|exceeding|exceeds|exceeded|in\s+excess\s+of|"
    r"upwards\s+of|no\s+less\s+than|" + HEDGE_WORDS["at_least"],
}

#: Hedges that approximate from one side, as people mean them: "nearly X" is a little under
#: X, "just over X" a little over it (``NEAR_SHARE`` of claimed.py). The other words of
#: ``HEDGES["at_most"]`` and ``["at_least"]`` are bounds ("less than", "more than").
NEAR_HEDGES = (
    r"almost|nearly|approaching|just\s+(?:under|below|short\s+of|over|above)|"
    r"slightly\s+(?:under|below|less\s+than|over|above|more\s+than)|"
    r"a\s+little\s+(?:under|below|less\s+than|over|above|more\s+than)|" + NEAR_WORDS
)

#: Words that put dollars at purchasing power parity: international dollars.
PPP_WORDS = (
    r"\bpurchasing[\s-]+power[\s-]+parit(?:y|ies)\b|\bPPP\b|"
    r"\binternational\s+dollars?\b|\bint(?:ernationa)?l\.?\s*\$"
)


_SIGN_NEGATIVE = (
    r"\bdeficit\b|\bfell\b|\bfall(?:en|s)?\b|\bdecl(?:ine|ined|ining)\b|\bdropped\b|"
    r"\bshr[au]nk\b|\bdecreased?\b|\bcontract(?:ed|ion)\b|\bdown\b|"
    rf"(?<![\w])(?:{SIGN_WORDS[0]})(?![\w])"
)
_SIGN_POSITIVE = (
    r"\bsurplus\b|\bgrew\b|\bgrow(?:n|th)\b|\brose\b|\bincreased?\b|\bup\b|"
    rf"(?<![\w])(?:{SIGN_WORDS[1]})(?![\w])"
)

#: Longest figure read, in characters: a figure is a few words ("almost $1.7 trillion").
MAX_FIGURE_CHARS = 200
#: Most digits in one run of a figure: more is no amount a statistic states.
MAX_FIGURE_DIGITS = 18
#: Most words in a figure.
MAX_FIGURE_WORDS = 24

#: Columns of ``figure_fields``.
FIELD_COLUMNS = ("value", "lower", "upper", "unit", "qualifier", "problem")


def _number_text(x: float) -> str:
    return f"{x:.10g}"


#: A hedge in the figure: its words before a number (digits, a currency sign, a number word).
_FIGURE_HEDGE = (
    r"(?i)\b(?:{words})\s*(?:" + HEDGE_LINKS + r"\s+)?(?:US\$|[$€£₽₸¥])?\s*(?:[0-9]|" + TOKEN + ")"
)
#: A hedge just before a figure, a linking word allowed ("почти на").
_HEDGE_BEFORE = r"(?i)(?:^|\s)(?:{words})(?:\s+" + HEDGE_LINKS + r")?\s*$"


def _words_before(figure: pd.Series, quote: pd.Series) -> pd.Series:
    """The 30 characters of each quote just before its figure ("" where the figure is not
    in it, or opens it): where a hedge stands that the figure leaves out."""
    quote_text, figure_text = quote.to_numpy(dtype="T"), figure.to_numpy(dtype="T")
    at = np.maximum(np.strings.find(quote_text, figure_text), 0)
    return pd.Series(np.strings.slice(quote_text, np.maximum(at - 30, 0), at), dtype="object")


def _hedges(figure: pd.Series, before: pd.Series) -> pd.Series:
    """The qualifier a hedge gives (figure first, then the words before it), "" for none."""
    found = pd.Series("", index=figure.index, dtype="object")
    for text in (before, figure):  # the figure's own hedge wins
        for qualifier, words in HEDGES.items():
            if text is before:
                pattern = _HEDGE_BEFORE.replace("{words}", words)
            else:
                pattern = _FIGURE_HEDGE.replace("{words}", words)
            hit = text.str.contains(pattern, regex=True, na=False).to_numpy(dtype=bool)
            found = found.mask(hit, qualifier)
    return found


def _currencies(
    figure: pd.Series, quote: pd.Series, geos: pd.Series, years: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """The currency each figure is written in ("" none, "?" unresolved) and why not where
    unresolved: its names, symbols and codes (``currency_words``), the quote's where the
    figure has none, an ambiguous one ("roubles", "¥", "$") settled by the claim's economy
    in its year. Read once per distinct (figure, quote, economy, year)."""
    from integration_indicators.model.currency_words import currency_forms, resolve

    keys = pd.MultiIndex.from_arrays([figure, quote, geos, years])
    codes, distinct = pd.factorize(keys)
    found, why = [], []
    for text, said, geo, year in distinct:  # distinct claims: a spreadsheet's or an article's
        forms = currency_forms(str(text)) or currency_forms(str(said))
        code, reason = resolve(forms, str(geo), int(year) if year else None)
        found.append(code)
        why.append(reason)
    on_rows = np.asarray(codes, dtype="int64")
    return (
        pd.Series(
            np.asarray(found, dtype=object)[on_rows] if len(on_rows) else [],
            index=figure.index,
            dtype="object",
        ),
        pd.Series(
            np.asarray(why, dtype=object)[on_rows] if len(on_rows) else [],
            index=figure.index,
            dtype="object",
        ),
    )


def _numbers(figure: pd.Series) -> pd.DataFrame:
    """Per figure: how many numbers it writes, the first two (``first``, ``second``), the
    scale word they share (``scale``; "" where the ends of a range differ, which are then
    given in units) and the percent sign or words of the first (``percent``)."""
    from integration_indicators.model.figures import SCALES, one_scale_ranges

    n = len(figure)
    found = one_scale_ranges(figure).str.extractall(FIGURE_NUMBER)
    out = pd.DataFrame(
        {
            "count": np.zeros(n, dtype="int64"),
            "first": np.nan,
            "second": np.nan,
            "scale": "",
            "percent": "",
        }
    )
    if found.empty:
        return out
    digits = pd.to_numeric(found["digits"].str.replace(",", "", regex=False), errors="coerce")
    words = found["word"].str.lower().str.replace(r"\s+", " ", regex=True)
    word_values = words.map({w: words_value(w) for w in words.dropna().unique()})
    article = words.isin(["a", "an"]) & found["scale"].isna()  # "a" counts before a scale
    numbers = digits.fillna(word_values.astype("float64").where(~article))
    kept = numbers.notna().to_numpy()
    table = pd.DataFrame(
        {
            "pos": found.index.get_level_values(0).to_numpy()[kept],
            "x": numbers.to_numpy()[kept],
            "scale": found["scale"].str.lower().fillna("").to_numpy()[kept],
            "percent": found["percent"].str.lower().fillna("").to_numpy()[kept],
        }
    )
    table["nth"] = table.groupby("pos").cumcount()
    out["count"] = np.bincount(table["pos"].to_numpy(), minlength=n)
    one = table[table["nth"] == 0].set_index("pos")
    two = table[table["nth"] == 1].set_index("pos").reindex(range(n))
    one = one.reindex(range(n))
    mixed = (out["count"] == 2) & (one["scale"] != two["scale"])
    factor_1 = one["scale"].map(SCALES).fillna(1.0).astype("float64")
    factor_2 = two["scale"].map(SCALES).fillna(1.0).astype("float64")
    out["first"] = one["x"].where(~mixed, one["x"] * factor_1).to_numpy()
    out["second"] = two["x"].where(~mixed, two["x"] * factor_2).to_numpy()
    out["scale"] = one["scale"].fillna("").where(~mixed, "").to_numpy()
    out["percent"] = one["percent"].fillna("").to_numpy()
    return out


def _units(
    figure: pd.Series,
    quote: pd.Series,
    base: pd.Series,
    numbers: pd.DataFrame,
    *,
    geos: pd.Series,
    years: pd.Series,
    near: pd.Series,
) -> tuple[pd.Series, np.ndarray, pd.Series, pd.Series]:
    """The unit of each figure as a file writes it, its kind (``currency``, ``percent``,
    ``percentage_point``, ``times`` or ``base``), its currency ("?" where unresolved) and
    why it is unresolved ("" where it is not)."""
    from integration_indicators.model.units import in_currency

    currency, ambiguous = _currencies(figure, near, geos, years)
    # dollars at purchasing power parity are international dollars, not US dollars
    ppp = (figure + " " + quote).str.contains(PPP_WORDS, case=False, regex=True)
    currency = currency.mask(
        ppp
        & currency.isin(["USD", ""])
        & figure.str.contains(r"\$|dollar", case=False, regex=True),
        "intl_dollar",
    )
    percent = numbers["percent"]
    kind = np.select(
        [
            percent.str.contains("point|pp|p.p", regex=True).to_numpy(),
            (percent != "").to_numpy(),
            figure.str.contains(r"\btimes\b", case=False, regex=True).to_numpy(),
            ((currency != "") & (currency != "?")).to_numpy(),
        ],
        ["percentage_point", "percent", "times", "currency"],
        "base",
    )
    pairs = pd.MultiIndex.from_arrays([base, currency])
    codes, distinct = pd.factorize(pairs)
    swapped = [in_currency(b, c) or c if b else c for b, c in distinct]  # once per pair
    in_own = np.asarray(swapped, dtype=object)[codes] if len(codes) else np.zeros(0, object)
    unit_of = np.where(
        kind == "currency",
        np.asarray(in_own, dtype=object),
        np.where(kind == "base", base.to_numpy(dtype=object), kind),
    )
    scaled = (numbers["scale"] != "").to_numpy() & np.isin(kind, ["currency", "base"])
    words = np.where(scaled, numbers["scale"].to_numpy(dtype=object) + " ", "")
    unit = pd.Series(words + unit_of.astype(object), dtype="object").str.strip()
    return unit, kind, currency, ambiguous


def _bounds(
    numbers: pd.DataFrame, qualifier: np.ndarray, negative: np.ndarray, sign_only: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Value, lower and upper of each figure by its qualifier (a deficit or fall negative)."""
    first, second = numbers["first"].to_numpy(), numbers["second"].to_numpy()
    signed = np.where(negative, -1.0, 1.0)
    value = np.where(np.isin(qualifier, ["range", "sign"]), np.nan, first * signed)
    ends = np.sort(np.stack([first * signed, second * signed]), axis=0)
    lower = np.select(
        [qualifier == "range", qualifier == "at_least", sign_only & ~negative],
        [ends[0], value, 0.0],
        np.nan,
    )
    upper = np.select(
        [qualifier == "range", qualifier == "at_most", sign_only & negative],
        [ends[1], value, 0.0],
        np.nan,
    )
    return value, lower, upper


def figure_fields(
    figures: pd.Series,
    quotes: pd.Series,
    base_units: pd.Series,
    signs: pd.Series | None = None,
    *,
    keep_values: bool = False,
    geos: pd.Series | None = None,
    years: pd.Series | None = None,
) -> pd.DataFrame:
    """The observation fields of each figure (``FIELD_COLUMNS``, text as a file holds it).

    *base_units* is each row's indicator unit ("" where unknown: then only a figure that
    names its unit can be read); *signs* the indicator's sign convention (``balance``,
    ``change`` or ""); *geos* and *years* each row's economy and year, which settle an
    ambiguous currency ("roubles": Russia's or Belarus's; "¥": Japan's or China's).
    ``problem`` says why a row could not be read ("" where it could);
    such a row's fields are left empty unless *keep_values* (drafts for a person to finish).

    Examples
    --------
    >>> f = figure_fields(pd.Series(["$8.4 billion", "about 90%", "between 3.7 and 3.8 million"]),
    ...                   pd.Series(["a deficit of $8.4 billion", "about 90%", "x"]),
    ...                   pd.Series(["USD", "percent", "person"]),
    ...                   pd.Series(["balance", "", ""]))
    >>> f[["value", "lower", "upper", "unit", "qualifier"]].values.tolist()
    [['-8.4', '', '', 'billion USD', 'exact'], ['90', '', '', 'percent', 'approximate'], \
['', '3.7', '3.8', 'million person', 'range']]
    """
    n = len(figures)

    def column(values: pd.Series | None, empty: str | int) -> np.ndarray:
        given = values if values is not None else pd.Series([empty] * n, dtype="object")
        return given.fillna(empty).to_numpy()

    rows = pd.DataFrame(
        {
            "figure": column(figures, ""),
            "quote": column(quotes, ""),
            "base": column(base_units, ""),
            "sign": column(signs, ""),
            "geo": column(geos, ""),
            "year": column(years, 0),
        }
    ).astype(
        {
            "figure": "str",
            "quote": "str",
            "base": "str",
            "sign": "str",
            "geo": "str",
            "year": "int64",
        }
    )
    # an article repeats its figures and a spreadsheet its quotes: each read once
    codes = rows.groupby(list(rows.columns), sort=False, dropna=False).ngroup().to_numpy()
    first = np.unique(codes, return_index=True)[1]
    distinct = rows.iloc[first].reset_index(drop=True)
    fields = _remembered_fields(distinct, keep_values=keep_values)
    out = fields.iloc[codes].reset_index(drop=True) if n else fields
    out.index = figures.index
    return out


#: Calls of at most this many distinct rows consult the figures read before in this process
#: (a catalogue loaded again, or a spreadsheet added to it, holds the same figures); a bigger
#: call reads its rows at once.
MEMO_ROWS = 4096

#: How many read rows are remembered, and how many characters of their text in all (the
#: oldest forgotten first: a quote may be a whole paragraph).
MEMO_SIZE, MEMO_CHARS = 65_536, 1 << 24

_READ: OrderedDict[tuple[object, ...], tuple[str, ...]] = OrderedDict()
_READ_LOCK = threading.Lock()
_read_chars = [0]  # characters of the rows remembered (changed under the lock)


def _chars(key: tuple[object, ...]) -> int:
    return sum(len(part) for part in key if isinstance(part, str))


def _remembered_fields(distinct: pd.DataFrame, *, keep_values: bool) -> pd.DataFrame:
    """``_distinct_fields`` of *distinct*, the rows read before taken from the memo and the
    others read together (a row's fields depend on that row alone)."""
    if not 0 < len(distinct) <= MEMO_ROWS:
        return _distinct_fields(distinct, keep_values=keep_values)
    keys = [(*row, keep_values) for row in distinct.itertuples(index=False, name=None)]
    with _READ_LOCK:
        known = [_READ.get(key) for key in keys]
    missing = [position for position, found in enumerate(known) if found is None]
    if missing:
        unread = distinct.iloc[missing].reset_index(drop=True)
        read = _distinct_fields(unread, keep_values=keep_values).itertuples(index=False, name=None)
        with _READ_LOCK:
            for position, fields in zip(missing, read, strict=True):
                if keys[position] not in _READ:
                    _read_chars[0] += _chars(keys[position])
                known[position] = _READ[keys[position]] = fields
            while _READ and (len(_READ) > MEMO_SIZE or _read_chars[0] > MEMO_CHARS):
                _read_chars[0] -= _chars(_READ.popitem(last=False)[0])
    return pd.DataFrame(known, columns=list(FIELD_COLUMNS), dtype="str")


def _distinct_fields(rows: pd.DataFrame, *, keep_values: bool) -> pd.DataFrame:
    """``figure_fields`` of distinct rows (columns figure, quote, base, sign, geo, year)."""
    from integration_indicators.model.units import currencies_of

    figure, quote, base = rows["figure"], rows["quote"], rows["base"]
    sign, geo, year = rows["sign"], rows["geo"], rows["year"]
    refused = _unreadable(figure)
    figure = figure.mask(refused != "", "")  # never parsed: its reason is its problem
    numbers = _numbers(figure)
    # "roughly a third" of a share in percent is 33.3 percent, not 0.333 percent
    fraction = normalise_figures(figure).str.contains(
        r"(?i)\b(?:half|halves|thirds?|quarters?)\b", regex=True
    )
    in_percent = fraction & (numbers["percent"] == "") & (base == "percent")
    numbers.loc[in_percent, ["first", "second"]] *= 100.0
    numbers.loc[in_percent, "percent"] = "percent"  # a share, whatever else the clause names
    count = numbers["count"].to_numpy()
    clause, near = _clauses(figure, quote)  # unit, sign and scale from the figure's own clause
    unit, kind, _, ambiguous = _units(figure, quote, base, numbers, geos=geo, years=year, near=near)
    before = _words_before(figure, quote)
    # "down from 4.3%" gives an earlier level, not a fall
    context = (figure + " " + clause).str.replace(_EARLIER_LEVEL, " ", case=False, regex=True)
    falls = context.str.contains(_SIGN_NEGATIVE, case=False, regex=True).to_numpy()
    rises = context.str.contains(_SIGN_POSITIVE, case=False, regex=True).to_numpy()
    signed = sign.isin(SIGNED).to_numpy()  # a sign that carries meaning
    sign_only = (count == 0) & (falls | rises) & signed
    hedge = _hedges(figure, before)
    qualifier = np.select(
        [count == 2, sign_only, (hedge != "").to_numpy()], ["range", "sign", hedge], "exact"
    )
    value, lower, upper = _bounds(numbers, qualifier, signed & falls, sign_only)
    base_currency = base.map(
        {u: (currencies_of(u) or ("",))[0] if u else "" for u in base.unique()}
    )
    problem = np.select(
        [
            (refused != "").to_numpy(),
            (count == 0) & ~sign_only,
            count > 2,
            (ambiguous != "").to_numpy(),
            (unit == "").to_numpy(),
            (base_currency != "").to_numpy() & (kind == "base") & (count > 0),
        ],
        [
            refused.to_numpy(dtype=object),
            "no number the library reads in the figure (write digits or number words: "
            "'6.5 million', 'six and a half million')",
            "more than two numbers in the figure: a figure states one number, or two for a range",
            ambiguous.to_numpy(dtype=object),
            "no unit: name the indicator, or write the figure's unit (%, times, a currency)",
            "the figure names no currency: write it ('$8.4 billion', '8.4 billion euros')",
        ],
        "",
    )
    text = {
        c: pd.Series(v).map(lambda x: "" if np.isnan(x) else _number_text(x))
        for c, v in (("value", value), ("lower", lower), ("upper", upper))
    }
    fields = pd.DataFrame({**text, "unit": unit, "qualifier": qualifier, "problem": problem})
    if not keep_values:
        fields.loc[fields["problem"] != "", ["value", "lower", "upper", "unit", "qualifier"]] = ""
    return fields.loc[:, list(FIELD_COLUMNS)].astype("str")


#: Where a clause of a quote ends: a sentence's or a clause's punctuation, a dash, "while",
#: "whereas", "but".
_CLAUSE_END = re.compile(r"[.;:!?](?:\s|$)|,\s|\s[—–-]\s|\s(?:while|whereas|but)\s", re.IGNORECASE)

#: Characters before and after a figure, within its clause, where a currency it does not
#: name itself may stand ("a deficit of $8.4 billion", "8.4 billion euros"): never the
#: dollars of another figure of the clause ("1.4 billion people and ... $10,000").
NEAR_BEFORE, NEAR_AFTER = 15, 25

#: Words that give an earlier level, not a change: "down from 4.3%", "up from $2 billion".
_EARLIER_LEVEL = r"\b(?:down|up)\s+from\b"


def figure_clauses(figures: pd.Series, quotes: pd.Series) -> pd.Series:
    """The clause of each quote that holds its figure (the whole quote where the figure is
    not in it): "it shrank by 1.8 percent with the UK" of "Trade grew by 4.2 percent with
    Germany, while it shrank by 1.8 percent with the UK". Read once per distinct pair.

    >>> figure_clauses(pd.Series(["4.2 percent", "1.8 percent"]), pd.Series(
    ...     ["Trade grew by 4.2 percent with Germany, while it shrank by 1.8 percent with the UK"]
    ...     * 2)).tolist()
    ['Trade grew by 4.2 percent with Germany', 'while it shrank by 1.8 percent with the UK']
    """
    return _clauses(figures, quotes)[0]


def _clauses(figures: pd.Series, quotes: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``figure_clauses`` and, within each clause, the words around the figure where a
    currency it does not name itself may stand (``NEAR_BEFORE``, ``NEAR_AFTER``)."""
    keys = pd.MultiIndex.from_arrays([figures.astype("str"), quotes.astype("str")])
    codes, distinct = pd.factorize(keys)
    said, near = [], []
    for figure, quote in distinct:  # the distinct claims of a spreadsheet or an article
        at = quote.find(figure) if figure else -1
        if at < 0:
            said.append(quote)
            near.append(quote)
            continue
        ends = [(m.start(), m.end()) for m in _CLAUSE_END.finditer(quote)]
        start = max((e for s, e in ends if e <= at), default=0)
        stop = min((s for s, e in ends if s >= at + len(figure)), default=len(quote))
        said.append(quote[start:stop].strip())
        end = at + len(figure)
        near.append(quote[max(start, at - NEAR_BEFORE) : min(stop, end + NEAR_AFTER)].strip())
    on_rows = np.asarray(codes, dtype="int64")
    found = np.asarray(said, dtype=object)[on_rows] if len(codes) else []
    around = np.asarray(near, dtype=object)[on_rows] if len(codes) else []
    return (
        pd.Series(found, index=figures.index, dtype="object"),
        pd.Series(around, index=figures.index, dtype="object"),
    )


def _unreadable(figure: pd.Series) -> pd.Series:
    """Why each figure is not read at all ("" where it is read): longer than a figure is,
    a run of digits longer than any statistic, or scientific notation (which the press never
    prints and which reads as two numbers). Checked before any pattern runs on it.

    >>> said = _unreadable(pd.Series(["$1e309 billion", "1" + "0" * 30, "$8.4 billion"]))
    >>> (said != "").tolist()
    [True, True, False]
    """
    long = figure.str.len().to_numpy() > MAX_FIGURE_CHARS
    short = figure.mask(long, "")  # the patterns below run on bounded text only
    digits = short.str.contains(rf"[0-9]{{{MAX_FIGURE_DIGITS + 1}}}", regex=True).to_numpy()
    words = short.str.count(r"\s+").to_numpy() >= MAX_FIGURE_WORDS
    science = short.str.contains(
        r"[0-9]\s?[eE]\s?[+-]?[0-9]|[0-9]\s?[x×]\s?10\^?[0-9]", regex=True
    ).to_numpy()
    return pd.Series(
        np.select(
            [long, digits, words, science],
            [
                f"the figure is longer than {MAX_FIGURE_CHARS} characters: write the figure alone, "
                "as printed ('$8.4 billion'), and the rest in the quote",
                f"a run of more than {MAX_FIGURE_DIGITS} digits is no figure the library reads",
                f"the figure has more than {MAX_FIGURE_WORDS} words: write the figure alone",
                "scientific notation ('1e9') is not read: write the figure as printed "
                "('1 billion')",
            ],
            "",
        ),
        index=figure.index,
        dtype="object",
    )


def hedge_kinds(figures: pd.Series, quotes: pd.Series) -> np.ndarray:
    """Whether each figure's one-sided hedge approximates (``near``: "nearly", "just over")
    or bounds (``bound``: "less than", "more than"), read from the figure or, where it has
    no hedge, the words just before it in the quote.

    >>> hedge_kinds(pd.Series(["almost $20 billion", "more than 5%", "5%"]),
    ...             pd.Series(["", "", "just over 5%"])).tolist()
    ['near', 'bound', 'near']
    """
    figure = figures.fillna("").astype("str").reset_index(drop=True)
    quote = quotes.fillna("").astype("str").reset_index(drop=True)
    near_in_figure = figure.str.contains(rf"(?i)\b(?:{NEAR_HEDGES})\b", regex=True).to_numpy()
    any_hedge = "|".join(HEDGES.values())
    hedged = figure.str.contains(rf"(?i)\b(?:{any_hedge})\b", regex=True).to_numpy()
    near_before = _words_before(figure, quote).str.contains(
        _HEDGE_BEFORE.replace("{words}", NEAR_HEDGES), regex=True
    )
    near = near_in_figure | (~hedged & near_before.to_numpy(dtype=bool))
    return np.where(near, "near", "bound")


def unit_kinds(units: pd.Series) -> pd.Series:
    """The kind of each unit, as the indicator proposals compare them: ``currency`` (it
    names one), ``percent`` (percent or percentage points), ``times`` (a pure ratio) or
    ``plain`` (persons, counts, an empty unit); looked up once per distinct unit.

    Examples
    --------
    >>> unit_kinds(pd.Series(["billion EUR", "percent", "times", "million person", ""])).tolist()
    ['currency', 'percent', 'times', 'plain', 'plain']
    """
    from integration_indicators.errors import UnitError
    from integration_indicators.model.units import currencies_of

    def kind(unit: str) -> str:
        if unit in ("percent", "percentage_point"):
            return "percent"
        if unit in ("dimensionless", "times"):
            return "times"
        try:
            return "currency" if unit and currencies_of(unit) else "plain"
        except UnitError:
            return "plain"

    text = units.fillna("").astype("str")
    return text.map({u: kind(u) for u in text.unique()})


def without_scale(units: pd.Series) -> pd.Series:
    """Units without their opening scale word (``billion USD`` -> ``USD``): the base unit a
    figure's own scale word is put before."""
    from integration_indicators.model.figures import SCALES

    return units.str.replace(rf"^(?:{'|'.join(SCALES)})\s+", "", regex=True)
