"""The docs page's published figures are recomputed from the data: every value in its "here"
column, every difference and every verdict (``docs/guides/how-numbers-compare.md``)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators import cli
from integration_indicators.analysis import group_trade, indices

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "guides" / "how-numbers-compare.md"
WORKBOOKS = ROOT.parent / "shared" / "official" / "imf-dots" / "workbooks"

#: The workbooks of the ASEAN members, Slovakia and Cyprus (their reporters' numbers).
OTHERS = {
    "BRN": 29,
    "KHM": 34,
    "IDN": 94,
    "LAO": 110,
    "MYS": 120,
    "MMR": 135,
    "PHL": 157,
    "SGP": 173,
    "THA": 194,
    "VNM": 213,
    "SVK": 175,
    "CYP": 52,
}

#: A share matches within this many percentage points beyond the published rounding.
SHARE_POINTS = 0.3
#: A total matches within this fraction of the published one.
TOTAL_SHARE = 0.03
#: Room for the binary fractions of decimal figures (0.3 + 0.05 is not 0.35 in floats).
EPSILON = 1e-9


def page_rows() -> dict[str, list[str]]:
    """The table of published figures: figure -> published, here, difference, verdict."""
    text = PAGE.read_text(encoding="utf-8").split("## Published figures beside")[1]
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) == 6 and cells[0] not in ("figure", "---"):
            rows[cells[0]] = cells[1:5]
    return rows


def verdict(published: str, here: float, total: bool) -> str:
    """The page's rule: a share within ``SHARE_POINTS`` beyond half a unit of the published
    figure's last digit, a total within ``TOTAL_SHARE`` of it."""
    number = re.search(r"[0-9]+(?:\.[0-9]+)?", published)
    assert number is not None, published
    value = float(number.group())
    if total:
        close = abs(here / (value * 1e9) - 1) <= TOTAL_SHARE + EPSILON
        return "matched" if close else "not matched"
    decimals = len(number.group().partition(".")[2])
    close = abs(here - value) <= SHARE_POINTS + 0.5 * 10.0**-decimals + EPSILON
    return "matched" if close else "not matched"


def check(row: list[str], here: float, *, total: bool) -> None:
    published, shown, difference, said = row
    value = float(re.sub(r"[^0-9.]", "", published.split("[")[0]))
    if total:
        assert shown == f"${here / 1e9:.2f} bn"
        assert difference == f"{(here / (value * 1e9) - 1) * 100:+.1f}%"
    else:
        assert shown == f"{here:.2f}%"
        assert difference == f"{here - value:+.2f} pp"
    assert said == verdict(published, here, total)


def _at(table: pd.DataFrame, period: str, column: str) -> float:
    return float(table.set_index("period")[column].astype("float64")[period])


def test_the_eaeu_figures_from_the_bundled_rows() -> None:
    rows = page_rows()
    cat = ii.load()
    dated = indices.mutual_trade(cat, "EAEU")
    five = indices.mutual_trade(cat, ["ARM", "BLR", "KAZ", "KGZ", "RUS"])
    check(rows["EAEU mutual trade 2015"], _at(dated, "2015", "mutual_trade"), total=True)
    check(
        rows["EAEU mutual trade 2015, five members"], _at(five, "2015", "mutual_trade"), total=True
    )
    check(rows["EAEU mutual trade 2020"], _at(dated, "2020", "mutual_trade"), total=True)
    assert "2022" not in set(dated["period"])  # the workbooks end before it
    assert rows["EAEU mutual trade 2022"][1:] == ["none", "none", "unverifiable"]


@pytest.fixture(scope="module")
def others(tmp_path_factory: pytest.TempPathFactory) -> ii.Catalogue:
    """The ASEAN members', Slovakia's and Cyprus's workbooks imported by the command line."""
    if not WORKBOOKS.is_dir():
        pytest.skip("needs ../shared/official (the IMF's DOTS workbooks)")
    folder = tmp_path_factory.mktemp("published")
    books = folder / "workbooks"
    books.mkdir()
    for number in OTHERS.values():
        shutil.copy(WORKBOOKS / f"DOTS_{number}.xlsx", books)
    catalogue = folder / "catalogue"
    assert cli.main(["init", str(catalogue)]) == 0
    command = ["import", "dots-workbooks", str(books), "-o", str(catalogue), "--quiet"]
    assert cli.main([*command, "--name", "others"]) == 0
    return ii.load(catalogue)


def test_the_asean_and_eu_figures_from_the_workbooks(others: ii.Catalogue) -> None:
    rows = page_rows()
    asean = group_trade.share_between_groups(others, "ASEAN", "ASEAN")
    for name, period, column in (
        ("ASEAN intra-group share of exports 2019", "2019", "export_share"),
        ("ASEAN intra-group share of imports 2019", "2019", "import_share"),
        ("ASEAN intra-group share of trade 2019", "2019", "turnover_share"),
        ("ASEAN intra-group share of trade 2018", "2018", "turnover_share"),
        ("ASEAN intra-group share of trade 2013", "2013", "turnover_share"),
    ):
        check(rows[name], _at(asean, period, column), total=False)
    text = PAGE.read_text(encoding="utf-8")
    low = (_at(asean, "2000", "export_share_low"), _at(asean, "2000", "import_share_low"))
    assert f"{low[0]:.2f}% of exports, {low[1]:.2f}% of imports" in text
    missing = str(asean.set_index("period")["missing"].astype("str")["2000"])
    assert len(missing.split(", ")) == 9
    for geo, name in (("SVK", "Slovakia"), ("CYP", "Cyprus")):
        shares = indices.share_with_group(others, geo, "EU")
        row = rows[f"{name}, intra-EU share 2018 (here of exports)"]
        check(row, _at(shares, "2018", "export_share"), total=False)
        assert f"it is {_at(shares, '2018', 'turnover_share'):.2f}%" in text
        assert _at(shares, "2018", "members") == 27  # the EU-28


@pytest.mark.parametrize(
    ("published", "here", "total", "expected"),
    [
        ("23.4%", 23.4 + 0.35, False, "matched"),  # exactly 0.3 + half of 0.1
        ("23.4%", 23.4 - 0.36, False, "not matched"),
        ("86 %", 86 - 0.8, False, "matched"),  # exactly 0.3 + half of 1
        ("86 %", 86 + 0.81, False, "not matched"),
        ("$50 bn", 51.5e9, True, "matched"),  # exactly 3%
        ("$50 bn", 48.49e9, True, "not matched"),
    ],
)
def test_the_tolerances_at_their_edges(
    published: str, here: float, total: bool, expected: str
) -> None:
    assert verdict(published, here, total) == expected
