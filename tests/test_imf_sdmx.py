"""The IMF's current trade data (issue 39, points 3 and 4): a recorded answer of its SDMX
3.0 API (dataflow IMF.STA:IMTS, the United States' exports of 2023 and 2024) imported as it
came, refused where it is not one, and fetched by replaying the recording."""

from __future__ import annotations

import io
import time
import urllib.error
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.cli import main
from integration_indicators.errors import FetchError, ValidationError
from integration_indicators.importers.fetch_imf import fetch_imf, imts_url
from integration_indicators.importers.imf_sdmx import _periods, read_imf_sdmx

RECORDED = Path(__file__).parent / "data" / "imf-sdmx" / "imts-usa-exports-2023-2024.xml"
ADDRESS = (
    "https://api.imf.org/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/USA.XG_FOB_USD."
    "G001+G998.A?c%5BTIME_PERIOD%5D=ge:2023-01-01+le:2026-01-01&dimensionAtObservation="
    "TIME_PERIOD&detail=full&includeHistory=false"
)


def test_the_recorded_message_imports_as_written_with_its_date() -> None:
    """Values as the IMF wrote them, in US dollars; the message's Prepared day as the
    vintage; partners that are not economies set apart unless named the World."""
    alone = read_imf_sdmx(RECORDED)
    assert alone.observations.empty and alone.dropped == ("G001", "G998")
    result = read_imf_sdmx(RECORDED, world="G001")
    rows = result.observations.set_index("period")
    assert rows.loc["2023", "value"] == "2019551635133"
    assert rows.loc["2024", "value"] == "2065411250609"
    assert set(rows["unit"]) == {"USD"} and set(rows["as_of"]) == {"2025-12-16"}
    assert set(rows["indicator"]) == {"trade.goods.exports"} and set(rows["counterpart"]) == {""}
    assert result.dropped == ("G998",)
    assert result.source.dataset == "International Trade in Goods (IMTS)"


def test_import_imf_sdmx_gives_2023_trade_a_catalogue_reads(tmp_path: Path) -> None:
    """Through the command line, into a new catalogue: validated, the 2023 and 2024 exports
    in the indicator's unit (USD), a release the as-of view dates."""
    catalogue = tmp_path / "cat"
    assert main(["init", str(catalogue)]) == 0
    argv = ["import", "imf-sdmx", str(RECORDED), "-o", str(catalogue), "--name", "imts"]
    assert main([*argv, "--world", "G001"]) == 0
    cat = ii.load(catalogue, cache=False)
    obs = cat.observations()
    exports = obs[(obs["indicator"] == "trade.goods.exports") & (obs["geo"] == "USA")]
    by_year = exports.set_index("period")["value"]
    assert by_year["2023"] == 2019551635133.0
    assert by_year["2024"] == 2065411250609.0
    assert cat.as_of("2025-12-15").observations().query("geo == 'USA'").empty
    assert len(cat.as_of("2025-12-16").observations().query("geo == 'USA'")) == 2


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
            '"&lol;&lol;&lol;">]><message:StructureSpecificData>&lol2;',
            "xml-declaration",
        ),
        ('<?xml version="1.0"?><!ENTITY x SYSTEM "file:///etc/passwd">', "xml-declaration"),
        ("not xml at all <", "not-xml"),
        ('<?xml version="1.0"?><GenericData xmlns="x"/>', "not-imts"),
    ],
)
def test_a_file_that_is_not_an_imts_message_is_refused_unparsed_or_named(
    tmp_path: Path, text: str, rule: str
) -> None:
    path = tmp_path / "hostile.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        read_imf_sdmx(path)
    assert [p.rule for p in caught.value.problems] == [rule]


def test_every_bad_observation_is_named_at_once(tmp_path: Path) -> None:
    text = RECORDED.read_text(encoding="utf-8")
    text = text.replace('TIME_PERIOD="2023"/>', 'TIME_PERIOD="2023-W01"/>', 1)
    text = text.replace('OBS_VALUE="2065411250609"', 'OBS_VALUE="=1+1"', 1)
    path = tmp_path / "edited.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        read_imf_sdmx(path, world="G001")
    said = {(p.column, p.value) for p in caught.value.problems}
    assert said == {("TIME_PERIOD", "2023-W01"), ("OBS_VALUE", "=1+1")}
    assert all("USA-G001 XG_FOB_USD" in p.message for p in caught.value.problems)


def test_periods_of_each_frequency_become_iso_periods() -> None:
    given = pd.Series(["2023", "2023-Q1", "2023-Q4", "2023-M01", "2023-12", "2023-M13"])
    assert _periods(given.astype("str")).tolist() == [
        "2023",
        "2023-01/2023-03",
        "2023-10/2023-12",
        "2023-01",
        "2023-12",
        "",
    ]


def _replaying(failures: int = 0):  # type: ignore[no-untyped-def]
    asked: list[tuple[str, str | None]] = []

    def opener(request: urllib.request.Request, timeout: float) -> io.BytesIO:
        asked.append((request.full_url, request.get_header("Accept")))
        if len(asked) <= failures:
            raise urllib.error.URLError("Temporary failure in name resolution")
        return io.BytesIO(RECORDED.read_bytes() if request.full_url == ADDRESS else b"")

    opener.asked = asked  # type: ignore[attr-defined]
    return opener


def test_fetch_imf_asks_the_recorded_address_and_writes_what_import_reads(
    tmp_path: Path,
) -> None:
    assert imts_url("USA", ["XG_FOB_USD"], ["G001", "G998"], "A", start="2023-01-01",
                    end="2026-01-01") == ADDRESS  # fmt: skip
    opener, waits = _replaying(failures=1), list[float]()
    path = fetch_imf("USA", ["XG_FOB_USD"], ["G001", "G998"], tmp_path, start="2023-01-01",
                     end="2026-01-01", opener=opener, sleep=waits.append)  # fmt: skip
    assert path.read_bytes() == RECORDED.read_bytes()
    assert opener.asked == [(ADDRESS, "application/xml")] * 2 and waits == [1.0]
    assert len(read_imf_sdmx(path, world="G001").observations) == 2
    with pytest.raises(FetchError, match="already there"):
        fetch_imf("USA", ["XG_FOB_USD"], ["G001", "G998"], tmp_path, start="2023-01-01",
                  end="2026-01-01", opener=opener, sleep=waits.append)  # fmt: skip


def test_fetch_imf_offline_says_so_in_one_line_and_writes_nothing(tmp_path: Path) -> None:
    opener = _replaying(failures=99)
    with pytest.raises(FetchError) as caught:
        fetch_imf("USA", ["XG_FOB_USD"], ["G001"], tmp_path, opener=opener, sleep=lambda s: None)
    assert "cannot reach the IMF's SDMX API" in str(caught.value)
    assert "\n" not in str(caught.value) and not list(tmp_path.iterdir())
    with pytest.raises(FetchError, match="not one: A B, usa"):
        fetch_imf("usa", ["A B"], ["G001"], tmp_path, opener=opener, sleep=time.sleep)


def test_fetch_imf_on_the_command_line_names_a_bad_code_without_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["fetch", "imf", "--country", "usa", "--partner", "G001", "-o", "x"]) == 1
    err = capsys.readouterr().err
    assert "usa" in err and "Traceback" not in err


def test_imported_imts_rows_answer_a_claim_about_2023(tmp_path: Path) -> None:
    """A claim about the United States' 2023 goods exports (a sentence written for this
    test: no dated published one was found) is judged against the imported IMTS row, with
    no rule declared for it: the same-period figure, its source the IMF message."""
    from .conftest import desk_catalogue

    quote = "The United States exported goods worth $2.0 trillion in 2023."
    folder = desk_catalogue(
        tmp_path,
        [
            {
                "quote": quote,
                "figure": "$2.0 trillion",
                "date": "2026-01-15",
                "indicator": "trade.goods.exports",
                "geo": "USA",
                "period": "2023",
            }
        ],
    )
    argv = ["import", "imf-sdmx", str(RECORDED), "-o", str(folder), "--name", "imts"]
    assert main([*argv, "--world", "G001"]) == 0
    table = ii.load(folder, cache=False).crosscheck()
    row = table[table["of_record"] & (table["quote"] == quote)].iloc[0]
    assert row["official_period"] == "2023" and row["official_value"] == 2019551635133.0
    assert row["official_sources"] == "imf-imts-usa-exports-2023-2024"
    assert row["verdict"] == "consistent"  # $2.0 trillion, rounded: 1.95 to 2.05 trillion
