"""ISO 8601 reference periods: ``2022``, ``2023-02``, ``2023-01-12`` and intervals ``A/B``.

Parsing is vectorised: one regular expression over the column, one date conversion per side,
and numpy calendar arithmetic for the last day of a year or month.
"""

from __future__ import annotations

from functools import cache, lru_cache

import numpy as np
import pandas as pd

_DATE = r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?"

#: One date of year, month or day precision.
DATE_PATTERN = rf"^{_DATE}$"

#: A date or an interval of two dates.
PERIOD_PATTERN = rf"^{_DATE}(?:/{_DATE})?$"

#: Example periods shown in error messages.
PERIOD_EXAMPLES = "2022, 2023-02, 2023-01-12 or an interval such as 2020/2024-01"


def _side(year: pd.Series, month: pd.Series, day: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """First and last day covered by one side of a period (NaT where invalid)."""
    text = year + "-" + month.fillna("01") + "-" + day.fillna("01")
    first = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").to_numpy()
    first = first.astype("datetime64[D]")
    year_end = (first.astype("datetime64[Y]") + 1).astype("datetime64[D]") - 1
    month_end = (first.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
    last = np.where(day.notna(), first, np.where(month.notna(), month_end, year_end))
    return first, last


def parse_periods(periods: pd.Series, *, intervals: bool = True) -> pd.DataFrame:
    """Start, end and problem of each period in *periods*.

    Returns a frame on the same index with columns ``start`` and ``end`` (``datetime64[D]``,
    the first and last day covered; NaT where invalid) and ``problem`` (None where valid,
    else why not).

    Examples
    --------
    >>> parsed = parse_periods(pd.Series(["2022", "2020/2024-01", "2023-13"]))
    >>> parsed["end"].dt.strftime("%Y-%m-%d").tolist()
    ['2022-12-31', '2024-01-31', nan]
    >>> parsed["problem"].tolist()
    [nan, nan, 'not a calendar date']
    """
    # each distinct period parsed once (a table's periods repeat: 2 million rows of DOTS
    # hold a few hundred), the answers taken back to every row; a small set of distinct
    # periods parsed before in this process is not parsed again (charts and claims ask for
    # the same few years over and over)
    codes, distinct = pd.factorize(periods.astype("str"), use_na_sentinel=False)
    text = pd.Series(distinct, dtype="object").astype("str")
    if len(distinct) <= MEMO_PERIODS:
        key = tuple(text.astype("object").where(text.notna(), None))  # None: missing
        start, end, problem = _memo_parsed(key, intervals)
    else:
        start, end, problem = _parse_each(text, intervals=intervals)
    return pd.DataFrame(
        {"start": start[codes], "end": end[codes], "problem": problem[codes]},
        index=periods.index,
    )


#: Sets of distinct periods up to this size are remembered, with what they parse to.
MEMO_PERIODS = 512


@lru_cache(maxsize=1024)
def _memo_parsed(
    distinct: tuple[str | None, ...], intervals: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``_parse_each`` of *distinct* (None: a missing period)."""
    found = _parse_each(pd.Series(distinct, dtype="str"), intervals=intervals)
    for array in found:
        array.flags.writeable = False  # remembered: never changed in place
    return found


def _parse_each(text: pd.Series, *, intervals: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The start, end and problem of each value of *text* (see ``parse_periods``)."""
    parts = text.str.extract(PERIOD_PATTERN if intervals else DATE_PATTERN).astype("object")
    parts = parts.where(parts.notna(), None)
    start, end1 = _side(parts[0], parts[1], parts[2])
    if intervals:
        is_interval = parts[3].notna().to_numpy()
        start2, end2 = _side(parts[3].fillna("1970"), parts[4], parts[5])
        end = np.where(is_interval, end2, end1)
        bad_date = np.isnat(start) | np.isnat(end1) | (is_interval & np.isnat(start2))
    else:
        end = end1
        bad_date = np.isnat(start)
    matched = parts[0].notna().to_numpy()
    problem = np.full(len(text), None, dtype=object)
    problem[matched & bad_date] = "not a calendar date"
    problem[matched & ~bad_date & (end < start)] = "the interval ends before it starts"
    year_zero = (parts[0] == "0000") | (parts[3] == "0000") if intervals else parts[0] == "0000"
    problem[year_zero.to_numpy(dtype=bool)] = "year 0000 does not exist: years start at 0001"
    problem[~matched] = (
        f"not an ISO 8601 period ({PERIOD_EXAMPLES})"
        if intervals
        else "not an ISO 8601 date (2023, 2023-10 or 2023-10-05)"
    )
    valid = pd.isna(problem)
    nat = np.datetime64("NaT", "D")
    return np.where(valid, start, nat), np.where(valid, end, nat), problem


#: Parts of a year the press names, as (first month, last month); month ranges
#: ("January-July", "январь-июль") and "the first N months" are read from ``_MONTHS``.
_PARTS = {
    r"(?:the\s+)?first\s+half|H1|перв(?:ом|ое|ого)\s+полугоди\w*|I\s+полугоди\w*": (1, 6),
    r"(?:the\s+)?second\s+half|H2|втор(?:ом|ое|ого)\s+полугоди\w*|II\s+полугоди\w*": (7, 12),
    r"(?:the\s+)?first\s+quarter|Q1|перв(?:ом|ый|ого)\s+квартал\w*|I\s+квартал\w*": (1, 3),
    r"(?:the\s+)?second\s+quarter|Q2|втор(?:ом|ой|ого)\s+квартал\w*|II\s+квартал\w*": (4, 6),
    r"(?:the\s+)?third\s+quarter|Q3|треть(?:ем|ий|его)\s+квартал\w*|III\s+квартал\w*": (7, 9),
    r"(?:the\s+)?fourth\s+quarter|Q4|четверт(?:ом|ый|ого)\s+квартал\w*|IV\s+квартал\w*": (10, 12),
}

#: "Last year" and "this year" as the press writes them, in English and Russian.
_LAST_YEAR = (
    r"(?i)\blast\s+year\b|\ba\s+year\s+(?:ago|earlier)\b|(?<!\w)(?:в\s+прошлом\s+году|"
    r"за\s+прошлый\s+год|в\s+минувшем\s+году)(?!\w)"
)
_THIS_YEAR = (
    r"(?i)\bthis\s+year\b|\bso\s+far\s+this\s+year\b|(?<!\w)(?:в\s+(?:этом|текущем|"
    r"нынешнем)\s+году|(?:этого|текущего|нынешнего)\s+года)(?!\w)"
)
#: A comparison with last year ("compared with the same period last year") names this year.
_AGAINST_LAST = (
    r"(?i)(?:compared\s+(?:with|to)|against|по\s+сравнению\s+с|к)\s+[^.;]{0,40}?"
    r"(?:last|прошлого)\s+(?:year|года)"
)

_NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "два": 2,
    "двух": 2,
    "три": 3,
    "трех": 3,
    "трёх": 3,
    "четыре": 4,
    "четырех": 4,
    "пять": 5,
    "пяти": 5,
    "шесть": 6,
    "шести": 6,
    "семь": 7,
    "семи": 7,
    "восемь": 8,
    "восьми": 8,
    "девять": 9,
    "девяти": 9,
    "десять": 10,
    "десяти": 10,
    "одиннадцать": 11,
    "одиннадцати": 11,
}


@cache
def _months() -> dict[str, int]:
    """The first three letters of each month's name in English and Russian (CLDR's format
    and stand-alone forms, via Babel) -> its number: "jan", "янв", "мая" -> 1, 1, 5."""
    from babel import Locale

    months: dict[str, int] = {}
    for locale in ("en", "ru"):
        names = Locale.parse(locale).months
        for context in ("format", "stand-alone"):
            for number, name in names[context]["wide"].items():
                months[str(name).lower()[:3]] = int(number)
    return months


def _month_spans(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The first and last month of a month range ("January-July", "в январе-сентябре") or of
    "the first N months" ("first nine months", "за 10 месяцев"), 0 where none."""
    months = _months()
    stems = "|".join(sorted(months, key=len, reverse=True))
    ranges = text.str.extract(
        rf"(?i)(?<!\w)(?P<a>{stems})[^\W\d_]*\.?\s*(?:-|–|—|to|through|по)\s*"
        rf"(?P<b>{stems})[^\W\d_]*"
    )
    first = ranges["a"].str.lower().map(months)
    last = ranges["b"].str.lower().map(months)
    counts = text.str.extract(
        r"(?i)(?:\b(?:first|the\s+first)\s+|(?<!\w)(?:за|в)\s+(?:первые\s+)?)"
        r"(?P<n>[0-9]{1,2}|[^\W\d_]+)\s+(?:months|месяц\w*)"
    )["n"].str.lower()
    n = pd.to_numeric(counts, errors="coerce").fillna(counts.map(_NUMBER_WORDS))
    n = n.where((n >= 1) & (n <= 11))
    first = first.fillna(n.where(n.isna(), 1.0))
    last = last.fillna(n)
    return first.fillna(0).astype("int64"), last.fillna(0).astype("int64")


def periods_in_copy(quotes: pd.Series, dates: pd.Series) -> pd.Series:
    """The period a quote names, read as the press writes it (in English or Russian) and
    resolved from the date it was said: one year ("in 2019"), "last year" and "this year"
    (a quote naming both, unless it compares this year with the last, names none), and a
    part of a year ("the first half", "H1 2022", "January-July", "Q3", "the first nine
    months", "в первом квартале", "за январь-июль"; of the year it names, else of the year
    it was said). "" where it names none, or several years.

    Examples
    --------
    >>> periods_in_copy(pd.Series(["Last year trade grew by 15 percent.",
    ...     "In H1 2022 exports fell.", "In the third quarter it rose.", "In 2019 and 2020.",
    ...     "This year, 5%.", "GDP rose in 2018.", "за январь-июль этого года вырос на 8,5%",
    ...     "За 10 месяцев текущего года он вырос еще на 10% к базе прошлого года"]),
    ...     pd.Series(["2019-04-10", "2022-08-01", "2021-11-02", "2021-01-01", "2020-03-01",
    ...                "2019-05-01", "2024-10-01", "2022-12-01"])).tolist()
    ['2018', '2022-01/2022-06', '2021-07/2021-09', '', '2020', '2018', '2024-01/2024-07', \
'2022-01/2022-10']
    """
    text = quotes.fillna("").astype("str")
    said = pd.to_numeric(dates.astype("str").str.slice(0, 4), errors="coerce")
    years = text.str.findall(r"\b(?:19|20)[0-9]{2}\b").map(lambda ys: sorted(set(ys)))
    one = years.map(lambda ys: ys[0] if len(ys) == 1 else "")
    this = text.str.contains(_THIS_YEAR, regex=True)
    against = text.str.contains(_AGAINST_LAST, regex=True)
    last = text.str.contains(_LAST_YEAR, regex=True) & ~(this & against)
    both = (last & this).to_numpy()
    relative = pd.Series(
        np.select(
            [both, last.to_numpy(), this.to_numpy()],
            [
                "",
                (said - 1).astype("Int64").astype("str").to_numpy(),
                said.astype("Int64").astype("str").to_numpy(),
            ],
            "",
        ),
        index=text.index,
    )
    relative = relative.where(~relative.isin(["<NA>"]), "")
    year = one.where(one != "", relative.where(years.map(len) == 0, ""))
    period = year.copy()
    base = year.where(year != "", said.astype("Int64").astype("str"))  # the part's year
    dated = base.str.fullmatch(r"[0-9]{4}").to_numpy()
    first, final = _month_spans(text)
    spans = base + "-" + first.map("{:02d}".format) + "/" + base + "-" + final.map("{:02d}".format)
    usable = ((first > 0) & (final >= first)).to_numpy() & (period == year).to_numpy() & dated
    period = period.mask(pd.Series(usable, index=text.index), spans)
    for pattern, (start, end) in _PARTS.items():  # a few patterns, each over the column
        hit = text.str.contains(rf"(?i)(?<!\w)(?:{pattern})(?!\w)", regex=True).to_numpy()
        usable = hit & (period == year).to_numpy() & dated
        part = base + f"-{start:02d}/" + base + f"-{end:02d}"
        period = period.mask(pd.Series(usable, index=text.index), part)
    return period.astype("str")
