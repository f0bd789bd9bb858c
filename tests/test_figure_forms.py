"""Figures as real copy prints them (issue 32): scale abbreviations, thousands separators of
every kind, percent written every way, and currencies by name, plural, symbol and code from
CLDR, an ambiguous one settled by the claim's economy in its year, never a silent US dollar."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest
from babel.numbers import get_currency_name
from hypothesis import given
from hypothesis import strategies as st

import integration_indicators as ii
from integration_indicators.cli import main
from integration_indicators.model.currency_words import active_currencies, currency_forms, resolve
from integration_indicators.model.figure_fields import figure_fields

from .conftest import desk_catalogue

#: (figure as printed, indicator unit, value, unit stored).
FORMS = [
    ("$69.52 bln", "USD", "69.52", "billion USD"),
    ("$18bn", "USD", "18", "billion USD"),
    ("3.5 mln", "person", "3.5", "million person"),
    ("USD7.9 billion", "USD", "7.9", "billion USD"),
    ("US$ 7020.3", "USD/person", "7020.3", "USD/person"),
    ("9 478 200", "person", "9478200", "person"),
    ("9\u202f478\u202f200", "person", "9478200", "person"),
    ("9\u00a0478\u00a0200", "person", "9478200", "person"),
    ("9'478'200", "person", "9478200", "person"),
    ("6.6-percent", "percent", "6.6", "percent"),
    ("2.5 per cent", "percent", "2.5", "percent"),
    ("HK$30 billion", "USD", "30", "billion HKD"),
    ("A$2 billion", "USD", "2", "billion AUD"),
    ("5 billion Canadian dollars", "USD", "5", "billion CAD"),
    ("₺100 billion", "USD", "100", "billion TRY"),
    ("100 billion Turkish lira", "USD", "100", "billion TRY"),
    ("₹5 trillion", "USD", "5", "trillion INR"),
    ("zł 5 billion", "USD", "5", "billion PLN"),
    ("5 billion zlotys", "USD", "5", "billion PLN"),
    ("3 billion hryvnias", "USD", "3", "billion UAH"),
    ("₸3 trillion", "USD", "3", "trillion KZT"),
    ("CHF 2 billion", "USD", "2", "billion CHF"),
    ("NZ$ 3 billion", "USD", "3", "billion NZD"),
    ("S$ 4 billion", "USD", "4", "billion SGD"),
    ("10 trillion yen", "USD", "10", "trillion JPY"),
    ("1,3 млрд долларов", "USD", "1.3", "billion USD"),  # a decimal comma in Russian copy
]


@pytest.mark.parametrize(("figure", "base", "value", "unit"), FORMS, ids=[f[0] for f in FORMS])
def test_a_figure_as_printed(figure: str, base: str, value: str, unit: str) -> None:
    read = figure_fields(pd.Series([figure]), pd.Series([figure]), pd.Series([base])).iloc[0]
    assert (read["value"], read["unit"]) == (value, unit), read["problem"]


#: (figure, the claim's economy, its year, the currency it is read in; "?" refused).
BY_ECONOMY = [
    ("135 trillion rubles", "RUS", 2023, "RUB"),
    ("8.4 billion roubles", "BLR", 2019, "BYN"),
    ("8.4 billion roubles", "BLR", 2015, "BYR"),
    ("8.4 billion roubles", "KAZ", 2019, "?"),
    ("¥500 trillion", "JPN", 2020, "JPY"),
    ("¥100 trillion", "CHN", 2020, "CNY"),
    ("¥100 trillion", "", 0, "?"),
    ("kr 500 billion", "SWE", 2020, "SEK"),
    ("kr 500 billion", "NOR", 2020, "NOK"),
    ("$2 billion", "CAN", 2019, "CAD"),
    ("C$5 billion", "CAN", 2020, "CAD"),
    ("C$5 billion", "", 0, "?"),  # also the Nicaraguan cordoba's
    ("$2 billion", "BLR", 2019, "USD"),
    ("5 billion pesos", "MEX", 2020, "MXN"),
    ("5 billion pesos", "", 0, "?"),
    ("100 billion crowns", "CZE", 2019, "CZK"),
]


@pytest.mark.parametrize(
    ("figure", "geo", "year", "code"), BY_ECONOMY, ids=[f"{f[0]}-{f[1]}-{f[2]}" for f in BY_ECONOMY]
)
def test_an_ambiguous_currency_is_settled_by_the_claims_economy(
    figure: str, geo: str, year: int, code: str
) -> None:
    found, why = resolve(currency_forms(figure), geo, year or None)
    assert found == code, why
    assert (why != "") == (code == "?")


@given(st.sampled_from(sorted(active_currencies())), st.sampled_from([1, 2]))
def test_every_currencys_english_name_and_plural_names_it(code: str, count: int) -> None:
    name = str(get_currency_name(code, count=count, locale="en"))
    forms = currency_forms(f"5 billion {name}")
    assert forms and code in forms[0][1], (name, forms)
    assert resolve(forms, "", None)[0] in (code, "?")


@given(st.sampled_from(sorted(active_currencies())))
def test_every_currency_code_names_it_fused_or_apart(code: str) -> None:
    for text in (f"{code} 5 billion", f"{code}5 billion", f"5 billion {code}"):
        assert resolve(currency_forms(text), "", None)[0] == code, text


@given(
    st.sampled_from([" ", "\u00a0", "\u202f", "\u2009", "'", "’"]),
    st.integers(1_000_000, 999_999_999),
)
def test_every_thousands_separator(separator: str, number: int) -> None:
    printed = f"{number:,}".replace(",", separator)
    read = figure_fields(pd.Series([printed]), pd.Series([printed]), pd.Series(["person"]))
    assert read["value"].iloc[0] == str(number)


def test_a_desk_row_as_printed_is_stored_as_printed_and_loads(tmp_path: Path) -> None:
    """ "$69.52 bln" was stored as $69.52; "135 trillion rubles" of Russia's GDP was refused."""
    folder = tmp_path / "catalogue"
    shutil.copytree(ii.bundled_path(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    sheet = tmp_path / "sheet.csv"
    rows = [
        (
            "Trade between Belarus and Russia reached $35.5 bln in 2019.",
            "$35.5 bln",
            "trade.goods.turnover",
            "BLR",
            "RUS",
            "2019",
        ),
        (
            "Russia's GDP was 135 trillion rubles in 2021.",
            "135 trillion rubles",
            "macro.gdp",
            "RUS",
            "",
            "2021",
        ),
    ]
    with sheet.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(
            [
                "quote",
                "figure",
                "attributed_to",
                "published_in",
                "date",
                "url",
                "indicator",
                "geo",
                "counterpart",
                "period",
            ]
        )
        for quote, figure, indicator, geo, counterpart, period in rows:
            writer.writerow(
                [
                    quote,
                    figure,
                    "",
                    "Test Gazette",
                    "2022-03-01",
                    "",
                    indicator,
                    geo,
                    counterpart,
                    period,
                ]
            )
    assert main(["claims", "add", str(sheet), "-o", str(folder)]) == 0
    stored = pd.read_csv(folder / "observations-claims.csv", dtype="str", keep_default_na=False)
    assert stored[["value", "unit"]].values.tolist() == [
        ["35.5", "billion USD"],
        ["135", "trillion RUB"],
    ]
    ii.load(folder, cache=False)  # the figure check reads "bln" as the loader's grammar does


def _add(tmp_path: Path, rows: list[tuple[str, ...]]) -> pd.DataFrame:
    """*rows* (quote, figure, date, indicator, geo, counterpart, period) added to a copy of
    the bundled catalogue; the stored rows."""
    names = ("quote", "figure", "date", "indicator", "geo", "counterpart", "period")
    folder = desk_catalogue(tmp_path, [dict(zip(names, row, strict=True)) for row in rows])
    ii.load(folder, cache=False)
    return pd.read_csv(folder / "observations-claims.csv", dtype="str", keep_default_na=False)


def test_periods_as_the_press_writes_them(tmp_path: Path) -> None:
    """ "Last year" said in April 2019 is 2018 (it was judged as 2019); "the first half" of a
    year is its months."""
    stored = _add(
        tmp_path,
        [
            (
                "Last year Belarus's GDP grew by 3.1 percent, the ministry said.",
                "3.1 percent",
                "2019-04-10",
                "macro.gdp.growth",
                "BLR",
                "",
                "",
            ),
            (
                "In the first half of 2019 Belarus's GDP grew by 1.1 percent.",
                "1.1 percent",
                "2019-08-01",
                "macro.gdp.growth",
                "BLR",
                "",
                "",
            ),
        ],
    )
    assert stored["period"].tolist() == ["2018", "2019-01/2019-06"]


def test_two_figures_of_one_quote_are_two_claims(tmp_path: Path) -> None:
    quote = "China's GDP was 99.09 trillion yuan ($14.38 trillion) in 2019."
    stored = _add(
        tmp_path,
        [
            (quote, "99.09 trillion yuan", "2020-01-17", "macro.gdp", "CHN", "", "2019"),
            (quote, "$14.38 trillion", "2020-01-17", "macro.gdp", "CHN", "", "2019"),
        ],
    )
    assert stored["unit"].tolist() == ["trillion CNY", "trillion USD"] and stored["id"].is_unique


@pytest.mark.parametrize(
    ("quote", "figure", "allowed"),
    [
        (
            "Inflation in Belarus was 5.6 percent in 2019.",
            "5.6 percent",
            {"macro.inflation", "macro.inflation.cpi", ""},
        ),
        (
            "Remittances to Kyrgyzstan reached $2.4 billion in 2019.",
            "$2.4 billion",
            {"finance.remittances.received"},
        ),
        (
            "Trade between Belarus and Russia grew by 15 percent last year.",
            "15 percent",
            {"trade.turnover.growth"},
        ),
    ],
)
def test_an_indicator_is_proposed_only_where_the_quote_names_its_concept(
    quote: str, figure: str, allowed: set[str]
) -> None:
    """Before: inflation was proposed as trade-turnover growth and remittances as GDP per
    head at PPP; now only indicators whose concepts the quote names compete, and a tie is
    refused with the closest candidates."""
    from integration_indicators.importers.claims import fields_and_indicators

    _, indicator, candidates = fields_and_indicators(
        pd.Series([figure]), pd.Series([quote]), pd.Series([""]), ii.load().indicators
    )
    assert indicator.iloc[0] in allowed, candidates.iloc[0]
    if indicator.iloc[0] == "":
        assert set(candidates.iloc[0].split(", ")) <= allowed


#: (quote, figure, indicator unit, sign convention, value, unit) from the audit's copy.
CLAUSES = [
    (
        "Trade with Germany grew by 4.2 percent, while it shrank by 1.8 percent with the UK.",
        "4.2 percent",
        "percent",
        "change",
        "4.2",
        "percent",
    ),
    (
        "Trade with Germany grew by 4.2 percent, while it shrank by 1.8 percent with the UK.",
        "1.8 percent",
        "percent",
        "change",
        "-1.8",
        "percent",
    ),
    (
        "China has 1.4 billion people and a per capita GDP of more than $10,000.",
        "1.4 billion",
        "person",
        "",
        "1.4",
        "billion person",
    ),
    (
        "Growth slowed to 3.1% in 2020, down from 4.3% in 2019.",
        "4.3%",
        "percent",
        "change",
        "4.3",
        "percent",
    ),
    (
        "The deficit was 7.5 billion euros in 2019.",
        "7.5 billion",
        "USD",
        "balance",
        "-7.5",
        "billion EUR",
    ),
]


@pytest.mark.parametrize(("quote", "figure", "base", "sign", "value", "unit"), CLAUSES)
def test_unit_sign_and_scale_come_from_the_figures_own_clause(
    quote: str, figure: str, base: str, sign: str, value: str, unit: str
) -> None:
    read = figure_fields(
        pd.Series([figure]), pd.Series([quote]), pd.Series([base]), pd.Series([sign])
    ).iloc[0]
    assert (read["value"], read["unit"]) == (value, unit), read["problem"]


def test_a_fraction_of_a_share_in_percent_is_that_many_percent(tmp_path: Path) -> None:
    """ "roughly a third" of a percent indicator was written as 0.333 percent and refused by
    the loader; it is 33.3 percent, and the figure check reads it so."""
    stored = _add(
        tmp_path,
        [
            (
                "By then roughly a third of the union programmes had been implemented, he said.",
                "roughly a third",
                "2019-12-01",
                "integration.programmes.implementation",
                "BLR",
                "RUS",
                "2019",
            ),
        ],
    )
    assert stored[["value", "unit", "qualifier"]].values.tolist() == [
        ["33.33333333", "percent", "approximate"]
    ]


#: Figures, quotes and units a memo test draws from: hedged, ranged, signed, unreadable.
_FIGURES = ["$8.4 billion", "about 90%", "between 3.7 and 3.8 million", "a deficit", "x", ""]
_UNITS = ["USD", "percent", "person", ""]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(_FIGURES),
            st.sampled_from(["a deficit of $8.4 billion", "about 90%", "x", ""]),
            st.sampled_from(_UNITS),
            st.sampled_from(["balance", ""]),
        ),
        max_size=12,
    ),
    st.booleans(),
)
def test_a_figure_read_before_reads_as_it_did_whatever_it_is_read_with(
    rows: list[tuple[str, str, str, str]], keep_values: bool
) -> None:
    """Figures read before are taken from the memo and the others read together: each call
    gives what reading every row anew gives (a limit of 0 remembers nothing), and what a
    caller changes in its frame changes nothing remembered."""
    from integration_indicators.model import figure_fields as module

    def read() -> pd.DataFrame:
        columns = [pd.Series([row[k] for row in rows], dtype="str") for k in range(4)]
        return figure_fields(*columns, keep_values=keep_values)

    first = read()
    first.loc[:, "unit"] = "changed"
    remembered = read()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "MEMO_ROWS", 0)
        anew = read()
    pd.testing.assert_frame_equal(remembered, anew)


def test_the_figures_remembered_stay_within_their_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Long quotes fill the memo's characters before its rows: the oldest are forgotten
    first, what is kept stays within both bounds, and every call still reads right."""
    from integration_indicators.model import figure_fields as module

    monkeypatch.setattr(module, "MEMO_SIZE", 3)
    monkeypatch.setattr(module, "MEMO_CHARS", 400)
    for k in range(8):
        quote = f"a deficit of ${k}.5 billion, " + "y" * 150
        out = figure_fields(pd.Series([f"${k}.5 billion"]), pd.Series([quote]), pd.Series(["USD"]))
        assert out["value"].tolist() == [f"{k}.5"] and out["unit"].tolist() == ["billion USD"]
        with module._READ_LOCK:
            kept = list(module._READ)
            assert len(kept) <= 3 and module._read_chars[0] <= 400
            assert module._read_chars[0] == sum(module._chars(key) for key in kept)
