"""Copy in the languages the region's press writes (issue 32): Russian first, and the
agencies' Italian and French. Every sentence below is real published copy, kept with its
address and date (from the stored public pages); the tests check the fields a careful
reader takes from it, and a Russian claim judged end to end."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import integration_indicators as ii
from integration_indicators.model.figure_fields import figure_fields
from integration_indicators.model.figure_locales import ascii_digits, decimal_points, scale_words
from integration_indicators.model.figures import figure_numbers
from integration_indicators.model.periods import periods_in_copy

from .conftest import desk_catalogue

EADAILY = "https://eadaily.com/ru/news/2020/05/21/tovarooborot-mezhdu-rossiey-i-belorussiey-rezko-sokratilsya"  # 2020-05-21
PROFILE = "https://profile.ru/news/economy/putin-ozhidaet-novyj-rekord-v-tovarooborote-rossii-i-belorussii-v-2022-godu-1225252/amp"  # no date on the page
YAMAL = "https://yamal-media.ru/news/tovarooborot-rossii-i-belorussii-vyros-za-god"  # no date on the page
SOUZVECHE = "http://www.souzveche.ru/news/76652/"  # no date on the page
DZEN = "https://dzen.ru/a/ZvwQGD2apwzl07OQ"  # "1 октября", of 2024 (it compares with 2023)
PRIME = "https://1prime.ru/20251222/torgovlya-865806413.html"  # 2025-12-22
GLAVNY = "https://glavny.tv/last-news/world-news/obem-zasekrechennogo-eksporta-belorussii-v-rossiyu-uvelichilsya-v-vosem-raz"  # no date on the page
NOVA = "https://www.agenzianova.com/a/64997ca8125e09.47894904/4413219/2023-06-26/bielorussia-perdite-da-export-a-causa-delle-sanzioni-pari-a-10-5-miliardi-di-dollari"  # 2023-06-26
TDM_FR = "https://tradedatamonitor.com/fr/datanews/belarus-crucial-role-for-russia-dairy-farm"  # no date on the page
INTERFAX = (
    "https://sport-interfax.ru/IceHockey2021/724441"  # "3 сентября", of 2020 (its first half)
)

#: (source, quote, figure, indicator unit, sign, geo, year) -> (value, lower, upper, unit,
#: qualifier): the fields a reader takes from the figure.
FIGURES = [
    (
        EADAILY,
        "«Российский экспорт составил $ 3,337 млрд (снижение на 31,7%), импорт в Россию "
        "из Белоруссии — $ 2,804 млрд (снижение на 2,3%)», — говорится в сообщении.",
        "$ 3,337 млрд",
        "USD",
        "",
        "RUS",
        2020,
        ("3.337", "", "", "billion USD", "exact"),
    ),
    (
        EADAILY,
        "За первый квартал товарооборот между Россией и Белоруссией сократился на 20,8%.",
        "20,8%",
        "percent",
        "change",
        "RUS",
        2020,
        ("-20.8", "", "", "percent", "exact"),
    ),
    (
        PROFILE,
        '"Наш товарооборот еще до всяких событий в рамках специальной военной операции в '
        "2021 году вырос на треть и достиг $38,5 млрд.",
        "$38,5 млрд",
        "USD",
        "",
        "RUS",
        2021,
        ("38.5", "", "", "billion USD", "exact"),
    ),
    (
        PROFILE,
        '"Наш товарооборот еще до всяких событий в рамках специальной военной операции в '
        "2021 году вырос на треть и достиг $38,5 млрд.",
        "на треть",
        "percent",
        "change",
        "RUS",
        2021,
        ("33.33333333", "", "", "percent", "exact"),
    ),
    (
        YAMAL,
        "Тогда он достиг 38,5 миллиарда долларов.",
        "38,5 миллиарда долларов",
        "USD",
        "",
        "RUS",
        2021,
        ("38.5", "", "", "billion USD", "exact"),
    ),
    (
        SOUZVECHE,
        "Он вырос на 13-14 процентов.",
        "13-14 процентов",
        "percent",
        "change",
        "BLR",
        2022,
        ("", "13", "14", "percent", "range"),
    ),
    (
        DZEN,
        "1 октября. /MEDIA TALK/.Во вторник, 1 октября, стало известно, что за январь-июль "
        "этого года РФ и Белоруссия нарастили товарооборот до 2,355 триллиона рублей.",
        "2,355 триллиона рублей",
        "USD",
        "",
        "RUS",
        2024,
        ("2.355", "", "", "trillion RUB", "exact"),
    ),
    (
        PRIME,
        '"За последние пять лет наш товарооборот вырос почти вдвое, превысив 50 миллиардов '
        'долларов", - сказал министр',
        "50 миллиардов долларов",
        "USD",
        "",
        "RUS",
        2025,
        ("50", "50", "", "billion USD", "at_least"),
    ),
    (
        GLAVNY,
        "Таким образом, засекреченный экспорт в РФ достиг около $1,29 млрд против $152 млн в "
        "прошлом году.",
        "$1,29 млрд",
        "USD",
        "",
        "BLR",
        2023,
        ("1.29", "", "", "billion USD", "approximate"),
    ),
    (
        NOVA,
        "Le perdite della Bielorussia relative alle esportazioni, a causa delle sanzioni "
        "occidentali e del conflitto in Ucraina, sono stimate a 10,5 miliardi di dollari all'anno.",
        "10,5 miliardi di dollari",
        "USD",
        "",
        "BLR",
        2023,
        ("10.5", "", "", "billion USD", "exact"),
    ),
    (
        NOVA,
        "Krutoj ha osservato che circa 6,5 miliardi di dollari di prodotti sono stati "
        "reindirizzati al mercato russo",
        "circa 6,5 miliardi di dollari",
        "USD",
        "",
        "BLR",
        2023,
        ("6.5", "", "", "billion USD", "approximate"),
    ),
    (
        NOVA,
        "\"L'anno scorso, la quota dell'Ue (nel volume totale delle esportazioni bielorusse) è "
        "scesa al 14 per cento",
        "14 per cento",
        "percent",
        "",
        "BLR",
        2023,
        ("14", "", "", "percent", "exact"),
    ),
    (
        TDM_FR,
        "La Biélorussie a un produit intérieur brut de $62,5 milliards, soit environ un "
        "dixième de celui de son voisin la Pologne.",
        "$62,5 milliards",
        "USD",
        "",
        "BLR",
        2022,
        ("62.5", "", "", "billion USD", "exact"),
    ),
    (
        TDM_FR,
        "Mais ce pays de 9,4 millions d'habitants joue un rôle crucial dans le commerce mondial.",
        "9,4 millions",
        "person",
        "",
        "BLR",
        2022,
        ("9.4", "", "", "million person", "exact"),
    ),
]


@pytest.mark.parametrize("case", FIGURES, ids=[c[2] for c in FIGURES])
def test_real_copy_in_other_languages_gives_its_fields(case: tuple) -> None:  # type: ignore[type-arg]
    _, quote, figure, unit, sign, geo, year, expected = case
    read = figure_fields(
        pd.Series([figure]),
        pd.Series([quote]),
        pd.Series([unit]),
        pd.Series([sign]),
        geos=pd.Series([geo]),
        years=pd.Series([year]),
    ).iloc[0]
    assert read["problem"] == ""
    got = (read["value"], read["lower"], read["upper"], read["unit"], read["qualifier"])
    assert got[0][:11] == expected[0] and got[1:] == expected[1:]


#: (source, quote, date said) -> the period the copy names.
PERIODS = [
    (
        EADAILY,
        "За первый квартал товарооборот между Россией и Белоруссией сократился на 20,8%.",
        "2020-05-21",
        "2020-01/2020-03",
    ),
    (
        DZEN,
        "за январь-июль этого года РФ и Белоруссия нарастили товарооборот до 2,355 триллиона "
        "рублей",
        "2024-10-01",
        "2024-01/2024-07",
    ),
    (
        GLAVNY,
        "Из сведений Белстата следует, что совокупный экспорт товаров из РБ в РФ за семь "
        "месяцев составил $8,71 млрд",
        "2023-09-01",
        "2023-01/2023-07",
    ),
    (
        INTERFAX,
        "Россия и Белоруссия рассчитывают на восстановление объемов взаимной торговли, "
        "которая в первом полугодии текущего года снизилась более, чем на 20%.",
        "2020-09-03",
        "2020-01/2020-06",
    ),
    (
        "https://essent.press/news/e743a6dc",
        "В январе — июле составил 17,8 миллиарда долларов: плюс 34,9% — почти 35% рост",
        "2021-09-09",
        "2021-01/2021-07",
    ),
    (
        INTERFAX,
        "Мишустин напомнил, что в 2019 году товарооборот между двумя странами превысил "
        "35,5 млрд долларов",
        "2020-09-03",
        "2019",
    ),
]


@pytest.mark.parametrize("case", PERIODS, ids=[c[3] for c in PERIODS])
def test_periods_of_russian_copy(case: tuple[str, str, str, str]) -> None:
    _, quote, date, period = case
    assert periods_in_copy(pd.Series([quote]), pd.Series([date])).iloc[0] == period


def test_a_russian_official_claim_is_judged_like_its_english_copy(tmp_path: Path) -> None:
    """Mishustin's "превысил 35,5 млрд долларов" of 2019 (Interfax) is the issue's "over $35.5
    billion": overstated against Russia's report, and the partner's report named."""
    quote = (
        "Мишустин напомнил, что в 2019 году товарооборот между двумя странами превысил "
        "35,5 млрд долларов"
    )
    folder = desk_catalogue(
        tmp_path,
        [
            {
                "quote": quote,
                "figure": "35,5 млрд долларов",
                "attributed_to": "Mikhail Mishustin",
                "published_in": "Interfax",
                "date": "2020-09-03",
                "url": INTERFAX,
                "indicator": "trade.goods.turnover",
                "geo": "RUS",
                "counterpart": "BLR",
                "period": "",
            }
        ],
    )
    stored = pd.read_csv(folder / "observations-claims.csv", dtype="str", keep_default_na=False)
    row = stored[stored["quote"] == quote].iloc[0]
    assert (row["value"], row["lower"], row["unit"], row["period"]) == (
        "35.5",
        "35.5",
        "billion USD",
        "2019",
    )
    table = ii.load(folder).crosscheck()
    record = table[table["of_record"] & (table["quote"] == quote)].iloc[0]
    assert record["verdict"] == "overstated"
    assert "the partner's report of the same flows matches the claim" in record["reasons"]


def test_a_compound_scale_and_russian_hedges() -> None:
    """ "почти на 1 млрд 300 миллионов долларов" (the issue's example): almost 1.3 billion."""
    read = figure_fields(
        pd.Series(["почти на 1 млрд 300 миллионов долларов"]),
        pd.Series([""]),
        pd.Series(["USD"]),
        geos=pd.Series(["BLR"]),
        years=pd.Series([2019]),
    ).iloc[0]
    assert (read["value"], read["upper"], read["unit"], read["qualifier"]) == (
        "1.3",
        "1.3",
        "billion USD",
        "at_most",
    )


def test_english_press_abbreviations_win_over_other_locales() -> None:
    """Polish and Italian "bln" are 10^12; the English-language press's "$69.52 bln" is
    billions, and French "billions" stays English."""
    assert scale_words()["bln"] == 1e9
    assert "billions" not in scale_words() and "billion" not in scale_words()
    assert figure_numbers(pd.Series(["$69.52 bln", "5 Billionen", "3 mil millones"])).tolist() == [
        69.52e9,
        5e12,
        3e9,
    ]


def test_english_thousands_stay_thousands() -> None:
    """A comma before three digits in English copy groups thousands; before one, two or four
    and more digits it is a decimal comma; in a locale's copy its own symbols decide."""
    assert decimal_points(pd.Series(["1,234", "1,234,567", "3,5", "10,25", "2,3456"])).tolist() == [
        "1,234",
        "1,234,567",
        "3.5",
        "10.25",
        "2.3456",
    ]
    assert decimal_points(pd.Series(["1,234 млрд", "1.234 millones", "1.234 млрд"])).tolist() == [
        "1.234 млрд",
        "1234 millones",
        "1.234 млрд",
    ]


_SCRIPT_DIGITS = [
    chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Nd" and not chr(c).isascii()
]


@settings(deadline=None, max_examples=60)
@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(_SCRIPT_DIGITS))
def test_digits_of_every_script_read_as_ascii(number: int, sample: str) -> None:
    """Any run of digits of one script (Arabic-Indic, Devanagari, fullwidth, ...) reads as
    the same number in ASCII."""
    zero = ord(sample) - unicodedata.decimal(sample)
    written = "".join(chr(zero + int(d)) for d in str(number))
    assert ascii_digits(pd.Series([written])).iloc[0] == str(number)
    assert figure_numbers(pd.Series([written + " million"])).tolist() == [number * 1e6]


@settings(deadline=None, max_examples=80)
@given(
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=0, max_value=99),
    st.sampled_from(
        [
            "млрд",
            "миллиарда",
            "miliardi",
            "milliards",
            "Milliarden",
            "mil millones",
            "bilhões",
            "miliardów",
            "milyar",
        ]
    ),
)
def test_a_decimal_comma_before_any_locales_billion(whole: int, cents: int, word: str) -> None:
    figure = f"{whole},{cents:02d} {word}"
    assert figure_numbers(pd.Series([figure])).tolist() == [
        pytest.approx((whole + cents / 100) * 1e9)
    ]
